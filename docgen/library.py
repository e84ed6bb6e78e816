"""Find procedures, their metadata and templates: the clinic's folder first, the built-ins second."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from docgen.errors import InputError, TemplateProblem
from docgen.models import Guidance, Kind, Language, Purpose, Visit
from docgen.resources import templates_dir

Version = Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]


def load_yaml(text: str) -> Any:
    """Safe YAML loading, with PyYAML's C parser when it has one (about ten times faster)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def yaml_problem(exc: yaml.YAMLError) -> str:
    """A YAML error on one line: what is wrong and where."""
    return " ".join(str(exc).split())


class Review(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    status: Literal["example", "draft", "approved"]
    approved_by: str | None = None
    approved_on: dt.date | None = None
    review_due: dt.date | None = None


class Names(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    short_name: str


class LanguageInfo(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    #: original: written in this language; machine / draft: translated, not yet checked;
    #: reviewed: checked by a qualified medical translator.
    status: Literal["original", "machine", "draft", "reviewed"]
    reviewed_by: str | None = None
    reviewed_on: dt.date | None = None


class Risk(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    category: Literal["common-minor", "rare-serious"]
    rate: Annotated[float, Field(gt=0, lt=1)]
    bound: Literal["about", "less-than", "more-than"] = "about"
    wording: dict[Language, str]
    source: str
    #: Only for these purposes (e.g. steroid side effects only when the steroid is given); empty: all.
    purposes: list[Purpose] = []

    def applies(self, visit: Visit) -> bool:
        return not self.purposes or visit.purpose in self.purposes


class DiaryPlan(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    timed_minutes: list[Annotated[int, Field(gt=0, le=24 * 60)]] = [
        15,
        30,
        45,
        60,
        120,
        180,
        240,
        300,
        360,
    ]
    daily_days: Annotated[int, Field(ge=0, le=31)] = 14
    #: Weekly follow-up (pain, enjoyment of life, general activity: the free PEG items).
    weekly_weeks: Annotated[int, Field(ge=0, le=52)] = 0


class Procedure(BaseModel):
    """A procedure's metadata, as read from its procedure.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    version: Version
    review: Review
    names: dict[Language, Names]
    sided: bool
    documents: list[Kind]
    languages: dict[Language, LanguageInfo]
    risks: list[Risk] = []
    diary: DiaryPlan = DiaryPlan()
    #: The purposes this procedure can have (first is the default); empty: the question does not apply.
    purposes: list[Purpose] = []
    #: The guidance methods this procedure can use (first is the default); empty: not asked.
    guidance: list[Guidance] = []


class Library:
    """The procedures and templates available: a clinic folder (optional) over the built-ins."""

    def __init__(self, clinic_dir: Path | None = None) -> None:
        self.builtin_dir = templates_dir()
        self.clinic_dir = clinic_dir
        self._procedures: dict[str, Procedure] = {}
        self._strings: dict[Language, dict[str, Any]] = {}

    @property
    def search_path(self) -> list[Path]:
        """Folders in the order they are searched: the clinic's first."""
        return [d for d in (self.clinic_dir, self.builtin_dir) if d is not None]

    def procedure_ids(self) -> list[str]:
        """Every procedure id with a procedure.yaml, sorted."""
        ids: set[str] = set()
        for folder in self.search_path:
            root = folder / "procedures"
            if root.is_dir():
                ids.update(p.parent.name for p in root.glob("*/procedure.yaml"))
        return sorted(ids)

    def _find(self, relative: str) -> Path | None:
        for folder in self.search_path:
            candidate = folder / relative
            if candidate.is_file():
                return candidate
        return None

    def procedure(self, procedure_id: str) -> Procedure:
        """Load a procedure's metadata; unknown ids list the known ones."""
        if procedure_id in self._procedures:
            return self._procedures[procedure_id]
        path = self._find(f"procedures/{procedure_id}/procedure.yaml") if procedure_id else None
        if path is None:
            known = ", ".join(self.procedure_ids()) or "none"
            raise InputError(f"is not a known procedure; known procedures: {known}", field="procedure")
        where = f"procedures/{procedure_id}/procedure.yaml"
        try:
            raw = load_yaml(path.read_text(encoding="utf-8"))
            proc = Procedure.model_validate(raw)
        except yaml.YAMLError as exc:
            raise TemplateProblem(f"{where} is not valid YAML: {yaml_problem(exc)}") from None
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            loc = ".".join(str(p) for p in err["loc"])
            raise TemplateProblem(f"{where}: {loc}: {err['msg']}") from None
        if proc.id != procedure_id:
            raise TemplateProblem(f"{where}: id is {proc.id!r} but the folder is {procedure_id!r}")
        self._procedures[procedure_id] = proc
        return proc

    def procedures(self) -> Iterator[Procedure]:
        for procedure_id in self.procedure_ids():
            yield self.procedure(procedure_id)

    def check_visit(self, visit: Visit) -> Procedure:
        """Apply the rules that need the procedure's metadata; return the procedure."""
        return self.prepare(visit)[0]

    def prepare(self, visit: Visit) -> tuple[Procedure, Visit]:
        """Apply the rules that need the procedure's metadata; fill its defaults into the visit."""
        proc = self.procedure(visit.procedure)
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

    def strings(self, language: Language) -> dict[str, Any]:
        """The words docgen itself prints, for one language (clinic file wins); read once."""
        if language in self._strings:
            return self._strings[language]
        relative = f"i18n/{language.value}.yaml"
        path = self._find(relative)
        if path is None:
            raise TemplateProblem(f"{relative} is missing")
        try:
            data = load_yaml(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise TemplateProblem(f"{relative} is not valid YAML: {yaml_problem(exc)}") from None
        if not isinstance(data, dict):
            raise TemplateProblem(f"{relative} must be a mapping of names to words")
        self._strings[language] = data
        return data

    @cached_property
    def environment(self) -> Any:
        from docgen.content import make_environment

        return make_environment(self.search_path)
