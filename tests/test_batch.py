"""docgen batch: a schedule in, packets, a manifest and a duplex-safe print file out.

Real runs through the command line, real PDFs read back. Schedules are small and use --jobs 2.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import EPOCH, Pdf, Result, group_gone, manifest, one_line
from pypdf import PdfReader

SCHEDULES = Path(__file__).parent / "data" / "schedules"
DOCS = Path(__file__).parent.parent / "docs" / "batch.md"

#: The good rows of mixed.csv: line number → (MRN, name, date, time).
GOOD = {
    2: ("00123456", "Jane Doe", "2026-11-21", "10:30"),
    3: ("00200001", "Ana Example", "2026-11-21", "09:00"),
    9: ("00200006", "Flo Notime", "2026-11-21", None),
    10: ("00200007", "Gus Early", "2026-11-20", "15:00"),
}
#: Every name in mixed.csv, good rows or bad: none may appear in a manifest or a message.
NAMES = [
    "Jane Doe",
    "Ana Example",
    "Bob Baddate",
    "Cy Unknown",
    "Di Nomrn",
    "Ed Noside",
    "Flo Notime",
    "Gus Early",
    "Hal Extra",
]


def batch(run: Callable[..., Result], schedule: Path, out: Path, *extra: str) -> Result:
    return run("batch", str(schedule), "--out-dir", str(out), "--jobs", "2", *extra)


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.pdf"))}


def mrns_on(text: str, mrns: list[str]) -> set[str]:
    return {m for m in mrns if m in text}


# -- a mixed schedule ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Result, Path]:
    """mixed.csv rendered once (aftercare only: 3 pages, so every packet needs a blank page)."""
    from typer.testing import CliRunner

    from docgen.cli import app

    out = tmp_path_factory.mktemp("mixed")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    mp.chdir(out)
    try:
        args = [
            "batch",
            str(SCHEDULES / "mixed.csv"),
            "--out-dir",
            "packets",
            "--docs",
            "aftercare",
            "--jobs",
            "2",
            "--print-file",
            "day.pdf",
            "--separator",
        ]
        res = CliRunner().invoke(app, args, catch_exceptions=False)
    finally:
        mp.undo()
    return Result(res.exit_code, res.stdout_bytes, res.stderr), out


def test_bad_rows_fail_alone_and_are_named_by_row_and_field(mixed: tuple[Result, Path]) -> None:
    res, _ = mixed
    assert res.exit_code == 1
    lines = res.stderr.splitlines()
    expected = [
        "docgen: row 4: date: is not a real date; write the procedure date as YYYY-MM-DD, "
        "for example 2026-11-21 (MRN 00200002)",
        "docgen: row 6: procedure: is not a known procedure",
        "docgen: row 7: mrn: is required",
        "docgen: row 8: side: is required for si-joint-injection; use left, right or bilateral "
        "(MRN 00200005)",
        "docgen: row 11: has more values than the header has columns",
        "docgen: warning: column room is not a docgen field; it is ignored",
        "docgen: error: 5 of 9 rows failed",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in lines), (start, res.stderr)
    assert "Traceback" not in res.stderr
    for name in NAMES:
        assert name not in res.stderr


def test_manifest_lists_every_row_with_status_field_and_digest(mixed: tuple[Result, Path]) -> None:
    _, out = mixed
    rows = manifest(out / "packets")
    assert sorted(rows) == [2, 3, 4, 6, 7, 8, 9, 10, 11]  # line 5 is blank: not a row
    failures = {n: r["field"] for n, r in rows.items() if r["status"] == "failed"}
    assert failures == {4: "date", 6: "procedure", 7: "mrn", 8: "side", 11: ""}
    assert rows[4]["mrn"] == "00200002" and rows[7]["mrn"] == ""
    for number, (mrn, _, date, _) in GOOD.items():
        row = rows[number]
        assert row["status"] == "ok" and row["mrn"] == mrn
        assert row["files"] == f"{date}_{mrn}_si-joint-injection_aftercare.pdf"
        data = (out / "packets" / row["files"]).read_bytes()
        count = len(PdfReader(io.BytesIO(data)).pages)
        assert row["pages"] == str(count) and row["page_counts"] == f"aftercare={count}"
        assert row["sha256"] == hashlib.sha256(data).hexdigest()
    as_json = json.loads((out / "packets" / "manifest.json").read_text())
    assert [r["row"] for r in as_json["rows"]] == sorted(rows)
    assert as_json["summary"]["failed"] == 5 and as_json["summary"]["ok"] == 4
    total = sum(2 + n + n % 2 for n in (int(rows[number]["pages"]) for number in GOOD))
    assert as_json["summary"]["print_file"] == {"name": "day.pdf", "pages": total, "sheets": total // 2}
    assert any("column room" in w for w in as_json["warnings"])
    for path in ("manifest.csv", "manifest.json"):
        text = (out / "packets" / path).read_text()
        for name in NAMES:
            assert name not in text


def test_good_rows_files_carry_the_right_patient(mixed: tuple[Result, Path]) -> None:
    _, out = mixed
    files = sorted((out / "packets").glob("*.pdf"))
    assert len(files) == len(GOOD)
    for mrn, name, date, _ in GOOD.values():
        pages = Pdf((out / "packets" / f"{date}_{mrn}_si-joint-injection_aftercare.pdf").read_bytes()).pages
        assert len(pages) >= 3
        for page in pages:
            text = one_line(page)
            assert name in text and mrn in text
            assert not [other for other in NAMES if other != name and other in text]


def test_print_file_is_duplex_safe_and_in_appointment_order(mixed: tuple[Result, Path]) -> None:
    _, out = mixed
    pages = [one_line(t) for t in Pdf((out / "day.pdf").read_bytes()).pages]
    mrns = [mrn for mrn, *_ in GOOD.values()]
    # Appointment order: 11-20 15:00, then 11-21 09:00, 10:30, then the row without a time.
    order = ["00200007", "00200001", "00123456", "00200006"]
    starts = []
    for index, text in enumerate(pages):
        if "STAFF – REMOVE BEFORE HANDING TO PATIENT" in text and "Back of the separator" not in text:
            starts.append(index + 1)
    assert len(starts) == 4
    assert all(start % 2 == 1 for start in starts)  # every patient starts on a front page
    assert [next(iter(mrns_on(pages[s - 1], mrns))) for s in starts] == order
    for k in range(0, len(pages), 2):  # each sheet: pages 2k-1 and 2k
        on_sheet = mrns_on(pages[k], mrns) | mrns_on(pages[k + 1], mrns)
        assert len(on_sheet) <= 1, (k + 1, on_sheet)
    # Per patient: separator, empty back, the aftercare pages, a marked blank page if they are odd.
    ends = [*starts[1:], len(pages) + 1]
    for start, end in zip(starts, ends, strict=True):
        separator, back, *docs = pages[start - 1 : end - 1]
        own = len(docs)
        assert "MRN" in separator and f"{own} pages ({own // 2} sheets) for this patient follow" in separator
        assert "Back of the separator sheet" in back and not mrns_on(back, mrns)
        mrn = next(iter(mrns_on(separator, mrns)))
        name = next(n for m, n, *_ in GOOD.values() if m == mrn)
        if "This page is intentionally blank." in docs[-1]:
            blank = docs.pop()
            assert mrn in blank and name in blank and "Date of birth" in blank
            assert len(docs) % 2 == 1
        assert all("After your procedure" in d for d in docs)


def test_separator_barcode_decodes_to_the_mrn(mixed: tuple[Result, Path]) -> None:
    import zxingcpp

    _, out = mixed
    pdf = Pdf((out / "day.pdf").read_bytes())
    pages = [one_line(t) for t in pdf.pages]
    mrns = {mrn for mrn, *_ in GOOD.values()}
    for index, text in enumerate(pages):
        if "STAFF – REMOVE BEFORE HANDING TO PATIENT" in text and "Back of the separator" not in text:
            found = {r.text for r in zxingcpp.read_barcodes(pdf.image(index, scale=2))}
            assert found & mrns == mrns_on(text, list(mrns)), (index, found)


def test_no_partial_or_temporary_files_are_left(mixed: tuple[Result, Path]) -> None:
    _, out = mixed
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]


# -- the three formats -----------------------------------------------------------------------------


@pytest.mark.usefixtures("no_audit")
def test_csv_json_and_jsonl_give_the_same_files(run: Callable[..., Result], tmp_path: Path) -> None:
    res = batch(run, SCHEDULES / "good.json", tmp_path / "json", "--docs", "consent")
    assert res.exit_code == 1  # element 5 is not a visit
    assert "docgen: row 5: must be one visit in braces" in res.stderr
    rows = manifest(tmp_path / "json")
    assert [rows[n]["status"] for n in sorted(rows)] == ["ok", "ok", "ok", "failed"]  # {} is blank
    pdf = Pdf((tmp_path / "json" / "2026-11-22_00200012_si-joint-injection_consent.pdf").read_bytes())
    assert "O'Brien & <Sons>" in one_line(pdf.pages[0])

    res = batch(run, SCHEDULES / "mixed.jsonl", tmp_path / "jsonl", "--docs", "consent")
    assert res.exit_code == 1
    rows = manifest(tmp_path / "jsonl")
    assert {n: (r["status"], r["field"]) for n, r in rows.items()} == {
        1: ("ok", ""),
        2: ("ok", ""),
        4: ("failed", "diabetis"),  # a misspelt field is refused, not ignored
        5: ("failed", ""),  # not valid JSON
        6: ("failed", ""),  # not an object
        7: ("failed", "mrn"),  # a number: leading zeros would be lost
    }
    assert "row 4: diabetis: is not a known field; did you mean diabetes? (MRN 00200009)" in res.stderr
    assert "warning: column room is not a docgen field" in res.stderr

    batch(run, SCHEDULES / "mixed.csv", tmp_path / "csv", "--docs", "consent")
    # One row, one set of bytes, whatever the schedule's format.
    csv_, jsonl, json_ = (digests(tmp_path / f) for f in ("csv", "jsonl", "json"))
    jane, ana = (f"2026-11-21_{mrn}_si-joint-injection_consent.pdf" for mrn in ("00123456", "00200001"))
    assert csv_[jane] == jsonl[jane] == json_[jane]
    assert csv_[ana] == jsonl[ana] != json_[ana]  # the JSON row adds diabetes and IV sedation


def test_a_broken_json_file_keeps_the_rows_before_the_break(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    res = batch(run, SCHEDULES / "truncated.json", tmp_path, "--docs", "diary")
    assert res.exit_code == 1
    assert "truncated.json is not valid JSON after visit 1" in res.stderr
    assert manifest(tmp_path)[1]["status"] == "ok"
    assert (tmp_path / "2026-11-21_00123456_si-joint-injection_diary.pdf").exists()


# -- rerun, force, resume after SIGKILL -------------------------------------------------------------


@pytest.mark.usefixtures("no_audit")
def test_rerun_skips_finished_rows_and_force_redoes_them(run: Callable[..., Result], tmp_path: Path) -> None:
    schedule = SCHEDULES / "day.csv"
    assert batch(run, schedule, tmp_path, "--docs", "diary").exit_code == 0
    first = digests(tmp_path)
    stamps = {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("*.pdf")}
    res = batch(run, schedule, tmp_path, "--docs", "diary")
    assert res.exit_code == 0
    assert {r["status"] for r in manifest(tmp_path).values()} == {"skipped-unchanged"}
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.glob("*.pdf")} == stamps  # not rewritten
    # A file changed on disk is no longer "unchanged": that row alone is rendered again.
    damaged = tmp_path / "2026-11-21_00200001_si-joint-injection_diary.pdf"
    damaged.write_bytes(b"%PDF-damaged")
    batch(run, schedule, tmp_path, "--docs", "diary")
    statuses = {r["mrn"]: r["status"] for r in manifest(tmp_path).values()}
    assert statuses == {"00123456": "skipped-unchanged", "00200001": "ok", "00200013": "skipped-unchanged"}
    assert digests(tmp_path) == first
    assert batch(run, schedule, tmp_path, "--docs", "diary", "--force").exit_code == 0
    assert {r["status"] for r in manifest(tmp_path).values()} == {"ok"}
    assert digests(tmp_path) == first


def _long_schedule(path: Path, rows: int) -> None:
    lines = ["name,dob,mrn,procedure,side,date,time"]
    for i in range(rows):
        side = ("left", "right", "bilateral")[i % 3]
        when = f"2026-11-{21 + i % 3},{8 + i % 9:02d}:{i % 4 * 15:02d}"
        lines.append(
            f"Test Patient {i},1960-01-{i % 28 + 1:02d},{30000000 + i},si-joint-injection,{side},{when}"
        )
    path.write_text("\n".join(lines) + "\n")


def test_killed_run_leaves_whole_files_and_resumes_to_the_same_bytes(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    schedule = tmp_path / "week.csv"
    _long_schedule(schedule, 10)
    # Both runs, in this process and in the one killed, read this clinic's settings from the folder
    # they run in: auditing off, so that the same rows give the same bytes (no new document IDs).
    (tmp_path / "docgen.toml").write_text(
        '[clinic]\nname = "Riverside Spine Center"\nday_phone = "(800) 555-0142"\n'
        'after_hours_phone = "(800) 555-0199"\n\n[audit]\nenabled = false\n',
        encoding="utf-8",
    )

    def args(out: Path) -> list[str]:
        return [
            "batch",
            str(schedule),
            "--jobs",
            "2",
            "--docs",
            "consent",
            "--out-dir",
            str(out),
            "--print-file",
            str(out / "print.pdf"),
            "--separator",
        ]

    whole, killed = tmp_path / "whole", tmp_path / "killed"
    assert run(*args(whole)).exit_code == 0
    pages = {r["files"]: int(r["pages"]) for r in manifest(whole).values()}

    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    command = [sys.executable, "-m", "docgen", *args(killed)]
    proc = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        journal = killed / ".docgen" / "journal.jsonl"
        while _lines(journal) < 3 and time.monotonic() < deadline:  # three rows finished
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)  # the main process only, as the out-of-memory killer would
        proc.wait(timeout=10)
        deadline = time.monotonic() + 10  # its pool processes go with it rather than linger
        while not group_gone(proc.pid):
            if time.monotonic() > deadline:
                pytest.fail("pool processes outlived the killed batch")
            time.sleep(0.05)
    finally:
        if not group_gone(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
    written = sorted(killed.glob("*.pdf"))
    assert 3 <= len(written) < 10, "kill the run part way"
    # No partial file, not even a hidden one, outside docgen's own working folder; every PDF whole.
    assert not [p for p in killed.iterdir() if p.name.endswith(".part")]
    for path in written:
        assert len(PdfReader(io.BytesIO(path.read_bytes())).pages) == pages[path.name]
    assert not (killed / "manifest.csv").exists() and not (killed / "print.pdf").exists()

    assert run(*args(killed)).exit_code == 0
    statuses = [r["status"] for r in manifest(killed).values()]
    # Rows journaled before the kill are skipped; the few in flight are rendered again, same bytes.
    assert statuses.count("skipped-unchanged") >= 3 and statuses.count("ok") >= 1
    assert statuses.count("skipped-unchanged") + statuses.count("ok") == 10
    assert digests(killed) == digests(whole)  # the packets and the print file
    assert not [p for p in killed.rglob("*") if p.name.endswith(".part")]
    resumed_manifest = (killed / "manifest.csv").read_text().replace("skipped-unchanged", "ok")
    assert resumed_manifest == (whole / "manifest.csv").read_text()


def test_a_killed_pool_process_costs_no_row(run: Callable[..., Result], tmp_path: Path) -> None:
    """The out-of-memory killer takes a pool process mid-row: its rows run again in a fresh one."""
    import psutil

    schedule = tmp_path / "week.csv"
    _long_schedule(schedule, 8)
    out = tmp_path / "out"
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    command = [sys.executable, "-m", "docgen", "batch", str(schedule), "--jobs", "2", "--out-dir", str(out)]
    proc = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        victim = None
        while victim is None and time.monotonic() < deadline:
            # Pool processes are the grandchildren: main -> process server -> pool process.
            workers = [p for c in psutil.Process(proc.pid).children() for p in c.children()]
            if workers and _lines(out / ".docgen" / "journal.jsonl") >= 1:
                victim = workers[0]
            time.sleep(0.01)
        assert victim is not None, "the pool never started"
        victim.kill()
        _, stderr = proc.communicate(timeout=120)
    finally:
        if not group_gone(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0, stderr
    rows = manifest(out)
    assert len(rows) == 8 and {r["status"] for r in rows.values()} == {"ok"}
    for row in rows.values():
        assert hashlib.sha256((out / row["files"]).read_bytes()).hexdigest() == row["sha256"]


def _lines(path: Path) -> int:
    try:
        return path.read_text().count("\n")
    except FileNotFoundError:
        return 0


# -- names, split, duplicates -------------------------------------------------------------------------


def test_split_writes_one_file_per_document(run: Callable[..., Result], tmp_path: Path) -> None:
    res = batch(run, SCHEDULES / "day.csv", tmp_path, "--split", "--docs", "diary,info")
    assert res.exit_code == 0, res.stderr
    row = manifest(tmp_path)[2]
    assert row["files"] == (
        "2026-11-21_00123456_si-joint-injection_info.pdf 2026-11-21_00123456_si-joint-injection_diary.pdf"
    )
    counts = dict(part.split("=") for part in row["page_counts"].split())
    for name, kind in zip(row["files"].split(), ("info", "diary"), strict=True):
        assert len(Pdf((tmp_path / name).read_bytes()).pages) == int(counts[kind])


def test_same_patient_twice_on_one_day_never_overwrites(run: Callable[..., Result], tmp_path: Path) -> None:
    schedule = tmp_path / "twice.csv"
    text = (SCHEDULES / "day.csv").read_text().splitlines()
    schedule.write_text("\n".join([*text[:2], text[1].replace(",left,", ",right,")]) + "\n")
    res = batch(run, schedule, tmp_path / "out", "--docs", "diary")
    assert res.exit_code == 0, res.stderr
    assert "row 3 has the same date, MRN and procedure as row 2" in res.stderr
    first, second = (
        tmp_path / "out" / f"2026-11-21_00123456_si-joint-injection{s}_diary.pdf" for s in ("", "_2")
    )
    assert "LEFT side" in Pdf(first.read_bytes()).text and "RIGHT side" in Pdf(second.read_bytes()).text


def test_a_template_fault_refuses_the_run_before_the_first_row(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    from docgen.resources import templates_dir

    # A clinic folder with a second procedure whose diary uses a placeholder that does not exist.
    source = templates_dir() / "procedures" / "si-joint-injection"
    target = tmp_path / "clinic" / "procedures" / "si-joint-broken"
    (target / "en").mkdir(parents=True)
    (target / "procedure.yaml").write_text(
        (source / "procedure.yaml").read_text().replace("id: si-joint-injection", "id: si-joint-broken")
    )
    for template in (source / "en").iterdir():
        (target / "en" / template.name).write_text(template.read_text())
    (target / "en" / "diary.md.j2").write_text("# Diary\n\n{{ patient.nickname }}\n")
    schedule = tmp_path / "s.csv"
    text = (SCHEDULES / "day.csv").read_text().splitlines()
    schedule.write_text(
        "\n".join([text[0], text[1], text[2].replace("si-joint-injection", "si-joint-broken")])
    )
    res = batch(run, schedule, tmp_path / "out", "--docs", "diary", "--templates", str(tmp_path / "clinic"))
    # Even the row that uses good wording is not printed: the set is checked (docgen/checks/gate.py).
    assert res.exit_code == 1 and not (tmp_path / "out").exists()
    assert res.stderr.startswith(
        "docgen: error: clinic/procedures/si-joint-broken/en/diary.md.j2: line 3: 'patient.nickname' is "
        "not a placeholder"
    ), res.stderr
    assert res.stderr.count("\n") == 1


# -- usage -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "suffix", "extra", "expected"),
    [
        ("", ".csv", (), "has no header"),
        ("name,mrn,mrn\n", ".csv", (), "the column mrn appears twice"),
        ("{}", ".json", (), "must hold a JSON array of visits"),
        ("", ".txt", (), "use a .csv, .json (an array of visits) or .jsonl"),
        ("name\n", ".csv", ("--separator",), "--separator: needs --print-file"),
        ("name\n", ".csv", ("--docs", "info,receipt"), "--docs: receipt is not a document"),
    ],
)
def test_usage_errors_are_one_line_and_write_nothing(
    content: str,
    suffix: str,
    extra: tuple[str, ...],
    expected: str,
    run: Callable[..., Result],
    tmp_path: Path,
) -> None:
    schedule = tmp_path / f"schedule{suffix}"
    schedule.write_text(content)
    res = batch(run, schedule, tmp_path / "out", *extra)
    assert res.exit_code == 1
    assert res.stderr.count("\n") == 1 and res.stderr.startswith("docgen: error: ")
    assert expected in res.stderr
    assert not (tmp_path / "out").exists()


def test_a_bad_choice_is_a_usage_error(run: Callable[..., Result], tmp_path: Path) -> None:
    schedule = tmp_path / "schedule.csv"
    schedule.write_text("name\n")
    res = batch(run, schedule, tmp_path / "out", "--paper", "legal")
    assert res.exit_code == 2 and res.stderr == "docgen: error: --paper: use letter or a4\n"
    assert not (tmp_path / "out").exists()


def test_help_has_an_example(run: Callable[..., Result]) -> None:
    res = run("batch", "--help")
    assert res.exit_code == 0 and "Example" in res.stdout.decode()


def test_documented_schedule_example_runs(run: Callable[..., Result], tmp_path: Path) -> None:
    text = DOCS.read_text()
    block = re.search(r"```csv\n(.*?)```", text, re.S)
    assert block is not None
    assert block.group(1) == (SCHEDULES / "day.csv").read_text()  # the docs show the tested file
    res = run(
        "batch",
        str(SCHEDULES / "day.csv"),
        "--out-dir",
        str(tmp_path / "packets"),
        "--jobs",
        "2",
        "--print-file",
        str(tmp_path / "print.pdf"),
        "--separator",
    )
    assert res.exit_code == 0, res.stderr
    names = sorted(p.name for p in (tmp_path / "packets").glob("*.pdf"))
    assert names[0] == "2026-11-21_00123456_si-joint-injection_packet.pdf"
    assert "2026-11-21_00123456_si-joint-injection_packet.pdf" in text
    pages = [int(r["pages"]) for r in manifest(tmp_path / "packets").values()]
    printed = PdfReader(tmp_path / "print.pdf").pages
    assert len(printed) == sum(2 + n + n % 2 for n in pages)
