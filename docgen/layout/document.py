"""Documents to PDF: the page template, each part drawn by its module, pages numbered per document."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import IO, Any

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Paragraph, Spacer
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.flowables import DocIf

from docgen.document import (
    Box,
    ClinicBox,
    DiaryTable,
    Document,
    Figure,
    Meta,
    PainScale,
    Part,
    RiskTable,
    Signatures,
    SignBlock,
    WeeklyTable,
)
from docgen.errors import DocgenError
from docgen.layout.blocks import PAGE_ONE_BOXES, BlockRenderer
from docgen.layout.cells import Cells
from docgen.layout.clinicbox import draw_clinic_box
from docgen.layout.codes import Stamp
from docgen.layout.diary import draw_diary
from docgen.layout.fields import form as fields_form
from docgen.layout.figure import draw_figure
from docgen.layout.fonts import TEXT, markup, register
from docgen.layout.keep import Keep, flat, height
from docgen.layout.page import Decorator, DocStart, PagedCanvas
from docgen.layout.risks import draw_risks
from docgen.layout.scale import draw_pain_scale
from docgen.layout.signatures import draw_sign_block, draw_signatures
from docgen.layout.styles import Profile
from docgen.layout.summary import draw_summary
from docgen.layout.weekly import draw_weekly


def draw_part(part: Part, cells: Cells) -> list[Flowable]:
    """The flowables of one drawn part."""
    if isinstance(part, RiskTable):
        return draw_risks(part, cells)
    if isinstance(part, Signatures):
        return draw_signatures(part, cells)
    if isinstance(part, SignBlock):
        return draw_sign_block(part, cells)
    if isinstance(part, PainScale):
        return draw_pain_scale(part, cells)
    if isinstance(part, Figure):
        return draw_figure(part, cells)
    if isinstance(part, DiaryTable):
        return draw_diary(part, cells)
    if isinstance(part, WeeklyTable):
        return draw_weekly(part, cells)
    if isinstance(part, ClinicBox):
        return draw_clinic_box(part, cells)
    raise DocgenError(f"{cells.source}: cannot draw {type(part).__name__}")  # pragma: no cover


def blank_back(profile: Profile, meta: Meta) -> list[Flowable]:
    """What a back left blank says, a quarter of the way down."""
    blank = Paragraph(markup(meta.blank, "i18n"), profile.derived("blank", "title", alignment=1))
    return [Spacer(1, profile.pagesize[1] * 0.25), blank]


def story(
    document: Document,
    profile: Profile,
    meta: Meta,
    *,
    duplex: bool = False,
    frame_height: float = 0,
    form: str = "",
) -> list[Flowable]:
    """The flowables of one document: the visit summary, then its blocks (and in large print the
    notices the compact footer leaves out); with ``form`` (a prefix, "diary"), its writing cells
    are also form fields (see docgen.layout.fields)."""
    cells = Cells(profile, document.source, form=fields_form(form, profile) if form else None)
    out = draw_summary(document.summary, cells)
    renderer = BlockRenderer(
        profile,
        document.source,
        partial(draw_part, cells=cells),
        duplex=duplex,
        blank=partial(blank_back, profile, meta),
        frame_height=frame_height,
    )
    blocks = document.blocks
    # A box made for page 1 (key facts, the help strip) comes before anything else.
    lead = 1 if blocks and isinstance(blocks[0], Box) and blocks[0].kind in PAGE_ONE_BOXES else 0
    out.extend(renderer.render(blocks[:lead]))
    rest = renderer.render(blocks[lead:])
    if profile.large and document.page.footer_notes:
        # Once (the compact footer leaves them out): at the end, kept with a short last block, so
        # they never take a page of their own; else on the first page.
        note = profile.derived("notice", "cell-small", borderWidth=0.75, borderColor="black", borderPadding=4)
        text = "<br/>".join(markup(n, "footer") for n in document.page.footer_notes)
        notice = [Spacer(1, profile.body), Paragraph(text, note)]
        if rest and height([rest[-1]], profile.width) < frame_height / 3:
            rest[-1] = Keep([*flat([rest[-1]]), *notice])
        else:
            out.extend([*notice[1:], Spacer(1, profile.body)])
    out.extend(rest)
    return out


def pdf_properties(meta: Meta) -> dict[str, Any]:
    """What every docgen PDF says of itself: metadata, embedded fonts only, reproducible bytes."""
    return {
        "title": meta.title,
        "author": meta.author,
        "subject": meta.subject,
        "creator": "docgen",
        "lang": meta.lang.replace("_", "-"),
        "invariant": 1,
        "initialFontName": TEXT,
    }


def doc_template(
    out: IO[bytes], profile: Profile, decorator: Decorator, meta: Meta, *, top_padding: float
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
        **pdf_properties(meta),
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
    documents: Sequence[Document],
    profile: Profile,
    meta: Meta,
    *,
    duplex: bool = True,
    stamps: Sequence[Stamp] = (),
    forms: Sequence[str] = (),
) -> list[int]:
    """Lay out the documents into ``out``, each starting on a new page (on a front side when
    ``duplex``: a back left over is marked blank and counted with the document before it); return
    their page counts."""
    register()
    decorator = Decorator(profile, [d.page for d in documents], stamps)
    flowables: list[Flowable] = []
    top_padding = profile.body * 0.5
    frame_height = decorator.frame_top - decorator.frame_bottom - top_padding
    for index, document in enumerate(documents):
        if index:
            flowables.append(PageBreak())
            if duplex:
                # Decided at layout time: a new page with an even number is the back of a sheet.
                flowables.append(DocIf("doc.page % 2 == 0", [*blank_back(profile, meta), PageBreak()]))
        flowables.append(DocStart(index))
        form = forms[index] if index < len(forms) else ""
        flowables.extend(story(document, profile, meta, duplex=duplex, frame_height=frame_height, form=form))
    doc = doc_template(out, profile, decorator, meta, top_padding=top_padding)
    canvases: list[PagedCanvas] = []

    def make_canvas(*args: object, **kwargs: object) -> PagedCanvas:
        canv = PagedCanvas(*args, decorator=decorator, created=meta.created, **kwargs)
        canvases.append(canv)
        return canv

    try:
        doc.build(flowables, canvasmaker=make_canvas)
    except LayoutError:
        raise DocgenError(
            "a part of the document does not fit on one page; shorten the box or table in the template"
        ) from None
    return canvases[-1].page_counts
