"""The test CUPS server started by .ci/cups.sh: where it is, and what it says about a job.

Without DOCGEN_TEST_CUPS_SERVER the printing tests skip with the reason; under
DOCGEN_REQUIRE_SERVICES=1 (.ci/run) they fail instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest


def cups() -> tuple[str, str, Path]:
    """The server (host:port), its test queue and its spool folder."""
    server = os.environ.get("DOCGEN_TEST_CUPS_SERVER", "")
    if not server or shutil.which("ipptool") is None:
        reason = "DOCGEN_TEST_CUPS_SERVER is not set (or ipptool is missing): no CUPS server to print on"
        if os.environ.get("DOCGEN_REQUIRE_SERVICES"):
            pytest.fail(reason)  # CI starts one (.ci/cups.sh): the printing tests must run there
        pytest.skip(reason)
    return server, os.environ["DOCGEN_TEST_CUPS_QUEUE"], Path(os.environ["DOCGEN_TEST_CUPS_SPOOL"])


def job_attributes(server: str, job_id: str) -> str:
    """``ipptool``'s answer for the job, once CUPS has finished it."""
    number = job_id.rsplit("-", 1)[1]
    answer = ""
    for _ in range(50):  # the job is accepted at once and processed shortly after
        answer = subprocess.run(
            ["ipptool", "-tv", f"ipp://{server}/jobs/{number}", "get-job-attributes.test"],
            capture_output=True,
            text=True,
        ).stdout
        if "job-state (enum) = completed" in answer:
            return answer
        time.sleep(0.1)
    return answer


def spooled(spool: Path, job_id: str) -> bytes:
    """The file CUPS was given for the job (PreserveJobFiles keeps it)."""
    return (spool / f"d{int(job_id.rsplit('-', 1)[1]):05d}-001").read_bytes()
