"""Clinic batch runs: a schedule in, one packet per row, a manifest and a duplex-safe print file out.

The main process reads and validates rows one at a time, names their files, and skips rows an
earlier run finished; a process pool renders the rest and writes each file as it completes. Nothing
waits for the whole schedule, so memory stays flat however long it is.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path

from docgen.batch.audit import BatchAudit
from docgen.batch.finish import finish_print_file, report_stale
from docgen.batch.journal import Entry, Journal, fingerprint, row_key
from docgen.batch.manifest import FAILED, OK, SKIPPED, FileRecord, Manifest, Outcome
from docgen.batch.options import BatchOptions, check_options, check_paths, delimiter_of, parse_docs
from docgen.batch.printfile import Patient
from docgen.batch.progress import Report, Tracker
from docgen.batch.rows import Columns
from docgen.batch.schedule import RawRow, count_rows, read_schedule
from docgen.batch.send import SendRequest, checked_queue, send_when_complete
from docgen.batch.summary import Summary
from docgen.batch.worker import Done, Setup, Task
from docgen.checks.gate import refuse_overdue
from docgen.content.library import Library
from docgen.errors import BatchFailed, DocgenError, Interrupted, ScheduleError
from docgen.job import Job, check_kinds, options_for, prepare
from docgen.model.settings import Settings
from docgen.model.visit import Kind, Visit
from docgen.output import configure, make_folder


def run_batch(
    schedule: Path, opts: BatchOptions, *, settings: Settings, report: Report | None = None
) -> Summary:
    """Render every row of ``schedule``; raise :class:`BatchFailed` at the end if any row failed.

    With ``opts.check``, only check every row as a run would, and write nothing."""
    from docgen.checks.gate import require_checked

    require_checked(settings)  # before the first row: a clinic's wording with an error prints nothing
    if opts.check:
        from docgen.batch.check import check_rows

        check_options(opts)
        rows = check_rows(
            schedule,
            parse_docs(opts.docs),
            settings=settings,
            report=report or Report(),
            delimiter=delimiter_of(opts.delimiter),
            date_format=opts.date_format,
        )
        return Summary(rows=rows)
    try:
        return _run_batch(schedule, opts, settings=settings, report=report)
    except _RowsDone as done:  # Ctrl-C in the row loop: the rows before it are finished
        try:
            total = f" of {count_rows(schedule)}"
        except BaseException:
            total = ""
        raise Interrupted(f"interrupted; {done.rows}{total} rows done, run again to resume") from None
    except KeyboardInterrupt:
        raise Interrupted(
            "interrupted; every file written is complete; run the same command again to finish"
        ) from None


class _RowsDone(Exception):
    """The row loop stopped on Ctrl-C after ``rows`` rows."""

    def __init__(self, rows: int) -> None:
        super().__init__(rows)
        self.rows = rows


def _run_batch(schedule: Path, opts: BatchOptions, *, settings: Settings, report: Report | None) -> Summary:
    check_options(opts)
    check_paths(schedule, opts, settings)
    queue = checked_queue(opts, settings)  # a queue the clinic does not list fails before any row
    configure(settings.output.file_mode, settings.output.folder_mode)
    kinds = parse_docs(opts.docs)
    options = options_for(opts.paper, opts.large_print, settings, simplex=opts.simplex)
    from docgen.pdf import print_time

    printed_at = print_time()  # once: every row of a run, and every rerun with SOURCE_DATE_EPOCH, agree
    report = report or Report()
    rows = read_schedule(
        schedule, delimiter=delimiter_of(opts.delimiter)
    )  # checked before anything is written
    with contextlib.closing(rows):
        make_folder(opts.out_dir, field="--out-dir")
        started = time.perf_counter()
        library = Library(settings.templates)
        run = _Run(opts, settings, kinds, library, duplex=options.duplex)
        run.printed_on = printed_at.date()
        with Journal(opts.out_dir) as journal:
            run.journal = journal
            run.fingerprint = fingerprint(settings, kinds, options, split=opts.split, library=library)
            if settings.audit.enabled:
                run.audit = BatchAudit(
                    settings, library, options=options, printed_at=printed_at, operator=opts.operator,
                    out_dir=opts.out_dir,
                )  # fmt: skip
            setup = Setup(
                settings=settings,
                kinds=kinds,
                options=options,
                printed_at=printed_at,
                out_dir=opts.out_dir,
                split=opts.split,
                pieces_dir=journal.pieces_dir if opts.print_file else None,
                tmp_dir=journal.tmp_dir,
                separator=opts.separator,
                debug=bool(os.environ.get("DOCGEN_DEBUG")),
            )
            header = {
                "docgen": _version(),
                "schedule": schedule.name,
                "documents": [k.value for k in kinds],
                "split": opts.split,
                "paper": options.paper.value,
                "large_print": options.large_print,
                "printed_at": printed_at.isoformat(),
            }
            total = count_rows(schedule) if report.live else None
            with (
                Manifest(opts.out_dir, header, journal.tmp_dir) as manifest,
                report.progress(total) as progress,
            ):
                run.manifest = manifest
                run.progress = progress
                run.process(rows, setup, opts.jobs or default_jobs())
                summary = run.summary
                print_error: DocgenError | None = None
                if opts.print_file is not None:
                    if run.patients:
                        report.note("merging the print file")
                    summary.printed, print_error = finish_print_file(
                        run.patients, opts.print_file, journal, run.warn
                    )
                job = None
                if queue is not None and summary.printed is not None and print_error is None:
                    job, print_error = send_when_complete(
                        SendRequest(opts, queue, settings, options.duplex, run.patients, run.warn),
                        failed=run.summary.failed,
                        schedule_error=run.schedule_error,
                        journal=journal,
                        report=report,
                    )
                report_stale(journal, run.written, run.warn)
                summary.seconds = time.perf_counter() - started
                extra = {
                    key: str(value)
                    for key, value in (
                        ("schedule_error", run.schedule_error),
                        ("print_error", print_error),
                        ("print_job", job),
                    )
                    if value
                }
                summary.manifest = manifest.finish({**summary.as_dict(), **extra}, summary.warnings)
        report.summary(summary)
        if run.schedule_error:
            listed = opts.out_dir / "manifest.csv"
            raise BatchFailed(f"{run.schedule_error}; the {summary.rows} rows before it are in {listed}")
        if print_error is not None:
            raise print_error
        if summary.failed:
            raise BatchFailed(
                f"{summary.failed} of {summary.rows} rows failed (listed above and in "
                f"{opts.out_dir / 'manifest.csv'}); fix them and run the same command again: finished rows "
                "are skipped"
            )
        return summary


def _version() -> str:
    from docgen._version import __version__

    return __version__


class _Run:
    """The state of one batch run in the main process."""

    def __init__(
        self,
        opts: BatchOptions,
        settings: Settings,
        kinds: tuple[Kind, ...],
        library: Library,
        *,
        duplex: bool,
    ) -> None:
        self.opts = opts
        self.duplex = duplex
        self.settings = settings
        self.kinds = kinds
        self.library = library
        self.summary = Summary()
        self.patients: list[Patient] = []
        self.schedule_error: str | None = None
        self.journal: Journal
        self.manifest: Manifest
        self.progress: Tracker
        self.fingerprint = ""
        self.printed_on = dt.date.today()
        self._stems: dict[str, int] = {}
        self.columns = Columns(self.warn)
        #: The files of every row this run wrote or found unchanged.
        self.written: set[str] = set()
        #: Rows in flight: their row number, visit, key and status when done, by sequence number.
        self._flight: dict[int, tuple[int, Visit, str, str]] = {}
        #: The audit log (None: auditing is off), and the rows in flight's jobs and document IDs.
        self.audit: BatchAudit | None = None
        self._ids: dict[int, tuple[Job, tuple[str, ...]]] = {}

    # -- the loop --------------------------------------------------------------------------
    def process(self, rows: Iterator[RawRow], setup: Setup, jobs: int) -> None:
        from docgen.batch.pool import RowPool

        pool: RowPool | None = None
        try:
            for seq, raw in enumerate(self._read(rows)):
                prepared = self._prepare(raw, seq)
                if isinstance(prepared, Outcome):
                    self._finish(seq, prepared)
                    continue
                if pool is None:
                    pool = RowPool(jobs, setup)
                pool.submit(prepared)
                while pool.full:
                    for done in pool.results():
                        self._done(done)
            if pool is not None:
                for done in pool.drain():
                    self._done(done)
            if self.audit is not None:
                self.audit.flush()
        except KeyboardInterrupt:
            if pool is not None:
                pool.close(cancel=True)
                pool = None
            if self.audit is not None:
                self.audit.flush()  # the rows whose files were written
            raise _RowsDone(self.summary.rows) from None
        finally:
            if pool is not None:
                pool.close()

    def _read(self, rows: Iterator[RawRow]) -> Iterator[RawRow]:
        """The rows, stopping (after the rows before it are done) where the file cannot be read."""
        try:
            yield from rows
        except ScheduleError as err:
            self.schedule_error = str(err)
            self.progress.fail(f"error: {err}")

    # -- one row, before rendering ---------------------------------------------------------
    def _prepare(self, raw: RawRow, seq: int) -> Outcome | Task:
        if raw.problem is not None:
            return Outcome(raw.number, FAILED, error=raw.problem)
        data, mrn, problem = self.columns.clean(raw.data)
        if problem is not None:
            return Outcome(raw.number, FAILED, field=problem[0], error=problem[1], mrn=mrn)
        try:
            job = prepare(
                data, settings=self.settings, library=self.library, date_format=self.opts.date_format
            )  # the row's only check
            check_kinds(job, self.kinds)
            refuse_overdue(job.procedure, self.settings, self.printed_on)
        except DocgenError as err:
            return Outcome(raw.number, FAILED, field=err.field, error=err.message, mrn=mrn)
        visit = job.visit
        stem = self._stem(visit, raw.number)
        key = row_key(self.journal.secret, self.fingerprint, visit, stem)
        entry = None if self.opts.force else self.journal.done(key)
        if entry is not None:
            printing = self.opts.print_file is not None
            if not printing or self.journal.has_pieces(
                entry, separator=self.opts.separator, duplex=self.duplex
            ):
                self._add_patient(raw.number, visit, entry.files, entry.pieces)
                return _ok(raw.number, visit, entry.files, SKIPPED)
            # Files unchanged, but the print file's blank and separator pages (cleared at the end
            # of every run) are needed again: only those are made.
            self._flight[seq] = (raw.number, visit, key, SKIPPED)
            return Task(seq, job, stem, reuse=entry.files)
        self._flight[seq] = (raw.number, visit, key, OK)
        if self.audit is None:
            return Task(seq, job, stem)
        ids = self.audit.new_ids(self.kinds)
        self._ids[seq] = (job, ids)
        return Task(seq, job, stem, ids=ids)

    def _stem(self, visit: Visit, row: int) -> str:
        """``2026-11-21_00123456_si-joint-injection``; a later row with the same date, MRN and
        procedure gets ``_2``, ``_3``... (compared case-blind, as some file systems do) and a warning."""
        base = f"{visit.date.isoformat()}_{visit.mrn}_{visit.procedure}"
        stem, n = base, 1
        while stem.casefold() in self._stems:
            n += 1
            stem = f"{base}_{n}"
        if n > 1:
            first = self._stems[base.casefold()]
            self.warn(
                f"row {row} has the same date, MRN and procedure as row {first}; its files are named "
                f"{stem}_... so that neither overwrites the other (MRN {visit.mrn})"
            )
        self._stems[stem.casefold()] = row
        return stem

    def warn(self, message: str) -> None:
        self.summary.warnings.append(message)
        self.progress.warn(message)

    # -- one row, after --------------------------------------------------------------------
    def _done(self, done: Done) -> None:
        row, visit, key, status = self._flight.pop(done.seq)
        audited = self._ids.pop(done.seq, None)
        if done.error is not None:
            outcome = Outcome(row, FAILED, field=done.field, error=done.error, mrn=visit.mrn)
        else:
            entry = Entry(key, done.files, done.pieces)
            if audited is not None and self.audit is not None:
                job, ids = audited
                by_kind = {k.value: i for k, i in zip(self.kinds, ids, strict=True)}
                # Noted in the journal as finished once its records are committed (see batch/audit.py).
                self.audit.add(job, by_kind, done.files, lambda: self.journal.record(entry, self.warn))
            else:
                self.journal.record(entry, self.warn)
            self._add_patient(row, visit, done.files, done.pieces)
            outcome = _ok(row, visit, done.files, status)
        self._finish(done.seq, outcome)

    def _add_patient(
        self, row: int, visit: Visit, files: tuple[FileRecord, ...], pieces: dict[str, FileRecord]
    ) -> None:
        if self.opts.print_file is None:
            return
        folder = self.journal.pieces_dir
        self.patients.append(
            Patient(
                row=row,
                date=visit.date,
                time=visit.time,
                files=tuple(self.opts.out_dir / f.name for f in files),
                pages=tuple(f.pages for f in files),
                separator=folder / pieces["separator"].name if self.opts.separator else None,
                blank=folder / pieces["blank"].name if "blank" in pieces else None,
                duplex=self.duplex,
            )
        )

    def _finish(self, seq: int, outcome: Outcome) -> None:
        s = self.summary
        s.rows += 1
        if outcome.status == FAILED:
            s.failed += 1
            self.progress.fail(outcome.message())
        else:
            s.rendered += outcome.status == OK
            s.skipped += outcome.status == SKIPPED
            s.files += len(outcome.files)
            s.pages += outcome.pages
            self.written.update(f.name for f in outcome.files)
        self.manifest.add(seq, outcome)
        self.progress.advance(s)


def _ok(row: int, visit: Visit, files: tuple[FileRecord, ...], status: str) -> Outcome:
    return Outcome(
        row,
        status,
        mrn=visit.mrn,
        date=visit.date.isoformat(),
        time=visit.time.strftime("%H:%M") if visit.time else None,
        procedure=visit.procedure,
        side=visit.side.value if visit.side else None,
        files=files,
    )


def default_jobs() -> int:
    """One process per core this process may run on (a container's limit, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
