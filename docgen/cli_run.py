"""Running the command line: usage errors in one line (exit 2), Ctrl-C in one line (exit 130).

click's own messages take four lines ("Usage: ...", "Try ...", a blank, "Error: ..."); docgen says
``docgen: error: no such option --nmae (did you mean --name?)``, as it does for bad input.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any

# Typer 0.29 carries its own copy of click; its exceptions are the ones raised.
import typer
from typer import _click as click
from typer.core import TyperGroup

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
COMPLETION = ("--show-completion", "--install-completion")


def shell_named(args: Sequence[str]) -> None:
    """``docgen --show-completion bash``: Typer's completion flags use the shell they detect; told
    this before the command is built, they take the shell's name instead."""
    if len(args) == 2 and args[0] in COMPLETION and args[1] in SHELLS:
        os.environ["_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"] = "1"


class DocgenGroup(TyperGroup):
    """docgen's top-level command: runs a subcommand, then exits with one line on a usage error."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        args = list(sys.argv[1:] if args is None else args)
        try:
            code = super().main(args, prog_name or "docgen", complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as err:
            err.show()
            sys.exit(err.exit_code)
        except click.exceptions.UsageError as err:
            try:
                message = usage_message(err)
            except Exception:  # a click message not foreseen: its own words, on one line
                message = _one_line(err.format_message())
            sys.stderr.write(f"docgen: error: {message}\n")
            sys.exit(2)
        except typer.Abort:  # end of input at a prompt
            sys.stderr.write("docgen: stopped; nothing was written\n")
            sys.exit(1)
        except KeyboardInterrupt:  # outside a command (while starting): nothing was begun
            sys.stderr.write("docgen: interrupted; nothing was written\n")
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)


def usage_message(err: click.exceptions.UsageError) -> str:
    """click's usage error as one line: what is wrong, the allowed values, a likely fix."""
    if isinstance(err, click.exceptions.NoSuchOption):
        return f"no such option {err.option_name}{_did_you_mean(err.option_name, err.possibilities or ())}"
    if isinstance(err, click.exceptions.MissingParameter):
        what = err.param_type or (err.param.param_type_name if err.param else "option")
        return f"missing {what} {_hint(err)}"
    if isinstance(err, click.exceptions.BadOptionUsage) and "requires an argument" in err.message:
        return f"option {err.option_name} requires a value"
    if isinstance(err, click.exceptions.BadParameter):
        choice = re.search(r"'[^']*' is not one of (.+)\.", err.message)
        if choice:
            allowed = re.findall(r"'([^']*)'", choice[1])
            return f"{_hint(err)}: use {', '.join(allowed[:-1])} or {allowed[-1]}"
        return f"{_hint(err)}: {_one_line(err.message)}"
    found = re.match(r"No such command '([^']+)'", err.message)
    if found:
        ctx = err.ctx
        commands: Iterable[str] = ()
        if ctx is not None and hasattr(ctx.command, "list_commands"):
            commands = ctx.command.list_commands(ctx)
        return f"no such command {found[1]}{_did_you_mean(found[1], commands)}"
    found = re.fullmatch(r"Got unexpected extra argument(?:\(s\)|s)? \((.+)\)", err.message)
    if found:
        return f"unexpected argument {found[1]}; quote a value that has spaces"
    return _one_line(err.message)


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


def _hint(err: click.exceptions.BadParameter) -> str:
    if err.param_hint is not None:
        hints = [err.param_hint] if isinstance(err.param_hint, str) else list(err.param_hint)
        return " / ".join(hints)
    if err.param is not None:
        if err.param.param_type_name == "option":
            return max(err.param.opts, key=len)
        return str(err.param.metavar or err.param.name or "").upper()
    return "value"


def _one_line(text: str) -> str:
    text = " ".join(text.split()).rstrip(".")
    return text[:1].lower() + text[1:]
