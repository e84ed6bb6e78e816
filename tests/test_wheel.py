"""The built wheel carries templates and fonts: an installed docgen renders with no checkout beside it."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from helpers import EPOCH, flags

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        text=True,
    )
    (found,) = out.glob("docgen_spine-*.whl")
    return found


def test_wheel_contains_templates_fonts_and_licences(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "docgen/_data/templates/procedures/si-joint-injection/procedure.yaml" in names
    assert "docgen/_data/templates/procedures/si-joint-injection/en/consent.md.j2" in names
    assert "docgen/_data/templates/i18n/en.yaml" in names
    assert "docgen/_data/templates/checks.yaml" in names
    assert "docgen/_data/fonts/NotoSans-Regular.ttf" in names
    assert "docgen/_data/fonts/OFL-NotoSans.txt" in names
    assert "docgen/_data/fonts/LICENSE-DejaVu.txt" in names
    # docgen serve's pages and style sheet ship inside the package
    assert "docgen/serve/templates/form.html.j2" in names
    assert "docgen/serve/templates/preview.html.j2" in names
    assert "docgen/serve/static/serve.css" in names
    assert "docgen/py.typed" in names
    assert "docgen/checks/syllables.txt.gz" in names
    assert "docgen/checks/CMUDICT-LICENSE.txt" in names
    # The audit log's migrations run from the installed package on first use.
    assert "docgen/audit/migrations/env.py" in names
    assert "docgen/audit/migrations/versions/0001_initial.py" in names


def test_installed_wheel_renders_in_a_fresh_environment(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    # The new environment borrows the running environment's installed dependencies through a .pth
    # line (no network needed). Lines in a .pth only add folders to the path; the .pth files inside
    # those folders, such as the editable install of this checkout, are not read, so the only
    # docgen the new environment can import is the one from the wheel.
    inner = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    outer = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(inner, "outer-deps.pth").write_text("\n".join(sorted(outer)) + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        text=True,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONSAFEPATH": "1"}
    where = subprocess.run(
        [str(python), "-c", "import docgen.resources as r; print(r.templates_dir()); print(r.fonts_dir())"],
        cwd=work,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert all(str(env_dir) in p and "_data" in p for p in where), where
    out = work / "aftercare.pdf"
    done = subprocess.run(
        [str(env_dir / "bin" / "docgen"), "aftercare", *flags(), "-o", str(out)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    # A clinic copies the wording out of the installed wheel to edit it (README, "How a clinic edits
    # the wording"): the same installed docgen, so this costs one more process, not another build.
    exported = subprocess.run(
        [str(env_dir / "bin" / "docgen"), "templates", "export", "--procedure", "si-joint-rfa", "wording"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert exported.returncode == 0, exported.stderr
    assert (work / "wording" / "procedures" / "si-joint-rfa" / "procedure.yaml").is_file()
    assert (work / "wording" / "procedures" / "si-joint-rfa" / "en" / "consent.md.j2").is_file()
