"""Files around docgen: no planted link is followed, no input is overwritten, nothing docgen did not
make is deleted, and what it writes is owner-only unless the clinic's settings say otherwise."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import PATIENT, Result, flags

SCHEDULE_HEAD = "name,dob,mrn,procedure,side,date\n"
ROW = "Ana Example,1961-04-12,40000001,si-joint-injection,left,2026-11-21\n"


def schedule(tmp_path: Path, name: str = "day.csv") -> Path:
    path = tmp_path / name
    path.write_text(SCHEDULE_HEAD + ROW)
    return path


def batch(run: Callable[..., Result], sched: Path, out: Path, *extra: str) -> Result:
    return run("batch", str(sched), "--out-dir", str(out), "--docs", "aftercare", "--jobs=1", *extra)


def precious_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "precious"
    folder.mkdir()
    for name in ("notes.txt", ".hidden.part", ".x.abcdefgh.part"):
        (folder / name).write_text("keep me")
    return folder


@pytest.mark.parametrize("planted", [".docgen", ".docgen/tmp", ".docgen/print"])
def test_a_planted_link_in_the_output_folder_is_refused(
    run: Callable[..., Result], tmp_path: Path, planted: str
) -> None:
    """A link planted in an output folder once made a batch delete every file it pointed to."""
    precious = precious_folder(tmp_path)
    out = tmp_path / "out"
    (out / planted).parent.mkdir(parents=True, exist_ok=True)
    (out / planted).symlink_to(precious, target_is_directory=True)
    res = batch(run, schedule(tmp_path), out)
    assert res.exit_code == 1
    assert f"{out / planted} is a link" in res.stderr and "\n" not in res.stderr.strip()
    assert sorted(p.name for p in precious.iterdir()) == [".hidden.part", ".x.abcdefgh.part", "notes.txt"]


def test_a_planted_link_as_the_lock_or_journal_is_not_followed(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    out = tmp_path / "out"
    assert batch(run, schedule(tmp_path), out).exit_code == 0
    journal = out / ".docgen" / "journal.jsonl"
    journal.unlink()
    journal.symlink_to(victim)
    assert batch(run, schedule(tmp_path), out, "--force").exit_code == 0
    assert victim.read_text() == "keep me" and not journal.is_symlink()
    lock = out / ".docgen" / "lock"
    lock.unlink()
    lock.symlink_to(victim)
    res = batch(run, schedule(tmp_path), out)
    assert res.exit_code == 1 and "--out-dir: cannot lock" in res.stderr
    assert victim.read_text() == "keep me"


def test_only_docgens_own_partial_files_are_cleared(run: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    mine = out / ".2026-11-21_40000001_si-joint-injection_aftercare.pdf.k3j9x_a1.part"
    theirs = [out / ".notes.part", out / "draft.part", out / ".plan.toolong123.part"]
    for path in [mine, *theirs]:
        path.write_text("x")
    link = out / ".linked.abcdefgh.part"
    link.symlink_to(tmp_path / "elsewhere.txt")
    (tmp_path / "elsewhere.txt").write_text("keep me")
    assert batch(run, schedule(tmp_path), out).exit_code == 0
    assert not mine.exists()
    assert all(p.exists() for p in theirs) and link.is_symlink()
    assert (tmp_path / "elsewhere.txt").read_text() == "keep me"


def test_the_output_folder_itself_may_not_be_a_link(run: Callable[..., Result], tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "out").symlink_to(real, target_is_directory=True)
    res = batch(run, schedule(tmp_path), tmp_path / "out")
    assert res.exit_code == 1 and "is a link; give the folder itself" in res.stderr
    assert list(real.iterdir()) == []


def test_an_output_may_not_be_an_input(run: Callable[..., Result], tmp_path: Path) -> None:
    visit = tmp_path / "visit.yaml"
    visit.write_text("".join(f"{k}: '{v}'\n" for k, v in PATIENT.items()))
    before = visit.read_text()
    res = run("aftercare", "--input", str(visit), "-o", str(visit))
    assert res.exit_code == 1 and "-o: visit.yaml is visit.yaml, which this run reads" in res.stderr
    assert visit.read_text() == before

    settings = tmp_path / "docgen.toml"  # found in the current folder
    settings.write_text('[clinic]\nname = "C"\nday_phone = "1"\nafter_hours_phone = "2"\n')
    res = run("aftercare", *flags(), "-o", "docgen.toml")
    assert res.exit_code == 1 and "docgen.toml, which this run reads" in res.stderr
    assert settings.read_text().startswith("[clinic]")

    wording = tmp_path / "our-wording"
    (wording / "i18n").mkdir(parents=True)
    res = run("aftercare", *flags(), "--templates", str(wording), "-o", str(wording / "i18n" / "es.yaml"))
    assert res.exit_code == 1 and "is in the templates folder" in res.stderr


def test_batch_outputs_may_not_be_inputs_or_each_other(run: Callable[..., Result], tmp_path: Path) -> None:
    sched = schedule(tmp_path)
    before = sched.read_text()
    out = tmp_path / "out"
    res = batch(run, sched, out, "--print-file", str(sched))
    assert res.exit_code == 1 and "--print-file: day.csv is day.csv, which this run reads" in res.stderr
    res = batch(run, sched, out, "--print-file", str(out / "manifest.csv"))
    assert res.exit_code == 1 and "--print-file: manifest.csv is manifest.csv" in res.stderr
    out.mkdir(exist_ok=True)
    inside = schedule(out, "manifest.csv")
    res = batch(run, inside, out)
    assert (
        res.exit_code == 1 and "--out-dir: manifest.csv is manifest.csv, which this run reads" in res.stderr
    )
    assert sched.read_text() == before and inside.read_text() == before


def test_outputs_that_are_not_regular_files(run: Callable[..., Result], tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    res = run("aftercare", *flags(), "-o", str(fifo))  # must not hang waiting for a reader
    assert res.exit_code == 1 and "is not a regular file" in res.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    res = run("aftercare", *flags(), "-o", os.devnull)  # a device named on purpose is written, not replaced
    assert res.exit_code == 0, res.stderr
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_everything_written_is_owner_only(run: Callable[..., Result], tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        existing = tmp_path / "a.pdf"
        existing.write_text("old")
        existing.chmod(0o644)
        assert run("aftercare", *flags(), "-o", str(existing)).exit_code == 0
        assert mode(existing) == 0o600
        out = tmp_path / "out"
        res = batch(run, schedule(tmp_path), out, "--print-file", str(out / "print.pdf"), "--separator")
        assert res.exit_code == 0, res.stderr
        for path in [out, *out.rglob("*")]:
            if path.name == "lock":
                continue
            assert mode(path) == (0o700 if path.is_dir() else 0o600), path
    finally:
        os.umask(old)


def test_modes_from_the_settings(run: Callable[..., Result], tmp_path: Path) -> None:
    clinic = '[clinic]\nname = "C"\nday_phone = "1"\nafter_hours_phone = "2"\n'
    (tmp_path / "docgen.toml").write_text(clinic + '[output]\nfile_mode = "640"\nfolder_mode = "750"\n')
    out = tmp_path / "out"
    assert batch(run, schedule(tmp_path), out).exit_code == 0
    assert mode(out) == 0o750 and mode(out / "manifest.csv") == 0o640
    (tmp_path / "docgen.toml").write_text(clinic + '[output]\nfile_mode = "666"\n')
    res = run("aftercare", *flags(), "-o", "x.pdf")
    assert res.exit_code == 1 and "output" in res.stderr and "writable by everyone" in res.stderr


def test_nothing_stale_looks_current(run: Callable[..., Result], tmp_path: Path) -> None:
    """A patient removed from the schedule, a day whose rows all fail: no old print file or packet
    is left looking as if it belonged to the new schedule."""
    rows = [
        "Ana Example,1961-04-12,40000001,si-joint-injection,left,2026-11-21",
        "Ben Sample,1970-01-02,40000002,si-joint-injection,right,2026-11-21",
    ]
    sched = tmp_path / "day.csv"
    out = tmp_path / "out"
    printed = out / "print.pdf"
    sched.write_text(SCHEDULE_HEAD + "\n".join(rows) + "\n")
    assert batch(run, sched, out, "--print-file", str(printed)).exit_code == 0
    first = printed.read_bytes()

    sched.write_text(SCHEDULE_HEAD + rows[0] + "\n")  # Ben is no longer on the schedule
    res = batch(run, sched, out, "--print-file", str(printed))
    assert res.exit_code == 0
    assert "1 files from earlier runs are not part of this schedule's output: " in res.stderr
    assert "2026-11-21_40000002_si-joint-injection_aftercare.pdf" in res.stderr
    assert printed.read_bytes() != first  # rebuilt for the new schedule

    sched.write_text(SCHEDULE_HEAD + rows[0].replace("left", "up") + "\n")  # every row fails
    res = batch(run, sched, out, "--print-file", str(printed))
    assert res.exit_code == 1
    assert not printed.exists() and "removed the print file print.pdf of an earlier run" in res.stderr

    mine = tmp_path / "mine.pdf"  # a print file docgen did not write is never removed
    mine.write_bytes(b"%PDF-1.4 the clinic's own file")
    res = batch(run, sched, out, "--print-file", str(mine))
    assert res.exit_code == 1 and mine.read_bytes() == b"%PDF-1.4 the clinic's own file"
