"""The visit summary at the top of every document: procedure and side, date, physician, phones."""

from __future__ import annotations

from reportlab.platypus import Flowable

from docgen.document import Field
from docgen.layout.blocks import GREY
from docgen.layout.cells import Cells
from docgen.layout.keep import Gap


def draw_summary(rows: tuple[Field, ...], cells: Cells) -> list[Flowable]:
    w = cells.p.width
    table = cells.grid(
        [[cells.cell(label), cells.bold(value)] for label, value in rows],
        [w * 0.3, w * 0.7] if cells.p.large else [w * 0.22, w * 0.78],
        header=False,
        extra=[("BACKGROUND", (0, 0), (0, -1), GREY)],
    )
    return [table, Gap(cells.p.body * 0.8)]
