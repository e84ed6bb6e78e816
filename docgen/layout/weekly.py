"""The weekly rows of a diary: three 0-10 scores written in (the PEG items) and notes; in large
print, cards without the notes column."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from docgen.document import WeeklyTable
from docgen.layout.cells import Cells
from docgen.layout.fields import blank
from docgen.layout.fonts import markup
from docgen.layout.keep import Gap
from docgen.layout.para import SharedParagraph

#: The names of a week's fields: the three scores, then the notes.
KEYS = ("pain", "enjoyment", "activity", "notes")


def draw_weekly(part: WeeklyTable, cells: Cells) -> list[Flowable]:
    """One row a week: three 0-10 scores written in (the PEG items) and notes."""
    if cells.p.large:
        return _weekly_cards(part, cells)
    p, source = cells.p, cells.source
    w = p.width
    head = p.derived("weekly-head", "cell-small", fontName=cells.s["cell-bold"].fontName)
    header = [SharedParagraph(markup(x, source), head) for x in (part.when, *part.items, part.notes)]
    data: list[list[Any]] = [header]
    for n, (week, day) in enumerate(part.rows):
        when = f"<b>{markup(week, source)}</b><br/>" + markup(day, source)
        data.append([SharedParagraph(when, cells.s["cell-small"]), *_blanks(part, cells, n, 4)])
    widths = [w * 0.16, w * 0.19, w * 0.19, w * 0.19, w * 0.27]
    heights: list[float | None] = [None] + [p.row_height] * len(part.rows)
    return [cells.grid(data, widths, row_heights=heights), Gap(p.body * 0.8)]


def _weekly_cards(part: WeeklyTable, cells: Cells) -> list[Flowable]:
    """Large print: the same grid without the notes column, the questions in 16 pt at the head
    of each page's columns, a hand-written row a week."""
    p, source = cells.p, cells.source
    w = p.width
    head = p.derived("weekly-head-large", "cell-small", fontSize=16.0, leading=19.5)
    header = [SharedParagraph(f"<b>{markup(part.when, source)}</b>", head)]
    header += [SharedParagraph(markup(item, source), head) for item in part.items]
    data: list[list[Any]] = [header]
    for n, (week, day) in enumerate(part.rows):
        when = f"<b>{markup(week, source)}</b><br/>" + markup(day, source)
        data.append([SharedParagraph(when, cells.s["cell"]), *_blanks(part, cells, n, 3)])
    widths = [w * 0.25] * 4
    heights: list[float | None] = [None] + [p.row_height * 1.1] * len(part.rows)
    return [cells.grid(data, widths, row_heights=heights), Gap(p.body * 0.8)]


def _blanks(part: WeeklyTable, cells: Cells, n: int, count: int) -> list[Any]:
    """A week's empty cells: "" on paper only; fields when the diary is fillable (a score box
    takes 0 to 10, the notes several lines)."""
    week, day = part.rows[n]
    key = part.keys[n] if n < len(part.keys) else f"week_row{n + 1}"
    heads = (*part.items, part.notes)
    return [
        blank(cells.form, f"{key}.{KEYS[c]}", f"{week}, {day}: {heads[c]}", "text" if c == 3 else "score")
        for c in range(count)
    ]
