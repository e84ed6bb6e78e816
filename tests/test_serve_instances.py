"""Several desks: two real ``docgen serve`` processes behind one (imagined) load balancer, sharing a
key file and one PostgreSQL audit database (.ci/run starts the server). A nurse's requests may land
on either instance: the session and the preview link work on both, the PDF is the same bytes, and
every document is recorded once, with no ID given twice."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("uvicorn", reason="docgen[serve] is not installed")

import httpx2 as httpx
import sqlalchemy as sa
from audit_db import AuditDb, make_db

ROOT = Path(__file__).resolve().parents[1]
VISIT = {
    "name": "Yusuf Testcase",
    "dob": "1966-06-06",
    "mrn": "MULTI0001",
    "procedure": "si-joint-injection",
    "side": "bilateral",
    "date": "2026-12-03",
    "sedation": "none",
    "language": "en",
    "paper": "letter",
    "document": "consent",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[AuditDb]:
    yield from make_db("postgresql", tmp_path / "db")


def start(config: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    code = "import sys; from docgen.cli import main; sys.argv[0] = 'docgen'; main()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--port", str(port), "--config", str(config)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("docgen serve did not start") from None
            time.sleep(0.1)


def stop(proc: subprocess.Popen[bytes]) -> str:
    proc.terminate()
    proc.wait(10)
    assert proc.stderr is not None
    log = proc.stderr.read().decode()
    proc.stderr.close()
    return log


def csrf(client: httpx.Client, base: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(base + "/").text)
    assert found
    return found.group(1)


def test_two_instances_share_sessions_previews_and_one_postgresql_audit(
    shared: AuditDb, tmp_path: Path
) -> None:
    key = tmp_path / "serve.key"
    key.write_text(secrets.token_urlsafe(48))
    key.chmod(0o600)
    config = shared.write_config()
    # Behind the site's proxy, which signs users in and names them in X-Remote-User.
    serve = f'\n[serve]\nsecret_key_file = "{key}"\ntrusted_proxies = ["127.0.0.1"]\n'
    config.write_text(config.read_text() + serve)
    (a, base_a), (b, base_b) = start(config), start(config)
    try:
        with httpx.Client(
            timeout=120, headers={"X-Remote-User": "nurse.a"}
        ) as nurse:  # one browser: its cookie goes to both instances
            token = csrf(nurse, base_a)
            made = nurse.post(base_a + "/preview", data={**VISIT, "csrf": token})
            assert made.status_code == 200, made.text
            link = re.search(r'href="(/pdf/[^"?]+)\?download=1"', made.text)
            assert link
            from_a = nurse.get(base_a + link.group(1)).content
            from_b = nurse.get(base_b + link.group(1))  # B never saw this preview: it renders it again
            assert from_b.status_code == 200 and from_b.content == from_a and from_a.startswith(b"%PDF")
            # The next submission lands on B with the form token A gave: the session is shared.
            again = nurse.post(base_b + "/preview", data={**VISIT, "mrn": "MULTI0002", "csrf": token})
            assert again.status_code == 200, again.text
        other = {"X-Remote-User": "nurse.b"}
        with httpx.Client(timeout=120, headers=other) as stranger:  # another user cannot open the link
            assert stranger.get(base_b + link.group(1)).status_code == 404
        # Both desks busy at once: 12 submissions split over the two instances.
        results: list[int] = []

        def desk(n: int) -> None:
            base = (base_a, base_b)[n % 2]
            with httpx.Client(timeout=300, headers={"X-Remote-User": f"nurse.{n}"}) as client:
                res = client.post(
                    base + "/preview", data={**VISIT, "mrn": f"MULTI1{n:03d}", "csrf": csrf(client, base)}
                )
                results.append(res.status_code)

        threads = [threading.Thread(target=desk, args=(n,)) for n in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results == [200] * 12
    finally:
        logs = stop(a) + stop(b)
    assert "Yusuf" not in logs and "MULTI0001" not in logs and "1966-06-06" not in logs
    with shared.engine().connect() as conn:
        rows = conn.execute(sa.text("SELECT id, mrn, operator FROM prints")).all()
    assert len(rows) == 14 and len({r.id for r in rows}) == 14
    assert sorted(r.mrn for r in rows)[:2] == ["MULTI0001", "MULTI0002"]
    assert {r.operator for r in rows if r.mrn.startswith("MULTI000")} == {"nurse.a"}


def test_a_key_file_others_can_read_is_refused_in_one_line(tmp_path: Path) -> None:
    from docgen.errors import ConfigError
    from docgen.serve.shared import load_key

    key = tmp_path / "serve.key"
    key.write_text(secrets.token_urlsafe(48))
    key.chmod(0o644)
    with pytest.raises(ConfigError, match="readable by others; run chmod 600"):
        load_key(key)
    key.chmod(0o600)
    key.write_text("short")
    with pytest.raises(ConfigError, match="fewer than 32 bytes"):
        load_key(key)
    assert load_key(None) is None
