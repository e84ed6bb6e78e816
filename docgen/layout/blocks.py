"""Blocks (from Markdown) to ReportLab flowables: headings, paragraphs, lists, tables, boxes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Table, TableStyle

from docgen.document import Block, Box, Component, Heading, Inline, ListBlock, Para, Part
from docgen.document import Table as TableBlock
from docgen.errors import TemplateProblem
from docgen.layout.fonts import TEXT, inline_markup, markup
from docgen.layout.para import SharedParagraph
from docgen.layout.styles import Profile

GREY = colors.Color(0.88, 0.88, 0.88)


def table_style(commands: Sequence[tuple[Any, ...]]) -> TableStyle:
    """A TableStyle whose plain-string cells use the embedded text font, never Helvetica."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), TEXT), *commands])


#: Draws a part (risk table, signatures, diary...): returns its flowables.
PartDrawer = Callable[[Part], list[Flowable]]

#: Lists with at most this many items are never split across pages.
SHORT_LIST = 6

CHECK_EMPTY = "\u2610"  # ☐ ballot box (DejaVu Sans)
CHECK_TICKED = "\u2611"  # ☑


class Gap(Flowable):
    """Vertical space that shrinks to fit, so space after a block never starts a page of its own."""

    def __init__(self, height: float) -> None:
        super().__init__()
        self.height = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return (0, max(0.0, min(self.height, availHeight)))

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        pass


class Keep(KeepTogether):
    """KeepTogether that remembers its flowables, so a heading can join them."""

    def __init__(self, flowables: list[Flowable]) -> None:
        super().__init__(flowables)
        self.items = list(flowables)


class KeepWithPrevious(Keep):
    """A block that means nothing alone (a diary's clinic box): it stays with the block before it."""


def _bind_headings(flowables: list[Flowable]) -> list[Flowable]:
    """Keep a heading with a following KeepTogether block (ReportLab's keepWithNext skips those),
    and a KeepWithPrevious block with the paragraph or kept block before it (and so with that
    block's heading too)."""
    out: list[Flowable] = []
    for item in flowables:
        if isinstance(item, KeepWithPrevious) and out and isinstance(out[-1], Keep | Paragraph):
            before = out.pop()
            item = Keep([*(before.items if isinstance(before, Keep) else [before]), *item.items])
        previous = out[-1] if out else None
        if (
            isinstance(previous, Paragraph)
            and getattr(previous.style, "keepWithNext", False)
            and isinstance(item, Keep)
        ):
            # Flattened: a KeepTogether inside another always reports itself too tall.
            out[-1] = Keep([previous, *item.items])
        else:
            out.append(item)
    return out


class BlockRenderer:
    """Turns blocks into flowables for one document."""

    def __init__(self, profile: Profile, source: str, parts: PartDrawer) -> None:
        self.profile = profile
        self.source = source
        self.parts = parts
        self.styles = profile.styles

    def text(self, inline: Inline) -> str:
        return inline_markup(inline, self.source)

    def para(self, inline: Inline, style: str = "body") -> Paragraph:
        return SharedParagraph(self.text(inline), self.styles[style])

    def render(self, blocks: list[Block], width: float | None = None) -> list[Flowable]:
        out: list[Flowable] = []
        for block in blocks:
            if isinstance(block, Heading):
                out.append(self.para(block.text, "h1" if block.level <= 1 else "h2"))
            elif isinstance(block, Para):
                out.append(self.para(block.text))
            elif isinstance(block, ListBlock):
                items = self._list(block)
                # A short list reads as one unit: keep it on one page rather than leave one item
                # behind (not inside boxes, whose table cells cannot hold a KeepTogether).
                if width is None and len(block.items) <= SHORT_LIST:
                    out.append(Keep(items))
                else:
                    out.extend(items)
            elif isinstance(block, TableBlock):
                out.append(self._table(block, width or self.profile.width))
            elif isinstance(block, Box):
                out.append(self._box(block, width or self.profile.width))
            elif isinstance(block, Component):
                if block.name != "page-break":  # compose replaces every other one with its part
                    raise TemplateProblem(f"{self.source}: cannot draw '::: {block.name}'")
                out.append(PageBreak())
            else:
                out.extend(self.parts(block))
        return _bind_headings(out)

    def _list(self, block: ListBlock, depth: int = 0) -> list[Flowable]:
        out: list[Flowable] = []
        base = self.styles["check" if any(i.check is not None for i in block.items) else "bullet"]
        indent = base.leftIndent * depth
        for n, item in enumerate(block.items, start=block.start):
            if item.check is not None:
                style, bullet = self.styles["check"], CHECK_TICKED if item.check else CHECK_EMPTY
            elif block.ordered:
                style, bullet = self.styles["bullet"], f"{n}."
            else:
                style, bullet = self.styles["bullet"], "•" if depth == 0 else "–"
            first = True
            for child in item.blocks:
                if isinstance(child, Para):
                    par = SharedParagraph(
                        self.text(child.text),
                        self.profile.derived(
                            f"{style.name}-{depth}",
                            style.name,
                            leftIndent=style.leftIndent + indent,
                            bulletIndent=style.bulletIndent + indent,
                        ),
                        bulletText=bullet if first else None,
                    )
                    out.append(par)
                    first = False
                elif isinstance(child, ListBlock):
                    out.extend(self._list(child, depth + 1))
                else:
                    out.extend(self.render([child]))
        if out:
            out.append(Gap(self.profile.body * 0.3))
        return out

    def _table(self, block: TableBlock, width: float) -> Table:
        ncols = max(len(block.header), *(len(r) for r in block.rows)) if block.rows else len(block.header)
        head = [self.para(c, "cell-bold") for c in block.header]
        rows = [[self.para(c, "cell") for c in row] + [""] * (ncols - len(row)) for row in block.rows]
        table = Table([head, *rows], colWidths=[width / ncols] * ncols, repeatRows=1)
        table.setStyle(
            table_style(
                [
                    ("GRID", (0, 0), (-1, -1), 0.75, colors.black),
                    ("BACKGROUND", (0, 0), (-1, 0), GREY),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        table.spaceAfter = self.profile.body * 0.6
        return table

    def _box(self, block: Box, width: float) -> Flowable:
        inner = width - 8 * mm
        body = self.render(block.blocks, inner)
        p = self.profile
        if block.kind == "emergency":
            title = SharedParagraph(self.text(block.title), self.styles["box-title-inverse"])
            table = Table([[title], [body]], colWidths=[width], repeatRows=1, splitInRow=1)
            style = [
                ("BOX", (0, 0), (-1, -1), 3, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
            ]
        else:
            cell: list[Flowable] = []
            if block.title:
                cell.append(SharedParagraph(self.text(block.title), self.styles["box-title"]))
            cell.extend(body)
            table = Table([[cell]], colWidths=[width], splitInRow=1)
            heavy = block.kind == "call-us"
            style = [
                ("BOX", (0, 0), (-1, -1), 2 if heavy else 0.75, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5 * mm),
            ]
        table.setStyle(table_style(style))
        return Keep([table, Gap(p.body * 0.8)])


class Cells:
    """Table cells and grids in one profile; ``source`` names the template in font errors."""

    def __init__(self, profile: Profile, source: str) -> None:
        self.p = profile
        self.s = profile.styles
        self.source = source

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
        table = Table(data, colWidths=widths, rowHeights=row_heights, repeatRows=1 if header else 0)
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
