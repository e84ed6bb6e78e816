"""Templates, Markdown and the pure pieces: frequencies, escaping, the sandbox, the diary schedule."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import Result, flags, one_line, render_from

from docgen.content.diary import daily_dates, timed_offsets
from docgen.content.environment import md_escape
from docgen.content.locale import one_in
from docgen.content.markdown import parse, plain_text
from docgen.document import Box, Component, Heading, ListBlock, Para, Table
from docgen.resources import templates_dir


@pytest.mark.parametrize(
    ("rate", "n"),
    [(0.129, 8), (0.053, 20), (0.023, 40), (0.021, 50), (0.062, 15), (0.001, 1000), (0.5, 2)],
)
def test_natural_frequencies_use_round_numbers(rate: float, n: int) -> None:
    assert one_in(rate) == n


@pytest.mark.parametrize("text", ["O'Brien & <Sons>", "*a* _b_ `c` [d](e) # f", "1. not a list", "a\\b"])
def test_escaped_values_parse_back_to_the_same_text(text: str) -> None:
    blocks = parse(str(md_escape(text)))
    assert plain_text(blocks) == text


def test_markdown_becomes_blocks() -> None:
    blocks = parse(
        "# Title\n\nSome **bold** text.\n\n- [ ] tick me\n- [x] done\n\n1. one\n2. two\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n::: call-us Call us if:\n- fever\n:::\n\n::: signatures\n:::\n"
    )
    kinds = [type(b) for b in blocks]
    assert kinds == [Heading, Para, ListBlock, ListBlock, Table, Box, Component]
    checks = blocks[2]
    assert isinstance(checks, ListBlock) and [i.check for i in checks.items] == [False, True]
    numbered = blocks[3]
    assert isinstance(numbered, ListBlock) and numbered.ordered
    box = blocks[5]
    assert isinstance(box, Box) and box.kind == "call-us"
    assert "".join(r.text for r in box.title) == "Call us if:"
    para = blocks[1]
    assert isinstance(para, Para) and [r.bold for r in para.text] == [False, True, False]


def test_diary_schedule_counts_from_the_shot_not_the_visit_time() -> None:
    # The same-day rows are minutes after the shot (the visit's time is the arrival): no clock times.
    assert timed_offsets([60, 15, 30, 15, 480]) == [15, 30, 60, 480]
    days = daily_dates(dt.date(2026, 12, 25), 14)
    assert days[0] == dt.date(2026, 12, 26) and days[-1] == dt.date(2027, 1, 8) and len(days) == 14


@pytest.fixture
def clinic_templates(tmp_path: Path) -> Path:
    """A clinic folder holding a copy of the built-in injection aftercare template."""
    folder = tmp_path / "clinic-templates"
    target = folder / "procedures" / "si-joint-injection" / "en"
    target.mkdir(parents=True)
    shutil.copy(templates_dir() / "procedures/si-joint-injection/en/aftercare.md.j2", target)
    return folder


def test_clinic_folder_wins_and_can_extend_the_built_in(
    clinic_templates: Path, run: Callable[..., Result]
) -> None:
    page = clinic_templates / "procedures/si-joint-injection/en/aftercare.md.j2"
    page.write_text(
        '# Parking\n\nPark in lot B.\n\n{% include "builtin/procedures/si-joint-injection/en/'
        'aftercare.md.j2" %}\n'
    )
    res = run("aftercare", *flags(), "--templates", str(clinic_templates), "-o", "-")
    assert res.exit_code == 0, res.stderr
    from helpers import Pdf

    text = one_line(Pdf(res.stdout).text)
    assert "Park in lot B." in text and "Ice, not heat" in text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Hello {{ patient.nmae }}", "has no attribute 'nmae'"),
        ("Hello {{ nobody }}", "'nobody' is undefined"),
        ("{% if %}", "line 1"),
        ("{{ visit.__class__.__mro__ }}", "unsafe"),
        ("{{ ''.__class__ }}", "unsafe"),
        ("::: signatures\nnot empty\n:::\n", "leave it empty"),
    ],
)
def test_broken_templates_fail_loudly_and_cannot_run_code(
    source: str, expected: str, clinic_templates: Path, run: Callable[..., Result]
) -> None:
    (clinic_templates / "procedures/si-joint-injection/en/aftercare.md.j2").write_text(source)
    # Rendering's own errors, past the check the commands run first (tests/test_wording_gate.py).
    res = render_from(clinic_templates)
    assert res.exit_code == 1
    assert expected in res.stderr and "aftercare.md.j2" in res.stderr
    assert "\n" not in res.stderr.strip()
    assert not Path("out.pdf").exists()
