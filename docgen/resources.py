"""Find the built-in templates and fonts, installed (inside the wheel) or in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    # In a wheel, hatchling copies templates/ and fonts/ into docgen/_data/.
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    # In a checkout (including an editable install) they sit beside the package.
    checkout = _PACKAGE_DIR.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"docgen is installed without its {name}/ folder")


@cache
def templates_dir() -> Path:
    """The built-in templates folder."""
    return _data_dir("templates")


@cache
def fonts_dir() -> Path:
    """The shipped fonts folder."""
    return _data_dir("fonts")
