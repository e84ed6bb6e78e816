"""The 0 to 10 pain scale: big boxed numbers with anchor words, and the small row for circling."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table

from docgen.document import PainScale
from docgen.layout.blocks import table_style
from docgen.layout.cells import Cells
from docgen.layout.fields import ScoreTable, Spec
from docgen.layout.fonts import markup
from docgen.layout.keep import Gap, Keep
from docgen.layout.para import SharedParagraph


def numbers(cells: Cells, width: float, size: float | None = None, spec: Spec | None = None) -> Table:
    """0 to 10, spaced for circling (with a radio group over the digits when ``spec`` is given)."""
    p = cells.p
    size = size or min(p.body, 13.0)
    style = p.derived("scale-num", "cell-bold", fontSize=size, leading=size * 1.2, alignment=1)
    digits = [[SharedParagraph(str(n), style) for n in range(11)]]
    widths = [width / 11] * 11
    table = ScoreTable(digits, colWidths=widths, spec=spec) if spec else Table(digits, colWidths=widths)
    table.setStyle(
        table_style(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def draw_pain_scale(part: PainScale, cells: Cells) -> list[Flowable]:
    p, source = cells.p, cells.source
    size = p.body * 1.3
    num = p.derived("scale-big", "cell-bold", fontSize=size, leading=size * 1.2, alignment=1)
    words = p.derived("scale-words", "cell-small", alignment=1)
    top = [SharedParagraph(str(n), num) for n in range(11)]
    anchors = dict(part.anchors)
    if p.large:
        # A word under a number would break mid-word at this size: list the anchors instead.
        legend = "&nbsp;&nbsp;·&nbsp; ".join(
            f"<b>{n}</b>&nbsp;=&nbsp;{markup(text, source)}" for n, text in anchors.items()
        )
        bottom: list[object] = [SharedParagraph(legend, cells.s["cell"]), *[""] * 10]
        spans: list[tuple[object, ...]] = [("SPAN", (0, 1), (-1, 1))]
    else:
        bottom = [
            SharedParagraph(markup(anchors[n], source), words) if n in anchors else "" for n in range(11)
        ]
        spans = []
    table = Table([top, bottom], colWidths=[p.width / 11] * 11)
    table.setStyle(
        table_style(
            [
                ("BOX", (0, 0), (-1, 0), 1.2, colors.black),
                ("INNERGRID", (0, 0), (-1, 0), 0.75, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, 0), 5),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
                ("LEFTPADDING", (0, 1), (-1, 1), 1),
                ("RIGHTPADDING", (0, 1), (-1, 1), 1),
                *spans,
            ]
        )
    )
    title = SharedParagraph(markup(part.title, source), cells.s["h2"])
    return [Keep([title, table]), Gap(p.body * 0.8)]
