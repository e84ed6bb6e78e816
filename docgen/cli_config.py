"""``docgen config`` (which settings are in force) and ``docgen init`` (a clinic's starting files);
registered by :mod:`docgen.cli`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from docgen.cli_flags import ConfigOpt, Opt
from docgen.errors import OutputError

if TYPE_CHECKING:
    from docgen.model.locate import Located


def config_command(
    config: ConfigOpt = None,
    check: Annotated[
        bool, Opt("--check", help="Only check the settings: print nothing, exit 1 on a problem.")
    ] = False,
) -> None:
    """Show the settings file in force and every setting, as TOML.

    Defaults are filled in; passwords (serve users' hashes, a database password) are masked.
    Where docgen looks, in order: --config, DOCGEN_CONFIG, ./docgen.toml, the user's config
    folder, the system config folder; with none of them, the example clinic.
    """
    from docgen.model.locate import locate
    from docgen.model.settings import load_settings
    from docgen.settings_toml import settings_toml

    found = locate(config)
    settings = load_settings(found.path)
    if check:
        return
    typer.echo(_where(found) + "\n" + settings_toml(settings), nl=False)


def _where(found: Located) -> str:
    from docgen.model.locate import ENV_VAR

    if found.path is not None:
        how = f"named by {found.how}" if found.how in ("--config", ENV_VAR) else f"found in {found.how}"
        return f"# settings file: {found.path.resolve()} ({how})\n"
    lines = ["# no settings file found, so the example clinic is in use. Looked for, in order:"]
    lines.append(f"#   {ENV_VAR} (not set)")
    lines += [f"#   {path} ({how})" for how, path in found.searched]
    lines.append("# Set up your clinic with: docgen init DIR")
    return "\n".join(lines) + "\n"


def init_command(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="Folder for docgen.toml and wording/ (made if missing).")
    ],
    force: Annotated[bool, Opt("--force", help="Replace an existing docgen.toml.")] = False,
) -> None:
    """Start a clinic: write docgen.toml and a wording folder.

    The commented docgen.toml works as written. Edit the clinic's details in it, then run docgen
    from that folder, or point DOCGEN_CONFIG or --config at the file.
    """
    import os

    from docgen.starter import SETTINGS_TOML, WORDING_README

    settings = folder / "docgen.toml"
    if settings.exists() and not force:
        raise OutputError(f"{settings} already exists; edit it, or give --force to replace it")
    wording = folder / "wording"
    try:
        wording.mkdir(parents=True, exist_ok=True)
        settings.write_text(SETTINGS_TOML, encoding="utf-8")
        readme = wording / "README.txt"
        if not readme.exists():
            readme.write_text(WORDING_README, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write into {folder} ({exc.strerror}); check the folder") from None
    typer.echo(
        f"wrote {settings} and {wording}{os.sep}; put in your clinic's details, "
        f"then check with: docgen config --check --config {settings}",
        err=True,
    )
