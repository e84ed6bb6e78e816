"""``docgen procedures``: what can be printed, as a table for people or JSON for scripts
(registered by :mod:`docgen.cli`)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from docgen.cli_flags import ConfigOpt, Opt, TemplatesOpt, load_cli_settings

if TYPE_CHECKING:
    from docgen.model.procedure import Procedure

FormatOpt = Annotated[
    Literal["table", "json"],
    Opt(
        "--format",
        help="table (fits the terminal) or json (every field, for scripts).",
    ),
]


def procedures_command(
    config: ConfigOpt = None, templates: TemplatesOpt = None, output_format: FormatOpt = "table"
) -> None:
    """List procedures with their languages, template version and review status."""
    from docgen.content.library import Library

    settings = load_cli_settings(config, templates)
    procedures = Library(settings.templates).procedures()
    language = settings.defaults.language
    if output_format == "json":
        entries = [as_json(p, language) for p in procedures]
        typer.echo(json.dumps(entries, indent=2, ensure_ascii=False))
        return
    from rich.table import Table

    from docgen import console

    table = Table(title="docgen procedures", box=console.box(), title_justify="left")
    table.add_column("id", no_wrap=True)
    for column in ("name", "languages", "version", "review"):
        table.add_column(column, overflow="fold")
    for proc in procedures:
        row = as_json(proc, language)
        langs = ", ".join(
            lang["language"] + ("" if lang["status"] in ("original", "reviewed") else f" ({lang['status']})")
            for lang in row["languages"]
        )
        review = row["review"]
        due = f", due {review['review_due']}" if review["review_due"] else ""
        table.add_row(proc.id, row["short_name"], langs, proc.version, f"{review['status']}{due}")
    out = console.console()
    out.print(table)
    out.print("Sided procedures need --side; see --format json for documents, purposes and guidance.")


def as_json(proc: Procedure, language: str) -> dict[str, Any]:
    """One procedure for ``--format json`` (docs/procedures-json.md lists the fields)."""
    names = proc.names.get(language) or next(iter(proc.names.values()))  # type: ignore[call-overload]
    return {
        "id": proc.id,
        "name": names.name,
        "short_name": names.short_name,
        "names": {str(lang.value): n.name for lang, n in proc.names.items()},
        "sided": proc.sided,
        "documents": [k.value for k in proc.documents],
        "languages": [
            {
                "language": lang.value,
                "status": info.status,
                "reviewed_by": info.reviewed_by,
                "reviewed_on": _date(info.reviewed_on),
            }
            for lang, info in proc.languages.items()
        ],
        "purposes": [p.value for p in proc.purposes],
        "guidance": [g.value for g in proc.guidance],
        "template_version": str(proc.version),
        "review": {
            "status": proc.review.status,
            "approved_by": proc.review.approved_by,
            "approved_on": _date(proc.review.approved_on),
            "review_due": _date(proc.review.review_due),
        },
    }


def _date(day: Any) -> str | None:
    return None if day is None else str(day.isoformat())
