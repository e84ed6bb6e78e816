"""Cold start: what a nurse waits for, each command in a fresh process.

Compares
- `docgen aftercare ... -o x.pdf` with a bare ReportLab script that registers one TrueType font and
  lays out a three-page handout with platypus (the floor for any ReportLab tool), and
- `docgen --help` with `python -c pass` (the floor for any Python command).

Run: python benchmarks/coldstart.py [--runs N]. Medians of N fresh processes each, after one
warm-up run that fills the file cache. The load average is printed: other work on the machine
slows every figure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cli import PATIENT  # the same patient as benchmarks/cli.py (run from this folder)

FONT = Path(__file__).resolve().parents[1] / "fonts" / "NotoSans-Regular.ttf"

#: The bare script: one font, a title, headings and paragraphs over three Letter pages.
BARE = """
import sys
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

pdfmetrics.registerFont(TTFont("Text", sys.argv[2]))
body = ParagraphStyle("body", fontName="Text", fontSize=12, leading=16, spaceAfter=6)
head = ParagraphStyle("head", parent=body, fontSize=15, leading=19, spaceBefore=8)
text = "Rest today and keep the bandage dry. Call us if the pain gets worse or you have a fever. "
story = []
for n in range(7):
    story.append(Paragraph(f"Section {n + 1}", head))
    story.extend(Paragraph(text * 3, body) for _ in range(3))
SimpleDocTemplate(sys.argv[1], pagesize=LETTER).build(story)
"""

#: Only the imports of the libraries docgen is built on (the brief names them) and one pydantic
#: model: what any tool on this stack pays before it draws anything.
FLOOR = """
import typer, pydantic, jinja2, babel.dates, markdown_it, yaml, reportlab.platypus
from pydantic import BaseModel


class Visit(BaseModel):
    name: str


Visit(name="x")
"""


def timed(args: list[str], runs: int, cwd: Path) -> float:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795166100"}
    subprocess.run(args, check=True, cwd=cwd, env=env, capture_output=True)  # warm the file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, cwd=cwd, env=env, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    docgen = shutil.which("docgen")
    if docgen is None:
        raise SystemExit("docgen is not installed: pip install -e .")
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        (cwd / "bare.py").write_text(BARE)
        (cwd / "floor.py").write_text(FLOOR)
        python = sys.executable
        bare = timed([python, "bare.py", "bare.pdf", str(FONT)], runs, cwd)
        stack = timed([python, "floor.py"], runs, cwd)
        ours = timed([docgen, "aftercare", *PATIENT, "-o", "aftercare.pdf"], runs, cwd)
        floor = timed([python, "-c", "pass"], runs, cwd)
        helped = timed([docgen, "--help"], runs, cwd)
        bare_pages, our_pages = pages(cwd / "bare.pdf"), pages(cwd / "aftercare.pdf")
    print(f"{'command':44} {'median':>8}   ({runs} fresh processes each)")
    print(f"{'bare ReportLab script (' + str(bare_pages) + ' pages, 1 font)':44} {bare:7.3f}s")
    print(f"{'imports of the stack only (no document)':44} {stack:7.3f}s")
    print(f"{'docgen aftercare (' + str(our_pages) + ' pages)':44} {ours:7.3f}s")
    print(f"{'python -c pass':44} {floor:7.3f}s")
    print(f"{'docgen --help':44} {helped:7.3f}s")
    print()
    print(f"docgen aftercare / bare script   {ours / bare:5.2f}x   (goal <= 1.2x)")
    print(f"stack imports alone / bare script {stack / bare:5.2f}x   (what no code change removes)")
    print(f"docgen --help / python -c pass   {helped / floor:5.2f}x   (goal <= 5x)")
    print(f"load average before {load:.2f}, after {os.getloadavg()[0]:.2f}; cores: {os.cpu_count()}")


if __name__ == "__main__":
    main()
