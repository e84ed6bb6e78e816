"""The sandbox templates run in: they read plain data and write Markdown, nothing else.

A clinic's template is untrusted code as far as docgen is concerned. Here it
- runs in Jinja's immutable sandbox: no attribute starting with ``_``, no call that changes a list,
  mapping or set, and its context holds only plain data (text, numbers, dates, lists, mappings);
- loads includes only from inside the template folders: a link that leads out of them is refused;
- has limits: a time limit, a limit on what it writes, on how many items its loops may take
  from ``range``, on the numbers its filters and functions are given, and on ``*`` and ``**``;
  a template that loops forever, calls itself without end or writes a flood fails with a message
  naming the template and line.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import threading
import time
from collections.abc import Callable, Generator, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any, cast

from jinja2 import FileSystemLoader, Template
from jinja2.environment import Environment
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from docgen.content.locale import Locale
from docgen.errors import TemplateProblem

#: Seconds one template may take to render.
SECONDS = 5.0
#: Characters one template may write (the longest built-in writes about 15,000).
MAX_OUTPUT = 500_000
#: Items all the ``range()`` loops of one render may take together.
MAX_ITEMS = 200_000
#: The largest number a filter or function may be given (a width, a count, a repetition).
MAX_NUMBER = 10_000

#: The language's formatting for the render in progress (filters read it; templates cannot).
LOCALE: ContextVar[Locale] = ContextVar("docgen_locale")


class _Budget:
    def __init__(self) -> None:
        self.deadline = time.monotonic() + SECONDS
        self.items = MAX_ITEMS

    def check(self, items: int = 0) -> None:
        self.items -= items
        if self.items < 0:
            raise SecurityError(f"the template's loops take more than {MAX_ITEMS:,} items")
        if time.monotonic() > self.deadline:
            raise SecurityError(f"the template took longer than {SECONDS:g} seconds")


_BUDGET: ContextVar[_Budget] = ContextVar("docgen_template_budget")


def _budget() -> _Budget:
    budget = _BUDGET.get(None)
    if budget is None:  # rendered outside render_limited (a test, a tool): limits still hold
        budget = _Budget()
        _BUDGET.set(budget)
    return budget


def _counted_range(*args: int) -> Iterator[int]:
    for number in args:
        _check_number(number)
    budget = _budget()
    for index, value in enumerate(range(*args)):
        if index % 1000 == 0:
            budget.check(1000)
        yield value


def _check_number(value: object) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
        raise SecurityError(f"a template may not use numbers above {MAX_NUMBER:,} here")


def guarded(function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that checks the clock and refuses huge numbers (``"x"|center(10**9)``)."""

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        _budget().check()
        for value in (*args[1:], *kwargs.values()):
            _check_number(value)
        return function(*args, **kwargs)

    return run


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with docgen's limits on calls, operators and loops."""

    intercepted_binops = frozenset(["*", "**", "+"])

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["range"] = _counted_range
        self.filters = {name: guarded(f) for name, f in self.filters.items()}

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _budget().check()
        for value in (*args, *kwargs.values()):
            _check_number(value)
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _budget().check()
        if operator == "**":
            _check_number(right)
        sequences = (str, list, tuple)
        if operator == "*" and (isinstance(left, sequences) or isinstance(right, sequences)):
            _check_number(right if isinstance(left, sequences) else left)
        result = super().call_binop(context, operator, left, right)
        if isinstance(result, str | list | tuple) and len(result) > MAX_OUTPUT:
            raise SecurityError(f"the template builds a value longer than {MAX_OUTPUT:,}")
        return result


class FolderLoader(FileSystemLoader):
    """Templates from one folder, never through a link that leads out of it."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.root = os.path.realpath(folder)

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if os.path.commonpath([self.root, os.path.realpath(filename)]) != self.root:
            # Not TemplateNotFound: the next folder must not be tried in its place.
            raise SecurityError(f"{template} is a link out of the templates folder; copy the file in")
        return source, filename, uptodate


def template_line(exc: BaseException, folders: list[Path]) -> tuple[str, int] | None:
    """The template file (relative to its folder) and line an error came from (Jinja puts the
    template's own lines in the traceback)."""
    tb, found = exc.__traceback__, None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (_relative(Path(filename), folders), tb.tb_lineno)
        tb = tb.tb_next
    return found


def _relative(path: Path, folders: list[Path]) -> str:
    for folder in folders:
        try:
            return path.resolve().relative_to(folder.resolve()).as_posix()
        except ValueError:
            continue
    return path.name


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """A hard stop for a template that computes without calling anything (main thread only)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise SecurityError(f"the template took longer than {seconds:g} seconds")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_limited(template: Template, context: dict[str, Any], locale: Locale, folders: list[Path]) -> str:
    """Render a template within the limits; a limit reached is a TemplateProblem naming the template
    and line. Other template errors are raised as Jinja raises them."""
    locale_token = LOCALE.set(locale)
    budget_token = _BUDGET.set(_Budget())
    written: list[str] = []
    size = 0
    try:
        with _alarm(SECONDS + 1):
            chunks = cast(Generator[str, None, None], template.generate(context))
            for chunk in chunks:
                size += len(chunk)
                if size > MAX_OUTPUT:
                    # Raised inside the template, so that its traceback names the line.
                    chunks.throw(SecurityError(f"the template writes more than {MAX_OUTPUT:,} characters"))
                written.append(chunk)
    except (SecurityError, RecursionError, MemoryError) as exc:
        where = template_line(exc, folders) or (template.name or "template", 0)
        what = str(exc) if isinstance(exc, SecurityError) else "the template calls itself without end"
        if isinstance(exc, MemoryError):
            what = "the template uses too much memory"
        line = f" line {where[1]}" if where[1] else ""
        advice = "" if ";" in what else "; fix the template"
        raise TemplateProblem(f"template {where[0]}{line}: {what}{advice}") from None
    finally:
        _BUDGET.reset(budget_token)
        LOCALE.reset(locale_token)
    return "".join(written)
