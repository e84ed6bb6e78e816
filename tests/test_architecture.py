"""The shape of the package, checked rather than hoped for: one-way data flow, no import cycles,
modules small enough to read, a light command line, one validation per batch row."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import docgen

PACKAGE = Path(docgen.__file__).resolve().parent
MAX_LINES = 400


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    out: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def imported(path: Path, known: set[str]) -> Iterator[tuple[str, int]]:
    """The docgen modules a file imports, anywhere in it (lazy and type-checking imports too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        for name in names:
            # The longest known module the name starts with ("docgen.batch.worker.Task" -> worker).
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name.startswith("docgen"):
                yield name, getattr(node, "lineno", 0)
                break


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    edges: dict[str, set[str]] = {}
    for name, path in found.items():
        targets = {target for target, _ in imported(path, known)} - {name}
        if name == "docgen":
            targets = set()  # the package's lazy public names are loaded on use, by name
        edges[name] = {t for t in targets if t != "docgen"}
    return edges


def test_no_import_cycles() -> None:
    edges = graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt) :], nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)


def test_no_module_is_too_long_to_read() -> None:
    long = {
        name: n
        for name, path in modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_layout_draws_what_content_built() -> None:
    """Layout imports no model, content, template or validation code: it draws document objects."""
    forbidden = ("docgen.model", "docgen.content", "docgen.job", "docgen.pdf", "docgen.batch")
    third_party = {"jinja2", "pydantic", "yaml", "babel", "markdown_it"}
    found = modules()
    problems = []
    for name, path in found.items():
        if not name.startswith("docgen.layout"):
            continue
        for target, line in imported(path, set(found)):
            if target.startswith(forbidden) or target.startswith("docgen.checks"):
                problems.append(f"{name}:{line} imports {target}")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                problems += [
                    f"{name}:{node.lineno} imports {m}" for m in mods if m.split(".")[0] in third_party
                ]
    assert not problems, problems


def test_the_document_types_need_nothing_heavy() -> None:
    """docgen.document is what content hands to layout: plain data, standard library only."""
    tree = ast.parse((PACKAGE / "document.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            assert node.module in {"__future__", "dataclasses", "pathlib"}, node.module


def test_the_command_line_starts_light() -> None:
    """`import docgen.cli` (what every command pays) loads no renderer, template or model library."""
    heavy = ["reportlab", "jinja2", "pydantic", "babel", "nltk", "markdown_it", "yaml", "rich", "pikepdf"]
    code = (
        "import sys, docgen.cli\n"
        f"print(','.join(m for m in {heavy!r} if m in sys.modules))\n"
        "import docgen._entry\n"
        "print('typer' in sys.modules)"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded, _ = res.stdout.splitlines()
    assert loaded == "", f"import docgen.cli loaded {loaded}"
    bare = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, docgen._entry; print(sorted(m for m in sys.modules if m in "
            "{'typer', 'click', 'pydantic', 'reportlab'}))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert bare.stdout.strip() == "[]", "the script's entry point must not load Typer before it is needed"


def test_the_fast_help_is_what_typer_prints() -> None:
    """`docgen --help` is answered from text kept in docgen._entry; it must match the real commands
    (on any terminal 80 columns or wider, where click lays help out at 80)."""
    from docgen._entry import TOP_HELP

    code = "import sys; from docgen.cli import main; sys.argv = ['docgen', '--help']; main()"
    for columns in ("80", "200"):
        res = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            env={"COLUMNS": columns},
            check=False,
        )
        assert res.returncode == 0, res.stderr
        assert res.stdout == TOP_HELP, "update TOP_HELP in docgen/_entry.py to:\n" + res.stdout


def test_the_script_answers_help_and_version_itself() -> None:
    from docgen._entry import TOP_HELP
    from docgen._version import __version__

    env = {"COLUMNS": "100", "PATH": ""}
    for args, expected in (("--help", TOP_HELP), ("--version", f"docgen {__version__}\n")):
        res = subprocess.run(
            [sys.executable, "-m", "docgen", args], capture_output=True, text=True, check=True, env=env
        )
        assert res.stdout == expected


def test_a_batch_row_is_prepared_once_in_the_main_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each row is validated once, before it goes to a pool process; the pool process renders the
    prepared job and validates nothing again."""
    import docgen.batch.run as run_module
    import docgen.job
    from docgen.batch.options import BatchOptions
    from docgen.batch.progress import Report
    from docgen.batch.run import run_batch
    from docgen.model.settings import EXAMPLE

    calls: list[str] = []
    real = docgen.job.prepare

    def counting(*args: object, **kwargs: object) -> docgen.job.Job:
        job = real(*args, **kwargs)  # type: ignore[arg-type]
        calls.append(job.visit.mrn)
        return job

    monkeypatch.setattr(run_module, "prepare", counting)
    schedule = tmp_path / "day.csv"
    schedule.write_text(
        "name,dob,mrn,procedure,side,date\n"
        "Ana Example,1961-04-12,40000001,si-joint-injection,left,2026-11-21\n"
        "Ben Sample,1970-01-02,40000002,si-joint-rfa,right,2026-11-21\n"
    )
    options = BatchOptions(out_dir=tmp_path / "out", docs="aftercare", jobs=1)
    summary = run_batch(schedule, options, settings=EXAMPLE, report=Report(quiet=True))
    assert summary.rendered == 2
    assert calls == ["40000001", "40000002"]
    # What a pool process runs: nothing in the worker, nor in what it calls to render, validates.
    known = set(modules())
    for name in ("docgen.batch.worker", "docgen.pdf", "docgen.batch.sheets", "docgen.content.compose"):
        names = {target for target, _ in imported(modules()[name], known)}
        source = modules()[name].read_text(encoding="utf-8")
        assert "parse_visit" not in source, name
        if name == "docgen.batch.worker":
            assert "prepare(" not in source and "docgen.job" in names  # the Job type only
