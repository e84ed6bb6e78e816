"""Command-line habits, tested on the real script in subprocesses: usage errors in one line (exit 2),
Ctrl-C (exit 130, one line saying what was finished, no half-written file), --quiet and --verbose,
no colour or box drawing off a terminal or with NO_COLOR, ``--input -``, `docgen procedures` at 80
columns and as JSON, and shell completion."""

from __future__ import annotations

import csv
import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import DATA_DIR, PATIENT, Pdf, flags, one_line
from test_cli_help import docgen_env

#: Box-drawing and block characters (U+2500-U+259F), and an ANSI escape.
BOXES = re.compile("[\u2500-\u259f]")
ANSI = "\x1b["


def docgen(
    *args: str, tmp: Path, stdin: bytes | None = None, **env: str
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args],
        cwd=tmp,
        env=docgen_env(tmp, **env),
        input=stdin,
        capture_output=True,
        check=False,
    )


def on_a_terminal(*args: str, tmp: Path, **env: str) -> str:
    """What docgen writes (stdout and stderr) when both are a terminal (a pseudo-terminal)."""
    master, slave = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "docgen", *args],
        cwd=tmp,
        env=docgen_env(tmp, COLUMNS="100", TERM="xterm-256color", **env),
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
    ) as proc:
        os.close(slave)
        out = b""
        while True:
            ready, _, _ = select.select([master], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed: docgen finished
                break
            if not chunk:
                break
            out += chunk
        proc.wait(timeout=60)
    os.close(master)
    assert proc.returncode == 0, out
    return out.decode("utf-8", "replace")


def one_usage_line(res: subprocess.CompletedProcess[bytes]) -> str:
    assert res.returncode == 2, res.stderr
    message = res.stderr.decode()
    assert message.count("\n") == 1 and message.startswith("docgen: error: "), message
    assert "Usage:" not in message and "Traceback" not in message and not BOXES.search(message)
    return message.strip()


# -- usage errors ---------------------------------------------------------------------------------
def test_an_unknown_flag_is_one_line_with_a_suggestion(tmp_path: Path) -> None:
    res = docgen("info", "--nmae", "Jane Doe", tmp=tmp_path)
    assert one_usage_line(res) == "docgen: error: no such option --nmae (did you mean --name?)"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("info", "--name"), "docgen: error: option --name requires a value"),
        (("info", "--paper", "b5"), "docgen: error: --paper: use letter or a4"),
        (("history", "--format", "xml"), "docgen: error: --format: use table, json or csv"),
        (("batch",), "docgen: error: missing argument SCHEDULE"),
        (("infoo",), "docgen: error: no such command infoo (did you mean info?)"),
        (("templates", "chek"), "docgen: error: no such command chek (did you mean check?)"),
        (("procedures", "--format", "yaml"), "docgen: error: --format: use table or json"),
    ],
)
def test_usage_errors_are_one_line(args: tuple[str, ...], expected: str, tmp_path: Path) -> None:
    assert one_usage_line(docgen(*args, tmp=tmp_path)) == expected


def test_usage_errors_are_one_line_through_the_test_runner_too(run) -> None:  # type: ignore[no-untyped-def]
    res = run("aftercare", "--nmae", "x")
    assert res.exit_code == 2
    assert res.stderr == "docgen: error: no such option --nmae (did you mean --name?)\n"


# -- Ctrl-C ---------------------------------------------------------------------------------------
def _large_schedule(path: Path, rows: int) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(PATIENT))
        for n in range(rows):
            writer.writerow({**PATIENT, "mrn": f"{n:08d}"}.values())


def test_ctrl_c_in_a_batch_says_how_far_it_got_and_leaves_only_whole_files(tmp_path: Path) -> None:
    schedule = tmp_path / "large.csv"
    _large_schedule(schedule, 400)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "docgen", "batch", str(schedule), "--out-dir", str(out)]
    command += ["--docs", "aftercare", "--jobs", "2"]
    # Its own process group, as a shell runs it: Ctrl-C at a terminal signals the whole group.
    with subprocess.Popen(
        command,
        cwd=tmp_path,
        env=docgen_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    ) as proc:
        deadline = time.monotonic() + 120
        while not list(out.glob("*.pdf")) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, "the batch finished before it could be interrupted"
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    message = err.decode()
    assert proc.returncode == 130, message
    assert "Traceback" not in message
    last = message.strip().splitlines()[-1]
    found = re.fullmatch(r"docgen: interrupted; (\d+) of 400 rows done, run again to resume", last)
    assert found, message
    pdfs = sorted(out.glob("*.pdf"))
    assert int(found[1]) <= len(pdfs) < 400
    for pdf in pdfs:  # every file in the folder is whole
        assert Pdf(pdf.read_bytes()).pages
    assert [p.name for p in out.iterdir() if p.suffix not in (".pdf",) and p.name != ".docgen"] == [], (
        "no partial file besides the PDFs"
    )


def test_ctrl_c_in_a_one_patient_command_writes_nothing(tmp_path: Path) -> None:
    """Interrupted while it waits for the visit on standard input (--verbose says when)."""
    command = [sys.executable, "-m", "docgen", "--verbose", "info", "--input", "-", "-o", "out.pdf"]
    with subprocess.Popen(
        command,
        cwd=tmp_path,
        env=docgen_env(tmp_path),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        assert proc.stderr is not None and proc.stdin is not None
        while "reading the visit from standard input" not in proc.stderr.readline().decode():
            assert proc.poll() is None
        proc.stdin.write(b'{"name": "Jane')  # half a visit, then Ctrl-C
        proc.stdin.flush()
        proc.send_signal(signal.SIGINT)
        err = proc.stderr.read().decode()
        proc.wait(timeout=30)
    assert proc.returncode == 130, err
    assert err == "docgen: interrupted; nothing was written\n"
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == []


# -- quiet and verbose ----------------------------------------------------------------------------
def test_quiet_and_verbose(tmp_path: Path) -> None:
    normal = docgen("info", *flags(), "-o", "a.pdf", tmp=tmp_path)
    assert normal.returncode == 0 and normal.stderr.decode().startswith("wrote a.pdf (")
    # --quiet leaves out progress, not warnings: the example clinic's warning stays.
    quiet = docgen("--quiet", "info", *flags(), "-o", "b.pdf", tmp=tmp_path)
    assert quiet.returncode == 0 and (tmp_path / "b.pdf").is_file()
    assert quiet.stderr.decode().startswith("docgen: warning: no settings file found")
    assert quiet.stderr.count(b"\n") == 1
    (tmp_path / "docgen.toml").write_text(
        '[clinic]\nname = "Test Clinic"\nday_phone = "555-0100"\nafter_hours_phone = "555-0199"\n'
    )
    quiet = docgen("--quiet", "info", *flags(), "-o", "b.pdf", tmp=tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == b""
    verbose = docgen("-v", "info", *flags(), "-o", "c.pdf", tmp=tmp_path).stderr.decode()
    assert "docgen: templates: built-in" in verbose and "docgen: rendering info" in verbose
    assert "wrote c.pdf" in verbose
    assert "Jane" not in verbose and "00123456" not in verbose  # still no patient data
    assert one_usage_line(docgen("--quiet", "info", "--nmae", "x", tmp=tmp_path))  # errors still shown

    schedule = DATA_DIR / "schedules" / "day.csv"
    args = ("batch", str(schedule), "--docs", "aftercare", "--jobs", "1")
    assert docgen("-q", *args, "--out-dir", "q", tmp=tmp_path).stderr == b""
    loud = docgen("--verbose", *args, "--out-dir", "v", tmp=tmp_path).stderr.decode()
    assert "docgen: 1 rows done, 0 failed" in loud
    assert "Jane" not in loud


# -- colour and boxes -----------------------------------------------------------------------------
def test_no_colour_or_boxes_through_a_pipe(tmp_path: Path) -> None:
    for args in (("procedures",), ("templates", "check", "--today", "2026-11-21")):
        res = docgen(*args, tmp=tmp_path)
        text = res.stdout.decode() + res.stderr.decode()
        assert res.returncode == 0, text
        assert ANSI not in text and not BOXES.search(text), text
    res = docgen("batch", str(DATA_DIR / "schedules" / "day.csv"), "--out-dir", "o", tmp=tmp_path)
    assert res.returncode == 0
    assert ANSI not in res.stderr.decode() and not BOXES.search(res.stderr.decode())


def test_no_colour_or_boxes_with_no_color_on_a_terminal(tmp_path: Path) -> None:
    pretty = on_a_terminal("procedures", tmp=tmp_path)
    assert BOXES.search(pretty), "a terminal without NO_COLOR gets the drawn table"
    for args in (
        ("procedures",),
        ("templates", "check", "--today", "2026-11-21"),
        ("batch", str(DATA_DIR / "schedules" / "day.csv"), "--out-dir", "o", "--docs", "diary"),
    ):
        plain = on_a_terminal(*args, tmp=tmp_path, NO_COLOR="1")
        assert ANSI not in plain and not BOXES.search(plain), plain


# -- --input - ------------------------------------------------------------------------------------
@pytest.mark.parametrize("form", ["json", "yaml"])
def test_input_from_standard_input(form: str, tmp_path: Path) -> None:
    yaml = "".join(f"{k}: {v}\n" for k, v in PATIENT.items())
    text = json.dumps(PATIENT) if form == "json" else yaml
    res = docgen("aftercare", "--input", "-", "-o", "a.pdf", tmp=tmp_path, stdin=text.encode())
    assert res.returncode == 0, res.stderr
    pdf = one_line(Pdf((tmp_path / "a.pdf").read_bytes()).text)
    assert "00123456" in pdf and "Jane Doe" in pdf


def test_bad_standard_input_is_one_line(tmp_path: Path) -> None:
    res = docgen("aftercare", "--input", "-", "-o", "a.pdf", tmp=tmp_path, stdin=b"[1, 2")
    assert res.returncode == 1
    assert res.stderr.decode() == "docgen: error: --input: standard input is not valid JSON or YAML\n"


# -- procedures -----------------------------------------------------------------------------------
@pytest.mark.parametrize("columns", ["80", "100"])
def test_procedures_fit_the_terminal(columns: str, tmp_path: Path) -> None:
    res = docgen("procedures", tmp=tmp_path, COLUMNS=columns)
    lines = res.stdout.decode().splitlines()
    assert res.returncode == 0 and lines
    assert max(len(line) for line in lines) <= int(columns), lines
    assert all(p in res.stdout.decode() for p in ("si-joint-injection", "si-joint-rfa", "1.1.0"))


def test_procedures_as_json(tmp_path: Path) -> None:
    res = docgen("procedures", "--format", "json", tmp=tmp_path)
    assert res.returncode == 0, res.stderr
    listed = json.loads(res.stdout)
    assert [p["id"] for p in listed] == ["si-joint-fusion", "si-joint-injection", "si-joint-rfa"]
    keys = {"id", "name", "short_name", "names", "sided", "documents", "languages", "purposes"}
    keys |= {"guidance", "template_version", "review"}
    injection = listed[1]
    assert set(injection) == keys
    assert injection["sided"] is True and injection["template_version"] == "1.1.0"
    assert injection["documents"] == ["info", "consent", "aftercare", "diary"]
    assert {"language": "en", "status": "original"}.items() <= injection["languages"][0].items()
    assert sorted(injection["purposes"]) == ["diagnostic", "therapeutic"]  # first: the default
    assert injection["guidance"][0] == "fluoroscopy"
    assert set(injection["review"]) == {"status", "approved_by", "approved_on", "review_due"}


# -- completion -----------------------------------------------------------------------------------
def test_completion_script_and_answers(tmp_path: Path) -> None:
    script = docgen("--show-completion", "bash", tmp=tmp_path)
    assert script.returncode == 0 and b"_docgen_completion" in script.stdout
    assert b"_DOCGEN_COMPLETE=complete_bash" in script.stdout

    def complete(words: str) -> list[str]:
        cword = str(len(words.split()) - (0 if words.endswith(" ") else 1))
        env = {"_DOCGEN_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword}
        res = docgen(tmp=tmp_path, stdin=None, **env)
        assert res.returncode == 0, res.stderr
        return res.stdout.decode().split()

    assert complete("docgen inf") == ["info"]
    assert complete("docgen info --pa") == ["--paper"]
    assert complete("docgen info --paper ") == ["letter", "a4"]


# -- the README's shell examples ------------------------------------------------------------------
def test_readme_console_examples_print_what_they_show(tmp_path: Path) -> None:
    """The README's ``console`` blocks (shell syntax the README test's runner cannot run) run in
    bash; a line shown under a command is what it prints on standard error."""
    from markdown_it import MarkdownIt

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    tokens = MarkdownIt("commonmark").parse(readme)
    blocks = [t.content for t in tokens if t.type == "fence" and t.info.strip() == "console"]
    assert len(blocks) >= 2
    (tmp_path / "visit.yaml").write_text("".join(f"{k}: {v}\n" for k, v in PATIENT.items()))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "docgen").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m docgen "$@"\n')
    (bin_dir / "docgen").chmod(0o755)
    env = docgen_env(tmp_path, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    for block in blocks:
        command, *shown = block.strip().splitlines()
        assert command.startswith("$ docgen ")
        res = subprocess.run(["bash", "-c", command[2:]], cwd=tmp_path, env=env, capture_output=True)
        if shown:
            assert res.returncode == 2 and res.stderr.decode().splitlines() == shown
        else:
            assert res.returncode == 0, res.stderr
