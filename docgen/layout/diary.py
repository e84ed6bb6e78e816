"""The diary grid: a row per time with a 0-10 scale to circle and cells to write in; compact
full-width cards in large print; the clinic's shaded result box. No relief column: the patient
scores pain, the clinic works out the relief."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table

from docgen.document import DiaryRow, DiaryTable
from docgen.layout.blocks import GREY, table_style
from docgen.layout.cells import Cells
from docgen.layout.fields import FormTable, blank, slot
from docgen.layout.fonts import markup
from docgen.layout.keep import Gap, Keep, KeepWithPrevious
from docgen.layout.para import SharedParagraph
from docgen.layout.scale import numbers

#: The narrowest a column for handwriting may be: 1.8 in.
WRITING = 130.0
#: The 0-10 digits: about 2 in (a 0.18 in pitch is still easy to circle).
DIGITS = 144.0
#: The When column is never narrower than this ("2 horas después").
WHEN = 78.0
#: Side padding of the When cells (the default 6 pt would squeeze their words).
PAD = 2.5
#: Large-print cards: the "what you tried" cell (its 16 pt label fits on one line).
CARD_ACTIVITY = 130.0  # 1.8 in: a few words by hand
CARD_PAD = 3.0
#: The writing row of a card: a 16 pt label and about 0.3 in to write under it (and beside it).
CARD_WRITING = 40.0


def grid_widths(width: float) -> list[float]:
    """Column widths of the standard grid: when, pain digits, what you tried, medicines.

    The writing columns get 1.8 in; the digits take up to 2 in of the rest and the When column
    what is left (more on letter than on A4), room for a time written by hand.
    """
    rest = width - 2 * WRITING
    digits = min(DIGITS, rest - WHEN)
    return [rest - digits, digits, WRITING, WRITING]


def draw_diary(part: DiaryTable, cells: Cells) -> list[Flowable]:
    if not cells.p.large:
        out = _grid(part, cells)
    elif len(part.rows) > LONG and part.write_score:
        out = _write_in(part, cells)
    else:
        out = _cards(part, cells)
        gap = Gap(cells.p.body * 0.8)
        out += [KeepWithPrevious([_write_line(text, cells), gap]) for text in part.lines]
    if part.start:  # the line the rows count from (the time of the shot), room to write the time
        style = cells.p.derived("diary-start", "cell-bold", leading=cells.p.body * 2.2)
        tip = part.start.split("_")[0].strip(" :")
        key = f"{part.key or 'grid'}.start_time"
        out = [slot(cells.form, key, tip, markup(part.start, cells.source), style, part.start), *out]
    return out


def _table(
    part: DiaryTable, cells: Cells, data: list[list[object]], widths: list[float], heads: int, **kw: Any
) -> Table:
    """The grid, with the lines to write on ("Time your usual pain came back") as last rows across
    it: a page never breaks before the last two rows and the lines."""
    heights: list[float | None] = kw.pop("row_heights")
    extra: list[Any] = kw.pop("extra")
    for n, text in enumerate(part.lines, 1):
        r = len(data)
        label = SharedParagraph(markup(text, cells.source), cells.s["cell-bold"])
        top = label.wrap(sum(widths) - 12, 1000)[1] + 2 if cells.form else 0  # the field goes under it
        field = blank(cells.form, f"{part.key or 'grid'}.line{n}", text.rstrip(" :"), "text", top)
        data.append([[label, field] if field else label, *[""] * (len(widths) - 1)])
        heights.append(cells.p.row_height * 1.5)
        extra += [("SPAN", (0, r), (-1, r)), ("VALIGN", (0, r), (-1, r), "TOP")]
    extra.append(("NOSPLIT", (0, -2 - len(part.lines)), (-1, -1)))
    table = cells.grid(data, widths, row_heights=heights, extra=extra)
    table.repeatRows = heads
    return table


def _write_line(text: str, cells: Cells) -> Table:
    """A bold label and a full-width line under it to write on."""
    p = cells.p
    words = SharedParagraph(markup(text, cells.source), cells.s["cell-bold"])
    table = Table([[words]], colWidths=[p.width], rowHeights=[max(p.row_height, p.body * 2.4)])
    line = ("LINEBELOW", (0, 0), (0, 0), 0.9, colors.black)
    pads = [("LEFTPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), p.body * 0.5)]
    table.setStyle(table_style([*pads, ("VALIGN", (0, 0), (-1, -1), "TOP"), line]))
    return table


def _said(row: DiaryRow) -> str:
    """A row's when in plain words, for its fields' tooltips: "Day 3, Tue, Dec 1"."""
    return f"{row.label}, {row.hint}" if row.hint else row.label


def _slot(part: DiaryTable, row: DiaryRow, cells: Cells, style: Any) -> list[Flowable]:
    """A row's time blank, with its field when the diary is fillable."""
    tip = f"{_said(row)}: {part.time}"
    return [slot(cells.form, f"{row.key}.time", tip, markup(row.slot, cells.source), style, row.slot)]


def _score_names(part: DiaryTable, row: DiaryRow) -> list[tuple[str, str]]:
    """(field key, tooltip) of a row's 0-10 scores, one a side ("day3.pain_left")."""
    said = f"{_said(row)}: {part.pain_word}"
    if len(part.scores) == 1:
        return [(f"{row.key}.pain", f"{said} (0-10)")]
    sides = zip(("left", "right"), part.scores, strict=False)
    return [(f"{row.key}.pain_{side}", f"{said}, {long} (0-10)") for side, (_, long) in sides]


def _writing(part: DiaryTable, row: DiaryRow, cells: Cells, heads: Sequence[str]) -> list[Any]:
    """A row's two writing cells (what was tried, medicines): "" or their fields."""
    keys = ("activity", "medicines")
    said = _said(row)
    return [blank(cells.form, f"{row.key}.{k}", f"{said}: {h}") for k, h in zip(keys, heads, strict=True)]


def _when(row: DiaryRow, cells: Cells) -> str:
    """The When words: the label in bold, the hint (a date) under it."""
    text = f"<b>{markup(row.label, cells.source)}</b>"
    if row.hint:
        text += f"<br/>{markup(row.hint, cells.source)}"
    return text


def _scores(part: DiaryTable, cells: Cells, width: float, row: DiaryRow, *, card: bool = False) -> Table:
    """One 0-10 line, or one per side with its label in front ("L" in the grid, "Left side" on a card);
    on a fillable diary each line carries a radio group named for its row and side."""
    p = cells.p
    specs: list[Any] = [None] * len(part.scores)
    if cells.form:
        specs = [cells.form.spec(key, tip, "radio") for key, tip in _score_names(part, row)]
    if len(part.scores) == 1 and not card:
        return numbers(cells, width, _digit_size(p.body, width), specs[0])
    label_w = (88.0 if len(part.scores) > 1 else 56.0) if card else 10.0
    bold = cells.s["cell-bold"].fontName
    style = (
        p.derived("card-side", "cell-bold", leading=p.body * 1.2)
        if card
        else p.derived("diary-side", "cell-small", fontName=bold)
    )
    digits = width - label_w
    size = p.body if card else _digit_size(p.body, digits)
    rows = [
        [
            SharedParagraph(markup(long if card else short, cells.source), style),
            numbers(cells, digits, size, spec),
        ]
        for (short, long), spec in zip(part.scores, specs, strict=True)
    ]
    table = Table(rows, colWidths=[label_w, digits])
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                *([("LINEBELOW", (0, 0), (-1, -2), 0.4, colors.grey)] if len(rows) > 1 else []),
            ]
        )
    )
    return table


def _digit_size(body: float, width: float) -> float:
    """Digits as big as their share of the width allows ("10" must not touch "9"), at most 12 pt."""
    return min(body, 12.0, width / 11 * 0.78)


def _grid(part: DiaryTable, cells: Cells) -> list[Flowable]:
    p, source = cells.p, cells.source
    widths = grid_widths(p.width)
    head = p.derived("diary-head", "cell-small", fontName=cells.s["cell-bold"].fontName)
    small = cells.s["cell-small"]
    # Room above the underscores to write the time in.
    slot_style = p.derived("diary-slot", "cell-small", spaceBefore=p.label * 0.8)
    header: list[object] = [
        SharedParagraph(markup(text, source), head)
        for text in (part.when, part.pain, part.activity, part.medicines)
    ]
    data: list[list[object]] = [header]
    heights: list[float | None] = [None]
    extra: list[tuple[object, ...]] = [
        ("LEFTPADDING", (0, 0), (0, -1), PAD),
        ("RIGHTPADDING", (0, 0), (0, -1), PAD),
    ]
    for row in part.rows:
        when: list[Flowable] = [SharedParagraph(_when(row, cells), small)]
        if row.slot:
            when += _slot(part, row, cells, slot_style)
        pain = _scores(part, cells, widths[1] - 8, row)
        data.append([when, pain, *_writing(part, row, cells, (part.activity, part.medicines))])
        inner = widths[0] - 2 * PAD
        need = max(
            sum(para.wrap(inner, 1000)[1] + para.getSpaceBefore() for para in when),
            pain.wrap(widths[1] - 8, 1000)[1],
        )
        heights.append(max(p.row_height, need + 7))
    extra.append(("LEFTPADDING", (1, 1), (1, -1), 4))
    extra.append(("RIGHTPADDING", (1, 1), (1, -1), 4))
    return [_table(part, cells, data, widths, 1, row_heights=heights, extra=extra), Gap(p.body * 0.8)]


#: A large-print diary with more rows than this (day after day) is a grid the score is written in:
#: a card a row would run to three times the pages of standard print.
LONG = 7


def _write_in(part: DiaryTable, cells: Cells) -> list[Flowable]:
    """Large print, many rows: one grid row a day, the pain score written in a box (one a side,
    under one head), then what was tried and the medicines; the heads repeat on every page."""
    p, source = cells.p, cells.source
    head = p.derived("write-head", "cell-small", fontName=cells.s["cell-bold"].fontName)
    sides = [short for short, _ in part.scores] if len(part.scores) > 1 else []
    when_style = p.derived("write-when", "cell-small", leading=p.label * 1.15)
    bold = cells.s["cell-bold"].fontName
    # As wide as "Day 28" over "Mon, Nov 30" (or "15 min after" over its time blank) need.
    when_w = (
        2 * PAD
        + 2
        + max(
            max(
                stringWidth(row.label, bold, when_style.fontSize),
                *(stringWidth(x, when_style.fontName, when_style.fontSize) for x in (row.hint, row.slot)),
            )
            for row in part.rows
        )
    )
    score_w = [40.0] * len(sides) or [64.0]
    # ...but never so wide that a writing column falls under 1.8 in: longer words wrap instead.
    when_w = min(when_w, p.width - sum(score_w) - 2 * CARD_ACTIVITY)
    fixed = when_w + sum(score_w) + CARD_ACTIVITY
    widths = [when_w, *score_w, CARD_ACTIVITY, p.width - fixed]
    writing = [c or h for c, h in zip(part.card, (part.activity, part.medicines), strict=True)]

    def cell(text: str) -> SharedParagraph:
        return SharedParagraph(markup(text, source), head)

    n = len(score_w)
    top = [cell(part.when), cell(part.write_score), *[""] * (n - 1), *map(cell, writing)]
    data: list[list[object]] = [top]
    extra: list[tuple[object, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if sides:
        # A second head row, one box a side ("L", "R") under the pain head, and above both the key
        # to the letters, across the table (it repeats with the heads on every page).
        key = SharedParagraph(markup(part.side_key, source), cells.s["cell-small"])
        data = [[key, *[""] * (len(widths) - 1)], top, ["", *map(cell, sides), "", ""]]
        extra += [("SPAN", (0, 0), (-1, 0)), ("SPAN", (1, 1), (n, 1)), ("BACKGROUND", (0, 2), (-1, 2), GREY)]
        extra += [("SPAN", (c, 1), (c, 2)) for c in (0, n + 1, n + 2)]
        extra += [("BACKGROUND", (0, 0), (-1, 0), colors.white), ("BACKGROUND", (0, 1), (-1, 1), GREY)]
    heads = len(data)
    # Room above a time blank to write in.
    slot_style = p.derived("write-slot", "cell-small", leading=p.label * 1.15, spaceBefore=p.label * 0.35)
    whens = [
        [SharedParagraph(_when(row, cells), when_style)]
        + (_slot(part, row, cells, slot_style) if row.slot else [])
        for row in part.rows
    ]
    for row, when in zip(part.rows, whens, strict=True):
        boxes = [blank(cells.form, key, tip, "score") for key, tip in _score_names(part, row)]
        data.append([when, *boxes, *_writing(part, row, cells, writing)])
    heights: list[float | None] = [None] * heads
    heights += [
        max(WRITE_ROW, sum(x.wrap(when_w - 2 * PAD, 1000)[1] + x.getSpaceBefore() for x in when) + 6)
        for when in whens
    ]
    extra += [("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD)]
    return [_table(part, cells, data, widths, heads, row_heights=heights, extra=extra), Gap(p.body * 0.8)]


#: A row to write a score and a few words in by hand, in large print (0.55 in).
WRITE_ROW = 40.0


def _cards(part: DiaryTable, cells: Cells) -> list[Flowable]:
    """Large print: a compact boxed card a row, six or so to a letter page.

    The When column (shaded, with the time or date) runs down the card's left; on its right are the
    0-10 line (one a side on a both-sides visit) and one row of labelled writing cells.
    """
    p, source = cells.p, cells.source
    when_w = p.width * 0.27
    right = p.width - when_w
    writing = [CARD_ACTIVITY, right - CARD_ACTIVITY]
    label = p.derived("card-label", "cell-small", fontSize=16.0, leading=18.0)
    when_style = p.derived("card-when", "cell", leading=p.body * 1.3)
    slot_style = p.derived("card-slot", "cell", leading=p.body * 1.3, spaceBefore=p.body * 0.3)
    heads = [c or h for c, h in zip(part.card, (part.activity, part.medicines), strict=True)]
    cards: list[Flowable] = []
    for row in part.rows:
        when: list[Flowable] = [SharedParagraph(_when(row, cells), when_style)]
        if row.slot:
            when += _slot(part, row, cells, slot_style)
        scores = _scores(part, cells, right - 2 * CARD_PAD, row, card=True)
        labels = [SharedParagraph(markup(text, source), label) for text in heads]
        fields = _writing(part, row, cells, (heads[0], heads[1]))
        for mark, para, w in zip(fields, labels, writing, strict=False):
            if mark:  # the field goes under the label
                mark.top = para.wrap(w - 2 * CARD_PAD, 1000)[1] + 1
        data: list[list[Any]] = [
            [when, scores, ""],
            ["", *([para, mark] if mark else para for para, mark in zip(labels, fields, strict=True))],
        ]
        # The writing row is a hand-written row high, taller when the When words need it.
        top = scores.wrap(right - 2 * CARD_PAD, 1000)[1] + 3
        words = sum(para.wrap(when_w - 2 * CARD_PAD, 1000)[1] for para in when) + 4
        kind = FormTable if cells.form else Table
        table = kind(data, colWidths=[when_w, *writing], rowHeights=[top, max(CARD_WRITING, words - top)])
        style: list[tuple[object, ...]] = [
            ("SPAN", (0, 0), (0, 1)),
            ("SPAN", (1, 0), (-1, 0)),
            ("BOX", (0, 0), (-1, -1), 1.5, colors.black),
            ("BACKGROUND", (0, 0), (0, 1), GREY),
            ("LINEAFTER", (0, 0), (0, 1), 0.75, colors.black),
            ("LINEBELOW", (1, 0), (-1, 0), 0.75, colors.black),
            ("INNERGRID", (1, 1), (-1, 1), 0.75, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (1, 0), (-1, 0), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), CARD_PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), CARD_PAD),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
        table.setStyle(table_style(style))
        # The first card stays with the words before it (a heading, or the line under one).
        cards.append((KeepWithPrevious if not cards else Keep)([table, Gap(3)]))
    return cards
