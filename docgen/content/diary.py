"""The pain-diary schedule: a pure function of the procedure's diary plan and the visit's time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Slot:
    """One row of the timed grid: minutes after the procedure and, when known, the clock time."""

    minutes: int
    clock: dt.time | None


def timed_slots(minutes: list[int], date: dt.date, time: dt.time | None) -> list[Slot]:
    """Rows at the given minutes after the procedure; clock times when the procedure time is known."""
    if time is None:
        return [Slot(m, None) for m in minutes]
    start = dt.datetime.combine(date, time)
    return [Slot(m, (start + dt.timedelta(minutes=m)).time()) for m in sorted(minutes)]


def daily_dates(date: dt.date, days: int) -> list[dt.date]:
    """The dates of day 1 to day ``days`` after the procedure."""
    return [date + dt.timedelta(days=n) for n in range(1, days + 1)]


def weekly_dates(date: dt.date, weeks: int) -> list[dt.date]:
    """The dates of week 1 to week ``weeks`` after the procedure (same weekday)."""
    return [date + dt.timedelta(weeks=n) for n in range(1, weeks + 1)]
