"""A full disk at any step: one clear line per problem, exit 1, no partial file anywhere, every file
left whole; never a traceback. Runs on a real, small tmpfs (root can mount one; CI runs as root),
or, where mounting is not allowed, with ENOSPC injected into the real write path."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import EPOCH, Result
from pypdf import PdfReader


@contextlib.contextmanager
def small_disk(tmp_path: Path, size: str) -> Iterator[Path]:
    """A folder on a file system of ``size`` (a real tmpfs)."""
    mount = tmp_path / f"disk-{uuid.uuid4().hex[:8]}"
    mount.mkdir()
    res = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True
    )
    if res.returncode != 0:
        reason = f"cannot mount a small tmpfs here ({res.stderr.decode().strip()}): run the tests as root"
        if os.environ.get("DOCGEN_REQUIRE_SERVICES"):
            pytest.fail(reason)  # CI proves the full-disk handling on a real file system every time
        pytest.skip(reason)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def schedule(path: Path, rows: int) -> Path:
    lines = ["name,dob,mrn,procedure,side,date"]
    lines += [f"Ana Example,1961-04-12,4{n:07d},si-joint-injection,left,2026-11-21" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n")
    return path


def docgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def no_partial_files(folder: Path) -> None:
    leftovers = [p for p in folder.rglob("*") if p.name.endswith(".part")]
    assert leftovers == [], leftovers
    for pdf in folder.rglob("*.pdf"):
        assert len(PdfReader(io.BytesIO(pdf.read_bytes())).pages) >= 1, pdf  # whole, readable


pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="tmpfs is a Linux file system")


def test_a_batch_that_fills_the_disk(tmp_path: Path) -> None:
    sched = schedule(tmp_path / "day.csv", 40)
    with small_disk(tmp_path, "400k") as disk:
        res = docgen(
            "batch",
            str(sched),
            "--out-dir",
            str(disk / "out"),
            "--docs",
            "aftercare",
            "--jobs",
            "2",
            cwd=tmp_path,
        )
        assert res.returncode == 1, res.stderr
        assert "Traceback" not in res.stderr and "internal error" not in res.stderr, res.stderr
        lines = [line for line in res.stderr.splitlines() if line.startswith("docgen:")]
        assert any("No space left on device" in line for line in lines), res.stderr
        no_partial_files(disk)


def test_a_single_document_on_a_full_disk(tmp_path: Path) -> None:
    with small_disk(tmp_path, "16k") as disk:
        res = docgen(
            "packet",
            "--procedure",
            "si-joint-injection",
            "--side",
            "left",
            "--name",
            "Ana Example",
            "--dob",
            "1961-04-12",
            "--mrn",
            "40000001",
            "--date",
            "2026-11-21",
            "-o",
            str(disk / "p.pdf"),
            cwd=tmp_path,
        )
        assert res.returncode == 1
        assert (
            res.stderr.strip()
            == "docgen: error: -o: cannot write p.pdf (No space left on device); choose another output path"
        )
        assert list(disk.iterdir()) == []


def test_the_print_file_on_a_full_disk(tmp_path: Path, run: Callable[..., Result]) -> None:
    sched = schedule(tmp_path / "day.csv", 4)
    with small_disk(tmp_path, "64k") as disk:
        out = tmp_path / "out"
        res = run(
            "batch",
            str(sched),
            "--out-dir",
            str(out),
            "--docs",
            "aftercare",
            "--jobs=1",
            "--print-file",
            str(disk / "print.pdf"),
        )
        assert res.exit_code == 1
        assert "--print-file: cannot write" in res.stderr and "No space left on device" in res.stderr
        assert (out / "manifest.csv").is_file()  # the rows are done, and the manifest says so
        assert list(disk.iterdir()) == []
        no_partial_files(out)


def test_a_read_only_output_folder(tmp_path: Path, run: Callable[..., Result]) -> None:
    sched = schedule(tmp_path / "day.csv", 2)
    with small_disk(tmp_path, "1m") as disk:
        (disk / "out").mkdir()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        res = run("batch", str(sched), "--out-dir", str(disk / "out"), "--docs", "aftercare", "--jobs=1")
        assert res.exit_code == 1 and "Read-only file system" in res.stderr
        assert "\n" not in res.stderr.strip() and "internal error" not in res.stderr


def test_a_journal_that_cannot_grow_warns_and_goes_on(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finished rows whose journal line cannot be written are still reported done; the run warns
    that a rerun will render them again."""
    from docgen.batch import journal

    def full(self: journal.Journal, entry: journal.Entry) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(journal.Journal, "_append", full)
    res = run(
        "batch",
        str(schedule(tmp_path / "day.csv", 2)),
        "--out-dir",
        str(tmp_path / "out"),
        "--docs",
        "aftercare",
        "--jobs=1",
    )
    assert res.exit_code == 0, res.stderr
    assert "warning: the journal could not be updated (No space left on device)" in res.stderr
