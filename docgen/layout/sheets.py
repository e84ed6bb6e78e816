"""The print file's own pages: the intentionally blank page and the separator sheet.

A blank page belongs to its patient (the document header and footer, so that it can be put back).
The separator sheet belongs to the staff and must never pass for a patient's page: black bands
across the top and bottom, its own small footer, none of the documents' header or footer.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.lib.colors import black, white
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from docgen.document import Meta, PageInfo, Separator
from docgen.errors import DocgenError
from docgen.layout.codes import Stamp
from docgen.layout.document import doc_template, pdf_properties
from docgen.layout.fonts import TEXT, markup, register
from docgen.layout.page import Decorator, DocStart, PagedCanvas, _pin_creation_date
from docgen.layout.styles import Profile

BOLD = f"{TEXT}-Bold"


def blank_sheets(
    infos: Sequence[PageInfo], text: str, profile: Profile, meta: Meta, stamps: Sequence[Stamp] = ()
) -> bytes:
    """One page per ``infos``, each saying ``text`` under that document's header and footer (and
    carrying its ``stamps``: a scan-back code of kind "blank")."""
    register()
    decorator = Decorator(profile, list(infos), stamps)
    buffer = io.BytesIO()
    doc = doc_template(buffer, profile, decorator, meta, top_padding=profile.body)
    style = profile.derived("blank", "title", alignment=1)
    story: list[Flowable] = []
    for index in range(len(infos)):
        if index:
            story.append(PageBreak())
        story += [
            DocStart(index),
            Spacer(1, profile.pagesize[1] * 0.25),
            Paragraph(markup(text, "i18n"), style),
        ]

    def canvas(*args: object, **kwargs: object) -> PagedCanvas:
        return PagedCanvas(*args, decorator=decorator, created=meta.created, **kwargs)

    doc.build(story, canvasmaker=canvas)
    return buffer.getvalue()


def separator_sheet(words: Separator, profile: Profile, meta: Meta) -> bytes:
    """The separator sheet: a front for staff and, when ``words.back`` is set, a back marked as the
    separator's (so that the patient's pages start on the next sheet).

    The front is one page whatever the name's length and the number of documents: for staff, not
    the patient, so its type steps down until it fits (the name stays at 22 pt or more)."""
    register()
    # Large print only nudges the sizes up.
    for base in (14.0, 12.0, 11.0, 10.0) if profile.large else (12.0, 11.0, 10.0):
        pdf, pages = _separator(words, profile, meta, base)
        if pages == (2 if words.back else 1):
            return pdf
    raise DocgenError("the separator sheet does not fit on one page; shorten batch.separator_* wording")


def _separator(words: Separator, profile: Profile, meta: Meta, base: float) -> tuple[bytes, int]:
    from reportlab.graphics.barcode.code128 import Code128

    s = _styles(base)
    furniture = _Furniture(words, profile, s)
    width, height = profile.pagesize
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=profile.pagesize,
        **pdf_properties(meta),
    )
    top, bottom = height - furniture.band - 6 * mm, furniture.bottom + 4 * mm
    frame = Frame(profile.margin, bottom, width - 2 * profile.margin, top - bottom, id="body", showBoundary=0)
    doc.addPageTemplates(
        [
            PageTemplate(id="front", frames=[frame], onPage=furniture.draw),
            PageTemplate(id="back", frames=[frame], onPage=furniture.draw),
        ]
    )
    lines = [Paragraph(markup(line, "i18n"), s["line"]) for line in words.documents]
    if words.documents_note:
        lines.append(Paragraph(markup(words.documents_note, "i18n"), s["small"]))
    lines.append(Paragraph(f"<b>{markup(words.follows, 'i18n')}</b>", s["line"]))
    box = Table(
        [[Paragraph(f"<b>{markup(words.documents_title, 'i18n')}</b>", s["line"])], *[[p] for p in lines]],
        colWidths=[frame.width * 0.86],
        style=[
            ("BOX", (0, 0), (-1, -1), 1.5, black),
            ("LINEBELOW", (0, 0), (-1, 0), 0.75, black),
            ("LINEABOVE", (0, -1), (-1, -1), 0.75, black),
            ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
        ],
    )
    story: list[Flowable] = [
        Paragraph(f"<b>{markup(words.note, 'i18n')}</b>", s["note"]),
        Spacer(1, 4 * mm),
        Paragraph(f"<b>{markup(words.name, 'name')}</b>", s["name"]),
        Paragraph(markup(words.dob_line, "dob"), s["dob"]),
        Spacer(1, 2 * mm),
        Paragraph(f"{markup(words.mrn_label, 'i18n')} <b>{markup(words.mrn, 'mrn')}</b>", s["mrn"]),
        _Centred(Code128(words.mrn, barHeight=16 * mm, barWidth=0.5 * mm, quiet=True)),
        Spacer(1, 5 * mm),
        Paragraph(markup(words.when, "date"), s["when"]),
        Paragraph(f"<b>{markup(words.procedure, 'procedure')}</b>", s["when"]),
        Spacer(1, 5 * mm),
        KeepTogether([box]),
    ]
    if words.back:
        story += [NextPageTemplate("back"), PageBreak(), Spacer(1, frame.height * 0.3)]
        story.append(Paragraph(f"<b>{markup(words.back, 'i18n')}</b>", s["back"]))

    def canvas(*args: Any, **kwargs: Any) -> Canvas:
        canv = Canvas(*args, **kwargs)
        _pin_creation_date(canv, meta.created)
        return canv

    doc.build(story, canvasmaker=canvas)
    return buffer.getvalue(), doc.page


def _styles(base: float) -> dict[str, ParagraphStyle]:
    """The separator's own styles: not the documents' (it must not look like them)."""

    def style(name: str, size: float, **kw: Any) -> ParagraphStyle:
        values: dict[str, Any] = {"fontName": TEXT, "fontSize": size, "leading": size * 1.25}
        values |= {"alignment": TA_CENTER, "spaceAfter": size * 0.3, **kw}
        return ParagraphStyle(name, **values)

    return {
        "band": style("sep-band", base * 1.5, fontName=BOLD, textColor=white, spaceAfter=0),
        "footer": style("sep-footer", 8, alignment=TA_LEFT, spaceAfter=0),
        "note": style("sep-note", base),
        "name": style("sep-name", max(22.0, base * 2.2), leading=max(22.0, base * 2.2) * 1.15),
        "dob": style("sep-dob", base * 1.5),
        "mrn": style("sep-mrn", base * 3, leading=base * 3.4),
        "when": style("sep-when", base * 1.2),
        "line": style("sep-line", base * 1.1, alignment=TA_LEFT, spaceAfter=base * 0.15),
        "small": style("sep-small", base * 0.85, alignment=TA_LEFT),
        "back": style("sep-back", base * 1.5),
    }


class _Furniture:
    """The bands at the top and bottom of both sides, and the sheet's own small footer."""

    def __init__(self, words: Separator, profile: Profile, styles: dict[str, ParagraphStyle]) -> None:
        self.profile = profile
        inner = profile.pagesize[0] - 2 * profile.margin
        band = styles["band"]
        wide = stringWidth(words.band, band.fontName, band.fontSize)
        if wide > inner:  # one line if it can be (down to 3/4 of the size), else two
            size = max(band.fontSize * 0.75, band.fontSize * inner / wide * 0.98)
            band = ParagraphStyle("sep-band-fit", parent=band, fontSize=size, leading=size * 1.25)
        self.text = [Paragraph(markup(words.band, "i18n"), band) for _ in range(2)]
        text_h = max(p.wrap(inner, 1000)[1] for p in self.text)
        #: Tall enough that the words sit clear of a printer's unprintable edge.
        self.band = max(22 * mm, text_h + 12 * mm)
        self.footer = Paragraph(markup(words.footer, "i18n"), styles["footer"])
        footer_h = self.footer.wrap(inner, 1000)[1]
        self.bottom = self.band + 3 * mm + footer_h

    def draw(self, canv: Canvas, _doc: object) -> None:
        width, height = self.profile.pagesize
        x = self.profile.margin
        canv.saveState()
        canv.setFillColor(black)
        canv.rect(0, height - self.band, width, self.band, stroke=0, fill=1)  # to the paper's edges
        canv.rect(0, 0, width, self.band, stroke=0, fill=1)
        canv.restoreState()
        for text, y0 in zip(self.text, (height - self.band, 0.0), strict=True):
            text.drawOn(canv, x, y0 + (self.band - text.height) / 2)
        self.footer.drawOn(canv, x, self.band + 3 * mm)


class _Centred(Flowable):
    """Draws another flowable (here a barcode) centred in the frame's width."""

    def __init__(self, inner: Flowable) -> None:
        super().__init__()
        self.inner = inner

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        w, h = self.inner.wrap(availWidth, availHeight)
        self._offset = max(0.0, (availWidth - w) / 2)
        return availWidth, h

    def draw(self) -> None:
        self.inner.drawOn(self.canv, self._offset, 0)
