"""The page: header with the patient's identifiers and the title, footer with template, print date
and ``Page X of Y`` counted per document.

Header and footer are drawn when the whole PDF is laid out, so every page knows how many pages
its own document has, even when several documents share one file (a packet).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from docgen.document import PageInfo
from docgen.layout.codes import Stamp, draw_stamp
from docgen.layout.fields import nest
from docgen.layout.fonts import TEXT, markup
from docgen.layout.styles import Profile


def name_lines(name: str, font: str, size: float, width: float, floor: float) -> tuple[list[str], float]:
    """A name in lines no wider than ``width``, broken only at spaces or after its own hyphens, at
    the largest size from ``size`` down to ``floor`` where every piece fits. Only a piece too long
    even at ``floor`` is cut, so nothing is ever clipped."""
    # Each piece: its text and whether a space comes before it ("Smythe-" then "Montgomery").
    pieces: list[tuple[str, bool]] = []
    for n, word in enumerate(name.split()):
        for k, piece in enumerate(re.findall(r"[^-]+-*|-+", word)):
            pieces.append((piece, n > 0 and k == 0))
    if not pieces:
        return [name], size
    while size > floor and max(stringWidth(p, font, size) for p, _ in pieces) > width:
        size = max(floor, size - 0.5)
    lines: list[str] = []
    line = ""
    for piece, spaced in pieces:
        joined = f"{line} {piece}" if spaced and line else line + piece
        if line and stringWidth(joined, font, size) > width:
            lines.append(line)
            line = piece
        else:
            line = joined
        while stringWidth(line, font, size) > width and len(line) > 1:  # the last resort: cut
            cut = max(k for k in range(1, len(line)) if stringWidth(line[:k], font, size) <= width) or 1
            lines.append(line[:cut])
            line = line[cut:]
    lines.append(line)
    return lines, size


class DocStart(Flowable):
    """Marks where a document begins; pages from here on belong to it."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        self.canv.docgen_doc = self.index  # type: ignore[attr-defined]


class Decorator:
    """Measures and draws the header and footer of every page."""

    def __init__(self, profile: Profile, docs: list[PageInfo], stamps: Sequence[Stamp] = ()) -> None:
        self.profile = profile
        self.docs = docs
        #: Per document: its scan-back code and ID line (none: neither is drawn).
        self.stamps = list(stamps)
        self._headers: dict[int, Header] = {}
        self._footers: dict[int, tuple[Paragraph, list[Paragraph]]] = {}
        self.header_height = max(self._header(doc).height for doc in docs)
        self.footer_height = max(self._footer_height(doc) for doc in docs)

    # -- measuring -------------------------------------------------------------------------
    def _para(self, text: str, style: str) -> Paragraph:
        return Paragraph(text, self.profile.styles[style])

    def _id_block(self, doc: PageInfo, width: float) -> list[Paragraph]:
        s = self.profile.styles

        def keep(text: str, where: str) -> str:
            # A label and its value never part at a line end ("Apr 12," / "1961").
            return markup(text, where).replace(" ", "&nbsp;")

        style = s["header-id"]
        label = f"{keep(doc.patient_label, 'i18n')}&nbsp;&nbsp;"
        indent = stringWidth(f"{doc.patient_label}\u00a0\u00a0", style.fontName, style.fontSize)
        lines, size = name_lines(doc.patient_name, f"{TEXT}-Bold", style.fontSize, width - indent, self.floor)
        name = "<br/>".join(markup(line, "name") for line in lines)
        if size != style.fontSize:
            name = f'<font size="{size:.1f}">{name}</font>'
        # Wrapped lines of the name start under its first letter, not under the label.
        hanging = self.profile.derived("header-name", "header-id", leftIndent=indent, firstLineIndent=-indent)
        dob = f"{keep(doc.dob_label, 'i18n')}&nbsp;&nbsp;<b>{keep(doc.dob, 'dob')}</b>"
        mrn = f"{keep(doc.mrn_label, 'i18n')}&nbsp;&nbsp;<b>{keep(doc.mrn, 'mrn')}</b>"
        return [
            Paragraph(f"{label}<b>{name}</b>", hanging),
            Paragraph(f"{dob}&nbsp;&nbsp;&nbsp; {mrn}", style),
        ]

    @property
    def floor(self) -> float:
        """The smallest size a name too long for its line may shrink to."""
        return 16.0 if self.profile.large else 8.0

    def _clinic_block(self, doc: PageInfo) -> list[Paragraph]:
        s = self.profile.styles
        if self.profile.large:  # one line: the visit box on the first page has the address and phone
            line = f"<b>{markup(doc.clinic_name, 'clinic.name')}</b>"
            if doc.example_short:
                line += f"&nbsp;&nbsp;·&nbsp;&nbsp;<b>{markup(doc.example_short, 'i18n')}</b>"
            return [Paragraph(line, s["header"])]
        out: list[Paragraph] = [Paragraph(f"<b>{markup(doc.clinic_name, 'clinic.name')}</b>", s["header"])]
        if doc.clinic_line and not self.profile.large:  # large print: the visit box has the phone
            out.append(Paragraph(markup(doc.clinic_line, "clinic"), s["header"]))
        if doc.example_notice:
            out.append(Paragraph(f"<b>{markup(doc.example_notice, 'i18n')}</b>", s["header"]))
        return out

    def _title(self, doc: PageInfo) -> Paragraph:
        # The side phrase arrives with no-break spaces ("BOTH sides (left and right)" never parts).
        text = f"{markup(doc.title, 'i18n')}: {markup(doc.subtitle, 'procedure')}"
        return self._para(text, "title")

    def _header(self, doc: PageInfo) -> Header:
        # Measured once per document: every page of it reuses the same wrapped paragraphs.
        key = id(doc)
        if key not in self._headers:
            self._headers[key] = self._build_header(doc)
        return self._headers[key]

    @property
    def stacked(self) -> bool:
        """Large print puts the identification box under the clinic's name, across the full width,
        so that a long name fits at 16 pt or more."""
        return self.profile.large

    def _build_header(self, doc: PageInfo) -> Header:
        p = self.profile
        pad = 2 * mm
        left_w, right_w = (p.width, p.width) if self.stacked else self._columns
        logo_h = 11 * mm if doc.logo else 0
        left = self._clinic_block(doc)
        left_h = logo_h + sum(par.wrap(left_w, 1000)[1] for par in left)
        # Measured a little inside the box, so ReportLab never breaks a line the name kept whole.
        right = self._id_block(doc, right_w - 2 * pad - 1)
        right_h = sum(par.wrap(right_w - 2 * pad, 1000)[1] for par in right) + 2 * pad
        title = self._title(doc)
        title_h = title.wrap(p.width, 1000)[1]
        top = left_h + 2 * mm + right_h if self.stacked else max(left_h, right_h)
        total = top + 2.5 * mm + title_h + 2.5 * mm
        return Header(total, left, right, right_w, title)

    def _footer(self, doc: PageInfo) -> tuple[Paragraph, list[Paragraph]]:
        key = id(doc)
        if key not in self._footers:
            p = self.profile
            text = markup(doc.footer_short if p.large else doc.footer_left, "footer")
            if doc.footer_mark:  # review overdue: the same words, in bold
                mark = markup(doc.footer_mark, "footer")
                text = text.replace(mark, f"<b>{mark}</b>", 1)
            left = self._para(text, "footer")
            left.wrap(p.width - self._page_width, 1000)
            # Large print: the notices print once, at the top of the document's first page.
            notes = [] if p.large else [self._para(markup(n, "footer"), "footer") for n in doc.footer_notes]
            for note in notes:
                note.wrap(p.width, 1000)
            self._footers[key] = (left, notes)
        return self._footers[key]

    @property
    def _page_width(self) -> float:
        """Room kept at the right of the footer's first line for ``Page X of Y``."""
        return self.profile.width * (0.3 if self.profile.large else 0.22)

    def _footer_text_height(self, doc: PageInfo) -> float:
        left, notes = self._footer(doc)
        page_line = self._page_size * 1.25
        return max(left.height, page_line) + sum(note.height for note in notes)

    def _footer_height(self, doc: PageInfo) -> float:
        """The footer's text, the rule above it, and 6 mm clear between the rule and the body."""
        return self._footer_text_height(doc) + 2 * mm + 6 * mm

    @property
    def _page_size(self) -> float:
        return 16.0 if self.profile.large else 10.0

    @property
    def _columns(self) -> tuple[float, float]:
        """Widths of the clinic block (left) and the identification box (right), side by side."""
        gap = 6 * mm
        right = self.profile.width * 0.5
        return self.profile.width - right - gap, right

    # -- drawing ---------------------------------------------------------------------------
    @property
    def top(self) -> float:
        """Where the header starts, from the bottom of the page."""
        return self.profile.pagesize[1] - self.profile.edge

    @property
    def frame_top(self) -> float:
        return self.top - self.header_height

    @property
    def frame_bottom(self) -> float:
        return self.profile.edge + self.footer_height

    def furniture(self, canv: Canvas, doc: PageInfo) -> None:
        """Everything of the header and footer but the page number: the same on every page of a
        document, so it is drawn once into a form that each page shows."""
        p = self.profile
        x0 = p.margin
        pad = 2 * mm
        header = self._header(doc)
        y = self.top
        if doc.logo:
            canv.drawImage(
                str(doc.logo),
                x0,
                y - 10 * mm,
                height=10 * mm,
                width=40 * mm,
                preserveAspectRatio=True,
                anchor="sw",
                mask="auto",
            )
            y -= 11 * mm
        for par in header.left:  # wrapped once, in _build_header
            par.drawOn(canv, x0, y - par.height)
            y -= par.height
        left_bottom = y
        # Identification box: top right, or under the clinic's name in large print.
        box_top = left_bottom - 2 * mm if self.stacked else self.top
        rx = x0 + p.width - header.right_width
        heights = [par.height for par in header.right]
        box_h = sum(heights) + 2 * pad
        canv.saveState()
        canv.setLineWidth(1.2)
        canv.rect(rx, box_top - box_h, header.right_width, box_h)
        canv.restoreState()
        y = box_top - pad
        for par, h in zip(header.right, heights, strict=True):
            par.drawOn(canv, rx + pad, y - h)
            y -= h
        y = min(left_bottom, box_top - box_h) - 2.5 * mm
        th = header.title.height
        header.title.drawOn(canv, x0, y - th)
        y -= th + 1.5 * mm
        canv.saveState()
        canv.setLineWidth(1.5)
        canv.line(x0, y, x0 + p.width, y)
        # Footer: a thin rule, then the template, version and print date (and, in standard print,
        # the notices) under it.
        text_h = self._footer_text_height(doc)
        rule = p.edge + text_h + 2 * mm
        canv.setLineWidth(0.5)
        canv.line(x0, rule, x0 + p.width, rule)
        canv.restoreState()
        y = rule - 1.5 * mm
        left_par, notes = self._footer(doc)
        left_par.drawOn(canv, x0, y - left_par.height)
        y -= max(left_par.height, self._page_size * 1.25)
        for par in notes:
            par.drawOn(canv, x0, y - par.height)
            y -= par.height

    def page_number(self, canv: Canvas, doc: PageInfo, page: int, pages: int) -> None:
        """``Page X of Y``, right-aligned on the footer's first line, larger and bold."""
        if not doc.page_pattern:
            return
        p = self.profile
        rule = p.edge + self._footer_text_height(doc) + 2 * mm
        size = self._page_size
        canv.setFont(f"{TEXT}-Bold", size)
        # On the baseline of the footer's first line (a paragraph sets it one font size down).
        canv.drawRightString(
            p.margin + p.width, rule - 1.5 * mm - p.small, doc.page_pattern.format(page=page, pages=pages)
        )


@dataclass(frozen=True)
class Header:
    """One document's header, measured: its height, the clinic block, the identification box (and
    its width) and the title."""

    height: float
    left: list[Paragraph]
    right: list[Paragraph]
    right_width: float
    title: Paragraph


def _pin_creation_date(canv: Canvas, created: dt.datetime) -> None:
    """Date the PDF (its creation date and the seed of its file ID) by the print time.

    ReportLab takes the date from ``SOURCE_DATE_EPOCH`` in the environment of whichever process
    renders, else a fixed date in invariant mode: a pool process started earlier under another
    environment would date the same document differently. The print time is an argument of the
    render, so the bytes depend on nothing else.
    """
    from reportlab.lib.utils import TimeStamp

    stamp = TimeStamp(invariant=1)
    aware = created.replace(tzinfo=dt.UTC) if created.tzinfo is None else created
    seconds = int(aware.timestamp())  # whole seconds, as ReportLab reads SOURCE_DATE_EPOCH
    stamp.t = seconds
    stamp.lt = time.gmtime(seconds)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
    doc = canv._doc  # type: ignore[attr-defined]
    doc._timeStamp = stamp
    doc.signature = hashlib.md5(b"a reportlab document", usedforsecurity=False)
    doc.signature.update(ascii(seconds).encode())


class PagedCanvas(Canvas):
    """A canvas that holds every page until the end, then numbers them per document."""

    def __init__(self, *args: Any, decorator: Decorator, created: dt.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _pin_creation_date(self, created)
        self._pages: list[dict[str, Any]] = []
        self._decorator = decorator
        self.docgen_doc = 0
        self.page_counts: list[int] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        totals = Counter(state["docgen_doc"] for state in self._pages)
        docs = self._decorator.docs
        for index in sorted(totals):  # the canvas is on a fresh, empty page here
            self.beginForm(f"docgen-furniture-{index}")
            self._decorator.furniture(self, docs[index])
            self.endForm()
        seen: Counter[int] = Counter()
        for state in self._pages:
            self.__dict__.update(state)
            index = state["docgen_doc"]
            seen[index] += 1
            self.doForm(f"docgen-furniture-{index}")
            self._decorator.page_number(self, docs[index], seen[index], totals[index])
            if self._decorator.stamps:
                draw_stamp(
                    self, self._decorator.profile, self._decorator.stamps[index], seen[index], totals[index]
                )
            Canvas.showPage(self)
        self.page_counts[:] = [totals[i] for i in range(len(self._decorator.docs))]
        nest(self)  # a fillable diary's fields as a tree of names
        Canvas.save(self)
