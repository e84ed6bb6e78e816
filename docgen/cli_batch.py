"""``docgen batch``: a day's schedule in, packets, a manifest and a print file out (registered by
:mod:`docgen.cli`; docs/batch.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from docgen.cli_flags import (
    ConfigOpt,
    DateFormatOpt,
    LargeOpt,
    OperatorOpt,
    Opt,
    PaperOpt,
    SimplexOpt,
    TemplatesOpt,
    warn_if_example,
)
from docgen.cli_flags import load_cli_settings as _settings
from docgen.cli_help import examples
from docgen.errors import BatchFailed, InputError

BATCH_EXAMPLES = examples(
    "docgen batch tomorrow.csv --out-dir packets --print-file packets/print.pdf --separator",
    "docgen batch tomorrow.csv --check",
    "docgen batch tomorrow.csv --out-dir packets --docs consent,diary --split",
)


def batch_command(
    schedule: Annotated[
        Path, typer.Argument(metavar="SCHEDULE", help="The schedule: .csv (with a header), .json or .jsonl.")
    ],
    out_dir: Annotated[
        Path | None, Opt("--out-dir", metavar="DIR", help="Folder for the PDFs and the manifest.")
    ] = None,
    docs: Annotated[
        str | None,
        Opt("--docs", metavar="LIST", help="Documents, comma-separated: info,consent,aftercare,diary."),
    ] = None,
    split: Annotated[bool, Opt("--split", help="One PDF per document instead of one per patient.")] = False,
    print_file: Annotated[
        Path | None,
        Opt(
            "--print-file", metavar="FILE", help="Also write every packet, in appointment order, to one PDF."
        ),
    ] = None,
    separator: Annotated[
        bool, Opt("--separator", help="A separator sheet before each patient in the print file.")
    ] = False,
    jobs: Annotated[
        int | None, Opt("--jobs", min=1, metavar="N", help="Processes to use (default: all cores).")
    ] = None,
    force: Annotated[bool, Opt("--force", help="Render again rows an earlier run finished.")] = False,
    config: ConfigOpt = None,
    templates: TemplatesOpt = None,
    paper: PaperOpt = None,
    large_print: LargeOpt = False,
    simplex: SimplexOpt = False,
    date_format: DateFormatOpt = None,
    delimiter: Annotated[
        str | None,
        Opt("--delimiter", metavar="CHAR", help="CSV separator: , ; tab or | (default: as the header uses)."),
    ] = None,
    check: Annotated[bool, Opt("--check", help="Check every row; write nothing.")] = False,
    operator: OperatorOpt = None,
    print_queue: Annotated[
        str | None,
        Opt(
            "--print",
            metavar="[QUEUE]",
            help="Send the print file (default OUT_DIR/print.pdf) to a [printing] queue when every row "
            "succeeded (alone: the default queue).",
        ),
    ] = None,
) -> None:
    """Render documents for every row of a schedule, with a manifest and a duplex-safe print file.

    Each row is checked on its own: a bad row is reported as "row N: field: problem" and the others
    are still written. Rerunning the same command skips rows whose files are complete and unchanged.
    See docs/batch.md.
    """

    from docgen.batch.options import BatchOptions
    from docgen.batch.run import run_batch

    settings = _settings(config, templates)
    if out_dir is None and not check:
        raise InputError("is required (or check the schedule alone with --check)", field="--out-dir")
    if print_queue is not None and print_file is None and out_dir is not None:
        print_file = out_dir / "print.pdf"
    options = BatchOptions(
        print_queue=print_queue,
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
    try:
        run_batch(schedule, options, settings=settings)
    except BatchFailed:  # some rows were written: with the example clinic, say so
        warn_if_example(settings)
        raise
    warn_if_example(settings)  # after the work, so that an error about the schedule stays one line
