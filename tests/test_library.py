"""The public library call: docs/library.md runs as written, and bad input is always a DocgenError."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import EPOCH, PATIENT, Pdf, one_line

import docgen

DOC = Path(__file__).resolve().parents[1] / "docs" / "library.md"
EXAMPLES = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_the_page_has_examples() -> None:
    assert len(EXAMPLES) >= 6


@pytest.mark.parametrize("index", range(len(EXAMPLES)))
def test_each_example_in_docs_library_runs(index: int, tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    res = subprocess.run(
        [sys.executable, "-c", EXAMPLES[index]], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert res.returncode == 0, f"example {index + 1} of docs/library.md failed:\n{res.stderr}"


def test_the_issue_example_with_no_settings() -> None:
    pdf = docgen.render(
        {
            "name": "Jane Doe",
            "dob": "1961-04-12",
            "mrn": "00123456",
            "procedure": "si-joint-injection",
            "side": "left",
            "date": "2026-12-01",
        },
        ["aftercare"],
    ).pdf
    text = one_line(Pdf(pdf).text)
    assert "Jane Doe" in text and "00123456" in text and "LEFT side" in text
    assert "Page 1 of" in text


def test_a_visit_a_mapping_and_a_job_give_the_same_bytes() -> None:
    when = dt.datetime(2026, 11, 20, 9, 15)
    job = docgen.prepare(PATIENT)
    visit = docgen.Visit.model_validate({**PATIENT, "language": "en"})
    outputs = {docgen.render(source, "aftercare", printed_at=when).pdf for source in (PATIENT, visit, job)}
    assert len(outputs) == 1


def test_public_names_are_the_real_objects() -> None:
    """Importing the modules behind the names (as docgen itself does) must not shadow them."""
    import docgen.job
    import docgen.pdf

    assert callable(docgen.render) and docgen.render is docgen.pdf.render
    assert callable(docgen.prepare) and docgen.prepare is docgen.job.prepare
    assert set(docgen.__all__) == {"__version__", *docgen._EXPORTS}
    for name in docgen.__all__:
        assert getattr(docgen, name) is not None
    with pytest.raises(AttributeError):
        docgen.no_such_name  # noqa: B018


BAD: list[tuple[str, dict[str, Any], str]] = [
    ("not a mapping", {"visit": ["Jane Doe"]}, "visit: give a docgen.Visit or a mapping"),
    ("missing name", {"visit": {**PATIENT, "name": None}}, "name: is required"),
    ("number for a name", {"visit": {**PATIENT, "name": 5}}, "name: is not valid"),
    ("number for an MRN", {"visit": {**PATIENT, "mrn": 123}}, "mrn: is not a valid MRN"),
    ("a date object for dob", {"visit": {**PATIENT, "dob": 19610412}}, "dob: is not a real date"),
    ("unknown field", {"visit": {**PATIENT, "nmae": "x"}}, "nmae: is not a known field"),
    ("non-text key", {"visit": {**PATIENT, 3: "x"}}, "visit: field names must be text"),
    ("unknown document", {"kinds": ["aftercare", "leaflet"]}, "kinds: leaflet is not a document"),
    ("no document", {"kinds": []}, "kinds: name at least one document"),
    ("kinds not a list", {"kinds": 3}, "kinds: give a document name or a list"),
    ("options as text", {"options": "a4"}, "options: give docgen.Options"),
    ("settings as a path", {"settings": "docgen.toml"}, "settings: give docgen.load_settings"),
    ("print time as text", {"printed_at": "today"}, "printed_at: give a datetime.datetime"),
    ("unknown procedure", {"visit": {**PATIENT, "procedure": "knee"}}, "procedure: is not a known"),
]


@pytest.mark.parametrize(("what", "change", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_a_docgen_error(what: str, change: dict[str, Any], message: str) -> None:
    visit = change.get("visit", PATIENT)
    if isinstance(visit, dict):
        visit = {k: v for k, v in visit.items() if v is not None}
    arguments = {k: v for k, v in change.items() if k not in ("visit", "kinds")}
    with pytest.raises(docgen.DocgenError) as caught:
        docgen.render(visit, change.get("kinds", "aftercare"), **arguments)
    assert str(caught.value).startswith(message), str(caught.value)
    assert "Jane" not in str(caught.value)


def test_the_bytes_depend_on_the_print_time_not_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pool process started under another environment must date a document as any other would:
    the PDF's creation date is the print time passed to render."""
    import pikepdf

    when = dt.datetime(2026, 11, 20, 9, 15)
    outputs = set()
    for epoch in (None, "0", "1795166100"):
        if epoch is None:
            monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        outputs.add(docgen.render(PATIENT, "aftercare", printed_at=when).pdf)
    assert len(outputs) == 1
    with pikepdf.open(io.BytesIO(outputs.pop())) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20261120091500")


def test_the_library_is_read_once_and_again_when_a_file_changes(tmp_path: Path) -> None:
    """Repeated library calls share one reading of the templates, until a file in them changes."""
    import time

    from docgen.content.library import shared_library

    folder = tmp_path / "our-wording"
    (folder / "i18n").mkdir(parents=True)
    first = shared_library(folder)
    assert shared_library(folder) is first
    time.sleep(0.01)
    (folder / "i18n" / "es.yaml").write_text("{}\n")
    assert shared_library(folder) is not first
