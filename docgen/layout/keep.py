"""What stays together on a page: kept blocks, headings with what follows them, spaces that
shrink, and the measuring these need."""

from __future__ import annotations

import io
import re

from reportlab.platypus import Flowable, KeepTogether, Paragraph

from docgen.document import Block, Heading


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


class Cut(Flowable):
    """Where a block kept whole may be cut in two if it is taller than a page; takes no room."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        pass


class Keep(KeepTogether):
    """KeepTogether that remembers its flowables, so a heading can join them."""

    def __init__(self, flowables: list[Flowable]) -> None:
        super().__init__(flowables)
        self.items = list(flowables)


def flat(flowables: list[Flowable]) -> list[Flowable]:
    """The flowables with every Keep opened (a KeepTogether inside another always reports itself
    too tall, so one Keep holds flowables, never Keeps)."""
    out: list[Flowable] = []
    for item in flowables:
        out.extend(flat(item.items) if isinstance(item, Keep) else [item])
    return out


class KeepWithPrevious(Keep):
    """A block that means nothing alone (a diary's clinic box): it stays with the block before it."""


def bind_headings(flowables: list[Flowable]) -> list[Flowable]:
    """Keep a heading with what follows it: with a following Keep (ReportLab's keepWithNext skips
    those), and with at least the first two lines or items of anything else; and a
    KeepWithPrevious block with the paragraph or kept block before it."""
    out: list[Flowable] = []
    for item in flowables:
        if isinstance(item, KeepWithPrevious) and out and isinstance(out[-1], Keep | Paragraph):
            before = out.pop()
            item = Keep(flat([before, *item.items]))
        previous = out[-1] if out else None
        if isinstance(item, Keep) and leads(previous):
            # A heading, or a sentence that introduces a list ("Other choices are:"), and a
            # heading before that: all stay with what they lead into.
            lead: list[Flowable] = [out.pop()]
            while out and leads(out[-1]) and is_heading(out[-1]):
                lead.insert(0, out.pop())
            out.append(Keep([*lead, *flat([item])]))
        else:
            out.append(item)
    return out


def is_heading(item: Flowable | None) -> bool:
    return isinstance(item, Paragraph) and bool(getattr(item.style, "keepWithNext", False))


def leads(item: Flowable | None) -> bool:
    """A heading, or a paragraph ending in a colon: it must not end a page."""
    if is_heading(item):
        return True
    return isinstance(item, Paragraph) and re.sub(r"(<[^>]*>|\s)+$", "", item.text).endswith(":")


def height(flowables: list[Flowable], width: float) -> float:
    """The height of flowables stacked (space before and after included), as a frame adds it up."""
    from reportlab.pdfgen.canvas import Canvas

    canv = Canvas(io.BytesIO())
    total = 0.0
    for f in flat(flowables):  # a Keep reports itself too tall on purpose: measure what it holds
        f.canv = canv
        total += f.wrap(width, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter()
        del f.canv
    return total


def sections(blocks: list[Block]) -> list[list[Block]]:
    """The blocks cut before each first-level heading."""
    out: list[list[Block]] = [[]]
    for block in blocks:
        if isinstance(block, Heading) and block.level <= 1 and out[-1]:
            out.append([])
        out[-1].append(block)
    return [section for section in out if section]
