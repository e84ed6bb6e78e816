"""What an audit record holds, built from a rendered print."""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import socket
from collections.abc import Sequence
from functools import cache
from typing import Any

from docgen._version import __version__
from docgen.job import Job
from docgen.model.settings import Settings
from docgen.model.visit import Kind, Options
from docgen.resources import fonts_dir


def operator_name(given: str | None) -> str:
    """Who printed: ``--operator``, else the operating system's user."""
    if given and given.strip():
        return given.strip()[:200]
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name for this uid (some containers)
        return "unknown"


def settings_data(settings: Settings) -> dict[str, Any]:
    """The settings a render used, as stored (the audit section itself is left out)."""
    data = settings.model_dump(mode="json", exclude={"audit", "serve"})
    data.pop("templates", None)  # a reprint uses the stored template set instead
    data["output"] = {key: f"{value:o}" for key, value in data["output"].items()}  # as typed: "600"
    return data


def digest_json(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@cache
def environment() -> dict[str, str]:
    """What besides the input, templates and settings shapes the bytes: docgen, ReportLab, fonts."""
    import reportlab

    fonts = hashlib.sha256()
    for path in sorted(fonts_dir().rglob("*")):
        if path.is_file():
            fonts.update(path.relative_to(fonts_dir()).as_posix().encode() + b"\0")
            fonts.update(hashlib.sha256(path.read_bytes()).digest())
    return {"docgen": __version__, "reportlab": reportlab.Version, "fonts": fonts.hexdigest()}


def build_records(
    *,
    job: Job,
    kinds: Sequence[Kind],
    ids: Sequence[str],
    page_counts: Sequence[int],
    sha256: str,
    options: Options,
    printed_at: dt.datetime,
    snapshot: str,
    operator: str,
    destination: str,
    reprint_of: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """One record per document of a printed file (``sha256`` is the file's), sharing the print's job
    id (its first record's id)."""
    from docgen import identity

    record_ids = [identity.new_id() for _ in kinds] if reprint_of else list(ids)
    settings = settings_data(job.settings)
    shared: dict[str, Any] = {
        "job": record_ids[0],
        "recorded_at": dt.datetime.now(dt.UTC),
        "printed_at": printed_at.isoformat(),
        "operator": operator,
        "workstation": socket.gethostname()[:255],
        "mrn": job.visit.mrn,
        "procedure": job.procedure.id,
        "job_kinds": ",".join(k.value for k in kinds),
        "language": job.visit.language.value,
        "templates": {"procedure": job.procedure.id, "version": job.procedure.version},
        "snapshot": snapshot,
        "visit": job.visit.model_dump(mode="json"),
        "settings": settings,
        "settings_hash": digest_json(settings),
        "options": options.model_dump(mode="json"),
        "sha256": sha256,
        "file_pages": sum(page_counts),
        "destination": destination,
        "docgen_version": __version__,
        "environment": environment(),
    }
    return [
        {
            **shared,
            "id": record_ids[n],
            "seq": n,
            "kind": kind.value,
            "pages": page_counts[n],
            "reprint_of": reprint_of[n] if reprint_of else None,
        }
        for n, kind in enumerate(kinds)
    ]


def printed_id(record: dict[str, Any]) -> str:
    """The ID printed on a recorded document: a reprint carries its original's."""
    return str(record["reprint_of"] or record["id"])
