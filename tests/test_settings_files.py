"""Where docgen finds its settings, ``docgen config`` and its check, and misspelt setting keys."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import EPOCH, Pdf, Result, flags, one_line

from docgen.cli_flags import EXAMPLE_WARNING
from docgen.model.locate import locate
from docgen.model.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
linux_only = pytest.mark.skipif(sys.platform != "linux", reason="the XDG folders are Linux's")


def clinic_toml(name: str, extra: str = "") -> str:
    return f'[clinic]\nname = "{name}"\nday_phone = "555-0100"\nafter_hours_phone = "555-0199"\n{extra}'


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def docgen(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The real command in its own process, with its environment as given (and the tests' folders)."""
    full = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": EPOCH, **env}
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args], cwd=cwd, env=full, capture_output=True, text=True
    )


@linux_only
def test_a_settings_file_in_the_user_config_folder_is_found_from_any_folder(tmp_path: Path) -> None:
    config_home = tmp_path / "home-config"
    write(config_home / "docgen" / "docgen.toml", clinic_toml("Lakeside Pain Clinic"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = elsewhere / "info.pdf"
    done = docgen("info", *flags(), "-o", str(out), cwd=elsewhere, XDG_CONFIG_HOME=str(config_home))
    assert done.returncode == 0, done.stderr
    assert "Lakeside Pain Clinic" in one_line(Pdf(out.read_bytes()).text)
    assert "example clinic" not in done.stderr
    shown = docgen("config", cwd=elsewhere, XDG_CONFIG_HOME=str(config_home))
    where = config_home / "docgen" / "docgen.toml"
    assert shown.stdout.splitlines()[0] == f"# settings file: {where} (found in the user's config folder)"


SOURCES = ("--config", "DOCGEN_CONFIG", "./docgen.toml", "user", "system")


@linux_only
@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(SOURCES, 2)))
def test_precedence_of_every_pair(
    first: str, second: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"{tmp_path / 'system'}{os.pathsep}{tmp_path / 'system2'}")
    monkeypatch.delenv("DOCGEN_CONFIG", raising=False)
    flag = None
    for source in (first, second):
        if source == "--config":
            flag = write(tmp_path / "flag.toml", clinic_toml(source))
        elif source == "DOCGEN_CONFIG":
            monkeypatch.setenv("DOCGEN_CONFIG", str(write(tmp_path / "env.toml", clinic_toml(source))))
        elif source == "./docgen.toml":
            write(work / "docgen.toml", clinic_toml(source))
        else:
            write(tmp_path / source / "docgen" / "docgen.toml", clinic_toml(source))
    assert load_settings(flag).clinic.name == first


@linux_only
def test_every_system_config_folder_is_searched_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"{tmp_path / 'a'}{os.pathsep}{tmp_path / 'b'}")
    write(tmp_path / "b" / "docgen" / "docgen.toml", clinic_toml("second"))
    assert load_settings(None).clinic.name == "second"
    write(tmp_path / "a" / "docgen" / "docgen.toml", clinic_toml("first"))
    assert load_settings(None).clinic.name == "first"


def test_no_settings_file_is_the_example_clinic_with_one_warning(tmp_path: Path) -> None:
    done = docgen("info", *flags(), "-o", "info.pdf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == EXAMPLE_WARNING  # last, where it is seen
    assert done.stderr.count("warning") == 1
    write(tmp_path / "docgen.toml", clinic_toml("Lakeside Pain Clinic"))
    again = docgen("info", *flags(), "-o", "info.pdf", cwd=tmp_path)
    assert again.returncode == 0 and "warning" not in again.stderr


def test_a_batch_with_the_example_clinic_warns_once(run: Callable[..., Result], tmp_path: Path) -> None:
    sched = ROOT / "tests" / "data" / "schedules" / "day.csv"
    res = run("batch", str(sched), "--out-dir", "out", "--docs", "aftercare", "--jobs=1")
    assert res.exit_code == 0, res.stderr
    assert res.stderr.splitlines().count(EXAMPLE_WARNING) == 1
    assert run("batch", "missing.csv", "--out-dir", "out").stderr.count("\n") == 1  # errors: one line


def test_a_missing_file_named_by_docgen_config_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "docgen.toml", clinic_toml("not this one"))
    done = docgen("info", *flags(), "-o", "x.pdf", cwd=tmp_path, DOCGEN_CONFIG=str(tmp_path / "gone.toml"))
    assert done.returncode == 1
    assert done.stderr == (
        "docgen: error: settings file gone.toml named by DOCGEN_CONFIG does not exist; "
        "fix DOCGEN_CONFIG or unset it\n"
    )
    assert not (tmp_path / "x.pdf").exists()


def test_config_without_a_file_names_the_example_clinic_and_where_it_looked(
    run: Callable[..., Result],
) -> None:
    res = run("config")
    assert res.exit_code == 0
    out = res.stdout.decode()
    assert out.startswith("# no settings file found, so the example clinic is in use.")
    for _, path in locate(None).searched:
        assert str(path) in out
    assert "docgen init DIR" in out
    assert tomllib.loads(out)["clinic"]["name"] == "Example Spine & Pain Clinic"


def test_config_prints_every_setting_with_secrets_masked(run: Callable[..., Result], tmp_path: Path) -> None:
    secret = "pbkdf2_sha256$600000$c2FsdA$aGFzaA"  # a stand-in; never printed
    extra = (
        '[audit]\ndatabase = "postgresql://docgen:s3cret@db.example:5432/docgen"\n'
        f'[serve]\nusers = {{ desk = "{secret}" }}\n'
    )
    write(tmp_path / "docgen.toml", clinic_toml("Lakeside Pain Clinic", extra))
    res = run("config")
    assert res.exit_code == 0, res.stderr
    out = res.stdout.decode()
    assert out.splitlines()[0] == f"# settings file: {tmp_path / 'docgen.toml'} (found in the current folder)"
    assert "s3cret" not in out and secret not in out
    shown = tomllib.loads(out)
    assert shown["audit"]["database"] == "postgresql://docgen:(hidden)@db.example:5432/docgen"
    assert shown["serve"]["users"] == {"desk": "(hidden)"}
    # defaults filled in, typed as they are written in a settings file
    assert shown["diary"]["diagnostic_relief_threshold"] == 75
    assert shown["output"]["file_mode"] == "600"
    assert shown["defaults"]["paper"] == "letter"


def test_config_output_is_a_settings_file_that_means_the_same(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    write(tmp_path / "docgen.toml", clinic_toml("Lakeside Pain Clinic", 'logo = "logo.png"\n'))
    (tmp_path / "logo.png").write_bytes((ROOT / "tests" / "data" / "logo.png").read_bytes())
    first = run("config").stdout.decode()
    copy = write(tmp_path / "elsewhere" / "copy.toml", first)
    assert load_settings(copy).model_dump() == load_settings(tmp_path / "docgen.toml").model_dump()


def test_config_check_prints_nothing_or_one_line(run: Callable[..., Result], tmp_path: Path) -> None:
    write(tmp_path / "docgen.toml", clinic_toml("Lakeside Pain Clinic"))
    ok = run("config", "--check")
    assert (ok.exit_code, ok.stdout, ok.stderr) == (0, b"", "")
    write(tmp_path / "docgen.toml", clinic_toml("Lakeside Pain Clinic", "fever_f = 104\n"))
    bad = run("config", "--check")
    assert bad.exit_code == 1 and bad.stdout == b""
    assert bad.stderr.count("\n") == 1
    assert bad.stderr.startswith("docgen: error: settings file docgen.toml: clinic.fever_f is not valid")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[clinic]\nname = "x"\nday_phnoe = "1"\nafter_hours_phone = "2"\n',
            "clinic.day_phnoe is not a setting (did you mean clinic.day_phone?)",
        ),
        (
            '[clinc]\nname = "x"\nday_phone = "1"\nafter_hours_phone = "2"\n',
            "clinc is not a setting (did you mean clinic?)",
        ),
        (
            clinic_toml("x", "[printing]\nqueus = []\n"),
            "printing.queus is not a setting (did you mean printing.queues?)",
        ),
        (
            clinic_toml("x", "[codes]\nsymbol = 'code128'\n"),
            "codes.symbol is not a setting (did you mean codes.symbology?)",
        ),
        (clinic_toml("x", "fax = '1'\n"), "clinic.fax is not a setting; 'docgen config' lists every setting"),
        ('templats = "w"\n' + clinic_toml("x"), "templats is not a setting (did you mean templates?)"),
    ],
)
def test_a_misspelt_setting_is_named_with_a_suggestion(
    text: str, expected: str, run: Callable[..., Result], tmp_path: Path
) -> None:
    write(tmp_path / "docgen.toml", text)
    res = run("config", "--check")
    assert res.exit_code == 1
    assert res.stderr == f"docgen: error: settings file docgen.toml: {expected}\n"
