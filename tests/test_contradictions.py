"""Phrases a variant must never print (templates/contradictions.yaml): the check finds them in the
variant that prints them, names the template, the variant and the phrase, and leaves the others alone."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import check_errors, clinic_copy

from docgen.checks.content_rules import found, load_contradictions, printed_text
from docgen.checks.rules import normal
from docgen.content.library import Library
from docgen.document import Para, Run
from docgen.errors import DocgenError
from docgen.resources import templates_dir

TODAY = dt.date(2026, 11, 20)
INJECTION_INFO = "procedures/si-joint-injection/en/info.md.j2"
RFA_AFTERCARE = "procedures/si-joint-rfa/es/aftercare.md.j2"


errors = check_errors


def edit(folder: Path, relative: str, old: str, new: str) -> None:
    path = folder / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{relative} no longer has {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("procedure", ["si-joint-injection", "si-joint-rfa", "si-joint-fusion"])
def test_built_ins_print_no_forbidden_phrase(procedure: str) -> None:
    assert errors(None, procedure, "contradictions") == []


def test_the_built_in_rules_load_and_cover_the_review_findings() -> None:
    rules = {r.id: r for r in load_contradictions(Library()).forbidden}
    assert {"numbing-only-with-steroid", "numbing-only-rfa", "rest-of-day-after-sedation"} <= set(rules)
    assert rules["numbing-only-with-steroid"].when == {"purpose": "therapeutic"}
    assert rules["rest-of-day-after-sedation"].when == {"sedation": ["oral", "iv"]}


def test_numbing_medicine_only_in_the_steroid_branch_is_an_error(tmp_path: Path) -> None:
    folder = clinic_copy(tmp_path)
    edit(
        folder,
        INJECTION_INFO,
        "- **A steroid.**",
        "- You will get numbing medicine only.\n- **A steroid.**",
    )
    found_ = errors(folder, "si-joint-injection", "contradictions")
    assert [f.template for f in found_] == [INJECTION_INFO]
    message = found_[0].message
    assert '"numbing medicine only"' in message
    assert "purpose=therapeutic" in message  # the variant that prints it
    assert "numbing-only-with-steroid" in message
    assert found_[0].language == "en"


def test_the_same_words_in_the_diagnostic_branch_are_fine(tmp_path: Path) -> None:
    folder = clinic_copy(tmp_path)
    edit(
        folder,
        INJECTION_INFO,
        "Only **numbing medicine** goes in.",
        "You will get numbing medicine only.",
    )
    assert errors(folder, "si-joint-injection", "contradictions") == []


def test_rest_of_the_day_after_sedation_is_an_error_in_spanish_too(tmp_path: Path) -> None:
    folder = clinic_copy(tmp_path)
    edit(
        folder,
        RFA_AFTERCARE,
        "Su efecto puede durar hasta mañana.",
        "No maneje el resto del día.",
    )
    found_ = errors(folder, "si-joint-rfa", "contradictions")
    assert [f.template for f in found_] == [RFA_AFTERCARE]
    assert '"resto del día"' in found_[0].message
    assert "sedation=oral" in found_[0].message or "sedation=iv" in found_[0].message


def test_a_clinic_adds_its_own_rule(tmp_path: Path) -> None:
    folder = tmp_path / "our-wording"
    folder.mkdir()
    shutil.copy(templates_dir() / "contradictions.yaml", folder / "contradictions.yaml")
    with (folder / "contradictions.yaml").open("a", encoding="utf-8") as out:
        out.write(
            "  - id: no-heat-pads\n"
            "    why: our clinic says ice only\n"
            "    procedures: [si-joint-rfa]\n"
            "    documents: [aftercare]\n"
            "    when: {diabetes: true}\n"
            "    phrases: {en: [heating pad]}\n"
        )
    found_ = errors(folder, "si-joint-rfa", "contradictions")
    assert [f.template for f in found_] == ["procedures/si-joint-rfa/en/aftercare.md.j2"]
    assert "diabetes=true" in found_[0].message and "our clinic says ice only" in found_[0].message


def test_a_broken_rules_file_is_one_error(tmp_path: Path) -> None:
    folder = tmp_path / "our-wording"
    folder.mkdir()
    (folder / "contradictions.yaml").write_text(
        "forbidden:\n  - {id: x, why: y, when: {colour: red}, phrases: {en: [z]}}\n", encoding="utf-8"
    )
    with pytest.raises(DocgenError, match="colour"):
        load_contradictions(Library(folder))
    found_ = errors(folder, "si-joint-rfa", "contradictions")
    assert [f.template for f in found_] == ["contradictions.yaml"]


def test_phrases_match_at_the_start_of_a_word_ignoring_case_and_accents() -> None:
    assert found("bend", "walk, bending")
    assert not found("bend", "unbend")
    assert found("resto del día", normal("Descanse el RESTO DEL DIA"))
    assert found("Agách", normal("sentarse, agacharse"))


@dataclass(frozen=True)
class _Part:
    """A drawn part as the layout gets it: words in fields, and a name that is not printed."""

    name: str
    headings: tuple[str, ...]


def test_drawn_parts_are_read_too() -> None:
    """A diary's column headings come from i18n, not the template: they are words a patient reads."""
    part = _Part("diary-daily", ("When", "What you tried (sit, stand, walk, bend)"))
    text = printed_text([Para((Run("Diary"),)), part])
    assert found("bend", text)
    assert not found("diary-daily", text)
