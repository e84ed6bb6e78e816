"""How typed values are read: dates in the clinic's format, clock times, and text without hidden
characters. Each reader returns the value or raises ``ValueError`` with a code that
``docgen.model.visit`` turns into a message naming the field (never repeating the value).

What is read, and what is refused rather than guessed:

* **Dates**: ISO ``2026-11-21`` always. With the ``us`` date format also ``11/21/2026`` (what Excel
  exports in the US); with ``day-first`` also ``21/11/2026`` and ``21.11.2026``. A two-digit year
  is refused: ``11/21/26`` could be 1926 or 2026.
* **Times**: ``10:30``, ``9:00``, ``10.30``, ``14:30:00``, ``10:30 AM``, ``2:30 pm``, ``10 AM``.
  Seconds other than ``:00`` are refused (nothing is silently cut off); so is ``13:00 PM``.
* **Text**: normalised to NFC (an accent typed as a separate mark becomes one letter). Control
  characters (NUL, line breaks, tabs) and invisible formatting characters (zero-width spaces, soft
  hyphens, byte-order marks, and the bidi controls that can make a name display as another) are
  refused, naming the character.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any, Literal

DateFormat = Literal["iso", "us", "day-first"]
DATE_FORMATS: tuple[str, ...] = ("iso", "us", "day-first")

#: What each date format accepts, for messages.
DATE_FORMS: dict[str, str] = {
    "iso": "YYYY-MM-DD",
    "us": "YYYY-MM-DD or MM/DD/YYYY",
    "day-first": "YYYY-MM-DD or DD/MM/YYYY",
}


def date_hint(what: str, date_format: str, example: dt.date) -> str:
    """How to write a date in this format, with an example: 'write the date of birth as ...'."""
    forms = DATE_FORMS.get(date_format, DATE_FORMS["iso"])
    shown = {"us": f"{example:%m/%d/%Y}", "day-first": f"{example:%d/%m/%Y}"}.get(
        date_format, example.isoformat()
    )
    return f"write the {what} as {forms}, for example {shown}"


TIME_EXAMPLES = "HH:MM (24-hour, for example 14:30 or 9:00) or with AM/PM (for example 2:30 PM)"

_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})$")
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2})(?::(\d{2}))?)?\s*(?:([AaPp])\.?\s*[Mm]\.?)?$")


def read_date(value: Any, date_format: str = "iso") -> dt.date:
    """A date object (from YAML, JSON or Python callers) or text in an accepted form."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError("date")  # numbers are refused: 20261121 is never read as a timestamp
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError("date") from None
    match = _SLASHED.match(text)
    if match is None or date_format == "iso":
        raise ValueError("date")
    first, second, year = match.groups()
    if len(year) != 4:
        raise ValueError("date-two-digit-year")
    month, day = (first, second) if date_format == "us" else (second, first)
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError("date") from None


def read_time(value: Any) -> dt.time | None:
    """A clock time in an accepted form; blank is no time."""
    if value is None or isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0) if isinstance(value, dt.time) else None
    if not isinstance(value, str):
        raise ValueError("time")
    text = value.strip()
    if not text:
        return None
    match = _TIME.match(text)
    if match is None:
        raise ValueError("time")
    hours, minutes, seconds, half = match.groups()
    if minutes is None and half is None:
        raise ValueError("time")  # "10" alone: ten o'clock in the morning or at night?
    hour, minute = int(hours), int(minutes or 0)
    if seconds is not None and int(seconds) != 0:
        raise ValueError("time-seconds")
    if half is not None:
        if not 1 <= hour <= 12:
            raise ValueError("time")
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
    if hour > 23 or minute > 59:
        raise ValueError("time")
    return dt.time(hour, minute)


def _describe_char(ch: str) -> str:
    fallback = "control character" if unicodedata.category(ch) == "Cc" else "unnamed character"
    return f"U+{ord(ch):04X} {unicodedata.name(ch, fallback)}"


#: Joiners that are part of how some scripts spell words (Persian, Indic): kept, never alone.
_JOINERS = frozenset("\u200c\u200d")


def read_text(value: Any) -> Any:
    """Text as NFC with its ends trimmed; hidden characters refused. Other types pass through.

    Text with nothing visible in it (only spaces and joiners) comes back empty.
    """
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFC", value)
    for ch in text:
        category = unicodedata.category(ch)
        hidden = category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") and ch not in _JOINERS
        if hidden:
            raise ValueError(f"hidden-character:{_describe_char(ch)}")
    text = text.strip()
    return text if text.strip("".join(_JOINERS) + " ") else ""
