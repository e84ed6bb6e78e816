"""Wording that cannot print unchecked (issue 14, point 5): a clinic template set is checked at first
use and refused while an error stands, the result cached by content; a passed review date marks every
page (or refuses); wording changed since its version was declared prints the content fingerprint."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import PATIENT, Pdf, Result, flags, one_line

from docgen.checks.gate import cache_folder, cache_key
from docgen.content.library import Library
from docgen.model.settings import EXAMPLE, Documents
from docgen.resources import templates_dir

CONSENT = "procedures/si-joint-injection/en/consent.md.j2"
#: A misspelt placeholder in a branch the patient below (no diabetes) never reaches.
BROKEN_BRANCH = "\n{% if visit.diabetes %}\nTell {{ patient.nmae }} about blood sugar.\n{% endif %}\n"
REFUSAL = (
    "docgen: error: wording/procedures/si-joint-injection/en/consent.md.j2: line {line}: 'patient.nmae' "
    "is not a placeholder (did you mean patient.name?); fix it, then run docgen templates check\n"
)
#: 2028-01-10: after the built-ins' review date (2027-11-21).
LATE_EPOCH = "1831200000"


def clinic(tmp_path: Path, *, edit: str = "", name: str = "wording") -> Path:
    """A clinic's wording folder: the injection's procedure.yaml and consent, copied as
    ``docgen templates export`` would, with ``edit`` appended to the consent."""
    folder = tmp_path / name
    for rel in (CONSENT, "procedures/si-joint-injection/procedure.yaml"):
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(templates_dir() / rel, folder / rel)
    if edit:
        with (folder / CONSENT).open("a", encoding="utf-8") as out:
            out.write(edit)
    return folder


def line_of(folder: Path) -> int:
    return (folder / CONSENT).read_text(encoding="utf-8").splitlines().index(
        "Tell {{ patient.nmae }} about blood sugar."
    ) + 1


def audit_rows(tmp_path: Path) -> int:
    import sqlite3

    database = tmp_path / "audit.sqlite3"
    if not database.exists():
        return 0
    with sqlite3.connect(database) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return int(conn.execute("SELECT count(*) FROM prints").fetchone()[0]) if "prints" in tables else 0


def config(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "docgen.toml"
    path.write_text(
        f'templates = "wording"\n[clinic]\nname = "Test Clinic"\nday_phone = "555-0100"\n'
        f'after_hours_phone = "555-0199"\n[audit]\ndatabase = "{tmp_path / "audit.sqlite3"}"\n{extra}'
    )
    return path


def test_a_broken_branch_refuses_to_print_for_a_patient_who_never_reaches_it(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    folder = clinic(tmp_path, edit=BROKEN_BRANCH)
    config(tmp_path)
    res = run("consent", *flags(), "-o", "consent.pdf")
    assert res.exit_code == 1
    assert res.stderr == REFUSAL.format(line=line_of(folder))
    assert not (tmp_path / "consent.pdf").exists()
    assert audit_rows(tmp_path) == 0  # nothing recorded
    # The same from a schedule: refused before the first row, no output folder made.
    (tmp_path / "day.csv").write_text("name,dob,mrn,procedure,side,date\n" + ",".join(
        PATIENT[k] for k in ("name", "dob", "mrn", "procedure", "side", "date")
    ) + "\n")  # fmt: skip
    res = run("batch", "day.csv", "--out-dir", "out")
    assert res.exit_code == 1 and res.stderr == REFUSAL.format(line=line_of(folder))
    assert not (tmp_path / "out").exists()
    # Fixed: it prints.
    (folder / CONSENT).write_text((folder / CONSENT).read_text().replace("patient.nmae", "patient.name"))
    res = run("consent", *flags(), "-o", "consent.pdf")
    assert res.exit_code == 0, res.stderr
    assert audit_rows(tmp_path) == 1


def test_the_result_is_cached_by_content_owner_only_and_a_change_checks_again(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    folder = clinic(tmp_path)
    config(tmp_path)
    # The key covers only the settings the check reads: the test clinic's details, not the database.
    from docgen.model.settings import load_settings

    settings = load_settings(tmp_path / "docgen.toml")
    cached = cache_folder() / f"{cache_key(Library(folder), settings)}.json"
    assert not cached.exists()
    assert run("consent", *flags(), "-o", "a.pdf").exit_code == 0
    assert json.loads(cached.read_text()) == {"format": 1, "errors": []}
    assert cached.stat().st_mode & 0o777 == 0o600
    assert cached.parent.stat().st_mode & 0o077 == 0
    # `docgen templates check` over the whole set leaves the same result for the next print.
    cached.unlink()
    assert run("templates", "check", "--format", "json").exit_code == 0
    assert json.loads(cached.read_text()) == {"format": 1, "errors": []}
    # A second print reads the cached result instead of checking again: a (planted) cached error
    # is what it reports.
    cached.write_text(json.dumps({"format": 1, "errors": ["wording/x.md.j2: planted"]}))
    res = run("consent", *flags(), "-o", "b.pdf")
    assert res.exit_code == 1
    assert res.stderr == "docgen: error: wording/x.md.j2: planted; fix it, then run docgen templates check\n"
    # Any change to the set is a new key: checked again (and clean).
    with (folder / CONSENT).open("a", encoding="utf-8") as out:
        out.write("\nBring your glasses.\n")
    assert run("consent", *flags(), "-o", "c.pdf").exit_code == 0


def test_serve_refuses_to_start_and_the_form_shows_the_error(tmp_path: Path) -> None:
    pytest.importorskip("starlette", reason="docgen[serve] is not installed")
    from starlette.testclient import TestClient

    from docgen.model.settings import Audit
    from docgen.serve.app import create_app

    folder = clinic(tmp_path, edit=BROKEN_BRANCH)
    config(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    res = subprocess.run(
        [sys.executable, "-m", "docgen", "serve", "--port", "1"], cwd=tmp_path, env=env,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert res.returncode == 1 and res.stdout == ""
    assert res.stderr == REFUSAL.format(line=line_of(folder))
    # Started on good wording that is broken afterwards: the form shows the error, renders nothing.
    (folder / CONSENT).write_text((templates_dir() / CONSENT).read_text())
    settings = EXAMPLE.model_copy(
        update={"templates": folder, "audit": Audit(database=str(tmp_path / "audit.sqlite3"))}
    )
    with TestClient(create_app(settings), base_url="http://testserver") as client:
        with (folder / CONSENT).open("a", encoding="utf-8") as out:
            out.write(BROKEN_BRANCH)
        page = client.get("/")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf
        visit = {**PATIENT, "language": "en", "paper": "letter", "document": "aftercare"}
        answer = client.post("/preview", data={**visit, "csrf": csrf.group(1)})
    html = answer.text.replace("&#39;", "'")
    assert answer.status_code != 200 or "/pdf/" not in html
    assert "'patient.nmae' is not a placeholder" in html and "fix it, then run docgen templates check" in html
    assert audit_rows(tmp_path) == 0


# ---------------------------------------------------------------------------------------------
# Review dates


def test_a_passed_review_date_marks_every_page_in_both_languages(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATE_EPOCH)
    for language, mark in (("en", "Review overdue"), ("es", "Revisión vencida")):
        out = tmp_path / f"consent-{language}.pdf"
        assert run("consent", *flags(language=language), "-o", str(out)).exit_code == 0
        pages = Pdf(out.read_bytes()).pages
        assert len(pages) > 1
        for page in pages:
            assert mark in one_line(page), page[-300:]
    # Before the review date: no mark.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795166100")
    assert run("consent", *flags(), "-o", "today.pdf").exit_code == 0
    assert "Review overdue" not in Pdf((tmp_path / "today.pdf").read_bytes()).text


def test_large_print_marks_every_page_too(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATE_EPOCH)
    assert run("aftercare", *flags(), "--large-print", "-o", "large.pdf").exit_code == 0
    pages = Pdf((tmp_path / "large.pdf").read_bytes()).pages
    assert all("Review overdue" in one_line(p) for p in pages)


def test_review_overdue_refuse_prints_nothing(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATE_EPOCH)
    path = tmp_path / "clinic.toml"
    path.write_text(
        '[clinic]\nname = "Test Clinic"\nday_phone = "555-0100"\nafter_hours_phone = "555-0199"\n'
        f'[audit]\ndatabase = "{tmp_path / "audit.sqlite3"}"\n[documents]\nreview_overdue = "refuse"\n'
    )
    res = run("consent", *flags(), "--config", str(path), "-o", "consent.pdf")
    assert res.exit_code == 1
    assert res.stderr == (
        "docgen: error: si-joint-injection: the wording's review date 2027-11-21 has passed; review it, "
        "then set a new review.review_due in its procedure.yaml (or set [documents] review_overdue = "
        '"mark")\n'
    )
    assert not (tmp_path / "consent.pdf").exists() and audit_rows(tmp_path) == 0


def test_review_overdue_refuse_fails_a_schedule_s_rows_with_the_reason(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpers import manifest

    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATE_EPOCH)
    (tmp_path / "docgen.toml").write_text(
        '[clinic]\nname = "Test Clinic"\nday_phone = "555-0100"\nafter_hours_phone = "555-0199"\n'
        '[audit]\nenabled = false\n[documents]\nreview_overdue = "refuse"\n'
    )
    (tmp_path / "day.csv").write_text("name,dob,mrn,procedure,side,date\n" + ",".join(
        PATIENT[k] for k in ("name", "dob", "mrn", "procedure", "side", "date")
    ) + "\n")  # fmt: skip
    res = run("batch", "day.csv", "--out-dir", "out", "--docs", "diary")
    assert res.exit_code == 1
    row = manifest(tmp_path / "out")[2]
    assert row["status"] == "failed" and "review date 2027-11-21 has passed" in row["error"]
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_review_overdue_is_a_choice_of_two() -> None:
    from pydantic import ValidationError

    assert Documents().review_overdue == "mark"
    with pytest.raises(ValidationError):
        Documents(review_overdue="ignore")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Versions and content fingerprints


def test_built_in_wording_is_what_its_versions_declare() -> None:
    library = Library()
    for proc in library.procedures():
        assert proc.fingerprint == library.fingerprint(proc.id), (
            f'{proc.id}: set fingerprint: "{library.fingerprint(proc.id)}" in its procedure.yaml '
            "(and raise its version if the wording changed)"
        )
        assert library.version_label(proc) == proc.version


def test_edited_wording_prints_its_fingerprint_and_the_check_says_to_raise_the_version(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    copy = clinic(tmp_path, name="copy")
    assert Library(copy).version_label(Library(copy).procedure("si-joint-injection")) == "1.1.0"
    folder = clinic(tmp_path, edit="\nBring your glasses to the visit.\n")
    library = Library(folder)
    now = library.fingerprint("si-joint-injection")
    assert now != Library().fingerprint("si-joint-injection")
    config(tmp_path)
    assert run("consent", *flags(), "-o", "consent.pdf").exit_code == 0
    text = one_line(Pdf((tmp_path / "consent.pdf").read_bytes()).text)
    assert f"Template si-joint-injection/consent version 1.1.0+{now[:6]} (en)" in text
    res = run("templates", "check", "--format", "json", "--procedure", "si-joint-injection")
    found = [f for f in json.loads(res.stdout)["findings"] if f["check"] == "version"]
    assert [(f["level"], f["template"], f["message"]) for f in found] == [
        (
            "warning",
            "si-joint-injection/procedure.yaml",
            "content changed since version 1.1.0 was declared; raise the version, then set "
            f'fingerprint: "{now}"',
        )
    ]
    # Raised and recorded: the footer shows the new version alone again.
    res = run("templates", "bump", "--procedure", "si-joint-injection", "--version", "1.2.0")
    assert res.exit_code == 0, res.stderr
    yaml_path = folder / "procedures/si-joint-injection/procedure.yaml"
    assert res.stderr == f"si-joint-injection: version 1.2.0, fingerprint {now}, in {yaml_path}\n"
    lines = yaml_path.read_text().splitlines()
    assert lines[1:3] == ["version: 1.2.0", f'fingerprint: "{now}"']
    assert Library(folder).version_label(Library(folder).procedure("si-joint-injection")) == "1.2.0"
    res = run("templates", "bump", "--procedure", "si-joint-injection", "--version", "1.1.9")
    assert res.exit_code == 1
    assert res.stderr == "docgen: error: --version: must be higher than the current version 1.2.0\n"
    assert run("consent", *flags(), "-o", "raised.pdf").exit_code == 0
    raised = one_line(Pdf((tmp_path / "raised.pdf").read_bytes()).text)
    assert "Template si-joint-injection/consent version 1.2.0 (en)" in raised


def test_a_template_overridden_without_procedure_yaml_says_to_copy_it(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    folder = clinic(tmp_path, edit="\nBring your glasses to the visit.\n")
    (folder / "procedures/si-joint-injection/procedure.yaml").unlink()
    res = run(
        "templates", "check", "--templates", str(folder), "--format", "json", "--procedure",
        "si-joint-injection",
    )  # fmt: skip
    found = [f["message"] for f in json.loads(res.stdout)["findings"] if f["check"] == "version"]
    assert len(found) == 1 and found[0].endswith(
        "(copy procedure.yaml into your templates folder to change it)"
    )
    # bump copies it, with the next patch version and the fingerprint.
    res = run("templates", "bump", "--templates", str(folder), "--procedure", "si-joint-injection")
    assert res.exit_code == 0, res.stderr
    library = Library(folder)
    proc = library.procedure("si-joint-injection")
    assert (proc.version, proc.fingerprint) == ("1.1.1", library.fingerprint("si-joint-injection"))
    assert library.version_label(proc) == "1.1.1"


def test_the_key_follows_the_settings_the_check_reads_and_no_others(tmp_path: Path) -> None:
    from docgen.model.settings import Audit, Clinic, Printing

    library = Library(clinic(tmp_path))
    base = EXAMPLE.model_copy(update={"templates": library.clinic_dir})
    key = cache_key(library, base)
    renamed = base.model_copy(update={"clinic": Clinic(**{**base.clinic.model_dump(), "name": "Other"})})
    assert cache_key(library, renamed) != key
    elsewhere = base.model_copy(
        update={"audit": Audit(database=str(tmp_path / "x.sqlite3")), "printing": Printing(queues=["q"])}
    )
    assert cache_key(library, elsewhere) == key
    assert cache_key(Library(clinic(tmp_path, edit="\nMore.\n", name="other")), base) != key


def test_a_cache_that_cannot_be_read_or_written_only_costs_a_check(tmp_path: Path) -> None:
    from docgen.checks import gate

    blocked = tmp_path / "a-file"
    blocked.write_text("")
    gate._write(blocked / "checks" / "key.json", [])  # no folder can be made under a file: skipped
    assert not (blocked / "checks").exists()
    broken = tmp_path / "broken.json"
    for text in ("{not json", '{"errors": 3}', "[]"):
        broken.write_text(text)
        assert gate._read(broken) is None  # checked again
    broken.write_text('{"format": 1, "errors": ["x: y"]}')
    assert gate._read(broken) == ["x: y"]
