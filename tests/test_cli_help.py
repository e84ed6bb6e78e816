"""Help that teaches: every command's --help fits 80 columns, names the allowed values, shows flags
as flags, and ends with examples that run as printed (this file runs every one of them)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import DATA_DIR, EPOCH, PATIENT, flags

ROOT = Path(__file__).resolve().parents[1]


def command_paths() -> list[tuple[str, ...]]:
    """Every command and group, as typed after ``docgen`` (the top level is ``()``)."""
    import typer

    from docgen.cli import app

    found: list[tuple[str, ...]] = []

    def walk(command: object, path: tuple[str, ...]) -> None:
        found.append(path)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return found


def docgen_env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOCGEN_", "NO_COLOR", "FORCE_COLOR"))}
    env.update(
        PYTHONPATH=str(ROOT),
        SOURCE_DATE_EPOCH=EPOCH,
        XDG_DATA_HOME=str(tmp / "data"),
        XDG_CONFIG_HOME=str(tmp / "config"),
        **extra,
    )
    return env


def help_text(path: tuple[str, ...], tmp: Path, columns: str = "80") -> str:
    res = subprocess.run(
        [sys.executable, "-m", "docgen", *path, "--help"],
        capture_output=True,
        text=True,
        env=docgen_env(tmp, COLUMNS=columns),
        check=False,
    )
    assert res.returncode == 0, res.stderr
    return res.stdout


def examples_in(text: str) -> list[str]:
    """The commands of the Examples section, continuation lines joined as the shell joins them."""
    lines = text.splitlines()
    start = max(i for i, line in enumerate(lines) if line.strip() == "Examples:")
    commands: list[str] = []
    pending = ""
    for line in lines[start + 1 :]:
        if not line.strip():
            continue
        part = line.strip()
        if part.endswith("\\"):
            pending += part[:-1]
            continue
        commands.append(pending + part)
        pending = ""
    assert not pending, "an example ends with a line continuation"
    return commands


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "docgen")
def test_help_fits_80_columns_and_ends_with_examples(path: tuple[str, ...], tmp_path: Path) -> None:
    for columns in ("80", "200"):
        text = help_text(path, tmp_path, columns)
        too_long = [line for line in text.splitlines() if len(line) > 80]
        assert not too_long, too_long
    # No type names where a value belongs: the value's form (NAME, YYYY-MM-DD) or its choices.
    assert not re.search(r"<(str|bool|int|integer|float|string)>", text), text
    examples = examples_in(text)
    assert examples and all(e.startswith("docgen ") for e in examples), examples
    # The section is the last thing: nothing after it but the examples themselves.
    tail = text[text.rindex("Examples:") :]
    assert all(line.startswith("    ") or not line.strip() for line in tail.splitlines()[1:]), (
        "the Examples section must end the help"
    )


def test_choices_and_flags_read_as_typed(tmp_path: Path) -> None:
    text = " ".join(help_text(("info",), tmp_path).split())
    for shown in (
        "--side <left|right|bilateral>",
        "--language <en|es>",
        "--sedation <none|oral|iv>",
        "--purpose <diagnostic|therapeutic>",
        "--guidance <fluoroscopy|ct|ultrasound>",
        "--paper <letter|a4>",
        "--date-format <iso|us|day-first>",
        "--diabetes / --no-diabetes",
        "--large-print Large print",  # a flag: nothing to type after it
    ):
        assert shown in text, shown
    assert "--large-print <" not in text


def test_a_long_example_is_split_between_arguments_never_inside_one(tmp_path: Path) -> None:
    text = help_text(("info",), tmp_path)
    raw = text[text.rindex("Examples:") :].splitlines()
    long_example = [line for line in raw if line.rstrip().endswith("\\")]
    assert long_example, "the one-patient example is long enough to need a continuation"
    assert '"Jane Doe"' in text  # a quoted value stays on one line


def _setup_example_folder(work: Path) -> dict[str, str]:
    """The files the examples name, and a ``docgen`` on PATH that runs this checkout."""
    shutil.copy(DATA_DIR / "schedules" / "day.csv", work / "tomorrow.csv")
    (work / "visit.yaml").write_text("".join(f"{k}: {v}\n" for k, v in PATIENT.items()))
    (work / "our-wording").mkdir()
    bin_dir = work.parent / "bin"
    bin_dir.mkdir()
    script = bin_dir / "docgen"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m docgen "$@"\n')
    script.chmod(0o755)
    env = docgen_env(work.parent, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    subprocess.run(
        [sys.executable, "-m", "docgen", "consent", *flags(), "-o", "returned-consent.pdf"],
        cwd=work,
        env=env,
        check=True,
        capture_output=True,
    )
    return env


def _run_serve(command: str, work: Path, env: dict[str, str]) -> None:
    """``docgen serve`` runs until stopped: start it, wait until it listens, stop it as a person would."""
    with subprocess.Popen(
        ["bash", "-c", f"exec {command}"], cwd=work, env=env, stderr=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stderr is not None
        first = proc.stderr.readline()
        while first.startswith("docgen: warning:"):  # e.g. the example clinic is in use
            first = proc.stderr.readline()
        assert "docgen serve: http://" in first, first
        time.sleep(0.5)  # uvicorn binds after the line; stopping earlier is also fine (not timed)
        proc.send_signal(signal.SIGINT)
        rest = proc.stderr.read()
        proc.wait(timeout=30)
    assert proc.returncode == 0, rest


def test_every_help_example_runs_as_printed(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    env = _setup_example_folder(work)
    ran = []
    for path in command_paths():
        for command in examples_in(help_text(path, tmp_path)):
            if command.startswith("docgen serve"):
                _run_serve(command, work, env)
                ran.append(command)
                continue
            if command.startswith("docgen reprint "):  # its ID is an example: use the newest print's
                listed = subprocess.run(
                    [sys.executable, "-m", "docgen", "history", "--format", "json"],
                    cwd=work,
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                newest = json.loads(listed.stdout)[0]["id"]
                command = re.sub(r"reprint \S+", f"reprint {newest}", command)
            if command.startswith("docgen templates check") and "--help" not in command:
                command += " --today 2026-11-21"  # the shipped review dates fall due one day
            res = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True, check=False)
            assert res.returncode == 0, (command, res.stderr.decode())
            ran.append(command)
    assert len(ran) >= 20, ran
    assert (work / "packets" / "print.pdf").is_file() and (work / "docgen-demo-packet.pdf").is_file()
