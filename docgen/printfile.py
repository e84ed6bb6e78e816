"""The print file: every packet of a run in appointment order, ready for a duplex printer.

Each patient starts on the front of a new sheet: a packet with an odd number of pages ends with an
intentionally blank page that still carries the patient's identifiers, and an optional separator
sheet (front: MRN and barcode; back: empty) comes before each patient. Pages are merged from the
files on disk, in groups, so that only a group's files are open at once.
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

#: Patients merged per intermediate file; bounds open files and memory for long schedules.
GROUP = 200


@dataclass(frozen=True)
class Patient:
    """One row's pages in the print file, and where it sorts."""

    row: int
    date: dt.date
    time: dt.time | None
    files: tuple[Path, ...]
    pages: int
    separator: Path | None = None
    blank: Path | None = None

    @property
    def order(self) -> tuple[dt.date, bool, dt.time, int]:
        """Appointment date and time; rows without a time last on their day; then schedule order."""
        return (self.date, self.time is None, self.time or dt.time.min, self.row)

    @property
    def sheets(self) -> int:
        pages = self.pages + (1 if self.blank else 0) + (2 if self.separator else 0)
        return pages // 2


@dataclass(frozen=True)
class Printed:
    path: Path
    patients: int
    pages: int

    @property
    def sheets(self) -> int:
        return self.pages // 2


def write_print_file(patients: Sequence[Patient], target: Path, work_dir: Path) -> Printed:
    """Merge the patients' pages, in appointment order, into ``target`` (written atomically)."""
    import pikepdf

    ordered = sorted(patients, key=lambda p: p.order)
    if len(ordered) <= GROUP:
        pages = _merge_patients(ordered, target, work_dir)
        return Printed(target, len(ordered), pages)
    parts: list[Path] = []
    try:
        for start in range(0, len(ordered), GROUP):
            part = work_dir / f"print-part-{start // GROUP:05d}.pdf"
            _merge_patients(ordered[start : start + GROUP], part, None)
            parts.append(part)
        with contextlib.ExitStack() as stack:
            out = pikepdf.new()
            for part in parts:
                out.pages.extend(stack.enter_context(pikepdf.open(part)).pages)
            pages = len(out.pages)
            _save(out, target, work_dir)
    finally:
        for part in parts:
            with contextlib.suppress(OSError):
                part.unlink()
    return Printed(target, len(ordered), pages)


def _merge_patients(patients: Sequence[Patient], target: Path, work_dir: Path | None) -> int:
    """Merge into ``target``: atomically (via ``work_dir``) or, for a group, straight there."""
    import pikepdf

    with contextlib.ExitStack() as stack:
        out = pikepdf.new()

        def add(path: Path) -> int:
            src = stack.enter_context(pikepdf.open(path))
            out.pages.extend(src.pages)
            return len(src.pages)

        for patient in patients:
            if len(out.pages) % 2:  # never two patients on one sheet
                raise OutputError(
                    f"row {patient.row} would start on the back of a sheet; rerun with --force",
                    field="--print-file",
                )
            if patient.separator is not None:
                add(patient.separator)
                box = out.pages[-1].mediabox
                out.add_blank_page(page_size=(float(box[2]), float(box[3])))
            pages = sum(add(path) for path in patient.files)
            if pages != patient.pages:
                raise OutputError(
                    f"row {patient.row}: its files changed during the run; rerun with --force",
                    field="--print-file",
                )
            if patient.blank is not None:
                add(patient.blank)
        if len(out.pages) % 2:
            raise OutputError("the print file would end half-way through a sheet", field="--print-file")
        count = len(out.pages)
        if work_dir is not None:
            _save(out, target, work_dir)
        else:
            out.save(target, deterministic_id=True)
    return count


def _save(pdf: pikepdf.Pdf, target: Path, work_dir: Path) -> None:
    """Save in ``work_dir`` (or beside the target when that is another file system), flush to disk,
    then rename: whole or not at all."""
    folder = target.parent if str(target.parent) else Path(".")
    if os.stat(folder).st_dev == os.stat(work_dir).st_dev:
        folder = work_dir
    write_atomic(
        target, lambda handle: pdf.save(handle, deterministic_id=True), field="--print-file", staging=folder
    )
