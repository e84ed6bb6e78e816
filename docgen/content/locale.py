"""Formatting for one language: dates, times, numbers, temperatures and natural frequencies (Babel)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from docgen.model.visit import Language

# Natural frequencies use round numbers people recognise.
_NICE = (
    2,
    3,
    4,
    5,
    6,
    8,
    10,
    12,
    15,
    20,
    25,
    30,
    40,
    50,
    60,
    75,
    100,
    150,
    200,
    250,
    300,
    400,
    500,
    750,
    1000,
    1500,
    2000,
    2500,
    3000,
    5000,
    10000,
    20000,
    50000,
    100000,
)


#: A space no line break may fall on.
NBSP = "\u00a0"


def unbroken(text: str) -> str:
    """Text that is read as one piece (a date, a phone number, the side) kept on one line: its
    spaces become no-break spaces. Copying or searching the printed text still finds it."""
    return text.replace(" ", NBSP).replace("\u202f", NBSP)


def one_in(rate: float) -> int:
    """The round N for "1 in N" closest (on a log scale) to a probability."""
    target = 1.0 / rate
    return min(_NICE, key=lambda n: abs(math.log(n) - math.log(target)))


@dataclass(frozen=True)
class Locale:
    """Formatting for one language: dates, times, numbers, temperatures, frequencies."""

    language: Language
    strings: dict[str, Any]

    @property
    def babel(self) -> str:
        return str(self.strings.get("locale", self.language.value))

    @property
    def numbers(self) -> str:
        """The Babel locale numbers are written in (``numbers`` in the i18n file, else ``locale``):
        Spanish for US readers writes 1,000 and 38.3 (es_US), never 1.000 or 38,3."""
        return str(self.strings.get("numbers", self.babel))

    def date(self, value: dt.date, style: str = "long") -> str:
        """A date that never breaks across lines (a weekday in front may part from it)."""
        text = unbroken(_date(value, style, self.babel))
        return text.replace(",\u00a0", ", ", 1) if style == "full" else text

    def short_day(self, value: dt.date) -> str:
        """Weekday, month and day, in the language's own order: 'Sun, Nov 22' / 'dom, 22 nov'."""
        return unbroken(_skeleton(value, "MMMEd", self.babel))

    def time(self, value: dt.time) -> str:
        return unbroken(_time(value, "short", self.babel))

    def number(self, value: float, pattern: str | None = None) -> str:
        return _decimal(value, pattern, self.numbers)

    def temperature(self, fahrenheit: float) -> str:
        celsius = (fahrenheit - 32) * 5 / 9
        return f"{self.number(fahrenheit, '0.#')} °F ({self.number(celsius, '0.0')} °C)"

    def frequency(self, rate: float, bound: str = "about", *, measured: bool = True) -> str:
        """'about 1 in 8 people'; with ``measured=False``, 'less than 1 in 10 people (not well measured)'."""
        pattern = self.strings["frequency"][bound]
        likely = str(pattern).format(n=self.number(one_in(rate)))
        return likely if measured else self.text("risks", "unmeasured", likely=likely)

    def text(self, *path: str, **values: Any) -> str:
        node: Any = self.strings
        for key in path:
            node = node[key]
        return str(node).format(**values) if values else str(node)


# Babel re-reads its pattern on every call; a day's schedule formats the same risk rates, dates
# and times for patient after patient, so each formatted value is kept (a bounded cache).
@lru_cache(maxsize=2048)
def _date(value: dt.date, style: str, locale: str) -> str:
    from babel.dates import format_date

    return str(format_date(value, format=style, locale=locale))


@lru_cache(maxsize=2048)
def _skeleton(value: dt.date, skeleton: str, locale: str) -> str:
    from babel.dates import format_skeleton

    return str(format_skeleton(skeleton, value, locale=locale))


@lru_cache(maxsize=512)
def _time(value: dt.time, style: str, locale: str) -> str:
    from babel.dates import format_time

    return str(format_time(value, format=style, locale=locale))


@lru_cache(maxsize=2048, typed=True)
def _decimal(value: float, pattern: str | None, locale: str) -> str:
    from babel.numbers import format_decimal

    return str(format_decimal(value, format=pattern, locale=locale))
