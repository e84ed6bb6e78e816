"""The risk table: what can happen and how likely it is, grouped, with a grey heading per group;
the overall figure above it and what to do under it."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table

from docgen.document import RiskTable
from docgen.layout.blocks import GREY, table_style
from docgen.layout.cells import Cells
from docgen.layout.fonts import markup
from docgen.layout.keep import Gap
from docgen.layout.para import SharedParagraph
from docgen.layout.styles import Profile


class RiskGrid(Table):
    """A table of grouped rows that, when it goes on to a new page, repeats its column header and
    the label of the group it is in the middle of ("Rare, but serious"), so no row is ever read
    under the wrong group."""

    labels: tuple[int, ...] = ()

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        grid: Any = self  # ReportLab's measuring internals are untyped
        grid._calc(availWidth, availHeight)
        # The first row that goes on to the next page, as ReportLab will choose it (no split
        # inside a group's label and first two rows).
        moved = grid._getFirstPossibleSplitRowPosition(availHeight)
        label = max((g for g in self.labels if g < moved), default=0)
        if moved in self.labels:
            label = 0  # the next page starts with a label of its own
        grid.repeatRows = (0, label) if label else 1
        try:
            parts: list[Any] = super().split(availWidth, availHeight)
        finally:
            grid.repeatRows = 1
        if len(parts) == 2 and isinstance(parts[1], RiskGrid):
            kept = len(parts[0]._cellvalues)
            rest = parts[1]
            head = 2 if label else 1
            rest.labels = (*((1,) if label else ()), *(g - kept + head for g in self.labels if g >= kept))
            rest.repeatRows = 1
        return parts


def draw_risks(part: RiskTable, cells: Cells) -> list[Flowable]:
    w = cells.p.width
    rows: list[list[object]] = [[cells.bold(part.what), cells.bold(part.likely)]]
    labels: list[int] = []
    style: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.75, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("BACKGROUND", (0, 0), (-1, 0), GREY),
    ]
    for group in part.groups:
        first = len(rows)
        labels.append(first)
        style.append(("SPAN", (0, first), (-1, first)))
        style.append(("BACKGROUND", (0, first), (-1, first), GREY))
        rows.append([cells.bold(group.title), ""])
        rows.extend([cells.cell(row.wording), cells.cell(row.likelihood)] for row in group.rows)
        # A group label never ends a page: it stays with at least its first two rows.
        style.append(("NOSPLIT", (0, first), (-1, min(first + 2, len(rows) - 1))))
    # Large print: a wider likelihood column, so "less than 1 in 1,000 people (not well measured)"
    # takes two or three lines, not four or five.
    likely = 0.38 if cells.p.large else 0.32
    table = RiskGrid(rows, colWidths=[w * (1 - likely), w * likely], repeatRows=1)
    table.labels = tuple(labels)
    table.setStyle(table_style(style))
    # The sentences above and under the table read as running text, at its measure.
    running = _running(cells.p)
    intro = [SharedParagraph(markup(part.intro, cells.source), running)] if part.intro else []
    notes: list[Flowable] = [Gap(cells.p.body * 0.5)] if part.notes else []
    notes.extend(SharedParagraph(markup(note, cells.source), running) for note in part.notes)
    return [*intro, table, *notes, Gap(cells.p.body * (0.3 if part.notes else 0.8))]


def _running(profile: Profile) -> ParagraphStyle:
    """The body style narrowed to the running-text measure, as paragraphs outside boxes are."""
    base = profile.styles["body"]
    if not profile.narrow:
        return base
    return profile.derived("body-measure", "body", rightIndent=base.rightIndent + profile.narrow)
