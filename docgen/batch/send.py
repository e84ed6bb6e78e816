"""``docgen batch --print``: the finished print file sent to a CUPS queue, once.

The print file is sent only when every row succeeded (a stack with a patient missing is worse than
no stack), and a print file identical to the one an earlier run sent is not sent again unless
``--force``: rerunning a batch after fixing one row must not print the other 399 packets twice.
With auditing on, every document in the print file gets a delivery row (``printer:QUEUE job ID``)
in the same transaction as the job, as the web form's Print does.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.batch.journal import Journal, sha256_file
from docgen.errors import DocgenError
from docgen.output import write_atomic

if TYPE_CHECKING:
    from docgen.batch.options import BatchOptions
    from docgen.batch.printfile import Patient
    from docgen.batch.progress import Report
    from docgen.model.settings import Settings

SENT = "printed-on.json"


def checked_queue(opts: BatchOptions, settings: Settings) -> str | None:
    """The queue ``--print`` names, checked before any row is rendered (None: not printing)."""
    if opts.print_queue is None or opts.check:
        return None
    from docgen import cups

    queue = cups.choose_queue(settings, opts.print_queue)
    cups.lp_command()  # lp missing fails before any row, not after the last
    return queue


@dataclass(frozen=True)
class SendRequest:
    opts: BatchOptions
    queue: str
    settings: Settings
    duplex: bool
    patients: list[Patient]
    warn: Callable[[str], None]


def send_when_complete(
    req: SendRequest, *, failed: int, schedule_error: object, journal: Journal, report: Report
) -> tuple[str | None, DocgenError | None]:
    """Send the print file when every row succeeded: the job ID (None: not sent) and any error."""
    from docgen.audit.records import operator_name

    opts = req.opts
    assert opts.print_file is not None
    if failed or schedule_error:
        why = (
            f"{failed} row{'s' if failed != 1 else ''} failed"
            if failed
            else "the schedule could not be read to the end"
        )
        req.warn(
            f"the print file was not sent to the printer: {why}; fix them and run the same command again"
        )
        return None, None
    report.note(f"sending the print file to {req.queue}")
    try:
        job, line = send_print_file(
            opts.print_file,
            [f for patient in req.patients for f in patient.files],
            queue=req.queue,
            settings=req.settings,
            duplex=req.duplex,
            patients=len(req.patients),
            operator=operator_name(opts.operator),
            journal=journal,
            force=opts.force,
        )
    except DocgenError as err:
        return None, err
    if job is None:
        req.warn(line)
    else:
        report.line(f"docgen: {line}")
    return job, None


def send_print_file(
    target: Path,
    files: Sequence[Path],
    *,
    queue: str,
    settings: Settings,
    duplex: bool,
    patients: int,
    operator: str,
    journal: Journal,
    force: bool,
) -> tuple[str | None, str]:
    """Send ``target`` to ``queue``; returns the job ID (None: not sent) and a line for the user.

    ``files``: the row files merged into the print file, to find their documents' audit records."""
    from docgen.audit.printing import send_with_deliveries

    digest = sha256_file(target)
    earlier = _earlier(journal)
    if not force and earlier.get("sha256") == digest:
        job = earlier.get("job", "?")
        return None, f"the print file was already sent as job {job}; not sent again (--force sends it again)"
    title = f"docgen batch {patients} patient{'s' if patients != 1 else ''}"
    pdf = target.read_bytes()
    ids: list[str] = []
    if settings.audit.enabled:
        from docgen.audit.store import open_store

        store = open_store(settings.audit.database)
        ids = store.ids_of_files([(str(f.resolve()), sha256_file(f) or "") for f in files])
    job_id = send_with_deliveries(
        pdf, ids, queue=queue, settings=settings, duplex=duplex, title=title, operator=operator
    )
    record = {"sha256": digest, "queue": queue, "job": job_id}
    write_atomic(journal.state_dir / SENT, json.dumps(record).encode(), field="--out-dir")
    return job_id, f"sent the print file to {queue}: job {job_id}"


def _earlier(journal: Journal) -> dict[str, str]:
    try:
        data = json.loads((journal.state_dir / SENT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
