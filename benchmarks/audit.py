"""Audit-log benchmark: what recording costs per batch row and per single document, on SQLite and
(when DOCGEN_TEST_POSTGRES names a server, as .ci/run sets it) on PostgreSQL.

    python benchmarks/audit.py              # 1,000 rows of a four-document packet
    python benchmarks/audit.py --rows 200   # fewer

Rendering is left out (it costs about a second per packet): the rows are real prepared visits
and the records the real ones, built and committed as `docgen batch` does (docgen/batch/audit.py,
200 rows per transaction), then one transaction per row for comparison; and one document recorded
at a time as the one-patient commands do. Every patient is fictional. Wall-clock on this machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa

from docgen.audit import snapshot
from docgen.audit.store import AuditStore, database_url
from docgen.batch.audit import BatchAudit
from docgen.batch.manifest import FileRecord
from docgen.content.library import Library
from docgen.job import Job, prepare
from docgen.model.settings import EXAMPLE
from docgen.model.visit import PACKET, Options


def jobs(rows: int) -> list[Job]:
    return [
        prepare(
            {
                "name": f"Ana Example {n}",
                "dob": "1961-04-12",
                "mrn": f"4{n:07d}",
                "procedure": "si-joint-injection",
                "side": "left",
                "date": "2026-11-21",
            },
            settings=EXAMPLE,
        )
        for n in range(rows)
    ]


def files_for() -> tuple[FileRecord, ...]:
    return (FileRecord("x_packet.pdf", tuple(k.value for k in PACKET), (10, 8, 6, 4), "0" * 64),)


def batch_cost(setting: str, rows: int, per_row_commit: bool) -> float:
    """Seconds per row to build and commit a row's four records (the batch's way, or one commit a row)."""
    import docgen.batch.audit as batch_audit

    settings = EXAMPLE.model_copy(update={"audit": EXAMPLE.audit.model_copy(update={"database": setting})})
    audit = BatchAudit(
        settings, Library(None), options=Options(), printed_at=dt.datetime(2026, 11, 20, 9, 15),
        operator="bench", out_dir=Path("/tmp"),
    )  # fmt: skip
    batch_audit.ROWS_PER_COMMIT = 1 if per_row_commit else 200
    prepared = jobs(rows)
    start = time.perf_counter()
    for job in prepared:
        ids = dict(zip((k.value for k in PACKET), audit.new_ids(PACKET), strict=True))
        audit.add(job, ids, files_for(), lambda: None)
    audit.flush()
    return (time.perf_counter() - start) / rows


def single_cost(setting: str, count: int) -> list[float]:
    """Seconds to record one document as `docgen info` does: snapshot (cached), one transaction."""
    from docgen.audit.records import build_records
    from docgen.model.visit import Kind

    url, path = database_url(setting)
    store = AuditStore(url, path)
    library = Library(None)
    job = jobs(1)[0]
    times = []
    for _ in range(count):
        start = time.perf_counter()
        snap = snapshot.take(library, None)
        store.keep_snapshot(snap.digest, snap.files, snap.blob)
        records = build_records(
            job=job,
            kinds=[Kind.INFO],
            ids=[secrets.token_hex(5).upper()],
            page_counts=[10],
            sha256="0" * 64,
            options=Options(),
            printed_at=dt.datetime(2026, 11, 20, 9, 15),
            snapshot=snap.digest,
            operator="bench",
            destination="/tmp/x.pdf",
        )
        with store.transaction() as conn:
            store.add(conn, records)
        times.append(time.perf_counter() - start)
    return times


def fresh_postgres(server: str) -> tuple[str, sa.Engine, str]:
    admin = sa.create_engine(server.replace("postgresql://", "postgresql+psycopg://", 1),
                             isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)  # fmt: skip
    name = f"docgen_bench_{secrets.token_hex(4)}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    return server.rsplit("/", 1)[0] + "/" + name, admin, name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()
    backends: list[tuple[str, str]] = []
    folder = Path(tempfile.mkdtemp(prefix="docgen-bench-audit-"))
    cleanup = []
    backends.append(("SQLite", str(folder / "audit.sqlite3")))
    server = os.environ.get("DOCGEN_TEST_POSTGRES")
    if server:
        url, admin, name = fresh_postgres(server)
        backends.append(("PostgreSQL", url))
        cleanup.append((admin, name))
    else:
        print("PostgreSQL: skipped (DOCGEN_TEST_POSTGRES is not set)")
    print(f"{args.rows} rows of a 4-document packet; load average {os.getloadavg()[0]:.2f}")
    for label, setting in backends:
        batched = batch_cost(setting, args.rows, per_row_commit=False)
        per_row = batch_cost(setting, max(args.rows // 5, 50), per_row_commit=True)
        single = single_cost(setting, 200)
        print(
            f"{label:<11} batch: {batched * 1000:.2f} ms per row (200 rows a transaction), "
            f"{per_row * 1000:.2f} ms per row with one commit a row; "
            f"one document: median {statistics.median(single) * 1000:.2f} ms, "
            f"p95 {sorted(single)[int(len(single) * 0.95)] * 1000:.2f} ms"
        )
    for admin, name in cleanup:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
