"""A process pool for rows: a bounded number in flight, results as they finish, crashes contained.

If a pool process dies (killed, out of memory, a crash in a C library), every row it may have been
working on is run again alone in a fresh pool; a row that kills its process alone is that row's
failure, and the batch goes on.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from docgen.batch.worker import Done, Setup, Task, init, work

CRASHED = "the process rendering this row stopped unexpectedly (out of memory or killed); run again"


def _context() -> multiprocessing.context.BaseContext:
    # forkserver: pool processes start from a clean, single-threaded server that has already
    # imported the renderer, not from this process (which may run threads, hold locks and files).
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(
            ["docgen.batch.worker", "docgen.pdf", "docgen.batch.sheets", "docgen.batch.prefork"]
        )
        return ctx
    return multiprocessing.get_context("spawn")


class RowPool:
    """Runs ``worker.work`` over tasks in ``jobs`` processes."""

    def __init__(self, jobs: int, setup: Setup) -> None:
        self.jobs = jobs
        self.setup = setup
        #: Rows in flight: enough to keep every process busy, few enough to keep memory flat.
        self.limit = jobs * 2
        self._ctx = _context()
        self._executor = self._start()
        self._pending: dict[Future[Done], Task] = {}
        #: Rows finished while the pool was being restarted, not yet handed back.
        self._ready: list[Done] = []

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.jobs, mp_context=self._ctx, initializer=init, initargs=(self.setup,)
        )

    @property
    def full(self) -> bool:
        return len(self._pending) + len(self._ready) >= self.limit

    def __len__(self) -> int:
        return len(self._pending)

    def submit(self, task: Task) -> None:
        try:
            future = self._executor.submit(work, task)
        except BrokenProcessPool:
            # A pool process died while rows were still being handed out: the rows in flight are
            # run again alone in a fresh pool (one of them killed it), then this one goes on.
            self._ready.extend(self._recover([]))
            future = self._executor.submit(work, task)
        self._pending[future] = task

    def results(self, *, block: bool = True) -> Iterator[Done]:
        """Rows that have finished: at least one when ``block`` and any are in flight."""
        if self._ready:
            ready, self._ready = self._ready, []
            yield from ready
            return
        if not self._pending:
            return
        done, _ = wait(list(self._pending), timeout=None if block else 0, return_when=FIRST_COMPLETED)
        suspects: list[Task] = []
        for future in done:
            task = self._pending.pop(future)
            try:
                yield future.result()
            except BrokenProcessPool:
                suspects.append(task)
        if suspects:
            yield from self._recover(suspects)

    def _recover(self, suspects: list[Task]) -> Iterator[Done]:
        # The pool is broken: every row still in flight fails with it. Collect them all, then run
        # each alone so that only the row that really kills its process is reported.
        for future, task in list(self._pending.items()):
            try:
                result = future.result()
            except BrokenProcessPool:
                suspects.append(task)
            else:
                yield result
        self._pending.clear()
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._executor = self._start()
        for task in sorted(suspects, key=lambda t: t.seq):
            future = self._executor.submit(work, task)
            try:
                yield future.result()
            except BrokenProcessPool:
                yield Done(task.seq, error=CRASHED)
                self._executor.shutdown(wait=True, cancel_futures=True)
                self._executor = self._start()

    def drain(self) -> Iterator[Done]:
        while self._pending or self._ready:
            yield from self.results()

    def close(self, *, cancel: bool = False) -> None:
        self._executor.shutdown(wait=True, cancel_futures=cancel)
