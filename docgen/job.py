"""Prepare a visit: the only place input is validated and defaults are filled.

Everything after :func:`prepare` trusts the :class:`Job` it returns: the visit is valid, fits the
procedure (side, language, purpose, guidance), has the clinic's defaults filled in, and every
typed-in value can be printed with the shipped fonts.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.content.library import Library, shared_library
from docgen.errors import DocgenError, InputError
from docgen.model.procedure import Procedure
from docgen.model.settings import EXAMPLE, Settings
from docgen.model.values import DATE_FORMATS
from docgen.model.visit import PACKET, Kind, Options, Paper, Visit, parse_visit, several


@dataclass(frozen=True)
class Job:
    """A visit ready to render: validated, completed, with its procedure and the clinic's settings."""

    visit: Visit
    procedure: Procedure
    settings: Settings


def prepare(
    visit: Visit | Mapping[str, Any],
    *,
    settings: Settings | None = None,
    library: Library | None = None,
    date_format: str | None = None,
) -> Job:
    """Validate a visit (a :class:`Visit` or a mapping with the command line's field names).

    Dates in a mapping are read as ISO, or also in ``date_format`` (``us`` or ``day-first``;
    default: the clinic's ``defaults.date_format``). Raises :class:`InputError` naming every wrong
    field and how to fix it.
    """
    settings = settings or EXAMPLE
    check_type(settings, Settings, "settings", "docgen.load_settings(path) or docgen.EXAMPLE_CLINIC")
    check_type(library, (Library, type(None)), "library", "a docgen.Library, or leave it out")
    library = library or shared_library(settings.templates)
    if isinstance(visit, Mapping):
        data = dict(visit)
        if not all(isinstance(key, str) for key in data):
            raise InputError("field names must be text, such as name, dob, mrn", field="visit")
        data.setdefault("language", settings.defaults.language.value)
        chosen = date_format or settings.defaults.date_format
        if chosen not in DATE_FORMATS:
            raise InputError(f"use {', '.join(DATE_FORMATS)}", field="--date-format")
        try:
            visit = parse_visit(data, date_format=chosen)
        except InputError as err:
            raise _and_side(err, data, library) from None
    elif not isinstance(visit, Visit):
        raise InputError(
            f"give a docgen.Visit or a mapping of field names to values, not {type(visit).__name__}",
            field="visit",
        )
    procedure, visit = _fit(visit, library.procedure(visit.procedure))
    visit = _defaults(visit, settings)
    _check_fonts(visit, settings)
    return Job(visit, procedure, settings)


def _and_side(err: InputError, data: dict[str, Any], library: Library) -> InputError:
    """Add a missing side to the problems of a visit whose other fields failed, so that every bad
    field of a row is reported at once (the side rule needs the procedure, read here as typed)."""
    problems = err.problems or [(err.field or "", err.message)]
    if any(field in ("procedure", "side") for field, _ in problems):
        return err
    procedure_id = str(data.get("procedure", "")).strip().lower()
    try:
        proc = library.procedure(procedure_id)
    except DocgenError:
        return err
    if proc.sided and not str(data.get("side") or "").strip():
        return several([*problems, ("side", f"is required for {procedure_id}; use left, right or bilateral")])
    return err


def _fit(visit: Visit, proc: Procedure) -> tuple[Procedure, Visit]:
    """Apply the rules that need the procedure's metadata; fill its defaults into the visit."""
    if proc.sided and visit.side is None:
        raise InputError(f"is required for {visit.procedure}; use left, right or bilateral", field="side")
    if not proc.sided and visit.side is not None:
        raise InputError(f"must be left out: {visit.procedure} has no side", field="side")
    if visit.language not in proc.languages:
        have = ", ".join(sorted(proc.languages))
        raise InputError(
            f"{visit.procedure} has no {visit.language.value} wording yet; available: {have}",
            field="language",
        )
    updates: dict[str, object] = {}
    for field, allowed in (("purpose", proc.purposes), ("guidance", proc.guidance)):
        value = getattr(visit, field)
        if value is None:
            if allowed:
                updates[field] = allowed[0]
        elif value not in allowed:
            choices = ", ".join(a.value for a in allowed)
            raise InputError(
                f"{value.value} is not offered for {visit.procedure}"
                + (f"; use {choices}" if choices else "; leave it out"),
                field=field,
            )
    return proc, (visit.model_copy(update=updates) if updates else visit)


def _defaults(visit: Visit, settings: Settings) -> Visit:
    """Fill what the visit leaves open from the clinic's defaults."""
    updates: dict[str, object] = {}
    if visit.physician is None and settings.defaults.physician:
        updates["physician"] = settings.defaults.physician
    if visit.trainees is None:
        updates["trainees"] = settings.clinic.teaching
    return visit.model_copy(update=updates) if updates else visit


def _check_fonts(visit: Visit, settings: Settings) -> None:
    """Every typed-in value must be printable with the shipped fonts; name the field if not."""
    from docgen.layout.fonts import check

    for field in ("name", "mrn", "physician", "discussed_by"):
        value = getattr(visit, field)
        if value:
            check(value, field)
    clinic = settings.clinic
    for field in ("name", "address", "day_phone", "after_hours_phone", "emergency_number"):
        check(getattr(clinic, field), f"clinic.{field}")


def check_type(value: object, expected: type | tuple[type, ...], field: str, hint: str) -> None:
    """A library caller passed the right kind of object, or an InputError saying what to pass."""
    if not isinstance(value, expected):
        raise InputError(f"give {hint}, not {type(value).__name__}", field=field)


def kinds_of(kinds: Kind | str | Iterable[Kind | str]) -> tuple[Kind, ...]:
    """Document kinds as given by a caller ('aftercare', ['info', 'consent'], PACKET)."""
    if isinstance(kinds, str):
        items: list[Any] = [kinds]
    elif isinstance(kinds, Iterable):
        items = list(kinds)
    else:
        raise InputError("give a document name or a list of them, such as ['aftercare']", field="kinds")
    out: list[Kind] = []
    for item in items:
        try:
            out.append(Kind(str(item).strip().lower()))
        except ValueError:
            known = ", ".join(k.value for k in PACKET)
            raise InputError(f"{item!s:.20} is not a document; use {known}", field="kinds") from None
    if not out:
        raise InputError("name at least one document: info, consent, aftercare or diary", field="kinds")
    return tuple(out)


def check_kinds(job: Job, kinds: tuple[Kind, ...]) -> None:
    """The procedure must have every document asked for."""
    missing = [k.value for k in kinds if k not in job.procedure.documents]
    if missing:
        raise DocgenError(f"{job.procedure.id} has no {', '.join(missing)} document", field="procedure")


def options_for(
    paper: str | None,
    large_print: bool,
    settings: Settings,
    *,
    simplex: bool = False,
    fillable: bool | None = None,
) -> Options:
    """Print options from the command line's or a batch's words; the clinic's paper, two-sided
    printing (``defaults.duplex``) and fillable diary (``documents.fillable_diary``) by default."""
    try:
        chosen = Paper(paper.strip().lower()) if paper else settings.defaults.paper
    except ValueError:
        raise InputError("use letter or a4", field="--paper") from None
    return Options(
        paper=chosen,
        large_print=large_print,
        duplex=settings.defaults.duplex and not simplex,
        fillable=settings.documents.fillable_diary if fillable is None else fillable,
    )


def read_visit_file(path: Path) -> dict[str, Any]:
    """A visit from a JSON or YAML file, with the same field names as the flags.

    YAML is read with PyYAML's BaseLoader, which keeps every value as typed (MRN 00123456 keeps its
    zeros, 10:30 stays a time) and builds no objects. A field given twice is refused, not last-wins.
    """
    from docgen.model.files import load_visit_text

    name = "standard input" if str(path) == "-" else path.name
    try:
        if str(path) == "-":  # `--input -`: JSON if it starts with {, else YAML
            text = sys.stdin.buffer.read().decode("utf-8")
            json_format = text.lstrip().startswith("{")
        else:
            text = path.read_text(encoding="utf-8")
            json_format = path.suffix.lower() == ".json"
    except FileNotFoundError:
        raise InputError(f"{name} does not exist; check the path", field="--input") from None
    except (OSError, UnicodeDecodeError):
        raise InputError(f"{name} cannot be read as text", field="--input") from None
    data = load_visit_text(text, json_format=json_format, name=name)
    if not isinstance(data, dict):
        raise InputError(f"{name} must hold one visit: field names and values", field="--input")
    return data
