"""The form's fields (named as on the command line), their choices from the procedure library, and
turning a submitted form into the mapping :func:`docgen.job.prepare` validates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from docgen.content.library import Library
from docgen.errors import InputError
from docgen.model.settings import Settings

TEXT_FIELDS = ("name", "dob", "mrn", "procedure", "side", "date", "time", "physician", "language")
CHOICE_FIELDS = ("sedation", "purpose", "guidance", "trainees", "paper", "document")
CHECK_FIELDS = ("diabetes", "blood_thinners", "large_print")
FIELDS = (*TEXT_FIELDS, *CHOICE_FIELDS, *CHECK_FIELDS)

#: What a nurse reads next to each field.
LABELS = {
    "name": "Patient's full name",
    "dob": "Date of birth",
    "mrn": "Medical record number (MRN)",
    "procedure": "Procedure",
    "side": "Which side",
    "date": "Procedure date",
    "time": "Arrival time (optional)",
    "physician": "Doctor in charge (optional)",
    "language": "Language of the documents",
    "sedation": "Sedation",
    "purpose": "Purpose of the injection",
    "guidance": "Imaging used to guide the needle",
    "diabetes": "Patient has diabetes",
    "blood_thinners": "Patient takes blood thinners",
    "trainees": "Trainees take part",
    "paper": "Paper size",
    "large_print": "Large print",
    "document": "Documents to print",
}
SIDES = (("left", "LEFT side"), ("right", "RIGHT side"), ("bilateral", "BOTH sides"))
SIDE_WORDS = dict(SIDES)
LANGUAGES = (("en", "English"), ("es", "Spanish (español)"))
SEDATION = (("none", "None (awake)"), ("oral", "Oral (a pill)"), ("iv", "IV (through a drip)"))
PURPOSES = {"diagnostic": "Diagnostic (to find the pain source)", "therapeutic": "Treatment (therapeutic)"}
GUIDANCE = {"fluoroscopy": "Fluoroscopy (live X-ray)", "ct": "CT scan", "ultrasound": "Ultrasound"}
TRAINEES = (("", "As the clinic usually does"), ("yes", "Yes"), ("no", "No"))
PAPERS = (("letter", "Letter"), ("a4", "A4"))
DOCUMENTS = (
    ("packet", "Whole packet (all four)"),
    ("info", "Information sheet"),
    ("consent", "Consent form"),
    ("aftercare", "Aftercare (discharge) instructions"),
    ("diary", "Pain diary"),
)


@dataclass(frozen=True)
class ProcedureChoice:
    id: str
    name: str
    sided: bool
    purposes: tuple[str, ...]
    guidance: tuple[str, ...]


@dataclass
class FormView:
    """Everything the form template shows: choices, the nurse's values and the messages."""

    procedures: list[ProcedureChoice]
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    general: str = ""

    def only_for(self, what: str) -> str:
        """'Only for X, Y' for a field some procedures do not ask (shown with JavaScript off)."""
        names = [
            p.name
            for p in self.procedures
            if (p.sided if what == "side" else bool(getattr(p, what if what != "purpose" else "purposes")))
        ]
        if len(names) == len(self.procedures):
            return ""
        return "Only for: " + ", ".join(names) + "." if names else "Not used by any procedure."

    def offered(self, what: str) -> list[tuple[str, str]]:
        """The purposes or guidance methods some procedure offers, in a stable order."""
        table = PURPOSES if what == "purpose" else GUIDANCE
        have = {v for p in self.procedures for v in (p.purposes if what == "purpose" else p.guidance)}
        return [(k, label) for k, label in table.items() if k in have]


def procedure_choices(library: Library, settings: Settings) -> list[ProcedureChoice]:
    out = []
    for proc in library.procedures():
        names = proc.names.get(settings.defaults.language) or next(iter(proc.names.values()))
        out.append(
            ProcedureChoice(
                id=proc.id,
                name=names.name,
                sided=proc.sided,
                purposes=tuple(p.value for p in proc.purposes),
                guidance=tuple(g.value for g in proc.guidance),
            )
        )
    return out


def blank_values(settings: Settings) -> dict[str, str]:
    d = settings.defaults
    return {
        **dict.fromkeys(FIELDS, ""),
        "language": d.language.value,
        "sedation": "none",
        "paper": d.paper.value,
        "document": "packet",
        "physician": d.physician or "",
    }


def read_values(form: Mapping[str, Any]) -> dict[str, str]:
    """The submitted values as typed (text only; at most 300 characters each), for redisplay."""
    values: dict[str, str] = {}
    for name in FIELDS:
        raw = form.get(name)
        values[name] = raw.strip()[:300] if isinstance(raw, str) else ""
    return values


def visit_data(values: dict[str, str], procedures: list[ProcedureChoice]) -> dict[str, Any]:
    """The mapping for :func:`docgen.job.prepare`: as the command line would pass it.

    With JavaScript off a nurse may leave a side or purpose chosen for a procedure that has none;
    such answers are dropped here rather than refused."""
    data: dict[str, Any] = {k: values[k] for k in TEXT_FIELDS if values[k]}
    for name in ("sedation", "purpose", "guidance", "trainees"):
        if values[name]:
            data[name] = values[name]
    for name in ("diabetes", "blood_thinners"):
        data[name] = "yes" if values[name] else "no"
    proc = next((p for p in procedures if p.id == values["procedure"]), None)
    if proc is not None:
        if not proc.sided:
            data.pop("side", None)
        if not proc.purposes:
            data.pop("purpose", None)
        if not proc.guidance:
            data.pop("guidance", None)
    return data


def field_errors(err: InputError) -> dict[str, str]:
    """Field name -> the command line's message for it."""
    problems = err.problems or [(err.field or "", err.message)]
    out: dict[str, str] = {}
    for name, message in problems:
        key = name.lstrip("-").replace("-", "_")
        out.setdefault(key if key in FIELDS else "", message)
    return out


def document_kinds(value: str) -> tuple[str, ...]:
    if value == "packet":
        return ("info", "consent", "aftercare", "diary")
    if value in {k for k, _ in DOCUMENTS}:
        return (value,)
    raise InputError("choose one of the documents listed", field="document")
