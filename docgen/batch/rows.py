"""A schedule row's columns, before the row is prepared: names normalised, blanks dropped, unknown
columns refused (when they look like a misspelt field) or ignored with one warning."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Mapping
from typing import Any

from docgen.model.files import safe_field
from docgen.model.visit import Visit

#: The fields a row may have, in the order the models declare them.
FIELDS = tuple(Visit.model_fields)

#: Column names other systems export, and the field each means (after column_key's folding).
ALIASES = {
    "patient_name": "name",
    "patient": "name",
    "full_name": "name",
    "patient_full_name": "name",
    "date_of_birth": "dob",
    "birth_date": "dob",
    "birthdate": "dob",
    "medical_record_number": "mrn",
    "mrn_number": "mrn",
    "procedure_id": "procedure",
    "laterality": "side",
    "procedure_date": "date",
    "appointment_date": "date",
    "visit_date": "date",
    "procedure_time": "time",
    "appointment_time": "time",
    "doctor": "physician",
    "provider": "physician",
    "proceduralist": "physician",
    "preferred_language": "language",
    "anticoagulants": "blood_thinners",
    "anticoagulant": "blood_thinners",
    "blood_thinner": "blood_thinners",
    "diabetic": "diabetes",
}


def column_key(name: str) -> str:
    """The field a column means: ``MRN``, ``Blood thinners``, ``blood-thinners``, ``Patient Name``,
    ``Date of Birth`` (see ALIASES; docs/batch.md lists them)."""
    key = "_".join(name.strip().lower().replace("-", " ").replace(".", " ").split())
    return ALIASES.get(key, key)


class Columns:
    """Cleans rows; warns once per unknown column through ``warn``."""

    def __init__(self, warn: Callable[[str], None]) -> None:
        self.warn = warn
        self._seen: set[str] = set()

    def clean(self, raw: Mapping[str, Any]) -> tuple[dict[str, Any], str | None, tuple[str, str] | None]:
        """(the row's fields, its MRN if valid, or (field, problem) when the row must be refused)."""
        data: dict[str, Any] = {}
        for name, value in raw.items():
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            data[column_key(str(name))] = value
        mrn = known_mrn(data.get("mrn"))
        for name in [k for k in data if k not in FIELDS]:
            close = difflib.get_close_matches(name, FIELDS, n=1, cutoff=0.8)
            if close:
                # A misspelt field would silently change what the patient reads: refuse the row.
                return data, mrn, (safe_field(name), f"is not a known field; did you mean {close[0]}?")
            if name not in self._seen:
                self._seen.add(name)
                # Further off than a misspelling: ignored, but named with the nearest field, if any.
                near = difflib.get_close_matches(name, FIELDS, n=1, cutoff=0.6)
                hint = f" (did you mean {near[0]}?)" if near else ""
                self.warn(f"column {safe_field(name)} is not a docgen field; it is ignored{hint}")
            del data[name]
        return data, mrn, None


def known_mrn(value: Any) -> str | None:
    """The row's MRN if it is a valid one (so that a failure can name it), else None."""
    from pydantic import ValidationError

    if not isinstance(value, str):
        return None
    try:
        return str(_mrn_adapter().validate_python(value))
    except ValidationError:
        return None


@functools.cache
def _mrn_adapter() -> Any:
    from pydantic import TypeAdapter

    from docgen.model.visit import Mrn

    return TypeAdapter(Mrn)
