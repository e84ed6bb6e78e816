"""Boxes that split across pages: every part is closed and opens with the box's title and numbers.

Read back from the drawn lines (pdfplumber): the review found a split box left open into the footer.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pdfplumber

from docgen.model.visit import Options
from docgen.pdf import render

PRINTED = dt.datetime(2026, 11, 18, 11, 6)
#: Large type, Spanish, both sides and a long name: the help strip cannot fit page 1 whole.
CROWDED = {
    "name": "Hubert Blaine Wolfeschlegelsteinhausenbergerdorff-Montgomery-Smythe the Third",
    "dob": "1961-04-12",
    "mrn": "00123456",
    "procedure": "si-joint-rfa",
    "side": "bilateral",
    "date": "2026-11-21",
    "time": "10:30",
    "language": "es",
    "sedation": "iv",
}


def _aftercare() -> bytes:
    return render(CROWDED, "aftercare", options=Options(large_print=True), printed_at=PRINTED).pdf


def _lowest_box_closed(page: Any) -> bool:
    """Whether the lowest box border on the page (its longest-reaching left edge) ends in a rule
    along the box's foot."""
    strip = page.height - 13 * 72 / 25.4  # below: the scan-back code's bars, not a box
    verticals = [
        e
        for e in page.edges
        if e["orientation"] == "v" and e["bottom"] - e["top"] > 20 and e["bottom"] < strip
    ]
    left = min(verticals, key=lambda e: (round(e["x0"]), -e["bottom"]))
    foot = max(e["bottom"] for e in verticals if abs(e["x0"] - left["x0"]) < 1)
    right = max(e["x1"] for e in verticals if abs(e["bottom"] - foot) < 1)
    return any(
        e["orientation"] == "h"
        and abs(e["top"] - foot) < 2
        and e["x0"] <= left["x0"] + 1
        and e["x1"] >= right - 1
        for e in page.edges
    )


def test_a_box_split_across_pages_is_closed_and_repeats_its_head() -> None:
    with pdfplumber.open(io.BytesIO(_aftercare())) as pdf:
        first, second = pdf.pages[0], pdf.pages[1]
        one, two = first.extract_text(), second.extract_text()
        # The strip starts on page 1 and goes on to page 2...
        assert "Lo más importante hoy" in one and "Las señales de alarma" in two
        assert "Las señales de alarma" not in one
        # ...closed at the foot of page 1...
        assert _lowest_box_closed(first), "the first part of the box is open at its foot"
        # ...and page 2 opens with the title and every number again.
        head = two[: two.index("Las señales de alarma")]
        for words in ("Lo más importante hoy", "555-0100", "555-0199", "911"):
            assert words in head
