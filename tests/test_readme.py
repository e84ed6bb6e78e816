"""Every example in the README runs: the commands, the visit file and the settings file."""

from __future__ import annotations

import json
import shlex
import shutil
from collections.abc import Callable
from pathlib import Path

from helpers import DATA_DIR, Pdf, Result, flags, one_line

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def blocks(language: str) -> list[str]:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(README)
    return [t.content for t in tokens if t.type == "fence" and t.info.strip() == language]


def commands() -> list[list[str]]:
    found = []
    for block in blocks("bash"):
        for line in block.replace("\\\n", " ").splitlines():
            for command in line.split("&&"):
                if command.strip().startswith("docgen "):
                    found.append(shlex.split(command)[1:])
    return found


def test_readme_docgen_commands_run(run: Callable[..., Result], tmp_path: Path) -> None:
    found = commands()
    assert any(c[0] == "aftercare" for c in found) and any(c[0] == "demo" for c in found)
    shutil.copy(DATA_DIR / "schedules" / "day.csv", Path.cwd() / "tomorrow.csv")
    (Path.cwd() / "packets").mkdir()
    for args in found:
        if args[:2] == ["templates", "check"]:
            args = [*args, "--today", "2026-11-21"]  # the shipped review dates fall due one day
        if args[0] == "reprint":  # the README's ID is an example: reprint the newest print
            args[1] = json.loads(run("history", "--format", "json").stdout)[0]["id"]
        res = run(*args)
        assert res.exit_code == 0, (args, res.stderr)


def test_readme_error_example_is_what_docgen_prints(run: Callable[..., Result]) -> None:
    (example,) = [b for b in blocks("") if b.startswith("$ docgen")]
    command, expected = example.strip().splitlines()
    res = run(*shlex.split(command)[2:])
    assert res.exit_code == 1
    assert res.stderr.strip() == expected


def test_readme_visit_file_and_settings_file(run: Callable[..., Result], tmp_path: Path) -> None:
    (visit_yaml,) = blocks("yaml")
    (settings,) = blocks("toml")
    (tmp_path / "visit.yaml").write_text(visit_yaml)
    (tmp_path / "docgen.toml").write_text(settings)
    (tmp_path / "wording").mkdir()  # docgen init makes it
    res = run("diary", "--input", "visit.yaml", "-o", "-")
    assert res.exit_code == 0, res.stderr
    text = one_line(Pdf(res.stdout).text)
    assert "Riverside Spine Center" in text and "LEFT side" in text and "00123456" in text
    assert run("info", *flags(), "-o", "-").exit_code == 0


def test_readme_settings_example_is_the_file_docgen_init_writes(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    (settings,) = blocks("toml")
    assert run("init", "clinic").exit_code == 0
    assert (tmp_path / "clinic" / "docgen.toml").read_text() == settings
