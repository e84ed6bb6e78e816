"""The audit records of a batch run, written in transactions of many rows (not one per row).

The main process gives each row's documents their IDs before a pool process renders them. When a
row's files are in place, its records wait in a buffer with its journal entry. Every
:data:`ROWS_PER_COMMIT` rows (or after :data:`SECONDS_PER_COMMIT`, and at the end) the buffer is
committed in one transaction, and only then are its rows noted in the journal as finished. A run
stopped before a commit leaves rows the journal does not know: the rerun renders and records them
again. If a commit fails, the files of the rows it held are removed and the run stops: no file of
the run is left unrecorded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docgen.batch.manifest import FileRecord
from docgen.content.library import Library
from docgen.errors import OutputError
from docgen.job import Job
from docgen.model.settings import Settings
from docgen.model.visit import Kind, Options

#: Rows per audit transaction at most, and how long finished rows wait for one at most (seconds):
#: a fast run commits 200 rows at a time, a slow one about four times a second (in the main
#: process, which mostly waits for the pool anyway), so that a rerun after a crash redoes little.
ROWS_PER_COMMIT = 200
SECONDS_PER_COMMIT = 0.25


class BatchAudit:
    """The audit log of one batch run (auditing on)."""

    def __init__(
        self,
        settings: Settings,
        library: Library,
        *,
        options: Options,
        printed_at: dt.datetime,
        operator: str | None,
        out_dir: Path,
    ) -> None:
        from docgen.audit import snapshot
        from docgen.audit.records import operator_name
        from docgen.audit.store import open_store

        self.store = open_store(settings.audit.database)  # before any row: an unusable one fails first
        snap = snapshot.take(library, settings.clinic.logo)
        self.store.keep_snapshot(snap.digest, snap.files, snap.blob)
        self.snapshot = snap.digest
        self.options = options
        self.printed_at = printed_at
        self.operator = operator_name(operator)
        self.out_dir = out_dir
        self._records: list[dict[str, Any]] = []
        self._files: list[Path] = []
        self._after: list[Callable[[], None]] = []
        self.recorded = 0
        self._last = time.monotonic()

    @staticmethod
    def new_ids(kinds: tuple[Kind, ...]) -> tuple[str, ...]:
        from docgen import identity

        return tuple(identity.new_id() for _ in kinds)

    def add(
        self, job: Job, ids: dict[str, str], files: tuple[FileRecord, ...], then: Callable[[], None]
    ) -> None:
        """Buffer the records of a row whose ``files`` were written; ``then`` runs after they commit."""
        from docgen.audit.records import build_records

        for file in files:
            target = self.out_dir / file.name
            self._records += build_records(
                job=job,
                kinds=[Kind(k) for k in file.kinds],
                ids=[ids[k] for k in file.kinds],
                page_counts=file.page_counts,
                sha256=file.sha256,
                options=self.options,
                printed_at=self.printed_at,
                snapshot=self.snapshot,
                operator=self.operator,
                destination=os.path.abspath(target),
            )
            self._files.append(target)
        self._after.append(then)
        if len(self._after) >= ROWS_PER_COMMIT or time.monotonic() - self._last >= SECONDS_PER_COMMIT:
            self.flush()

    def flush(self) -> None:
        """Commit the buffered records in one transaction, then note their rows as finished."""
        if not self._after:
            return
        try:
            with self.store.transaction() as conn:
                self.store.add(conn, self._records)
        except Exception as exc:
            for path in self._files:
                with contextlib.suppress(OSError):
                    os.unlink(path)
            rows = len(self._after)
            raise OutputError(
                f"the audit records of the last {rows} rows could not be written ({type(exc).__name__}); "
                "their files were removed; run the same command again",
                field="[audit] database",
            ) from None
        self.recorded += len(self._records)
        self._last = time.monotonic()
        after = self._after
        self._records, self._files, self._after = [], [], []
        for then in after:
            then()
