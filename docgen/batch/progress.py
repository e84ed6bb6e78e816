"""What a batch tells the person running it, on standard error.

On a terminal: a progress bar with counts and time left. Elsewhere (CI, a log file): no bar. Always:
one line per failed row or warning as it happens, and a summary table at the end. Lines never hold
a patient's name; rows are named by number and MRN.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from docgen.batch.summary import Summary


class Report:
    """Progress and summary for one run; ``quiet`` keeps only failures and warnings."""

    def __init__(self, console: Console | None = None, *, quiet: bool | None = None) -> None:
        from docgen import console as say

        # soft_wrap: one message, one line, however narrow the terminal or log.
        self.console = console or say.console(stderr=True, soft_wrap=True)
        self.quiet = say.level == say.QUIET if quiet is None else quiet
        self.verbose = say.level == say.VERBOSE

    @property
    def live(self) -> bool:
        """Whether to draw a progress bar: only for a person at a terminal (NO_COLOR: no bar, whose
        blocks are box-drawing characters)."""
        from docgen import console as say

        return self.console.is_terminal and not self.quiet and not say.plain(self.console.file)

    def line(self, text: str) -> None:
        self.console.print(text, markup=False, highlight=False, soft_wrap=True)

    def note(self, text: str) -> None:
        if self.live or self.verbose:
            self.line(f"docgen: {text}")

    @contextlib.contextmanager
    def progress(self, total: int | None) -> Iterator[Tracker]:
        if not self.live:
            yield Tracker(self, None, None)
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        with Progress(
            TextColumn("[bold]rows"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[failed]} failed"),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        ) as bar:
            task = bar.add_task("rows", total=total or None, failed=0)
            yield Tracker(self, bar, task)

    def summary(self, summary: Summary) -> None:
        from rich.table import Table

        if self.quiet:
            return

        from docgen import console as say

        table = Table(
            title="docgen batch", show_header=False, title_justify="left", box=say.box(self.console.file)
        )
        table.add_column("what")
        table.add_column("how many", justify="right")
        rate = summary.rows / summary.seconds if summary.seconds else 0.0
        rows: list[tuple[str, Any]] = [
            ("rows", summary.rows),
            ("rendered", summary.rendered),
            ("skipped (unchanged)", summary.skipped),
            ("failed", summary.failed),
            ("packets", summary.packets),
            ("files", summary.files),
            ("pages", summary.pages),
        ]
        if summary.printed is not None:
            printed = summary.printed
            rows.append(
                ("print file", f"{printed.path.name}: {printed.pages} pages, {printed.sheets} sheets")
            )
        rows.append(("time", f"{summary.seconds:.1f} s ({rate:.1f} rows/s)"))
        for what, value in rows:
            table.add_row(what, str(value))
        self.console.print(table)


class Tracker:
    """The live part: advances the bar and prints lines above it."""

    def __init__(self, report: Report, bar: Any, task: Any) -> None:
        self.report = report
        self.bar = bar
        self.task = task

    def advance(self, summary: Summary) -> None:
        if self.report.verbose:  # counts only: no names, no MRNs
            self.report.line(f"docgen: {summary.rows} rows done, {summary.failed} failed")
        if self.bar is not None:
            total = self.bar.tasks[0].total
            if total is not None and summary.rows > total:
                self.bar.update(self.task, total=summary.rows)
            self.bar.update(self.task, completed=summary.rows, failed=summary.failed)

    def fail(self, message: str) -> None:
        self.report.line(f"docgen: {message}")

    def warn(self, message: str) -> None:
        self.report.line(f"docgen: warning: {message}")
