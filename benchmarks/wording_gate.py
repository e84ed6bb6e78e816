"""What the wording check at first use costs (docgen/checks/gate.py): one `docgen aftercare` from a
clinic's templates folder, first use (empty cache: the whole templates check runs) against cached
(one small file read), and the built-ins alone (no check) for comparison.

    python benchmarks/wording_gate.py                 # this checkout, 5 runs each
    python benchmarks/wording_gate.py --repo ../main  # another checkout (before the gate), to compare

Each command is a fresh process with PYTHONPATH set to the checkout; the median is reported.
Measured 2026-11-28 on this project's machine (2 cores) while other test suites ran on it (load
average 4, so whole-command times are noisy), medians of 9:

    case                                        main (before)   with the gate
    built-ins alone (no clinic folder)               1.70 s        1.64 s
    clinic folder, first use (checks run)            2.43 s        7.38 s
    clinic folder, cached                            1.74 s        1.49 s
    in-process: key + cache read, cached               -           2.4 ms (6.6 ms in a busier run)

The cached print costs what it did before within the noise: the gate's own share is a few
milliseconds (reading and hashing the set's files, then one small JSON file).
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

ROOT = Path(__file__).resolve().parents[1]
PATIENT = [
    "--procedure", "si-joint-injection", "--side", "left", "--name", "Jane Doe", "--dob", "1961-04-12",
    "--mrn", "00123456", "--date", "2026-11-21", "--time", "10:30",
]  # fmt: skip
CONSENT = "procedures/si-joint-injection/en/consent.md.j2"


def timed(args: list[str], env: dict[str, str], cwd: Path, *, clear: Path | None = None) -> float:
    if clear is not None:
        shutil.rmtree(clear, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(args, check=True, cwd=cwd, env=env, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repo", type=Path, default=ROOT, help="the checkout to measure")
    opts = parser.parse_args()
    repo = opts.repo.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        wording = cwd / "wording"
        (wording / CONSENT).parent.mkdir(parents=True)
        shutil.copy(repo / "templates" / CONSENT, wording / CONSENT)
        cache = cwd / "cache"
        env = {
            **os.environ,
            "PYTHONPATH": str(repo),
            "SOURCE_DATE_EPOCH": "1795166100",
            "XDG_CACHE_HOME": str(cache),
            "XDG_DATA_HOME": str(cwd / "data"),
        }
        command = [sys.executable, "-m", "docgen", "aftercare", *PATIENT, "-o", "out.pdf"]
        clinic = [*command, "--templates", str(wording)]
        timed(command, env, cwd)  # warm the file cache once
        cases = {
            "built-ins alone (no clinic folder)": lambda: timed(command, env, cwd),
            "clinic folder, first use (checks run)": lambda: timed(clinic, env, cwd, clear=cache),
            "clinic folder, cached": lambda: timed(clinic, env, cwd),
        }
        for name, run in cases.items():
            times = [run() for _ in range(opts.runs)]
            sys.stdout.write(f"{name:<42} median {statistics.median(times):6.2f} s\n")
        if (repo / "docgen" / "checks" / "gate.py").exists():
            sys.path.insert(0, str(repo))
            os.environ["XDG_CACHE_HOME"] = str(cache)
            from docgen.checks.gate import require_checked
            from docgen.content.library import shared_library
            from docgen.model.settings import EXAMPLE

            settings = EXAMPLE.model_copy(update={"templates": wording})
            shared_library(wording)
            require_checked(settings)  # cached by the runs above
            times = []
            for _ in range(20):
                start = time.perf_counter()
                require_checked(settings)
                times.append(time.perf_counter() - start)
            label = "in-process: key + cache read, cached"
            sys.stdout.write(f"{label:<42} median {statistics.median(times) * 1000:6.1f} ms\n")


if __name__ == "__main__":
    main()
