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
    ValidationInfo,
    model_validator,
)

from docgen.errors import InputError
from docgen.model.values import TIME_EXAMPLES, date_hint, read_date, read_text, read_time


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


def _date(value: Any, info: ValidationInfo) -> Any:
    return read_date(value, (info.context or {}).get("date_format", "iso"))


def _time(value: Any) -> Any:
    return read_time(value)


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


IsoDate = Annotated[dt.date, BeforeValidator(_date)]
ClockTime = Annotated[dt.time | None, BeforeValidator(_time)]
_Words = Annotated[str, StringConstraints(min_length=1, max_length=120)]
Text = Annotated[_Words, BeforeValidator(read_text)]
OptionalText = Annotated[_Words | None, BeforeValidator(_blank_to_none), BeforeValidator(read_text)]
Mrn = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{0,23}$"),
]


#: Procedure dates outside these years are typing mistakes (and 9999-12-31 has no day after it).
FIRST_YEAR, LAST_YEAR = 2000, 2099


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
    #: Who held the consent discussion, printed on the consent's practitioner line (else left blank).
    discussed_by: OptionalText = None
    language: Annotated[Language, BeforeValidator(_lower)] = Language.EN
    sedation: Annotated[Sedation, BeforeValidator(_lower)] = Sedation.NONE
    diabetes: bool = False
    blood_thinners: bool = False
    trainees: bool | None = None
    purpose: Annotated[Purpose | None, BeforeValidator(_blank_to_none), BeforeValidator(_lower)] = None
    guidance: Annotated[Guidance | None, BeforeValidator(_blank_to_none), BeforeValidator(_lower)] = None

    @model_validator(mode="after")
    def _dates_make_sense(self) -> Visit:
        if not FIRST_YEAR <= self.date.year <= LAST_YEAR:
            raise ValueError("date-out-of-range")
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
    "time": f"write the time as {TIME_EXAMPLES}",
    "physician": 'give the practitioner\'s name, for example --physician "Dr A. Rivera"',
    "discussed_by": 'give the name of who explained the consent, for example --discussed-by "B. Lee, PA"',
    "language": "use en or es",
    "sedation": "use none, oral or iv",
    "diabetes": "use true or false",
    "blood_thinners": "use true or false",
    "trainees": "use true or false",
    "purpose": "use diagnostic (numbing medicine only, to find the pain source) or therapeutic",
    "guidance": "use fluoroscopy, ct or ultrasound",
}

_FIELDS = tuple(Visit.model_fields)


def _describe(error: Any, date_format: str = "iso") -> tuple[str, str]:
    """Turn one pydantic error into (field, message) without echoing the input value."""
    loc = [str(part) for part in error.get("loc", ())]
    field = loc[0] if loc else ""
    kind = error.get("type", "")
    ctx_error = str(error.get("ctx", {}).get("error", ""))
    hint = _HINTS.get(field, "")
    if field == "dob":
        hint = date_hint("date of birth", date_format, dt.date(1975, 9, 30))
    elif field == "date":
        hint = date_hint("procedure date", date_format, dt.date(2026, 11, 21))
    if kind == "missing":
        return field, f"is required; {hint}" if hint else "is required"
    if kind == "extra_forbidden":
        return field, f"is not a known field; known fields are {', '.join(_FIELDS)}"
    if ctx_error.startswith("hidden-character:"):
        what = ctx_error.split(":", 1)[1]
        return field, f"contains a hidden or control character ({what}); type the value again without it"
    if ctx_error == "date-out-of-range":
        return "date", f"is not between {FIRST_YEAR} and {LAST_YEAR}; check the year"
    if ctx_error == "date-two-digit-year":
        return field, "has a two-digit year; write all four digits, for example 11/21/2026"
    if ctx_error == "time-seconds":
        return field, f"has seconds; give hours and minutes only, {TIME_EXAMPLES}"
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


def parse_visit(data: dict[str, Any], *, date_format: str = "iso") -> Visit:
    """Validate raw visit data (flags, an input file or a schedule row) into a Visit.

    Dates are read in ``date_format`` (``iso``, ``us`` or ``day-first``; ISO is always accepted).
    Raises InputError naming every bad field, in the order of the fields, and how to fix each.
    """
    try:
        return Visit.model_validate(data, context={"date_format": date_format})
    except ValidationError as exc:
        errors = exc.errors(include_input=False, include_url=False)
        # Report problems in the order of the fields, so the message is stable.
        order = {name: i for i, name in enumerate(_FIELDS)}
        errors.sort(key=lambda e: order.get(str(e["loc"][0]) if e["loc"] else "", -1))
        problems: list[tuple[str, str]] = []
        for error in errors:
            field, message = _describe(error, date_format)
            if field not in (f for f, _ in problems):
                problems.append((field, message))
        raise several(problems) from None


def several(problems: list[tuple[str, str]]) -> InputError:
    """One InputError for every problem of a visit, in the order of the fields: the first field
    names the error; ``str(err)`` is ``dob: ...; time: ...``. ``err.problems`` keeps the list."""
    order = {name: i for i, name in enumerate(_FIELDS)}
    problems = sorted(problems, key=lambda p: order.get(p[0], len(order)))
    (field, message), others = problems[0], problems[1:]
    message += "".join(f"; {f}: {m}" for f, m in others)
    err = InputError(message, field=field or None)
    err.problems = problems
    return err


class Options(BaseModel):
    """How to print: paper size, print size, and whether for two-sided printing."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    paper: Paper = Paper.LETTER
    large_print: bool = False
    #: Two-sided: every document of a PDF starts on a front side (blank backs are marked).
    duplex: bool = True
    #: The diary's writing cells and 0-10 lines are also PDF form fields a tablet can fill in.
    fillable: bool = False
