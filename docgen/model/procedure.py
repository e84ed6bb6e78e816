"""A procedure's metadata as read from its procedure.yaml: names, review, risks, diary plan."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from docgen.model.visit import Guidance, Kind, Language, Purpose, Sedation, Visit

Version = Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]


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
    #: For a translation: the fingerprint of each English template it was made from (document
    #: name, e.g. ``consent`` or ``common/warning-signs``, to the first 12 hex digits of the
    #: SHA-256 of the English file). ``templates check`` flags a translation older than its source.
    translated_from: dict[str, Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$")]] = {}


#: The risk groups, in the order they are printed. The rule that places a risk in a group is in
#: docs/templates.md and is checked by docgen/checks/risks.py.
RiskCategory = Literal["common-minor", "less-common-serious", "rare-serious"]
RISK_GROUPS: tuple[RiskCategory, ...] = ("common-minor", "less-common-serious", "rare-serious")


def _listed(value: Any) -> Any:
    """``sedation: iv`` is read as ``sedation: [iv]``."""
    return [value] if isinstance(value, str) else value


class When(BaseModel):
    """Visit details that must hold for a risk (or a note) to be printed; every one given must hold.

    ``when: {diabetes: true}``, ``when: {sedation: [iv, oral]}``. Unknown keys are refused.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    diabetes: bool | None = None
    blood_thinners: bool | None = None
    sedation: Annotated[list[Sedation] | None, BeforeValidator(_listed)] = None
    guidance: Annotated[list[Guidance] | None, BeforeValidator(_listed)] = None

    def holds(self, visit: Visit) -> bool:
        return (
            (self.diabetes is None or visit.diabetes == self.diabetes)
            and (self.blood_thinners is None or visit.blood_thinners == self.blood_thinners)
            and (self.sedation is None or visit.sedation in self.sedation)
            and (self.guidance is None or visit.guidance in self.guidance)
        )


class Conditional(BaseModel):
    """Something printed only for some visits: by purpose and by the details in ``when``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: Only for these purposes (e.g. steroid side effects only when the steroid is given); empty: all.
    purposes: list[Purpose] = []
    when: When = When()

    def applies(self, visit: Visit) -> bool:
        return (not self.purposes or visit.purpose in self.purposes) and self.when.holds(visit)


class Risk(Conditional):
    id: str
    category: RiskCategory
    rate: Annotated[float, Field(gt=0, lt=1)]
    bound: Literal["about", "less-than", "more-than"] = "about"
    #: False when no study has counted it (the rate is a careful bound): printed "(not well measured)".
    measured: bool = True
    wording: dict[Language, str]
    source: str


class RiskNote(Conditional):
    """A sentence printed under the risk table when its conditions hold (no likelihood of its own)."""

    id: str
    wording: dict[Language, str]
    source: str


class Overall(BaseModel):
    """How many people had any problem at all: a sentence above the risk table, not a row in it
    (a total of minor and serious problems belongs in no group)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rate: Annotated[float, Field(gt=0, lt=1)]
    bound: Literal["about", "less-than", "more-than"] = "about"
    measured: bool = True
    #: The sentence, with ``{likely}`` where the likelihood goes ("about 1 in 8 people").
    wording: dict[Language, str]
    source: str

    @model_validator(mode="after")
    def _has_likely(self) -> Overall:
        for language, text in self.wording.items():
            if text.count("{likely}") != 1:
                raise ValueError(f"overall.wording.{language.value} must hold {{likely}} once")
        return self


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
    #: False when the patient must not bend (after fusion): the diary's "what you tried" column
    #: then suggests sitting, standing and walking only.
    bending: bool = True


#: What a ``when:`` condition may say about a visit detail: one value, or a list of values (any one).
WhenValue = bool | str | list[bool | str]


def visit_matches(when: dict[str, WhenValue], visit: Visit) -> bool:
    """Does the visit have, for every detail named, one of the values given?"""
    for name, expected in when.items():
        actual = getattr(visit, name, None)
        value = actual.value if isinstance(actual, Enum) else ("none" if actual is None else actual)
        wanted = expected if isinstance(expected, list) else [expected]
        if value not in wanted:
            return False
    return True


def _known_details(when: dict[str, WhenValue]) -> dict[str, WhenValue]:
    unknown = [name for name in when if name not in Visit.model_fields]
    if unknown:
        raise ValueError(f"when: names no visit detail: {unknown[0]}")
    return when


#: A ``when:`` condition on any visit detail (purpose included), checked against the visit form.
WhenDetails = Annotated[dict[str, WhenValue], AfterValidator(_known_details)]


class RedFlag(BaseModel):
    """A warning sign the patient's documents must name (checked by ``docgen templates check``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    #: Words that show the sign is there, per language; any one is enough (case and accents ignored).
    keywords: dict[Language, list[str]]
    #: The documents that must name it.
    documents: list[Kind] = [Kind.AFTERCARE]
    #: Only for these visits, e.g. ``{diabetes: true}`` or ``{sedation: [oral, iv]}``; empty: all.
    when: WhenDetails = {}


class Procedure(BaseModel):
    """A procedure's metadata, as read from its procedure.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    version: Version
    #: The content fingerprint the version was declared with (docgen/content/fingerprint.py); when the
    #: wording no longer matches it, the footer prints the version with the current fingerprint.
    fingerprint: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$")] | None = None
    review: Review
    names: dict[Language, Names]
    sided: bool
    documents: list[Kind]
    languages: dict[Language, LanguageInfo]
    risks: list[Risk] = []
    #: Any problem at all, as one number: printed above the risk table.
    overall: Overall | None = None
    #: Sentences printed under the risk table when their conditions hold.
    risk_notes: list[RiskNote] = []
    diary: DiaryPlan = DiaryPlan()
    #: The purposes this procedure can have (first is the default); empty: the question does not apply.
    purposes: list[Purpose] = []
    #: The guidance methods this procedure can use (first is the default); empty: not asked.
    guidance: list[Guidance] = []
    #: Warning signs its documents must name (see docs/templates.md, "Red flags").
    red_flags: list[RedFlag] = []
