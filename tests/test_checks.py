"""`docgen templates check`: the built-ins pass; each committed broken template gives its finding."""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import Result, flags

from docgen.checks.readability import TARGETS, as_sentences, fh_band, fh_grade, score
from docgen.checks.samples import pairwise
from docgen.content.library import Library
from docgen.resources import templates_dir

CASES = Path(__file__).parent / "data" / "check-templates"
TODAY = "2026-11-20"
FIXTURE = "check-example"


def clinic_folder(tmp_path: Path, case: str | None = None) -> Path:
    """A clinic's templates folder: the good example procedure with one case's broken files on top."""
    folder = tmp_path / "our-wording"
    shutil.copytree(CASES / "good", folder)
    if case is not None:
        shutil.copytree(CASES / case, folder, dirs_exist_ok=True)
    return folder


def check(run: Callable[..., Result], *args: str) -> tuple[int, dict[str, Any]]:
    res = run("templates", "check", "--today", TODAY, "--format", "json", *args)
    return res.exit_code, json.loads(res.stdout)


def problems(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["level"] != "ok"]


def test_built_in_templates_pass(run: Callable[..., Result]) -> None:
    code, report = check(run)
    errors = [
        f"{f['template']} {f['language']}: {f['message']}" for f in problems(report) if f["level"] == "error"
    ]
    assert code == 0, "\n".join(errors)
    # Every procedure × document × language was rendered and graded.
    library = Library()
    expected = {
        (p.id, kind.value, lang.value)
        for p in library.procedures()
        for kind in p.documents
        for lang in p.languages
    }
    graded = {(d["procedure"], d["kind"], d["language"]) for d in report["documents"]}
    assert graded == expected
    for doc in report["documents"]:
        assert doc["grade"] <= TARGETS.grade_required, doc


def test_good_example_passes_without_warnings_and_prints_a_table(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    folder = clinic_folder(tmp_path)
    res = run("templates", "check", "--templates", str(folder), "--procedure", FIXTURE, "--today", TODAY)
    assert res.exit_code == 0, res.stdout.decode()
    out = res.stdout.decode()
    assert "Reading grade" in out
    assert f"{FIXTURE}/consent" in out and "FK " in out
    assert "No errors; 0 warnings." in out  # the example is approved, reviewed and plain
    assert res.stderr == ""


# (case, check, template, words in the message, section)
BROKEN = [
    ("syntax", "syntax", f"procedures/{FIXTURE}/en/info.md.j2", ["line 3", "unexpected '}'"], ""),
    (
        "untaken-branch",
        "placeholders",
        f"procedures/{FIXTURE}/en/aftercare.md.j2",
        ["line 5", "visit.physican", "did you mean visit.physician"],
        "",
    ),
    ("unknown-component", "markdown", f"{FIXTURE}/aftercare", ["'::: warning'", "call-us"], ""),
    ("overdue", "review", f"{FIXTURE}/procedure.yaml", ["review date 2026-10-01 has passed"], ""),
    ("consent-missing", "consent", f"{FIXTURE}/consent", ["missing the material risks"], ""),
    ("consent-missing", "consent", f"{FIXTURE}/consent", ["missing the signature blocks"], ""),
    (
        "hard-to-read",
        "reading-grade",
        f"{FIXTURE}/info",
        ["above grade 8", "Flesch–Kincaid"],
        "Understanding the pathophysiology",
    ),
    ("missing-translation", "translation", f"{FIXTURE}/consent", ["consent exists in en but not in es"], ""),
]


@pytest.mark.parametrize(("case", "kind", "template", "words", "section"), BROKEN)
def test_broken_templates_are_reported(
    run: Callable[..., Result],
    tmp_path: Path,
    case: str,
    kind: str,
    template: str,
    words: list[str],
    section: str,
) -> None:
    folder = clinic_folder(tmp_path, case)
    code, report = check(run, "--templates", str(folder), "--procedure", FIXTURE)
    assert code == 1
    errors = [f for f in problems(report) if f["level"] == "error" and f["check"] == kind]
    matching = [
        f
        for f in errors
        if f["template"] == template and f["section"] == section and all(w in f["message"] for w in words)
    ]
    assert matching, json.dumps(errors, indent=1, ensure_ascii=False)
    assert not report["ok"]


def test_untaken_branch_renders_fine_so_only_the_walk_finds_it_and_printing_is_refused(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    import docgen
    from docgen.model.settings import EXAMPLE

    folder = clinic_folder(tmp_path, "untaken-branch")
    settings = EXAMPLE.model_copy(update={"templates": folder})
    # The library call renders: no sample takes the branch...
    rendered = docgen.render(
        {
            "name": "Alex Example",
            "dob": "1961-04-12",
            "mrn": "DEMO-1",
            "date": "2026-11-21",
            "procedure": FIXTURE,
            "side": "left",
        },
        "aftercare",
        settings=settings,
    )
    assert rendered.pages >= 1
    # ...but the command line refuses to print from the set, before any patient reaches it.
    out = tmp_path / "aftercare.pdf"
    res = run("aftercare", *flags(procedure=FIXTURE), "--templates", str(folder), "-o", str(out))
    assert res.exit_code == 1 and not out.exists()
    assert res.stderr == (
        "docgen: error: our-wording/procedures/check-example/en/aftercare.md.j2: line 5: "
        "'visit.physican' is not a placeholder (did you mean visit.physician?); fix it, then run "
        "docgen templates check\n"
    )
    code, report = check(run, "--templates", str(folder), "--procedure", FIXTURE)
    assert code == 1
    errors = [f["template"] for f in problems(report) if f["level"] == "error"]
    assert errors == [f"procedures/{FIXTURE}/en/aftercare.md.j2"]


def test_the_table_names_the_template_and_line(run: Callable[..., Result], tmp_path: Path) -> None:
    folder = clinic_folder(tmp_path, "syntax")
    res = run("templates", "check", "--templates", str(folder), "--procedure", FIXTURE, "--today", TODAY)
    assert res.exit_code == 1
    out = " ".join(res.stdout.decode().split())
    assert f"procedures/{FIXTURE}/en/info.md.j2" in out
    assert "line 3: unexpected '}'" in out
    assert "1 errors" in out


def test_review_date_close_is_a_warning(run: Callable[..., Result], tmp_path: Path) -> None:
    folder = clinic_folder(tmp_path, "overdue")
    res = run(
        "templates", "check", "--templates", str(folder), "--procedure", FIXTURE, "--today", "2026-09-01"
    )
    assert res.exit_code == 0
    assert "review date 2026-10-01 is 30 days away" in " ".join(res.stdout.decode().split())


def test_i18n_words_missing_or_with_other_fields(run: Callable[..., Result], tmp_path: Path) -> None:
    folder = clinic_folder(tmp_path)
    words = yaml.safe_load((templates_dir() / "i18n" / "en.yaml").read_text(encoding="utf-8"))
    del words["titles"]["info"]
    words["frequency"]["about"] = "alrededor de 1 de cada {m} personas"
    (folder / "i18n").mkdir()
    (folder / "i18n" / "es.yaml").write_text(yaml.safe_dump(words, allow_unicode=True), encoding="utf-8")
    code, report = check(run, "--templates", str(folder), "--procedure", FIXTURE)
    assert code == 1
    messages = [f["message"] for f in problems(report) if f["template"] == "i18n/es.yaml"]
    assert "titles.info is missing (en.yaml has it)" in messages
    assert "frequency.about must fill in ['n'] like en.yaml, not ['m']" in messages


def test_bad_options_are_one_line(run: Callable[..., Result]) -> None:
    res = run("templates", "check", "--procedure", "no-such-thing")
    assert res.exit_code == 1
    assert res.stderr.strip().startswith("docgen: error: --procedure: no-such-thing is not a known procedure")
    assert len(res.stderr.strip().splitlines()) == 1
    assert run("templates", "check", "--today", "21/11/2026").exit_code == 2


def test_pairwise_covers_every_pair_of_values() -> None:
    dims: list[tuple[str, list[Any]]] = [
        ("side", ["left", "right", "bilateral"]),
        ("sedation", ["none", "oral", "iv"]),
    ]
    dims += [(name, [False, True]) for name in ("diabetes", "blood_thinners", "trainees")]
    dims.append(("time", [None, "10:30"]))
    rows = pairwise(dims)
    assert len(rows) < 3 * 3 * 2 * 2 * 2 * 2
    for (a, va), (b, vb) in itertools.combinations(dims, 2):
        for x, y in itertools.product(va, vb):
            assert any(r[a] == x and r[b] == y for r in rows), (a, x, b, y)


def test_reading_scores() -> None:
    easy = score(as_sentences(["Rest at home today", "Keep the bandage on.", "Call us if it hurts."]), "en")
    assert easy.fk_grade is not None and easy.fk_grade < TARGETS.grade_aim
    assert easy.sentences == 3
    hard = score(
        "Comprehensive multidisciplinary evaluation necessitates fluoroscopically guided administration.",
        "en",
    )
    assert hard.grade > TARGETS.grade_required
    spanish = score(as_sentences(["Descanse hoy", "Llámenos si le duele."]), "es")
    assert spanish.fh_ease is not None and spanish.fh_ease > TARGETS.ease_aim
    assert spanish.fk_grade is None and spanish.band in ("muy fácil", "fácil", "bastante fácil")
    assert fh_grade(TARGETS.ease_aim) == TARGETS.grade_aim
    assert fh_grade(TARGETS.ease_required) == TARGETS.grade_required
    assert fh_band(75)[0] == "bastante fácil"
