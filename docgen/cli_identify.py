"""``docgen identify SCAN``: read the scan-back codes of a scanned PDF or image (registered by
:mod:`docgen.cli`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docgen.errors import InputError


def identify_command(
    scan: Annotated[Path, typer.Argument(help="A scanned PDF, PNG, JPEG or TIFF (multi-page TIFF too).")],
    output_format: Annotated[
        str, typer.Option("--format", help="table (for people) or json (for an import script).")
    ] = "table",
) -> None:
    """Name the document, kind, MRN and page of every scanned page, and the pages missing.

    Example:

        docgen identify returned-consent.pdf --format json
    """
    import json

    from docgen.identify import identify, table

    if output_format not in ("table", "json"):
        raise InputError("give table or json", field="--format")
    report = identify(scan)
    if output_format == "json":
        typer.echo(json.dumps(report.to_json(), indent=2))
    else:
        typer.echo(table(report))
