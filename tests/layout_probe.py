"""Facts about printed pages, read back from PDF bytes: text lines with font sizes and positions,
drawn edges and fills (read by layout_pdf.py), the header and footer zones, where each document's
pages are, and ways to look things up.

Coordinates are PDF points with y going up (0 is the bottom edge of the page). The layout promises
built on these facts are in layout_promises*.py.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from layout_pdf import Edge, Fill, Line, Page, norm, read_pages

__all__ = ["INCH", "Doc", "Edge", "Fill", "Line", "Packet", "Page", "norm", "probe", "read_pages"]

INCH = 72.0


@dataclass
class Doc:
    kind: str
    pages: list[int]  # content pages, 0-based PDF pages
    blanks: list[int]  # backs left blank after it


@dataclass
class Packet:
    pages: list[Page]
    docs: list[Doc]
    body_size: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def doc(self, kind: str) -> Doc | None:
        return next((d for d in self.docs if d.kind == kind), None)

    def doc_pages(self, kind: str) -> list[Page]:
        doc = self.doc(kind)
        return [self.pages[i] for i in doc.pages] if doc else []


# -- documents and zones ---------------------------------------------------------------------------


def _key(line: Line) -> tuple[str, int]:
    return re.sub(r"\d+", "#", norm(line.text)), round(line.y)


def _edge_key(edge: Edge) -> tuple[int, int, int]:
    return round(edge.x0), round(edge.x1), round(edge.y0)


def probe(pdf: bytes, kinds: Sequence[str], page_counts: Sequence[int], blank_text: str) -> Packet:
    """The facts of one rendered PDF holding ``kinds`` with ``page_counts`` pages each."""
    pages = read_pages(pdf)
    docs: list[Doc] = []
    start = 0
    blank = norm(blank_text)
    for kind, count in zip(kinds, page_counts, strict=True):
        own = list(range(start, start + count))
        blanks = [i for i in own if blank and any(blank in norm(ln.text) for ln in pages[i].lines)]
        docs.append(Doc(kind, [i for i in own if i not in blanks], blanks))
        for number, i in enumerate(own, start=1):
            pages[i].kind, pages[i].number, pages[i].blank = kind, number, i in blanks
        start += count
    zones: dict[str, tuple[float, float]] = {}
    for doc in docs:
        if len(doc.pages) < 2:
            continue
        # Furniture: text and rules at the same place on every page of the document.
        common = set.intersection(*({_key(ln) for ln in pages[i].lines} for i in doc.pages))
        rules = set.intersection(*({_edge_key(e) for e in pages[i].edges if e.horizontal} for i in doc.pages))
        page = pages[doc.pages[0]]
        furniture = [ln for ln in page.lines if _key(ln) in common]
        middle = page.height / 2
        tops = [ln.bottom for ln in furniture if ln.y > middle] + [y for _, _, y in rules if y > middle]
        lows = [ln.top for ln in furniture if ln.y < middle] + [y for _, _, y in rules if y < middle]
        zones[doc.kind] = (min(tops, default=page.height), max(lows, default=0.0))
    for doc in docs:
        # A one-page document: the lowest header and highest footer of the others.
        header = zones.get(doc.kind, (min((z[0] for z in zones.values()), default=0.0), 0.0))[0]
        footer = zones.get(doc.kind, (0.0, max((z[1] for z in zones.values()), default=0.0)))[1]
        for i in [*doc.pages, *doc.blanks]:
            pages[i].header_y, pages[i].footer_y = header, footer
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.body():
            sizes.update(round(s, 1) for ch, s in zip(line.text, line.sizes, strict=True) if not ch.isspace())
    return Packet(pages, docs, sizes.most_common(1)[0][0] if sizes else 0.0)


# -- looking things up -----------------------------------------------------------------------------


def find(pages: Iterable[Page], needle: str, *, zone: str = "body") -> list[Line]:
    """Lines holding ``needle`` (compared after norm), in the body, header, footer or anywhere."""
    want = norm(needle)
    out: list[Line] = []
    for page in pages:
        lines = page.body() if zone == "body" else page.header() if zone == "header" else page.footer()
        lines = page.lines if zone == "any" else lines
        out.extend(ln for ln in lines if want and want in norm(ln.text))
    return out


def reading_order(lines: Iterable[Line]) -> list[Line]:
    return sorted(lines, key=lambda ln: (ln.page, -ln.y, ln.x0))


def phrase_pattern(phrase: str, *, breaks: str = "none") -> re.Pattern[str]:
    """A pattern for ``phrase`` in Page.joined(): parted at no line end ("none"), only at its spaces
    and after its own hyphens ("words"), or anywhere ("any", an inserted hyphen allowed)."""
    parts = []
    for ch in norm(phrase):
        if ch == " ":
            parts.append(r"[ \n]" if breaks != "none" else " ")
        elif breaks == "any":
            parts.append(re.escape(ch) + r"(?:-?\n)?")
        elif ch == "-" and breaks == "words":
            parts.append(r"-\n?")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts))


def enclosing_box(
    page: Page, x0: float, x1: float, y0: float, y1: float
) -> tuple[float, float, float, float] | None:
    """The nearest drawn rules above, below, left and right of a region, if all four exist
    (a box, or a table cell); as (left, bottom, right, top)."""
    above = [
        e.y0 for e in page.edges if e.horizontal and e.y0 > y1 - 0.5 and e.x0 <= x0 + 1 and e.x1 >= x1 - 1
    ]
    below = [
        e.y0 for e in page.edges if e.horizontal and e.y0 < y0 + 0.5 and e.x0 <= x0 + 1 and e.x1 >= x1 - 1
    ]
    left = [e.x0 for e in page.edges if e.vertical and e.x0 < x0 + 0.5 and e.y0 <= y0 + 1 and e.y1 >= y1 - 1]
    right = [e.x0 for e in page.edges if e.vertical and e.x0 > x1 - 0.5 and e.y0 <= y0 + 1 and e.y1 >= y1 - 1]
    if not (above and below and left and right):
        return None
    return max(left), max(below), min(right), min(above)


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def full_body_lines(packet: Packet) -> list[Line]:
    """Body lines in regular body type that fill most of their measure (not a paragraph's last line)."""
    body = [
        ln
        for page in packet.pages
        if not page.blank
        for ln in page.body()
        if abs(ln.size - packet.body_size) < 0.2 and not ln.bold and len(ln.text) > 8
    ]
    if not body:
        return []
    measure = percentile([ln.x1 - ln.x0 for ln in body], 0.95)
    return [ln for ln in body if ln.x1 - ln.x0 >= 0.85 * measure]


def chars_per_line(packet: Packet) -> list[int]:
    return [len(norm(ln.text)) for ln in full_body_lines(packet)]


def summary(values: Sequence[float]) -> str:
    if not values:
        return "none"
    return f"median {median(values):g}, p10 {percentile(values, 0.1):g}, p90 {percentile(values, 0.9):g}"
