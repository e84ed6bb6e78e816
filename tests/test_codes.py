"""Every page carries a scan-back code naming its document, kind, MRN and page n of N; the footer
prints the document ID. Pages are rendered at 150 dpi and read with zxing-cpp, clean and after a
simulated scan (grey scale, 1-2 degrees crooked, noise)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from helpers import PATIENT, Pdf
from scan import page_images, read_codes, scanned

import docgen
from docgen.errors import DocgenError
from docgen.identify import read_page
from docgen.identity import Payload, decode_payload, display_id, new_id
from docgen.model.settings import EXAMPLE, Codes
from docgen.model.visit import Paper

PRINTED = dt.datetime(2026, 11, 20, 9, 15)
IDS = ["7KQ2M9XD4R", "1V3HZ0PQ5E", "A8N6TW2GCX", "M4R7K9S2B0"]


def settings(**codes: Any) -> docgen.Settings:
    return EXAMPLE.model_copy(update={"codes": Codes(**codes)})


def render(kinds: Any = docgen.PACKET, ids: Any = IDS, large: bool = False, **codes: Any) -> docgen.Rendered:
    kinds = list(kinds)
    return docgen.render(
        PATIENT,
        kinds,
        settings=settings(**codes),
        options=docgen.Options(large_print=large),
        printed_at=PRINTED,
        ids=ids[: len(kinds)] if ids else ids,
    )


def expected(rendered: docgen.Rendered, mrn: str | None = "00123456") -> list[Payload]:
    """What each page's code must say: the PDF's own documents and page counts."""
    out = []
    for n, (kind, pages) in enumerate(zip(rendered.kinds, rendered.page_counts, strict=True)):
        doc_id = rendered.ids[n] if rendered.ids else None
        out += [Payload(doc_id, kind.value, mrn, page, pages) for page in range(1, pages + 1)]
    return out


@pytest.mark.parametrize(
    ("symbology", "large"),
    [("code128", False), ("code128", True), ("datamatrix", False), ("datamatrix", True)],
)
def test_every_page_names_its_document(symbology: str, large: bool) -> None:
    rendered = render(large=large, symbology=symbology)
    images = page_images(rendered.pdf)
    assert len(images) == rendered.pages
    assert [read_page(image) for image in images] == expected(rendered)


@pytest.mark.parametrize(
    ("symbology", "large"), [("code128", False), ("datamatrix", False), ("code128", True)]
)
def test_every_page_reads_after_a_scan(symbology: str, large: bool) -> None:
    rendered = render(large=large, symbology=symbology)
    images = page_images(rendered.pdf)
    assert [read_page(scanned(image, seed)) for seed, image in enumerate(images)] == expected(rendered)


def test_a_plain_zxing_read_finds_the_code128() -> None:
    """No second chances: zxing-cpp's default read of the whole page finds the code."""
    rendered = render(["consent"])
    for image, want in zip(page_images(rendered.pdf), expected(rendered), strict=True):
        assert [decode_payload(text) for text in read_codes(image)] == [want]


def test_the_footer_prints_the_document_id_on_every_page() -> None:
    rendered = render(["info", "consent"], ids=["7kq2m-9xd4r", "1V3HZ0PQ5E"])
    assert rendered.ids == ("7KQ2M9XD4R", "1V3HZ0PQ5E")
    pages = Pdf(rendered.pdf).pages
    first = rendered.page_counts[0]
    assert all("Document ID 7KQ2M-9XD4R" in page for page in pages[:first])
    assert all("Document ID 1V3HZ-0PQ5E" in page for page in pages[first:])


def test_spanish_footer_words() -> None:
    rendered = docgen.render({**PATIENT, "language": "es"}, ["aftercare"], printed_at=PRINTED, ids=[IDS[0]])
    assert all(f"N.º de documento {display_id(IDS[0])}" in page for page in Pdf(rendered.pdf).pages)


def test_without_ids_no_id_is_printed_and_the_code_has_none() -> None:
    rendered = render(["aftercare"], ids=None)
    assert rendered.ids == ()
    text = Pdf(rendered.pdf).text
    assert "Document ID" not in text
    for image, want in zip(page_images(rendered.pdf), expected(rendered), strict=True):
        assert want.doc_id is None
        assert read_page(image) == want


def test_include_mrn_false_leaves_the_mrn_out_of_the_code() -> None:
    rendered = render(["diary"], include_mrn=False)
    for image, want in zip(page_images(rendered.pdf), expected(rendered, mrn=None), strict=True):
        payload = read_page(image)
        assert payload == want
        assert "00123456" not in "".join(read_codes(image))
    assert "00123456" in Pdf(rendered.pdf).text  # the header still prints it


def test_codes_can_be_turned_off() -> None:
    rendered = render(["diary"], enabled=False)
    assert all(read_page(image) is None for image in page_images(rendered.pdf))
    assert "Document ID" in Pdf(rendered.pdf).text


def _boxes(pdf: bytes) -> tuple[list[Any], list[Any], float]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        return page.extract_words(extra_attrs=["size"]), page.rects, float(page.height)


def _apart(words: list[Any], rects: list[Any]) -> None:
    bars = [r for r in rects if r["height"] < 10 * 72 / 25.4 and r["width"] < 3 and r["fill"]]
    assert bars, "the code's bars are drawn as filled rectangles"
    x0, x1 = min(b["x0"] for b in bars), max(b["x1"] for b in bars)
    top, bottom = min(b["top"] for b in bars), max(b["bottom"] for b in bars)
    for w in words:
        apart = w["x1"] <= x0 or w["x0"] >= x1 or w["bottom"] <= top or w["top"] >= bottom
        assert apart, f"{w['text']!r} overlaps the code"


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("mrn", ["00123456", "ABC-1234567890-XYZ-9876"])
def test_the_id_line_keeps_its_size_and_clear_of_the_code(language: str, paper: str, mrn: str) -> None:
    """Large type and a long MRN make the code wide: the ID line keeps 14 pt, and where it has no
    room beside the code it moves to the strip above the header."""
    visit = {**PATIENT, "language": language, "mrn": mrn}
    options = docgen.Options(large_print=True, paper=Paper(paper))
    rendered = docgen.render(visit, ["diary"], printed_at=PRINTED, ids=[IDS[0]], options=options)
    words, rects, _ = _boxes(rendered.pdf)
    _apart(words, rects)
    [shown] = [w for w in words if w["text"] == display_id(IDS[0])]
    assert shown["size"] >= 14


@pytest.mark.parametrize("position", ["footer-left", "footer-right", "top-left", "top-right"])
@pytest.mark.parametrize("symbology", ["code128", "datamatrix"])
def test_the_code_overlaps_no_text(position: str, symbology: str) -> None:
    rendered = render(["consent"], position=position, symbology=symbology)
    words, rects, height = _boxes(rendered.pdf)
    _apart(words, rects)
    bars = [r for r in rects if r["height"] < 10 * 72 / 25.4 and r["width"] < 3 and r["fill"]]
    top, bottom = min(b["top"] for b in bars), max(b["bottom"] for b in bars)
    assert (top < height / 2) == position.startswith("top")
    assert bottom - top >= 7 * 72 / 25.4 - 0.5  # about 7.5 mm tall
    assert read_page(page_images(rendered.pdf)[0]) == expected(rendered)[0]


def test_ids_must_match_the_kinds() -> None:
    with pytest.raises(DocgenError, match="one document ID per document kind"):
        render(["info", "consent"], ids=[IDS[0]])
    with pytest.raises(DocgenError, match="document ID"):
        render(["info"], ids=["not an id"])


def test_a_long_mrn_still_reads() -> None:
    rendered = docgen.render({**PATIENT, "mrn": "ABC-1234567890-XYZ-9876"}, ["diary"], ids=[new_id()])
    for image, want in zip(
        page_images(rendered.pdf), expected(rendered, "ABC-1234567890-XYZ-9876"), strict=True
    ):
        assert read_page(image) == want


def test_a_batch_blank_page_carries_a_blank_code() -> None:
    from docgen.batch.sheets import blank_page
    from docgen.content.library import shared_library
    from docgen.job import prepare

    job = prepare(PATIENT, settings=EXAMPLE)
    pdf = blank_page(
        job,
        docgen.Kind.DIARY,
        printed_at=PRINTED,
        library=shared_library(None),
        options=docgen.Options(),
        doc_id=IDS[3],
    )
    [image] = page_images(pdf)
    assert read_page(image) == Payload(IDS[3], "blank", "00123456", 1, 1)
    assert f"Document ID {display_id(IDS[3])}" in Pdf(pdf).text
