"""``docgen templates check``: check every template before it is printed (registered by
:mod:`docgen.cli`)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from docgen.cli_flags import ConfigOpt, Opt, TemplatesOpt, load_cli_settings


def templates_check_command(
    config: ConfigOpt = None,
    templates: TemplatesOpt = None,
    procedure: Annotated[
        list[str] | None, Opt("--procedure", help="Check only this procedure (repeat for more).")
    ] = None,
    today: Annotated[
        str | None, Opt("--today", help="Check review dates as of YYYY-MM-DD (default: today).")
    ] = None,
    output_format: Annotated[str, Opt("--format", help="table or json.")] = "table",
) -> None:
    """Check every template before it is printed; exit status 1 if anything is an error.

    Reports syntax, placeholders, Markdown, reading grade per section, missing translations, review
    dates and consent elements, for every procedure, document and language. Warnings do not fail.
    See docs/templates.md, "Checking your templates".

    Example:

        docgen templates check --templates our-wording
    """
    import datetime as dt

    if output_format not in ("table", "json"):
        raise typer.BadParameter("use table or json", param_hint="--format")
    try:
        as_of = dt.date.fromisoformat(today) if today else dt.date.today()
    except ValueError:
        raise typer.BadParameter("write the date as YYYY-MM-DD", param_hint="--today") from None

    from rich.console import Console

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
        console = Console(width=None if sys.stdout.isatty() else 160)
        for part in report_tables(report):
            console.print(part)
    if not report.ok:
        raise typer.Exit(1)
