"""Bad input: one line naming the field and the fix, exit status 1, no output file, no patient data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import Result, flags

BROKEN = Path(__file__).parent / "data" / "broken"


def fails(res: Result, *expected: str) -> str:
    """Assert a clean one-line failure and return the message."""
    assert res.exit_code == 1, res.stderr
    message = res.stderr.strip()
    assert "\n" not in message, message
    assert message.startswith("docgen: error: ")
    assert "Traceback" not in message
    for part in expected:
        assert part in message, message
    return message


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"side": None}, ("side: is required for si-joint-injection", "left, right or bilateral")),
        ({"side": "up"}, ("side: is not allowed", "left, right or bilateral")),
        ({"date": "2026-02-30"}, ("date: is not a real date", "YYYY-MM-DD")),
        ({"dob": "1961-13-01"}, ("dob: is not a real date", "YYYY-MM-DD")),
        ({"dob": "12/04/1961"}, ("dob: is not a real date",)),
        ({"dob": "2027-01-01"}, ("dob: the date of birth is after the procedure date",)),
        ({"time": "25:10"}, ("time: is not a valid time", "HH:MM")),
        ({"name": None}, ("name: is required",)),
        ({"name": "   "}, ("name: is empty",)),
        ({"mrn": None}, ("mrn: is required",)),
        ({"mrn": "12 34"}, ("mrn: is not a valid MRN",)),
        ({"language": "fr"}, ("language: is not allowed", "en or es")),
        (
            {"procedure": "knee-scope"},
            ("procedure: is not a known procedure", "known procedures: ", "si-joint-injection"),
        ),
    ],
)
def test_bad_visit_values(
    overrides: dict[str, str | None],
    expected: tuple[str, ...],
    run: Callable[..., Result],
    tmp_path: Path,
) -> None:
    out = tmp_path / "out.pdf"
    message = fails(run("aftercare", *flags(**overrides), "-o", str(out)), *expected)
    assert not out.exists()
    assert "Jane Doe" not in message  # never echo patient data
    assert list(tmp_path.glob("*.part")) == []


def test_bad_values_are_not_echoed(run: Callable[..., Result], tmp_path: Path) -> None:
    message = fails(run("info", *flags(dob="1961-02-31"), "-o", str(tmp_path / "x.pdf")))
    assert "1961" not in message


def test_missing_settings_file(run: Callable[..., Result], tmp_path: Path) -> None:
    fails(
        run("info", *flags(), "--config", "nope.toml", "-o", str(tmp_path / "x.pdf")),
        "settings file nope.toml does not exist",
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("not-toml.toml", "is not valid TOML"),
        ("missing-phone.toml", "clinic.after_hours_phone is required"),
        ("unknown-key.toml", "clinic.fax is not a setting"),
        ("bad-paper.toml", "defaults.paper is not valid"),
    ],
)
def test_invalid_settings_files(name: str, expected: str, run: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    fails(run("info", *flags(), "--config", str(BROKEN / name), "-o", str(out)), expected)
    assert not out.exists()


def test_unreadable_settings_file(tmp_path: Path) -> None:
    """A settings file docgen may not read is a one-line usage error naming --config (the option's
    own check, exit 2), run as a real process. Root reads any file, so as root docgen runs without
    its capabilities (util-linux's setpriv), as the unprivileged user a clinic runs it as."""
    config = tmp_path / "locked.toml"
    config.write_text("[clinic]\n")
    config.chmod(0)
    command = [
        sys.executable,
        "-m",
        "docgen",
        "info",
        *flags(),
        "--config",
        str(config),
        "-o",
        str(tmp_path / "x.pdf"),
    ]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root and setpriv (util-linux) is missing: cannot make a file unreadable")
        command = [setpriv, "--bounding-set=-all", "--", *command]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("docgen: error: --config: ")
    assert "is not readable" in done.stderr and not (tmp_path / "x.pdf").exists()


def test_settings_file_that_is_not_text(run: Callable[..., Result], tmp_path: Path) -> None:
    config = tmp_path / "binary.toml"
    config.write_bytes(b"\xff\xfe\x00\x81")
    fails(run("info", *flags(), "--config", str(config), "-o", str(tmp_path / "x.pdf")), "cannot be read")


def test_output_folder_missing(run: Callable[..., Result], tmp_path: Path) -> None:
    fails(run("info", *flags(), "-o", str(tmp_path / "no" / "such" / "x.pdf")), "-o:", "does not exist")


def test_output_is_a_folder(run: Callable[..., Result], tmp_path: Path) -> None:
    fails(run("info", *flags(), "-o", str(tmp_path)), "-o:", "is a folder")


def test_output_folder_not_writable(run: Callable[..., Result], tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # root writes anywhere; a path under /proc cannot be written by anyone.
        target = Path("/proc/docgen-test.pdf")
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        target = locked / "x.pdf"
    fails(run("info", *flags(), "-o", str(target)), "-o:")
    assert not target.exists()


def test_existing_file_is_kept_when_rendering_fails(run: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "keep.pdf"
    out.write_bytes(b"previous")
    fails(run("info", *flags(side=None), "-o", str(out)))
    assert out.read_bytes() == b"previous"


def test_input_file_errors(run: Callable[..., Result], tmp_path: Path) -> None:
    fails(run("info", "--input", "missing.yaml", "-o", "x.pdf"), "--input:", "does not exist")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    fails(run("info", "--input", str(bad), "-o", "x.pdf"), "--input:", "not valid JSON or YAML")
    listing = tmp_path / "list.yaml"
    listing.write_text("- a\n- b\n")
    fails(run("info", "--input", str(listing), "-o", "x.pdf"), "--input:", "must hold one visit")
    extra = tmp_path / "extra.yaml"
    extra.write_text("name: Jane Doe\nward: 5\n")
    fails(run("info", "--input", str(extra), "-o", "x.pdf"), "ward: is not a known field")


def test_mrn_given_as_a_json_number_is_refused(run: Callable[..., Result], tmp_path: Path) -> None:
    visit = tmp_path / "visit.json"
    visit.write_text(
        '{"name": "Jane Doe", "dob": "1961-04-12", "mrn": 123456, "procedure": '
        '"si-joint-injection", "side": "left", "date": "2026-11-21"}'
    )
    fails(run("info", "--input", str(visit), "-o", "x.pdf"), "mrn: is not a valid MRN", "in quotes")


def test_uncovered_character_is_named(run: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    message = fails(
        run("info", *flags(name="Jane 漢 Doe"), "-o", str(out)),
        "name:",
        "U+6F22",
        "CJK UNIFIED IDEOGRAPH-6F22",
        "not in any shipped font",
    )
    assert not out.exists()
    assert "Jane" not in message


def test_usage_errors_exit_2(run: Callable[..., Result]) -> None:
    assert run("info", *flags()).exit_code == 2  # no -o
    assert run("frobnicate").exit_code == 2


def test_refuses_to_write_pdf_to_a_terminal_only(run: Callable[..., Result]) -> None:
    res = run("info", *flags(), "-o", "-")
    assert res.exit_code == 0  # the test runner's stdout is not a terminal
    assert res.stdout.startswith(b"%PDF-")


def test_bad_purpose_and_guidance(run: Callable[..., Result], tmp_path: Path) -> None:
    fails(
        run("info", *flags(), "--purpose", "curative", "-o", str(tmp_path / "x.pdf")),
        "purpose: is not allowed",
        "diagnostic",
    )
    fails(
        run("info", *flags(), "--guidance", "mri", "-o", str(tmp_path / "x.pdf")),
        "guidance: is not allowed",
        "fluoroscopy, ct or ultrasound",
    )
