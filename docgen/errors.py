"""One exception family: every expected failure is a DocgenError with a one-line message."""

from __future__ import annotations


class DocgenError(Exception):
    """A failure the user can fix. ``str(err)`` is the one-line message shown to them.

    Messages name the field and say how to fix it; they never repeat patient data.
    """

    exit_code = 1

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)


class InputError(DocgenError):
    """A visit value (flag, input file or schedule row) is missing or wrong."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message, field=field)
        #: Every (field, problem) of the visit, when it has several.
        self.problems: list[tuple[str, str]] = []


class ConfigError(DocgenError):
    """The clinic settings file cannot be read or is invalid."""


class TemplateProblem(DocgenError):
    """A template or procedure file is broken (syntax, unknown placeholder, bad metadata)."""


class FontCoverageError(DocgenError):
    """A character is not covered by any shipped font."""


class OutputError(DocgenError):
    """The output cannot be written where asked."""


class ScheduleError(InputError):
    """The schedule file itself (not one row) cannot be read from this point on."""


class BatchFailed(DocgenError):
    """Some rows failed; the others were written. The message says how many and where to look."""


class Interrupted(DocgenError):
    """Ctrl-C (SIGINT): exit status 130; the message says what was finished."""

    exit_code = 130
