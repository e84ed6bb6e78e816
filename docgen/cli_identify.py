"""``docgen identify SCAN``: read the scan-back codes of a scanned PDF or image (registered by
:mod:`docgen.cli`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer


def identify_command(
    scan: Annotated[
        Path, typer.Argument(metavar="SCAN", help="A scanned PDF, PNG, JPEG or TIFF (multi-page TIFF too).")
    ],
    output_format: Annotated[
        Literal["table", "json"],
        typer.Option(
            "--format",
            help="table (for people) or json (for an import script).",
        ),
    ] = "table",
) -> None:
    """Name the document, kind, MRN and page of every scanned page, and the pages missing."""
    import json

    from docgen.identify import identify, table

    report = identify(scan)
    if output_format == "json":
        typer.echo(json.dumps(report.to_json(), indent=2))
    else:
        typer.echo(table(report))
