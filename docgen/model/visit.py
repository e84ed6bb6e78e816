"""The validated model: a Visit (who, what, when) and the options of one rendering.

Everything is validated here, once; the rest of docgen trusts these objects.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from docgen.errors import InputError


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BILATERAL = "bilateral"


class Language(StrEnum):
    EN = "en"
    ES = "es"


class Sedation(StrEnum):
    NONE = "none"
    ORAL = "oral"
    IV = "iv"


class Purpose(StrEnum):
    """Why an injection is given: to test whether a structure is the pain source, or to treat it."""

    DIAGNOSTIC = "diagnostic"
    THERAPEUTIC = "therapeutic"


class Guidance(StrEnum):
    """How the needle is guided."""

    FLUOROSCOPY = "fluoroscopy"
    CT = "ct"
    ULTRASOUND = "ultrasound"


class Paper(StrEnum):
    LETTER = "letter"
    A4 = "a4"


class Kind(StrEnum):
    INFO = "info"
    CONSENT = "consent"
    AFTERCARE = "aftercare"
    DIARY = "diary"


#: The order of a packet.
PACKET: tuple[Kind, ...] = (Kind.INFO, Kind.CONSENT, Kind.AFTERCARE, Kind.DIARY)

#: The fictional patient of ``docgen demo``.
DEMO_VISIT: dict[str, Any] = {
    "name": "Alex Example",
    "dob": "1961-04-12",
    "mrn": "DEMO-0001",
    "procedure": "si-joint-injection",
    "side": "left",
    "date": "2026-11-21",
    "time": "10:30",
    "sedation": "none",
    "diabetes": True,
    "blood_thinners": True,
}


def _iso_date(value: Any) -> Any:
    # Accept a date object (from YAML/JSON loaders or Python callers) or an ISO string;
    # refuse numbers so that 20261121 is never read as a timestamp.
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError("date") from None
    raise ValueError("date")


def _clock_time(value: Any) -> Any:
    if value is None or isinstance(value, dt.time):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            parsed = dt.time.fromisoformat(text)
        except ValueError:
            raise ValueError("time") from None
        return parsed.replace(second=0, microsecond=0)
    raise ValueError("time")


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
ClockTime = Annotated[dt.time | None, BeforeValidator(_clock_time)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
OptionalText = Annotated[
    str | None, BeforeValidator(_blank_to_none), StringConstraints(strip_whitespace=True, max_length=120)
]
Mrn = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{0,23}$"),
]


class Visit(BaseModel):
    """One patient's procedure visit: the data every document is personalised with."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)

    name: Text
    dob: IsoDate
    mrn: Annotated[Mrn, Field(strict=True)]
    procedure: Annotated[str, BeforeValidator(_lower)]
    side: Annotated[Side | None, BeforeValidator(_blank_to_none), BeforeValidator(_lower)] = None
    date: IsoDate
    time: ClockTime = None
    physician: OptionalText = None
    language: Annotated[Language, BeforeValidator(_lower)] = Language.EN
    sedation: Annotated[Sedation, BeforeValidator(_lower)] = Sedation.NONE
    diabetes: bool = False
    blood_thinners: bool = False
    trainees: bool | None = None
    purpose: Annotated[Purpose | None, BeforeValidator(_blank_to_none), BeforeValidator(_lower)] = None
    guidance: Annotated[Guidance | None, BeforeValidator(_blank_to_none), BeforeValidator(_lower)] = None

    @model_validator(mode="after")
    def _dates_make_sense(self) -> Visit:
        if self.dob > self.date:
            raise ValueError("dob-after-date")
        if self.dob.year < 1900:
            raise ValueError("dob-too-old")
        return self


# Field-specific advice, keyed by field name. Never includes the value the user typed.
_HINTS: dict[str, str] = {
    "name": 'give the patient\'s full name, for example --name "Ana Example"',
    "dob": "write the date of birth as YYYY-MM-DD, for example 1975-09-30",
    "mrn": "use the medical record number: 1 to 24 letters, digits or dashes, for example 00123456",
    "procedure": "run 'docgen procedures' to see the procedure ids",
    "side": "use left, right or bilateral",
    "date": "write the procedure date as YYYY-MM-DD, for example 2026-11-21",
    "time": "write the time as 24-hour HH:MM, for example 14:30",
    "physician": 'give the practitioner\'s name, for example --physician "Dr A. Rivera"',
    "language": "use en or es",
    "sedation": "use none, oral or iv",
    "diabetes": "use true or false",
    "blood_thinners": "use true or false",
    "trainees": "use true or false",
    "purpose": "use diagnostic (numbing medicine only, to find the pain source) or therapeutic",
    "guidance": "use fluoroscopy, ct or ultrasound",
}

_FIELDS = tuple(Visit.model_fields)


def _describe(error: Any) -> tuple[str, str]:
    """Turn one pydantic error into (field, message) without echoing the input value."""
    loc = [str(part) for part in error.get("loc", ())]
    field = loc[0] if loc else ""
    kind = error.get("type", "")
    ctx_error = str(error.get("ctx", {}).get("error", ""))
    hint = _HINTS.get(field, "")
    if kind == "missing":
        return field, f"is required; {hint}" if hint else "is required"
    if kind == "extra_forbidden":
        return field, f"is not a known field; known fields are {', '.join(_FIELDS)}"
    if ctx_error == "dob-after-date":
        return "dob", "the date of birth is after the procedure date; check both dates"
    if ctx_error == "dob-too-old":
        return "dob", f"the date of birth is before 1900; {_HINTS['dob']}"
    if ctx_error == "date" or kind.startswith("date"):
        return field, f"is not a real date; {hint}"
    if ctx_error == "time" or kind.startswith("time"):
        return field, f"is not a valid time; {hint}"
    if kind == "string_too_short":
        return field, f"is empty; {hint}"
    if kind == "string_too_long":
        return field, "is too long (at most 120 characters)"
    if kind in {"string_type", "string_pattern_mismatch"} and field == "mrn":
        return field, f"is not a valid MRN (give it as text, in quotes in JSON); {hint}"
    if kind == "enum":
        return field, f"is not allowed; {hint}"
    if kind.startswith("bool"):
        return field, f"is not yes or no; {hint}"
    return field, f"is not valid; {hint}" if hint else "is not valid"


def parse_visit(data: dict[str, Any]) -> Visit:
    """Validate raw visit data (flags, an input file or a schedule row) into a Visit.

    Raises InputError naming the first bad field and how to fix it.
    """
    try:
        return Visit.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_input=False, include_url=False)
        # Report problems in the order of the fields, so the message is stable.
        order = {name: i for i, name in enumerate(_FIELDS)}
        errors.sort(key=lambda e: order.get(str(e["loc"][0]) if e["loc"] else "", -1))
        field, message = _describe(errors[0])
        raise InputError(message, field=field or None) from None


class Options(BaseModel):
    """How to print: paper size and print size."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    paper: Paper = Paper.LETTER
    large_print: bool = False
