"""Reading a PDF back with pypdfium2: every glyph with its size and weight grouped into printed
lines, every drawn straight segment and filled rectangle. Coordinates are PDF points, y going up."""

from __future__ import annotations

import ctypes
import itertools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


def norm(text: str) -> str:
    """Text as searched: NFC, no-break and other spaces made plain, runs of spaces made one."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    return " ".join(text.split())


@dataclass(frozen=True)
class Line:
    """One printed line: glyphs on one baseline, not parted by a wide gap or a drawn rule."""

    page: int
    text: str
    x0: float
    x1: float
    y: float  # baseline
    top: float
    bottom: float
    sizes: tuple[float, ...]  # one per character of text
    bolds: tuple[bool, ...]

    def _visible(self, start: int = 0, end: int | None = None) -> list[int]:
        stop = len(self.text) if end is None else end
        return [i for i in range(start, stop) if not self.text[i].isspace()]

    @property
    def size(self) -> float:
        return max((self.sizes[i] for i in self._visible()), default=0.0)

    @property
    def min_size(self) -> float:
        return min((self.sizes[i] for i in self._visible()), default=0.0)

    @property
    def bold(self) -> bool:
        seen = self._visible()
        return bool(seen) and all(self.bolds[i] for i in seen)

    def span(self, needle: str) -> tuple[float, bool] | None:
        """Smallest size and whether all bold, of the first occurrence of ``needle`` in this line."""
        at = self.text.find(needle)
        if at < 0:
            return None
        seen = self._visible(at, at + len(needle))
        return min(self.sizes[i] for i in seen), all(self.bolds[i] for i in seen)


@dataclass(frozen=True)
class Edge:
    """A straight drawn segment (a rule, a box side, a writing line)."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float
    closed: bool  # part of a closed path (a rectangle), not a lone line

    @property
    def horizontal(self) -> bool:
        return abs(self.y1 - self.y0) < 0.5 and self.length > 1

    @property
    def vertical(self) -> bool:
        return abs(self.x1 - self.x0) < 0.5 and self.length > 1

    @property
    def length(self) -> float:
        return float(((self.x1 - self.x0) ** 2 + (self.y1 - self.y0) ** 2) ** 0.5)


@dataclass(frozen=True)
class Fill:
    """A filled rectangle and its grey level (0 black, 1 white)."""

    x0: float
    y0: float
    x1: float
    y1: float
    grey: float


@dataclass
class Page:
    index: int  # 0-based page of the PDF
    width: float
    height: float
    lines: list[Line]
    edges: list[Edge]
    fills: list[Fill]
    kind: str = ""  # the document this page belongs to
    number: int = 0  # 1-based page of its document
    blank: bool = False  # a back left blank on purpose
    header_y: float = 0.0  # the body is below this line...
    footer_y: float = 0.0  # ...and above this one

    def body(self) -> list[Line]:
        return [ln for ln in self.lines if ln.top <= self.header_y + 0.5 and ln.bottom >= self.footer_y - 0.5]

    def header(self) -> list[Line]:
        return [ln for ln in self.lines if ln.bottom > self.header_y - 0.5]

    def footer(self) -> list[Line]:
        return [ln for ln in self.lines if ln.top < self.footer_y + 0.5]

    def body_edges(self) -> list[Edge]:
        lo, hi = self.footer_y + 0.5, self.header_y - 0.5
        return [e for e in self.edges if lo < min(e.y0, e.y1) and max(e.y0, e.y1) < hi]

    def joined(self) -> str:
        """Every line in drawing order, one a row: a phrase parted by a line end spans a newline."""
        return "\n".join(norm(ln.text) for ln in self.lines)

    def fill_fraction(self) -> float:
        """How far down the body the content reaches, as a share of the body's height."""
        lows = [ln.bottom for ln in self.body()] + [min(e.y0, e.y1) for e in self.body_edges()]
        height = self.header_y - self.footer_y
        return 0.0 if not lows or height <= 0 else (self.header_y - min(lows)) / height


# -- reading ---------------------------------------------------------------------------------------


def _chars(textpage: Any, raw: Any) -> list[tuple[str, float, float, float, float, float, bool]]:
    """(char, x0, x1, baseline, top, size, bold) of every drawn character, in drawing order."""
    out = []
    box = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    name = ctypes.create_string_buffer(96)
    flags = ctypes.c_int()
    for i in range(textpage.count_chars()):
        if raw.FPDFText_IsGenerated(textpage.raw, i):
            continue
        char = chr(raw.FPDFText_GetUnicode(textpage.raw, i))
        if char == "\x02":  # pdfium's mark for a printed hyphen that ends a line ("Smythe-")
            char = "-"
        if char in "\r\n\ufffe":
            continue
        size = raw.FPDFText_GetFontSize(textpage.raw, i)
        raw.FPDFText_GetLooseCharBox(textpage.raw, i, box)  # the advance width, not the ink
        raw.FPDFText_GetCharOrigin(textpage.raw, i, ox, oy)
        length = raw.FPDFText_GetFontInfo(textpage.raw, i, name, 96, flags)
        bold = b"Bold" in name.raw[: max(0, length - 1)]
        x1 = max(box.right, ox.value + (0.25 * size if char.isspace() else 0))
        out.append((char, ox.value, x1, oy.value, oy.value + 0.75 * size, size, bold))
    return out


def _lines(
    index: int, chars: Sequence[tuple[str, float, float, float, float, float, bool]], verticals: list[Edge]
) -> list[Line]:
    lines: list[Line] = []
    cur: list[tuple[str, float, float, float, float, float, bool]] = []

    def flush() -> None:
        while cur and cur[-1][0].isspace():
            cur.pop()
        while cur and cur[0][0].isspace():
            cur.pop(0)
        if cur:
            y = cur[0][3]
            big = max(c[5] for c in cur)
            lines.append(
                Line(
                    index,
                    "".join(c[0] for c in cur),
                    cur[0][1],
                    max(c[2] for c in cur),
                    y,
                    y + 0.75 * big,
                    y - 0.25 * big,
                    tuple(c[5] for c in cur),
                    tuple(c[6] for c in cur),
                )
            )
        cur.clear()

    for ch in chars:
        if cur:
            last = cur[-1]
            size = max(ch[5], last[5])
            gap = ch[1] - last[2]
            same = abs(ch[3] - last[3]) < 0.3 * size and -0.5 * size < gap < 1.6 * size
            if (
                same
                and gap > 1.5
                and any(
                    last[2] - 0.5 < e.x0 < ch[1] + 0.5 and min(e.y0, e.y1) - 1 < ch[3] < max(e.y0, e.y1) + 1
                    for e in verticals
                )
            ):
                same = False  # a table rule between them: two cells
            if not same:
                flush()
            elif gap > 0.2 * size and not last[0].isspace() and not ch[0].isspace():
                cur.append((" ", last[2], ch[1], last[3], last[4], last[5], last[6]))
        cur.append(ch)
    flush()
    return lines


def _paths(page: Any, raw: Any) -> tuple[list[Edge], list[Fill]]:
    edges: list[Edge] = []
    fills: list[Fill] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    width = ctypes.c_float()
    rgba = [ctypes.c_uint() for _ in range(4)]
    forms: dict[int, tuple[float, ...]] = {0: (1, 0, 0, 1, 0, 0)}
    for obj in page.get_objects(max_depth=4):
        m = obj.get_matrix()
        own = (m.a, m.b, m.c, m.d, m.e, m.f)
        outer = forms.get(obj.level, (1, 0, 0, 1, 0, 0))
        full = _compose(own, outer)
        if obj.type == raw.FPDF_PAGEOBJ_FORM:
            forms[obj.level + 1] = full
            continue
        if obj.type != raw.FPDF_PAGEOBJ_PATH:
            continue
        raw.FPDFPath_GetDrawMode(obj.raw, mode, stroke)
        points: list[tuple[float, float, bool]] = []
        for i in range(raw.FPDFPath_CountSegments(obj.raw)):
            seg = raw.FPDFPath_GetPathSegment(obj.raw, i)
            raw.FPDFPathSegment_GetPoint(seg, x, y)
            px, py = _apply(full, x.value, y.value)
            points.append((px, py, raw.FPDFPathSegment_GetType(seg) == raw.FPDF_SEGMENT_MOVETO))
        closed = len(points) >= 4
        if stroke.value:
            raw.FPDFPageObj_GetStrokeWidth(obj.raw, width)
            for (ax, ay, _), (bx, by, move) in itertools.pairwise(points):
                if not move:
                    edges.append(
                        Edge(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), width.value, closed)
                    )
        if mode.value and points:
            raw.FPDFPageObj_GetFillColor(obj.raw, *rgba)
            grey = (rgba[0].value + rgba[1].value + rgba[2].value) / 765
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            fills.append(Fill(min(xs), min(ys), max(xs), max(ys), grey))
    return edges, fills


def _compose(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def read_pages(pdf: bytes) -> list[Page]:
    """Every page's lines, edges and fills."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(pdf)
    pages: list[Page] = []
    try:
        for index in range(len(document)):
            page = document[index]
            edges, fills = _paths(page, raw)
            verticals = [e for e in edges if e.vertical]
            textpage = page.get_textpage()
            lines = _lines(index, _chars(textpage, raw), verticals)
            width, height = page.get_size()
            pages.append(Page(index, width, height, lines, edges, fills, header_y=height))
            textpage.close()
            page.close()
    finally:
        document.close()
    return pages
