"""Reading a template without rendering it: placeholders, filters and includes in every branch."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from docgen.checks.report import Level
from docgen.content.library import Library

# ---------------------------------------------------------------------------------------------
# Reading a template without rendering it


def _attributes(obj: Any) -> set[str] | None:
    """What a template may write after ``obj.``; None when it cannot be known."""
    if obj is None:
        return None
    if isinstance(obj, dict):
        return {str(k) for k in obj} | {a for a in dir(dict) if not a.startswith("_")}
    if isinstance(obj, BaseModel):
        names = {a for a in dir(type(obj)) if not a.startswith(("_", "model_"))}
        return set(type(obj).model_fields) | names
    if is_dataclass(obj):
        return {f.name for f in fields(obj)}
    return {a for a in dir(obj) if not a.startswith("_")}


def attribute_of(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _suggest(name: str, known: Iterable[str], prefix: str = "") -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f"; did you mean {prefix}{close[0]}?" if close else "; see the placeholders in docs/templates.md"


def walk_template(
    env: Any, source: str, name: str, context: dict[str, Any] | None
) -> list[tuple[int, Level, str]]:
    """Problems found by reading a template, branches not taken included: (line, level, message).

    ``context`` is a full sample context (which placeholders exist); None checks syntax, filters,
    tests and includes only. Raises ``jinja2.TemplateSyntaxError`` when the template does not parse.
    """
    from jinja2 import TemplateNotFound, meta, nodes
    from jinja2.exceptions import SecurityError

    ast = env.parse(source, name)
    out: set[tuple[int, Level, str]] = set()
    free = meta.find_undeclared_variables(ast) if context is not None else set()
    context = context or {}
    known = set(context) | set(env.globals)
    seen: set[str] = set()
    for node in ast.find_all(nodes.Name):
        if node.ctx == "load" and node.name in free - known and node.name not in seen:
            seen.add(node.name)
            out.add(
                (node.lineno, Level.ERROR, f"'{node.name}' is not a placeholder{_suggest(node.name, known)}")
            )

    def value_of(node: Any) -> Any:
        if isinstance(node, nodes.Name):
            return context.get(node.name) if node.name in free else None
        key = _key(node)
        if key is not None:
            base = value_of(node.node)
            attrs = _attributes(base)
            return attribute_of(base, key) if attrs is not None and key in attrs else None
        return None

    def dotted(node: Any) -> str:
        if isinstance(node, nodes.Name):
            return str(node.name)
        key = _key(node)
        return f"{dotted(node.node)}.{key}" if key is not None else "…"

    for node in ast.find_all((nodes.Getattr, nodes.Getitem)):
        key = _key(node)
        attrs = _attributes(value_of(node.node)) if key is not None else None
        if key is not None and attrs is not None and key not in attrs:
            hint = _suggest(key, attrs - set(dir(dict)), prefix=f"{dotted(node.node)}.")
            out.add((node.lineno, Level.ERROR, f"'{dotted(node)}' is not a placeholder{hint}"))
    for node in ast.find_all(nodes.Filter):
        if node.name not in env.filters:
            out.add(
                (node.lineno, Level.ERROR, f"no filter named '{node.name}'{_suggest(node.name, env.filters)}")
            )
    for node in ast.find_all(nodes.Test):
        if node.name not in env.tests:
            out.add(
                (node.lineno, Level.ERROR, f"no test named '{node.name}'{_suggest(node.name, env.tests)}")
            )
    for node in ast.find_all(nodes.Include):
        if isinstance(node.template, nodes.Const) and not node.ignore_missing:
            try:
                env.loader.get_source(env, node.template.value)
            except TemplateNotFound:
                out.add((node.lineno, Level.ERROR, f"includes {node.template.value}, which does not exist"))
            except SecurityError as exc:  # a link out of the templates folder
                out.add((node.lineno, Level.ERROR, f"includes {exc.message}"))
    used = {n.name for n in ast.find_all(nodes.Name) if n.ctx == "load"}
    for assign in ast.find_all((nodes.Assign, nodes.AssignBlock)):
        targets = [assign.target, *assign.target.find_all(nodes.Name)]
        for target in (t for t in targets if isinstance(t, nodes.Name)):
            if target.name not in used:
                out.add((target.lineno, Level.WARNING, f"'{target.name}' is set but never used"))
    return sorted(out)


def _key(node: Any) -> str | None:
    """The attribute name of ``a.b`` or ``a["b"]``; None for anything else."""
    from jinja2 import nodes

    if isinstance(node, nodes.Getattr):
        return str(node.attr)
    if (
        isinstance(node, nodes.Getitem)
        and isinstance(node.arg, nodes.Const)
        and isinstance(node.arg.value, str)
    ):
        return node.arg.value
    return None


def relative_name(path: Path, library: Library) -> str:
    for folder in library.search_path:
        try:
            return path.resolve().relative_to(folder.resolve()).as_posix()
        except ValueError:
            continue
    return path.name


def failing_line(exc: BaseException, library: Library) -> tuple[str, int] | None:
    """The template file and line a rendering error came from (Jinja rewrites the traceback)."""
    tb, found = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            found = (relative_name(Path(tb.tb_frame.f_code.co_filename), library), tb.tb_lineno)
        tb = tb.tb_next
    return found
