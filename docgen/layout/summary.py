"""The visit summary at the top of every document: procedure and side, date, physician, phones."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from docgen.document import Field
from docgen.layout.blocks import GREY
from docgen.layout.cells import Cells
from docgen.layout.keep import Gap


def draw_summary(rows: tuple[Field, ...], cells: Cells) -> list[Flowable]:
    """Labels in a column as wide as the longest of them (so the values get the room), values bold."""
    w = cells.p.width
    style = cells.s["cell"]
    longest = max((stringWidth(label, style.fontName, style.fontSize) for label, _ in rows), default=0)
    label_w = min(max(longest + 12, w * 0.18), w * 0.35)
    table = cells.grid(
        [[cells.cell(label), cells.bold(value)] for label, value in rows],
        [label_w, w - label_w],
        header=False,
        extra=[("BACKGROUND", (0, 0), (0, -1), GREY)],
    )
    return [table, Gap(cells.p.body * 0.8)]
