"""Print a recorded document again, from what was stored: the validated input, the template set,
the settings, the print options, the print time and the IDs. Same docgen, ReportLab and fonts give
the same bytes; otherwise the reprint says what differs."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.audit.printing import deliver, destination_of, record_then, render_with_ids
from docgen.audit.records import build_records, environment, operator_name, printed_id
from docgen.audit.snapshot import unpacked
from docgen.audit.store import AuditStore
from docgen.errors import InputError, OutputError
from docgen.job import prepare
from docgen.model.settings import Settings
from docgen.model.visit import Kind, Options, Visit


@dataclass(frozen=True)
class Reprinted:
    original: list[dict[str, Any]]  # the first print's records, in order
    pages: int
    identical: bool
    differences: list[str]  # what differs from the first print, when not identical


def find_print(store: AuditStore, record_id: str) -> list[dict[str, Any]]:
    """The records of the print that holds ``record_id`` (all documents of its file, in order)."""
    found = [r for r in store.find(record_id=record_id) if r["id"] == record_id]
    if not found:
        raise InputError("no print with this ID in the audit log; see docgen history", field="ID")
    return sorted(store.find(job=found[0]["job"]), key=lambda r: r["seq"])


@dataclass(frozen=True)
class Reproduced:
    pdf: bytes
    pages: int
    job: Any  # docgen.job.Job
    kinds: tuple[Kind, ...]
    page_counts: tuple[int, ...]
    ids: list[str]
    options: Options
    printed_at: dt.datetime


def reproduce(store: AuditStore, records: list[dict[str, Any]]) -> Reproduced:
    """Render a recorded print again from its records (as :func:`find_print` returns them)."""
    first = records[0]
    blob = store.snapshot(first["snapshot"])
    if blob is None:
        raise OutputError("the stored template set of this print is missing", field="ID")
    kinds = tuple(Kind(r["kind"]) for r in records)
    ids = [printed_id(r) for r in records]
    options = Options.model_validate(first["options"])
    printed_at = dt.datetime.fromisoformat(first["printed_at"])
    with unpacked(blob) as snap:
        data = dict(first["settings"])
        if snap.logo is not None:
            data["clinic"] = {**data["clinic"], "logo": str(snap.logo)}
        settings = Settings.model_validate(data)
        job = prepare(Visit.model_validate(first["visit"]), settings=settings, library=snap.library)
        result = render_with_ids(
            job, kinds, options=options, printed_at=printed_at, ids=ids, library=snap.library
        )
    return Reproduced(
        result.pdf,
        result.pages,
        job,
        tuple(result.kinds),
        tuple(result.page_counts),
        ids,
        options,
        printed_at,
    )


def reprint(store: AuditStore, record_id: str, target: Path | None, operator: str | None) -> Reprinted:
    records = find_print(store, record_id)
    first = records[0]
    again = reproduce(store, records)
    digest = hashlib.sha256(again.pdf).hexdigest()
    identical = digest == first["sha256"]
    new = build_records(
        job=again.job,
        kinds=again.kinds,
        ids=again.ids,
        page_counts=again.page_counts,
        sha256=digest,
        options=again.options,
        printed_at=again.printed_at,
        snapshot=first["snapshot"],
        operator=operator_name(operator),
        destination=destination_of(target),
        reprint_of=again.ids,
    )
    deliver(again.pdf, target, lambda place: record_then(store, new, place))
    return Reprinted(records, again.pages, identical, [] if identical else differences(first))


def differences(record: dict[str, Any]) -> list[str]:
    """What, besides the stored input, templates and settings, differs from the first print."""
    then = dict(record["environment"])
    now = environment()
    out = []
    if then.get("docgen") != now["docgen"]:
        out.append(f"docgen {then.get('docgen', '?')} then, {now['docgen']} now")
    if then.get("reportlab") != now["reportlab"]:
        out.append(f"ReportLab {then.get('reportlab', '?')} then, {now['reportlab']} now")
    if then.get("fonts") != now["fonts"]:
        out.append("the shipped fonts changed")
    return out or ["docgen, ReportLab and the fonts are the same; the cause is unknown"]
