"""Templates to Markdown: the sandboxed, strict Jinja2 environment, its filters and template names."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)

from docgen.content.locale import Locale
from docgen.content.sandbox import LOCALE, FolderLoader, Sandbox, guarded, render_limited
from docgen.errors import TemplateProblem
from docgen.model.visit import Kind, Language

_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


class Trusted(str):
    """Markdown written by a template author, printed without escaping."""

    __slots__ = ()


_SPACES = re.compile(r"[^\S\u00a0\u202f]+")


def md_escape(value: Any) -> Any:
    """Make a value print as the exact text it holds, whatever Markdown characters it contains.

    Every ``{{ ... }}`` output passes through here (Jinja's ``finalize``): user text is text.
    """
    if value is None:
        return ""
    if isinstance(value, Trusted):
        return value
    # One line, runs of white space made one space: except no-break spaces, which keep a date, a
    # phone number or the side on one line.
    text = _SPACES.sub(" ", str(value)).strip(" ")
    return _MD_PUNCTUATION.sub(r"\\\1", text)


def _locale() -> Locale:
    return LOCALE.get()


def _f_date(value: dt.date) -> str:
    return _locale().date(value, "long")


def _f_day(value: dt.date) -> str:
    return _locale().date(value, "full")


def _f_short_date(value: dt.date) -> str:
    return _locale().short_day(value)


def _f_time(value: dt.time) -> str:
    return _locale().time(value)


def _f_temperature(value: float) -> str:
    return _locale().temperature(float(value))


def _f_frequency(value: float, bound: str = "about") -> str:
    return _locale().frequency(float(value), bound)


def _f_number(value: float) -> str:
    return _locale().number(value)


def _f_plus_days(value: dt.date, days: int) -> dt.date:
    return value + dt.timedelta(days=int(days))


def make_environment(search_path: Sequence[Path]) -> Sandbox:
    """A sandboxed, strict Jinja2 environment over the template folders, first folder winning.

    ``builtin/...`` always names the shipped template, so a clinic's file can extend it.
    """
    loaders = [FolderLoader(p) for p in search_path]
    builtin = FolderLoader(search_path[-1])
    env = Sandbox(
        loader=ChoiceLoader([PrefixLoader({"builtin": builtin}), *loaders]),
        undefined=StrictUndefined,
        autoescape=False,
        finalize=md_escape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    ours: dict[str, Callable[..., Any]] = {
        "date": _f_date,
        "day": _f_day,
        "short_date": _f_short_date,
        "time": _f_time,
        "temperature": _f_temperature,
        "frequency": _f_frequency,
        "number": _f_number,
        "plus_days": _f_plus_days,
        "md": Trusted,
    }
    env.filters.update((name, guarded(f)) for name, f in ours.items())
    return env


def template_name(procedure_id: str, language: Language, kind: Kind) -> str:
    return f"procedures/{procedure_id}/{language.value}/{kind.value}.md.j2"


def render_markdown(
    env: Sandbox, name: str, context: dict[str, Any], locale: Locale, folders: list[Path]
) -> str:
    """Render one template to Markdown within the sandbox's limits; any template fault becomes a
    TemplateProblem."""
    try:
        return render_limited(env.get_template(name), context, locale, folders)
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
