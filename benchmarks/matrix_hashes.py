"""SHA-256 of every document for every procedure × language × paper × print size × purpose ×
guidance × side: run before and after a change that must not change the output, and compare.

    python benchmarks/matrix_hashes.py before.json
    ... change the code ...
    python benchmarks/matrix_hashes.py after.json --compare before.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import sys
from pathlib import Path

import docgen
from docgen.content.library import Library
from docgen.model.visit import Options, Paper

PRINTED = dt.datetime(2026, 11, 20, 9, 15)


def hashes() -> dict[str, str]:
    library = Library(None)
    out: dict[str, str] = {}
    for proc in library.procedures():
        purposes = [p.value for p in proc.purposes] or [None]
        guidance = [g.value for g in proc.guidance] or [None]
        combos = itertools.product(
            ["en", "es"], ["letter", "a4"], [False, True], purposes, guidance, ["left", "bilateral"]
        )
        for lang, paper, large, purpose, guide, side in combos:
            data = {
                "name": "Jane O'Brien & <Sons>",
                "dob": "1961-04-12",
                "mrn": "00123456",
                "procedure": proc.id,
                "side": side,
                "date": "2026-12-01",
                "time": "10:30",
                "language": lang,
                "sedation": "iv",
                "diabetes": True,
                "blood_thinners": True,
                "physician": "Dr A. Rivera",
                **({"purpose": purpose} if purpose else {}),
                **({"guidance": guide} if guide else {}),
            }
            options = Options(paper=Paper(paper), large_print=large)
            for kinds in [docgen.PACKET, *((k,) for k in docgen.PACKET)]:
                pdf = docgen.render(data, kinds, options=options, printed_at=PRINTED, library=library).pdf
                key = f"{proc.id}|{lang}|{paper}|{large}|{purpose}|{guide}|{side}|{'+'.join(kinds)}"
                out[key] = hashlib.sha256(pdf).hexdigest()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--compare", type=Path, help="an earlier output to compare with")
    args = parser.parse_args()
    now = hashes()
    args.output.write_text(json.dumps(now, indent=1, sort_keys=True))
    print(f"{len(now)} documents hashed into {args.output}")
    if args.compare:
        before = json.loads(args.compare.read_text())
        changed = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
        print(f"{len(changed)} of {len(before)} differ from {args.compare}")
        for key in changed[:20]:
            print("  ", key)
        sys.exit(1 if changed else 0)


if __name__ == "__main__":
    main()
