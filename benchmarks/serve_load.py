"""Load test of ``docgen serve``: N concurrent form submissions against a real uvicorn on 127.0.0.1.

    python benchmarks/serve_load.py                  # 20 at once, aftercare for each
    python benchmarks/serve_load.py --clients 20 --document packet --workers 2

Each client loads the form (session cookie and form token), posts a visit for its own fictional
patient and downloads the PDF. All start together; the script reports how many succeeded and the
latency distribution of submit-to-preview and of the whole round (form, submit, download).
Every print is recorded in a throw-away SQLite audit log. Wall-clock on this machine.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx2 as httpx

ROOT = Path(__file__).resolve().parents[1]
CLINIC = '[clinic]\nname = "Load Clinic"\nday_phone = "555-0100"\nafter_hours_phone = "555-0199"\n'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def one_client(
    base: str, n: int, document: str, barrier: threading.Barrier, out: list[dict[str, float]]
) -> None:
    with httpx.Client(base_url=base, timeout=300) as client:
        form = client.get("/")
        token = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert token, form.status_code
        visit = {
            "csrf": token.group(1),
            "name": f"Load Patient {n}",
            "dob": "1960-05-17",
            "mrn": f"LOAD{n:04d}",
            "procedure": "si-joint-injection",
            "side": ("left", "right", "bilateral")[n % 3],
            "date": "2026-12-03",
            "sedation": "none",
            "language": "en",
            "paper": "letter",
            "document": document,
        }
        barrier.wait()
        started = time.perf_counter()
        res = client.post("/preview", data=visit)
        submitted = time.perf_counter()
        link = re.search(r'href="(/pdf/[^"?]+)\?download=1"', res.text)
        ok = res.status_code == 200 and link is not None
        if ok and link:
            pdf = client.get(link.group(1) + "?download=1")
            ok = pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        done = time.perf_counter()
        out.append({"ok": float(ok), "submit": submitted - started, "round": done - started})


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--document", default="aftercare")
    parser.add_argument("--workers", type=int, default=2, help="[serve] workers (renders at a time)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "docgen.toml"
        config.write_text(
            f'{CLINIC}\n[audit]\ndatabase = "{Path(tmp) / "audit.sqlite3"}"\n'
            f"[serve]\nworkers = {args.workers}\nrender_timeout = 300\n"
        )
        port = free_port()
        code = "import sys; from docgen.cli import main; sys.argv[0] = 'docgen'; main()"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        cmd = [sys.executable, "-c", code, "serve", "--port", str(port), "--config", str(config)]
        server = subprocess.Popen(cmd, env=env, stderr=subprocess.DEVNULL)
        try:
            for _ in range(300):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            base = f"http://127.0.0.1:{port}"
            httpx.get(base + "/")  # warm up: the library and templates load on the first request
            results: list[dict[str, float]] = []
            barrier = threading.Barrier(args.clients)
            threads = [
                threading.Thread(target=one_client, args=(base, n, args.document, barrier, results))
                for n in range(args.clients)
            ]
            wall = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - wall
        finally:
            server.terminate()
            server.wait(10)
    ok = sum(int(r["ok"]) for r in results)
    print(
        f"{ok}/{args.clients} succeeded ({args.document}, {args.workers} render workers), {wall:.1f} s wall"
    )
    for key, label in (("submit", "submit to preview"), ("round", "submit, preview and download")):
        values = [r[key] for r in results]
        print(
            f"{label:30} min {min(values):5.2f} s  median {statistics.median(values):5.2f} s  "
            f"p90 {percentile(values, 90):5.2f} s  max {max(values):5.2f} s"
        )
    if ok != args.clients:
        sys.exit(1)


if __name__ == "__main__":
    main()
