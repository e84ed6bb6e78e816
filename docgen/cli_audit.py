"""``docgen history`` and ``docgen reprint``: the audit log on the command line (registered in
docgen/cli.py). Light at import: the database code loads when a command runs."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from docgen.cli_flags import ConfigOpt, OperatorOpt, Opt, OutOpt
from docgen.cli_help import examples
from docgen.errors import InputError

if TYPE_CHECKING:
    from docgen.audit.store import AuditStore


class text(str):
    """A document ID as typed."""


def _store(config: Path | None) -> AuditStore:
    from docgen.audit.store import open_store
    from docgen.model.settings import load_settings
    from docgen.output import configure

    settings = load_settings(config)
    configure(settings.output.file_mode, settings.output.folder_mode)
    return open_store(settings.audit.database)


def _id(text: str, field: str) -> str:
    from docgen.identity import normalise_id

    try:
        return normalise_id(text)
    except ValueError as exc:
        raise InputError(str(exc), field=field) from None


def history_command(
    mrn: Annotated[str | None, Opt("--mrn", metavar="MRN", help="Only this patient's prints.")] = None,
    since: Annotated[
        str | None, Opt("--since", metavar="YYYY-MM-DD", help="Only prints on or after this day.")
    ] = None,
    record_id: Annotated[
        str | None, Opt("--id", metavar="ID", help="Only this document ID (and its reprints).")
    ] = None,
    output_format: Annotated[
        Literal["table", "json", "csv"], Opt("--format", help="Output format.")
    ] = "table",
    show_names: Annotated[
        bool, Opt("--show-names", help="Also show patients' names and dates of birth.")
    ] = False,
    config: ConfigOpt = None,
) -> None:
    """List printed documents from the audit log, newest first.

    Names are never shown unless --show-names is given. See README, "Audit log".
    """
    import datetime as dt

    start = None
    if since is not None:
        try:
            day = dt.date.fromisoformat(since)
        except ValueError:
            raise typer.BadParameter("write the date as YYYY-MM-DD", param_hint="--since") from None
        start = dt.datetime.combine(day, dt.time()).astimezone().astimezone(dt.UTC)
    wanted = _id(record_id, "--id") if record_id else None

    from docgen.audit import history

    store = _store(config)
    found = store.find(mrn=mrn.strip() if mrn else None, since=start, record_id=wanted)
    handed_on = store.deliveries([r["id"] for r in found])
    entries = [history.entry(r, show_names=show_names, deliveries=handed_on[r["id"]]) for r in found]
    if output_format == "json":
        typer.echo(history.as_json(entries))
    elif output_format == "csv":
        typer.echo(history.as_csv(entries, show_names=show_names), nl=False)
    else:
        from rich.table import Table

        from docgen import console

        header, rows = history.table_rows(entries, show_names=show_names)
        table = Table(title=f"docgen history ({len(rows)} documents)", box=console.box())
        for column in header:
            table.add_column(column)
        for row in rows:
            table.add_row(*row)
        console.console(width=None if sys.stdout.isatty() else 160).print(table)


def reprint_command(
    record_id: Annotated[
        text, typer.Argument(metavar="ID", parser=text, help="A document ID from docgen history.")
    ],
    output: OutOpt = ...,  # type: ignore[assignment]
    operator: OperatorOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Print a recorded document again, exactly as first printed.

    Uses the stored input, template set, settings and print time, so later wording changes do not
    touch it. The whole PDF the document was part of is printed (a packet stays a packet). If the
    bytes cannot be the same (docgen, ReportLab or the fonts changed), it says what differs. The
    reprint is itself recorded, pointing at the original.
    """
    from docgen.audit.reprint import reprint
    from docgen.identity import display_id
    from docgen.output import check_writable

    wanted = _id(record_id, "ID")
    to_stdout = output == "-"
    if to_stdout and sys.stdout.isatty():
        raise InputError("standard output is a terminal; redirect it (> file.pdf) or give a file", field="-o")
    target = None if to_stdout else Path(output)
    if target is not None:
        check_writable(target)
    done = reprint(_store(config), wanted, target, operator)
    what = ", ".join(f"{r['kind']} {display_id(r['id'])}" for r in done.original)
    where = "standard output" if target is None else str(target)
    from docgen import console

    if done.identical:
        console.say(f"wrote {where} ({done.pages} pages: {what}), identical to the first print")
    else:
        console.say(f"wrote {where} ({done.pages} pages: {what})")
        typer.echo(
            f"docgen: warning: this reprint is not byte-identical to the first print: "
            f"{'; '.join(done.differences)}",
            err=True,
        )


def register(app: typer.Typer, guard: Callable[[Callable[..., None]], Callable[..., None]]) -> None:
    """Add the commands to docgen's app; ``guard`` turns errors into one line (cli.one_line_errors)."""
    history = examples("docgen history", "docgen history --mrn 00123456 --since 2026-11-01 --format json")
    app.command("history", epilog=history)(guard(history_command))
    app.command("reprint", epilog=examples("docgen reprint 7KQ2M-9XD4R -o again.pdf"))(guard(reprint_command))
