"""The page: header with the patient's identifiers and the title, footer with template, print date
and ``Page X of Y`` counted per document.

Header and footer are drawn when the whole PDF is laid out, so every page knows how many pages
its own document has, even when several documents share one file (a packet).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections import Counter
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from docgen.document import PageInfo
from docgen.layout.fonts import TEXT, markup
from docgen.layout.styles import Profile


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

    def __init__(self, profile: Profile, docs: list[PageInfo]) -> None:
        self.profile = profile
        self.docs = docs
        self._headers: dict[int, tuple[float, list[tuple[Paragraph, float]], list[Paragraph], Paragraph]] = {}
        self._footers: dict[int, tuple[Paragraph, list[Paragraph]]] = {}
        self.header_height = max(self._header(doc)[0] for doc in docs)
        self.footer_height = max(self._footer_height(doc) for doc in docs)

    # -- measuring -------------------------------------------------------------------------
    def _para(self, text: str, style: str) -> Paragraph:
        return Paragraph(text, self.profile.styles[style])

    def _id_block(self, doc: PageInfo) -> list[Paragraph]:
        s = self.profile.styles

        def keep(text: str, where: str) -> str:
            # A label and its value never part at a line end ("Apr 12," / "1961").
            return markup(text, where).replace(" ", "&nbsp;")

        name = markup(doc.patient_name, "name")
        dob = f"{keep(doc.dob_label, 'i18n')}&nbsp;&nbsp;<b>{keep(doc.dob, 'dob')}</b>"
        mrn = f"{keep(doc.mrn_label, 'i18n')}&nbsp;&nbsp;<b>{keep(doc.mrn, 'mrn')}</b>"
        return [
            Paragraph(f"{markup(doc.patient_label, 'i18n')}&nbsp;&nbsp;<b>{name}</b>", s["header-id"]),
            Paragraph(f"{dob}&nbsp;&nbsp;&nbsp; {mrn}", s["header-id"]),
        ]

    def _clinic_block(self, doc: PageInfo) -> list[Paragraph]:
        s = self.profile.styles
        out: list[Paragraph] = [Paragraph(f"<b>{markup(doc.clinic_name, 'clinic.name')}</b>", s["header"])]
        if doc.clinic_line and not self.profile.large:  # large print: the visit box has the phone
            out.append(Paragraph(markup(doc.clinic_line, "clinic"), s["header"]))
        if doc.example_notice:
            out.append(Paragraph(f"<b>{markup(doc.example_notice, 'i18n')}</b>", s["header"]))
        return out

    def _title(self, doc: PageInfo) -> Paragraph:
        text = f"{markup(doc.title, 'i18n')}: {markup(doc.subtitle, 'procedure')}"
        return self._para(text, "title")

    def _header(
        self, doc: PageInfo
    ) -> tuple[float, list[tuple[Paragraph, float]], list[Paragraph], Paragraph]:
        # Measured once per document: every page of it reuses the same wrapped paragraphs.
        key = id(doc)
        if key not in self._headers:
            self._headers[key] = self._build_header(doc)
        return self._headers[key]

    def _build_header(
        self, doc: PageInfo
    ) -> tuple[float, list[tuple[Paragraph, float]], list[Paragraph], Paragraph]:
        p = self.profile
        left_w, right_w = self._columns
        pad = 2 * mm
        logo_h = 11 * mm if doc.logo else 0
        left = self._clinic_block(doc)
        left_h = logo_h + sum(par.wrap(left_w, 1000)[1] for par in left)
        right = self._id_block(doc)
        right_h = sum(par.wrap(right_w - 2 * pad, 1000)[1] for par in right) + 2 * pad
        title = self._title(doc)
        title_h = title.wrap(p.width, 1000)[1]
        total = max(left_h, right_h) + 3 * mm + title_h + 3 * mm
        return total, [(par, left_w) for par in left], right, title

    def _footer(self, doc: PageInfo) -> tuple[Paragraph, list[Paragraph]]:
        key = id(doc)
        if key not in self._footers:
            left = self._para(markup(doc.footer_left, "footer"), "footer")
            left.wrap(self.profile.width * 0.72, 1000)
            notes = [self._para(markup(note, "footer"), "footer") for note in doc.footer_notes]
            for note in notes:
                note.wrap(self.profile.width, 1000)
            self._footers[key] = (left, notes)
        return self._footers[key]

    def _footer_height(self, doc: PageInfo) -> float:
        left, notes = self._footer(doc)
        return left.height + sum(note.height for note in notes) + 4 * mm

    @property
    def _columns(self) -> tuple[float, float]:
        """Widths of the clinic block (left) and the identification box (right)."""
        gap = 6 * mm
        share = 0.58 if self.profile.large else 0.5
        right = self.profile.width * share
        return self.profile.width - right - gap, right

    # -- drawing ---------------------------------------------------------------------------
    @property
    def top(self) -> float:
        """Where the header starts, from the bottom of the page."""
        return self.profile.pagesize[1] - self.profile.margin * 0.8

    @property
    def frame_top(self) -> float:
        return self.top - self.header_height

    @property
    def frame_bottom(self) -> float:
        return self.profile.margin * 0.8 + self.footer_height

    def furniture(self, canv: Canvas, doc: PageInfo) -> None:
        """Everything of the header and footer but the page number: the same on every page of a
        document, so it is drawn once into a form that each page shows."""
        p = self.profile
        x0 = p.margin
        _, right_w = self._columns
        pad = 2 * mm
        _, left, right, title = self._header(doc)
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
        for par, _width in left:  # wrapped once, in _build_header
            par.drawOn(canv, x0, y - par.height)
            y -= par.height
        left_bottom = y
        # Identification box, top right.
        rx = x0 + p.width - right_w
        heights = [par.height for par in right]
        box_h = sum(heights) + 2 * pad
        canv.saveState()
        canv.setLineWidth(1.2)
        canv.rect(rx, self.top - box_h, right_w, box_h)
        canv.restoreState()
        y = self.top - pad
        for par, h in zip(right, heights, strict=True):
            par.drawOn(canv, rx + pad, y - h)
            y -= h
        y = min(left_bottom, self.top - box_h) - 3 * mm
        th = title.height
        title.drawOn(canv, x0, y - th)
        y -= th + 1.5 * mm
        canv.saveState()
        canv.setLineWidth(1.5)
        canv.line(x0, y, x0 + p.width, y)
        # Footer.
        fy = p.margin * 0.8
        canv.setLineWidth(0.5)
        canv.line(x0, fy + self.footer_height - 1.5 * mm, x0 + p.width, fy + self.footer_height - 1.5 * mm)
        canv.restoreState()
        y = fy + self.footer_height - 3 * mm
        left_par, notes = self._footer(doc)
        h = left_par.height
        left_par.drawOn(canv, x0, y - h)
        y -= h
        for par in notes:
            par.drawOn(canv, x0, y - par.height)
            y -= par.height

    def page_number(self, canv: Canvas, doc: PageInfo, page: int, pages: int) -> None:
        """``Page X of Y``, right-aligned on the footer's first line."""
        if not doc.page_pattern:
            return
        p = self.profile
        y = p.margin * 0.8 + self.footer_height - 3 * mm
        canv.setFont(f"{TEXT}-Bold", p.small * 1.25)
        canv.drawRightString(
            p.margin + p.width, y - p.small * 1.2, doc.page_pattern.format(page=page, pages=pages)
        )


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
            Canvas.showPage(self)
        self.page_counts[:] = [totals[i] for i in range(len(self._decorator.docs))]
        Canvas.save(self)
