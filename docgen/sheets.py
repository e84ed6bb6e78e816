"""The print file's own pages: the intentionally blank page and the separator sheet.

Both carry the patient's identifiers in the same header and footer as their documents, so a page
that falls out of a stack can always be put back with the right patient.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from docgen.config import Settings
from docgen.content import Locale, titled
from docgen.documents import doc_template, locale_for, page_info
from docgen.errors import TemplateProblem
from docgen.layout.fonts import markup, register
from docgen.layout.page import Decorator, DocStart, PagedCanvas, PageInfo
from docgen.layout.styles import Profile, profile_for
from docgen.library import Library, Procedure
from docgen.models import Kind, Options, Visit


def _text(locale: Locale, key: str, **values: Any) -> str:
    try:
        return locale.text("batch", key, **values)
    except KeyError:
        raise TemplateProblem(
            f"i18n/{locale.language.value}.yaml has no batch.{key}; copy it from the English file"
        ) from None


def _one_page(
    info: PageInfo, story: list[Flowable], profile: Profile, settings: Settings, locale: Locale
) -> bytes:
    """A one-page PDF with the standard header and footer around ``story``."""
    register()
    decorator = Decorator(profile, [info])
    buffer = io.BytesIO()
    doc = doc_template(
        buffer,
        profile,
        decorator,
        title=info.title,
        author=settings.clinic.name,
        subject=info.subtitle,
        lang=locale.babel,
        top_padding=profile.body,
    )
    doc.build([DocStart(0), *story], canvasmaker=partial(PagedCanvas, decorator=decorator))
    return buffer.getvalue()


def _context(
    visit: Visit, settings: Settings, options: Options | None, library: Library
) -> tuple[Procedure, Locale, Profile]:
    procedure = library.check_visit(visit)
    locale = locale_for(library, visit)
    profile = profile_for(options or Options(paper=settings.defaults.paper))
    return procedure, locale, profile


def blank_page(
    visit: Visit,
    last: Kind,
    *,
    settings: Settings,
    printed_at: dt.datetime,
    library: Library,
    options: Options | None = None,
) -> bytes:
    """One page saying it is intentionally blank, with the patient's header and the footer of
    ``last``, the document it follows."""
    procedure, locale, profile = _context(visit, settings, options, library)
    info = replace(
        page_info(visit, procedure, settings, locale, last, printed_at),
        title=_text(locale, "blank_title"),
        page_pattern="",
    )
    story: list[Flowable] = [
        Spacer(1, profile.pagesize[1] * 0.25),
        Paragraph(markup(_text(locale, "blank"), "i18n"), profile.derived("blank", "title", alignment=1)),
    ]
    return _one_page(info, story, profile, settings, locale)


def separator_page(
    visit: Visit,
    documents: Sequence[tuple[Kind, int]],
    *,
    settings: Settings,
    printed_at: dt.datetime,
    library: Library,
    options: Options | None = None,
) -> bytes:
    """The front of a separator sheet: the MRN large and as a Code 128 barcode, the appointment,
    and the documents that follow with their page counts (so the stack can be checked)."""
    from reportlab.graphics.barcode.code128 import Code128

    procedure, locale, profile = _context(visit, settings, options, library)
    first = documents[0][0] if documents else Kind.INFO
    info = replace(
        page_info(visit, procedure, settings, locale, first, printed_at),
        title=_text(locale, "separator_title"),
        page_pattern="",
    )
    big = profile.derived("mrn", "title", fontSize=profile.body * 3, leading=profile.body * 3.6, alignment=1)
    centred = profile.derived("centred", "body", alignment=1)
    when = locale.date(visit.date, "full")
    if visit.time is not None:
        when = f"{when}, {locale.time(visit.time)}"
    pages = sum(n for _, n in documents)
    padded = pages + pages % 2
    story: list[Flowable] = [
        Paragraph(f"<b>{markup(_text(locale, 'separator_note'), 'i18n')}</b>", centred),
        Spacer(1, 8 * mm),
        Paragraph(f"{markup(info.mrn_label, 'i18n')} {markup(visit.mrn, 'mrn')}", big),
        Spacer(1, 4 * mm),
        _Centred(Code128(visit.mrn, barHeight=18 * mm, barWidth=0.5 * mm, quiet=True)),
        Spacer(1, 8 * mm),
        Paragraph(
            f"{markup(_text(locale, 'separator_when'), 'i18n')}: <b>{markup(when, 'date')}</b>", centred
        ),
        Paragraph(f"<b>{markup(titled(procedure, visit, locale), 'procedure')}</b>", centred),
        Spacer(1, 6 * mm),
    ]
    story.append(Paragraph(f"<b>{markup(_text(locale, 'separator_documents'), 'i18n')}</b>", centred))
    for kind, count in documents:
        label = markup(locale.text("titles", kind.value), "i18n")
        story.append(
            Paragraph(f"{label}: {markup(_text(locale, 'separator_pages', pages=count), 'i18n')}", centred)
        )
    story.append(Spacer(1, 4 * mm))
    follows = _text(locale, "separator_follows", pages=padded, sheets=padded // 2)
    story.append(Paragraph(f"<b>{markup(follows, 'i18n')}</b>", centred))
    return _one_page(info, story, profile, settings, locale)


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
