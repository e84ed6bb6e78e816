"""Scan-back code benchmark: what a code costs per page.

    python benchmarks/codes.py            # 9 rounds of each render (about a minute on 2 cores)
    python benchmarks/codes.py --rounds 3 # quicker

Three numbers, each the median of the rounds:

* the raw cost of one code: encoding a fresh payload with zxing-cpp (nothing cached) and drawing it
  as one vector path on a ReportLab canvas page, Code 128 and Data Matrix;
* a 40-page large-print packet (the size of a batch row's packet) rendered with codes and IDs,
  and with ``[codes] enabled = false`` and no IDs: the difference per page;
* the same per-page difference for the Data Matrix.

Rounds alternate between the variants, so a busy machine slows both alike. The patient is fictional.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent.parent))

import docgen
from docgen.identity import new_id
from docgen.layout.codes import Stamp, draw_stamp, symbol
from docgen.layout.styles import profile_for
from docgen.model.settings import EXAMPLE, Codes

PATIENT = {
    "name": "Jane Doe",
    "dob": "1961-04-12",
    "mrn": "00123456",
    "procedure": "si-joint-injection",
    "side": "left",
    "date": "2026-11-21",
    "time": "10:30",
}


def raw_cost(symbology: str, count: int = 2000) -> float:
    """Seconds to encode and draw one code (each with a new payload, so none is cached)."""
    from reportlab.pdfgen.canvas import Canvas

    from docgen.layout.fonts import register

    register()
    profile = profile_for("letter", False)
    canv = Canvas(io.BytesIO(), pagesize=profile.pagesize)
    stamp = Stamp("consent", new_id(), "00123456", symbology, "footer-left", True, "Document ID 7KQ2M-9XD4R")
    symbol.cache_clear()
    start = time.perf_counter()
    for page in range(1, count + 1):
        draw_stamp(canv, profile, stamp, page, count)
    return (time.perf_counter() - start) / count


def render(codes: Codes, ids: bool) -> tuple[float, int]:
    settings = EXAMPLE.model_copy(update={"codes": codes})
    given = [new_id() for _ in docgen.PACKET] if ids else None
    symbol.cache_clear()
    start = time.perf_counter()
    rendered = docgen.render(
        PATIENT, docgen.PACKET, settings=settings, options=docgen.Options(large_print=True), ids=given
    )
    return time.perf_counter() - start, rendered.pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    for symbology in ("code128", "datamatrix"):
        print(f"raw {symbology}: {raw_cost(symbology) * 1000:.3f} ms per code (encode + draw)")
    render(Codes(), True)  # warm up: fonts, templates, imports
    variants: dict[str, Any] = {
        "without": (Codes(enabled=False), False),
        "code128": (Codes(), True),
        "datamatrix": (Codes(symbology="datamatrix"), True),
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    pages = 0
    for _ in range(args.rounds):
        for name, (codes, ids) in variants.items():
            seconds, pages = render(codes, ids)
            times[name].append(seconds)
    base = statistics.median(times["without"])
    print(f"packet, large print: {pages} pages; without codes or IDs {base * 1000:.0f} ms")
    for name in ("code128", "datamatrix"):
        median = statistics.median(times[name])
        per_page = (median - base) / pages * 1000
        print(f"  with {name} and IDs: {median * 1000:.0f} ms, {per_page:+.2f} ms per page")


if __name__ == "__main__":
    main()
