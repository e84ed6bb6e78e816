"""docgen reprint: the same bytes from the stored input and template set, after the wording changed."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from audit_db import AuditDb
from helpers import Result, flags
from test_audit import history, printed_ids

from docgen.resources import templates_dir

AFTERCARE = "procedures/si-joint-injection/en/aftercare.md.j2"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def clinic_templates(audit_db: AuditDb, tmp_path: Path) -> Path:
    """A clinic folder with its own aftercare wording, named in the settings."""
    folder = tmp_path / "our-wording"
    (folder / AFTERCARE).parent.mkdir(parents=True)
    shutil.copy(templates_dir() / AFTERCARE, folder / AFTERCARE)
    audit_db.write_config(f'templates = "{folder}"\n')
    return folder


def test_reprint_is_byte_identical_after_the_clinic_edits_its_wording(
    run: Callable[..., Result], audit_db: AuditDb, tmp_path: Path
) -> None:
    folder = clinic_templates(audit_db, tmp_path)
    first = tmp_path / "first.pdf"
    res = run("packet", *flags(), "--config", str(audit_db.config), "-o", str(first))
    assert res.exit_code == 0, res.stderr
    ids = printed_ids(res.stderr)
    template = folder / AFTERCARE
    template.write_text(template.read_text() + "\nPark in lot B, at the back of the building.\n")
    changed = tmp_path / "changed.pdf"
    assert run("packet", *flags(), "--config", str(audit_db.config), "-o", str(changed)).exit_code == 0
    assert sha(changed) != sha(first)  # the edit shows in a new print

    again = tmp_path / "again.pdf"
    res = run("reprint", ids[2].lower(), "--config", str(audit_db.config), "-o", str(again),
              "--operator", "Front Desk")  # fmt: skip
    assert res.exit_code == 0, res.stderr
    assert "identical to the first print" in res.stderr
    assert sha(again) == sha(first)

    records = history(run, audit_db, "--id", ids[0])
    reprints = [r for r in records if r["reprint_of"]]
    assert [r["reprint_of"] for r in reprints] == [ids[0]]
    assert reprints[0]["operator"] == "Front Desk" and reprints[0]["sha256"] == sha(first)
    assert len(history(run, audit_db)) == 12  # 4 + 4 + the reprint's 4


def test_a_reprint_that_cannot_be_identical_says_what_differs(
    run: Callable[..., Result], audit_db: AuditDb, tmp_path: Path
) -> None:
    first = tmp_path / "first.pdf"
    res = run("aftercare", *flags(), "--config", str(audit_db.config), "-o", str(first))
    assert res.exit_code == 0, res.stderr
    [record_id] = printed_ids(res.stderr)
    # As if an older docgen had printed it: another version, and (so) other bytes.
    columns = ("docgen_version", "sha256")
    prints = sa.table("prints", sa.column("id"), sa.column("environment", sa.JSON), *map(sa.column, columns))
    with audit_db.engine().begin() as conn:
        env = conn.execute(sa.select(prints.c.environment).where(prints.c.id == record_id)).scalar_one()
        conn.execute(
            prints.update()
            .where(prints.c.id == record_id)
            .values(docgen_version="0.0.9", environment={**env, "docgen": "0.0.9"}, sha256="0" * 64)
        )
    again = tmp_path / "again.pdf"
    res = run("reprint", record_id, "--config", str(audit_db.config), "-o", str(again))
    assert res.exit_code == 0, res.stderr
    assert "not byte-identical" in res.stderr and "docgen 0.0.9 then, " in res.stderr
    assert "identical to the first print" not in res.stderr.replace("not byte-identical", "")
    assert again.is_file()


def test_an_unknown_id_is_one_line(run: Callable[..., Result], audit_db: AuditDb, tmp_path: Path) -> None:
    res = run("reprint", "7KQ2M-9XD4R", "--config", str(audit_db.config), "-o", str(tmp_path / "x.pdf"))
    assert res.exit_code == 1 and res.stderr.count("\n") == 1 and "no print with this ID" in res.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_a_batch_document_reprints_byte_identical(
    run: Callable[..., Result], audit_db: AuditDb, tmp_path: Path
) -> None:
    schedule = tmp_path / "day.csv"
    schedule.write_text(
        "name,dob,mrn,procedure,side,date,time\n"
        "Ana Example,1961-04-12,40000001,si-joint-rfa,right,2026-11-21,09:00\n"
    )
    out = tmp_path / "out"
    res = run("batch", str(schedule), "--out-dir", str(out), "--large-print", "--paper", "a4",
              "--config", str(audit_db.config))  # fmt: skip
    assert res.exit_code == 0, res.stderr
    [packet] = out.glob("*.pdf")
    record = history(run, audit_db)[1]  # the consent of the packet
    again = tmp_path / "again.pdf"
    res = run("reprint", record["id"], "--config", str(audit_db.config), "-o", str(again))
    assert res.exit_code == 0 and "identical to the first print" in res.stderr, res.stderr
    assert sha(again) == sha(packet)
