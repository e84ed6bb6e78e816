"""The layout matrix in numbers: page counts, line measure, type sizes, and how many of the 48
layouts (procedure × language × paper × print size × side) keep each promise of the print issue.

The layouts and checks are those of tests/test_layout_matrix.py (tests/layout_*.py); this prints a
Markdown report of them.

Run: PYTHONPATH=$PWD python benchmarks/layout_matrix.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

KINDS = ("info", "consent", "aftercare", "diary")


def spread(values: list[float]) -> str:
    return f"{min(values):g} / {median(values):g} / {max(values):g}" if values else "-"


def main() -> None:
    from layout_probe import Packet, chars_per_line, percentile
    from layout_promises import APPLIES, all_promises
    from layout_words import render_matrix

    started = time.perf_counter()
    matrix = render_matrix()
    rendered = time.perf_counter() - started

    def of_size(size: str) -> list[Packet]:
        return [layout.packet for layout in matrix if f"/{size}/" in layout.name]

    print(f"# Layout matrix: {len(matrix)} packets rendered and read back in {rendered:.1f} s\n")
    print(
        "| document | pages standard (min / median / max) | pages large | chars per full body line, "
        "standard (median / p90) | smallest type standard | smallest type large |"
    )
    print("|---|---|---|---|---|---|")
    for kind in KINDS:
        counts = {
            s: [float(len(p.doc(kind).pages)) for p in of_size(s) if p.doc(kind)]
            for s in ("standard", "large")
        }
        chars: list[float] = []
        smallest: dict[str, float] = {}
        for size in ("standard", "large"):
            for packet in of_size(size):
                lines = (
                    [ln for i in packet.doc(kind).pages for ln in packet.pages[i].lines]
                    if packet.doc(kind)
                    else []
                )
                least = min((ln.min_size for ln in lines), default=0.0)
                smallest[size] = min(smallest.get(size, least), least)
                if size == "standard":
                    one = Packet([packet.pages[i] for i in packet.doc(kind).pages], [], packet.body_size)  # type: ignore[union-attr]
                    chars += chars_per_line(one)
        line = f"{median(chars):g} / {percentile(chars, 0.9):g}" if chars else "-"
        print(
            f"| {kind} | {spread(counts['standard'])} | {spread(counts['large'])} | {line} | "
            f"{smallest.get('standard', 0):g} pt | {smallest.get('large', 0):g} pt |"
        )
    last = [
        p.pages[d.pages[-1]].fill_fraction() for p in (x.packet for x in matrix) for d in p.docs if d.pages
    ]
    print(f"\nLast pages of a document under 20 % filled (allowed, reported): {sum(f < 0.2 for f in last)}")
    print("\n| promise | layouts keeping it (of those it is about) | violations |")
    print("|---|---|---|")
    started = time.perf_counter()
    for name, check in all_promises().items():
        found = [check(layout) for layout in matrix if APPLIES[name](layout)]
        kept = sum(not f for f in found)
        print(f"| {name} | {kept} of {len(found)} | {sum(map(len, found))} |")
    print(f"\nChecks ran in {time.perf_counter() - started:.1f} s.")


if __name__ == "__main__":
    main()
