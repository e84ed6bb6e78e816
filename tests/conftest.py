"""Shared fixtures: a CLI runner, the nurse's standard command, and ways to read PDFs back."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen.cli import app

#: A fictional patient. 2026-11-21 10:30 is the procedure; the print time is fixed below.
PATIENT = {
    "name": "Jane Doe",
    "dob": "1961-04-12",
    "mrn": "00123456",
    "procedure": "si-joint-injection",
    "side": "left",
    "date": "2026-11-21",
    "time": "10:30",
}
DATA_DIR = Path(__file__).parent / "data"
#: 2026-11-20 09:15 UTC.
EPOCH = "1795166100"


def flags(**overrides: str | None) -> list[str]:
    """The nurse's command-line flags for PATIENT, with some replaced (None drops a flag)."""
    values = {**PATIENT, **overrides}
    out: list[str] = []
    for key, value in values.items():
        if value is not None:
            out += [f"--{key}", value]
    return out


@dataclass
class Result:
    exit_code: int
    stdout: bytes
    stderr: str


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


@dataclass
class Pdf:
    data: bytes

    @property
    def pages(self) -> list[str]:
        from pypdf import PdfReader

        return [page.extract_text() or "" for page in PdfReader(io.BytesIO(self.data)).pages]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    def page_size(self, index: int = 0) -> tuple[float, float]:
        from pypdf import PdfReader

        box = PdfReader(io.BytesIO(self.data)).pages[index].mediabox
        return float(box.width), float(box.height)

    def image(self, index: int = 0, scale: float = 1.0):  # type: ignore[no-untyped-def]
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(self.data)
        try:
            return doc[index].render(scale=scale, grayscale=True).to_pil()
        finally:
            doc.close()


def one_line(text: str) -> str:
    """Strip extraction line breaks so phrases can be searched for."""
    return " ".join(text.split())


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


def manifest(out: Path) -> dict[int, dict[str, str]]:
    """A batch run's manifest.csv, by schedule row."""
    import csv

    with (out / "manifest.csv").open(newline="") as handle:
        return {int(r["row"]): r for r in csv.DictReader(handle)}


def group_gone(pgid: int) -> bool:
    """Whether every process of a process group (a run started with start_new_session) has ended."""
    import os

    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False
