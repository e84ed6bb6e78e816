"""Fillable diary benchmark: render time and file size of the diary with and without form fields.

    python benchmarks/fillable.py            # 20 renders of each layout
    python benchmarks/fillable.py --quick    # 3, to check the script works

Every patient is fictional. Timings are wall-clock on this machine (the best of the runs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import docgen

LAYOUTS = {
    "injection diagnostic, both sides": {
        "procedure": "si-joint-injection",
        "purpose": "diagnostic",
        "side": "bilateral",
    },
    "RFA, 28 days": {"procedure": "si-joint-rfa", "side": "left"},
    "fusion, days and weeks": {"procedure": "si-joint-fusion", "side": "left"},
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    runs = 3 if parser.parse_args().quick else 20
    at = dt.datetime(2026, 11, 20, 9, 15)
    base = {"name": "Ana Example", "dob": "1961-04-12", "mrn": "00123456", "date": "2026-11-21"}
    heads = ("print", 9), ("plain ms", 9), ("fillable ms", 12), ("plain KiB", 10), ("fillable KiB", 13)
    print(f"{'layout':36}", *(f"{h:>{w}}" for h, w in heads))
    for name, visit in LAYOUTS.items():
        for large in (False, True):
            out = []
            for fillable in (False, True):
                options = docgen.Options(large_print=large, fillable=fillable)
                best, size = float("inf"), 0
                for _ in range(runs):
                    start = time.perf_counter()
                    pdf = docgen.render({**base, **visit}, "diary", options=options, printed_at=at).pdf
                    best = min(best, time.perf_counter() - start)
                    size = len(pdf)
                out.append((best * 1000, size / 1024))
            (pm, pk), (fm, fk) = out
            kind = "large" if large else "standard"
            print(f"{name:36} {kind:>9} {pm:9.1f} {fm:12.1f} {pk:10.1f} {fk:13.1f}")


if __name__ == "__main__":
    main()
