"""Every procedure × language × paper × print size renders its full packet and keeps every promise."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from helpers import Pdf, one_line

from docgen.content.library import Library
from docgen.content.locale import Locale
from docgen.content.parts import titled
from docgen.model.settings import EXAMPLE
from docgen.model.visit import PACKET, Kind, Options, Paper, parse_visit
from docgen.pdf import render

LIBRARY = Library()
PRINTED = dt.datetime(2026, 11, 20, 9, 15)
COMBINATIONS = [(proc.id, language) for proc in LIBRARY.procedures() for language in proc.languages]


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large"])
@pytest.mark.parametrize("paper", list(Paper))
@pytest.mark.parametrize(("procedure_id", "language"), COMBINATIONS)
def test_packet_keeps_every_promise(procedure_id: str, language: str, paper: Paper, large: bool) -> None:
    procedure = LIBRARY.procedure(procedure_id)
    check(procedure_id, language, paper, large, [k for k in PACKET if k in procedure.documents])


@pytest.mark.parametrize(("procedure_id", "language"), COMBINATIONS)
def test_each_large_print_document_alone(procedure_id: str, language: str) -> None:
    for kind in LIBRARY.procedure(procedure_id).documents:
        check(procedure_id, language, Paper.A4, True, [kind])


def check(procedure_id: str, language: str, paper: Paper, large: bool, kinds: list[Kind]) -> None:
    """Render, read every page back and check the promises."""
    procedure = LIBRARY.procedure(procedure_id)
    visit = parse_visit(
        {
            "name": "Jane O'Brien-Núñez",
            "dob": "1961-04-12",
            "mrn": "00123456",
            "procedure": procedure_id,
            "side": "bilateral" if procedure.sided else None,
            "date": "2026-11-21",
            "time": "10:30",
            "language": language,
        }
    )
    result = render(
        visit,
        kinds,
        settings=EXAMPLE,
        options=Options(paper=paper, large_print=large),
        printed_at=PRINTED,
        library=LIBRARY,
    )
    locale = Locale(visit.language, LIBRARY.strings(visit.language))
    pages = Pdf(result.pdf).pages
    assert len(pages) == result.pages == sum(result.page_counts)
    dob = locale.date(visit.dob, "medium").replace("\xa0", " ")  # extracted text has plain spaces
    subtitle = titled(procedure, visit, locale).replace("\xa0", " ")
    page_word = locale.text("footer", "page", page="(\\d+)", pages="(\\d+)")
    starts = []
    for index, raw in enumerate(pages):
        text = one_line(raw)
        assert "Jane O'Brien-Núñez" in text, index
        assert dob in text and "00123456" in text, index
        assert subtitle in text, index  # procedure with the side in words
        assert locale.text("side", "bilateral", "label") in text
        match = re.search(page_word, text)
        assert match, index
        if match[1] == "1":
            starts.append(index)
        assert f"{procedure_id}/" in text and procedure.version in text
    assert len(starts) == len(kinds)  # each document numbered from its own page 1
    # Printed two-sided, every document starts on a front side (page 1, 3, 5... of the PDF); a back
    # left over says it is blank on purpose, under the same header and footer.
    assert all(start % 2 == 0 for start in starts), starts
    blank = locale.text("batch", "blank")
    for index, raw in enumerate(pages):
        if blank in one_line(raw):
            # ...before a document, or (large print) before a signing panel printed on both
            # sides of one sheet.
            signing = locale.text("signatures", "patient") in one_line(pages[index + 1])
            assert index + 1 in starts or signing, f"page {index + 1}: a blank back that nothing follows"
    # No page carries only its header and footer: each page of a document has lines that are not
    # on every page of that document (the furniture), i.e. some content of its own.
    lines = [{line.strip() for line in raw.splitlines() if line.strip()} for raw in pages]
    for first, end in zip(starts, [*starts[1:], len(pages)], strict=True):
        document = lines[first:end]
        if len(document) < 2:
            continue
        furniture = set.intersection(*document)
        for index, page_lines in enumerate(document, start=first):
            own = {line for line in page_lines - furniture if not re.search(page_word, line)}
            assert own, f"page {index + 1} has nothing but its header and footer"
