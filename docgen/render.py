"""The core call: (visit, kinds, settings, options, print time) → PDF bytes.

Rendering is a pure function of its arguments: the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass

from docgen.config import Settings
from docgen.errors import DocgenError
from docgen.library import Library
from docgen.models import Kind, Options, Visit


@dataclass(frozen=True)
class Rendered:
    """A rendered PDF and how many pages each of its documents has."""

    pdf: bytes
    kinds: tuple[Kind, ...]
    page_counts: tuple[int, ...]

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


def resolve(visit: Visit, settings: Settings) -> Visit:
    """Fill what the visit leaves open from the clinic's defaults."""
    updates: dict[str, object] = {}
    if visit.physician is None and settings.defaults.physician:
        updates["physician"] = settings.defaults.physician
    if visit.trainees is None:
        updates["trainees"] = settings.clinic.teaching
    return visit.model_copy(update=updates) if updates else visit


def check_fonts(visit: Visit, settings: Settings) -> None:
    """Every typed-in value must be printable with the shipped fonts; name the field if not."""
    from docgen.layout.fonts import check

    for field in ("name", "mrn", "physician"):
        value = getattr(visit, field)
        if value:
            check(value, field)
    clinic = settings.clinic
    for field in ("name", "address", "day_phone", "after_hours_phone", "emergency_number"):
        check(getattr(clinic, field), f"clinic.{field}")


def render(
    visit: Visit,
    kinds: Sequence[Kind],
    *,
    settings: Settings,
    options: Options | None = None,
    printed_at: dt.datetime | None = None,
    library: Library | None = None,
) -> Rendered:
    """Render one or more documents for one visit into a single PDF."""
    from docgen.documents import build

    library = library or Library(settings.templates)
    options = options or Options(paper=settings.defaults.paper)
    printed_at = printed_at or print_time()
    procedure, visit = library.prepare(visit)
    visit = resolve(visit, settings)
    check_fonts(visit, settings)
    missing = [k.value for k in kinds if k not in procedure.documents]
    if missing:
        raise DocgenError(f"{procedure.id} has no {', '.join(missing)} document", field="procedure")
    buffer = io.BytesIO()
    counts = build(buffer, visit, list(kinds), procedure, settings, options, printed_at, library)
    return Rendered(buffer.getvalue(), tuple(kinds), tuple(counts))
