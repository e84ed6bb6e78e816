"""The clinic's shaded result box on a diagnostic diary: marked for staff, with writing lines."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table

from docgen.document import ClinicBox
from docgen.layout.blocks import GREY, table_style
from docgen.layout.cells import Cells
from docgen.layout.fonts import markup
from docgen.layout.keep import Gap, KeepWithPrevious
from docgen.layout.para import SharedParagraph


def draw_clinic_box(part: ClinicBox, cells: Cells) -> list[Flowable]:
    """A shaded, heavy-bordered box marked for the clinic, kept with the section before it (the
    layout never leaves it alone on a page): its fields are writing lines, two a row (one in large
    print)."""
    p, source = cells.p, cells.source
    inner = p.width - 16
    pairs = [list(row) for row in part.rows] if not p.large else [[pair] for row in part.rows for pair in row]
    columns = 2 if not p.large else 1
    label_w = inner * (0.2 if columns == 2 else 0.5)
    line_w = inner / columns - label_w
    data: list[list[object]] = []
    spans: list[tuple[object, ...]] = []
    for r, row in enumerate(pairs):
        row_cells: list[object] = []
        for text, prefill in row:
            row_cells += [
                cells.cell(text, "cell-small"),
                cells.cell(prefill, "cell-small") if prefill else "",
            ]
        if len(row) < columns:
            row_cells += ["", ""]
            spans.append(("SPAN", (1, r), (-1, r)))
        data.append(row_cells)
    fields = Table(
        data,
        colWidths=[label_w, line_w] * columns,
        rowHeights=[p.row_height * (0.85 if columns == 2 else 0.68)] * len(data),
    )
    lines: list[tuple[object, ...]] = [
        ("LINEBELOW", (c, 0), (c, -1), 0.9, colors.black) for c in range(1, 2 * columns, 2)
    ]
    lines += [("LINEBELOW", span[1], span[2], 0.9, colors.black) for span in spans]
    fields.setStyle(
        table_style(
            [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 2), *spans, *lines]
        )
    )
    mark = f"<b>{markup(part.mark.upper(), source)}</b>"
    words = f"{mark}<br/>{markup(part.title, source)}"
    if part.note:  # for staff: why this result needs a second look
        words += f"<br/><b>{markup(part.note, source)}</b>"
    title = SharedParagraph(words, cells.s["cell-bold"] if p.large else cells.s["cell"])
    box = Table([[title], [fields]], colWidths=[p.width])
    box.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), GREY),
                ("BOX", (0, 0), (-1, -1), 2.5, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (0, 0), 6),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
            ]
        )
    )
    return [KeepWithPrevious([Gap(p.body * 0.4), box, Gap(p.body * 0.8)])]
