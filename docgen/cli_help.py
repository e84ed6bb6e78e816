"""The Examples section every command's ``--help`` ends with, laid out to copy and run as printed.

click rewraps help text to the terminal's width, which would break a long command in the middle
(copied, it runs as two broken commands). :func:`examples` marks the section with click's ``\\b``
(no-rewrap) marker and splits a long command itself, at a space between arguments, with a shell
line continuation (`` \\``), so every line fits 80 columns and the whole pastes as one command.

Every command follows one pattern (tests/test_cli_help.py runs every example it finds)::

    app.command("demo", epilog=examples("docgen demo", "docgen demo --out-dir ."))(demo_command)

Examples use relative output names and the files the tests provide (a schedule ``tomorrow.csv``,
a scan ``returned-consent.pdf``, a templates folder ``our-wording``): see that test.
"""

from __future__ import annotations

import re

#: Widest line of an example: 80 columns less the indent (4) and the continuation (" \\").
WIDTH = 74
_ARG = re.compile(r"""(?:"[^"]*"|'[^']*'|\S)+""")


def examples(*commands: str) -> str:
    """An epilog listing ``commands``, one to a line, long ones continued with a backslash."""
    lines: list[str] = []
    for command in commands:
        lines += _split(command)
    body = "\n".join(lines)
    return f"Examples:\n\n\b\n{body}"


def _split(command: str) -> list[str]:
    out: list[str] = []
    line = "  "
    for arg in _pairs(_ARG.findall(command)):
        if line.strip() and len(line) + 1 + len(arg) > WIDTH:
            out.append(f"{line} \\")
            line = "    "
        line = f"{line}{'' if not line.strip() else ' '}{arg}"
    out.append(line)
    return out


def _pairs(args: list[str]) -> list[str]:
    """The arguments, a flag kept on one line with its value (``--name "Jane Doe"``)."""
    out: list[str] = []
    for arg in args:
        if out and out[-1].startswith("-") and " " not in out[-1] and not arg.startswith(("-", "<")):
            out[-1] = f"{out[-1]} {arg}"
        else:
            out.append(arg)
    return out
