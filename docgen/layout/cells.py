"""Table cells and grids in one print profile: what the drawn parts (summary, risks, signatures,
diary) build their tables from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Paragraph, Table

from docgen.layout.blocks import GREY, table_style
from docgen.layout.fields import Form, FormTable
from docgen.layout.fonts import markup
from docgen.layout.para import SharedParagraph
from docgen.layout.styles import Profile


class Cells:
    """Table cells and grids in one profile; ``source`` names the template in font errors;
    ``form`` holds the form fields of a fillable document (None: paper only)."""

    def __init__(self, profile: Profile, source: str, form: Form | None = None) -> None:
        self.p = profile
        self.s = profile.styles
        self.source = source
        self.form = form

    def cell(self, text: str, style: str = "cell") -> Paragraph:
        return SharedParagraph(markup(text, self.source), self.s[style])

    def bold(self, text: str) -> Paragraph:
        return self.cell(text, "cell-bold")

    def grid(
        self,
        data: Sequence[list[Any]],
        widths: list[float],
        *,
        header: bool = True,
        row_heights: list[float | None] | None = None,
        extra: list[tuple[object, ...]] | None = None,
    ) -> Table:
        kind = FormTable if self.form else Table
        table = kind(data, colWidths=widths, rowHeights=row_heights, repeatRows=1 if header else 0)
        style: list[tuple[object, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.75, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), GREY))
        style.extend(extra or [])
        table.setStyle(table_style(style))
        return table
