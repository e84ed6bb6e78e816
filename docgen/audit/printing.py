"""Render, write and record one print as a single completion.

With auditing on, every document gets an ID, the PDF is written, and its records are committed in
the same step: the records are inserted in an open transaction, the file is moved into place, and
the transaction commits. If the records cannot be inserted, no file appears; if the commit fails
after the file was placed, the file is removed. A record never names a file that was not written;
a file that was written is recorded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.content.library import Library, shared_library
from docgen.errors import DocgenError, OutputError
from docgen.job import Job
from docgen.model.visit import Kind, Options
from docgen.pdf import Rendered

if TYPE_CHECKING:  # the database code loads only when auditing is on
    from sqlalchemy.engine import Connection

    from docgen.audit.store import AuditStore
    from docgen.model.settings import Settings


def render_with_ids(
    job: Job,
    kinds: Sequence[Kind],
    *,
    options: Options,
    printed_at: dt.datetime,
    ids: Sequence[str] | None,
    library: Library | None = None,
) -> Rendered:
    """``docgen.render`` with the documents' IDs (``None``: no ID on the page): the one place the
    audit code, the batch workers and reprint render."""
    from docgen.pdf import render

    return render(job, kinds, options=options, printed_at=printed_at, library=library, ids=ids)


@dataclass(frozen=True)
class Printed:
    rendered: Rendered
    ids: tuple[str, ...]  # empty when auditing is off
    #: The CUPS job (``QUEUE-123``) when printed with --print.
    job_id: str | None = None

    @property
    def id_note(self) -> str:
        """``; document ID 7KQ2M-9XD4R`` for the command's message (nothing when auditing is off)."""
        from docgen.identity import display_id

        if not self.ids:
            return ""
        label = "document ID" if len(self.ids) == 1 else "document IDs"
        return f"; {label} {', '.join(display_id(i) for i in self.ids)}"


def print_job(
    job: Job,
    kinds: Sequence[Kind],
    *,
    options: Options,
    target: Path | None,
    operator: str | None = None,
    printed_at: dt.datetime | None = None,
    queue: str | None = None,
) -> Printed:
    """Render ``kinds`` for ``job`` to ``target`` (None: standard output), recorded if auditing is on.

    ``queue`` (``""``: the default queue) prints on CUPS instead of writing ``target``."""
    from docgen.pdf import print_time

    printed_at = printed_at or print_time()
    settings = job.settings
    from docgen.checks.gate import refuse_overdue

    refuse_overdue(job.procedure, settings, printed_at.date())
    if queue is not None:
        from docgen.cups import choose_queue

        queue = choose_queue(settings, queue)  # before rendering: a queue not allowed fails first
    if not settings.audit.enabled:
        result = render_with_ids(job, kinds, options=options, printed_at=printed_at, ids=None)
        if queue is not None:
            return Printed(result, (), _send(result, queue, options, settings, ()))
        deliver(result.pdf, target, None)
        return Printed(result, ())

    from docgen.audit.records import operator_name

    store, records, result, ids = render_recorded(
        job,
        kinds,
        options=options,
        printed_at=printed_at,
        operator=operator_name(operator),
        destination=destination_of(target),
    )
    if queue is not None:
        return Printed(result, ids, print_recorded(store, records, result, queue, options, settings, ids))
    deliver(result.pdf, target, lambda place: record_then(store, records, place))
    return Printed(result, ids)


def render_recorded(
    job: Job,
    kinds: Sequence[Kind],
    *,
    options: Options,
    printed_at: dt.datetime,
    operator: str,
    destination: str,
) -> tuple[AuditStore, list[dict[str, Any]], Rendered, tuple[str, ...]]:
    """Render ``kinds`` with fresh document IDs and build their records (not yet committed); the
    template set is stored first. The database is opened before rendering, so an unusable one fails
    before any work."""
    from docgen import identity
    from docgen.audit import snapshot
    from docgen.audit.records import build_records
    from docgen.audit.store import open_store

    settings = job.settings
    store = open_store(settings.audit.database)
    library = shared_library(settings.templates)
    snap = snapshot.take(library, settings.clinic.logo)
    ids = tuple(identity.new_id() for _ in kinds)
    result = render_with_ids(job, kinds, options=options, printed_at=printed_at, ids=ids, library=library)
    records = build_records(
        job=job,
        kinds=result.kinds,
        ids=ids,
        page_counts=result.page_counts,
        sha256=hashlib.sha256(result.pdf).hexdigest(),
        options=options,
        printed_at=printed_at,
        snapshot=snap.digest,
        operator=operator,
        destination=destination,
    )
    store.keep_snapshot(snap.digest, snap.files, snap.blob)
    return store, records, result, ids


def _send(result: Rendered, queue: str, options: Options, settings: Any, ids: Sequence[str]) -> str:
    from docgen.cups import send
    from docgen.identity import display_id

    what = result.kinds[0].value if len(result.kinds) == 1 else "packet"
    title = " ".join(["docgen", what, *(display_id(i) for i in ids[:1])])
    return send(result.pdf, queue=queue, settings=settings, duplex=options.duplex, title=title)


def print_recorded(
    store: AuditStore,
    records: list[dict[str, Any]],
    result: Rendered,
    queue: str,
    options: Options,
    settings: Any,
    ids: Sequence[str],
) -> str:
    """Send to CUPS, then record with the job in the destination (see :func:`_sent_then_committed`)."""

    def write(conn: Connection, job_id: str) -> None:
        for record in records:
            record["destination"] = f"printer:{queue} job {job_id}"
        store.add(conn, records)

    return _sent_then_committed(store, settings, lambda: _send(result, queue, options, settings, ids), write)


def _sent_then_committed(
    store: AuditStore, settings: Any, send: Callable[[], str], write: Callable[[Connection, str], None]
) -> str:
    """Run ``send`` (a CUPS job) inside an open transaction, ``write`` its rows, then commit. The
    database is checked first; if the rows cannot be committed after CUPS took the job, the job is
    cancelled and the error says so: a row for every job sent, none for one not sent."""
    from docgen.cups import cancel

    job_id: str | None = None
    try:
        with store.transaction() as conn:
            job_id = send()
            write(conn, job_id)
    except DocgenError as err:
        if job_id is None:
            raise
        cancel(job_id, settings)
        raise OutputError(f"{err.message}; print job {job_id} was cancelled", field=err.field) from None
    except Exception as exc:
        if job_id is not None:
            cancel(job_id, settings)
        what = f"print job {job_id} was cancelled" if job_id else "nothing was printed"
        raise OutputError(
            f"the audit record could not be written ({type(exc).__name__}); {what}", field="[audit] database"
        ) from None
    return job_id


def destination_of(target: Path | None) -> str:
    return "standard output" if target is None else os.path.abspath(target)


def record_then(store: AuditStore, records: list[dict[str, Any]], place: Callable[[], None]) -> None:
    """Insert ``records``, run ``place`` (which puts the file where it belongs), then commit.
    ``place`` raises if the file could not be placed; the records are then rolled back."""
    placed = False

    def placed_now() -> None:
        nonlocal placed
        place()
        placed = True

    try:
        with store.transaction() as conn:
            store.add(conn, records)
            placed_now()
    except DocgenError as err:
        if placed:
            raise _removed(err) from None
        if err.field == "[audit] database":
            raise OutputError(f"{err.message}; no file was written", field=err.field) from None
        raise
    except Exception as exc:
        if placed:
            raise _removed(exc) from None
        raise OutputError(
            f"the audit record could not be written ({type(exc).__name__}); no file was written",
            field="[audit] database",
        ) from None


class _PlacedButNotRecorded(OutputError):
    pass


def _removed(exc: BaseException) -> OutputError:
    return _PlacedButNotRecorded(
        f"the audit record could not be written ({type(exc).__name__}); the file was removed",
        field="[audit] database",
    )


def deliver(pdf: bytes, target: Path | None, complete: Callable[[Callable[[], None]], None] | None) -> None:
    """Write ``pdf`` to ``target`` (None: standard output) whole or not at all. ``complete``, if
    given, is called with the step that puts the file in place (see :func:`record_then`)."""
    from docgen.output import AtomicFile, check_target

    if target is None or check_target(target, field="-o"):

        def write_direct() -> None:
            if target is None:
                sys.stdout.buffer.write(pdf)
                sys.stdout.buffer.flush()
            else:
                with target.open("wb") as device:
                    device.write(pdf)

        write_direct() if complete is None else complete(write_direct)
        return
    out = AtomicFile(target)
    try:
        out.handle.write(pdf)
    except BaseException as exc:
        out.discard()
        if not isinstance(exc, OSError):
            raise
        raise OutputError(
            f"cannot write {target.name} ({exc.strerror}); choose another output path", field="-o"
        ) from None
    if complete is None:
        out.commit()
        return
    try:
        complete(out.commit)
    except _PlacedButNotRecorded:
        with contextlib.suppress(OSError):
            os.unlink(target)
        raise
    except BaseException:
        out.discard()
        raise


def send_with_deliveries(
    pdf: bytes, ids: Sequence[str], *, queue: str, settings: Settings, duplex: bool, title: str, operator: str
) -> str:
    """Send a PDF already recorded (documents ``ids``) to a CUPS queue and record its delivery, one
    row per document, committed with the job as :func:`print_recorded` does. Used by the web form's
    Print and ``docgen batch --print``. Returns the job ID."""
    import socket

    from docgen import cups

    def send() -> str:
        return cups.send(pdf, queue=queue, settings=settings, duplex=duplex, title=title)

    if not settings.audit.enabled or not ids:
        return send()
    from docgen.audit.store import open_store

    store = open_store(settings.audit.database)

    def write(conn: Connection, job_id: str) -> None:
        where = f"printer:{queue} job {job_id}"
        store.insert_deliveries(
            conn, ids, operator=operator, workstation=socket.gethostname()[:255], destination=where
        )

    return _sent_then_committed(store, settings, send, write)
