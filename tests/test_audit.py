"""The audit log: every print recorded, on SQLite and on a real PostgreSQL server (issue 12)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from audit_db import CLINIC, AuditDb
from helpers import Result, flags

import docgen.identity

KINDS = ("info", "consent", "aftercare", "diary")


def history(run: Callable[..., Result], db: AuditDb, *args: str) -> list[dict[str, Any]]:
    res = run("history", "--config", str(db.config), "--format", "json", *args)
    assert res.exit_code == 0, res.stderr
    return list(json.loads(res.stdout))


def printed_ids(stderr: str) -> list[str]:
    return [i.replace("-", "") for i in re.findall(r"[0-9A-Z]{5}-[0-9A-Z]{5}", stderr)]


def test_every_print_is_in_history(run: Callable[..., Result], audit_db: AuditDb, tmp_path: Path) -> None:
    expected: dict[str, tuple[str, str]] = {}  # id -> (kind, sha256 of its file)
    for command in (*KINDS, "packet"):
        out = tmp_path / f"{command}.pdf"
        res = run(command, *flags(), "--config", str(audit_db.config), "-o", str(out))
        assert res.exit_code == 0, res.stderr
        ids = printed_ids(res.stderr)
        kinds = KINDS if command == "packet" else (command,)
        assert len(ids) == len(kinds)
        digest = hashlib.sha256(out.read_bytes()).hexdigest()
        expected.update({i: (k, digest) for i, k in zip(ids, kinds, strict=True)})
    records = history(run, audit_db)
    assert {r["id"]: (r["kinds"][0], r["sha256"]) for r in records} == expected
    packet = [r for r in records if r["job_kinds"] == list(KINDS)]
    assert [r["kinds"] for r in packet] == [[k] for k in KINDS]
    assert len({r["job"] for r in packet}) == 1
    assert sum(r["pages"] for r in packet) == packet[0]["file_pages"]
    for record in records:
        assert record["mrn"] == "00123456" and record["procedure"] == "si-joint-injection"
        assert record["operator"] and record["workstation"] and record["reprint_of"] is None
        assert record["printed_at"] == "2026-11-20T09:15:00"  # SOURCE_DATE_EPOCH, as printed
        assert str(record["destination"]).endswith(".pdf")
        assert record["templates"] == {"procedure": "si-joint-injection", "version": "1.1.0"}


def test_the_record_holds_the_validated_input_and_settings(
    run: Callable[..., Result], audit_db: AuditDb, tmp_path: Path
) -> None:
    res = run("aftercare", *flags(), "--config", str(audit_db.config), "--operator", "Nurse Kim",
              "-o", str(tmp_path / "a.pdf"))  # fmt: skip
    assert res.exit_code == 0, res.stderr
    with audit_db.engine().connect() as conn:
        row = conn.execute(sa.text("SELECT * FROM prints")).mappings().one()
        blob = conn.execute(sa.text("SELECT blob FROM snapshots")).scalar()
    assert row["operator"] == "Nurse Kim"
    visit = row["visit"] if isinstance(row["visit"], dict) else json.loads(row["visit"])
    assert visit["name"] == "Jane Doe" and visit["dob"] == "1961-04-12" and visit["side"] == "left"
    settings = row["settings"] if isinstance(row["settings"], dict) else json.loads(row["settings"])
    assert settings["clinic"]["name"] == "Test Clinic" and "audit" not in settings
    assert len(row["settings_hash"]) == 64 and row["docgen_version"] == docgen.__version__
    assert blob is not None and len(blob) > 10_000  # the template set, compressed


def test_a_template_set_is_stored_once(run: Callable[..., Result], audit_db: AuditDb, tmp_path: Path) -> None:
    for n in range(3):
        res = run("diary", *flags(), "--config", str(audit_db.config), "-o", str(tmp_path / f"{n}.pdf"))
        assert res.exit_code == 0, res.stderr
    with audit_db.engine().connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM snapshots")).scalar() == 1
        assert conn.execute(sa.text("SELECT count(*) FROM prints")).scalar() == 3


def test_two_processes_recording_at_once_lose_nothing(audit_db: AuditDb, tmp_path: Path) -> None:
    """Two desks printing at the same moment on a new database (both also create its tables)."""
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from docgen.audit.printing import print_job
        from docgen.job import prepare
        from docgen.model.settings import load_settings
        from docgen.model.visit import Kind, Options
        settings = load_settings(Path({str(audit_db.config)!r}))
        sys.stdin.readline()  # start together
        for n in range(8):
            job = prepare({{"name": "Ana Example", "dob": "1961-04-12", "mrn": f"{{sys.argv[1]}}{{n:03d}}",
                           "procedure": "si-joint-injection", "side": "left", "date": "2026-11-21"}},
                          settings=settings)
            out = Path({str(tmp_path)!r}) / f"{{sys.argv[1]}}-{{n}}.pdf"
            print_job(job, (Kind.DIARY,), options=Options(), target=out, operator=sys.argv[1])
        """
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    desks = [
        subprocess.Popen([sys.executable, "-c", script, desk], stdin=subprocess.PIPE, env=env, text=True)
        for desk in ("1", "2")
    ]
    for desk in desks:
        assert desk.stdin is not None
        desk.stdin.write("go\n")
        desk.stdin.close()
    assert [desk.wait(timeout=300) for desk in desks] == [0, 0]
    with audit_db.engine().connect() as conn:
        rows = conn.execute(sa.text("SELECT mrn, operator, destination FROM prints")).all()
    assert sorted(r.mrn for r in rows) == sorted(f"{d}{n:03d}" for d in "12" for n in range(8))
    assert all(Path(r.destination).is_file() for r in rows)


def test_the_default_database_is_owner_only(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    os.umask(0o022)
    res = run("info", *flags(), "-o", str(tmp_path / "info.pdf"))
    assert res.exit_code == 0, res.stderr
    folder = tmp_path / "data" / "docgen"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert folder / "audit.sqlite3" in files
    for path in files:  # the database and any -wal / -shm beside it
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_a_record_that_cannot_be_written_leaves_no_file(
    run: Callable[..., Result], audit_db: AuditDb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run("consent", *flags(), "--config", str(audit_db.config), "-o", str(tmp_path / "1.pdf"))
    assert first.exit_code == 0, first.stderr
    taken = printed_ids(first.stderr)[0]
    monkeypatch.setattr(docgen.identity, "new_id", lambda: taken)  # the database refuses a second one
    out = tmp_path / "2.pdf"
    res = run("consent", *flags(), "--config", str(audit_db.config), "-o", str(out))
    assert res.exit_code == 1
    assert res.stderr.count("\n") == 1 and "audit" in res.stderr and "no file was written" in res.stderr
    assert "Jane" not in res.stderr and "00123456" not in res.stderr
    assert not out.exists() and not list(tmp_path.glob(".2.pdf.*"))
    assert len(history(run, audit_db)) == 1


@pytest.mark.parametrize("audit_db", ["postgresql"], indirect=True)
def test_a_commit_that_fails_after_the_file_was_placed_removes_it(
    run: Callable[..., Result], audit_db: AuditDb, tmp_path: Path
) -> None:
    """PostgreSQL checks a deferred constraint at commit, after the file is in place."""
    assert (
        run("diary", *flags(), "--config", str(audit_db.config), "-o", str(tmp_path / "1.pdf")).exit_code == 0
    )
    with audit_db.engine().begin() as conn:
        conn.execute(sa.text(
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'refused'; END $$"
        ))  # fmt: skip
        conn.execute(sa.text(
            "CREATE CONSTRAINT TRIGGER refuse AFTER INSERT ON prints DEFERRABLE INITIALLY DEFERRED "
            "FOR EACH ROW EXECUTE FUNCTION refuse()"
        ))  # fmt: skip
    out = tmp_path / "2.pdf"
    res = run("diary", *flags(), "--config", str(audit_db.config), "-o", str(out))
    assert res.exit_code == 1 and "the file was removed" in res.stderr, res.stderr
    assert not out.exists()
    assert len(history(run, audit_db)) == 1


def test_auditing_off_records_nothing_and_prints_no_id(run: Callable[..., Result], tmp_path: Path) -> None:
    config = tmp_path / "docgen.toml"
    config.write_text(f'{CLINIC}\n[audit]\nenabled = false\ndatabase = "{tmp_path / "db.sqlite3"}"\n')
    res = run("packet", *flags(), "--config", str(config), "-o", str(tmp_path / "p.pdf"))
    assert res.exit_code == 0, res.stderr
    assert "ID" not in res.stderr and printed_ids(res.stderr) == []
    assert not (tmp_path / "db.sqlite3").exists()


def test_an_unreachable_database_fails_before_any_file(run: Callable[..., Result], tmp_path: Path) -> None:
    config = tmp_path / "docgen.toml"
    config.write_text(f'{CLINIC}\n[audit]\ndatabase = "postgresql://nobody@127.0.0.1:1/none"\n')
    out = tmp_path / "x.pdf"
    res = run("info", *flags(), "--config", str(config), "-o", str(out))
    assert res.exit_code == 1 and res.stderr.startswith("docgen: error: [audit] database"), res.stderr
    assert res.stderr.count("\n") == 1 and not out.exists()


def test_a_batch_records_every_document_and_a_rerun_records_none_again(
    run: Callable[..., Result], audit_db: AuditDb, tmp_path: Path
) -> None:
    schedule = tmp_path / "day.csv"
    rows = [f"Ana Example,1961-04-12,4000000{n},si-joint-injection,left,2026-11-21" for n in range(3)]
    schedule.write_text("name,dob,mrn,procedure,side,date\n" + "\n".join(rows) + "\n")
    out = tmp_path / "out"
    base = ("batch", str(schedule), "--out-dir", str(out), "--docs", "consent,diary", "--config",
            str(audit_db.config), "--jobs", "2")  # fmt: skip
    res = run(*base, "--split", "--operator", "Batch Desk")
    assert res.exit_code == 0, res.stderr
    records = history(run, audit_db)
    assert len(records) == 6 and {r["operator"] for r in records} == {"Batch Desk"}
    for record in records:  # one file per document with --split: each its own print
        path = Path(str(record["destination"]))
        assert path.parent == out and record["kinds"][0] in path.name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == record["sha256"]
        assert record["pages"] == record["file_pages"]
    assert run(*base, "--split").exit_code == 0  # finished rows are skipped: nothing printed again
    assert len(history(run, audit_db)) == 6
    assert run(*base, "--split", "--force").exit_code == 0
    assert len(history(run, audit_db)) == 12


def test_a_batch_whose_records_fail_removes_their_files(
    run: Callable[..., Result], audit_db: AuditDb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run("consent", *flags(), "--config", str(audit_db.config), "-o", str(tmp_path / "1.pdf"))
    taken = printed_ids(first.stderr)[0]
    monkeypatch.setattr(docgen.identity, "new_id", lambda: taken)
    schedule = tmp_path / "day.csv"
    row = "Bo Example,1961-04-12,40000009,si-joint-injection,left,2026-11-21"
    schedule.write_text(f"name,dob,mrn,procedure,side,date\n{row}\n")
    out = tmp_path / "out"
    res = run("batch", str(schedule), "--out-dir", str(out), "--docs", "consent", "--config",
              str(audit_db.config), "--jobs", "1")  # fmt: skip
    assert res.exit_code == 1 and "their files were removed" in res.stderr, res.stderr
    assert not list(out.glob("*.pdf"))
    assert len(history(run, audit_db)) == 1


def test_a_first_version_database_is_upgraded_and_keeps_its_records(
    run: Callable[..., Result], audit_db: AuditDb, tmp_path: Path
) -> None:
    """A database made by the first release (revision 0001, no deliveries table) is brought to the
    current schema on first use, with its records kept; deliveries then work on it."""
    from alembic import command
    from alembic.config import Config

    import docgen.audit.store as store_module
    from docgen.audit.schema import HEAD

    if audit_db.backend == "sqlite":
        Path(audit_db.database).parent.mkdir(mode=0o700, exist_ok=True)
    engine = audit_db.engine()
    config = Config()
    config.set_main_option("script_location", str(Path(store_module.__file__).parent / "migrations"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    with engine.connect() as conn:
        assert not sa.inspect(conn).has_table("deliveries")
        conn.execute(sa.text("INSERT INTO snapshots VALUES ('s', CURRENT_TIMESTAMP, 0, :b)"), {"b": b""})
        conn.commit()
    store = store_module.open_store(audit_db.database)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == HEAD
        assert conn.execute(sa.text("SELECT hash FROM snapshots")).scalar() == "s"
    assert run("consent", *flags(), "-o", tmp_path / "c.pdf", "--config", audit_db.config).exit_code == 0
    (record,) = store.find()
    with store.transaction() as conn:
        store.insert_deliveries(
            conn, [record["id"]], operator="n", workstation="w", destination="printer:q job q-1"
        )
    assert [d["destination"] for d in store.deliveries([record["id"]])[record["id"]]] == ["printer:q job q-1"]
