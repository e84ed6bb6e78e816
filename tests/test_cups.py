"""Printing through CUPS (docgen/cups.py, ``--print``) against a real CUPS server.

.ci/cups.sh starts a private cupsd on 127.0.0.1 with a queue that keeps every job's file, and
exports DOCGEN_TEST_CUPS_SERVER / _QUEUE / _SPOOL. Without it the server cases skip with the reason;
with DOCGEN_REQUIRE_SERVICES=1 (CI) they fail instead. The settings and lp-missing cases need no
server.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cups_server import cups, job_attributes, spooled

from docgen.errors import ConfigError
from docgen.model.settings import load_settings

CLINIC = '[clinic]\nname = "Test Clinic"\nday_phone = "555-0100"\nafter_hours_phone = "555-0199"\n'
VISIT = [
    "--procedure", "si-joint-injection", "--side", "left", "--name", "Jane Testpatient",
    "--dob", "1970-01-02", "--mrn", "TEST-4711", "--date", "2027-01-05",
]  # fmt: skip


def config(folder: Path, queues: list[str], server: str | None = None, extra: str = "") -> Path:
    path = folder / "clinic.toml"
    names = ", ".join(f'"{q}"' for q in queues)
    text = f'{CLINIC}\n[audit]\ndatabase = "{folder / "audit.sqlite3"}"\n\n[printing]\nqueues = [{names}]\n'
    if server:
        text += f'server = "{server}"\n'
    path.write_text(text + extra)
    return path


def docgen(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    root = Path(__file__).resolve().parents[1]
    environ = {**os.environ, "PYTHONPATH": str(root), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "docgen", *map(str, args)], capture_output=True, text=True, env=environ
    )


def records(folder: Path) -> list[tuple[str, str, str]]:
    path = folder / "audit.sqlite3"
    if not path.exists():
        return []
    with sqlite3.connect(path) as db:
        return db.execute("SELECT kind, destination, sha256 FROM prints ORDER BY kind").fetchall()


def printed_job(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    found = re.search(r"printed job (\S+) \(", result.stderr)
    assert found, result.stderr
    return found.group(1)


def test_a_duplex_packet_is_printed_two_sided_and_recorded_with_its_job(tmp_path: Path) -> None:
    server, queue, spool = cups()
    result = docgen("packet", *VISIT, "--config", config(tmp_path, [queue], server), "--print")
    job_id = printed_job(result)
    attributes = job_attributes(server, job_id)
    assert "sides (keyword) = two-sided-long-edge" in attributes
    title = re.search(r"job-name \(\w+\) = (.*)", attributes)
    assert title and title.group(1).startswith("docgen packet ")
    assert "Testpatient" not in attributes and "TEST-4711" not in attributes  # no PHI on the queue
    rows = records(tmp_path)
    assert [kind for kind, _, _ in rows] == ["aftercare", "consent", "diary", "info"]
    assert {dest for _, dest, _ in rows} == {f"printer:{queue} job {job_id}"}
    # CUPS kept the file it was given: byte for byte the PDF the audit record describes.
    received = spooled(spool, job_id)
    assert received.startswith(b"%PDF")
    assert hashlib.sha256(received).hexdigest() == rows[0][2]


def test_simplex_prints_one_sided_and_a_tray_option_passes_through(tmp_path: Path) -> None:
    server, queue, _ = cups()
    folder = config(tmp_path, [queue], server, extra='options = {"InputSlot" = "Tray2"}\n')
    job_id = printed_job(docgen("consent", *VISIT, "--config", folder, "--simplex", "--print", queue))
    attributes = job_attributes(server, job_id)
    assert "sides (keyword) = one-sided" in attributes
    assert "InputSlot (nameWithoutLanguage) = Tray2" in attributes
    assert records(tmp_path)[0][:2] == ("consent", f"printer:{queue} job {job_id}")


def test_a_queue_the_clinic_does_not_allow_is_refused_in_one_line(tmp_path: Path) -> None:
    result = docgen("consent", *VISIT, "--config", config(tmp_path, ["desk-1"]), "--print", "desk-9")
    assert result.returncode == 1
    assert (
        result.stderr == "docgen: error: --print: queue 'desk-9' is not one of [printing] queues (desk-1)\n"
    )
    assert records(tmp_path) == []


def test_without_lp_the_error_is_one_line_and_nothing_is_recorded(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    result = docgen(
        "info", *VISIT, "--config", config(tmp_path, ["desk-1"]), "--print", env={"PATH": str(empty)}
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "cups-client" in result.stderr, result.stderr
    assert "Testpatient" not in result.stderr
    assert records(tmp_path) == []


def test_cups_refusing_the_job_is_one_line_and_nothing_is_recorded(tmp_path: Path) -> None:
    server, _, _ = cups()
    result = docgen("info", *VISIT, "--config", config(tmp_path, ["no-such-queue"], server), "--print")
    assert result.returncode == 1
    assert result.stderr.startswith("docgen: error: --print: CUPS refused the job on no-such-queue: ")
    assert result.stderr.count("\n") == 1
    assert records(tmp_path) == []


def test_print_and_output_are_one_or_the_other(tmp_path: Path) -> None:
    for both in ([], ["-o", str(tmp_path / "x.pdf"), "--print"]):
        result = docgen("info", *VISIT, "--config", config(tmp_path, ["desk-1"]), *both)
        assert result.returncode == 2 and "give -o FILE or --print" in result.stderr


@pytest.mark.parametrize(
    ("printing", "setting"),
    [
        ('queues = ["desk-1"]\ndefault_queue = "desk-2"\n', "printing"),
        ('queues = ["desk 1"]\n', "printing.queues.0"),
        ('queues = ["desk-1"]\noptions = {"InputSlot" = "Tray 2; rm"}\n', "printing.options.InputSlot"),
        ('queues = ["desk-1"]\noptions = {"sides" = "one-sided"}\n', "printing"),
        ('queues = ["desk-1"]\nserver = "-h evil"\n', "printing.server"),
    ],
)
def test_printing_settings_are_checked_in_one_line(tmp_path: Path, printing: str, setting: str) -> None:
    path = tmp_path / "clinic.toml"
    path.write_text(f"{CLINIC}\n[printing]\n{printing}")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(caught.value).startswith(f"settings file clinic.toml: {setting} is not valid")
    assert "\n" not in str(caught.value)


SCHEDULE = (
    "name,dob,mrn,procedure,side,date,time\n"
    "Ana Example,1961-04-12,40000001,si-joint-injection,left,2027-01-05,09:00\n"
    "Bo Example,1955-02-03,40000002,si-joint-injection,right,2027-01-05,10:00\n"
)


def test_batch_prints_the_print_file_once_with_every_document_recorded(tmp_path: Path) -> None:
    server, queue, spool = cups()
    schedule = tmp_path / "tomorrow.csv"
    schedule.write_text(SCHEDULE)
    settings = config(tmp_path, [queue], server)
    out = tmp_path / "packets"
    args = ("batch", schedule, "--out-dir", out, "--docs", "consent,aftercare", "--config", settings)
    first = docgen(*args, "--print")
    assert first.returncode == 0, first.stderr
    found = re.search(r"sent the print file to \S+: job (\S+)", first.stderr)
    assert found, first.stderr
    job_id = found.group(1)
    attributes = job_attributes(server, job_id)
    assert "sides (keyword) = two-sided-long-edge" in attributes
    assert "job-name (nameWithoutLanguage) = docgen batch 2 patients" in attributes
    assert not any(p in attributes for p in ("Ana", "Bo Example", "40000001"))
    assert spooled(spool, job_id) == (out / "print.pdf").read_bytes()
    with sqlite3.connect(tmp_path / "audit.sqlite3") as db:
        delivered = db.execute("SELECT print_id, destination FROM deliveries").fetchall()
        ids = {i for (i,) in db.execute("SELECT id FROM prints")}
    assert len(ids) == 4 and {i for i, _ in delivered} == ids
    assert {d for _, d in delivered} == {f"printer:{queue} job {job_id}"}
    # The same command again (nothing changed): the stack is not printed twice.
    again = docgen(*args, "--print")
    assert again.returncode == 0 and "already sent as job " + job_id in again.stderr, again.stderr
    assert "sent the print file to" not in again.stderr


def test_batch_does_not_print_a_stack_with_a_failed_row(tmp_path: Path) -> None:
    server, queue, _ = cups()
    schedule = tmp_path / "tomorrow.csv"
    schedule.write_text(
        SCHEDULE + "Cy Example,1950-13-01,40000003,si-joint-injection,left,2027-01-05,11:00\n"
    )
    out = tmp_path / "packets"
    settings = config(tmp_path, [queue], server)
    result = docgen(
        "batch", schedule, "--out-dir", out, "--docs", "aftercare", "--config", settings, "--print", queue
    )
    assert result.returncode == 1
    assert "the print file was not sent to the printer: 1 row failed" in result.stderr
    assert (out / "print.pdf").is_file() and "job" not in result.stderr.replace("jobs", "")


def test_batch_with_a_queue_the_clinic_does_not_list_fails_before_any_row(tmp_path: Path) -> None:
    schedule = tmp_path / "tomorrow.csv"
    schedule.write_text(SCHEDULE)
    out = tmp_path / "packets"
    result = docgen(
        "batch", schedule, "--out-dir", out, "--config", config(tmp_path, ["desk-1"]), "--print", "desk-9"
    )
    assert result.returncode == 1
    assert (
        result.stderr == "docgen: error: --print: queue 'desk-9' is not one of [printing] queues (desk-1)\n"
    )
    assert not out.exists() and records(tmp_path) == []
