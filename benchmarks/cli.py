"""Wall time of the nurse's commands: `docgen --help` and one `docgen aftercare` call.

Each command runs as a fresh process (what a nurse waits for), several times; the median is reported.
Run: python benchmarks/cli.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

PATIENT = [
    "--procedure",
    "si-joint-injection",
    "--side",
    "left",
    "--name",
    "Jane Doe",
    "--dob",
    "1961-04-12",
    "--mrn",
    "00123456",
    "--date",
    "2026-11-21",
    "--time",
    "10:30",
]


def timed(args: list[str], runs: int, cwd: Path) -> list[float]:
    times = []
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795166100"}
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, cwd=cwd, env=env, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    docgen = shutil.which("docgen")
    if docgen is None:
        raise SystemExit("docgen is not installed: pip install -e .")
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        timed([docgen, "--help"], 1, cwd)  # warm the file cache once
        cases = {
            "docgen --help": [docgen, "--help"],
            "docgen aftercare (one patient)": [docgen, "aftercare", *PATIENT, "-o", "aftercare.pdf"],
            "docgen packet (four documents)": [docgen, "packet", *PATIENT, "-o", "packet.pdf"],
        }
        print(f"{'command':34} {'median':>8} {'min':>8} {'max':>8}   ({runs} runs, fresh process each)")
        for label, args in cases.items():
            t = timed(args, runs, cwd)
            print(f"{label:34} {statistics.median(t):7.3f}s {min(t):7.3f}s {max(t):7.3f}s")


if __name__ == "__main__":
    main()
