"""The risk table: what can happen and how likely it is, grouped, with a grey heading per group."""

from __future__ import annotations

from reportlab.platypus import Flowable

from docgen.document import RiskTable
from docgen.layout.blocks import GREY, Cells, Gap


def draw_risks(part: RiskTable, cells: Cells) -> list[Flowable]:
    w = cells.p.width
    rows: list[list[object]] = [[cells.bold(part.what), cells.bold(part.likely)]]
    extra: list[tuple[object, ...]] = []
    for group in part.groups:
        extra.append(("SPAN", (0, len(rows)), (-1, len(rows))))
        extra.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), GREY))
        rows.append([cells.bold(group.title), ""])
        rows.extend([cells.cell(row.wording), cells.cell(row.likelihood)] for row in group.rows)
    table = cells.grid(rows, [w * 0.68, w * 0.32], extra=extra)
    return [table, Gap(cells.p.body * 0.8)]
