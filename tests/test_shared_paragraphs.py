"""Paragraphs shared across documents (the batch speed-up) never change what is printed."""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.content.library import Library
from docgen.layout import para
from docgen.model.settings import EXAMPLE
from docgen.model.visit import PACKET, Options, Paper, parse_visit
from docgen.pdf import render

LIBRARY = Library()
PRINTED = dt.datetime(2026, 11, 20, 9, 15)


def packet(procedure: str, *, name: str = "Jane Doe", language: str = "en", large: bool = False) -> bytes:
    visit = parse_visit(
        {
            "name": name,
            "dob": "1961-04-12",
            "mrn": "00123456",
            "procedure": procedure,
            "side": "right",
            "date": "2026-11-21",
            "time": "10:30",
            "language": language,
        }
    )
    options = Options(paper=Paper.LETTER, large_print=large)
    kinds = [k for k in PACKET if k in LIBRARY.procedure(procedure).documents]
    return render(visit, kinds, settings=EXAMPLE, options=options, printed_at=PRINTED, library=LIBRARY).pdf


def unshared(monkeypatch: pytest.MonkeyPatch, make: object) -> bytes:
    """Render with sharing off: every paragraph parsed and broken on its own, as ReportLab does."""
    with monkeypatch.context() as patch:
        patch.setattr(para, "LIMIT", 0)
        para.clear()
        out = make()  # type: ignore[operator]
    para.clear()
    return out  # type: ignore[no-any-return]


CASES = [
    ("si-joint-injection", "en", False),
    ("si-joint-rfa", "es", False),
    ("si-joint-fusion", "en", True),
]


@pytest.mark.parametrize(("procedure", "language", "large"), CASES)
def test_shared_paragraphs_print_the_same_bytes(
    monkeypatch: pytest.MonkeyPatch, procedure: str, language: str, large: bool
) -> None:
    expected = unshared(monkeypatch, lambda: packet(procedure, language=language, large=large))
    # Warm the cache with other patients, other procedures and the other print size first.
    for other, other_language, other_large in CASES:
        packet(other, name="Ben Sample", language=other_language, large=not other_large)
        packet(other, name="Cleo Example", language=other_language, large=other_large)
    assert packet(procedure, language=language, large=large) == expected
    assert packet(procedure, language=language, large=large) == expected  # and again, fully warm


def test_sharing_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(para, "LIMIT", 40)
    para.clear()
    for name in ("Ana Example", "Ben Sample", "Cleo Test"):
        packet("si-joint-fusion", name=name)
    assert 0 < len(para._PARSED) <= 40
    assert 0 < len(para._WRAPPED) <= 40
    para.clear()
