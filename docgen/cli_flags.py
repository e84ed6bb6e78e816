"""The command line's flags, as Typer annotations: one place for their names and help."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

if TYPE_CHECKING:
    from docgen.model.settings import Settings

Opt = typer.Option
#: The flags that are visit fields (the same names as an --input file's and a schedule's).
_VISIT = "procedure side name dob mrn date time physician language sedation diabetes blood_thinners trainees"
VISIT_FLAGS = frozenset(f"{_VISIT} purpose guidance discussed_by".split())

ProcedureOpt = Annotated[
    str | None, Opt("--procedure", metavar="ID", help="Procedure id (see 'docgen procedures').")
]
SideOpt = Annotated[
    str | None, Opt("--side", metavar="<left|right|bilateral>", help="Side (sided procedures).")
]
NameOpt = Annotated[str | None, Opt("--name", metavar="NAME", help="Patient's full name.")]
DobOpt = Annotated[str | None, Opt("--dob", metavar="YYYY-MM-DD", help="Date of birth.")]
MrnOpt = Annotated[str | None, Opt("--mrn", metavar="MRN", help="Medical record number.")]
DateOpt = Annotated[str | None, Opt("--date", metavar="YYYY-MM-DD", help="Procedure date.")]
TimeOpt = Annotated[str | None, Opt("--time", metavar="HH:MM", help="Arrival time, e.g. 10:30 or 2:30 pm.")]
PhysicianOpt = Annotated[
    str | None, Opt("--physician", metavar="NAME", help="Practitioner doing the procedure.")
]
DiscussedByOpt = Annotated[
    str | None,
    Opt(
        "--discussed-by",
        metavar="NAME",
        help="Who explains the consent (printed on its line; default: left blank).",
    ),
]
LanguageOpt = Annotated[str | None, Opt("--language", metavar="<en|es>", help="Language of the documents.")]
SedationOpt = Annotated[str | None, Opt("--sedation", metavar="<none|oral|iv>", help="Sedation.")]
DiabetesOpt = Annotated[bool | None, Opt("--diabetes/--no-diabetes", help="Patient has diabetes.")]
ThinnersOpt = Annotated[
    bool | None, Opt("--blood-thinners/--no-blood-thinners", help="Patient takes blood thinners.")
]
TraineesOpt = Annotated[
    bool | None, Opt("--trainees/--no-trainees", help="Trainees take part (default: clinic setting).")
]
PurposeOpt = Annotated[
    str | None,
    Opt(
        "--purpose",
        metavar="<diagnostic|therapeutic>",
        help="Injections: why it is given (default: the procedure's).",
    ),
]
GuidanceOpt = Annotated[str | None, Opt("--guidance", metavar="<fluoroscopy|ct|ultrasound>", help="Imaging.")]
InputOpt = Annotated[
    Path | None,
    Opt(
        "--input",
        metavar="FILE",
        help="Visit details from a YAML or JSON file; - reads standard input.",
    ),
]
ConfigOpt = Annotated[
    Path | None, Opt("--config", metavar="FILE", help="Clinic settings file (default: see 'docgen config').")
]
TemplatesOpt = Annotated[Path | None, Opt("--templates", metavar="DIR", help="Clinic templates folder.")]
PaperOpt = Annotated[
    Literal["letter", "a4"] | None,
    Opt("--paper", case_sensitive=False, help="Paper size (default: clinic setting)."),
]
LargeOpt = Annotated[bool, Opt("--large-print", help="Large print.")]
SimplexOpt = Annotated[
    bool, Opt("--simplex", help="For one-sided printing: no blank backs between documents.")
]
DateFormatOpt = Annotated[
    Literal["iso", "us", "day-first"] | None,
    Opt(
        "--date-format",
        case_sensitive=False,
        help="Dates besides YYYY-MM-DD: us (MM/DD/YYYY) or day-first (DD/MM/YYYY).",
    ),
]
OutOpt = Annotated[
    str, Opt("-o", "--output", metavar="FILE", help="Output PDF file; - writes to standard output.")
]
OutOrPrintOpt = Annotated[
    str | None, Opt("-o", "--output", metavar="FILE", help="Output PDF file; - writes to standard output.")
]
PrintOpt = Annotated[
    str | None,
    Opt(
        "--print",
        metavar="[QUEUE]",
        help="Print on a CUPS queue of [printing] queues instead of writing a file "
        "(--print alone: the default queue).",
    ),
]


def optional_print_value(args: list[str]) -> list[str]:
    """``--print`` with no queue after it (the end, or another flag next) means the default queue."""
    out = []
    for i, arg in enumerate(args):
        follows = args[i + 1] if i + 1 < len(args) else None
        out.append("--print=" if arg == "--print" and (follows is None or follows.startswith("-")) else arg)
    return out


FillableOpt = Annotated[
    bool | None,
    Opt(
        "--fillable/--no-fillable",
        help="Diary: form fields a tablet's PDF viewer can fill in; prints the same "
        "(default: [documents] fillable_diary).",
    ),
]


def diary_only(command: Callable[..., Any], kinds: tuple[str, ...]) -> Callable[..., Any]:
    """Leave --fillable out of a document command that prints no diary (info, consent, aftercare)."""
    if "diary" not in kinds:
        signature = inspect.signature(command, eval_str=True)
        kept = [p for p in signature.parameters.values() if p.name != "fillable"]
        command.__signature__ = signature.replace(parameters=kept)  # type: ignore[attr-defined]
    return command


#: Said once on standard error when a command that prints for patients finds no settings file.
EXAMPLE_WARNING = (
    "docgen: warning: no settings file found, so the example clinic is in use; "
    "set up yours with 'docgen init DIR'"
)


def warn_if_example(settings: Settings) -> None:
    """Say once on standard error that no settings file was found, so the example clinic printed."""
    if settings.source is None and settings.clinic.is_example:
        typer.echo(EXAMPLE_WARNING, err=True)


def load_cli_settings(config: Path | None, templates: Path | None) -> Settings:
    """The settings of --config (or the usual search), with --templates on top; output modes set."""
    from docgen.errors import ConfigError
    from docgen.model.settings import load_settings
    from docgen.output import configure

    settings = load_settings(config)
    if templates is not None:
        if not templates.is_dir():
            raise ConfigError(f"{templates} is not a folder; check the --templates path")
        settings = settings.model_copy(update={"templates": templates})
    configure(settings.output.file_mode, settings.output.folder_mode)
    from docgen import console

    console.detail(f"templates: {settings.templates or 'built-in'}")
    return settings


OperatorOpt = Annotated[
    str | None,
    Opt("--operator", metavar="NAME", help="Who prints, for the audit log (default: the system user name)."),
]
