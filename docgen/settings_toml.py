"""Settings as TOML, defaults filled in and secrets masked, for ``docgen config``."""

from __future__ import annotations

import enum
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel

from docgen.model.settings import Settings

MASK = "(hidden)"
#: Settings whose value is an octal permission mode, written back as the quoted octal they are typed as.
_MODES = {"file_mode", "folder_mode"}
#: Internal fields that are not settings.
_INTERNAL = {"is_example"}


def settings_toml(settings: Settings) -> str:
    """Every setting as TOML: top-level values first, then one table per section."""
    top: list[str] = []
    tables: list[str] = []
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if isinstance(value, BaseModel):
            tables.append(_table(name, value))
        else:
            top.append(_line(name, value))
    return "\n".join(["\n".join(top) + "\n", *tables])


def _table(section: str, model: BaseModel) -> str:
    lines = [f"[{section}]"]
    for name in type(model).model_fields:
        if name in _INTERNAL:
            continue
        value = getattr(model, name)
        if (section, name) == ("serve", "users"):
            value = {user: MASK for user in value}
        elif (section, name) == ("audit", "database"):
            value = mask_url(value)
        elif name in _MODES:
            value = format(value, "o")
        lines.append(_line(name, value))
    return "\n".join(lines) + "\n"


def _line(name: str, value: Any) -> str:
    if value is None:
        return f"# {name} is not set"
    return f"{_key(name)} = {_value(value)}"


def _key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else json.dumps(name, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, enum.Enum):
        return _value(value.value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }" if value else "{}"
        )
    if isinstance(value, Path):  # absolute, so that the output means the same from any folder
        value = str(value.absolute())
    # A JSON string is a TOML basic string (the same escapes).
    return json.dumps(str(value), ensure_ascii=False)


def mask_url(url: str) -> str:
    """A database URL with its password, if any (user:password@ or ?password=), replaced by the mask."""
    url = re.sub(r"(?i)([?&]password=)[^&]*", rf"\g<1>{MASK}", url)
    try:
        parts = urlsplit(url)
        password, port = parts.password, parts.port
    except ValueError:
        return url
    if not password:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{parts.username or ''}:{MASK}@{host}{f':{port}' if port else ''}"
    return urlunsplit(parts._replace(netloc=netloc))
