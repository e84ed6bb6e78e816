"""A schedule row that kills its pool process every time fails alone; the batch goes on.

Nothing is mocked: the real command runs in a subprocess whose ``PYTHONPATH`` starts with a folder
holding a ``sitecustomize.py``. Python imports it at start-up in every process of the run: the main
process, the multiprocessing process server and (forked from that server, or spawned) every pool
process. It wraps ``docgen.batch.worker.work`` so that, in a pool process, the row with one fictional MRN
notes its process id in a file and sends that process SIGKILL, as the out-of-memory killer would.
That file shows the fault really was injected in the pool processes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import EPOCH, Pdf, group_gone, manifest, one_line

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

#: The schedule: line number → (fictional name, MRN). Line 4, in the middle, kills its process.
ROWS = {
    2: ("Test Crashfree-One", "00300002"),
    3: ("Test Crashfree-Two", "00300003"),
    4: ("Test Crasher", "00300004"),
    5: ("Test Crashfree-Four", "00300005"),
    6: ("Test Crashfree-Five", "00300006"),
    7: ("Test Crashfree-Six", "00300007"),
}
CRASH_ROW = 4
CRASH_MRN = ROWS[CRASH_ROW][1]
FILE = "2026-11-21_{mrn}_si-joint-injection_aftercare.pdf"

SITECUSTOMIZE = '''
"""Test fault injection (tests/test_crash.py): a pool process rendering MRN {mrn} is killed."""
import functools
import multiprocessing
import os
import signal

import docgen.batch.worker

_work = docgen.batch.worker.work


@functools.wraps(_work)  # same module and name: pickled by reference as docgen.batch.worker.work
def work(task):
    if task.job.visit.mrn == {mrn!r} and multiprocessing.parent_process() is not None:
        with open({kills!r}, "a") as handle:
            handle.write(f"{{os.getpid()}}\\n")
        os.kill(os.getpid(), signal.SIGKILL)
    return _work(task)


docgen.batch.worker.work = work
'''


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    #: The process group (main process, process server, pool processes) was gone after the run.
    group_gone: bool


def write_schedule(path: Path) -> None:
    lines = ["name,dob,mrn,procedure,side,date,time"]
    for line, (name, mrn) in ROWS.items():
        lines.append(f"{name},1960-01-{line:02d},{mrn},si-joint-injection,left,2026-11-21,{line + 6:02d}:00")
    path.write_text("\n".join(lines) + "\n")


def docgen_batch(schedule: Path, out: Path, *, inject: Path | None = None, jobs: int = 2) -> Run:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    if inject is not None:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(inject), env.get("PYTHONPATH")) if p)
    command = [sys.executable, "-m", "docgen", "batch", str(schedule), "--out-dir", str(out)]
    command += ["--jobs", str(jobs), "--docs", "aftercare"]
    proc = subprocess.Popen(
        command,
        cwd=schedule.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = proc.communicate(timeout=60)
        deadline = time.monotonic() + 10  # the process server and pool processes exit with it
        while not (gone := group_gone(proc.pid)) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        if not group_gone(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
    return Run(proc.returncode, stdout, stderr, gone)


@pytest.fixture(scope="module")
def crashed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, Path, list[int]]:
    """The schedule run once with the crash injected: the run, its output folder, the kills."""
    base = tmp_path_factory.mktemp("crash")
    inject, kills = base / "inject", base / "kills.txt"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(SITECUSTOMIZE.format(mrn=CRASH_MRN, kills=str(kills)))
    write_schedule(base / "schedule.csv")
    res = docgen_batch(base / "schedule.csv", base / "out", inject=inject)
    pids = [int(p) for p in kills.read_text().split()] if kills.exists() else []
    return res, base / "out", pids


def test_a_row_that_always_kills_its_process_fails_alone(crashed: tuple[Run, Path, list[int]]) -> None:
    from docgen.batch.pool import CRASHED

    res, out, kills = crashed
    # The fault was injected for real: the row killed a pool process among others, then again when
    # it ran alone in a fresh pool; then it is given up on, not tried forever.
    assert len(kills) == 2 and len(set(kills)) == 2, (kills, res.stderr)
    assert res.returncode == 1, res.stderr
    assert res.group_gone, "pool processes outlived the batch"

    # Reported by row number and MRN, never by name, and without a traceback.
    assert "stopped unexpectedly" in CRASHED
    assert f"docgen: row {CRASH_ROW}: {CRASHED} (MRN {CRASH_MRN})" in res.stderr.splitlines()
    assert "docgen: error: 1 of 6 rows failed" in res.stderr
    assert re.search(r"failed\W+1\b", res.stderr)  # the summary table
    assert "Traceback" not in res.stderr + res.stdout
    for name, _ in ROWS.values():
        assert name not in res.stderr + res.stdout

    rows = manifest(out)
    assert sorted(rows) == sorted(ROWS)
    bad = rows[CRASH_ROW]
    assert (bad["status"], bad["error"], bad["mrn"]) == ("failed", CRASHED, CRASH_MRN)
    assert bad["files"] == "" and bad["sha256"] == ""
    as_json = json.loads((out / "manifest.json").read_text())
    by_row = {r["row"]: r for r in as_json["rows"]}
    assert sorted(by_row) == sorted(ROWS)
    assert by_row[CRASH_ROW]["status"] == "failed" and by_row[CRASH_ROW]["error"] == CRASHED
    assert by_row[CRASH_ROW]["mrn"] == CRASH_MRN and by_row[CRASH_ROW]["files"] == []
    assert as_json["summary"]["failed"] == 1 and as_json["summary"]["ok"] == 5
    for path in ("manifest.csv", "manifest.json"):
        text = (out / path).read_text()
        for name, _ in ROWS.values():
            assert name not in text

    # The crashed row left nothing: no file, no staged or partial file, in any folder. A neighbour
    # stopped by the pool's shutdown in the middle of a write may have staged a part in
    # .docgen/tmp; the run clears that folder when it ends.
    assert not [p for p in out.rglob("*") if CRASH_MRN in p.name]
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]
    assert not list((out / ".docgen" / "tmp").iterdir())
    ok_files = {FILE.format(mrn=mrn) for line, (_, mrn) in ROWS.items() if line != CRASH_ROW}

    # Every other row: ok, and a whole PDF that carries its own MRN (and no other) on every page.
    assert sorted(p.name for p in out.glob("*.pdf")) == sorted(ok_files)
    for line, (name, mrn) in ROWS.items():
        if line == CRASH_ROW:
            continue
        row = rows[line]
        assert (row["status"], row["mrn"], row["files"]) == ("ok", mrn, FILE.format(mrn=mrn))
        pages = Pdf((out / row["files"]).read_bytes()).pages
        assert len(pages) == int(row["pages"]) >= 3
        for page in pages:
            text = one_line(page)
            assert mrn in text and name in text
            assert not [m for _, m in ROWS.values() if m != mrn and m in text]


def test_a_rerun_renders_the_crashed_row_and_skips_the_rest(
    crashed: tuple[Run, Path, list[int]], tmp_path: Path
) -> None:
    _, first, _ = crashed
    out = tmp_path / "out"
    shutil.copytree(first, out)  # the journal names files relative to the output folder
    schedule = tmp_path / "schedule.csv"
    write_schedule(schedule)
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}

    res = docgen_batch(schedule, out)  # no injection: the row renders now
    assert res.returncode == 0, res.stderr
    assert res.group_gone, "pool processes outlived the batch"
    statuses = {line: r["status"] for line, r in manifest(out).items()}
    assert statuses == {line: "ok" if line == CRASH_ROW else "skipped-unchanged" for line in ROWS}
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf") if p.name in stamps} == stamps
    pages = Pdf((out / FILE.format(mrn=CRASH_MRN)).read_bytes()).pages
    assert len(pages) >= 3 and all(CRASH_MRN in one_line(p) for p in pages)
    # The run started by clearing what the crashed run left in .docgen/tmp, and left nothing itself.
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]


SLOW_MAIN = '''
"""Test fault injection: the main process is slow to prepare MRN {slow}, so the pool process that
took MRN {crash} (and is killed by it) dies while rows are still being handed out."""
import multiprocessing
import time

import docgen.batch.run

_prepare = docgen.batch.run.prepare


def prepare(data, **kwargs):
    if data.get("mrn") == {slow!r} and multiprocessing.parent_process() is None:
        time.sleep(4)
    return _prepare(data, **kwargs)


docgen.batch.run.prepare = prepare
'''


def test_a_process_that_dies_while_rows_are_handed_out_costs_only_its_row(tmp_path: Path) -> None:
    """A break noticed when the next row is handed out once stopped the whole batch with
    "internal error"."""
    inject, kills = tmp_path / "inject", tmp_path / "kills.txt"
    inject.mkdir()
    slow_mrn = ROWS[CRASH_ROW + 1][1]
    (inject / "sitecustomize.py").write_text(
        SITECUSTOMIZE.format(mrn=CRASH_MRN, kills=str(kills))
        + SLOW_MAIN.format(slow=slow_mrn, crash=CRASH_MRN)
    )
    schedule = tmp_path / "schedule.csv"
    write_schedule(schedule)
    res = docgen_batch(schedule, tmp_path / "out", inject=inject, jobs=1)
    assert "internal error" not in res.stderr, res.stderr
    assert kills.exists() and len(kills.read_text().split()) == 2, res.stderr
    assert res.returncode == 1 and res.group_gone
    statuses = {line: row["status"] for line, row in manifest(tmp_path / "out").items()}
    assert statuses == {line: "failed" if line == CRASH_ROW else "ok" for line in ROWS}
