"""The print file: every packet of a run in appointment order, ready for a duplex printer.

Each patient starts on the front of a new sheet, and so does each document: a file with an odd
number of pages is followed by an intentionally blank page that still carries the patient's
identifiers (inside a packet file the layout has already done this between documents). An optional
separator sheet (front: for staff, the patient's identifiers, the barcode and what follows; back:
marked as the separator's) comes before each patient. For one-sided printing none of this padding
is added, and the separator sheet has no back.

Pages are merged from the files on disk in one pass, one file open at a time: pikepdf copies a
file's pages, stream data included, into the print file, so each file is closed as soon as its pages
are copied. The print file itself is held in memory until it is written (qpdf, under pikepdf, writes
a PDF only whole), so the merge's memory grows with the number of patients: about 0.3 MiB each for a
three- or four-page packet with a separator sheet (docs/batch.md, "Speed and memory"; measured by
benchmarks/printfile.py). Merging groups into intermediate files first does not help: the final
merge holds every page again, and more (the grouped merge docgen had before peaked at 1.1 GiB for
2,000 patients, this one at 0.7 GiB).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.errors import OutputError
from docgen.output import write_atomic

if TYPE_CHECKING:
    import pikepdf


def blank_after(pages: Sequence[int], *, duplex: bool) -> list[bool]:
    """Whether a blank page follows each of a patient's files, given each file's page count, so
    that the next file (or the next patient) starts on the front of a sheet. The one rule for the
    pages made for a row, its separator's counts and the merge."""
    return [duplex and n % 2 == 1 for n in pages]


@dataclass(frozen=True)
class Patient:
    """One row's pages in the print file, and where it sorts."""

    row: int
    date: dt.date
    time: dt.time | None
    files: tuple[Path, ...]
    #: The page count of each file, as rendered.
    pages: tuple[int, ...]
    #: The separator sheet: one page, or two (its back) for two-sided printing.
    separator: Path | None = None
    #: One blank page for each file :func:`blank_after` pads, in order.
    blank: Path | None = None
    duplex: bool = True

    @property
    def order(self) -> tuple[dt.date, bool, dt.time, int]:
        """Appointment date and time; rows without a time last on their day; then schedule order."""
        return (self.date, self.time is None, self.time or dt.time.min, self.row)


@dataclass(frozen=True)
class Printed:
    path: Path
    patients: int
    pages: int
    duplex: bool = True

    @property
    def sheets(self) -> int:
        return self.pages // 2 if self.duplex else self.pages


def write_print_file(patients: Sequence[Patient], target: Path, work_dir: Path) -> Printed:
    """Merge the patients' pages, in appointment order, into ``target`` (written atomically, staged
    in ``work_dir``)."""
    import pikepdf

    ordered = sorted(patients, key=lambda p: p.order)
    duplex = all(p.duplex for p in ordered)
    out = pikepdf.new()
    pages: list[pikepdf.Object] = []
    for patient in ordered:
        _add_patient(out, pages, patient)
    if duplex and len(pages) % 2:
        raise OutputError("the print file would end half-way through a sheet", field="--print-file")
    # The page tree is built once, at the end: each append through pikepdf's page list takes time in
    # proportion to the pages already there, so appending page by page takes time growing with the
    # square of the page count (minutes for thousands of patients).
    tree = out.Root.Pages
    for page in pages:
        page.Parent = tree
    tree.Kids = pikepdf.Array(pages)
    tree.Count = len(pages)
    _save(out, target, work_dir)
    return Printed(target, len(ordered), len(pages), duplex)


def _add_patient(out: pikepdf.Pdf, pages: list[pikepdf.Object], patient: Patient) -> None:
    """Add one patient's pages to ``pages``: the separator sheet, then each file followed by its
    blank page if it needs one."""

    def half_way(what: str) -> OutputError:
        return OutputError(
            f"row {patient.row}: {what} would start on the back of a sheet; rerun with --force",
            field="--print-file",
        )

    if patient.duplex and len(pages) % 2:  # never two patients on one sheet
        raise half_way("the patient")
    if patient.separator is not None:
        pages += _copy(out, patient.separator)
    padding = blank_after(patient.pages, duplex=patient.duplex)
    blanks = _copy(out, patient.blank) if patient.blank is not None else []
    for path, count, blank in zip(patient.files, patient.pages, padding, strict=True):
        if patient.duplex and len(pages) % 2:  # never two documents on one sheet
            raise half_way("a document")
        copied = _copy(out, path)
        if len(copied) != count:
            raise OutputError(
                f"row {patient.row}: its files changed during the run; rerun with --force",
                field="--print-file",
            )
        pages += copied
        if blank and blanks:  # one missing: the next document or patient would start on a back
            pages.append(blanks.pop(0))


def _copy(out: pikepdf.Pdf, path: Path) -> list[pikepdf.Object]:
    """The pages of the PDF at ``path``, copied into ``out`` (not yet into its page tree: a
    documented use of qpdf's copyForeignObject).

    pikepdf opens every file with qpdf's immediate copy on: a copied page takes its stream data
    along and keeps nothing of the source, which is closed, its parsed objects freed, before the
    next file is opened."""
    import pikepdf

    with pikepdf.open(path) as src:
        return [out.copy_foreign(page.obj) for page in src.pages]


def _save(pdf: pikepdf.Pdf, target: Path, work_dir: Path) -> None:
    """Save in ``work_dir`` (or beside the target when that is another file system), flush to disk,
    then rename: whole or not at all.

    qpdf first writes the PDF into memory: a write that fails inside qpdf (a full disk, even when
    qpdf writes the file by its own path) aborts the whole process instead of raising an error.
    The bytes then go to disk through docgen's own writer, which reports such a failure in one line.
    """
    import io

    folder = target.parent if str(target.parent) else Path(".")
    with contextlib.suppress(OSError):  # a missing folder: the write below says so, in one line
        if os.stat(folder).st_dev == os.stat(work_dir).st_dev:
            folder = work_dir
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True)
    write_atomic(target, buffer.getvalue(), field="--print-file", staging=folder)
