"""What the pain diaries ask of the patient: times counted from the shot (never worked out from the
arrival time), pain scores only (no relief to calculate), the pass mark kept for the clinic, rows for
as long as the test lasts, no forbidden movement after fusion, a way to send the diary back, and a
caution (and a templates-check warning) when a diagnostic block is given with IV sedation."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

import docgen
from docgen.checks.checker import check_templates
from docgen.content.library import Library
from docgen.model.settings import EXAMPLE, Settings, load_settings
from docgen.model.visit import Options, Paper
from docgen.resources import templates_dir

PRINTED = dt.datetime(2026, 11, 18, 11, 6)
MARK = {"en": "FOR THE CLINIC", "es": "SOLO PARA LA CLÍNICA"}
LAYOUTS = [(lang, large) for lang in ("en", "es") for large in (False, True)]


def diary(
    procedure: str = "si-joint-injection",
    *,
    large: bool = False,
    settings: Settings | None = None,
    **changes: Any,
) -> str:
    """The diary's text on one line (a fictional patient, shot booked for 10:30)."""
    import pypdfium2 as pdfium

    visit: dict[str, Any] = {
        "name": "Jane Doe",
        "dob": "1961-04-12",
        "mrn": "00123456",
        "procedure": procedure,
        "side": "left",
        "date": "2026-12-01",
        "time": "10:30",
        **changes,
    }
    rendered = docgen.render(
        {k: v for k, v in visit.items() if v is not None},
        "diary",
        settings=settings,
        options=Options(paper=Paper.LETTER, large_print=large, duplex=False),
        printed_at=PRINTED,
    )
    doc = pdfium.PdfDocument(rendered.pdf)
    try:
        return " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in doc)
    finally:
        doc.close()


def patient_part(text: str, language: str) -> str:
    """Everything before the clinic's box (the patient's part), without the page furniture."""
    body = text.split(MARK[language])[0]
    return re.sub(r"Printed [^·]*?(AM|PM)|Impreso el \S+ \S+ \S+ [\d:]+", "", body)


# -- 1. Times count from the shot -----------------------------------------------------------------


@pytest.mark.parametrize(("language", "large"), LAYOUTS)
def test_no_clock_time_is_worked_out_from_the_visit_time(language: str, large: bool) -> None:
    text = diary(purpose="diagnostic", language=language, large=large)
    # 10:30 is when the patient arrives; 15 minutes later is not "15 minutes after the shot".
    for clock in ("10:45", "11:00", "11:15", "11:30", "12:30", "6:30", "18:30"):
        assert clock not in text, clock
    shot = "Time of the shot: ____:____ AM/PM" if language == "en" else "Hora de la inyección: ____:____"
    assert shot in text
    first = "15 min after ____:____ AM/PM" if language == "en" else "15 min después Hora: ____:____"
    assert first in text


def test_the_instructions_do_no_time_arithmetic() -> None:
    text = diary(purpose="diagnostic")
    assert "write the time of the shot on the line above the grid" in text
    assert "Write the clock time in each row" in text
    spanish = diary(purpose="diagnostic", language="es")
    assert "en cada momento que indica la tabla" in spanish and "a cada hora" not in spanish
    assert "Hora del reloj" not in spanish


# -- 2. Pain scores only: the clinic works out the relief -----------------------------------------


@pytest.mark.parametrize(
    ("procedure", "purpose"),
    [
        ("si-joint-injection", "diagnostic"),
        ("si-joint-injection", "therapeutic"),
        ("si-joint-rfa", None),
        ("si-joint-fusion", None),
    ],
)
@pytest.mark.parametrize(("language", "large"), LAYOUTS)
def test_the_patient_is_never_asked_for_a_percentage(
    procedure: str, purpose: str | None, language: str, large: bool
) -> None:
    text = patient_part(diary(procedure, purpose=purpose, language=language, large=large), language)
    assert "%" not in text
    assert not re.search(r"relief|alivio \(|columna de alivio|0 for no better|100 si ya", text, re.I)


# -- 3. The pass mark is for the clinic only --------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_pass_mark_is_printed_only_in_the_clinic_box(language: str, tmp_path: Path) -> None:
    config = tmp_path / "docgen.toml"
    config.write_text(
        '[clinic]\nname = "Test Clinic"\naddress = "1 Test Road"\nday_phone = "555-0100"\n'
        'after_hours_phone = "555-0199"\n\n[diary]\ndiagnostic_relief_threshold = 80\n'
    )
    text = diary(purpose="diagnostic", language=language, settings=load_settings(config))
    patient, clinic = text.split(MARK[language])
    assert not re.search(r"\b80\b", patient)
    assert re.search(r"\b80\s?%", clinic)


# -- 4. Rows for as long as the test lasts ------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_diagnostic_rows_reach_8_hours_as_the_plan_and_the_words_say(language: str) -> None:
    plan = Library().procedure("si-joint-injection").diary
    assert max(plan.timed_minutes) == 480
    text = diary(purpose="diagnostic", language=language)
    last, words = (
        ("8 hours after", "goes to 8 hours") if language == "en" else ("8 horas después", "hasta 8 horas")
    )
    assert last in text and words in text
    came_back = "Time your usual pain came back" if language == "en" else "Hora en que volvió su dolor"
    assert came_back in text


# -- 5. Fusion: no bending, weeks after the days ---------------------------------------------------------


@pytest.mark.parametrize("large", [False, True])
def test_the_fusion_diary_never_suggests_bending(large: bool) -> None:
    text = diary("si-joint-fusion", large=large)
    assert "bend" not in text.lower()
    assert "What you tried (sit, stand, walk)" in text or large
    spanish = diary("si-joint-fusion", language="es", large=large)
    assert "agach" not in spanish.lower()
    # The injection still suggests the moves that usually hurt, bending included.
    assert "What you tried (sit, stand, walk, bend)" in diary(purpose="therapeutic")


def test_the_fusion_weeks_start_where_the_days_end_and_the_words_say_so() -> None:
    plan = Library().procedure("si-joint-fusion").diary
    first_week = plan.daily_days // 7 + 1
    text = diary("si-joint-fusion")
    assert f"Day {plan.daily_days} " in text and f"Day {plan.daily_days + 1} " not in text
    assert f"Week {first_week - 1} " not in text and f"Week {first_week} " in text
    assert f"Week {plan.weekly_weeks} " in text
    assert f"From week {first_week} to week {plan.weekly_weeks}" in text
    assert f"starts at week {first_week} and ends at week {plan.weekly_weeks}" in text
    assert "in the past week" in text and "Each question is about the past week" in text
    spanish = diary("si-joint-fusion", language="es")
    assert f"De la semana {first_week} a la semana {plan.weekly_weeks}" in spanish
    assert "en la última semana" in spanish


def test_the_spanish_peg_wording_is_marked_as_not_validated() -> None:
    source = (templates_dir() / "procedures/si-joint-fusion/es/diary.md.j2").read_text()
    assert "NOT a validated Spanish translation" in source
    words = (templates_dir() / "i18n/es.yaml").read_text()
    assert "NOT a validated translation of the PEG" in words


# -- 6. A way to send the diary back ---------------------------------------------------------------------


@pytest.mark.parametrize("procedure", ["si-joint-injection", "si-joint-rfa", "si-joint-fusion"])
def test_the_diary_says_where_to_send_it(procedure: str, tmp_path: Path) -> None:
    text = diary(procedure)
    assert "to: Example Spine & Pain Clinic, 100 Example Street, Springfield." in text
    config = tmp_path / "docgen.toml"
    config.write_text(
        '[clinic]\nname = "Test Clinic"\nday_phone = "555-0100"\nafter_hours_phone = "555-0199"\n\n'
        '[diary]\nreturn_to = "fax 555-0101 or the patient portal."\n'
    )
    text = diary(procedure, settings=load_settings(config), language="es")
    assert "a: fax 555-0101 or the patient portal." in text and "portal.." not in text


# -- 7. A diagnostic block with IV sedation --------------------------------------------------------------


@pytest.mark.parametrize(("language", "large"), LAYOUTS)
def test_iv_sedation_with_a_diagnostic_block_is_flagged_for_patient_and_clinic(
    language: str, large: bool
) -> None:
    sedated = diary(purpose="diagnostic", sedation="iv", language=language, large=large)
    caution = (
        "You had medicine to relax you" if language == "en" else "Le dieron un medicamento para relajarse"
    )
    note = "relief may be overstated" if language == "en" else "el alivio puede estar sobrestimado"
    patient, clinic = sedated.split(MARK[language])
    assert caution in patient and note in clinic
    for purpose, sedation in (("diagnostic", "oral"), ("therapeutic", "iv")):
        text = diary(language=language, large=large, purpose=purpose, sedation=sedation)
        assert caution not in text and note not in text


def _warnings(library: Library) -> list[str]:
    report = check_templates(library, EXAMPLE, today=dt.date(2026, 11, 20), procedures=["si-joint-injection"])
    return [f.message for f in report.findings if f.check == "validity" and f.level.value == "warning"]


def test_templates_check_warns_on_a_diagnostic_block_with_iv_sedation(tmp_path: Path) -> None:
    warned = _warnings(Library())
    assert len(warned) == 1
    assert "purpose=diagnostic, sedation=iv" in warned[0] and "Cohen 2014" in warned[0]
    # A clinic whose injections are never diagnostic blocks is not warned.
    folder = tmp_path / "clinic" / "procedures" / "si-joint-injection"
    folder.mkdir(parents=True)
    source = templates_dir() / "procedures" / "si-joint-injection" / "procedure.yaml"
    data = yaml.safe_load(source.read_text())
    data["purposes"] = ["therapeutic"]
    (folder / "procedure.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    for language in ("en", "es"):
        shutil.copytree(templates_dir() / "procedures" / "si-joint-injection" / language, folder / language)
    assert _warnings(Library(tmp_path / "clinic")) == []
