"""Names in the scripts patients write them in: Arabic and Hebrew joined and in the right order,
Latin, Greek and Cyrillic as typed, scripts no shipped font has refused by name."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest
from helpers import Pdf, Result, flags

from docgen.layout.fonts import visual

RTL_NAMES = {
    "arabic": "محمد علي",
    "hebrew": "שרה כהן",
    "arabic-lam-alef": "سلام أحمد",
}


def rtl_words(line: str) -> list[str]:
    """The right-to-left words of an extracted line. Text extraction (pypdf, like pdfium) gives each
    word's letters in reading order but the words in the order they stand on the line, left to
    right; presentation forms are folded back to letters."""
    words = unicodedata.normalize("NFKC", line).split()
    return [w for w in words if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in w)]


def read_back(page: str) -> list[str]:
    """Every right-to-left run on a page, in reading (logical) order."""
    return [" ".join(reversed(words)) for line in page.splitlines() if (words := rtl_words(line))]


@pytest.mark.parametrize("name", RTL_NAMES.values(), ids=RTL_NAMES.keys())
def test_right_to_left_names_are_joined_and_ordered(render_pdf: Callable[..., Pdf], name: str) -> None:
    pdf = render_pdf("aftercare", name=name)
    drawn = visual(name)
    assert drawn != name  # drawn in display order, never the typed order left to right
    if any(unicodedata.bidirectional(ch) == "AL" for ch in name):
        assert any(0xFE70 <= ord(ch) <= 0xFEFF for ch in drawn)  # Arabic letters in joined forms
    # Read back in logical order, every page carries the name (the header's identifiers).
    for page in pdf.pages:
        assert name in read_back(page), read_back(page)


def test_a_right_to_left_name_among_latin_text(render_pdf: Callable[..., Pdf]) -> None:
    page = render_pdf("aftercare", physician="Dr שרה כהן").pages[0]
    line = next(line for line in page.splitlines() if rtl_words(line))
    assert line.startswith("Dr ") and read_back(line) == ["שרה כהן"]


@pytest.mark.parametrize(
    ("name", "script"),
    [
        ("王小明", "Chinese, Japanese and Korean (CJK) script"),
        ("やまだ", "Japanese (hiragana) script"),
        ("김민준", "Korean (hangul) script"),
        ("𝒜na", "the character '𝒜' (U+1D49C"),  # above U+FFFF, in no shipped font
        ("Ana 😀", "the character '😀' (U+1F600 GRINNING FACE) is beyond the characters docgen can print"),
    ],
)
def test_scripts_no_shipped_font_has_are_refused_by_name(
    run: Callable[..., Result], name: str, script: str
) -> None:
    res = run("aftercare", *flags(name=name), "-o", "out.pdf")
    assert res.exit_code == 1
    assert res.stderr.startswith("docgen: error: name: ") and script in res.stderr
    assert "\n" not in res.stderr.strip()


@pytest.mark.parametrize("name", ["Zoë Ångström", "Ελένη Παπαδοπούλου", "Анна Иванова", "Nguyễn Thị Hoa"])
def test_latin_greek_and_cyrillic_print_as_typed(render_pdf: Callable[..., Pdf], name: str) -> None:
    assert name in render_pdf("aftercare", name=name).pages[0]
