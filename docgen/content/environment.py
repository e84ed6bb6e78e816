"""Templates to Markdown: the sandboxed, strict Jinja2 environment, its filters and template names."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
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

from docgen.content.locale import Locale
from docgen.errors import TemplateProblem
from docgen.model.visit import Kind, Language

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
