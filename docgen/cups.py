"""Printing through CUPS with the ``lp`` command (Debian's ``cups-client``).

docgen does not link CUPS (pycups is GPL-2): it runs ``lp`` with an argument list, never a shell,
and hands it the PDF on standard input, so the document is never written to a shared temporary
folder. Errors are one line and never repeat patient data (the job's title is the document's kind
and ID).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
from typing import TYPE_CHECKING

from docgen.errors import OutputError

if TYPE_CHECKING:
    from docgen.model.settings import Settings

#: Seconds ``lp`` may take to hand the job to CUPS.
TIMEOUT = 60
_JOB_ID = re.compile(r"request id is (\S+)")
_TITLE = re.compile(r"^[A-Za-z0-9 ,._()+-]{1,120}$")


def choose_queue(settings: Settings, queue: str | None) -> str:
    """The queue to print on: ``queue`` if the clinic allows it, else the default queue."""
    allowed = settings.printing.queues
    if not allowed:
        raise OutputError("no printer is set up; add [printing] queues to the settings file", field="--print")
    if not queue:
        return settings.printing.queue or allowed[0]
    if queue not in allowed:
        raise OutputError(
            f"queue {queue!r} is not one of [printing] queues ({', '.join(allowed)})", field="--print"
        )
    return queue


def lp_command() -> str:
    """The path of ``lp``, or a one-line error saying what to install."""
    lp = shutil.which("lp")
    if lp is None:
        raise OutputError(
            "the lp command was not found; install CUPS's client (Debian: cups-client)", field="--print"
        )
    return lp


def send(pdf: bytes, *, queue: str, settings: Settings, duplex: bool, title: str) -> str:
    """Print ``pdf`` on the CUPS ``queue`` and return the job ID (e.g. ``desk-1-42``).

    ``duplex``: the PDF is padded for two-sided printing (``Options.duplex``); it is sent
    ``sides=two-sided-long-edge`` unless ``[printing] duplex`` is false. ``title`` names the job on
    the printer's queue: the document's kind and ID, never the patient's name."""
    queue = choose_queue(settings, queue)
    if not _TITLE.fullmatch(title):
        raise OutputError(
            "the print job's title may only hold letters, digits and - . , ( )", field="--print"
        )
    lp = lp_command()
    printing = settings.printing
    sides = "two-sided-long-edge" if duplex and printing.duplex else "one-sided"
    args = [lp]
    if printing.server:
        args += ["-h", printing.server]
    args += ["-d", queue, "-t", title, "-o", f"sides={sides}"]
    for key, value in printing.options.items():
        args += ["-o", f"{key}={value}"]
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}  # lp's answer in English, to read the job ID
    try:
        done = subprocess.run(args, input=pdf, capture_output=True, timeout=TIMEOUT, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise OutputError(
            f"CUPS did not answer within {TIMEOUT} s; check the print server", field="--print"
        ) from None
    except OSError as exc:
        raise OutputError(f"lp could not be started ({exc.strerror})", field="--print") from None
    answer = done.stdout.decode("utf-8", "replace")
    found = _JOB_ID.search(answer)
    if done.returncode != 0 or found is None:
        raise OutputError(f"CUPS refused the job on {queue}: {_why(done.stderr)}", field="--print")
    return found.group(1)


def _why(stderr: bytes) -> str:
    """lp's own message, on one line and short (it names the queue or server, no patient data)."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    text = lines[0] if lines else "no reason given"
    text = re.sub(r"^(\S*/)?lp:\s*(Error\s*-\s*)?", "", text)
    return text[:200].rstrip(".")


def cancel(job_id: str, settings: Settings) -> None:
    """Try to cancel a job (after its audit record could not be written); errors are ignored."""
    cancel_cmd = shutil.which("cancel")
    if cancel_cmd is None:
        return
    args = [cancel_cmd, *(["-h", settings.printing.server] if settings.printing.server else []), job_id]
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        subprocess.run(args, capture_output=True, timeout=TIMEOUT, check=False)
