"""The command line: parse, call one function, turn a DocgenError into a one-line message.

Heavy modules (ReportLab, Jinja2, pydantic models) are imported inside the commands so that
``docgen --help`` answers at once.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, ParamSpec

import typer

from docgen import cli_audit
from docgen.cli_bump import templates_bump_command
from docgen.cli_flags import (
    VISIT_FLAGS,
    ConfigOpt,
    DateFormatOpt,
    DateOpt,
    DiabetesOpt,
    DiscussedByOpt,
    DobOpt,
    FillableOpt,
    GuidanceOpt,
    InputOpt,
    LanguageOpt,
    LargeOpt,
    MrnOpt,
    NameOpt,
    OperatorOpt,
    Opt,
    OutOrPrintOpt,
    PaperOpt,
    PhysicianOpt,
    PrintOpt,
    ProcedureOpt,
    PurposeOpt,
    SedationOpt,
    SideOpt,
    SimplexOpt,
    TemplatesOpt,
    ThinnersOpt,
    TimeOpt,
    TraineesOpt,
    diary_only,
    optional_print_value,
)
from docgen.cli_flags import (
    load_cli_settings as _settings,
)
from docgen.cli_identify import identify_command
from docgen.cli_serve import serve_command
from docgen.cli_templates import templates_check_command
from docgen.errors import DocgenError, InputError, OutputError

if TYPE_CHECKING:
    pass

P = ParamSpec("P")

app = typer.Typer(
    name="docgen",
    help="Printable, personalised patient documents for spine and pain procedures.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help, as click writes it: rich would add ~0.1 s to every `docgen --help`.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 80},
)
templates_app = typer.Typer(
    help="Work with the wording templates.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(templates_app, name="templates")


def _fail(message: str) -> NoReturn:
    typer.echo(f"docgen: error: {message}", err=True)
    raise typer.Exit(1)


def one_line_errors(command: Callable[P, None]) -> Callable[P, None]:
    """Run a command; expected failures become one line on standard error, never a traceback."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            command(*args, **kwargs)
        except DocgenError as err:
            _fail(str(err))
        except KeyboardInterrupt:
            _fail("interrupted; no file was written")
        except (typer.Exit, typer.Abort, typer.TyperException):  # usage errors: exit 2, as typed
            raise
        except Exception as err:  # a bug: say so without printing values that may be patient data
            if os.environ.get("DOCGEN_DEBUG"):
                raise
            _fail(f"internal error ({type(err).__name__}); rerun with DOCGEN_DEBUG=1 and report it")

    return run


def _version(value: bool) -> None:
    if value:
        from docgen._version import __version__

        typer.echo(f"docgen {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Printable, personalised patient documents for spine and pain procedures."""


def _document_command(kinds: tuple[str, ...], summary: str, example: str) -> Callable[..., None]:
    @one_line_errors
    def command(
        procedure: ProcedureOpt = None,
        side: SideOpt = None,
        name: NameOpt = None,
        dob: DobOpt = None,
        mrn: MrnOpt = None,
        date: DateOpt = None,
        time: TimeOpt = None,
        physician: PhysicianOpt = None,
        discussed_by: DiscussedByOpt = None,
        language: LanguageOpt = None,
        sedation: SedationOpt = None,
        diabetes: DiabetesOpt = None,
        blood_thinners: ThinnersOpt = None,
        trainees: TraineesOpt = None,
        purpose: PurposeOpt = None,
        guidance: GuidanceOpt = None,
        input: InputOpt = None,
        config: ConfigOpt = None,
        templates: TemplatesOpt = None,
        paper: PaperOpt = None,
        large_print: LargeOpt = False,
        simplex: SimplexOpt = False,
        fillable: FillableOpt = None,
        date_format: DateFormatOpt = None,
        operator: OperatorOpt = None,
        output: OutOrPrintOpt = None,
        print_on: PrintOpt = None,
    ) -> None:
        given = dict(locals())  # the visit's fields, as typed (None: not given)
        flags = {k: v for k, v in given.items() if k in VISIT_FLAGS and v is not None}

        from docgen.audit.printing import print_job
        from docgen.job import kinds_of, options_for, prepare, read_visit_file
        from docgen.output import check_not_input, check_writable

        if (output is None) == (print_on is None):
            raise typer.BadParameter("give -o FILE or --print [QUEUE] (one of them)", param_hint="-o")
        to_stdout = output == "-"
        if to_stdout and sys.stdout.isatty():
            raise InputError(
                "standard output is a terminal; redirect it (> file.pdf) or give a file", field="-o"
            )
        target = Path(output or "-")
        settings = _settings(config, templates)
        if output is not None and not to_stdout:
            check_writable(target)
            check_not_input(target, [*settings.inputs(), *([input] if input else [])], field="-o")
        from docgen.checks.gate import require_checked

        require_checked(settings)  # a clinic's wording with an error is refused before anything else
        data = read_visit_file(input) if input is not None else {}
        data.update(flags)
        options = options_for(paper, large_print, settings, simplex=simplex, fillable=fillable)
        job = prepare(data, settings=settings, date_format=date_format)
        done = print_job(
            job,
            kinds_of(kinds),
            options=options,
            target=None if to_stdout or output is None else target,
            operator=operator,
            queue=print_on,
        )
        if done.job_id is not None:
            typer.echo(f"printed job {done.job_id} ({done.rendered.pages} pages{done.id_note})", err=True)
        elif not to_stdout:
            typer.echo(f"wrote {target} ({done.rendered.pages} pages{done.id_note})", err=True)

    command.__doc__ = f"{summary}\n\nExample:\n\n    {example}"
    return diary_only(command, kinds)


def _register_documents() -> None:
    # Plain strings here: importing docgen.model.visit (pydantic) would slow down `docgen --help`.
    base = (
        '--procedure si-joint-injection --side left --name "Jane Doe" --dob 1961-04-12 '
        "--mrn 00123456 --date 2026-11-21 --time 10:30"
    )
    summaries = {
        "info": "Pre-procedure information sheet.",
        "consent": "Informed-consent form with signature blocks.",
        "aftercare": "Aftercare (discharge) instructions.",
        "diary": "Pain diary with a time grid and daily rows.",
    }
    for kind, summary in summaries.items():
        app.command(kind)(_document_command((kind,), summary, f"docgen {kind} {base} -o {kind}.pdf"))
    app.command("packet")(
        _document_command(
            tuple(summaries),
            "All four documents in one PDF: info, consent, aftercare, diary.",
            f"docgen packet {base} -o packet.pdf",
        )
    )


_register_documents()


@app.command("procedures")
@one_line_errors
def procedures_command(
    config: ConfigOpt = None,
    templates: TemplatesOpt = None,
) -> None:
    """List procedures with their languages, template version and review status.

    Example:

        docgen procedures
    """

    from rich.console import Console
    from rich.table import Table

    from docgen.content.library import Library

    settings = _settings(config, templates)
    library = Library(settings.templates)
    table = Table(title="docgen procedures")
    for column in ("id", "name", "sided", "documents", "languages", "version", "review", "review due"):
        table.add_column(column)
    for proc in library.procedures():
        names = proc.names.get(settings.defaults.language) or next(iter(proc.names.values()))
        langs = ", ".join(f"{lang.value} ({info.status})" for lang, info in proc.languages.items())
        table.add_row(
            proc.id,
            names.name,
            "yes" if proc.sided else "no",
            ", ".join(k.value for k in proc.documents),
            langs,
            proc.version,
            proc.review.status,
            str(proc.review.review_due or "-"),
        )
    Console(width=160).print(table)


@app.command("demo")
@one_line_errors
def demo_command(
    out_dir: Annotated[Path, Opt("--out-dir", help="Folder to write the demo packet into.")] = Path("."),
) -> None:
    """Write a full packet for a fictional patient from the built-in example clinic.

    Example:

        docgen demo --out-dir /tmp
    """

    from docgen.model.settings import EXAMPLE
    from docgen.model.visit import DEMO_VISIT, PACKET
    from docgen.output import write_atomic
    from docgen.pdf import render

    if not out_dir.is_dir():
        raise OutputError(f"the folder {out_dir} does not exist; create it first", field="--out-dir")
    result = render(DEMO_VISIT, PACKET, settings=EXAMPLE)
    target = out_dir / "docgen-demo-packet.pdf"
    write_atomic(target, result.pdf)
    typer.echo(f"wrote {target} ({result.pages} pages) for a fictional patient", err=True)


@app.command("batch")
@one_line_errors
def batch_command(
    schedule: Annotated[Path, typer.Argument(help="The schedule: .csv (with a header), .json or .jsonl.")],
    out_dir: Annotated[Path | None, Opt("--out-dir", help="Folder for the PDFs and the manifest.")] = None,
    docs: Annotated[
        str | None, Opt("--docs", help="Documents, comma-separated: info,consent,aftercare,diary.")
    ] = None,
    split: Annotated[bool, Opt("--split", help="One PDF per document instead of one per patient.")] = False,
    print_file: Annotated[
        Path | None, Opt("--print-file", help="Also write every packet, in appointment order, to one PDF.")
    ] = None,
    separator: Annotated[
        bool, Opt("--separator", help="A separator sheet before each patient in the print file.")
    ] = False,
    jobs: Annotated[int | None, Opt("--jobs", min=1, help="Processes to use (default: all cores).")] = None,
    force: Annotated[bool, Opt("--force", help="Render again rows an earlier run finished.")] = False,
    config: ConfigOpt = None,
    templates: TemplatesOpt = None,
    paper: PaperOpt = None,
    large_print: LargeOpt = False,
    simplex: SimplexOpt = False,
    date_format: DateFormatOpt = None,
    delimiter: Annotated[
        str | None, Opt("--delimiter", help="CSV separator: , ; tab or | (default: as the header uses).")
    ] = None,
    check: Annotated[bool, Opt("--check", help="Check every row; write nothing.")] = False,
    operator: OperatorOpt = None,
) -> None:
    """Render documents for every row of a schedule, with a manifest and a duplex-safe print file.

    Each row is checked on its own: a bad row is reported as "row N: field: problem" and the others
    are still written. Rerunning the same command skips rows whose files are complete and unchanged.
    See docs/batch.md.

    Example:

        docgen batch tomorrow.csv --out-dir packets --print-file packets/print.pdf --separator
    """

    from docgen.batch.options import BatchOptions
    from docgen.batch.run import run_batch

    settings = _settings(config, templates)
    if out_dir is None and not check:
        raise InputError("is required (or check the schedule alone with --check)", field="--out-dir")
    options = BatchOptions(
        out_dir=out_dir or Path(),
        check=check,
        docs=docs,
        split=split,
        print_file=print_file,
        separator=separator,
        jobs=jobs,
        force=force,
        paper=paper,
        large_print=large_print,
        simplex=simplex,
        date_format=date_format,
        delimiter=delimiter,
        operator=operator,
    )
    run_batch(schedule, options, settings=settings)


def main() -> None:
    """Entry point of the ``docgen`` script."""
    app(args=optional_print_value(sys.argv[1:]))


# Commands kept in their own modules, so that this one stays short.
app.command("identify")(one_line_errors(identify_command))
cli_audit.register(app, one_line_errors)
app.command("serve")(one_line_errors(serve_command))
templates_app.command("check")(one_line_errors(templates_check_command))
templates_app.command("bump")(one_line_errors(templates_bump_command))
