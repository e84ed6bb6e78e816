"""The pain diaries as forms: a place to write every time asked for, the right boxes in the right
rows, scores per side, room to write, the clinic's box kept with the end, and compact large print."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

import docgen
from docgen.layout.diary import WRITING, grid_widths
from docgen.layout.styles import profile_for
from docgen.model.visit import Options, Paper

PRINTED = dt.datetime(2026, 11, 18, 11, 6)
PROCEDURES = ("si-joint-injection", "si-joint-rfa", "si-joint-fusion")


def visit(procedure: str = "si-joint-injection", **changes: str | None) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "Jane Doe",
        "dob": "1961-04-12",
        "mrn": "00123456",
        "procedure": procedure,
        "side": "left",
        "date": "2026-12-01",
        "time": "10:30",
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def pages(
    procedure: str = "si-joint-injection",
    *,
    paper: str = "letter",
    large: bool = False,
    **changes: str | None,
) -> list[str]:
    """The diary's pages as text, each on one line."""
    import pypdfium2 as pdfium

    rendered = docgen.render(
        visit(procedure, **changes),
        "diary",
        options=Options(paper=Paper(paper), large_print=large, duplex=False),
        printed_at=PRINTED,
    )
    doc = pdfium.PdfDocument(rendered.pdf)
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in doc]
    finally:
        doc.close()


def text(procedure: str = "si-joint-injection", **kw: Any) -> str:
    return " ".join(pages(procedure, **kw))


DIGITS = "0 1 2 3 4 5 6 7 8 9 10"


@pytest.mark.parametrize("time", [None, "10:30"])
@pytest.mark.parametrize("large", [False, True])
def test_every_timed_row_has_a_blank_to_write_the_time_in(large: bool, time: str | None) -> None:
    # By design the rows count from the shot, and the visit's time (the arrival) never fills them in:
    # with or without a visit time, every row and the baseline have a blank, and no clock is printed.
    diary = text(time=time, large=large)
    for label in ("15 min after", "1 hour after", "8 hours after", "Before the procedure"):
        assert f"{label} ____:____ AM/PM" in diary
    assert not re.search(r"about \d", diary)
    spanish = text(time=time, language="es", paper="a4", large=large)
    assert "15 min después Hora: ____:____" in spanish


def test_the_baseline_has_a_time_blank_and_no_relief_cell() -> None:
    diary = text()
    assert f"Before the procedure ____:____ AM/PM {DIGITS}" in diary
    assert "Relief" not in diary and "—" not in diary  # no relief column, so no struck-out cell


def test_a_late_visit_prints_no_times_or_dates_past_midnight() -> None:
    diary = text(time="23:30", purpose="diagnostic")
    assert "11:45 PM" not in diary and "12:00 AM" not in diary and "Wed, Dec 2" not in diary
    assert "30 min after ____:____ AM/PM" in diary


@pytest.mark.parametrize("procedure", ["si-joint-injection", "si-joint-rfa"])
def test_a_both_sides_visit_scores_each_side(procedure: str) -> None:
    one_side = text(procedure)
    assert f"L {DIGITS}" not in one_side
    purpose = "diagnostic" if procedure == "si-joint-injection" else None
    both = text(procedure, side="bilateral", purpose=purpose)
    rows = 1 + (11 if procedure == "si-joint-injection" else 28)  # the baseline, then timed or daily
    assert both.count(f"L {DIGITS} R {DIGITS}") == rows
    assert "L = left side, R = right side" in both
    # Large print: the baseline is a card with a line of digits a side; the many rows after it are a
    # grid with a box a side to write the score in, under a key to the letters.
    large = text(procedure, side="bilateral", large=True, purpose=purpose)
    assert large.count(f"Left {DIGITS} Right {DIGITS}") == 1
    assert "In the pain boxes, L is your left side and R your right side." in large
    assert "Pain: write 0 to 10 What you tried Medicines and time L R" in large
    spanish = text(procedure, side="bilateral", language="es", purpose=purpose)
    assert spanish.count(f"I {DIGITS} D {DIGITS}") == rows


def test_the_diagnostic_grid_runs_to_8_hours_with_a_line_for_when_the_pain_came_back() -> None:
    diary = text(purpose="diagnostic")
    assert "8 hours after" in diary and "Time your usual pain came back (day and time):" in diary
    assert "Hora en que volvió su dolor de siempre" in text(purpose="diagnostic", language="es")
    assert "Time your usual pain came back" not in text(purpose="therapeutic")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_relief_threshold_is_only_in_the_clinic_box(language: str) -> None:
    diary = text(purpose="diagnostic", language=language)
    mark = "FOR THE CLINIC" if language == "en" else "SOLO PARA LA CLÍNICA"
    patient, clinic = diary.split(mark)
    assert "75" not in patient.replace("1975", "")
    assert "75" in clinic


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize(
    ("language", "done", "mark"),
    [
        ("en", "When you are done", "FOR THE CLINIC"),
        ("es", "Cuando termine", "SOLO PARA LA CLÍNICA"),
    ],
)
@pytest.mark.parametrize("side", ["left", "bilateral"])
def test_the_clinic_box_is_on_the_page_of_when_you_are_done(
    paper: str, large: bool, language: str, done: str, mark: str, side: str
) -> None:
    diary = pages(purpose="diagnostic", paper=paper, large=large, language=language, side=side)
    with_box = [n for n, page in enumerate(diary) if mark in page]
    assert len(with_box) == 1
    assert done in diary[with_box[0]]


def test_writing_columns_are_at_least_1_8_inches_and_the_digits_about_2() -> None:
    assert WRITING >= 1.8 * 72
    for paper in ("letter", "a4"):
        profile = profile_for(paper, False)
        when, digits, activity, medicines = grid_widths(profile.width)  # no relief column, by design
        assert activity >= 1.8 * 72 and medicines >= 1.8 * 72
        assert 1.85 * 72 <= digits <= 2.0 * 72
        assert when >= 76
        assert sum((when, digits, activity, medicines)) == pytest.approx(profile.width)


def test_the_reference_scale_says_so() -> None:
    assert "Pain scale (for reference)" in text()
    assert "circle one number" not in text()
    assert "Escala del dolor (como referencia)" in text(language="es")


def test_fusion_weeks_start_after_the_daily_rows() -> None:
    diary = text("si-joint-fusion")
    assert "Day 14 Tue, Dec 15" in diary
    assert "Week 1 " not in diary and "Week 2 " not in diary
    assert "Week 3 Tue, Dec 22" in diary and "Week 12 Tue, Feb 23" in diary


@pytest.mark.parametrize(
    ("procedure", "purpose"),
    [
        ("si-joint-injection", "therapeutic"),
        ("si-joint-injection", "diagnostic"),
        ("si-joint-rfa", None),
        ("si-joint-fusion", None),
    ],
)
def test_large_print_is_at_most_about_twice_as_long(procedure: str, purpose: str | None) -> None:
    standard = len(pages(procedure, purpose=purpose))
    large = len(pages(procedure, purpose=purpose, large=True))
    assert large <= 2 * standard + 1, (standard, large)


def test_large_print_diary_has_no_character_under_14_pt() -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    rendered = docgen.render(
        visit(purpose="diagnostic", side="bilateral", time=None),
        "diary",
        options=Options(large_print=True, duplex=False),
        printed_at=PRINTED,
    )
    doc = pdfium.PdfDocument(rendered.pdf)
    try:
        sizes = set()
        for page in doc:
            textpage = page.get_textpage()
            for i in range(textpage.count_chars()):
                if not textpage.get_text_range(i, 1).isspace():
                    sizes.add(round(raw.FPDFText_GetFontSize(textpage.raw, i), 1))
    finally:
        doc.close()
    assert min(sizes) >= 14
