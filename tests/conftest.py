"""Shared fixtures: a CLI runner in an empty folder, and a document rendered through it."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from audit_db import AuditDb, make_db
from helpers import EPOCH, Pdf, Result, flags
from typer.testing import CliRunner

from docgen.cli import app

# Every print is recorded in the audit log (README, "Audit log"): the tests' records go to a folder of
# their own, never to the user's data folder. Set here so that docgen subprocesses inherit it.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="docgen-tests-data-")
atexit.register(shutil.rmtree, os.environ["XDG_DATA_HOME"], True)
# Nor may a settings file in the user's or the system's config folder change what the tests print:
# both point at an empty folder (tests/test_settings_files.py sets them per test).
os.environ["XDG_CONFIG_HOME"] = os.environ["XDG_CONFIG_DIRS"] = tempfile.mkdtemp(
    prefix="docgen-tests-config-"
)
atexit.register(shutil.rmtree, os.environ["XDG_CONFIG_HOME"], True)
os.environ.pop("DOCGEN_CONFIG", None)
# The wording check's results (docgen/checks/gate.py) are cached in the user's cache folder: the
# tests' go to a folder of their own too, shared by the session as a user's would be.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="docgen-tests-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], True)


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., Result]:
    """Run docgen in an empty folder (no docgen.toml) with a fixed print time."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        res = runner.invoke(app, list(args), catch_exceptions=False)
        return Result(res.exit_code, res.stdout_bytes, res.stderr)

    return invoke


@pytest.fixture
def render_pdf(run: Callable[..., Result], tmp_path: Path) -> Callable[..., Pdf]:
    """Render a document kind through the CLI and return it as a Pdf."""
    counter = iter(range(10_000))

    def make(kind: str, *extra: str, **overrides: str | None) -> Pdf:
        out = tmp_path / f"out-{next(counter)}.pdf"
        res = run(kind, *flags(**overrides), *extra, "-o", str(out))
        assert res.exit_code == 0, res.stderr
        return Pdf(out.read_bytes())

    return make


@pytest.fixture(params=["sqlite", "postgresql"])
def audit_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AuditDb]:
    """An empty audit database on each backend, and a settings file (``.config``) that uses it."""
    yield from make_db(request.param, tmp_path / "clinic")


@pytest.fixture
def no_audit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The example clinic with auditing off. With auditing on, every print is a new document with
    its own ID on every page, so two prints of the same input differ by design (a reprint of one
    document is byte-identical: tests/test_reprint.py); tests about deterministic output turn it off."""
    from docgen.model import settings

    monkeypatch.setattr(
        settings, "EXAMPLE", settings.EXAMPLE.model_copy(update={"audit": settings.Audit(enabled=False)})
    )
