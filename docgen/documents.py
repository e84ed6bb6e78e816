"""What each document contains, in order, and the build of one PDF from several documents."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache, partial
from typing import IO

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate
from reportlab.platypus.doctemplate import LayoutError

from docgen.config import Settings
from docgen.content import Locale, build_context, render_markdown, template_name, titled
from docgen.errors import DocgenError
from docgen.layout.blocks import BlockRenderer
from docgen.layout.fonts import TEXT, register
from docgen.layout.forms import Forms
from docgen.layout.page import Decorator, DocStart, PagedCanvas, PageInfo
from docgen.layout.styles import Profile, profile_for
from docgen.library import Library, Procedure
from docgen.markup import Block, parse
from docgen.models import Kind, Options, Visit


def locale_for(library: Library, visit: Visit) -> Locale:
    # The library reads each language's words once; a Locale is only a view on them.
    return Locale(visit.language, library.strings(visit.language))


def page_info(
    visit: Visit,
    procedure: Procedure,
    settings: Settings,
    locale: Locale,
    kind: Kind,
    printed_at: dt.datetime,
) -> PageInfo:
    t = locale.text
    clinic = settings.clinic
    status = procedure.review.status
    notes = [t("footer", "status", status)]
    language = procedure.languages[visit.language]
    if language.status in ("machine", "draft"):
        notes.append(t("footer", "translation_unreviewed"))
    printed = f"{locale.date(printed_at.date(), 'medium')} {locale.time(printed_at.time())}"
    footer_left = "  ·  ".join(
        [
            t("footer", "template", id=f"{procedure.id}/{kind.value}", version=procedure.version)
            + f" ({visit.language.value})",
            t("footer", "printed", when=printed),
        ]
    )
    clinic_line = "  ·  ".join(x for x in (clinic.address, clinic.day_phone) if x)
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
        clinic_line=clinic_line,
        example_notice=t("header", "example_clinic") if clinic.is_example else "",
        logo=clinic.logo,
        footer_left=footer_left,
        footer_notes=tuple(n for n in notes if n),
        page_pattern=t("footer", "page"),
    )


@lru_cache(maxsize=256)
def _parse(markdown: str, name: str) -> list[Block]:
    # Rows of a day's schedule often render the same Markdown (same procedure, side and options):
    # parse it once. Blocks are never changed after parsing.
    return parse(markdown, name)


def story_for(
    visit: Visit,
    procedure: Procedure,
    settings: Settings,
    options: Options,
    kind: Kind,
    library: Library,
    locale: Locale,
) -> list[Flowable]:
    """The flowables of one document: the visit summary, then its template's content."""
    profile = profile_for(options)
    name = template_name(procedure.id, visit.language, kind)
    context = build_context(visit, procedure, settings, locale, kind)
    markdown = render_markdown(library.environment, name, context)
    blocks = _parse(markdown, name)
    forms = Forms(
        profile,
        locale,
        visit,
        procedure,
        kind=kind,
        source=name,
        threshold=settings.diary.diagnostic_relief_threshold,
    )
    clinic = settings.clinic
    story: list[Flowable] = forms.visit_summary(
        clinic.name, clinic.day_phone, clinic.after_hours_phone, visit.physician
    )
    story.extend(BlockRenderer(profile, name, forms).render(blocks))
    return story


def doc_template(
    out: IO[bytes],
    profile: Profile,
    decorator: Decorator,
    *,
    title: str,
    author: str,
    subject: str,
    lang: str,
    top_padding: float,
) -> BaseDocTemplate:
    """The page template every docgen PDF uses: one frame between the header and the footer,
    embedded fonts only, invariant (reproducible) output."""
    doc = BaseDocTemplate(
        out,
        pagesize=profile.pagesize,
        leftMargin=profile.margin,
        rightMargin=profile.margin,
        topMargin=profile.pagesize[1] - decorator.frame_top,
        bottomMargin=decorator.frame_bottom,
        title=title,
        author=author,
        subject=subject,
        creator="docgen",
        lang=lang.replace("_", "-"),
        invariant=1,
        initialFontName=TEXT,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=top_padding,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    return doc


def build(
    out: IO[bytes],
    visit: Visit,
    kinds: list[Kind],
    procedure: Procedure,
    settings: Settings,
    options: Options,
    printed_at: dt.datetime,
    library: Library,
) -> list[int]:
    """Lay out the documents into ``out``, each starting on a new page; return their page counts."""
    register()
    profile = profile_for(options)
    locale = locale_for(library, visit)
    infos = [page_info(visit, procedure, settings, locale, k, printed_at) for k in kinds]
    decorator = Decorator(profile, infos)
    story: list[Flowable] = []
    for index, kind in enumerate(kinds):
        if index:
            story.append(PageBreak())
        story.append(DocStart(index))
        story.extend(story_for(visit, procedure, settings, options, kind, library, locale))
    doc = doc_template(
        out,
        profile,
        decorator,
        title=" / ".join(info.title for info in infos),
        author=settings.clinic.name,
        subject=titled(procedure, visit, locale),
        lang=locale.babel,
        top_padding=profile.body * 0.5,
    )
    canvases: list[PagedCanvas] = []

    def make_canvas(*args: object, **kwargs: object) -> PagedCanvas:
        canv = PagedCanvas(*args, decorator=decorator, **kwargs)
        canvases.append(canv)
        return canv

    try:
        doc.build(story, canvasmaker=partial(make_canvas))
    except LayoutError:
        raise DocgenError(
            "a part of the document does not fit on one page; shorten the box or table in the template"
        ) from None
    return canvases[-1].page_counts
