"""The work of one schedule row, run in a pool process: render, write the files, report back.

Everything a row needs besides its visit is sent once, when the process starts. A failure of any
kind becomes that row's failure; nothing the row holds is put in the message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
from dataclasses import dataclass, field
from pathlib import Path

from docgen.batch.journal import place
from docgen.batch.manifest import FileRecord
from docgen.content.library import Library
from docgen.content.library import stamp as library_stamp
from docgen.errors import DocgenError
from docgen.job import Job
from docgen.model.settings import Settings
from docgen.model.visit import PACKET, Kind, Options
from docgen.output import configure


@dataclass(frozen=True)
class Setup:
    """What every row of one batch shares."""

    settings: Settings
    kinds: tuple[Kind, ...]
    options: Options
    printed_at: dt.datetime
    out_dir: Path
    split: bool
    #: Where to write the print file's blank and separator pages, or None without --print-file.
    pieces_dir: Path | None
    #: Where files are written before they are renamed into place.
    tmp_dir: Path
    separator: bool
    debug: bool = False


@dataclass(frozen=True)
class Task:
    """One row, prepared (validated and completed) in the main process."""

    seq: int
    job: Job
    stem: str
    #: The row's files, unchanged since an earlier run: make only its print-file pages.
    reuse: tuple[FileRecord, ...] | None = None
    #: The documents' IDs, one per kind of the batch (None: auditing is off, no ID is printed).
    ids: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Done:
    seq: int
    files: tuple[FileRecord, ...] = ()
    pieces: dict[str, FileRecord] = field(default_factory=dict)
    field: str | None = None
    error: str | None = None


def label(kinds: tuple[Kind, ...]) -> str:
    """The document part of a file name: ``packet`` for all four, else the kinds joined by ``-``."""
    return "packet" if kinds == PACKET else "-".join(k.value for k in kinds)


def file_groups(kinds: tuple[Kind, ...], split: bool) -> list[tuple[Kind, ...]]:
    return [(k,) for k in kinds] if split else [kinds]


_setup: Setup | None = None
_library: Library | None = None


def init(setup: Setup) -> None:
    """Start a pool process: remember the batch, load fonts and templates once."""
    global _setup, _library
    # Ctrl-C is for the main process, which stops the pool in order.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    from docgen.layout.fonts import register

    register()
    configure(setup.settings.output.file_mode, setup.settings.output.folder_mode)
    _setup = setup
    _library = _warm_library(setup) or Library(setup.settings.templates)


def _warm_library(setup: Setup) -> Library | None:
    """The built-in templates as the process server loaded them, if this batch uses only those and
    they have not changed on disk since."""
    if setup.settings.templates is not None:
        return None
    from docgen.batch import prefork
    from docgen.resources import templates_dir

    if prefork.BUILTIN is None:
        return None
    library, stamp = prefork.BUILTIN
    fresh = isinstance(library, Library) and library_stamp([templates_dir()]) == stamp
    return library if fresh else None


def _die_with_parent() -> None:
    # A pool process whose main process was killed (SIGKILL, out of memory) would otherwise wait
    # for work forever. Its sentinel (a pipe only the main process holds open) wakes this thread.
    import multiprocessing
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return

    def watch(sentinel: int) -> None:
        wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, args=(parent.sentinel,), name="docgen-parent-watch", daemon=True).start()


def work(task: Task) -> Done:
    """Render one row and write its files; any failure is returned, never raised."""
    assert _setup is not None
    try:
        return _render(task, _setup)
    except DocgenError as err:
        return Done(task.seq, field=err.field, error=err.message)
    except Exception as err:
        if _setup.debug:
            raise
        return Done(task.seq, error=f"internal error ({type(err).__name__}); rerun with DOCGEN_DEBUG=1")


def _render(task: Task, s: Setup) -> Done:
    from docgen.audit.printing import render_with_ids

    assert _library is not None
    outputs: list[tuple[str, tuple[Kind, ...], bytes, tuple[int, ...]]] = []
    for group in file_groups(s.kinds, s.split) if task.reuse is None else []:
        ids = [task.ids[s.kinds.index(k)] for k in group] if task.ids else None
        result = render_with_ids(
            task.job, group, options=s.options, printed_at=s.printed_at, ids=ids, library=_library
        )
        outputs.append((f"{task.stem}_{label(group)}.pdf", group, result.pdf, result.page_counts))
    pieces = _print_pages(task, s, outputs) if s.pieces_dir is not None else []
    # Everything rendered: only now touch the disk, each file whole or not at all.
    files = list(task.reuse or ())
    for name, kinds, pdf, page_counts in outputs:
        place(pdf, s.out_dir / name, s.tmp_dir)
        files.append(FileRecord(name, tuple(k.value for k in kinds), page_counts, _sha(pdf)))
    written: dict[str, FileRecord] = {}
    for role, name, pdf, pages in pieces:
        assert s.pieces_dir is not None
        place(pdf, s.pieces_dir / name, s.tmp_dir)
        written[role] = FileRecord(name, (role,), (pages,), _sha(pdf))
    return Done(task.seq, tuple(files), written)


def _print_pages(
    task: Task, s: Setup, outputs: list[tuple[str, tuple[Kind, ...], bytes, tuple[int, ...]]]
) -> list[tuple[str, str, bytes, int]]:
    """The print file's pages for the row, by role: its separator sheet, and its blank pages (one
    after each file with an odd page count, for two-sided printing); with their page counts."""
    from docgen.batch.printfile import blank_after
    from docgen.batch.sheets import blank_pages, separator_page

    assert _library is not None
    # Each file's documents and page counts as rendered (or as an earlier run rendered them).
    printed = [list(zip(kinds, c, strict=True)) for _, kinds, _, c in outputs]
    printed += [[(Kind(k), n) for k, n in zip(r.kinds, r.page_counts, strict=True)] for r in task.reuse or ()]
    pieces: list[tuple[str, str, bytes, int]] = []
    duplex = s.options.duplex
    if s.separator:
        pdf = separator_page(task.job, printed, printed_at=s.printed_at, library=_library, options=s.options)
        pieces.append(("separator", f"{task.stem}.separator.pdf", pdf, 2 if duplex else 1))
    padding = blank_after([sum(n for _, n in f) for f in printed], duplex=duplex)
    after = [f[-1][0] for f, blank in zip(printed, padding, strict=True) if blank]
    if after:
        pdf = blank_pages(task.job, after, printed_at=s.printed_at, library=_library, options=s.options)
        pieces.append(("blank", f"{task.stem}.blank.pdf", pdf, len(after)))
    return pieces


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
