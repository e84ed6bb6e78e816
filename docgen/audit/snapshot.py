"""The exact template set a print used: the built-in folder and the clinic's folder over it (both
kept, as a clinic template may extend ``builtin/...``), plus the clinic's logo.

Stored once per content hash as a zip; a reprint unpacks it into a private folder (0700) and renders
from it alone, so the clinic's later edits do not change a reprint.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from docgen.content.library import Library, inside, stamp
from docgen.errors import OutputError

LOGO_DIR = "_logo"
BUILTIN = "builtin"
CLINIC = "clinic"
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Snapshot:
    digest: str
    files: int
    blob: bytes


def resolved_files(library: Library, logo: Path | None) -> dict[str, bytes]:
    """Every file the library can read, as ``builtin/<path>`` and ``clinic/<path>``."""
    files: dict[str, bytes] = {}
    layers = [(BUILTIN, library.builtin_dir), (CLINIC, library.clinic_dir)]
    for layer, folder in layers:
        if folder is None:
            continue
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder).as_posix()
            if not path.is_file() or not inside(path, folder) or "__pycache__" in relative:
                continue
            files[f"{layer}/{relative}"] = path.read_bytes()
    if logo is not None:
        files[f"{LOGO_DIR}/{logo.name}"] = logo.read_bytes()
    return files


_CACHE: dict[tuple[tuple[Path, ...], Path | None], tuple[tuple[int, int], Snapshot]] = {}


def take(library: Library, logo: Path | None) -> Snapshot:
    """The snapshot of what ``library`` (and the logo) hold now; cached while no file changes."""
    key = (tuple(library.search_path), logo)
    seen = stamp(library.search_path + ([logo.parent] if logo else []))
    cached = _CACHE.get(key)
    if cached and cached[0] == seen:
        return cached[1]
    files = resolved_files(library, logo)
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(f"{name}\0{hashlib.sha256(files[name]).hexdigest()}\n".encode())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            archive.writestr(zipfile.ZipInfo(name, _FIXED_TIME), files[name], zipfile.ZIP_DEFLATED)
    snap = Snapshot(digest.hexdigest(), len(files), buffer.getvalue())
    _CACHE[key] = (seen, snap)
    return snap


@dataclass(frozen=True)
class Unpacked:
    library: Library
    logo: Path | None


@contextlib.contextmanager
def unpacked(blob: bytes) -> Iterator[Unpacked]:
    """The stored template set in a private temporary folder (0700), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="docgen-reprint-"))  # mkdtemp: mode 0700, this user only
    try:
        logo: Path | None = None
        with zipfile.ZipFile(io.BytesIO(blob)) as archive:
            for name in archive.namelist():
                parts = PurePosixPath(name).parts
                if not parts or name.startswith("/") or ".." in parts:
                    raise OutputError("the stored template set is damaged", field="reprint")
                if parts[0] not in (LOGO_DIR, BUILTIN, CLINIC):
                    raise OutputError("the stored template set is damaged", field="reprint")
                target = folder / name
                if parts[0] == LOGO_DIR:
                    logo = target
                target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                target.write_bytes(archive.read(name))
        clinic = folder / CLINIC
        library = Library(clinic if clinic.is_dir() else None)
        library.builtin_dir = folder / BUILTIN  # the snapshot alone: nothing from today's templates
        yield Unpacked(library, logo)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
