"""The end of a run: the print file written (or an earlier one removed), and files that no longer
match the schedule reported, so that nothing stale looks current."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from docgen.batch.journal import Journal, sha256_file
from docgen.batch.printfile import Patient, Printed, write_print_file
from docgen.errors import DocgenError
from docgen.output import write_atomic

RECORD = "printfile.json"


def finish_print_file(
    patients: list[Patient], target: Path, journal: Journal, warn: Callable[[str], None]
) -> tuple[Printed | None, DocgenError | None]:
    """Write the print file; if it cannot be written (or there is nothing to print), remove the one
    an earlier run wrote there, so that no print file of another day's schedule looks current.
    Only a file docgen wrote, unchanged since, is ever removed."""
    try:
        if patients:
            try:
                printed = write_print_file(patients, target, journal.tmp_dir)
            except DocgenError as err:  # the rows are done: the caller still writes their manifest
                _remove_earlier(target, journal, warn)
                return None, err
            _record(target, journal)
            return printed, None
        warn("no row was rendered, so no print file was written")
        _remove_earlier(target, journal, warn)
        return None, None
    finally:
        journal.clear_pieces()


def _record(target: Path, journal: Journal) -> None:
    record = {"path": str(target.resolve()), "sha256": sha256_file(target)}
    write_atomic(journal.state_dir / RECORD, json.dumps(record).encode(), field="--out-dir")


def _remove_earlier(target: Path, journal: Journal, warn: Callable[[str], None]) -> None:
    try:
        record = json.loads((journal.state_dir / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if not target.is_file() or target.is_symlink() or record.get("path") != str(target.resolve()):
        return
    if sha256_file(target) == record.get("sha256"):
        with contextlib.suppress(OSError):
            target.unlink()
            warn(f"removed the print file {target.name} of an earlier run: it no longer matches the schedule")


def report_stale(journal: Journal, current: Iterable[str], warn: Callable[[str], None]) -> list[str]:
    """Files earlier runs wrote in the output folder that this run did not write or confirm (a
    patient removed from the schedule, a row that now fails): named in a warning, never deleted."""
    mine = set(current)
    earlier = {record.name for entry in journal.entries.values() for record in entry.files}
    stale = sorted(name for name in earlier - mine if (journal.out_dir / name).is_file())
    if stale:
        shown = ", ".join(stale[:5]) + (f" and {len(stale) - 5} more" if len(stale) > 5 else "")
        warn(f"{len(stale)} files from earlier runs are not part of this schedule's output: {shown}")
    return stale
