"""Fonts, user text, reproducible bytes, settings files, input files and the other commands."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from helpers import EPOCH, PATIENT, Pdf, Result, flags, one_line

from docgen.cli_flags import EXAMPLE_WARNING

DATA = Path(__file__).parent / "data"


def font_report(data: bytes) -> list[tuple[str, bool]]:
    """(font name, embedded?) for every font in every page's resources, descendants included."""
    out: list[tuple[str, bool]] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            resources: Any = page.obj.get("/Resources", {})
            fonts: Any = resources.get("/Font", {})
            for _, font in fonts.items():
                candidates = [font, *font.get("/DescendantFonts", [])]
                embedded = False
                for f in candidates:
                    desc = f.get("/FontDescriptor")
                    if desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                        embedded = True
                out.append((str(font.get("/BaseFont")), embedded))
    return out


def test_every_font_is_embedded_and_none_is_standard(render_pdf: Callable[..., Pdf]) -> None:
    fonts = font_report(render_pdf("packet").data)
    assert fonts
    assert all(embedded for _, embedded in fonts), fonts
    names = {name for name, _ in fonts}
    assert not any("Helvetica" in n or "Times" in n or "Courier" in n for n in names), names
    assert any("NotoSans-Regular" in n for n in names) and any("NotoSans-Bold" in n for n in names)


@pytest.mark.parametrize(
    "name",
    [
        "O'Brien & <Sons>",
        "José Ñúñez-Çelik",
        "Αλέξανδρος Παπαδόπουλος",
        "Анна Кузнецова",
        "*Star* _under_ [link](x) `code` # not a heading",
        "Zoë &amp; Łukasz → Øre",
    ],
)
def test_user_text_prints_exactly_as_typed(name: str, render_pdf: Callable[..., Pdf]) -> None:
    pdf = render_pdf("consent", name=name, physician="Dr Ö. <Bold> & Co")
    for raw in pdf.pages:
        text = one_line(raw)
        assert name in text
    assert "Dr Ö. <Bold> & Co" in one_line(pdf.text)


@pytest.mark.usefixtures("no_audit")
def test_same_input_same_bytes(run: Callable[..., Result], tmp_path: Path) -> None:
    first = run("packet", *flags(), "-o", "-").stdout
    second = run("packet", *flags(), "-o", "-").stdout
    assert first.startswith(b"%PDF-")
    assert first == second


def test_print_time_comes_from_source_date_epoch(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 86400))
    later = run("info", *flags(), "-o", "-").stdout
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    earlier = run("info", *flags(), "-o", "-").stdout
    assert later != earlier
    assert "Printed Nov 21, 2026 9:15 AM" in one_line(Pdf(later).text)


def test_stdout_output(run: Callable[..., Result]) -> None:
    res = run("diary", *flags(), "-o", "-")
    assert res.exit_code == 0
    assert Pdf(res.stdout).pages
    assert res.stderr == EXAMPLE_WARNING + "\n"  # nothing else: the PDF is the output


def test_input_file_with_flag_overrides(run: Callable[..., Result], tmp_path: Path) -> None:
    visit = tmp_path / "visit.yaml"
    visit.write_text(
        "name: Jane Doe\ndob: 1961-04-12\nmrn: 00123456\nprocedure: si-joint-injection\n"
        "side: left\ndate: 2026-11-21\ntime: 10:30\ndiabetes: yes\n"
    )
    res = run("diary", "--input", str(visit), "--side", "right", "-o", "-")
    text = one_line(Pdf(res.stdout).text)
    assert "00123456" in text  # leading zeros kept
    assert "RIGHT side" in text and "LEFT side" not in text  # the flag wins
    assert "10:30 AM" in text  # 10:30 read as a time, not a number
    as_json = tmp_path / "visit.json"
    as_json.write_text(
        '{"name": "Jane Doe", "dob": "1961-04-12", "mrn": "00123456", '
        '"procedure": "si-joint-injection", "side": "left", "date": "2026-11-21"}'
    )
    assert run("info", "--input", str(as_json), "-o", "-").exit_code == 0


def test_settings_file_sets_clinic_paper_and_physician(run: Callable[..., Result], tmp_path: Path) -> None:
    res = run("aftercare", *flags(), "--config", str(DATA / "clinic.toml"), "-o", "-")
    assert res.exit_code == 0, res.stderr
    pdf = Pdf(res.stdout)
    text = one_line(pdf.text)
    assert "Riverside Spine Center" in text
    assert "EXAMPLE CLINIC" not in text
    assert "(800) 555-0142" in text and "(800) 555-0199" in text and "112" in text
    assert "Dr C. Mendes" in text
    assert "100.4 °F (38.0 °C)" in text
    assert round(pdf.page_size()[0]) == 595  # A4 from the settings file
    with pikepdf.open(io.BytesIO(pdf.data)) as doc:  # the logo is drawn
        assert any("/XObject" in p.obj.get("/Resources", {}) for p in doc.pages)


def test_docgen_toml_in_current_folder_is_used(run: Callable[..., Result]) -> None:
    (Path.cwd() / "docgen.toml").write_text(
        (DATA / "clinic.toml").read_text().replace('logo = "logo.png"\n', "")
    )
    text = one_line(Pdf(run("info", *flags(), "-o", "-").stdout).text)
    assert "Riverside Spine Center" in text


def test_version(run: Callable[..., Result]) -> None:
    from docgen._version import __version__

    res = run("--version")
    assert res.exit_code == 0 and res.stdout.decode().strip() == f"docgen {__version__}"


def test_procedures_lists_what_is_available(run: Callable[..., Result]) -> None:
    res = run("procedures")
    out = res.stdout.decode()
    assert res.exit_code == 0
    assert "si-joint-injection" in out and "1.1.0" in out and "example" in out and "en" in out


def test_demo_writes_a_full_packet(run: Callable[..., Result], tmp_path: Path) -> None:
    res = run("demo", "--out-dir", str(tmp_path))
    assert res.exit_code == 0, res.stderr
    pdf = Pdf((tmp_path / "docgen-demo-packet.pdf").read_bytes())
    text = one_line(pdf.text)
    for title in (
        "Information about your procedure",
        "Consent for your procedure",
        "After your procedure",
        "Your pain diary",
    ):
        assert title in text
    assert "EXAMPLE CLINIC" in text
    assert run("demo", "--out-dir", str(tmp_path / "nope")).exit_code == 1


def test_help_answers_and_commands_carry_examples(run: Callable[..., Result]) -> None:
    res = run("--help")
    assert res.exit_code == 0
    for command in ("info", "consent", "aftercare", "diary", "packet", "procedures", "demo", "batch"):
        assert command in res.stdout.decode()
        if command != "procedures":
            assert "Example" in run(command, "--help").stdout.decode()


def test_python_dash_m(tmp_path: Path) -> None:
    out = tmp_path / "m.pdf"
    args = [sys.executable, "-m", "docgen", "aftercare", *flags(), "-o", str(out)]
    done = subprocess.run(
        args,
        capture_output=True,
        text=True,
        # The audit log goes to the tests' data folder (tests/conftest.py), not the user's.
        env={
            "SOURCE_DATE_EPOCH": EPOCH,
            "PATH": "/usr/bin:/bin",
            "XDG_DATA_HOME": os.environ["XDG_DATA_HOME"],
        },
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    assert PATIENT["name"] not in done.stderr
