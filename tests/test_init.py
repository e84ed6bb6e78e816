"""``docgen init`` starts a clinic with files that work as written; ``docgen templates export`` copies
the built-in wording out for editing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from helpers import Pdf, Result, flags, one_line

from docgen.resources import templates_dir
from docgen.starter import SETTINGS_TOML

TODAY = "2026-11-21"  # the shipped review dates fall due one day later


def test_init_writes_a_settings_file_that_works_as_written(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    res = run("init", "clinic")
    assert res.exit_code == 0, res.stderr
    assert (tmp_path / "clinic" / "docgen.toml").read_text() == SETTINGS_TOML
    readme = (tmp_path / "clinic" / "wording" / "README.txt").read_text()
    assert "docgen templates export wording" in readme
    assert run("config", "--check", "--config", "clinic/docgen.toml").exit_code == 0
    done = run("consent", *flags(), "--config", "clinic/docgen.toml", "-o", "consent.pdf")
    assert done.exit_code == 0, done.stderr
    assert "warning" not in done.stderr
    assert "Riverside Spine Center" in one_line(Pdf((tmp_path / "consent.pdf").read_bytes()).text)


def test_init_settings_point_at_the_wording_folder(run: Callable[..., Result], tmp_path: Path) -> None:
    assert run("init", ".").exit_code == 0
    shown = run("config").stdout.decode()
    assert f'templates = "{tmp_path / "wording"}"' in shown


def test_init_never_replaces_a_settings_file_unless_forced(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    (tmp_path / "docgen.toml").write_text("# ours\n")
    res = run("init", ".")
    assert res.exit_code == 1
    assert res.stderr == "docgen: error: docgen.toml already exists; edit it, or give --force to replace it\n"
    assert (tmp_path / "docgen.toml").read_text() == "# ours\n"
    assert run("init", ".", "--force").exit_code == 0
    assert (tmp_path / "docgen.toml").read_text() == SETTINGS_TOML


def built_in_files(under: Path) -> set[str]:
    return {str(p.relative_to(under)) for p in under.rglob("*") if p.is_file()}


def test_export_copies_every_built_in_template(run: Callable[..., Result], tmp_path: Path) -> None:
    res = run("templates", "export", "wording")
    assert res.exit_code == 0, res.stderr
    assert built_in_files(tmp_path / "wording") == built_in_files(templates_dir())
    consent = "procedures/si-joint-rfa/en/consent.md.j2"
    assert (tmp_path / "wording" / consent).read_bytes() == (templates_dir() / consent).read_bytes()


def test_export_one_procedure_and_never_overwrite(run: Callable[..., Result], tmp_path: Path) -> None:
    assert run("templates", "export", "--procedure", "si-joint-fusion", "wording").exit_code == 0
    assert built_in_files(tmp_path / "wording") == {
        f"procedures/si-joint-fusion/{p}"
        for p in built_in_files(templates_dir() / "procedures" / "si-joint-fusion")
    }
    edited = tmp_path / "wording" / "procedures" / "si-joint-fusion" / "en" / "info.md.j2"
    edited.write_text("ours")
    again = run("templates", "export", "--procedure", "si-joint-fusion", "wording")
    assert again.exit_code == 1
    assert again.stderr.startswith("docgen: error: FOLDER: wording/procedures/si-joint-fusion/")
    assert "export never overwrites a file" in again.stderr and again.stderr.count("\n") == 1
    assert edited.read_text() == "ours"
    unknown = run("templates", "export", "--procedure", "si-joint-fusoin", "other")
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith("docgen: error: --procedure: is not a built-in procedure; use one of")
    assert not (tmp_path / "other").exists()


def test_init_then_export_edit_check_and_print(run: Callable[..., Result], tmp_path: Path) -> None:
    """The README's path for a clinic: init, export into wording/, edit a sentence, check, print."""
    assert run("init", "clinic").exit_code == 0
    exported = run("templates", "export", "--procedure", "si-joint-injection", "clinic/wording")
    assert exported.exit_code == 0, exported.stderr
    aftercare = (
        tmp_path / "clinic" / "wording" / "procedures" / "si-joint-injection" / "en" / "aftercare.md.j2"
    )
    text = aftercare.read_text()
    assert "Rest today." in text
    aftercare.write_text(text.replace("Rest today.", "Rest today and tonight."))
    meta = aftercare.parents[1] / "procedure.yaml"  # edited wording gets a new version (README)
    assert "\nversion: 1.1.0\n" in meta.read_text()
    meta.write_text(meta.read_text().replace("\nversion: 1.1.0\n", "\nversion: 1.2.0\n"))
    checked = run("templates", "check", "--config", "clinic/docgen.toml", "--today", TODAY)
    assert checked.exit_code == 0, checked.stdout.decode()
    done = run("aftercare", *flags(), "--config", "clinic/docgen.toml", "-o", "aftercare.pdf")
    assert done.exit_code == 0, done.stderr
    assert "Rest today and tonight." in one_line(Pdf((tmp_path / "aftercare.pdf").read_bytes()).text)
