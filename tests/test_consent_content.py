"""The consent forms say what a reviewing clinician would sign (issue 11), and the templates check
finds each consent element by the form's structure: a copy of a built-in consent with one element
taken out fails `docgen templates check`, naming that element; the built-ins pass."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import Pdf, Result, one_line

from docgen.batch.rows import FIELDS
from docgen.checks.rules import load_rules
from docgen.content.library import Library
from docgen.resources import templates_dir

TODAY = "2026-11-20"
PROCEDURES = ("si-joint-injection", "si-joint-rfa", "si-joint-fusion")
#: The elements this issue added to templates/checks.yaml.
NEW_ELEMENTS = {
    "signer-attestations",
    "key-points",
    "benefit-likelihood",
    "evidence-uncertainty",
    "sedation-who",
    "sedation-24-hours",
    "sensitive-exams",
    "further-procedures",
    "teach-back",
    "copy-given",
    "confirmed-on-the-day",
}


def consent_text(render_pdf: Callable[..., Pdf], **overrides: str | None) -> str:
    return one_line(render_pdf("consent", **overrides).text)


# -- What the forms say ------------------------------------------------------------------------------


@pytest.mark.parametrize("procedure", ["si-joint-injection", "si-joint-rfa"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_no_numbing_medicine_only_when_a_steroid_or_rfa_is_given(
    render_pdf: Callable[..., Pdf], procedure: str, language: str
) -> None:
    extra = {"purpose": "therapeutic"} if procedure == "si-joint-injection" else {}
    text = consent_text(render_pdf, procedure=procedure, language=language, sedation="none", **extra).lower()
    for said in (
        "numbing medicine only",
        "only numbing medicine",
        "solo le pondrán medicamento para adormecer",
    ):
        assert said not in text
    awake = {
        "en": "you will not get medicine to make you sleepy",
        "es": "no le darán medicamento para darle sueño",
    }
    assert awake[language] in text


@pytest.mark.parametrize("procedure", PROCEDURES)
@pytest.mark.parametrize("sedation", ["oral", "iv"])
def test_any_sedative_brings_the_24_hour_rule_and_who_gives_it(
    render_pdf: Callable[..., Pdf], procedure: str, sedation: str
) -> None:
    text = consent_text(render_pdf, procedure=procedure, sedation=sedation)
    assert "For 24 hours after" in text
    assert "the rest of the day" not in text
    assert "gives it on the doctor's orders" in text or "anesthesia team gives this medicine" in text
    # (a page may end inside the sentence: look for its start)
    assert "watch your" in text or "watches your" in text or "checks on you" in text


@pytest.mark.parametrize("procedure", PROCEDURES)
@pytest.mark.parametrize("language", ["en", "es"])
def test_benefit_has_a_likelihood_and_the_evidence_is_honest(
    render_pdf: Callable[..., Pdf], procedure: str, language: str
) -> None:
    text = consent_text(render_pdf, procedure=procedure, language=language)
    assert {"en": " in 10 people", "es": " de cada 10 personas"}[language] in text
    if procedure == "si-joint-fusion":
        assert {"en": "paid for this study", "es": "pagó este estudio"}[language] in text
        assert {"en": "more than planned", "es": "más de lo planeado"}[language] in text
    else:
        assert {"en": "Experts do not agree", "es": "Los expertos no están de acuerdo"}[language] in text


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_the_operator_may_be_an_np_or_pa_and_the_label_says_so(
    render_pdf: Callable[..., Pdf], procedure: str
) -> None:
    text = consent_text(render_pdf, procedure=procedure, physician="Sam Park, PA-C")
    assert "In charge of your procedure: Sam Park, PA-C" in text
    assert "doctor in charge" not in text and "surgeon in charge:" not in text


def _signing_page(pdf: Pdf, heading: str) -> str:
    return one_line(next(p for p in pdf.pages if heading in p))


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_signers_attest_and_the_practitioner_name_is_blank_unless_discussed_by(
    render_pdf: Callable[..., Pdf], language: str
) -> None:
    heading = {"en": "Signing this form", "es": "Firma de este formulario"}[language]
    blank = _signing_page(render_pdf("consent", language=language, physician="Dr Ana Rivera"), heading)
    assert "Rivera" not in blank  # never guessed from the physician in charge
    said = {
        "en": ["I explained the risks", "I saw the patient or representative sign", "I interpreted the form"],
        "es": ["Expliqué riesgos", "Vi al paciente o a su representante firmar", "Interpreté fielmente"],
    }[language]
    for sentence in said:
        assert sentence in blank
    assert {"en": "legal authority", "es": "autoridad legal"}[language] in blank
    filled = _signing_page(
        render_pdf("consent", "--discussed-by", "Bo Lee, NP", language=language, physician="Dr Ana Rivera"),
        heading,
    )
    assert "Bo Lee, NP" in filled and "Rivera" not in filled


def test_discussed_by_comes_from_an_input_file_and_a_schedule_column(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    assert "discussed_by" in FIELDS  # a schedule column maps to the visit field
    visit = tmp_path / "visit.yaml"
    visit.write_text(
        "name: Jane Doe\ndob: 1961-04-12\nmrn: '00123456'\nprocedure: si-joint-rfa\nside: right\n"
        "date: 2026-11-21\ndiscussed_by: Kim Ode, PA\n",
        encoding="utf-8",
    )
    out = tmp_path / "c.pdf"
    assert run("consent", "--input", str(visit), "-o", str(out)).exit_code == 0
    assert "Kim Ode, PA" in one_line(Pdf(out.read_bytes()).text)


def test_discussed_by_is_validated_like_the_physician(run: Callable[..., Result], tmp_path: Path) -> None:
    from helpers import flags

    res = run("consent", *flags(), "--discussed-by", "x" * 121, "-o", str(tmp_path / "c.pdf"))
    assert res.exit_code == 1
    assert "discussed" in res.stderr and "too long" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_no_practitioner_anywhere_prints_a_write_in_line_not_none(
    run: Callable[..., Result], tmp_path: Path, procedure: str
) -> None:
    from helpers import flags

    clinic = '[clinic]\nname = "Test Clinic"\nday_phone = "555-0100"\nafter_hours_phone = "555-0199"\n'
    (tmp_path / "docgen.toml").write_text(clinic, encoding="utf-8")
    out = tmp_path / "c.pdf"
    res = run("consent", *flags(procedure=procedure), "-o", str(out))
    assert res.exit_code == 0, res.stderr
    text = one_line(Pdf(out.read_bytes()).text)
    assert "None" not in text
    assert "In charge of your procedure: ____" in text
    assert "by the person in charge named above" in text


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_trainees_get_yes_no_lines_for_their_part_and_for_sensitive_exams(
    render_pdf: Callable[..., Pdf], procedure: str
) -> None:
    text = consent_text(render_pdf, procedure=procedure, sedation="iv", trainees=None)
    assert "☐ Yes" not in text  # no trainees (the example clinic is not a teaching clinic)
    text = one_line(render_pdf("consent", "--trainees", procedure=procedure, sedation="iv").text)
    assert text.count("☐ Yes") == 2
    assert "pelvic, breast, prostate or rectal exam" in text


@pytest.mark.parametrize("procedure", PROCEDURES)
@pytest.mark.parametrize("language", ["en", "es"])
def test_key_points_teach_back_and_records(
    render_pdf: Callable[..., Pdf], procedure: str, language: str
) -> None:
    text = consent_text(render_pdf, procedure=procedure, language=language)
    words = {
        "en": ["Key points", "Check that you can answer", "A copy of this form was given", "still agree"],
        "es": ["Puntos clave", "Revise que puede responder", "copia de este formulario", "sigue de acuerdo"],
    }[language]
    for said in words:
        assert said in text
    first = render_pdf("consent", procedure=procedure, language=language).pages[0]
    assert words[0] in first  # on page 1


@pytest.mark.parametrize("procedure", PROCEDURES)
def test_spanish_spells_out_the_joint_and_names_no_practitioner_in_a_sentence(procedure: str) -> None:
    source = (templates_dir() / "procedures" / procedure / "es" / "consent.md.j2").read_text(encoding="utf-8")
    assert "articulación SI" not in source and "SI quiere decir" not in source
    assert source.count("visit.physician") == 1  # only on the "A cargo de su procedimiento:" line
    assert "con {{ visit.physician" not in source and "las hará {{" not in source


# -- The check finds each element by structure ----------------------------------------------------


def check(run: Callable[..., Result], folder: Path, procedure: str) -> tuple[int, list[dict[str, Any]]]:
    res = run(
        "templates", "check", "--templates", str(folder), "--procedure", procedure,
        "--today", TODAY, "--format", "json",
    )  # fmt: skip
    report = json.loads(res.stdout)
    return res.exit_code, [f for f in report["findings"] if f["level"] == "error"]


def test_the_built_in_rules_hold_the_new_elements_and_the_built_ins_pass(run: Callable[..., Result]) -> None:
    ids = {e.id for e in load_rules(Library()).consent.elements}
    assert ids >= NEW_ELEMENTS
    res = run("templates", "check", "--today", TODAY, "--format", "json")
    consent_errors = [
        f for f in json.loads(res.stdout)["findings"] if f["check"] == "consent" and f["level"] != "ok"
    ]
    assert consent_errors == []


def _without(text: str, start: str, end: str) -> str:
    """The template with the text from ``start`` up to (not including) ``end`` taken out."""
    i = text.index(start)
    j = text.index(end, i + len(start)) if end else i + len(start)
    return text[:i] + text[j:]


# (procedure, language, element id, start of what is taken out, where it ends ("" = just that text))
BROKEN = [
    ("si-joint-injection", "en", "key-points", "::: key-points", "# What you are agreeing to"),
    ("si-joint-rfa", "es", "key-points", "::: key-points", "# Lo que usted acepta"),
    # "7 in 10" is still in the key points box, but not in the section about how it may help.
    ("si-joint-injection", "en", "benefit-likelihood", "In one small study, about 7 in 10", "\n"),
    ("si-joint-rfa", "es", "benefit-likelihood", "En los estudios, unas 5 de cada 10", "\n"),
    ("si-joint-injection", "en", "evidence-uncertainty", "Experts do not agree", "\n"),
    ("si-joint-fusion", "en", "evidence-uncertainty", "The company that makes the implants paid", "\n"),
    ("si-joint-rfa", "es", "evidence-uncertainty", "Los expertos no están de acuerdo", "\n"),
    # The key points box still says "for 24 hours", but the sedation section no longer does.
    ("si-joint-injection", "en", "sedation-24-hours", "For 24 hours after this medicine", "\n"),
    ("si-joint-rfa", "es", "sedation-24-hours", "Durante 24 horas después de este medicamento", "\n"),
    ("si-joint-injection", "en", "sedation-who", "A nurse gives it on the doctor's orders.", ""),
    ("si-joint-fusion", "en", "sensitive-exams", "- To learn, they may do a pelvic", "\n"),
    ("si-joint-injection", "es", "sensitive-exams", "- Para aprender, pueden hacerme", "\n"),
    ("si-joint-fusion", "en", "further-procedures", "## If more needs to be done", "## If you might"),
    ("si-joint-fusion", "es", "further-procedures", "## Si hay que hacer algo más", "## Si quizás"),
    ("si-joint-rfa", "en", "teach-back", "Check that you can answer", "\n"),
    ("si-joint-injection", "en", "copy-given", "- [ ] A copy of this form", "\n"),
    ("si-joint-fusion", "es", "confirmed-on-the-day", "- [ ] Si firmó antes del día", "\n"),
]


@pytest.mark.parametrize(("procedure", "language", "element", "start", "end"), BROKEN)
def test_a_consent_without_an_element_fails_the_check_naming_it(
    run: Callable[..., Result],
    tmp_path: Path,
    procedure: str,
    language: str,
    element: str,
    start: str,
    end: str,
) -> None:
    rel = Path("procedures") / procedure / language / "consent.md.j2"
    original = (templates_dir() / rel).read_text(encoding="utf-8")
    target = tmp_path / "clinic" / rel
    target.parent.mkdir(parents=True)
    target.write_text(_without(original, start, end), encoding="utf-8")
    code, errors = check(run, tmp_path / "clinic", procedure)
    assert code == 1
    named = [f for f in errors if f["check"] == "consent" and f["value"] == element]
    assert named, errors
    assert named[0]["template"] == f"{procedure}/consent" and named[0]["language"] == language
    label = next(e.label for e in load_rules(Library()).consent.elements if e.id == element)
    assert named[0]["message"].startswith(f"missing {label}")
    # The unbroken copy passes.
    target.write_text(original, encoding="utf-8")
    assert check(run, tmp_path / "clinic", procedure) == (0, [])


def test_a_signer_without_an_attestation_fails_the_check_naming_the_signer(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    folder = tmp_path / "clinic"
    (folder / "i18n").mkdir(parents=True)
    shutil.copy(templates_dir() / "i18n" / "es.yaml", folder / "i18n" / "es.yaml")
    words = yaml.safe_load((templates_dir() / "i18n" / "en.yaml").read_text(encoding="utf-8"))
    words["signatures"]["interpreter_says"] = " "
    (folder / "i18n" / "en.yaml").write_text(yaml.safe_dump(words, allow_unicode=True), encoding="utf-8")
    code, errors = check(run, folder, "si-joint-rfa")
    named = [f for f in errors if f["value"] == "signer-attestations"]
    assert code == 1 and named, errors
    assert "no interpreter signer stating what they attest" in named[0]["message"]
    assert {f["language"] for f in named} == {"en"}


def test_checks_yaml_when_must_name_a_visit_detail(run: Callable[..., Result], tmp_path: Path) -> None:
    folder = tmp_path / "clinic"
    folder.mkdir()
    rules = (templates_dir() / "checks.yaml").read_text(encoding="utf-8")
    assert "when: {sedation: [oral, iv]}" in rules
    (folder / "checks.yaml").write_text(
        rules.replace("when: {sedation: [oral, iv]}", "when: {sedatoin: [iv]}", 1)
    )
    code, errors = check(run, folder, "si-joint-injection")
    assert code == 1
    assert any("when names no visit detail: sedatoin" in f["message"] for f in errors), errors
