"""The layout probe reads pages correctly: it agrees with pdfplumber (an independent PDF reader) on
characters, sizes and drawn lines, and each check flags a page made to break its promise."""

from __future__ import annotations

import copy
import io
from collections import Counter

import pytest
from layout_probe import Page, norm, phrase_pattern, read_pages
from layout_promises import all_promises
from layout_words import PRINTED, Layout, render_layout, visit_for

from docgen.content.library import Library
from docgen.model.visit import Options, Paper
from docgen.pdf import render


@pytest.fixture(scope="module")
def layout() -> Layout:
    return render_layout("si-joint-rfa", "en", "letter", "standard", "bilateral", library=Library())


def test_the_probe_agrees_with_pdfplumber() -> None:
    import pdfplumber

    visit = visit_for("si-joint-rfa", "en", "bilateral")
    pdf = render(visit, "consent", printed_at=PRINTED, options=Options(paper=Paper.LETTER)).pdf
    ours = read_pages(pdf)
    seen = 0
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page, theirs in zip(ours, document.pages, strict=True):
            glyphs = Counter((c["text"], round(c["size"], 1)) for c in theirs.chars if c["text"].strip())
            read = Counter(
                (ch, round(size, 1))
                for line in page.lines
                for ch, size in zip(line.text, line.sizes, strict=True)
                if ch.strip()
            )
            assert read == glyphs, page.index
            rules = {
                (round(e["x0"]), round(e["x1"]), round(page.height - e["top"]))
                for e in theirs.lines
                if abs(e["top"] - e["bottom"]) < 0.5
            }
            drawn = {
                (round(e.x0), round(e.x1), round(e.y0)) for e in page.edges if e.horizontal and not e.closed
            }
            assert drawn == rules, page.index
            seen += len(rules)
    assert seen > 20


def test_phrases_may_part_only_where_allowed() -> None:
    text = "Patient Hubert Wolfe\nschlegel-Montgomery the\nThird LEFT\nside"
    assert not phrase_pattern("LEFT side").search(text)
    assert phrase_pattern("LEFT side", breaks="any").search(text)
    name = "Hubert Wolfeschlegel-Montgomery the Third"
    assert not phrase_pattern(name, breaks="words").search(text)
    assert phrase_pattern(name, breaks="any").search(text)
    assert phrase_pattern(name, breaks="words").search("Hubert Wolfeschlegel-\nMontgomery the\nThird")
    assert norm("A\u00a0 b\u00ad c") == "A b c"


def _keep_until(page: Page, last: int) -> None:
    """Cut a page's body after its line number ``last`` (furniture stays)."""
    body = page.body()
    cut = {id(ln) for ln in body[last + 1 :]}
    page.lines = [ln for ln in page.lines if id(ln) not in cut]
    low = body[last].bottom
    page.edges = [e for e in page.edges if e not in page.body_edges() or e.y0 > low]


def test_a_heading_at_the_page_foot_is_flagged(layout: Layout) -> None:
    broken = copy.deepcopy(layout)
    page = broken.packet.pages[broken.packet.doc("info").pages[0]]  # type: ignore[union-attr]
    heading = next(i for i, ln in enumerate(page.body()) if ln.bold and ln.size > 13)
    _keep_until(page, heading)
    found = all_promises()["4c-no-heading-at-page-foot"](broken)
    assert found and "is the last line" in found[0]
    assert not all_promises()["4c-no-heading-at-page-foot"](layout)


def test_a_nearly_empty_page_is_flagged(layout: Layout) -> None:
    broken = copy.deepcopy(layout)
    page = broken.packet.pages[broken.packet.doc("info").pages[1]]  # type: ignore[union-attr]
    _keep_until(page, 0)
    assert any("of the body used" in v for v in all_promises()["4d-no-nearly-empty-page"](broken))
