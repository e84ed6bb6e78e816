"""A rendered sample document as the check reads it: cut into sections at its headings, with the
words a patient reads (risk wording included, as printed) and the drawn parts it asks for."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from docgen.checks.rules import normal
from docgen.checks.samples import Sample
from docgen.content.markdown import plain_text
from docgen.document import Block, Box, Component, Figure, Heading, ListBlock, Para, RiskTable, Table

WHOLE = "(whole document)"
TOP = "(before the first heading)"


# ---------------------------------------------------------------------------------------------
# A rendered document, cut into sections


def _text(inline: Sequence[Any]) -> str:
    return "".join(run.text for run in inline)


def _lines(block: Block) -> Iterator[str]:
    """What a patient reads in a block, a sentence or so a line. Headings and forms are left out."""
    if isinstance(block, Para):
        yield _text(block.text)
    elif isinstance(block, ListBlock):
        for item in block.items:
            for inner in item.blocks:
                yield from _lines(inner)
    elif isinstance(block, Table):
        for row in [block.header, *block.rows]:
            yield from (_text(cell) for cell in row)
    elif isinstance(block, Box):
        if block.title:
            yield _text(block.title)
        for inner in block.blocks:
            yield from _lines(inner)
    elif isinstance(block, RiskTable):  # the risk table as printed: each risk's wording
        yield from [block.intro] if block.intro else []
        yield from (row.wording for group in block.groups for row in group.rows)
        yield from block.notes
    elif isinstance(block, Figure):  # a drawing's caption is read as text
        yield block.caption


def sections(blocks: list[Block]) -> list[tuple[str, list[str]]]:
    """The document cut at its ``#`` headings: (heading, lines of text under it)."""
    out: list[tuple[str, list[str]]] = [(TOP, [])]
    for block in blocks:
        if isinstance(block, Heading) and block.level <= 1:
            out.append((_text(block.text), []))
        else:
            out[-1][1].extend(line for line in _lines(block) if line.strip())
    return [s for s in out if s[0] != TOP or s[1]]


def components_of(blocks: list[Block]) -> set[str]:
    found: set[str] = set()
    for block in blocks:
        if isinstance(block, Component):
            found.add(block.name)
        elif isinstance(block, Box):
            found |= components_of(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                found |= components_of(item.blocks)
    return found


@dataclass
class Rendered:
    """One sample's document as it is printed: its blocks with every drawn part built."""

    sample: Sample
    blocks: list[Block]
    context: dict[str, Any]
    #: The ``::: name`` parts the template asks for.
    components: set[str]

    @cached_property
    def sections(self) -> list[tuple[str, list[str]]]:
        return sections(self.blocks)

    @cached_property
    def normal_text(self) -> str:
        """All the words, headings and risk wording included, ready for keyword matching."""
        return normal(plain_text(self.blocks))
