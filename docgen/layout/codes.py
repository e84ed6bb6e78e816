"""The scan-back code on every page, and the document ID printed small under the footer.

Both sit in the strips the page leaves free: the 13 mm between the paper's edge and the footer's
text (or the header's top). The code fills 4.5 mm to 12 mm from the edge, clear of a printer's
unprintable border and of any text; its position is a setting (``[codes] position``). zxing-cpp
encodes the payload to modules, drawn here as one vector path (no image, no ReportLab widget).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.units import inch, mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from docgen.identity import encode_payload
from docgen.layout.fonts import TEXT
from docgen.layout.styles import Profile

#: The strip the code and the ID are drawn in, from the paper's edge: clear of the unprintable
#: border (about 4.2 mm on most printers) and of the footer's text, which starts at 13 mm.
LOW, HIGH = 4.5 * mm, 12 * mm
#: Code 128: the narrowest bar, and the quiet zone each side (10 modules).
BAR = inch / 75  # 0.34 mm: two dots at 150 dpi, four at 300
QUIET = 10
#: Data Matrix: the module (the same two dots at 150 dpi); a 22 x 22 symbol fills the strip.
CELL = inch / 75


@dataclass(frozen=True)
class Stamp:
    """What one document's pages carry: its code's settings and the ID line ("" for none)."""

    kind: str
    doc_id: str | None
    mrn: str | None
    symbology: str = "code128"
    position: str = "footer-left"
    #: False: no code, only the ID line.
    code: bool = True
    #: "Document ID 7KQ2M-9XD4R", or "" when the print has no ID.
    id_line: str = ""


@dataclass(frozen=True)
class Symbol:
    """A code as one PDF path in module units (quiet zones included), and its size."""

    #: ``x y w h re`` for each dark run, then ``f``: integers, scaled into place when drawn.
    operators: str
    #: Size in modules, quiet zones included; the size of a module in points, across and up.
    columns: int
    rows: int
    across: float
    up: float
    #: The columns of the first and after the last dark module.
    first: int
    last: int

    @property
    def width(self) -> float:
        return self.columns * self.across

    @property
    def height(self) -> float:
        return self.rows * self.up


@lru_cache(maxsize=4096)
def symbol(payload: str, symbology: str) -> Symbol:
    """The code for ``payload``: zxing-cpp's modules as runs of dark cells, one path."""
    import zxingcpp

    if symbology == "datamatrix":
        code = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.DataMatrix, forceSquare=True)
        image = code.to_image(add_quiet_zones=False)
        rows, cols = image.shape
        data = memoryview(image).tobytes()  # type: ignore[arg-type]  # a buffer at run time
        parts = []
        for r in range(rows):
            y = rows - r  # one module of quiet zone below and at the left
            row = data[r * cols : (r + 1) * cols]
            parts += [f"{m.start() + 1} {y} {m.end() - m.start()} 1 re" for m in _DARK.finditer(row)]
        return Symbol(" ".join(parts) + " f", cols + 2, rows + 2, CELL, CELL, 1, cols + 1)
    code = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.Code128)
    image = code.to_image(add_quiet_zones=False)
    cols = image.shape[1]
    row = memoryview(image).tobytes()[:cols]  # type: ignore[arg-type]
    runs = [f"{m.start() + QUIET} 0 {m.end() - m.start()} 1 re" for m in _DARK.finditer(row)]
    return Symbol(" ".join(runs) + " f", cols + 2 * QUIET, 1, BAR, HIGH - LOW, QUIET, cols + QUIET)


_DARK = re.compile(rb"[\x00-\x7f]+")


def draw_stamp(canv: Canvas, profile: Profile, stamp: Stamp, page: int, pages: int) -> None:
    """The code for page ``page`` of ``pages`` and the ID line, in their strips."""
    width, height = profile.pagesize
    left, right = profile.margin, width - profile.margin
    code_right = stamp.position.endswith("right")
    span = None
    if stamp.code:
        sym = symbol(encode_payload(stamp.doc_id, stamp.kind, stamp.mrn, page, pages), stamp.symbology)
        # The bars line up with the text's edge; the quiet zone reaches into the margin.
        x = right - sym.last * sym.across if code_right else left - sym.first * sym.across
        top = stamp.position.startswith("top")
        y = (height - HIGH if top else LOW) + (HIGH - LOW - sym.height) / 2
        # One literal path, scaled and moved into place: a hundred ``path.rect`` calls cost more.
        move = f"{sym.across:.4f} 0 0 {sym.up:.4f} {x:.3f} {y:.3f} cm"
        canv.addLiteral(f"q 0 g {move} {sym.operators} Q")
        if not top:
            span = (x, x + sym.width)
    if stamp.id_line:
        _draw_id(canv, profile, stamp.id_line, span, at_right=not code_right)


def _draw_id(
    canv: Canvas, profile: Profile, text: str, code: tuple[float, float] | None, *, at_right: bool
) -> None:
    """The ID line at the footer's size (14 pt in large print), in the lower strip on the side the
    code leaves free; where a wide code (a long MRN, large type) leaves too little room, in the
    upper strip, which is free across the page."""
    width, height = profile.pagesize
    left, right = profile.margin, width - profile.margin
    size = profile.small if profile.large else 9.0  # as the footer's lines
    base = LOW + (HIGH - LOW - size * 0.7) / 2
    if code is not None:
        room = (right - code[1]) if at_right else (code[0] - left)
        if stringWidth(text, TEXT, size) > room - 3 * mm:
            base += height - HIGH - LOW
    canv.saveState()
    canv.setFont(TEXT, size)
    if at_right:
        canv.drawRightString(right, base, text)
    else:
        canv.drawString(left, base, text)
    canv.restoreState()
