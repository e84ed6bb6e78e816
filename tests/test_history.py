"""docgen history: newest first, filters, formats; names only with --show-names."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from audit_db import AuditDb
from helpers import Result, flags
from test_audit import history, printed_ids

NAMES = ("Jane Doe", "Ana Example")


@pytest.fixture
def printed(run: Callable[..., Result], audit_db: AuditDb, tmp_path: Path) -> list[str]:
    """Three prints, oldest first: Jane's info, Ana's diary, Jane's consent and aftercare."""
    ids: list[str] = []
    for n, (command, name, mrn) in enumerate(
        [("info", "Jane Doe", "00123456"), ("diary", "Ana Example", "00999999"),
         ("consent", "Jane Doe", "00123456")]
    ):  # fmt: skip
        res = run(command, *flags(name=name, mrn=mrn), "--config", str(audit_db.config),
                  "-o", str(tmp_path / f"{n}.pdf"))  # fmt: skip
        assert res.exit_code == 0, res.stderr
        ids += printed_ids(res.stderr)
    return ids


def test_newest_first(run: Callable[..., Result], audit_db: AuditDb, printed: list[str]) -> None:
    records = history(run, audit_db)
    assert [r["id"] for r in records] == printed[::-1]
    for key in ("id", "sha256", "pages", "mrn", "kinds", "printed_at"):
        assert all(key in r for r in records)


def test_filters(run: Callable[..., Result], audit_db: AuditDb, printed: list[str]) -> None:
    assert [r["id"] for r in history(run, audit_db, "--mrn", "00999999")] == [printed[1]]
    assert len(history(run, audit_db, "--mrn", "00123456")) == 2
    assert history(run, audit_db, "--mrn", "00000000") == []
    today = dt.date.today()
    assert len(history(run, audit_db, "--since", today.isoformat())) == 3
    assert history(run, audit_db, "--since", (today + dt.timedelta(days=1)).isoformat()) == []
    # An ID as read aloud or typed: lower case, with the dash, O for 0 and I/L for 1.
    typed = printed[2][:5].lower() + "-" + printed[2][5:].replace("0", "O").replace("1", "l").lower()
    assert [r["id"] for r in history(run, audit_db, "--id", typed)] == [printed[2]]


def test_bad_filters_are_one_line(run: Callable[..., Result], audit_db: AuditDb) -> None:
    for args in (["--since", "21/11/2026"], ["--id", "not-an-id"], ["--format", "xml"]):
        res = run("history", "--config", str(audit_db.config), *args)
        assert res.exit_code != 0
        assert "Traceback" not in res.stderr


@pytest.mark.parametrize("output_format", ["table", "json", "csv"])
def test_names_are_hidden_unless_asked(
    run: Callable[..., Result], audit_db: AuditDb, printed: list[str], output_format: str
) -> None:
    base = ["history", "--config", str(audit_db.config), "--format", output_format]
    hidden = run(*base)
    assert hidden.exit_code == 0, hidden.stderr
    text = hidden.stdout.decode()
    assert "00123456" in text
    assert not any(name in text for name in NAMES) and "1961-04-12" not in text
    shown = run(*base, "--show-names").stdout.decode()
    assert all(name in shown for name in NAMES)


def test_csv_and_json_agree(run: Callable[..., Result], audit_db: AuditDb, printed: list[str]) -> None:
    res = run("history", "--config", str(audit_db.config), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(res.stdout.decode())))
    records = json.loads(run("history", "--config", str(audit_db.config), "--format", "json").stdout)
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    assert [r["sha256"] for r in rows] == [r["sha256"] for r in records]
    assert [int(r["pages"]) for r in rows] == [r["pages"] for r in records]


def test_table_shows_grouped_ids(run: Callable[..., Result], audit_db: AuditDb, printed: list[str]) -> None:
    text = run("history", "--config", str(audit_db.config)).stdout.decode()
    assert all(f"{i[:5]}-{i[5:]}" in text for i in printed)
    assert "3 documents" in text
