"""One form submission rendered and recorded, in memory: the PDF is never written to a file.

The audit record is the same as the command line's (docgen/audit/printing.py), with the web user
as operator and the web form as destination; it is committed before the preview is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docgen.audit.printing import Printed, record_then, render_recorded, render_with_ids
from docgen.job import Job, check_kinds, kinds_of, options_for, prepare
from docgen.model.settings import Settings

DESTINATION = "web form (docgen serve)"


def render_visit(
    data: dict[str, Any],
    kinds: Sequence[str],
    *,
    settings: Settings,
    paper: str | None,
    large_print: bool,
    operator: str,
) -> tuple[Job, Printed, bool]:
    """Validate ``data`` as the command line does, render ``kinds`` and record them.

    Returns the job, the print (PDF bytes and IDs) and whether it is padded for two-sided printing.
    Raises :class:`docgen.errors.InputError` with every wrong field."""
    from docgen.checks.gate import refuse_overdue, require_checked
    from docgen.pdf import print_time

    require_checked(settings)  # the wording may have changed since serve started
    job = prepare(data, settings=settings, date_format="iso")
    wanted = kinds_of(kinds)
    check_kinds(job, wanted)
    options = options_for(paper or None, large_print, settings)
    printed_at = print_time()
    refuse_overdue(job.procedure, settings, printed_at.date())
    if not settings.audit.enabled:
        result = render_with_ids(job, wanted, options=options, printed_at=printed_at, ids=None)
        return job, Printed(result, ()), options.duplex

    store, records, result, ids = render_recorded(
        job, wanted, options=options, printed_at=printed_at, operator=operator, destination=DESTINATION
    )
    record_then(store, records, lambda: None)
    return job, Printed(result, ids), options.duplex


def print_preview(
    pdf: bytes, ids: Sequence[str], *, queue: str, settings: Settings, duplex: bool, operator: str
) -> str:
    """Send a previewed PDF to a CUPS queue and record the delivery of its documents ``ids``.

    The delivery rows are inserted, the job is sent, then the rows are committed: a job CUPS
    refused leaves no row, and a row that cannot be committed cancels the job. Returns the job ID."""
    from docgen.audit.printing import send_with_deliveries
    from docgen.identity import display_id

    title = "docgen " + (" ".join(display_id(i) for i in ids) if ids else "documents")
    return send_with_deliveries(
        pdf, ids, queue=queue, settings=settings, duplex=duplex, title=title, operator=operator
    )
