"""Printed wording has no seams: no glued sentences, no template leftovers, no 'None'.

Each procedure is rendered in each language for the visits that switch the most template branches
(sedation, purpose, guidance, trainees, diabetes, blood thinners), and the PDF text is read back.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from itertools import product

import pypdf
import pytest

import docgen

WHEN = dt.datetime(2026, 11, 18, 11, 6)
#: A sentence that runs into the next with no space: "right spot.Then". (Abbreviations such as
#: "a.m." or "p. ej." have a lower-case letter after the stop.)
GLUED = re.compile(r"[a-záéíóúñ]{2}[.!?][A-ZÁÉÍÓÚÑ¿¡][a-záéíóúñ]")
LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}|\bNone\b|\bundefined\b|\*\*")

VARIANTS = [
    # (procedure, extra visit fields)
    *(
        ("si-joint-injection", {"purpose": purpose, "sedation": sedation, "guidance": guidance})
        for purpose, sedation, guidance in product(
            ("therapeutic", "diagnostic"), ("none", "oral", "iv"), ("fluoroscopy", "ultrasound")
        )
    ),
    *(("si-joint-rfa", {"sedation": sedation}) for sedation in ("none", "oral", "iv")),
    ("si-joint-fusion", {}),
]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(("procedure", "extra"), VARIANTS)
def test_printed_wording_has_no_seams(procedure: str, extra: dict[str, str], language: str) -> None:
    for trainees, personal in ((True, True), (False, False)):
        visit = {
            "name": "Jane Doe", "dob": "1961-04-12", "mrn": "00123456", "procedure": procedure,
            "side": "left", "date": "2026-12-01", "time": "10:30", "language": language,
            "trainees": trainees, "diabetes": personal, "blood_thinners": personal, **extra,
        }  # fmt: skip
        result = docgen.render(visit, docgen.PACKET, printed_at=WHEN)
        text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(result.pdf)).pages)
        glued = sorted({m.group(0) for m in GLUED.finditer(text)})
        assert not glued, f"{procedure} {language} {extra}: sentences run together: {glued}"
        leftovers = sorted({m.group(0) for m in LEFTOVER.finditer(text)})
        assert not leftovers, f"{procedure} {language} {extra}: template leftovers: {leftovers}"
