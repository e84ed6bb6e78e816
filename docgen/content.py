"""Templates to Markdown: the sandboxed Jinja2 environment, its filters and the template context."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    pass_context,
)
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from docgen.config import Settings
from docgen.errors import TemplateProblem
from docgen.library import Procedure
from docgen.models import Kind, Language, Visit

_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


class Trusted(str):
    """Markdown written by a template author, printed without escaping."""

    __slots__ = ()


def md_escape(value: Any) -> Any:
    """Make a value print as the exact text it holds, whatever Markdown characters it contains.

    Every ``{{ ... }}`` output passes through here (Jinja's ``finalize``): user text is text.
    """
    if value is None:
        return ""
    if isinstance(value, Trusted):
        return value
    text = " ".join(str(value).split())
    return _MD_PUNCTUATION.sub(r"\\\1", text)


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

    def date(self, value: dt.date, style: str = "long") -> str:
        return _date(value, style, self.babel)

    def short_day(self, value: dt.date) -> str:
        """Weekday, month and day, in the language's own order: 'Sun, Nov 22' / 'dom, 22 nov'."""
        return _skeleton(value, "MMMEd", self.babel)

    def time(self, value: dt.time) -> str:
        return _time(value, "short", self.babel)

    def number(self, value: float, pattern: str | None = None) -> str:
        return _decimal(value, pattern, self.babel)

    def temperature(self, fahrenheit: float) -> str:
        celsius = (fahrenheit - 32) * 5 / 9
        return f"{self.number(fahrenheit, '0.#')} °F ({self.number(celsius, '0.0')} °C)"

    def frequency(self, rate: float, bound: str = "about") -> str:
        pattern = self.strings["frequency"][bound]
        return str(pattern).format(n=self.number(one_in(rate)))

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


def _locale(ctx: Context) -> Locale:
    locale = ctx.get("_locale")
    assert isinstance(locale, Locale)
    return locale


@pass_context
def _f_date(ctx: Context, value: dt.date) -> str:
    return _locale(ctx).date(value, "long")


@pass_context
def _f_day(ctx: Context, value: dt.date) -> str:
    return _locale(ctx).date(value, "full")


@pass_context
def _f_short_date(ctx: Context, value: dt.date) -> str:
    return _locale(ctx).short_day(value)


@pass_context
def _f_time(ctx: Context, value: dt.time) -> str:
    return _locale(ctx).time(value)


@pass_context
def _f_temperature(ctx: Context, value: float) -> str:
    return _locale(ctx).temperature(float(value))


@pass_context
def _f_frequency(ctx: Context, value: float, bound: str = "about") -> str:
    return _locale(ctx).frequency(float(value), bound)


@pass_context
def _f_number(ctx: Context, value: float) -> str:
    return _locale(ctx).number(value)


def _f_plus_days(value: dt.date, days: int) -> dt.date:
    return value + dt.timedelta(days=int(days))


def make_environment(search_path: Sequence[Path]) -> SandboxedEnvironment:
    """A sandboxed, strict Jinja2 environment over the template folders, first folder winning.

    ``builtin/...`` always names the shipped template, so a clinic's file can extend it.
    """
    loaders = [FileSystemLoader(str(p)) for p in search_path]
    builtin = FileSystemLoader(str(search_path[-1]))
    env = SandboxedEnvironment(
        loader=ChoiceLoader([PrefixLoader({"builtin": builtin}), *loaders]),
        undefined=StrictUndefined,
        autoescape=False,
        finalize=md_escape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        date=_f_date,
        day=_f_day,
        short_date=_f_short_date,
        time=_f_time,
        temperature=_f_temperature,
        frequency=_f_frequency,
        number=_f_number,
        plus_days=_f_plus_days,
        md=Trusted,
    )
    return env


def template_name(procedure_id: str, language: Language, kind: Kind) -> str:
    return f"procedures/{procedure_id}/{language.value}/{kind.value}.md.j2"


@dataclass(frozen=True)
class SideWords:
    label: str
    short: str


def side_words(visit: Visit, locale: Locale) -> SideWords:
    if visit.side is None:
        return SideWords("", "")
    words = locale.strings["side"][visit.side.value]
    return SideWords(str(words["label"]), str(words["short"]))


def titled(procedure: Procedure, visit: Visit, locale: Locale) -> str:
    """The procedure's short name with the side written out: 'SI joint injection, LEFT side'."""
    short = procedure.names[visit.language].short_name
    side = side_words(visit, locale)
    if not side.label:
        return short
    return locale.text("titled", procedure=short, side=side.label)


def build_context(
    visit: Visit, procedure: Procedure, settings: Settings, locale: Locale, kind: Kind
) -> dict[str, Any]:
    """Everything a template may use. Anything else is an undefined-variable error."""
    names = procedure.names[visit.language]
    risks = [
        {
            "id": r.id,
            "category": r.category,
            "rate": r.rate,
            "bound": r.bound,
            "wording": r.wording.get(visit.language, ""),
            "likelihood": locale.frequency(r.rate, r.bound),
        }
        for r in procedure.risks
        if r.applies(visit)
    ]
    return {
        "_locale": locale,
        "patient": {"name": visit.name, "dob": visit.dob, "mrn": visit.mrn},
        "visit": visit,
        "side": side_words(visit, locale),
        "procedure": {
            "id": procedure.id,
            "name": names.name,
            "short_name": names.short_name,
            "titled": titled(procedure, visit, locale),
            "sided": procedure.sided,
            "risks": risks,
            "version": procedure.version,
        },
        "clinic": settings.clinic,
        "settings": {
            "diagnostic_relief_threshold": settings.diary.diagnostic_relief_threshold,
            "coverage_notes": settings.documents.coverage_notes,
        },
        "document": {"kind": kind.value, "title": locale.text("titles", kind.value)},
    }


def render_markdown(env: SandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
    """Render one template to Markdown; any template fault becomes a TemplateProblem."""
    try:
        return env.get_template(name).render(context)
    except TemplateNotFound as exc:
        raise TemplateProblem(f"template {exc.name} is missing") from None
    except TemplateSyntaxError as exc:
        raise TemplateProblem(
            f"template {exc.name or name} line {exc.lineno}: {exc.message}; fix the syntax there"
        ) from None
    except UndefinedError as exc:
        raise TemplateProblem(
            f"template {name}: {exc.message}; use only the placeholders in docs/templates.md"
        ) from None
    except TemplateError as exc:
        raise TemplateProblem(f"template {name}: {exc.message}") from None
