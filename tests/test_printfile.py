"""The print file's merge, called directly on real files from a small batch run.

`docgen batch` renders day.csv once (three fictional patients, aftercare only: four pages for two of
them, three for the third, whose packet gets the marked blank page; with separator sheets, front and
marked back) and the patients it hands to the merge are kept. The tests merge those files again,
read the result back with pikepdf and pypdf, and compare it with the batch's own print file and with
a reference merge.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pikepdf
import pytest
from helpers import EPOCH, one_line
from pypdf import PdfReader

import docgen.batch.finish
import docgen.batch.printfile
from docgen.batch.printfile import Patient, Printed, write_print_file
from docgen.errors import OutputError

SCHEDULE = Path(__file__).parent / "data" / "schedules" / "day.csv"
#: day.csv: MRN by appointment time (09:00, 10:30, 13:45).
ORDER = ["00200001", "00123456", "00200013"]
MRN = {3: "00200001", 2: "00123456", 4: "00200013"}  # by row


@dataclasses.dataclass
class Day:
    patients: list[Patient]  # as the batch passed them to the merge
    printed: bytes  # the batch's own print file


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> Day:
    from typer.testing import CliRunner

    from docgen.cli import app

    out = tmp_path_factory.mktemp("printfile")
    kept: list[Patient] = []
    merge = docgen.batch.printfile.write_print_file

    saved = out / "kept"
    saved.mkdir()

    def copy(path: Path | None) -> Path | None:
        # The batch clears its hidden per-patient pages at the end of the run: keep copies.
        return None if path is None else Path(shutil.copy(path, saved / path.name))

    def keep(patients: Sequence[Patient], target: Path, work_dir: Path) -> Printed:
        kept.extend(
            dataclasses.replace(p, separator=copy(p.separator), blank=copy(p.blank)) for p in patients
        )
        return merge(patients, target, work_dir)

    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    mp.setattr(docgen.batch.finish, "write_print_file", keep)
    try:
        args = ["batch", str(SCHEDULE), "--out-dir", str(out / "packets"), "--docs", "aftercare"]
        args += ["--jobs", "2", "--print-file", str(out / "day.pdf"), "--separator"]
        res = CliRunner().invoke(app, args, catch_exceptions=False)
    finally:
        mp.undo()
    assert res.exit_code == 0, res.stderr
    assert len(kept) == 3 and all(p.separator for p in kept)
    # A packet with an odd number of pages gets a blank; at least one aftercare sheet here is odd.
    assert all((p.pages[0] % 2 == 1) == (p.blank is not None) for p in kept)
    assert any(p.blank is not None for p in kept)
    return Day(kept, (out / "day.pdf").read_bytes())


@pytest.fixture
def work(tmp_path: Path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def _size(patient: Patient) -> int:
    """A patient's pages in the print file: the separator sheet, the files, a blank after an odd one."""
    return 2 + sum(n + n % 2 for n in patient.pages)


def contents(page: pikepdf.Page) -> bytes:
    """A page's content stream(s), decoded: what it draws."""
    stream = page.obj.get("/Contents")
    if stream is None:
        return b""
    parts = stream if isinstance(stream, pikepdf.Array) else [stream]
    return b"".join(part.read_bytes() for part in parts)


def in_order(patient: Patient) -> list[tuple[Path, int | None]]:
    """A patient's files in print order, as (path, page): the separator, then each file, each
    followed by the next page of the blank-pages file when its page count is odd."""
    out: list[tuple[Path, int | None]] = [(patient.separator, None)] if patient.separator else []
    blanks = 0
    for path, count in zip(patient.files, patient.pages, strict=True):
        out.append((path, None))
        if count % 2:
            assert patient.blank is not None
            out.append((patient.blank, blanks))
            blanks += 1
    return out


def expected_pages(patients: Sequence[Patient]) -> tuple[list[bytes], list[int]]:
    """What the print file must hold, built from the files themselves: every page's content, in
    appointment order, and the index of each patient's first page."""
    pages: list[bytes] = []
    starts: list[int] = []
    timed = sorted(patients, key=lambda p: (p.date, p.time is None, p.time or dt.time.min, p.row))
    for patient in timed:
        starts.append(len(pages))
        for path, index in in_order(patient):
            with pikepdf.open(path) as pdf:
                chosen = pdf.pages if index is None else [pdf.pages[index]]
                pages += [contents(page) for page in chosen]
    return pages, starts


def reference_merge(patients: Sequence[Patient], target: Path) -> None:
    """The simplest merge: every file open at once, all pages in one Pdf, saved in one go."""
    ordered = sorted(patients, key=lambda p: p.order)
    with pikepdf.new() as out:
        sources = []
        for patient in ordered:
            for path, index in in_order(patient):
                sources.append(pikepdf.open(path))
                pages = sources[-1].pages
                out.pages.extend(pages if index is None else [pages[index]])
        out.save(target, deterministic_id=True)
        for source in sources:
            source.close()


def long_day(patients: Sequence[Patient], count: int) -> list[Patient]:
    """``count`` patients over two days, reusing the rendered files; some rows have no time."""
    out = []
    for i in range(count):
        base = patients[i % len(patients)]
        time = None if i % 7 == 0 else dt.time(8 + i % 9, i % 4 * 15)
        out.append(dataclasses.replace(base, row=i + 2, date=dt.date(2026, 11, 21 + i % 2), time=time))
    return out


def test_merge_gives_the_batch_print_file_in_any_input_order(day: Day, tmp_path: Path, work: Path) -> None:
    for patients in (day.patients, day.patients[::-1]):
        target = tmp_path / "day.pdf"
        printed = write_print_file(patients, target, work)
        assert target.read_bytes() == day.printed  # deterministic: same files, same bytes
        total = sum(_size(p) for p in patients)  # each: separator sheet + aftercare (+ a blank)
        assert (printed.patients, printed.pages, printed.sheets) == (3, total, total // 2)
        assert list(work.iterdir()) == []


def test_pages_in_appointment_order_and_each_patient_starts_a_sheet(day: Day) -> None:
    pages, starts = expected_pages(day.patients)
    with pikepdf.open(io.BytesIO(day.printed)) as pdf:
        assert [contents(page) for page in pdf.pages] == pages
    ordered = sorted(day.patients, key=lambda p: p.order)
    assert starts == [sum(_size(p) for p in ordered[:k]) for k in range(3)]
    assert all(start % 2 == 0 for start in starts)  # page start + 1 is odd: the front of a sheet
    text = [one_line(page.extract_text() or "") for page in PdfReader(io.BytesIO(day.printed)).pages]
    assert [MRN[p.row] for p in ordered] == ORDER
    for start, patient in zip(starts, ordered, strict=True):
        mrn = MRN[patient.row]
        assert "STAFF – REMOVE BEFORE HANDING TO PATIENT" in text[start] and mrn in text[start]
        assert "Back of the separator sheet" in text[start + 1]  # its back, marked as the separator's
        assert mrn not in text[start + 1]
        own = text[start + 2 : start + _size(patient)]  # the aftercare pages and the blank
        assert all(mrn in page for page in own) and not any(m in p for m in ORDER if m != mrn for p in own)
        if patient.blank:
            assert "This page is intentionally blank." in own[-1]


def test_a_long_schedule_merges_as_one_pdf_holding_every_file_would(
    day: Day, tmp_path: Path, work: Path
) -> None:
    """250 patients: more than the 200 at which docgen used to merge through intermediate files."""
    patients = long_day(day.patients, 250)
    printed = write_print_file(patients[::-1], tmp_path / "long.pdf", work)
    reference_merge(patients, tmp_path / "reference.pdf")
    assert (tmp_path / "long.pdf").read_bytes() == (tmp_path / "reference.pdf").read_bytes()
    assert list(work.iterdir()) == []

    pages, starts = expected_pages(patients)
    assert printed.pages == len(pages) == sum(_size(p) for p in patients)
    assert all(start % 2 == 0 for start in starts)
    with pikepdf.open(tmp_path / "long.pdf") as pdf:
        got = [contents(page) for page in pdf.pages]
    assert got == pages


def _one_more_page(patients: list[Patient]) -> list[Patient]:
    return [dataclasses.replace(patients[0], pages=(patients[0].pages[0] + 1,)), *patients[1:]]


def _odd_packet(patients: list[Patient], at: dt.time) -> list[Patient]:
    """The three-page packet without its blank page, moved to ``at``."""
    odd = next(p for p in patients if p.blank)
    return [*(p for p in patients if p is not odd), dataclasses.replace(odd, blank=None, time=at)]


def _odd_packet_first(patients: list[Patient]) -> list[Patient]:
    return _odd_packet(patients, dt.time(7, 0))


def _odd_packet_last(patients: list[Patient]) -> list[Patient]:
    return _odd_packet(patients, dt.time(18, 0))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_one_more_page, "its files changed during the run; rerun with --force"),
        (_odd_packet_first, "would start on the back of a sheet; rerun with --force"),
        (_odd_packet_last, "the print file would end half-way through a sheet"),
    ],
)
def test_a_print_file_that_breaks_the_rules_is_not_written(
    day: Day,
    tmp_path: Path,
    work: Path,
    change: Callable[[list[Patient]], list[Patient]],
    message: str,
) -> None:
    target = tmp_path / "day.pdf"
    target.write_bytes(b"yesterday's print file")
    with pytest.raises(OutputError, match=message) as err:
        write_print_file(change(list(day.patients)), target, work)
    assert err.value.field == "--print-file"
    assert target.read_bytes() == b"yesterday's print file"
    assert list(work.iterdir()) == []


def test_a_failed_write_leaves_no_temporary_file(day: Day, tmp_path: Path, work: Path) -> None:
    target = tmp_path / "gone" / "day.pdf"  # its folder is missing: the rename at the end fails
    with pytest.raises(OutputError, match=r"cannot write") as err:
        write_print_file(day.patients, target, work)
    assert err.value.field == "--print-file"
    assert list(work.iterdir()) == [] and not target.parent.exists()
