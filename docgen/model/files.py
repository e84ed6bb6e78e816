"""Visits as other programs write them: JSON and YAML read strictly.

A field given twice is refused (the default readers keep the last one silently). Nesting deeper than
a visit ever needs, numbers with thousands of digits and other values that would break a reader
further on are refused with one line, before anything else sees them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from docgen.errors import InputError

#: A visit is a flat mapping; a little room for clinics' own wrappers, no more.
MAX_DEPTH = 8


class DuplicateField(ValueError):
    """A mapping names the same field twice."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for ``json.loads``: a dict, or DuplicateField."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateField(key)
        out[key] = value
    return out


def depth(value: Any, limit: int = MAX_DEPTH) -> int:
    """How deeply lists and mappings nest (stops counting past ``limit``)."""
    level, layer = 0, [value]
    while layer and level <= limit:
        layer = [
            child
            for item in layer
            if isinstance(item, dict | list)
            for child in (item.values() if isinstance(item, dict) else item)
        ]
        level += 1
    return level


def safe_field(key: object) -> str:
    """A field name from a file, safe to show: printable, short, never patient data by design."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(key))
    return text[:40] + ("…" if len(text) > 40 else "")


def load_json(text: str) -> Any:
    """JSON with unique fields; raises ValueError (bad JSON, too deep, too large a number) or
    DuplicateField."""
    return _bounded(lambda: json.loads(text, object_pairs_hook=unique_pairs))


def load_visit_text(text: str, *, json_format: bool, name: str) -> Any:
    """One visit file's text, as JSON or YAML; a one-line InputError for anything unreadable."""
    import yaml

    try:
        return load_json(text) if json_format else load_yaml(text)
    except DuplicateField as dup:
        raise InputError(
            f"{name} gives the field {safe_field(dup.key)} twice; keep one", field="--input"
        ) from None
    except (ValueError, yaml.YAMLError):
        raise InputError(f"{name} is not valid JSON or YAML", field="--input") from None


def load_yaml(text: str) -> Any:
    """YAML as typed (BaseLoader: every value a string), fields unique, nesting bounded."""
    import yaml

    class Strict(yaml.BaseLoader):
        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    raise DuplicateField(str(key))
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    return _bounded(lambda: yaml.load(text, Loader=Strict))


def _bounded(read: Callable[[], Any]) -> Any:
    """What ``read`` returns, if it nests no deeper than a visit may; else ValueError."""
    try:
        value = read()
    except RecursionError:
        raise ValueError("nested too deeply") from None
    if depth(value) > MAX_DEPTH:
        raise ValueError("nested too deeply")
    return value
