"""Reading grade of each built-in document, per language, and how long the templates check takes.

The grades are those of `docgen templates check`: each document is rendered for several sample
visits (each side, sedation, ...), and the hardest one is scored with docgen.checks.readability
(Flesch–Kincaid and SMOG for English, Fernández-Huerta for Spanish; offline, no NLTK download).

Run: python benchmarks/readability.py
"""

from __future__ import annotations

import datetime as dt
import time


def main() -> None:
    from docgen.checks.checker import check_templates
    from docgen.checks.readability import score
    from docgen.checks.report import Level
    from docgen.content.library import Library
    from docgen.model.settings import EXAMPLE

    started = time.perf_counter()
    score("Warm up the dictionary.", "en")
    setup = time.perf_counter() - started
    started = time.perf_counter()
    report = check_templates(Library(), EXAMPLE, today=dt.date.today())
    elapsed = time.perf_counter() - started

    print(f"{'procedure':20} {'document':10} {'lang':4} {'grade':34} {'words':>6}  hardest section")
    for d in report.documents:
        h = d.hardest
        hardest = f"FH {h.fh_ease:.0f}" if h.fh_ease is not None else f"FK {h.grade:.1f}"
        print(
            f"{d.procedure:20} {d.kind:10} {d.language:4} {d.score.describe():34} {d.score.words:6d}"
            f"  {d.hardest_section} ({hardest})"
        )
    errors, warnings = report.count(Level.ERROR), report.count(Level.WARNING)
    print(f"\n{errors} errors, {warnings} warnings")
    print(f"syllable table set-up {setup:.2f} s; templates check {elapsed:.2f} s")


if __name__ == "__main__":
    main()
