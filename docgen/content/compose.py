"""Compose one document's words: the template rendered and parsed, every drawn part built, the page
furniture written. The result is a :class:`docgen.document.Document`, ready for layout.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from docgen.content.environment import render_markdown, template_name
from docgen.content.locale import Locale, unbroken
from docgen.content.markdown import parse
from docgen.content.parts import Parts, titled
from docgen.document import Block, Box, Component, Document, Item, ListBlock, Meta, PageInfo
from docgen.model.procedure import Procedure
from docgen.model.settings import Settings
from docgen.model.visit import Kind, Visit

if TYPE_CHECKING:
    from docgen.content.library import Library
    from docgen.job import Job


def locale_for(library: Library, visit: Visit) -> Locale:
    # The library reads each language's words once; a Locale is only a view on them.
    return Locale(visit.language, library.strings(visit.language))


@dataclass(frozen=True)
class SideWords:
    """The side as templates print it: ``side.label`` ('LEFT side') and ``side.short`` ('left')."""

    label: str
    short: str


def side_words(visit: Visit, locale: Locale) -> SideWords:
    if visit.side is None:
        return SideWords("", "")
    words = locale.strings["side"][visit.side.value]
    return SideWords(unbroken(str(words["label"])), unbroken(str(words["short"])))


def build_context(
    visit: Visit, procedure: Procedure, settings: Settings, locale: Locale, kind: Kind
) -> dict[str, Any]:
    """Everything a template may use, as plain data (text, numbers, dates, lists, mappings): no object
    whose methods could touch files or shared state. Anything else is an undefined-variable error."""
    names = procedure.names[visit.language]
    risks = [
        {
            "id": r.id,
            "category": r.category,
            "rate": r.rate,
            "bound": r.bound,
            "wording": r.wording.get(visit.language, ""),
            "likelihood": locale.frequency(r.rate, r.bound),
        }
        for r in procedure.risks
        if r.applies(visit)
    ]
    side = side_words(visit, locale)
    return {
        "patient": {"name": visit.name, "dob": visit.dob, "mrn": visit.mrn},
        "visit": {k: v.value if isinstance(v, Enum) else v for k, v in visit.model_dump().items()},
        "side": {"label": side.label, "short": side.short},
        "procedure": {
            "id": procedure.id,
            "name": names.name,
            "short_name": names.short_name,
            "titled": titled(procedure, visit, locale),
            "sided": procedure.sided,
            "risks": risks,
            "version": procedure.version,
        },
        "clinic": {
            key: unbroken(value) if key.endswith(("phone", "number")) and isinstance(value, str) else value
            for key, value in settings.clinic.model_dump(exclude={"logo"}).items()
        },
        "settings": {
            "diagnostic_relief_threshold": settings.diary.diagnostic_relief_threshold,
            "diary_return_to": settings.diary_return_to(),
            "coverage_notes": settings.documents.coverage_notes,
        },
        "document": {"kind": kind.value, "title": locale.text("titles", kind.value)},
    }


def page_info(
    visit: Visit,
    procedure: Procedure,
    settings: Settings,
    locale: Locale,
    kind: Kind,
    printed_at: dt.datetime,
    version: str | None = None,
) -> PageInfo:
    """What the header and footer of one document say. ``version``: the version as printed (with the
    content fingerprint when the wording changed since it was declared); None: as declared."""
    t = locale.text
    clinic = settings.clinic
    version = version or procedure.version
    due = procedure.review.review_due
    mark = t("footer", "review_overdue") if due is not None and due < printed_at.date() else ""
    template = t("footer", "template", id=f"{procedure.id}/{kind.value}", version=version)
    template += f" ({visit.language.value})"
    short = f"{procedure.id}/{kind.value} v{version} ({visit.language.value})"
    notes = [t("footer", "status", procedure.review.status)]
    if procedure.languages[visit.language].status in ("machine", "draft"):
        notes.append(t("footer", "translation_unreviewed"))
    printed = f"{locale.date(printed_at.date(), 'medium')} {locale.time(printed_at.time())}"
    footer_left = "  ·  ".join(x for x in (template, mark, t("footer", "printed", when=printed)) if x)
    return PageInfo(
        title=t("titles", kind.value),
        subtitle=titled(procedure, visit, locale),
        patient_label=t("header", "patient"),
        patient_name=visit.name,
        dob_label=t("header", "dob"),
        dob=locale.date(visit.dob, "medium"),
        mrn_label=t("header", "mrn"),
        mrn=visit.mrn,
        clinic_name=clinic.name,
        clinic_line="  ·  ".join(x for x in (clinic.address, unbroken(clinic.day_phone)) if x),
        example_notice=t("header", "example_clinic") if clinic.is_example else "",
        example_short=t("header", "example_short") if clinic.is_example else "",
        logo=clinic.logo,
        footer_left=footer_left,
        footer_short="  ·  ".join(x for x in (short, mark, t("footer", "printed", when=printed)) if x),
        footer_mark=mark,
        footer_notes=tuple(n for n in notes if n),
        page_pattern=t("footer", "page"),
    )


@lru_cache(maxsize=256)
def _parse(markdown: str, name: str) -> list[Block]:
    # Rows of a day's schedule often render the same Markdown (same procedure, side and options):
    # parse it once. Blocks are never changed after parsing; compose builds new lists around them.
    return parse(markdown, name)


def resolve_parts(blocks: list[Block], parts: Parts) -> list[Block]:
    """The blocks with every ``::: component`` replaced by its built part (page breaks stay)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Component) and block.name != "page-break":
            out.append(parts(block.name, block.args))
        elif isinstance(block, Box):
            out.append(Box(block.kind, block.title, resolve_parts(block.blocks, parts)))
        elif isinstance(block, ListBlock):
            items = [Item(resolve_parts(i.blocks, parts), i.check) for i in block.items]
            out.append(ListBlock(block.ordered, items, block.start))
        else:
            out.append(block)
    return out


def compose(job: Job, kind: Kind, library: Library, printed_at: dt.datetime) -> Document:
    """Every word of one document for one prepared visit: the template rendered and parsed, each
    drawn part built, the visit summary and the page furniture."""
    visit, procedure, settings = job.visit, job.procedure, job.settings
    locale = locale_for(library, visit)
    name = template_name(procedure.id, visit.language, kind)
    context = build_context(visit, procedure, settings, locale, kind)
    markdown = render_markdown(library.environment, name, context, locale, library.search_path)
    parts = Parts(visit, procedure, locale, source=name, threshold=settings.diary.diagnostic_relief_threshold)
    clinic = settings.clinic
    return Document(
        page=page_info(
            visit, procedure, settings, locale, kind, printed_at, library.version_label(procedure)
        ),
        summary=parts.summary(clinic.name, clinic.day_phone, clinic.after_hours_phone, visit.physician),
        blocks=resolve_parts(_parse(markdown, name), parts),
        source=name,
    )


def meta(job: Job, documents: list[Document], library: Library, printed_at: dt.datetime) -> Meta:
    """The PDF's title, author, subject and language."""
    locale = locale_for(library, job.visit)
    return Meta(
        title=" / ".join(d.page.title for d in documents),
        author=job.settings.clinic.name,
        subject=titled(job.procedure, job.visit, locale),
        lang=locale.babel,
        created=printed_at,
        blank=locale.text("batch", "blank"),
    )
