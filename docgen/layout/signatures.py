"""Signature blocks: labelled writing lines, two fields a row (one a row in large print)."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import inch, mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table

from docgen.document import Field, Signatures, SignBlock, Signer
from docgen.layout.blocks import CHECK_EMPTY, table_style
from docgen.layout.cells import Cells
from docgen.layout.fonts import SYMBOLS, markup
from docgen.layout.keep import Cut, Gap, Keep
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


#: The shortest signature line: 3 inches, room to sign.
SIGN_LINE = 3.05 * inch
#: Space between two writing lines in a row.
GAP = 3 * mm


def draw_signatures(part: Signatures, cells: Cells) -> list[Flowable]:
    """Every signer's block: a title, then writing lines with their captions under them (nothing
    printed on a line). Standard print puts name, signature, date and time in one row; large print
    uses two rows. Each block is one table, never split; the consent keeps them all, with the
    statement above them, on one page."""
    blocks = [_signer(signer, part, cells) for signer in part.signers]
    formats = SharedParagraph(markup(part.formats, cells.source), cells.s["cell-small"])
    if not cells.p.large or len(blocks) < 2:
        return [formats, Gap(cells.p.body * 0.25), *blocks]
    # Large print cannot hold the statement and four signers on one page at 16 pt or more: the
    # statement and the patient's block fill one side, the others follow under a heading that
    # repeats the procedure and side (on the back of the same sheet when printed two-sided).
    heading = SharedParagraph(markup(part.continued, cells.source), cells.s["h2"])
    return [blocks[0], Cut(), heading, formats, Gap(cells.p.body * 0.25), *blocks[1:]]


def _signer(signer: Signer, part: Signatures, cells: Cells) -> Flowable:
    p = cells.p
    w = p.width
    fields: list[list[tuple[str, float]]]
    if p.large:
        # One row: the name, the signature and "date and time" on one line each; the date line just
        # wider than its caption, so the name's caption stands well apart from the signature's.
        label = cells.s["cell-small"]
        when_w = max(w * 0.2, stringWidth(part.date_time, label.fontName, label.fontSize) + 14)
        fields = [
            [
                (part.name, w - SIGN_LINE - when_w - 2 * GAP),
                (part.signature, SIGN_LINE),
                (part.date_time, when_w),
            ]
        ]
    else:
        date_w, time_w = w * 0.15, w * 0.14
        name_w = w - SIGN_LINE - date_w - time_w - 3 * GAP
        fields = [
            [(part.name, name_w), (part.signature, SIGN_LINE), (part.date, date_w), (part.time, time_w)]
        ]
    more = signer.extra
    if more:
        share = (w - GAP * (len(more) - 1)) / len(more)
        fields.append([(caption, share) for caption in more])
    heading = SharedParagraph(f"<b>{markup(signer.title, cells.source)}</b>", cells.s["cell"])
    rows: list[Flowable] = [heading]
    if signer.says:  # what this signer states by signing: one short line, small
        rows.append(SharedParagraph(markup(signer.says, cells.source), cells.s["cell-small"]))
    rows.extend(_line_row(row, cells, signer.filled if n == 0 else "") for n, row in enumerate(fields))
    if signer.choices:
        boxes = "&nbsp;&nbsp;&nbsp;&nbsp;".join(
            # A box and its words never part ("☐ In" / "person").
            f'<font face="{SYMBOLS}">{CHECK_EMPTY}</font>&nbsp;'
            + markup(choice, cells.source).replace(" ", "&nbsp;")
            for choice in signer.choices
        )
        rows.append(
            SharedParagraph(f"{markup(signer.ask, cells.source)}&nbsp;&nbsp; {boxes}", cells.s["cell-small"])
        )
    return Keep([*rows, Gap(p.body * (0.15 if p.large else 0.3))])


def _line_row(fields: list[tuple[str, float]], cells: Cells, filled: str = "") -> Table:
    """Writing lines side by side, each with its caption under it; blank, except ``filled`` printed
    in bold on the first (the name of the practitioner who held the discussion, when given)."""
    p = cells.p
    widths: list[float] = []
    captions: list[object] = []
    for n, (caption, width) in enumerate(fields):
        if n:
            widths.append(GAP)
            captions.append("")
        widths.append(width)
        captions.append(cells.cell(caption, "cell-small"))
    # Large print: 9.7 mm to sign in (standard print 7.9 mm), so the back of the sheet holds three signers.
    writing = p.row_height * (0.62 if p.large else 0.66)
    line: list[object] = [""] * len(widths)
    if filled:
        line[0] = cells.bold(filled)
    table = Table([line, captions], colWidths=widths, rowHeights=[writing, None], hAlign="LEFT")
    lines = [("LINEBELOW", (c, 0), (c, 0), 0.9, colors.black) for c in range(0, len(widths), 2)]
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 1), (-1, 1), 1.5),
                *lines,
                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ]
        )
    )
    return table
