"""What docgen says on standard error, and how: ``--quiet``, ``--verbose``, colour and boxes.

Colour, bold and box-drawing characters are for a person at a terminal: with ``NO_COLOR`` set
(https://no-color.org) or when the stream is a pipe or a file, output is plain text and tables are
drawn with ASCII. Light at import (rich loads when a console is made), like :mod:`docgen.cli`.
"""

from __future__ import annotations

import os
import sys
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.box import Box
    from rich.console import Console

QUIET, NORMAL, VERBOSE = -1, 0, 1
#: How much to say, set once by the command line's --quiet / --verbose.
level = NORMAL


def set_level(*, quiet: bool, verbose: bool) -> None:
    global level
    level = QUIET if quiet else VERBOSE if verbose else NORMAL


def say(text: str) -> None:
    """A progress line ("wrote x.pdf (3 pages)"): left out with --quiet. Never patient data."""
    if level >= NORMAL:
        sys.stderr.write(f"{text}\n")


def detail(text: str) -> None:
    """A line only --verbose shows (which settings, templates, steps). Never patient data."""
    if level >= VERBOSE:
        sys.stderr.write(f"docgen: {text}\n")


def plain(stream: IO[str] | None = None) -> bool:
    """No colour and no box drawing: NO_COLOR is set, or ``stream`` is not a terminal."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return True
    try:
        return not stream.isatty()
    except (AttributeError, ValueError):
        return True


def console(*, stderr: bool = False, width: int | None = None, **kwargs: Any) -> Console:
    """A rich console for ``stdout`` (or ``stderr``) that is plain when :func:`plain` says so."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    if plain(stream):
        kwargs.setdefault("color_system", None)
        kwargs.setdefault("emoji", False)
    return Console(file=stream, width=width, highlight=False, **kwargs)


def box(stream: IO[str] | None = None) -> Box:
    """The table border for ``stream``: rich's heavy head at a terminal, ASCII anywhere else."""
    from rich import box as boxes

    return boxes.ASCII if plain(stream) else boxes.HEAVY_HEAD
