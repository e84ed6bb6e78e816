"""Print-file benchmark: peak memory and merge time of `docgen batch --print-file` as the schedule grows.

    python benchmarks/printfile.py            # 50, 500 and 2,000 rows (about 5 minutes on 2 cores)
    python benchmarks/printfile.py --quick    # small numbers, to check that the script works
    python benchmarks/printfile.py --rows 50 5000

Each size is one `docgen batch --docs aftercare --jobs 2 --force --print-file --separator` run in a
child process, with the peak RSS (and PSS) of its whole process tree (the `memory` helper of
benchmarks/batch.py). Then the same command runs again in another child without --force: every row
is skipped unchanged, so that run is little more than the merge, which it times on its own; it also
gives the peak RSS of that one process and whether the print file came out byte for byte the same.

Every patient is fictional (the schedule of benchmarks/batch.py).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from batch import EPOCH, Memory, memory, schedule, table

MIB = 1024 * 1024
DOCS = "aftercare"
JOBS = 2


@dataclass
class Merge:
    seconds: float
    pages: int
    rss_before: int  # the process, just before the merge
    peak_rss: int  # the process, over the whole run (the merge is its largest part)
    same_bytes: bool


def merge_child(path: Path, out: Path, target: Path) -> None:
    """Run the batch again (rows unchanged, so skipped) and time the print file's merge alone."""
    import psutil

    import docgen.batch.finish
    from docgen.batch.options import BatchOptions
    from docgen.batch.progress import Report
    from docgen.batch.run import run_batch
    from docgen.model.settings import EXAMPLE

    real = docgen.batch.finish.write_print_file
    seen: dict[str, float] = {}

    def timed(*args: object, **kwargs: object) -> object:
        seen["rss_before"] = psutil.Process().memory_info().rss
        started = time.perf_counter()
        printed = real(*args, **kwargs)  # type: ignore[arg-type]
        seen["seconds"] = time.perf_counter() - started
        seen["pages"] = printed.pages
        return printed

    docgen.batch.finish.write_print_file = timed  # type: ignore[assignment]
    options = BatchOptions(out_dir=out, docs=DOCS, jobs=JOBS, print_file=target, separator=True, force=False)
    summary = run_batch(path, options, settings=EXAMPLE, report=Report(quiet=True))
    if summary.skipped != summary.rows:
        raise SystemExit(f"expected every row to be skipped, {summary.rendered} were rendered again")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    print(json.dumps({**seen, "peak_rss": peak}))


def merge(path: Path, out: Path, first: Path) -> Merge:
    again = first.with_name(f"again-{first.name}")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    command = [sys.executable, __file__, "--merge-child", str(path), str(out), str(again)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"the merge run failed:\n{done.stderr}")
    data = json.loads(done.stdout.splitlines()[-1])
    same = first.read_bytes() == again.read_bytes()
    again.unlink()
    return Merge(data["seconds"], data["pages"], data["rss_before"], data["peak_rss"], same)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small numbers: check that the script runs")
    parser.add_argument("--rows", type=int, nargs="+", help="schedule lengths (default 50 500 2000)")
    parser.add_argument(
        "--merge-child", nargs=3, metavar=("SCHEDULE", "OUT", "PRINT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.merge_child:
        merge_child(*(Path(a) for a in args.merge_child))
        return
    sizes = args.rows or ([10, 40, 100] if args.quick else [50, 500, 2000])
    results: list[tuple[Memory, Merge, int]] = []
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="docgen-printfile-") as tmp:
        work = Path(tmp)
        for rows in sizes:
            print(f"  {rows} rows", file=sys.stderr, flush=True)
            path = schedule(work / f"s{rows}.csv", rows)
            out = work / f"out{rows}"
            target = work / f"print{rows}.pdf"
            run = memory(path, out, docs=DOCS, jobs=JOBS, extra=("--print-file", str(target), "--separator"))
            if run.exit_code:
                raise SystemExit(f"docgen batch exited with {run.exit_code} for {rows} rows")
            results.append((run, merge(path, out, target), target.stat().st_size))
    load_after = os.getloadavg()

    base = results[0][0].peak_rss
    table(
        f"docgen batch --docs {DOCS} --jobs {JOBS} --print-file --separator: peak memory of the whole "
        "process tree (RSS counts shared pages once per process, PSS shares them out)",
        ["rows", "seconds", "peak RSS MiB", "peak PSS MiB", f"RSS / {results[0][0].rows} rows"],
        [
            [
                str(m.rows),
                f"{m.seconds:.1f}",
                f"{m.peak_rss / MIB:.0f}",
                f"{m.peak_pss / MIB:.0f}",
                f"{m.peak_rss / base:.2f}x",
            ]
            for m, _, _ in results
        ],
    )
    table(
        "The merge alone (a rerun that skips every row): time, pages, the process's RSS before the merge "
        "and its peak, the print file's size, and whether the rerun wrote the same bytes",
        ["rows", "merge s", "pages", "RSS before MiB", "peak RSS MiB", "file MiB", "same bytes"],
        [
            [
                str(m.rows),
                f"{g.seconds:.1f}",
                str(g.pages),
                f"{g.rss_before / MIB:.0f}",
                f"{g.peak_rss / MIB:.0f}",
                f"{size / MIB:.0f}",
                "yes" if g.same_bytes else "NO",
            ]
            for m, g, size in results
        ],
    )
    print(f"\ncores: {os.cpu_count()}, load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")


if __name__ == "__main__":
    main()
