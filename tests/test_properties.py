"""Property-based tests: any text in any field is either printed as typed (after the documented
normalisation) or refused with one line naming the field; never a traceback or "internal error".

Each test draws 2,000 values (hypothesis). To keep CI fast the renderer is warm and shared, and a
name is checked on the smallest page that carries it: the print file's blank page, whose header
shows the patient's identifiers exactly as every document's does.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections import Counter
from typing import Any

import pypdf
from helpers import PATIENT
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

import docgen
from docgen.batch.rows import Columns
from docgen.batch.sheets import blank_page
from docgen.content.compose import compose
from docgen.content.library import Library
from docgen.layout.fonts import register
from docgen.model.values import read_text
from docgen.model.visit import Kind, Options

LIBRARY = Library(None)
BASE = {k: v for k, v in PATIENT.items() if k != "time"}
WHEN = dt.datetime(2026, 11, 20, 9, 15)
EXAMPLES = settings(
    max_examples=2000,
    deadline=None,
    derandomize=True,  # the same values on every run: CI is repeatable
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
#: Any Unicode text: every plane, controls, marks, surrogates excluded (Python strings from files
#: cannot hold lone surrogates after decoding).
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=130)
#: Text in what the shipped fonts cover (most of it printable): half the examples, so that the
#: printing path is tried as often as the refusals.
_COVERED = sorted({*register().text, *register().symbols} - {*range(0x20)})
COVERED_TEXT = st.text(st.sampled_from([chr(c) for c in _COVERED if c <= 0xFFFF]), max_size=120)
TEXT = st.one_of(ANY_TEXT, COVERED_TEXT)


def refused(err: docgen.DocgenError, field: str, value: str) -> None:
    message = str(err)
    assert message.startswith(f"{field}: "), message
    assert "\n" not in message and "internal error" not in message
    shown = value.strip()
    if len(shown) >= 4 and shown.isprintable():
        assert shown not in message  # the value is never repeated


def folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


@EXAMPLES
@given(TEXT)
@example("O'Brien & <Sons>")
@example("*Star* _x_ [link](y) `c`")
@example("Zoe\u0308 \u00c5ngstro\u0308m")
@example("0" * 120)
def test_any_name_is_printed_as_typed_or_refused(value: str) -> None:
    try:
        job = docgen.prepare({**BASE, "name": value}, library=LIBRARY)
    except docgen.DocgenError as err:
        refused(err, "name", value)
        event("name refused")
        return
    event("name printed")
    pdf = blank_page(job, Kind.AFTERCARE, printed_at=WHEN, library=LIBRARY, options=Options())
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    typed = unicodedata.normalize("NFC", value).strip()
    assert job.visit.name == typed
    if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in typed):
        # Right-to-left runs are drawn in display order (tests/test_scripts.py reads them back in
        # logical order); here: every letter is on the page.
        letters = Counter(folded(typed).replace(" ", ""))
        assert not letters - Counter(folded(text).replace(" ", ""))
    else:  # a name too long for its line wraps (mid-word when it has to): compare without spaces
        assert folded(typed).replace(" ", "") in folded(text).replace(" ", "")


@EXAMPLES
@example("\u200c")  # a lone joiner is nothing typed: the clinic's default doctor
@given(TEXT)
def test_any_physician_is_in_the_words_as_typed_or_refused(value: str) -> None:
    try:
        job = docgen.prepare({**BASE, "physician": value}, library=LIBRARY)
    except docgen.DocgenError as err:
        refused(err, "physician", value)
        return
    typed = read_text(value)  # NFC, trimmed; only joiners and spaces: nothing typed
    document = compose(job, Kind.AFTERCARE, LIBRARY, WHEN)
    shown = dict(document.summary)
    assert next(v for k, v in shown.items() if k == "In charge") == (typed or "Dr A. Rivera")


@EXAMPLES
@given(TEXT)
def test_any_mrn_is_kept_exactly_or_refused(value: str) -> None:
    try:
        job = docgen.prepare({**BASE, "mrn": value}, library=LIBRARY)
    except docgen.DocgenError as err:
        refused(err, "mrn", value)
        return
    assert job.visit.mrn == value.strip() and job.visit.mrn.isascii()


ROW_VALUE = st.one_of(ANY_TEXT, st.integers(), st.floats(), st.booleans(), st.none(), st.lists(st.integers()))


@EXAMPLES
@given(
    st.dictionaries(
        st.sampled_from([*BASE, "time", "language", "sedation", "side", "Patient Name", "x"]), ROW_VALUE
    )
)
def test_any_schedule_row_fails_alone_with_one_line(row: dict[str, Any]) -> None:
    """What a JSON schedule row may hold: prepared, or a one-line error for its fields."""
    columns = Columns(lambda message: None)
    data, _, problem = columns.clean({**BASE, **row})
    if problem is not None:
        return
    try:
        docgen.prepare(data, library=LIBRARY)
    except docgen.DocgenError as err:
        assert "\n" not in str(err) and "internal error" not in str(err)
        assert err.field is not None
