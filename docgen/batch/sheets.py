"""The words of the print file's own pages: the intentionally blank page and the separator sheet.

Both carry the patient's identifiers in the same header and footer as their documents, so a page
that falls out of a stack can always be put back with the right patient. Layout draws them
(``docgen.layout.sheets``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from docgen.content.compose import locale_for, page_info
from docgen.content.library import Library
from docgen.content.locale import Locale
from docgen.content.parts import titled
from docgen.document import Meta, PageInfo, Separator
from docgen.errors import TemplateProblem
from docgen.job import Job
from docgen.model.visit import Kind, Options


def _text(locale: Locale, key: str, **values: Any) -> str:
    try:
        return locale.text("batch", key, **values)
    except KeyError:
        raise TemplateProblem(
            f"i18n/{locale.language.value}.yaml has no batch.{key}; copy it from the English file"
        ) from None


def _page(job: Job, locale: Locale, kind: Kind, printed_at: dt.datetime, title: str) -> tuple[PageInfo, Meta]:
    info = replace(
        page_info(job.visit, job.procedure, job.settings, locale, kind, printed_at),
        title=title,
        page_pattern="",
    )
    return info, Meta(info.title, job.settings.clinic.name, info.subtitle, locale.babel, printed_at)


def blank_page(job: Job, last: Kind, *, printed_at: dt.datetime, library: Library, options: Options) -> bytes:
    """One page saying it is intentionally blank, with the patient's header and the footer of
    ``last``, the document it follows."""
    from docgen.layout.sheets import blank_sheet
    from docgen.layout.styles import profile_for

    locale = locale_for(library, job.visit)
    info, meta = _page(job, locale, last, printed_at, _text(locale, "blank_title"))
    return blank_sheet(info, _text(locale, "blank"), profile_for(options.paper, options.large_print), meta)


def separator_page(
    job: Job,
    documents: Sequence[tuple[Kind, int]],
    *,
    printed_at: dt.datetime,
    library: Library,
    options: Options,
) -> bytes:
    """The front of a separator sheet: the MRN large and as a Code 128 barcode, the appointment,
    and the documents that follow with their page counts (so the stack can be checked)."""
    from docgen.layout.sheets import separator_sheet
    from docgen.layout.styles import profile_for

    visit = job.visit
    locale = locale_for(library, visit)
    first = documents[0][0] if documents else Kind.INFO
    info, meta = _page(job, locale, first, printed_at, _text(locale, "separator_title"))
    when = locale.date(visit.date, "full")
    if visit.time is not None:
        when = f"{when}, {locale.time(visit.time)}"
    pages = sum(n for _, n in documents)
    padded = pages + pages % 2
    words = Separator(
        note=_text(locale, "separator_note"),
        mrn_line=info.mrn_label,
        mrn=visit.mrn,
        when_label=_text(locale, "separator_when"),
        when=when,
        procedure=titled(job.procedure, visit, locale),
        documents_title=_text(locale, "separator_documents"),
        documents=tuple(
            f"{locale.text('titles', kind.value)}: {_text(locale, 'separator_pages', pages=count)}"
            for kind, count in documents
        ),
        follows=_text(locale, "separator_follows", pages=padded, sheets=padded // 2),
    )
    return separator_sheet(info, words, profile_for(options.paper, options.large_print), meta)
