"""The core call: (visit, kinds, settings, options, print time) → PDF bytes.

Rendering is a pure function of its arguments: the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from docgen.content.library import Library, shared_library
from docgen.errors import DocgenError
from docgen.job import Job, check_kinds, check_type, kinds_of, prepare
from docgen.model.settings import EXAMPLE, Settings
from docgen.model.visit import PACKET, Kind, Options, Visit


@dataclass(frozen=True)
class Rendered:
    """A rendered PDF and how many pages each of its documents has."""

    pdf: bytes
    kinds: tuple[Kind, ...]
    page_counts: tuple[int, ...]
    #: The document IDs, one per kind, as given to :func:`render` (empty: the print has none).
    ids: tuple[str, ...] = ()

    @property
    def pages(self) -> int:
        return sum(self.page_counts)


def print_time() -> dt.datetime:
    """The print time: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), otherwise now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
        except (ValueError, OverflowError, OSError):
            raise DocgenError(
                "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970; unset it or fix it"
            ) from None
    return dt.datetime.now().replace(second=0, microsecond=0)


def render(
    visit: Job | Visit | Mapping[str, Any],
    kinds: Kind | str | Iterable[Kind | str] = PACKET,
    *,
    settings: Settings | None = None,
    options: Options | None = None,
    printed_at: dt.datetime | None = None,
    library: Library | None = None,
    ids: Sequence[str] | None = None,
) -> Rendered:
    """Render one or more documents for one visit into a single PDF, each from a new page.

    ``visit`` is a prepared :class:`Job`, a :class:`Visit` or a mapping with the command line's field
    names; ``settings`` default to the example clinic (a job carries its own). Bad input raises
    :class:`DocgenError`.

    ``ids`` gives each document (one per kind, in order) its ID: the footer prints it and every
    page's scan-back code names it. Without ids no ID is printed anywhere, and the codes carry the
    kind, MRN and page only.
    """
    from docgen.content.compose import compose, meta
    from docgen.layout.document import build
    from docgen.layout.styles import profile_for

    wanted = kinds_of(kinds)
    check_type(options, (Options, type(None)), "options", "docgen.Options(paper=..., large_print=...)")
    check_type(printed_at, (dt.datetime, type(None)), "printed_at", "a datetime.datetime")
    if isinstance(visit, Job):
        job = visit
        library = library or shared_library(job.settings.templates)
    else:
        settings = settings or EXAMPLE
        check_type(settings, Settings, "settings", "docgen.load_settings(path) or docgen.EXAMPLE_CLINIC")
        library = library or shared_library(settings.templates)
        job = prepare(visit, settings=settings, library=library)
    check_kinds(job, wanted)
    options = options or Options(paper=job.settings.defaults.paper)
    printed_at = printed_at or print_time()
    documents = [compose(job, kind, library, printed_at) for kind in wanted]
    profile = profile_for(options.paper, options.large_print)
    buffer = io.BytesIO()
    given = check_ids(ids, len(wanted))
    stamps = stamps_for(job, wanted, given, library)
    counts = build(
        buffer,
        documents,
        profile,
        meta(job, documents, library, printed_at),
        duplex=options.duplex,
        stamps=stamps,
        # Only the diary has form fields: named under its kind ("diary.day3.pain_left").
        forms=[k.value if options.fillable and k == Kind.DIARY else "" for k in wanted],
    )
    return Rendered(buffer.getvalue(), wanted, tuple(counts), given)


def check_ids(ids: Sequence[str] | None, count: int) -> tuple[str, ...]:
    from docgen.identity import normalise_id

    if ids is None:
        return ()
    if isinstance(ids, str) or len(ids) != count:
        raise DocgenError(f"ids: give one document ID per document kind ({count}), as a list", field="ids")
    return tuple(normalise_id(i) for i in ids)


def stamps_for(job: Job, kinds: Sequence[Kind], ids: Sequence[str], library: Library) -> list[Any]:
    """Each document's scan-back code and ID line, from the ``[codes]`` settings (see
    :mod:`docgen.layout.codes`); ``ids`` empty: no ID anywhere."""
    from docgen.content.compose import locale_for
    from docgen.identity import display_id
    from docgen.layout.codes import Stamp

    codes = job.settings.codes
    locale = locale_for(library, job.visit)
    mrn = job.visit.mrn if codes.include_mrn else None
    out = []
    for n, kind in enumerate(kinds):
        doc_id = ids[n] if ids else None
        line = locale.text("footer", "document_id", id=display_id(doc_id)) if doc_id else ""
        out.append(
            Stamp(kind.value, doc_id, mrn, codes.symbology, codes.position, codes.enabled, id_line=line)
        )
    return out
