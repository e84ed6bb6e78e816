"""``docgen templates check``: check every template before it is printed (registered by
:mod:`docgen.cli`)."""

from __future__ import annotations

import sys
from typing import Annotated, Literal

import typer

from docgen.cli_flags import ConfigOpt, Opt, TemplatesOpt, load_cli_settings


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
    report = check_templates(Library(settings.templates), settings, today=as_of, procedures=procedure)
    if output_format == "json":
        import json

        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        out = console.console(width=None if sys.stdout.isatty() else 160)
        for part in report_tables(report):
            out.print(part)
    if not report.ok:
        raise typer.Exit(1)
