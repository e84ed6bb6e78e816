"""``docgen batch --check``: every row of a schedule checked as a run would check it; nothing written."""

from __future__ import annotations

import contextlib
from pathlib import Path

from docgen.batch.manifest import FAILED, Outcome
from docgen.batch.progress import Report
from docgen.batch.rows import Columns
from docgen.batch.schedule import read_schedule
from docgen.content.library import Library
from docgen.errors import BatchFailed, DocgenError, ScheduleError
from docgen.job import check_kinds, prepare
from docgen.model.settings import Settings
from docgen.model.visit import Kind


def check_rows(
    schedule: Path,
    kinds: tuple[Kind, ...],
    *,
    settings: Settings,
    report: Report,
    delimiter: str | None = None,
    date_format: str | None = None,
) -> int:
    """Read and validate every row; report each problem on one line. Returns the number of rows;
    raises BatchFailed when any row (or the file) has a problem. Writes nothing."""
    library = Library(settings.templates)
    columns = Columns(lambda message: report.line(f"docgen: warning: {message}"))
    count = failed = 0
    rows = read_schedule(schedule, delimiter=delimiter)
    with contextlib.closing(rows):
        try:
            for raw in rows:
                count += 1
                outcome: Outcome | None = None
                data, mrn, problem = columns.clean(raw.data)
                if raw.problem is not None:
                    outcome = Outcome(raw.number, FAILED, error=raw.problem)
                elif problem is not None:
                    outcome = Outcome(raw.number, FAILED, field=problem[0], error=problem[1], mrn=mrn)
                else:
                    try:
                        job = prepare(data, settings=settings, library=library, date_format=date_format)
                        check_kinds(job, kinds)
                    except DocgenError as err:
                        outcome = Outcome(raw.number, FAILED, field=err.field, error=err.message, mrn=mrn)
                if outcome is not None:
                    failed += 1
                    report.line(f"docgen: {outcome.message()}")
        except ScheduleError as err:
            raise BatchFailed(f"{err}; {count} rows before it were checked; nothing was written") from None
    if failed:
        raise BatchFailed(f"{failed} of {count} rows have problems (listed above); nothing was written")
    report.line(f"docgen: {count} rows checked, no problems; nothing was written")
    return count
