"""A procedure's content fingerprint: tells printed wording that changed since its version was declared.

The fingerprint is the first 12 hex digits of a SHA-256 over the files a procedure's documents are made
from, as the library finds them (the clinic's copy first): its ``procedure.yaml`` (without its own
``fingerprint:`` line), every ``*.j2`` under ``procedures/<id>/`` and every ``*.j2`` under ``common/``.
Line endings are made alike. ``procedure.yaml`` records the fingerprint its ``version`` was declared
with; when the two differ, the footer prints ``version+fingerprint`` (docs/templates.md, "Versions").
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

#: The ``version:`` and ``fingerprint:`` lines of a procedure.yaml, left out of the fingerprint.
VERSION_LINES = re.compile(rb"^(version|fingerprint):[^\n]*(\n|$)", re.MULTILINE)
#: How many hex digits the footer shows after the version: ``1.1.0+3fa2c1``.
SHOWN = 6


def _inside(path: Path, folder: Path) -> bool:
    root = os.path.realpath(folder)
    return os.path.commonpath([root, os.path.realpath(path)]) == root


def wording_files(folders: list[Path], procedure_id: str) -> dict[str, Path]:
    """The files of one procedure's wording by relative path, the first folder's copy winning (a link
    out of its folder is left out, as the library never reads it)."""
    found: dict[str, Path] = {}
    for folder in folders:
        for sub in (f"procedures/{procedure_id}", "common"):
            root = folder / sub
            if not root.is_dir():
                continue
            for path in root.rglob("*"):
                rel = path.relative_to(folder).as_posix()
                wanted = path.suffix == ".j2" or rel == f"procedures/{procedure_id}/procedure.yaml"
                if wanted and path.is_file() and _inside(path, folder):
                    found.setdefault(rel, path)
    return found


def content_fingerprint(folders: list[Path], procedure_id: str) -> str:
    """The fingerprint of what one procedure's documents are printed from now (``folders``: the
    library's search path, the clinic's first)."""
    digest = hashlib.sha256()
    for rel, path in sorted(wording_files(folders, procedure_id).items()):
        data = path.read_bytes().replace(b"\r\n", b"\n")
        if rel.endswith("/procedure.yaml"):
            data = VERSION_LINES.sub(b"", data)
        digest.update(rel.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:12]


def version_label(version: str, declared: str | None, current: str) -> str:
    """``1.1.0`` when the wording is what the version was declared with, else ``1.1.0+3fa2c1``."""
    return version if declared == current else f"{version}+{current[:SHOWN]}"
