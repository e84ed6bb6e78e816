"""Signature blocks: labelled writing lines, two fields a row (one a row in large print)."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table

from docgen.document import Field, Signatures, SignBlock
from docgen.layout.blocks import Cells, Gap, Keep, table_style
from docgen.layout.fonts import markup
from docgen.layout.para import SharedParagraph


def draw_sign_block(block: SignBlock, cells: Cells) -> list[Flowable]:
    """A titled block of label + writing-line pairs; each row has one or two pairs."""
    p = cells.p
    if p.large:
        return _large(block.title, [pair for row in block.rows for pair in row], cells)
    w = p.width
    label_w, line_w = w * 0.17, w * 0.33
    data: list[list[object]] = []
    spans: list[tuple[object, ...]] = []
    for r, row in enumerate(block.rows):
        row_cells: list[object] = []
        for label, prefill in row:
            row_cells.extend([cells.cell(label, "cell-small"), cells.bold(prefill) if prefill else ""])
        if len(row) == 1:
            row_cells.extend(["", ""])
            spans.append(("SPAN", (1, r), (3, r)))
        data.append(row_cells)
    table = Table(data, colWidths=[label_w, line_w, label_w, line_w], rowHeights=[p.row_height] * len(data))
    style: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LINEBELOW", (1, 0), (1, -1), 0.9, colors.black),
        ("LINEBELOW", (3, 0), (3, -1), 0.9, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        *spans,
    ]
    for r, row in enumerate(block.rows):
        if len(row) == 1:
            style.append(("LINEBELOW", (1, r), (3, r), 0.9, colors.black))
    table.setStyle(table_style(style))
    heading = SharedParagraph(markup(block.title, cells.source), cells.s["h2"])
    return [Keep([heading, table, Gap(p.body * 0.6)])]


def _large(title: str, pairs: list[Field], cells: Cells) -> list[Flowable]:
    """Large print: one field a row, its label above a full-width writing line.

    Each field is kept whole, so a block taller than a page breaks between fields.
    """
    p = cells.p
    fields: list[Flowable] = []
    for label, prefill in pairs:
        table = Table(
            [[cells.cell(label, "cell-small")], [cells.bold(prefill) if prefill else ""]],
            colWidths=[p.width],
            rowHeights=[None, p.row_height],
        )
        table.setStyle(
            table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2),
                    ("LINEBELOW", (0, 1), (0, 1), 0.9, colors.black),
                ]
            )
        )
        fields.append(table)
    heading = SharedParagraph(markup(title, cells.source), cells.s["h2"])
    return [Keep([heading, fields[0]]), *(Keep([f]) for f in fields[1:]), Gap(p.body * 0.6)]


def draw_signatures(part: Signatures, cells: Cells) -> list[Flowable]:
    out = [
        *draw_sign_block(part.patient, cells),
        SharedParagraph(markup(part.note, cells.source), cells.s["cell-small"]),
        Gap(cells.p.body * 0.6),
    ]
    for block in part.others:
        out.extend(draw_sign_block(block, cells))
    return out
