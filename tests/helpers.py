"""Test helpers: the nurse's standard command, a fictional patient, and ways to read PDFs back."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def clinic_copy(tmp_path: Path) -> Path:
    """A clinic's templates folder: a full copy of the built-ins, to break on purpose."""
    import shutil

    from docgen.resources import templates_dir

    folder = tmp_path / "our-wording"
    shutil.copytree(templates_dir(), folder)
    return folder


def check_errors(folder: Path | None, procedure: str, check: str, today: str = "2026-11-20") -> list[Any]:
    """The errors one `templates check` category reports for one procedure (``folder``: a clinic's)."""
    import datetime as dt

    from docgen.checks.checker import check_templates
    from docgen.checks.report import Level
    from docgen.content.library import Library
    from docgen.model.settings import EXAMPLE

    report = check_templates(
        Library(folder), EXAMPLE, today=dt.date.fromisoformat(today), procedures=[procedure]
    )
    return [f for f in report.findings if f.level is Level.ERROR and f.check == check]


def render_from(folder: Path, kind: str = "aftercare", out: str = "out.pdf") -> Result:
    """Render ``kind`` for PATIENT from a clinic templates folder through the library call, with the
    settings of ./docgen.toml if there is one; a DocgenError becomes the command line's line.

    The commands refuse a folder the templates check finds an error in before rendering anything
    (docgen/checks/gate.py, tests/test_wording_gate.py); this reaches what stands behind that check,
    the rendering's own defences (a reprint renders stored wording without checking it again)."""
    import docgen
    from docgen.errors import DocgenError
    from docgen.model.settings import load_settings

    settings = load_settings(None).model_copy(update={"templates": folder})
    try:
        rendered = docgen.render(PATIENT, kind, settings=settings)
    except DocgenError as err:
        return Result(1, b"", f"docgen: error: {err}\n")
    Path(out).write_bytes(rendered.pdf)
    return Result(0, rendered.pdf, "")
