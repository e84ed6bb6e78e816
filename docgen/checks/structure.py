"""Consent elements checked by the form's structure, not only its words: which visits an element
applies to, the section its words must be in, the boxes it must have, and the signers who must each
state what they attest (see templates/checks.yaml)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any

from docgen.checks.rules import Element, normal
from docgen.checks.sections import Rendered
from docgen.checks.walk import attribute_of
from docgen.document import Block, Box, ListBlock, Signatures
from docgen.model.visit import Visit


def _shown(value: object) -> str:
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "none"}[value]
    return str(value).lower()


def applies(element: Element, visit: Visit) -> bool:
    """Is the element required for this visit? Every ``when`` detail must have one of its values."""
    return all(
        _shown(getattr(visit, name)) in {str(v).lower() for v in values}
        for name, values in element.when.items()
    )


def walk(blocks: Iterable[Block]) -> Iterable[Block]:
    """Every block, those inside boxes and list items included."""
    for block in blocks:
        yield block
        if isinstance(block, Box):
            yield from walk(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from walk(item.blocks)


def scoped_text(element: Element, language: str, r: Rendered) -> str:
    """The words the element's keywords are looked for in: the whole form, or only the sections whose
    heading holds one of the element's ``in_section`` words."""
    headings = [normal(h) for h in element.in_section.get(language, [])]
    if not headings:
        return r.normal_text
    return " ".join(
        normal(" ".join(lines)) for title, lines in r.sections if any(h in normal(title) for h in headings)
    )


def lacks(element: Element, keywords: list[str], r: Rendered, language: str) -> str | None:
    """None when the element is present in this rendered form, else why not ("" when no detail helps).

    Any one of ``shows``, ``component`` and the keywords is enough (if the element gives any of them);
    every ``box`` and ``signers`` requirement must hold as well.
    """
    ways = bool(element.shows or element.component or keywords)
    if ways and not _any_way(element, keywords, r, language):
        return "" if not element.in_section.get(language) else "not in the section it belongs to"
    kinds = {b.kind for b in walk(r.blocks) if isinstance(b, Box)}
    if element.box and not kinds & set(element.box):
        return f"no '::: {element.box[0]}' box"
    if element.signers:
        parts = [b for b in walk(r.blocks) if isinstance(b, Signatures)]
        attested = {s.role for part in parts for s in part.signers if s.says.strip()}
        absent = [role for role in element.signers if role not in attested]
        if absent:
            return f"no {absent[0]} signer stating what they attest"
    return None


def resolve(context: dict[str, Any], path: str) -> Any:
    """The value a placeholder path ("visit.physician") prints, or None."""
    value: Any = context
    for part in path.split("."):
        value = None if value is None else attribute_of(value, part)
    return value


def _any_way(element: Element, keywords: list[str], r: Rendered, language: str) -> bool:
    for path in element.shows:
        value = resolve(r.context, path)
        if value not in (None, "") and normal(str(value)) in r.normal_text:
            return True
    if any(c in r.components for c in element.component):
        return True
    text = scoped_text(element, language, r)
    return any(k in text for k in keywords)
