"""A procedure's metadata as read from its procedure.yaml: names, review, risks, diary plan."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from docgen.model.visit import Guidance, Kind, Language, Purpose, Visit

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
    #: False when the patient must not bend (after fusion): the diary's "what you tried" column
    #: then suggests sitting, standing and walking only.
    bending: bool = True


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
