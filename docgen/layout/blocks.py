"""Blocks (from Markdown) to ReportLab flowables: headings, paragraphs, lists, tables, boxes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Table, TableStyle
from reportlab.platypus.flowables import DocIf

from docgen.document import Block, Box, Component, Heading, Inline, ListBlock, Para, Part, Signatures
from docgen.document import Table as TableBlock
from docgen.errors import TemplateProblem
from docgen.layout.fonts import TEXT, inline_markup
from docgen.layout.keep import (
    Cut,
    Gap,
    Keep,
    bind_headings,
    flat,
    height,
    is_heading,
    sections,
)
from docgen.layout.para import SharedParagraph
from docgen.layout.styles import Profile

GREY = colors.Color(0.88, 0.88, 0.88)


def table_style(commands: Sequence[tuple[Any, ...]]) -> TableStyle:
    """A TableStyle whose plain-string cells use the embedded text font, never Helvetica."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), TEXT), *commands])


#: Draws a part (risk table, signatures, diary...): returns its flowables.
PartDrawer = Callable[[Part], list[Flowable]]

#: Lists with at most this many items (four more in standard print, where they are short) are
#: never split across pages.
SHORT_LIST = 4
STANDARD_EXTRA = 4

CHECK_EMPTY = "\u2610"  # ☐ ballot box (DejaVu Sans)
CHECK_TICKED = "\u2611"  # ☑


#: Boxes that hold phone numbers: their opening paragraphs are set large and bold, and a box that
#: splits repeats its title and those numbers on each part.
PHONE_BOXES = ("call-us", "emergency", "help-strip")
#: Boxes that belong on a document's first page.
PAGE_ONE_BOXES = ("key-facts", "help-strip", "key-points")
#: Sections holding one of these boxes are kept on one page in standard print.
WARNING_BOXES = ("call-us", "emergency")


def _has(blocks: list[Block], test: Callable[[Block], bool]) -> bool:
    return any(test(b) for b in blocks)


class BlockRenderer:
    """Turns blocks into flowables for one document."""

    def __init__(
        self,
        profile: Profile,
        source: str,
        parts: PartDrawer,
        *,
        duplex: bool = False,
        blank: Callable[[], list[Flowable]] = list,
        frame_height: float = 0,
    ) -> None:
        self.frame_height = frame_height
        #: Set while a form section is drawn: its text is not narrowed to the measure.
        self.full = False
        self.duplex = duplex
        self.blank = blank
        self.profile = profile
        self.source = source
        self.parts = parts
        self.styles = profile.styles

    def text(self, inline: Inline) -> str:
        return inline_markup(inline, self.source)

    def style(self, name: str, top: bool) -> ParagraphStyle:
        """A style; at the top level (not in a box) narrowed to the running-text measure."""
        if not top or not self.profile.narrow or self.full:
            return self.styles[name]
        base = self.styles[name]
        return self.profile.derived(
            f"{name}-measure", name, rightIndent=base.rightIndent + self.profile.narrow
        )

    def para(self, inline: Inline, style: str = "body", top: bool = False) -> Paragraph:
        return SharedParagraph(self.text(inline), self.style(style, top))

    def render(self, blocks: list[Block], width: float | None = None) -> list[Flowable]:
        """The flowables of ``blocks``; ``width`` is set inside a box. At the top level each section
        (a first-level heading and what follows, up to the next) that must be read whole is kept on
        one page: the signing of a consent, and in standard print the warning signs."""
        if width is not None:
            return self._render(blocks, width)
        out: list[Flowable] = []
        for section in sections(blocks):
            if _has(section, lambda b: isinstance(b, Signatures)):
                # A form, not running text: the statement takes the width of the signing lines.
                self.full = True
                try:
                    out.extend(self._signing(self._render(section, None)))
                finally:
                    self.full = False
                continue
            flowables = self._render(section, None)
            if not self.profile.large and _has(
                section, lambda b: isinstance(b, Box) and b.kind in WARNING_BOXES
            ):
                flowables = [Keep(flat(flowables))]
            out.extend(flowables)
        return out

    def _signing(self, flowables: list[Flowable]) -> list[Flowable]:
        """The consent's signing section, kept whole on one page. If it cannot fit one (large
        print), it is cut in two where the signatures part says; printed two-sided, the first half
        goes on a front and the second on its back, so both are on one sheet of paper."""
        opened = flat(flowables)
        cut = next((n for n, f in enumerate(opened) if isinstance(f, Cut)), None)
        whole = [f for f in opened if not isinstance(f, Cut)]
        if cut is None or height(whole, self.profile.width) <= self.frame_height:
            return [Keep(whole)]
        first, second = Keep(opened[:cut]), Keep(opened[cut + 1 :])
        if not self.duplex:
            return [first, second]
        need = height(opened[:cut], self.profile.width)
        blank_back = [*self.blank(), PageBreak()]
        # On a back: go on to the next page, a front (marking this back blank if nothing is on it).
        # On a front without room for the first half: leave it, mark its back blank, go on.
        to_front = DocIf(
            "doc.page % 2 == 0",
            [DocIf("doc.frame._atTop", blank_back, [PageBreak()])],
            [DocIf(f"availableHeight < {need:.1f}", [PageBreak(), *blank_back])],
        )
        return [to_front, first, second]

    def _render(self, blocks: list[Block], width: float | None) -> list[Flowable]:
        top = width is None
        out: list[Flowable] = []
        for block in blocks:
            if isinstance(block, Heading):
                out.append(self.para(block.text, "h1" if block.level <= 1 else "h2", top))
            elif isinstance(block, Para):
                out.append(self.para(block.text, "body", top))
            elif isinstance(block, ListBlock):
                items = self._list(block, top=top)
                # A short list reads as one unit: keep it on one page rather than leave one item
                # behind (not inside boxes, whose table cells cannot hold a KeepTogether). A longer
                # one may split, but never leaves one item alone on either page.
                if top and len(block.items) <= (
                    SHORT_LIST if self.profile.large else SHORT_LIST + STANDARD_EXTRA
                ):
                    out.append(Keep(items))
                elif top and len(items) > 4:
                    out.extend([Keep(items[:2]), *items[2:-3], Keep(items[-3:])])
                else:
                    out.extend(items)
            elif isinstance(block, TableBlock):
                out.append(self._table(block, width or self.profile.width))
            elif isinstance(block, Box):
                # Boxes that hold lists of signs or facts take the full width (and two columns).
                full = block.kind in (*WARNING_BOXES, "help-strip")
                box = self._box(block, width or (self.profile.width if full else self.profile.measure))
                out.extend(box if isinstance(box, list) else [box])
            elif isinstance(block, Component):
                if block.name != "page-break":  # compose replaces every other one with its part
                    raise TemplateProblem(f"{self.source}: cannot draw '::: {block.name}'")
                out.append(PageBreak())
            else:
                out.extend(self.parts(block))
        return self._hold_headings(bind_headings(out))

    def _hold_headings(self, out: list[Flowable]) -> list[Flowable]:
        """A heading (or a run of them) over a paragraph goes to a new page unless it and the
        paragraph's first two lines fit: the paragraph itself may then split. (ReportLab's
        keep-with-next would move the whole paragraph, leaving a gap at the foot of the page.)"""
        res: list[Flowable] = []
        run: list[Flowable] = []
        for n, item in enumerate(out):
            following = out[n + 1] if n + 1 < len(out) else None
            if not is_heading(item):
                res.append(item)
                continue
            run.append(item)
            if is_heading(following):
                continue
            if isinstance(following, Paragraph):
                need = sum(height([h], self.profile.width) for h in run)
                # At least two lines of it; all of it if it has three or fewer (with no widows
                # and no orphans, such a paragraph cannot split)...
                whole = height([following], self.profile.width)
                leading = following.style.leading
                short = whole <= 3.5 * leading + following.getSpaceAfter()
                need += whole if short else 2 * leading
                # ...and when it introduces a table, the table's header and first two rows too.
                table = out[n + 2] if n + 2 < len(out) else None
                if short and isinstance(table, Table):
                    table.wrap(self.profile.width, 1e6)
                    need += sum(table._rowHeights[:3]) + table.getSpaceBefore()  # type: ignore[attr-defined]
                run[-1].keepWithNext = 0
                res.append(CondPageBreak(need + 1))
            res.extend(run)
            run = []
        res.extend(run)
        return res

    def _list(self, block: ListBlock, depth: int = 0, *, top: bool = False) -> list[Flowable]:
        out: list[Flowable] = []
        kind = "check" if any(i.check is not None for i in block.items) else "bullet"
        base = self.styles[kind]
        indent = base.leftIndent * depth
        for n, item in enumerate(block.items, start=block.start):
            if item.check is not None:
                style, bullet = self.style("check", top), CHECK_TICKED if item.check else CHECK_EMPTY
            elif block.ordered:
                style, bullet = self.style("number", top), f"{n}."
            else:
                style, bullet = self.style("bullet", top), "•" if depth == 0 else "–"
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
                    out.extend(self._list(child, depth + 1, top=top))
                else:
                    out.extend(self._render([child], None if top else self.profile.measure))
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

    def _box(self, block: Box, width: float) -> Flowable | list[Flowable]:
        """A ruled box, one table row per paragraph or item so that it can split between them.

        The title, and in a box with phone numbers its opening paragraphs (the numbers), are
        repeated at the top of every part of a box that splits, and every part is closed. A box
        wider than the running text (standard print) sets its lists in two columns, down the first
        and then the second, which keeps its lines short and the box low.
        """
        p = self.profile
        wide = width > p.measure + 1 and not p.large
        inner = width - 8 * mm
        rest = list(block.blocks)
        lead: list[Flowable] = []
        while block.kind in PHONE_BOXES and rest and isinstance(rest[0], Para):
            para = rest.pop(0)
            assert isinstance(para, Para)
            lead.append(SharedParagraph(self.text(para.text), self.styles["phone"]))
        inverse = block.kind == "emergency"
        title = self.styles["box-title-inverse" if inverse else "box-title"]
        head = [SharedParagraph(self.text(block.title), title)] if block.title else []
        rows: list[list[object]] = [[f, ""] for f in head]
        if lead:
            rows.append([lead, ""])
        repeat = len(rows)
        spans = list(range(repeat))
        for child in rest:
            if wide and isinstance(child, ListBlock) and len(child.items) >= 4:
                items = [f for f in self._list(child) if not isinstance(f, Gap)]
                half = (len(items) + 1) // 2
                left, right = items[:half], items[half:]
                rows.extend([left[i], right[i] if i < len(right) else ""] for i in range(half))
            else:
                for f in self._render([child], inner):
                    if not isinstance(f, Gap):
                        spans.append(len(rows))
                        rows.append([f, ""])
        if not rows:
            rows, spans = [["", ""]], [0]
        half_w = (width - 8 * mm - 6 * mm) / 2
        widths = [4 * mm + half_w + 6 * mm, half_w + 4 * mm] if wide else [width, 0]
        if not wide:
            rows = [row[:1] for row in rows]
            widths = [width]
        table = Table(rows, colWidths=widths, repeatRows=repeat if repeat < len(rows) else 0, hAlign="LEFT")
        heavy = block.kind in PHONE_BOXES or block.kind in ("key-facts", "key-points")
        weight = 3 if inverse else 2 if heavy else 0.75
        style: list[tuple[object, ...]] = [
            ("BOX", (0, 0), (-1, -1), weight, colors.black),
            # A box that splits is closed at the foot of the first part (the next part opens with
            # its repeated title, inside the box's own frame).
            ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), weight, colors.black),
            ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 0), (-1, 0), 2.5 * mm),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 2.5 * mm),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        if head:
            style.append(("BOTTOMPADDING", (0, 0), (-1, 0), 2 * mm))
            if inverse:
                style.append(("BACKGROUND", (0, 0), (-1, 0), colors.black))
        if lead:
            row = len(head)
            style.append(("TOPPADDING", (0, row), (-1, row), 2 * mm))
            style.append(("BOTTOMPADDING", (0, row), (-1, row), 2 * mm))
            style.append(("LINEBELOW", (0, row), (-1, row), 0.75, colors.black))
        if wide:
            style.extend(("SPAN", (0, r), (-1, r)) for r in spans)
            style.append(("RIGHTPADDING", (0, 0), (0, -1), 6 * mm))
            style.append(("LEFTPADDING", (1, 0), (1, -1), 0))
        table.setStyle(table_style(style))
        if p.large and block.kind in PAGE_ONE_BOXES:
            # Page 1's summary of the day starts on page 1 even when large type cannot fit it
            # whole: it splits between items, its title repeated.
            return [table, Gap(p.body * 0.8)]
        return Keep([table, Gap(p.body * 0.8)])
