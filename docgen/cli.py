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
from docgen.cli_batch import BATCH_EXAMPLES, batch_command
from docgen.cli_bump import templates_bump_command
from docgen.cli_config import config_command, init_command
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
    warn_if_example,
)
from docgen.cli_flags import (
    load_cli_settings as _settings,
)
from docgen.cli_help import examples
from docgen.cli_identify import identify_command
from docgen.cli_procedures import procedures_command
from docgen.cli_run import DocgenGroup
from docgen.cli_serve import serve_command
from docgen.cli_templates import templates_check_command, templates_export_command
from docgen.errors import DocgenError, InputError, Interrupted, OutputError

if TYPE_CHECKING:
    pass

P = ParamSpec("P")

app = typer.Typer(
    name="docgen",
    help="Printable, personalised patient documents for spine and pain procedures.",
    cls=DocgenGroup,
    epilog=examples("docgen demo", "docgen procedures", "docgen info --help"),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help, as click writes it: rich would add ~0.1 s to every `docgen --help`.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 80},
)
templates_app = typer.Typer(
    help="Work with the wording templates.",
    no_args_is_help=True,
    rich_markup_mode=None,
    epilog=examples("docgen templates check", "docgen templates check --help"),
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
        except Interrupted as err:  # Ctrl-C: what was finished, exit status 130
            typer.echo(f"docgen: {err}", err=True)
            raise typer.Exit(130) from None
        except DocgenError as err:
            _fail(str(err))
        except KeyboardInterrupt:
            typer.echo("docgen: interrupted; nothing was written", err=True)
            raise typer.Exit(130) from None
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
    quiet: Annotated[bool, Opt("-q", "--quiet", help="Say nothing but errors and warnings.")] = False,
    verbose: Annotated[bool, Opt("-v", "--verbose", help="Say more about each step.")] = False,
) -> None:
    """Printable, personalised patient documents for spine and pain procedures."""
    from docgen import console

    console.set_level(quiet=quiet, verbose=verbose)


def _document_command(kinds: tuple[str, ...], summary: str) -> Callable[..., None]:
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

        from docgen import console
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
            given_input = [input] if input is not None and str(input) != "-" else []
            check_not_input(target, [*settings.inputs(), *given_input], field="-o")
        if input is not None and str(input) == "-":
            console.detail("reading the visit from standard input")
        from docgen.checks.gate import require_checked

        require_checked(settings)  # a clinic's wording with an error is refused before anything else
        data = read_visit_file(input) if input is not None else {}
        data.update(flags)
        options = options_for(paper, large_print, settings, simplex=simplex, fillable=fillable)
        job = prepare(data, settings=settings, date_format=date_format)
        console.detail(f"rendering {', '.join(kinds)} ({options.paper.value})")
        before = _stamp(target)
        try:
            done = print_job(
                job,
                kinds_of(kinds),
                options=options,
                target=None if to_stdout or output is None else target,
                operator=operator,
                queue=print_on,
            )
        except KeyboardInterrupt:
            changed = output is not None and not to_stdout and _stamp(target) != before
            raise Interrupted(
                f"interrupted; {target} was written" if changed else "interrupted; nothing was written"
            ) from None
        if done.job_id is not None:
            console.say(f"printed job {done.job_id} ({done.rendered.pages} pages{done.id_note})")
        elif not to_stdout:
            console.say(f"wrote {target} ({done.rendered.pages} pages{done.id_note})")
        warn_if_example(settings)  # after the work, so that an error stays one line; also with --quiet

    command.__doc__ = summary
    return diary_only(command, kinds)


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_mtime_ns, found.st_ino


def _register_documents() -> None:
    # Plain strings here: importing docgen.model.visit (pydantic) would slow down `docgen --help`.
    base = (
        '--procedure si-joint-injection --side left --name "Jane Doe" --dob 1961-04-12 '
        "--mrn 00123456 --date 2026-11-21 --time 10:30"
    )
    more = {
        "info": "docgen info --input visit.yaml --language es -o info-es.pdf",
        "consent": "docgen consent --input - -o consent.pdf < visit.yaml",
        "aftercare": "docgen aftercare --input visit.yaml --paper a4 --large-print -o aftercare.pdf",
        "diary": "docgen diary --input visit.yaml --fillable -o diary.pdf",
    }
    summaries = {
        "info": "Pre-procedure information sheet.",
        "consent": "Informed-consent form with signature blocks.",
        "aftercare": "Aftercare (discharge) instructions.",
        "diary": "Pain diary with a time grid and daily rows.",
    }
    for kind, summary in summaries.items():
        epilog = examples(f"docgen {kind} {base} -o {kind}.pdf", more[kind])
        app.command(kind, epilog=epilog)(_document_command((kind,), summary))
    app.command(
        "packet",
        epilog=examples(
            f"docgen packet {base} -o packet.pdf", "docgen packet --input visit.yaml --simplex -o packet.pdf"
        ),
    )(_document_command(tuple(summaries), "All four documents in one PDF: info, consent, aftercare, diary."))


_register_documents()
app.command("procedures", epilog=examples("docgen procedures", "docgen procedures --format json"))(
    one_line_errors(procedures_command)
)


@app.command("demo", epilog=examples("docgen demo", "docgen demo --out-dir ."))
@one_line_errors
def demo_command(
    out_dir: Annotated[
        Path, Opt("--out-dir", metavar="DIR", help="Folder to write the demo packet into.")
    ] = Path("."),
) -> None:
    """Write a full packet for a fictional patient from the built-in example clinic."""

    from docgen.model.settings import EXAMPLE
    from docgen.model.visit import DEMO_VISIT, PACKET
    from docgen.output import write_atomic
    from docgen.pdf import render

    if not out_dir.is_dir():
        raise OutputError(f"the folder {out_dir} does not exist; create it first", field="--out-dir")
    result = render(DEMO_VISIT, PACKET, settings=EXAMPLE)
    target = out_dir / "docgen-demo-packet.pdf"
    write_atomic(target, result.pdf)
    from docgen import console

    console.say(f"wrote {target} ({result.pages} pages) for a fictional patient")


app.command("batch", epilog=BATCH_EXAMPLES)(one_line_errors(batch_command))


def main() -> None:
    """Entry point of the ``docgen`` script."""
    from docgen.cli_run import shell_named

    shell_named(sys.argv[1:])
    app(args=optional_print_value(sys.argv[1:]))


# Commands kept in their own modules, so that this one stays short. Each ends its help with
# examples (docgen/cli_help.py); tests/test_cli_help.py runs every one of them.
app.command("identify", epilog=examples("docgen identify returned-consent.pdf --format json"))(
    one_line_errors(identify_command)
)
cli_audit.register(app, one_line_errors)
app.command("serve", epilog=examples("docgen serve", "docgen serve --port 8080"))(
    one_line_errors(serve_command)
)
templates_app.command(
    "check",
    epilog=examples("docgen templates check --templates our-wording", "docgen templates check --format json"),
)(one_line_errors(templates_check_command))
app.command("config", epilog=examples("docgen config", "docgen config --check"))(
    one_line_errors(config_command)
)
app.command("init", epilog=examples("docgen init clinic"))(one_line_errors(init_command))
templates_app.command(
    "export",
    epilog=examples(
        "docgen templates export wording",
        "docgen templates export --procedure si-joint-injection injection-wording",
    ),
)(one_line_errors(templates_export_command))
templates_app.command(
    "bump",
    epilog=examples(
        "docgen templates bump --templates our-wording --procedure si-joint-injection --version 1.2.0"
    ),
)(one_line_errors(templates_bump_command))
