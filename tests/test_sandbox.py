"""A hostile clinic template can neither reach out nor change what later patients read, and one that
loops, recurses or floods fails with a message naming the template and line. `templates check`
runs under the same sandbox."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import Pdf, Result, flags, one_line, render_from

from docgen.content.sandbox import SECONDS

TEMPLATE = "procedures/si-joint-injection/en/aftercare.md.j2"


def clinic_folder(tmp_path: Path, body: str, name: str = TEMPLATE) -> Path:
    """A clinic templates folder whose aftercare template is ``body`` (then the built-in one)."""
    folder = tmp_path / "our-wording"
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body + '\n{% include "builtin/' + TEMPLATE + '" %}\n')
    return folder


def attempt(run: Callable[..., Result], folder: Path, out: str = "out.pdf") -> Result:
    """Render from ``folder`` past the first-use check (which refuses all of these before rendering:
    see the last test), so that rendering's own defences are what is tested."""
    return render_from(folder, out=out)


@pytest.mark.parametrize(
    "body",
    [
        "{{ clinic.logo.read_text() }}",  # the clinic's Path object once gave a template the disk
        "{{ clinic.logo.write_text('x') }}",
        "{{ visit.model_copy() }}",  # the Visit model's methods
        "{{ _locale.strings }}",  # the shared words of every language
        "{{ visit.__class__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ lipsum.__globals__['os'] }}",
        "{{ range.__self__ }}",
    ],
)
def test_a_template_cannot_reach_files_or_objects(
    run: Callable[..., Result], tmp_path: Path, body: str
) -> None:
    from PIL import Image

    # A clinic with a logo: its settings once reached templates as a path object.
    Image.new("RGB", (40, 10), "white").save(tmp_path / "logo.png")
    (tmp_path / "docgen.toml").write_text(
        '[clinic]\nname = "C"\nday_phone = "1"\nafter_hours_phone = "2"\nlogo = "logo.png"\n'
    )
    res = attempt(run, clinic_folder(tmp_path, body))
    assert res.exit_code == 1, res.stderr
    assert res.stderr.startswith("docgen: error: template ")
    assert "internal error" not in res.stderr and "\n" not in res.stderr.strip()
    assert not Path("out.pdf").exists()


@pytest.mark.parametrize(
    "body",
    [
        "{% set _ = procedure.risks.append({'wording': 'HACKED'}) %}",
        "{% set _ = side.update({'label': 'HACKED'}) %}",
        "{% set _ = visit.clear() %}",
        "{% set _ = clinic.__setitem__('name', 'HACKED') %}",
    ],
)
def test_a_template_cannot_change_shared_data(run: Callable[..., Result], tmp_path: Path, body: str) -> None:
    res = attempt(run, clinic_folder(tmp_path, body))
    assert res.exit_code == 1 and res.stderr.startswith("docgen: error: template ")
    # The next patient in the same process reads the wording unchanged.
    ok = run("aftercare", *flags(), "-o", "next.pdf")
    assert ok.exit_code == 0
    assert "HACKED" not in Pdf(Path("next.pdf").read_bytes()).text


def test_an_include_through_a_link_out_of_the_folder_is_refused(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("SECRET-CONTENTS")
    folder = clinic_folder(tmp_path, '{% include "notes.md.j2" %}')
    (folder / "notes.md.j2").symlink_to(secret)
    res = attempt(run, folder)
    assert res.exit_code == 1
    assert res.stderr.startswith(f"docgen: error: template {TEMPLATE} line 1: notes.md.j2 is a link out")
    assert "SECRET" not in res.stderr and not Path("out.pdf").exists()
    check = run("templates", "check", "--templates", str(folder), "--format", "json")
    findings = json.loads(check.stdout)["findings"]
    assert any(
        f["template"] == "notes.md.j2" and "link out of the templates folder" in f["message"]
        for f in findings
    )


def test_metadata_through_a_link_out_of_the_folder_is_refused(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere" / "en.yaml"
    outside.parent.mkdir()
    outside.write_text("titles: {aftercare: 'FROM ELSEWHERE'}\n")
    folder = tmp_path / "our-wording"
    (folder / "i18n").mkdir(parents=True)
    (folder / "i18n" / "en.yaml").symlink_to(outside)
    res = attempt(run, folder)
    assert res.exit_code == 1
    assert "i18n/en.yaml is a link out of the templates folder" in res.stderr


def test_a_link_that_stays_inside_the_folder_is_followed(
    render_pdf: Callable[..., Pdf], tmp_path: Path
) -> None:
    folder = tmp_path / "our-wording"
    (folder / "shared").mkdir(parents=True)
    (folder / "shared" / "note.md.j2").write_text("Bring this sheet to your next visit.\n")
    clinic_folder(tmp_path, '{% include "note.md.j2" %}')
    (folder / "note.md.j2").symlink_to(folder / "shared" / "note.md.j2")
    text = one_line(render_pdf("aftercare", "--templates", str(folder)).text)
    assert "Bring this sheet to your next visit." in text


LIMITED = {
    "loops": "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
    "recursion": "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}",
    "self-include": '{% include "' + TEMPLATE + '" %}',
    "flood": "{% for i in range(5000) %}{{ 'x' * 9000 }}{% endfor %}",
    "huge repeat": "{{ 'x' * 100000000 }}",
    "huge power": "{{ 10 ** 100000000 }}",
    "huge filter": "{{ 'x'|center(1000000000) }}",
    "silent compute": "{% for a in 'x' * 9999 %}{% for b in 'x' * 9999 %}{% for c in 'x' * 9999 %}"
    "{% endfor %}{% endfor %}{% endfor %}",
}


@pytest.mark.parametrize("body", LIMITED.values(), ids=LIMITED.keys())
def test_a_runaway_template_fails_naming_template_and_line(
    run: Callable[..., Result], tmp_path: Path, body: str
) -> None:
    folder = clinic_folder(tmp_path, "\n\n" + body)
    started = time.monotonic()
    res = attempt(run, folder)
    assert time.monotonic() - started < SECONDS + 10
    assert res.exit_code == 1, res.stderr
    message = res.stderr.strip()
    assert "\n" not in message and "internal error" not in message
    assert message.startswith(f"docgen: error: template {TEMPLATE} line 3"), message
    assert not Path("out.pdf").exists()


def test_templates_check_reports_a_runaway_template(run: Callable[..., Result], tmp_path: Path) -> None:
    folder = clinic_folder(tmp_path, LIMITED["loops"])
    res = run(
        "templates",
        "check",
        "--templates",
        str(folder),
        "--procedure",
        "si-joint-injection",
        "--format",
        "json",
    )
    assert res.exit_code == 1
    findings = json.loads(res.stdout)["findings"]
    assert any(f["check"] == "limits" and "loops take more than" in f["message"] for f in findings), findings


def test_the_command_line_refuses_a_hostile_template_before_rendering(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    folder = clinic_folder(tmp_path, "\n\n{{ visit.__class__ }}")
    res = run("aftercare", *flags(), "--templates", str(folder), "-o", "out.pdf")
    assert res.exit_code == 1 and not Path("out.pdf").exists()
    assert res.stderr.startswith(f"docgen: error: our-wording/{TEMPLATE}: line 3: "), res.stderr
    assert "'visit.__class__' is not a placeholder" in res.stderr
    assert res.stderr.endswith("; fix it, then run docgen templates check\n")
