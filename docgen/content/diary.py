"""The pain-diary schedule: a pure function of the procedure's diary plan and the visit's date.

The same-day rows are counted from the shot, never from the visit's time: that is when the patient
arrives, and the shot is often half an hour or more later. The patient writes the time of the shot
and the time of each score; the diary does no time arithmetic for them.
"""

from __future__ import annotations

import datetime as dt


def timed_offsets(minutes: list[int]) -> list[int]:
    """The minutes after the shot of the same-day rows, in order, each once."""
    return sorted(set(minutes))


def daily_dates(date: dt.date, days: int) -> list[dt.date]:
    """The dates of day 1 to day ``days`` after the procedure."""
    return [date + dt.timedelta(days=n) for n in range(1, days + 1)]


def weekly_dates(date: dt.date, weeks: int, after_days: int = 0) -> list[tuple[int, dt.date]]:
    """(week number, date) for weeks 1 to ``weeks`` after the procedure (same weekday), leaving out
    the weeks that fall on or before day ``after_days``: the daily rows already cover those."""
    return [(n, date + dt.timedelta(weeks=n)) for n in range(1, weeks + 1) if n * 7 > after_days]
