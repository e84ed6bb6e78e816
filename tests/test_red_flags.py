"""Warning signs each procedure's documents must name (``red_flags:`` in procedure.yaml): the check
reports a missing one with the template, and the printed sheets carry the clinic's numbers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import Pdf, check_errors, clinic_copy, one_line

from docgen.checks.report import Finding
from docgen.content.library import Library
from docgen.errors import ConfigError
from docgen.model.settings import EXAMPLE, load_settings

TODAY = dt.date(2026, 11, 20)
PROCEDURES = ["si-joint-injection", "si-joint-rfa", "si-joint-fusion"]


def findings(folder: Path | None, procedure: str, check: str = "red-flags") -> list[Finding]:
    return check_errors(folder, procedure, check)


def delete_line(folder: Path, relative: str, start: str) -> None:
    path = folder / relative
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(start)]
    assert len(kept) == len(lines) - 1, f"{relative}: no single line starts with {start!r}"
    path.write_text("".join(kept), encoding="utf-8")


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_built_ins_name_every_red_flag(procedure: str) -> None:
    flags = {f.id for f in Library().procedure(procedure).red_flags}
    assert {"back-pain-with-fever", "saddle-numbness", "bladder-or-bowel", "high-blood-sugar"} <= flags
    assert findings(None, procedure) == []


def test_fusion_has_the_surgical_red_flags() -> None:
    flags = {f.id: f for f in Library().procedure("si-joint-fusion").red_flags}
    for needed in ("too-much-opioid", "blood-clot-in-leg", "new-shooting-leg-pain", "constipation"):
        assert needed in flags
    assert flags["high-blood-sugar"].when == {"diabetes": True}
    assert "burn-or-blister" in {f.id for f in Library().procedure("si-joint-rfa").red_flags}


def test_a_red_flag_deleted_from_the_warning_signs_is_an_error(tmp_path: Path) -> None:
    folder = clinic_copy(tmp_path)
    delete_line(folder, "common/en/warning-signs.md.j2", "- A leg that is weak or numb in a new way")
    found = findings(folder, "si-joint-injection")
    templates = {f.template for f in found}
    assert templates == {
        "procedures/si-joint-injection/en/info.md.j2",
        "procedures/si-joint-injection/en/aftercare.md.j2",
    }
    # That line names two signs: new leg weakness and numbness between the legs (saddle).
    assert {f.value for f in found} == {"new-leg-weakness-or-numbness", "saddle-numbness"}
    assert any("missing red flag saddle-numbness" in f.message for f in found)


def test_the_opioid_sign_deleted_after_fusion_is_an_error(tmp_path: Path) -> None:
    folder = clinic_copy(tmp_path)
    delete_line(folder, "procedures/si-joint-fusion/es/warning-signs.md.j2", "- Con medicina opioide")
    found = findings(folder, "si-joint-fusion")
    assert {f.value for f in found} == {"too-much-opioid"}
    assert {f.language for f in found} == {"es"}


def test_a_sign_only_for_diabetes_is_checked_on_visits_with_diabetes(tmp_path: Path) -> None:
    folder = clinic_copy(tmp_path)
    delete_line(folder, "common/es/warning-signs.md.j2", "- Azúcar en la sangre de más de")
    found = findings(folder, "si-joint-rfa")
    assert {f.value for f in found} == {"high-blood-sugar"}
    assert all("diabetes=true" in f.message for f in found)


def test_a_red_flag_must_have_words_in_every_language(tmp_path: Path) -> None:
    folder = clinic_copy(tmp_path)
    path = folder / "procedures/si-joint-rfa/procedure.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(", es: [ampolla]", ""), encoding="utf-8")
    found = findings(folder, "si-joint-rfa")
    assert found and all("burn-or-blister has no es keywords" in f.message for f in found)


def test_a_red_flag_for_an_unknown_visit_detail_is_refused(tmp_path: Path) -> None:
    folder = clinic_copy(tmp_path)
    path = folder / "procedures/si-joint-rfa/procedure.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("when: {diabetes: true}", "when: {sugar: true}"), encoding="utf-8")
    found = findings(folder, "si-joint-rfa", "metadata")
    assert found and "sugar" in found[0].message


# -- the clinic's numbers ----------------------------------------------------------------------


def settings_file(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "docgen.toml"
    path.write_text(
        '[clinic]\nname = "Test Clinic"\nday_phone = "555-0100"\nafter_hours_phone = "555-0199"\n' + extra,
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    "extra",
    ["fever_f = 102", "glucose_high_mg_dl = 600", "glucose_low_mg_dl = 20", "glucose_high_mg_dl = 99"],
)
def test_unsafe_thresholds_are_refused(tmp_path: Path, extra: str) -> None:
    with pytest.raises(ConfigError, match=extra.split(" ")[0]):
        load_settings(settings_file(tmp_path, extra))


def test_the_default_thresholds() -> None:
    assert EXAMPLE.clinic.fever_f == 101.0
    assert EXAMPLE.clinic.glucose_high_mg_dl == 300
    assert EXAMPLE.clinic.glucose_low_mg_dl == 70


@pytest.mark.parametrize("language", ["en", "es"])
def test_fusion_aftercare_prints_the_surgical_signs(render_pdf: Callable[..., Pdf], language: str) -> None:
    text = one_line(
        render_pdf(
            "aftercare", "--diabetes", "--blood-thinners", procedure="si-joint-fusion", language=language
        ).text
    )
    words = {
        "en": ["300 mg/dL", "hard to wake", "calf", "shooting pain", "no bowel movement", "Restart on"],
        "es": [
            "300 mg/dL",
            "le cuesta despertar",
            "pantorrilla",
            "baja por la pierna",
            "no ha evacuado",
            "Volver a tomarla el",
        ],
    }[language]
    for word in words:
        assert word in text, word


def test_the_clinic_blood_sugar_numbers_are_printed(render_pdf: Callable[..., Pdf], tmp_path: Path) -> None:
    config = settings_file(tmp_path, "glucose_high_mg_dl = 250\nglucose_low_mg_dl = 80\n")
    text = one_line(
        render_pdf(
            "info", "--diabetes", "--sedation", "iv", "--config", str(config), procedure="si-joint-rfa"
        ).text
    )
    assert "250 mg/dL" in text and "under 80 mg/dL" in text
    assert "300 mg/dL" not in text


@pytest.mark.parametrize("procedure", ["si-joint-injection", "si-joint-rfa"])
def test_oral_sedation_gets_the_24_hour_rule(render_pdf: Callable[..., Pdf], procedure: str) -> None:
    text = one_line(render_pdf("aftercare", "--sedation", "oral", procedure=procedure).text)
    assert "For 24 hours" in text and "(a pill)" in text
    assert "rest of the day" not in text


def test_the_diagnostic_pass_mark_is_not_in_the_patient_info(render_pdf: Callable[..., Pdf]) -> None:
    text = one_line(render_pdf("info", "--purpose", "diagnostic").text)
    # (\b: a random document ID in the footer may hold the digits "75" inside it)
    assert "percent better" not in text and not re.search(r"\b75\b", text)
