"""The risk tables: each risk in the group its rate puts it in (checked by `templates check`), risks
shown only for the visits they concern, the overall figure above the table, what to do under it,
and numbers written the US way in Spanish."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import Pdf, Result, one_line
from pydantic import ValidationError

from docgen.checks.risks import belongs_in, risk_problems
from docgen.content.library import Library
from docgen.content.locale import Locale
from docgen.model.procedure import Procedure, Risk
from docgen.model.visit import Language
from docgen.resources import templates_dir

TODAY = "2026-11-20"
FUSION = "si-joint-fusion"


def clinic_copy(tmp_path: Path, procedure: str, change: Callable[[dict[str, Any]], None]) -> Path:
    """A clinic's templates folder holding a copy of one built-in procedure, its procedure.yaml
    changed by ``change``."""
    folder = tmp_path / "our-wording"
    shutil.copytree(templates_dir() / "procedures" / procedure, folder / "procedures" / procedure)
    path = folder / "procedures" / procedure / "procedure.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def check(run: Callable[..., Result], folder: Path, procedure: str) -> tuple[int, list[dict[str, Any]]]:
    res = run(
        "templates", "check", "--templates", str(folder), "--procedure", procedure,
        "--today", TODAY, "--format", "json",
    )  # fmt: skip
    return res.exit_code, json.loads(res.stdout)["findings"]


def risk(data: dict[str, Any], risk_id: str) -> dict[str, Any]:
    return next(r for r in data["risks"] if r["id"] == risk_id)


# -- the grouping rule -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "rate", "group"),
    [
        ("common-minor", 0.3, "common-minor"),
        ("common-minor", 0.0001, "common-minor"),  # minor at any rate
        ("rare-serious", 0.001, "rare-serious"),  # 1 in 1,000 is rare
        ("less-common-serious", 0.001, "rare-serious"),
        ("rare-serious", 0.0011, "less-common-serious"),
        ("rare-serious", 0.029, "less-common-serious"),
    ],
)
def test_the_rule_places_a_risk_by_its_rate(category: str, rate: float, group: str) -> None:
    r = Risk.model_validate(
        {"id": "x", "category": category, "rate": rate, "wording": {"en": "x"}, "source": "test"}
    )
    assert belongs_in(r) == group


def test_built_in_risks_are_all_in_their_group_and_checked() -> None:
    library = Library()
    for proc in library.procedures():
        assert proc.risks, proc.id
        assert risk_problems(proc) == [], proc.id


def test_a_mis_grouped_risk_is_an_error_naming_procedure_risk_rate_and_group(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    def misplace(data: dict[str, Any]) -> None:
        risk(data, "revision")["category"] = "rare-serious"  # 1 in 30 is not rare

    code, findings = check(run, clinic_copy(tmp_path, FUSION, misplace), FUSION)
    assert code == 1
    errors = [f for f in findings if f["level"] == "error"]
    assert len(errors) == 1, errors
    (error,) = errors
    assert error["template"] == f"{FUSION}/procedure.yaml" and error["check"] == "risks"
    assert f"{FUSION}: risk revision" in error["message"] and "0.029 (1 in 34)" in error["message"]
    assert "belongs in less-common-serious" in error["message"]
    assert error["target"] == "less-common-serious"


def test_a_rare_risk_under_less_common_is_an_error_too(run: Callable[..., Result], tmp_path: Path) -> None:
    def misplace(data: dict[str, Any]) -> None:
        risk(data, "vessel-injury")["category"] = "less-common-serious"

    code, findings = check(run, clinic_copy(tmp_path, FUSION, misplace), FUSION)
    assert code == 1
    messages = [f["message"] for f in findings if f["level"] == "error"]
    assert any("vessel-injury" in m and "belongs in rare-serious" in m for m in messages), messages


def test_an_unchecked_source_is_a_warning(run: Callable[..., Result], tmp_path: Path) -> None:
    def unchecked(data: dict[str, Any]) -> None:
        risk(data, "blood-clot")["source"] += " VERIFY"

    code, findings = check(run, clinic_copy(tmp_path, FUSION, unchecked), FUSION)
    assert code == 0
    warnings = [f["message"] for f in findings if f["level"] == "warning" and f["check"] == "risks"]
    assert len(warnings) == 1 and "risk blood-clot" in warnings[0] and "VERIFY" in warnings[0]


def test_a_condition_on_an_unknown_visit_detail_is_refused(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    def unknown(data: dict[str, Any]) -> None:
        risk(data, "blood-clot")["when"] = {"smoker": True}

    code, findings = check(run, clinic_copy(tmp_path, FUSION, unknown), FUSION)
    assert code == 1
    assert any(f["level"] == "error" and "smoker" in f["message"] for f in findings), findings
    base = yaml.safe_load((templates_dir() / "procedures" / FUSION / "procedure.yaml").read_text())
    with pytest.raises(ValidationError):
        Procedure.model_validate({**base, "risks": [{**base["risks"][0], "when": {"sedation": ["gas"]}}]})


def test_a_note_or_overall_figure_without_a_translation_is_an_error(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    def untranslated(data: dict[str, Any]) -> None:
        del data["overall"]["wording"]["es"]

    code, findings = check(run, clinic_copy(tmp_path, FUSION, untranslated), FUSION)
    assert code == 1
    assert any(f["level"] == "error" and f["message"] == "overall has no es wording" for f in findings)


# -- what the table prints ---------------------------------------------------------------------


def table_text(pdf: Pdf) -> str:
    return one_line(pdf.text)


def test_the_diabetes_row_only_with_diabetes_and_the_plain_note_only_without(
    render_pdf: Callable[..., Pdf],
) -> None:
    diabetic = table_text(render_pdf("consent", "--diabetes"))
    other = table_text(render_pdf("consent"))
    numbing_only = table_text(render_pdf("consent", purpose="diagnostic"))
    row = "Most people with diabetes: your blood sugar goes up for a few days after the steroid"
    note = "Even without diabetes, the steroid may raise your blood sugar a little for a few days."
    assert row in diabetic and "more than 1 in 2 people (not well measured)" in diabetic
    assert row not in other and "more than 1 in 2 people" not in other
    assert note in other and note not in diabetic
    assert "blood sugar" not in numbing_only  # no steroid, no blood-sugar row or note


def test_sedation_risks_only_with_iv_sedation(render_pdf: Callable[..., Pdf]) -> None:
    for procedure in ("si-joint-injection", "si-joint-rfa"):
        iv = table_text(render_pdf("consent", procedure=procedure, sedation="iv"))
        awake = table_text(render_pdf("consent", procedure=procedure, sedation="none"))
        for words in ("Slow or shallow breathing", "Low blood pressure", "help you breathe, with a mask"):
            assert words in iv and words not in awake, (procedure, words)


def test_the_groups_print_in_order_and_the_overall_figure_above_the_table(
    render_pdf: Callable[..., Pdf],
) -> None:
    text = table_text(render_pdf("consent", procedure=FUSION, side="right"))
    overall = "In studies, about 1 in 8 people had some problem after this surgery, big or small."
    marks = [
        overall,
        "What could happen",
        "Common, and usually minor",
        "Less common, but serious",
        "Needing a second surgery on the same joint within 2 years, for any reason about 1 in 30 people",
        "Rare, but serious",
        "look at “When to get help” on your “After your procedure” sheet. Or call us.",
    ]
    at = [text.find(m) for m in marks]
    assert -1 not in at, [m for m, i in zip(marks, at, strict=True) if i == -1]
    assert at == sorted(at)
    assert "Any problem at all" not in text  # the total is no longer a row


def test_a_procedure_without_serious_common_risks_skips_that_group(render_pdf: Callable[..., Pdf]) -> None:
    text = table_text(render_pdf("consent"))
    assert "Common, and usually minor" in text and "Rare, but serious" in text
    assert "Less common, but serious" not in text


def test_rfa_lists_nerve_injury_burn_and_allergy_and_one_skin_row(render_pdf: Callable[..., Pdf]) -> None:
    text = table_text(render_pdf("consent", procedure="si-joint-rfa"))
    for words in (
        "Damage to a nerve to the leg",
        "A burn on the skin",
        "An allergy to the numbing",
    ):
        assert words in text, words
    assert text.count("Burning, tingling or numb skin over the buttock") == 1
    assert (
        "over the buttock, for days to weeks. In one study, it went away in everyone. about 1 in 10" in text
    )


def test_spanish_writes_a_thousand_the_us_way(render_pdf: Callable[..., Pdf]) -> None:
    text = table_text(render_pdf("consent", language="es"))
    assert "menos de 1 de cada 1,000 personas" in text
    assert "1.000" not in text
    assert "(sin datos exactos)" in text
    fever = table_text(render_pdf("aftercare", procedure=FUSION, language="es"))
    assert "(38.3 °C)" in fever and "38,3" not in fever


def test_locale_numbers_follow_the_numbers_key() -> None:
    library = Library()
    es = Locale(Language.ES, library.strings(Language.ES))
    assert es.frequency(0.001, "less-than") == "menos de 1 de cada 1,000 personas"
    assert (
        es.frequency(0.1, "less-than", measured=False) == "menos de 1 de cada 10 personas (sin datos exactos)"
    )
    assert es.number(38.3, "0.0") == "38.3"
    en = Locale(Language.EN, library.strings(Language.EN))
    assert en.frequency(0.0005) == "about 1 in 2,000 people"
