"""``docgen templates check`` (check every template before it is printed) and ``docgen templates
export`` (copy the built-ins out for editing); registered by :mod:`docgen.cli`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from docgen.cli_flags import ConfigOpt, Opt, TemplatesOpt, load_cli_settings
from docgen.errors import InputError, OutputError


def templates_check_command(
    config: ConfigOpt = None,
    templates: TemplatesOpt = None,
    procedure: Annotated[
        list[str] | None,
        Opt("--procedure", metavar="ID", help="Check only this procedure (repeat for more)."),
    ] = None,
    today: Annotated[
        str | None,
        Opt("--today", metavar="YYYY-MM-DD", help="Check review dates as of this day (default: today)."),
    ] = None,
    output_format: Annotated[Literal["table", "json"], Opt("--format", help="Output format.")] = "table",
) -> None:
    """Check every template before it is printed; exit status 1 if anything is an error.

    Reports syntax, placeholders, Markdown, reading grade per section, missing translations, review
    dates and consent elements, for every procedure, document and language. Warnings do not fail.
    See docs/templates.md, "Checking your templates".
    """
    import datetime as dt

    try:
        as_of = dt.date.fromisoformat(today) if today else dt.date.today()
    except ValueError:
        raise typer.BadParameter("write the date as YYYY-MM-DD", param_hint="--today") from None

    from docgen import console
    from docgen.checks.checker import check_templates
    from docgen.checks.report import report_tables
    from docgen.content.library import Library

    settings = load_cli_settings(config, templates)
    library = Library(settings.templates)
    report = check_templates(library, settings, today=as_of, procedures=procedure)
    if procedure is None and settings.templates is not None:
        from docgen.checks.gate import remember

        remember(library, settings, report)  # the first print from this folder need not check again
    if output_format == "json":
        import json

        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        out = console.console(width=None if sys.stdout.isatty() else 160)
        for part in report_tables(report):
            out.print(part)
    if not report.ok:
        raise typer.Exit(1)


def templates_export_command(
    folder: Annotated[
        Path, typer.Argument(metavar="DIR", help="Folder to copy the templates into (made if missing).")
    ],
    procedure: Annotated[
        list[str] | None, Opt("--procedure", help="Export only this procedure (repeat for more).")
    ] = None,
) -> None:
    """Copy docgen's built-in templates into a folder, for a clinic to edit; never overwrites a file.

    Point the templates setting (or --templates) at the folder; delete the files you do not change
    so that they keep following docgen's. See docs/templates.md."""
    from docgen.resources import templates_dir

    source = templates_dir()
    if procedure:
        known = sorted(p.name for p in (source / "procedures").iterdir() if p.is_dir())
        for proc in procedure:
            if proc not in known:
                raise InputError(
                    f"is not a built-in procedure; use one of {', '.join(known)}", field="--procedure"
                )
        roots = [source / "procedures" / proc for proc in dict.fromkeys(procedure)]
    else:
        roots = [source]
    files = sorted(
        p for root in roots for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )
    targets = [(p, folder / p.relative_to(source)) for p in files]
    existing = next((t for _, t in targets if t.exists() or t.is_symlink()), None)
    if existing is not None:
        raise OutputError(
            f"{existing} already exists; export into an empty folder (export never overwrites a file)",
            field="FOLDER",
        )
    try:
        for src, dst in targets:
            dst.parent.mkdir(parents=True, exist_ok=True)
            with dst.open("xb") as out:  # "x": a file made since the check above is not overwritten
                out.write(src.read_bytes())
    except OSError as exc:
        raise OutputError(
            f"cannot write into {folder} ({exc.strerror}); check the folder", field="FOLDER"
        ) from None
    typer.echo(f"copied {len(targets)} template files into {folder}", err=True)
