"""The diary grid: rows to fill in with a 0-10 scale to circle; full-width cards in large print."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table

from docgen.document import DiaryTable, WeeklyTable
from docgen.layout.blocks import GREY, Cells, Gap, Keep, table_style
from docgen.layout.fonts import markup
from docgen.layout.para import SharedParagraph
from docgen.layout.scale import numbers


def draw_diary(part: DiaryTable, cells: Cells) -> list[Flowable]:
    if cells.p.large:
        return _cards(part, cells)
    p, source = cells.p, cells.source
    w = p.width
    widths = [w * 0.17, w * 0.37, w * 0.12, w * 0.17, w * 0.17]
    head = p.derived("diary-head", "cell-small", fontName=cells.s["cell-bold"].fontName)
    header: list[object] = [
        SharedParagraph(markup(text, source), head)
        for text in (part.when, part.pain, part.relief, part.activity, part.medicines)
    ]
    data: list[list[object]] = [header]
    for label, clock in part.rows:
        when = f"<b>{markup(label, source)}</b>"
        if clock:
            when += f"<br/>{markup(clock, source)}"
        data.append(
            [SharedParagraph(when, cells.s["cell-small"]), numbers(cells, widths[1] - 14), "", "", ""]
        )
    heights: list[float | None] = [None] + [p.row_height] * len(part.rows)
    return [cells.grid(data, widths, row_heights=heights), Gap(p.body * 0.8)]


def _cards(part: DiaryTable, cells: Cells) -> list[Flowable]:
    """Large print: one boxed card a row, the 0-10 scale across the full width at body size."""
    p, source = cells.p, cells.source
    w = p.width
    label = p.derived("card-label", "body", spaceAfter=0)
    cards: list[Flowable] = []
    for when, clock in part.rows:
        title = f"<b>{markup(when, source)}</b>"
        if clock:
            title += f"  ·  {markup(clock, source)}"
        labels = [
            SharedParagraph(markup(text, source), label)
            for text in (part.relief, part.activity, part.medicines)
        ]
        data: list[list[Any]] = [
            [SharedParagraph(title, cells.s["cell-bold"]), "", ""],
            [
                SharedParagraph(markup(part.pain, source), label),
                numbers(cells, w * 0.76 - 12, p.body * 1.1),
                "",
            ],
            labels,
        ]
        table = Table(
            data,
            colWidths=[w * 0.24, w * 0.38, w * 0.38],
            rowHeights=[None, None, p.row_height + p.leading * 2],
        )
        table.setStyle(
            table_style(
                [
                    ("SPAN", (0, 0), (-1, 0)),
                    ("SPAN", (1, 1), (2, 1)),
                    ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), GREY),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.75, colors.black),
                    ("INNERGRID", (0, 2), (-1, -1), 0.75, colors.black),
                    ("LINEABOVE", (0, 2), (-1, 2), 0.75, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("VALIGN", (0, 1), (-1, 1), "MIDDLE"),
                ]
            )
        )
        cards.append(Keep([table, Gap(p.body * 0.6)]))
    return cards


def draw_weekly(part: WeeklyTable, cells: Cells) -> list[Flowable]:
    """One row a week: three 0-10 scores written in (the PEG items) and notes."""
    if cells.p.large:
        return _weekly_cards(part, cells)
    p, source = cells.p, cells.source
    w = p.width
    head = p.derived("weekly-head", "cell-small", fontName=cells.s["cell-bold"].fontName)
    header = [SharedParagraph(markup(x, source), head) for x in (part.when, *part.items, part.notes)]
    data: list[list[Any]] = [header]
    for week, day in part.rows:
        when = f"<b>{markup(week, source)}</b><br/>" + markup(day, source)
        data.append([SharedParagraph(when, cells.s["cell-small"]), "", "", "", ""])
    widths = [w * 0.16, w * 0.19, w * 0.19, w * 0.19, w * 0.27]
    heights: list[float | None] = [None] + [p.row_height] * len(part.rows)
    return [cells.grid(data, widths, row_heights=heights), Gap(p.body * 0.8)]


def _weekly_cards(part: WeeklyTable, cells: Cells) -> list[Flowable]:
    p, source = cells.p, cells.source
    w = p.width
    cards: list[Flowable] = []
    for week, day in part.rows:
        title = f"<b>{markup(week, source)}</b>  ·  {markup(day, source)}"
        rows: list[list[Any]] = [[SharedParagraph(title, cells.s["cell-bold"]), ""]]
        rows += [[SharedParagraph(markup(item, source), cells.s["cell"]), ""] for item in part.items]
        table = Table(
            rows, colWidths=[w * 0.7, w * 0.3], rowHeights=[None] + [p.row_height] * len(part.items)
        )
        table.setStyle(
            table_style(
                [
                    ("SPAN", (0, 0), (-1, 0)),
                    ("GRID", (0, 0), (-1, -1), 0.75, colors.black),
                    ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), GREY),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        cards.append(Keep([table, Gap(p.body * 0.6)]))
    return cards
