"""The pain-diary schedule: a pure function of the procedure's diary plan and the visit's time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Slot:
    """One row of the timed grid: minutes after the procedure and, when known, the clock time."""

    minutes: int
    clock: dt.time | None
    #: The date of the clock time when it is later than the procedure's date (a late visit), else None.
    later_day: dt.date | None = None


def timed_slots(minutes: list[int], date: dt.date, time: dt.time | None) -> list[Slot]:
    """Rows at the given minutes after the procedure; clock times when the procedure time is known."""
    if time is None:
        return [Slot(m, None) for m in sorted(minutes)]
    start = dt.datetime.combine(date, time)
    slots = []
    for m in sorted(minutes):
        at = start + dt.timedelta(minutes=m)
        slots.append(Slot(m, at.time(), at.date() if at.date() != date else None))
    return slots


def daily_dates(date: dt.date, days: int) -> list[dt.date]:
    """The dates of day 1 to day ``days`` after the procedure."""
    return [date + dt.timedelta(days=n) for n in range(1, days + 1)]


def weekly_dates(date: dt.date, weeks: int, after_days: int = 0) -> list[tuple[int, dt.date]]:
    """(week number, date) for weeks 1 to ``weeks`` after the procedure (same weekday), leaving out
    the weeks that fall on or before day ``after_days``: the daily rows already cover those."""
    return [(n, date + dt.timedelta(weeks=n)) for n in range(1, weeks + 1) if n * 7 > after_days]
