"""Visual regression: the first and last page of every document kind, on each paper and print size,
compared with committed greyscale images (tests/visual/reference/) within a small tolerance.

After an intended layout change, regenerate the references on purpose and review the image diff
before committing (docs/testing.md)::

    DOCGEN_UPDATE_VISUAL=1 PYTHONPATH=$PWD python -m pytest -q tests/test_visual.py

A failure writes the actual page and a difference image to a temporary folder and names it.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest
from helpers import PATIENT
from PIL import Image, ImageChops

from docgen.model.visit import Options, Paper
from docgen.pdf import render

REFERENCE = Path(__file__).parent / "visual" / "reference"
UPDATE = os.environ.get("DOCGEN_UPDATE_VISUAL") == "1"
DPI = 40
PRINTED = dt.datetime(2026, 11, 20, 9, 15)
#: Tolerance: mean absolute difference (0-255 grey levels), and the share of pixels differing by
#: more than STRONG levels. Anti-aliasing noise stays far below both; a moved line of text does not.
MEAN, SHARE, STRONG = 0.6, 0.0015, 48

CASES = [
    (kind, paper, size)
    for kind in ("info", "consent", "aftercare", "diary")
    for paper in ("letter", "a4")
    for size in ("standard", "large")
]


def pages(kind: str, paper: str, size: str) -> dict[str, Image.Image]:
    """The first and last page of one document, rasterised in greyscale at DPI."""
    import pypdfium2 as pdfium

    options = Options(paper=Paper(paper), large_print=size == "large")
    pdf = render(PATIENT, kind, options=options, printed_at=PRINTED).pdf
    document = pdfium.PdfDocument(pdf)
    try:
        shots = {"first": 0, "last": len(document) - 1}
        return {
            name: document[i].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
            for name, i in shots.items()
        }
    finally:
        document.close()


def difference(actual: Image.Image, expected: Image.Image) -> tuple[float, float, Image.Image]:
    """Mean absolute difference, share of strongly differing pixels, and the difference image."""
    if actual.size != expected.size:
        return 255.0, 1.0, Image.new("L", actual.size, 255)
    diff = ImageChops.difference(actual, expected)
    histogram = diff.histogram()
    total = actual.size[0] * actual.size[1]
    mean = sum(level * count for level, count in enumerate(histogram)) / total
    strong = sum(histogram[STRONG + 1 :]) / total
    return mean, strong, diff


def differs(actual: Image.Image, expected: Image.Image) -> str:
    """Why two page images differ beyond the tolerance ('' when they match)."""
    mean, strong, _ = difference(actual, expected)
    if actual.size != expected.size:
        return f"size {actual.size} instead of {expected.size}"
    if mean > MEAN or strong > SHARE:
        return f"mean difference {mean:.2f} (limit {MEAN}), {strong:.3%} of pixels differ (limit {SHARE:.2%})"
    return ""


def save_failure(name: str, actual: Image.Image, expected: Image.Image) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="docgen-visual-"))
    actual.save(folder / f"{name}-actual.png")
    expected.save(folder / f"{name}-expected.png")
    diff = difference(actual, expected)[2]
    Image.eval(diff, lambda v: 255 - min(255, v * 4)).save(folder / f"{name}-diff.png")
    return folder


@pytest.mark.parametrize(("kind", "paper", "size"), CASES)
def test_pages_look_as_before(kind: str, paper: str, size: str) -> None:
    for which, image in pages(kind, paper, size).items():
        name = f"{kind}-{paper}-{size}-{which}"
        path = REFERENCE / f"{name}.png"
        if UPDATE:
            path.parent.mkdir(parents=True, exist_ok=True)
            image.save(path, optimize=True)
            continue
        assert path.exists(), f"no reference {path}; make it with DOCGEN_UPDATE_VISUAL=1 (docs/testing.md)"
        expected = Image.open(path).convert("L")
        why = differs(image, expected)
        if why:
            folder = save_failure(name, image, expected)
            pytest.fail(f"{name}: {why}; actual, expected and diff images in {folder}")


def shift_footer(image: Image.Image, millimetres: float) -> Image.Image:
    """The page with its bottom eighth (the footer) moved down by ``millimetres``."""
    pixels = round(millimetres / 25.4 * DPI)
    width, height = image.size
    top = height - height // 8
    moved = image.copy()
    moved.paste(255, (0, top, width, height))
    moved.paste(image.crop((0, top, width, height - pixels)), (0, top + pixels))
    return moved


def test_the_comparison_catches_a_moved_footer_and_passes_a_rerender() -> None:
    first = pages("aftercare", "letter", "standard")["first"]
    again = pages("aftercare", "letter", "standard")["first"]
    assert differs(again, first) == ""
    assert differs(shift_footer(first, 5), first)
    assert differs(shift_footer(first, 0), first) == ""
