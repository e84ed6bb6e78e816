"""`templates check` flags a translation older than the English text it was made from."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from helpers import Result

from docgen.checks.metadata import fingerprint

CASES = Path(__file__).parent / "data" / "check-templates"
FIXTURE = "check-example"
KINDS = ("info", "consent", "aftercare", "diary")


def translated(tmp_path: Path, status: str, recorded: bool = True) -> Path:
    """The good example with a Spanish copy of its templates, recorded as made from today's English."""
    folder = tmp_path / "wording"
    shutil.copytree(CASES / "good", folder)
    proc = folder / "procedures" / FIXTURE
    shutil.copytree(proc / "en", proc / "es")
    meta = yaml.safe_load((proc / "procedure.yaml").read_text(encoding="utf-8"))
    meta["names"]["es"] = {"name": "inyección de ejemplo", "short_name": "inyección"}
    for risk in meta["risks"]:
        risk["wording"]["es"] = risk["wording"]["en"]
    source = {kind: fingerprint(proc / "en" / f"{kind}.md.j2") for kind in KINDS} if recorded else {}
    meta["languages"]["es"] = {"status": status, "translated_from": source}
    if status == "reviewed":
        meta["languages"]["es"] |= {"reviewed_by": "A. Translator", "reviewed_on": "2026-06-01"}
    (proc / "procedure.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    return folder


def age_findings(run: Callable[..., Result], folder: Path) -> tuple[int, list[dict[str, Any]]]:
    res = run(
        "templates", "check", "--templates", str(folder), "--procedure", FIXTURE,
        "--today", "2026-11-20", "--format", "json",
    )  # fmt: skip
    report = json.loads(res.stdout)
    found = [f for f in report["findings"] if f["check"] == "translation" and f["language"] == "es"]
    return res.exit_code, found


def test_a_translation_made_from_the_current_english_is_not_flagged(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    # (The copied English consent lacks the Spanish consent words; only translation findings count.)
    _, found = age_findings(run, translated(tmp_path, "reviewed"))
    assert found == []


def test_english_edited_after_translation_is_flagged_with_the_new_fingerprint(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    folder = translated(tmp_path, "machine")
    english = folder / "procedures" / FIXTURE / "en" / "consent.md.j2"
    english.write_text(english.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    _, found = age_findings(run, folder)
    assert [f["level"] for f in found] == ["warning"], found
    assert "consent is older than its English source" in found[0]["message"]
    assert found[0]["target"] == fingerprint(english)
    # Once the translation is marked reviewed, a stale one is an error: its pages would say "checked".
    folder = translated(tmp_path / "2", "reviewed")
    english = folder / "procedures" / FIXTURE / "en" / "consent.md.j2"
    english.write_text(english.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    code, found = age_findings(run, folder)
    assert code == 1 and [f["level"] for f in found] == ["error"], found


def test_line_endings_alone_do_not_make_a_translation_old(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_bytes(b"one\ntwo\n")
    b.write_bytes(b"one\r\ntwo\r\n")
    assert fingerprint(a) == fingerprint(b)


def test_no_record_asks_for_one(run: Callable[..., Result], tmp_path: Path) -> None:
    _, found = age_findings(run, translated(tmp_path, "machine", recorded=False))
    assert sorted(f["message"].split(" text ")[0] for f in found) == [
        f"no record of the English {kind}" for kind in sorted(KINDS)
    ]
