"""No patient name, birth date or free text anywhere but on the pages: not in messages, warnings,
manifests, the journal or the PDF's metadata; and the journal's keys cannot test guesses."""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pikepdf
from helpers import Result, flags

NAME = "Zelda Quintessa Example"
DOB = "1953-07-19"
ROWS = [
    f"{NAME},{DOB},40000001,si-joint-injection,left,2026-11-21,10:30,Dr Orion Testperson",
    f"{NAME},1953-07-32,40000002,si-joint-injection,left,2026-11-21,10:30,",  # a bad date
    f"{NAME},{DOB},40000001,si-joint-injection,left,2026-11-21,11:00,",  # same day, MRN, procedure
]


def leaks(text: str) -> list[str]:
    found = [word for word in ("Zelda", "Quintessa", "1953", "Orion", "Testperson") if word in text]
    return found


def test_a_batch_leaks_nothing_outside_the_pages(run: Callable[..., Result], tmp_path: Path) -> None:
    sched = tmp_path / "day.csv"
    sched.write_text(
        "name,dob,mrn,procedure,side,date,time,physician,notes\n" + "\n".join(r + ",x" for r in ROWS)
    )
    out = tmp_path / "out"
    res = run(
        "batch", str(sched), "--out-dir", str(out), "--print-file", str(out / "print.pdf"), "--separator"
    )
    assert res.exit_code == 1  # the bad row
    assert not leaks(res.stderr), res.stderr
    for path in out.rglob("*"):
        if path.is_file() and path.suffix != ".pdf":
            assert not leaks(path.read_bytes().decode("utf-8", "replace")), path
    for pdf in out.rglob("*.pdf"):
        with pikepdf.open(pdf) as doc:
            assert not leaks(json.dumps({str(k): str(v) for k, v in doc.docinfo.items()})), pdf
            assert not leaks(str(doc.open_metadata())), pdf


def test_single_documents_leak_nothing_outside_the_pages(run: Callable[..., Result], tmp_path: Path) -> None:
    good = run("aftercare", *flags(name=NAME, dob=DOB, physician="Dr Orion Testperson"), "-o", "a.pdf")
    assert good.exit_code == 0 and not leaks(good.stderr)
    with pikepdf.open(io.BytesIO(Path("a.pdf").read_bytes())) as doc:
        assert not leaks(json.dumps({str(k): str(v) for k, v in doc.docinfo.items()}))
    for bad in ({"dob": "1953-02-30"}, {"time": "Zelda"}, {"side": "Quintessa"}, {"mrn": "Zelda Q"}):
        res = run("aftercare", *flags(**{"name": NAME, **bad}), "-o", "b.pdf")
        assert res.exit_code == 1 and not leaks(res.stderr), res.stderr


def test_journal_keys_are_keyed_with_the_folders_own_secret(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    sched = tmp_path / "day.csv"
    sched.write_text(
        "name,dob,mrn,procedure,side,date\n" + f"{NAME},{DOB},40000001,si-joint-injection,left,2026-11-21\n"
    )
    keys = []
    for folder in ("a", "b"):
        out = tmp_path / folder
        assert (
            run("batch", str(sched), "--out-dir", str(out), "--docs", "aftercare", "--jobs=1").exit_code == 0
        )
        secret = out / ".docgen" / "secret"
        assert stat.S_IMODE(os.stat(secret).st_mode) == 0o600 and len(secret.read_bytes()) == 32
        (line,) = (out / ".docgen" / "journal.jsonl").read_text().splitlines()
        keys.append(json.loads(line)["key"])
    assert keys[0] != keys[1]  # the same row, two folders: nothing to compare across folders
    # Nor can a guess be hashed without the secret: the key is no plain digest of the row.
    assert all(hashlib.sha256(NAME.encode()).hexdigest() != k for k in keys)


def test_hidden_pages_do_not_outlive_the_run(run: Callable[..., Result], tmp_path: Path) -> None:
    """The print file's separator and blank pages carry identifiers: cleared at the end of every run,
    made again (and only they) when a rerun needs them; the print file comes out the same."""
    from helpers import manifest

    sched = tmp_path / "day.csv"
    sched.write_text(
        "name,dob,mrn,procedure,side,date\n"
        + "".join(f"{NAME},{DOB},4000000{n},si-joint-injection,left,2026-11-2{n}\n" for n in range(1, 4))
    )
    out = tmp_path / "out"
    args = ("batch", str(sched), "--out-dir", str(out), "--docs", "aftercare", "--jobs=1")
    printed = ("--print-file", str(out / "print.pdf"), "--separator")
    assert run(*args, *printed).exit_code == 0
    assert list((out / ".docgen" / "print").iterdir()) == []
    first = (out / "print.pdf").read_bytes()
    assert run(*args, *printed).exit_code == 0
    assert {r["status"] for r in manifest(out).values()} == {"skipped-unchanged"}
    assert (out / "print.pdf").read_bytes() == first
    assert list((out / ".docgen" / "print").iterdir()) == []
