"""The words of the print file's own pages: the intentionally blank page and the separator sheet.

A blank page carries the patient's identifiers in the same header and footer as the document it
follows, so that a page that falls out of a stack can be put back with the right patient. The
separator sheet is for staff: its counts come from the rendered files (never worked out again), so
that they add up to exactly the pages that follow it. Layout draws both (``docgen.layout.sheets``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from docgen.batch.printfile import blank_after
from docgen.content.compose import locale_for, page_info
from docgen.content.library import Library
from docgen.content.locale import Locale
from docgen.content.parts import titled
from docgen.document import Meta, PageInfo, Separator
from docgen.errors import TemplateProblem
from docgen.job import Job
from docgen.model.visit import Kind, Options

#: One file of a row, as rendered: its documents and the pages each has (backs left blank included).
FilePages = Sequence[tuple[Kind, int]]


def _text(locale: Locale, key: str, *path: str, **values: Any) -> str:
    try:
        return locale.text("batch", key, *path, **values)
    except KeyError:
        raise TemplateProblem(
            f"i18n/{locale.language.value}.yaml has no batch.{'.'.join((key, *path))}; "
            "copy it from the English file"
        ) from None


def _count(locale: Locale, key: str, n: int) -> str:
    """``1 page``, ``3 pages`` (both languages have one plural form)."""
    return _text(locale, key, "one" if n == 1 else "other", n=n)


def _page(job: Job, locale: Locale, kind: Kind, printed_at: dt.datetime, title: str) -> tuple[PageInfo, Meta]:
    info = replace(
        page_info(job.visit, job.procedure, job.settings, locale, kind, printed_at),
        title=title,
        page_pattern="",
    )
    return info, Meta(info.title, job.settings.clinic.name, info.subtitle, locale.babel, printed_at)


def blank_pages(
    job: Job,
    after: Sequence[Kind],
    *,
    printed_at: dt.datetime,
    library: Library,
    options: Options,
    ids: Sequence[str] | None = None,
) -> bytes:
    """One page per kind in ``after``, each saying it is intentionally blank, with the patient's
    header and the footer of the document it follows, and a scan-back code of kind "blank" (naming
    that document's ID when ``ids`` gives one per kind in ``after``)."""
    from docgen.layout.sheets import blank_sheets
    from docgen.layout.styles import profile_for
    from docgen.pdf import check_ids, stamps_for

    locale = locale_for(library, job.visit)
    title = _text(locale, "blank_title")
    pages = [_page(job, locale, kind, printed_at, title) for kind in after]
    profile = profile_for(options.paper, options.large_print)
    stamps = [replace(s, kind="blank") for s in stamps_for(job, after, check_ids(ids, len(after)), library)]
    return blank_sheets([info for info, _ in pages], _text(locale, "blank"), profile, pages[0][1], stamps)


def blank_page(
    job: Job,
    last: Kind,
    *,
    printed_at: dt.datetime,
    library: Library,
    options: Options,
    doc_id: str | None = None,
) -> bytes:
    """The blank page after ``last`` (the document ``doc_id``, when it has one)."""
    ids = [doc_id] if doc_id else None
    return blank_pages(job, [last], printed_at=printed_at, library=library, options=options, ids=ids)


def separator_page(
    job: Job,
    files: Sequence[FilePages],
    *,
    printed_at: dt.datetime,
    library: Library,
    options: Options,
) -> bytes:
    """The separator sheet before a patient (two pages, its back marked, for two-sided printing):
    the name, date of birth and MRN large, the MRN as a Code 128 barcode, the appointment, and
    every document and blank page that follows, in print order, with its page count."""
    from docgen.layout.sheets import separator_sheet
    from docgen.layout.styles import profile_for

    visit = job.visit
    locale = locale_for(library, visit)
    first = files[0][0][0] if files and files[0] else Kind.INFO
    info, meta = _page(job, locale, first, printed_at, _text(locale, "separator_title"))
    when = locale.date(visit.date, "full")
    if visit.time is not None:
        when = f"{when}, {locale.time(visit.time)}"
    duplex = options.duplex
    lines, pages = _documents(locale, files, duplex=duplex)
    total = _count(locale, "separator_pages", pages)
    if duplex:
        follows = _text(
            locale, "separator_follows", pages=total, sheets=_count(locale, "separator_sheets", pages // 2)
        )
    else:
        follows = _text(locale, "separator_follows_simplex", pages=total)
    printed = f"{locale.date(printed_at.date(), 'medium')} {locale.time(printed_at.time())}"
    words = Separator(
        band=_text(locale, "separator_band"),
        note=_text(locale, "separator_note"),
        name=visit.name,
        dob_line=f"{info.dob_label}: {info.dob}",
        mrn_label=info.mrn_label,
        mrn=visit.mrn,
        when=f"{_text(locale, 'separator_when')}: {when}",
        procedure=_capital(titled(job.procedure, visit, locale)),
        documents_title=_text(locale, "separator_documents"),
        documents=lines,
        documents_note=_text(locale, "separator_backs") if duplex and any(len(f) > 1 for f in files) else "",
        follows=follows,
        footer=_text(locale, "separator_footer", when=printed),
        back=_text(locale, "separator_back") if duplex else "",
    )
    return separator_sheet(words, profile_for(options.paper, options.large_print), meta)


def _documents(locale: Locale, files: Sequence[FilePages], *, duplex: bool) -> tuple[tuple[str, ...], int]:
    """A line per document and per blank page the print file adds after a file, and the total
    pages: the print file's own rule (:func:`blank_after`) decides where the blanks go."""
    lines: list[str] = []
    total = 0
    padding = blank_after([sum(n for _, n in f) for f in files], duplex=duplex)
    for file, blank in zip(files, padding, strict=True):
        for kind, n in file:
            title = locale.text("titles", kind.value)
            pages = _count(locale, "separator_pages", n)
            if duplex:
                sheets = _count(locale, "separator_sheets", (n + 1) // 2)
                lines.append(_text(locale, "separator_document", title=title, pages=pages, sheets=sheets))
            else:
                lines.append(_text(locale, "separator_document_simplex", title=title, pages=pages))
            total += n
        if blank:
            lines.append(_text(locale, "separator_blank"))
            total += 1
    return tuple(lines), total


def _capital(text: str) -> str:
    """A procedure's name as a line of its own: 'Inyección...', not 'inyección...'."""
    return text[:1].upper() + text[1:]
