"""The layout matrix and the words its checks look for, in the visit's own language.

Words come from the i18n strings and from the composed documents (docgen's own model of every
heading, box and signature block), so no check hard-codes English. Shared by
tests/test_layout_matrix.py and benchmarks/layout_matrix.py.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from layout_probe import Packet, norm, probe

from docgen.content.compose import compose, locale_for
from docgen.content.library import Library
from docgen.document import Block, Box, Heading, Inline, ListBlock, Para, Signatures
from docgen.job import Job, prepare
from docgen.model.settings import EXAMPLE
from docgen.model.visit import Options, Paper
from docgen.pdf import render

PROCEDURES = ("si-joint-injection", "si-joint-rfa", "si-joint-fusion")
LANGUAGES = ("en", "es")
PAPERS = ("letter", "a4")
SIZES = ("standard", "large")
SIDES = ("left", "bilateral")
PRINTED = dt.datetime(2026, 11, 20, 9, 15)
LONG_NAME = "Hubert Blaine Wolfeschlegelsteinhausenbergerdorff-Montgomery-Smythe the Third"
#: Key-facts box titles the info sheet may use, when its template names no box kind with "fact".
KEY_FACTS = re.compile(r"key facts|at a glance|datos clave|lo esencial|en resumen", re.IGNORECASE)


def plain(inline: Inline) -> str:
    return norm("".join(run.text for run in inline))


@dataclass(frozen=True)
class WarningBox:
    title: str
    markers: tuple[str, ...]  # the start of each item and paragraph in the box
    phones: tuple[str, ...]  # the clinic's numbers printed inside it


@dataclass
class Words:
    """What the checks of one layout look for."""

    language: str
    strings: dict[str, Any]
    name: str
    mrn: str
    dob: str
    dates: tuple[str, ...]
    time: str
    side: str
    side_label: str
    phones: dict[str, str]
    signing_heading: str = ""
    statement: str = ""
    warnings: dict[str, tuple[str, tuple[WarningBox, ...]]] = field(default_factory=dict)
    headings: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    box_titles: tuple[str, ...] = ()
    key_facts: str = ""

    def s(self, *path: str) -> str:
        node: Any = self.strings
        for key in path:
            node = node[key]
        return norm(str(node))


@dataclass
class Layout:
    name: str  # procedure/language/paper/size/side
    packet: Packet
    words: Words
    standard: Packet | None = None  # a large-print layout's standard-print twin


def _marker(text: str) -> str:
    """The start of an item, long enough to tell it from a like-worded risk ("A numb or weak leg ...")."""
    return text[:26].rstrip()


def _walk(blocks: list[Block]) -> Iterator[Block]:
    for block in blocks:
        yield block
        if isinstance(block, Box):
            yield from _walk(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from _walk(item.blocks)


def _box_texts(box: Box) -> list[str]:
    return [plain(b.text) for b in _walk(box.blocks) if isinstance(b, Para)]


def words_for(job: Job, library: Library) -> Words:
    visit = job.visit
    locale = locale_for(library, visit)
    clinic = job.settings.clinic
    phones = {
        "day": clinic.day_phone,
        "after": clinic.after_hours_phone,
        "emergency": clinic.emergency_number,
    }
    words = Words(
        language=visit.language.value,
        strings=library.strings(visit.language),
        name=visit.name,
        mrn=visit.mrn,
        dob=locale.date(visit.dob, "medium"),
        dates=tuple({locale.date(visit.date, style) for style in ("short", "medium", "long", "full")}),
        time=locale.time(visit.time) if visit.time else "",
        side=visit.side.value if visit.side else "",
        side_label=locale.text("side", visit.side.value, "label") if visit.side else "",
        phones={k: str(v) for k, v in phones.items()},
    )
    titles: list[str] = []
    for kind in job.procedure.documents:
        document = compose(job, kind, library, PRINTED)
        blocks = document.blocks
        h1 = tuple(plain(b.text) for b in blocks if isinstance(b, Heading) and b.level <= 1)
        h2 = tuple(plain(b.text) for b in blocks if isinstance(b, Heading) and b.level > 1)
        words.headings[kind.value] = (h1, h2)
        heading = ""
        boxes: list[WarningBox] = []
        for block in blocks:
            if isinstance(block, Heading):
                heading = plain(block.text) if not boxes else heading
            if isinstance(block, Box):
                titles.append(plain(block.title))
                if "fact" in block.kind or KEY_FACTS.search(plain(block.title)):
                    words.key_facts = plain(block.title)
                if block.kind in ("call-us", "emergency"):
                    texts = [plain(block.title), *_box_texts(block)]
                    inside = tuple(p for p in phones.values() if any(p in t for t in texts))
                    boxes.append(WarningBox(plain(block.title), tuple(map(_marker, texts[1:])), inside))
            if isinstance(block, Signatures):
                at = blocks.index(block)
                before = [b for b in blocks[:at] if isinstance(b, Heading)]
                words.signing_heading = plain(before[-1].text) if before else ""
                paras = (
                    [b for b in blocks[blocks.index(before[-1]) : at] if isinstance(b, Para)]
                    if before
                    else []
                )
                words.statement = _marker(plain(paras[0].text)) if paras else ""
        if boxes:
            words.warnings[kind.value] = (heading, tuple(boxes))
    words.box_titles = tuple(titles)
    return words


def layouts() -> Iterator[tuple[str, str, str, str, str]]:
    yield from itertools.product(PROCEDURES, LANGUAGES, PAPERS, SIZES, SIDES)


def visit_for(procedure: str, language: str, side: str) -> dict[str, Any]:
    """The fictional visit of every layout: a long name and every personal option switched on."""
    return {
        "name": LONG_NAME,
        "dob": "1961-04-12",
        "mrn": "00123456",
        "procedure": procedure,
        "side": side,
        "date": "2026-11-21",
        "time": "10:30",
        "language": language,
        "sedation": "iv",
        "diabetes": True,
        "blood_thinners": True,
        "trainees": True,
        # The injection as a diagnostic block: its diary carries the clinic's own box.
        **({"purpose": "diagnostic"} if procedure == "si-joint-injection" else {}),
    }


def render_layout(
    procedure: str, language: str, paper: str, size: str, side: str, library: Library
) -> Layout:
    job = prepare(visit_for(procedure, language, side), settings=EXAMPLE, library=library)
    rendered = render(
        job, options=Options(paper=Paper(paper), large_print=size == "large"), printed_at=PRINTED
    )
    words = words_for(job, library)
    kinds = [k.value for k in rendered.kinds]
    packet = probe(rendered.pdf, kinds, rendered.page_counts, words.s("batch", "blank"))
    return Layout("/".join((procedure, language, paper, size, side)), packet, words)


def render_matrix() -> list[Layout]:
    """Every layout of the matrix, each large-print one paired with its standard-print twin."""
    library = Library()
    out = [render_layout(*combination, library=library) for combination in layouts()]
    by_name = {layout.name: layout for layout in out}
    for layout in out:
        if "/large/" in layout.name:
            layout.standard = by_name[layout.name.replace("/large/", "/standard/")].packet
    return out
