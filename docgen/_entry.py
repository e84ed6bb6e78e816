"""The ``docgen`` script's entry point: answers ``--help`` and ``--version`` without loading Typer.

A nurse's first command is often ``docgen --help``. Typer, click and their imports take about ten
times as long as Python itself to start, so the top-level help is kept as text here and printed at
once; every other command goes to :mod:`docgen.cli`. A test compares this text with what Typer
prints, so it cannot drift from the real commands.
"""

from __future__ import annotations

import shutil
import sys

#: ``docgen --help`` as Typer prints it on a terminal 80 or more columns wide.
TOP_HELP = """\
Usage: docgen [OPTIONS] COMMAND [ARGS]...

  Printable, personalised patient documents for spine and pain procedures.

Options:
  --version             Show the version.
  -q, --quiet           Say nothing but errors and warnings.
  -v, --verbose         Say more about each step.
  --install-completion  Install completion for the current shell.
  --show-completion     Show completion for the current shell, to copy it or
                        customize the installation.
  -h, --help            Show this message and exit.

Commands:
  info        Pre-procedure information sheet.
  consent     Informed-consent form with signature blocks.
  aftercare   Aftercare (discharge) instructions.
  diary       Pain diary with a time grid and daily rows.
  packet      All four documents in one PDF: info, consent, aftercare,...
  procedures  List procedures with their languages, template version and...
  demo        Write a full packet for a fictional patient from the...
  batch       Render documents for every row of a schedule, with a...
  identify    Name the document, kind, MRN and page of every scanned...
  history     List printed documents from the audit log, newest first.
  reprint     Print a recorded document again, exactly as first printed.
  serve       Start the web form: fill in a visit, preview, download and...
  config      Show the settings file in force and every setting, as TOML.
  init        Start a clinic: write docgen.toml and a wording folder.
  templates   Work with the wording templates.

  Examples:

    docgen demo
    docgen procedures
    docgen info --help
"""


def main() -> None:
    """Entry point of the ``docgen`` script."""
    args = sys.argv[1:]
    # click lays help out for the terminal's width up to 80 columns: a narrower one gets Typer's.
    if args in (["--help"], ["-h"]) and shutil.get_terminal_size().columns >= 80:
        sys.stdout.write(TOP_HELP)
        return
    if args == ["--version"]:
        from docgen._version import __version__

        sys.stdout.write(f"docgen {__version__}\n")
        return
    try:
        from docgen.cli import main as cli_main

        cli_main()
    except KeyboardInterrupt:  # Ctrl-C while starting, before a command began: nothing was written
        sys.stderr.write("docgen: interrupted; nothing was written\n")
        sys.exit(130)
