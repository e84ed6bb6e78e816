"""The shipped fonts: registration, coverage checks and escaping text into ReportLab markup.

Noto Sans is the text face. DejaVu Sans fills in symbols and scripts Noto Sans lacks, run by run.
A character neither covers is an error naming the character: never a blank box.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from docgen.document import Inline
from docgen.errors import FontCoverageError
from docgen.resources import fonts_dir

TEXT = "DocSans"
SYMBOLS = "DocSymbols"

_FACES = {
    TEXT: "NotoSans-Regular.ttf",
    f"{TEXT}-Bold": "NotoSans-Bold.ttf",
    f"{TEXT}-Italic": "NotoSans-Italic.ttf",
    f"{TEXT}-BoldItalic": "NotoSans-BoldItalic.ttf",
    SYMBOLS: "DejaVuSans.ttf",
    f"{SYMBOLS}-Bold": "DejaVuSans-Bold.ttf",
}

#: Characters that are layout, not ink.
_LAYOUT_CHARS = frozenset("\n\t\u00ad\u200b\u200c\u200d\ufeff")


@dataclass(frozen=True)
class Coverage:
    text: frozenset[int]
    symbols: frozenset[int]


@cache
def register() -> Coverage:
    """Register the font families once per process and return what they cover."""
    from reportlab import rl_config
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = fonts_dir()
    fonts = {}
    for name, filename in _FACES.items():
        font = TTFont(name, str(folder / filename))
        pdfmetrics.registerFont(font)
        fonts[name] = font
    pdfmetrics.registerFontFamily(
        TEXT, normal=TEXT, bold=f"{TEXT}-Bold", italic=f"{TEXT}-Italic", boldItalic=f"{TEXT}-BoldItalic"
    )
    # DejaVu has no italic here: its italic maps to the upright face.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(SYMBOLS, bold, italic, f"{SYMBOLS}-Bold" if bold else SYMBOLS)
    # Never let ReportLab fall back to a non-embedded standard-14 font.
    rl_config.canvas_basefontname = TEXT
    return Coverage(
        text=frozenset(fonts[TEXT].face.charToGlyph),
        symbols=frozenset(fonts[SYMBOLS].face.charToGlyph),
    )


#: Scripts no shipped font covers, by a word of the characters' Unicode names.
_SCRIPTS = {
    "CJK": "Chinese, Japanese and Korean (CJK)",
    "HIRAGANA": "Japanese (hiragana)",
    "KATAKANA": "Japanese (katakana)",
    "HANGUL": "Korean (hangul)",
    "DEVANAGARI": "Devanagari",
    "BENGALI": "Bengali",
    "THAI": "Thai",
    "ETHIOPIC": "Ethiopic",
}


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "unnamed character")
    script = next((label for word, label in _SCRIPTS.items() if word in name.split()[0:2]), "")
    what = f"{script} script: " if script else ""
    return f"{what}the character {ch!r} (U+{ord(ch):04X} {name})"


def check(text: str, where: str) -> None:
    """Raise FontCoverageError if a character of ``text`` is in no shipped font."""
    cov = register()
    for ch in text:
        code = ord(ch)
        if code > 0xFFFF:
            # ReportLab writes such a character's text mapping wrongly: it would print, but the
            # page could not be read back (searched, copied, read aloud) as the name it shows.
            raise FontCoverageError(
                f"{_describe(ch)} is beyond the characters docgen can print and read back (emoji and "
                "rare symbols); type the value without it",
                field=where,
            )
        if code in cov.text or code in cov.symbols or ch in _LAYOUT_CHARS:
            continue
        raise FontCoverageError(
            f"{_describe(ch)} is not in any shipped font (Noto Sans, DejaVu Sans); "
            "type it with letters the fonts have, or add a font that covers it to fonts/",
            field=where,
        )


#: Bidirectional classes of right-to-left letters (Hebrew; Arabic, Syriac, Thaana...).
_RTL = frozenset(("R", "AL"))


def visual(text: str) -> str:
    """Right-to-left text (Arabic, Hebrew) as it is drawn: letters joined into their contextual forms
    (arabic-reshaper) and runs put in display order by the Unicode bidi algorithm (python-bidi), in a
    left-to-right line. ReportLab draws text left to right as given and cannot do either itself
    here (its bidi support, rlbidi, is not installable). Text without such letters is unchanged."""
    if not any(unicodedata.bidirectional(ch) in _RTL for ch in text):
        return text
    from bidi import get_display

    return str(get_display(_reshaper().reshape(text), base_dir="L"))


@cache
def _reshaper() -> Any:
    from arabic_reshaper import ArabicReshaper

    # Keep the vowel marks (harakat): a name prints with every mark it was typed with.
    return ArabicReshaper(configuration={"delete_harakat": False})


def markup(text: str, where: str) -> str:
    """Escape plain text for a ReportLab Paragraph, switching font for characters only DejaVu has."""
    cov = register()
    text = visual(text)
    if "\n" not in text and cov.text.issuperset(map(ord, text)):
        return escape(text)  # the common case: every character is in the text face
    out: list[str] = []
    fallback = False
    for ch in text:
        code = ord(ch)
        if ch == "\n":
            piece, need = "<br/>", fallback
        elif code in cov.text or ch in _LAYOUT_CHARS:
            piece, need = escape(ch), False
        elif code in cov.symbols:
            piece, need = escape(ch), True
        else:
            check(ch, where)
            raise AssertionError  # check() always raises here
        if need != fallback:
            out.append(f'<font face="{SYMBOLS}">' if need else "</font>")
            fallback = need
        out.append(piece)
    if fallback:
        out.append("</font>")
    return "".join(out)


def inline_markup(runs: Inline, where: str) -> str:
    """ReportLab Paragraph markup for styled runs of text."""
    parts: list[str] = []
    for run in runs:
        piece = markup(run.text, where)
        if run.italic:
            piece = f"<i>{piece}</i>"
        if run.bold:
            piece = f"<b>{piece}</b>"
        parts.append(piece)
    return "".join(parts)
