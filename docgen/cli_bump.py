"""``docgen templates bump``: declare a new version of a procedure's wording in the clinic's folder
(registered by :mod:`docgen.cli`; see docs/templates.md, "Versions")."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from docgen.cli_flags import ConfigOpt, Opt, TemplatesOpt, load_cli_settings
from docgen.errors import DocgenError

_VERSION = re.compile(r"^\d+\.\d+\.\d+$")
_VERSION_LINE = re.compile(r"^version:[^\n]*$", re.MULTILINE)
_FINGERPRINT_LINE = re.compile(r"^fingerprint:[^\n]*$", re.MULTILINE)


def _next(version: str) -> str:
    major, minor, patch = (int(x) for x in version.split("."))
    return f"{major}.{minor}.{patch + 1}"


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


def templates_bump_command(
    procedure: Annotated[
        str, Opt("--procedure", metavar="ID", help="The procedure whose wording you changed.")
    ],
    version: Annotated[
        str | None,
        Opt("--version", metavar="X.Y.Z", help="The new version (default: the next patch version)."),
    ] = None,
    config: ConfigOpt = None,
    templates: TemplatesOpt = None,
) -> None:
    """Declare a new version of a procedure's wording: raise its version and record its fingerprint.

    Writes procedures/ID/procedure.yaml in your templates folder (copied from the built-ins if you
    have none), so the footer prints the new version alone. Run docgen templates check first.
    """
    import os
    import shutil

    from docgen.content.library import Library

    settings = load_cli_settings(config, templates)
    if settings.templates is None:
        raise DocgenError("give your templates folder (or set templates in docgen.toml)", field="--templates")
    library = Library(settings.templates)
    proc = library.procedure(procedure)
    now = library.fingerprint(proc.id)
    new = version or _next(proc.version)
    if not _VERSION.match(new):
        raise DocgenError("write the version as X.Y.Z, for example 1.2.0", field="--version")
    if _key(new) <= _key(proc.version):
        raise DocgenError(f"must be higher than the current version {proc.version}", field="--version")
    relative = f"procedures/{proc.id}/procedure.yaml"
    source = library.find(relative)
    assert source is not None  # the procedure was just read from it
    text = source.read_text(encoding="utf-8")
    text = _VERSION_LINE.sub(f"version: {new}", text, count=1)
    line = f'fingerprint: "{now}"'
    if _FINGERPRINT_LINE.search(text):
        text = _FINGERPRINT_LINE.sub(line, text, count=1)
    else:
        text = _VERSION_LINE.sub(f"version: {new}\n{line}", text, count=1)
    target = settings.templates / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(".procedure.yaml.tmp")
    staged.write_text(text, encoding="utf-8")
    shutil.copymode(source, staged)  # as readable as the file it replaces (or was copied from)
    os.replace(staged, target)
    typer.echo(f"{proc.id}: version {new}, fingerprint {now}, in {target}", err=True)
