"""The print file's own pages: the intentionally blank page and the separator sheet."""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from docgen.document import Meta, PageInfo, Separator
from docgen.layout.document import doc_template
from docgen.layout.fonts import markup, register
from docgen.layout.page import Decorator, DocStart, PagedCanvas
from docgen.layout.styles import Profile


def one_page(info: PageInfo, story: list[Flowable], profile: Profile, meta: Meta) -> bytes:
    """A one-page PDF with the standard header and footer around ``story``."""
    register()
    decorator = Decorator(profile, [info])
    buffer = io.BytesIO()
    doc = doc_template(buffer, profile, decorator, meta, top_padding=profile.body)

    def canvas(*args: object, **kwargs: object) -> PagedCanvas:
        return PagedCanvas(*args, decorator=decorator, created=meta.created, **kwargs)

    doc.build([DocStart(0), *story], canvasmaker=canvas)
    return buffer.getvalue()


def blank_sheet(info: PageInfo, text: str, profile: Profile, meta: Meta) -> bytes:
    story: list[Flowable] = [
        Spacer(1, profile.pagesize[1] * 0.25),
        Paragraph(markup(text, "i18n"), profile.derived("blank", "title", alignment=1)),
    ]
    return one_page(info, story, profile, meta)


def separator_sheet(info: PageInfo, words: Separator, profile: Profile, meta: Meta) -> bytes:
    """The MRN large and as a Code 128 barcode, the appointment, and the documents that follow."""
    from reportlab.graphics.barcode.code128 import Code128

    big = profile.derived("mrn", "title", fontSize=profile.body * 3, leading=profile.body * 3.6, alignment=1)
    centred = profile.derived("centred", "body", alignment=1)
    story: list[Flowable] = [
        Paragraph(f"<b>{markup(words.note, 'i18n')}</b>", centred),
        Spacer(1, 8 * mm),
        Paragraph(f"{markup(words.mrn_line, 'i18n')} {markup(words.mrn, 'mrn')}", big),
        Spacer(1, 4 * mm),
        _Centred(Code128(words.mrn, barHeight=18 * mm, barWidth=0.5 * mm, quiet=True)),
        Spacer(1, 8 * mm),
        Paragraph(f"{markup(words.when_label, 'i18n')}: <b>{markup(words.when, 'date')}</b>", centred),
        Paragraph(f"<b>{markup(words.procedure, 'procedure')}</b>", centred),
        Spacer(1, 6 * mm),
        Paragraph(f"<b>{markup(words.documents_title, 'i18n')}</b>", centred),
    ]
    story.extend(Paragraph(markup(line, "i18n"), centred) for line in words.documents)
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(f"<b>{markup(words.follows, 'i18n')}</b>", centred))
    return one_page(info, story, profile, meta)


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
