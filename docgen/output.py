"""Writing output: whole or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from docgen.errors import OutputError


def check_writable(path: Path) -> None:
    """Fail early, before any rendering, if ``path`` cannot be written."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name such as {path / 'out.pdf'}", field="-o")
    if not folder.is_dir():
        raise OutputError(f"the folder {folder} does not exist; create it or choose another", field="-o")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"the folder {folder} is not writable; choose another output path", field="-o")
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(f"{path} exists and is read-only; choose another output path", field="-o")


def file_mode() -> int:
    """The mode a new file gets under the current umask (mkstemp makes 0600 files)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(
    path: Path,
    data: bytes | Callable[[BinaryIO], object],
    *,
    field: str = "-o",
    staging: Path | None = None,
) -> None:
    """Write ``data`` (bytes, or a function that writes to a binary file) to a temporary file in
    ``staging`` (default: beside ``path``; same file system), flush it to disk, then rename it into
    place: the file appears whole or not at all."""
    folder = staging or (path.parent if str(path.parent) else Path("."))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"cannot write in {folder} ({exc.strerror}); choose another output path", field=field
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                data(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    except BaseException as exc:
        # Whatever stopped the write (a full disk, a library error, Ctrl-C), no part is left.
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if not isinstance(exc, OSError):
            raise
        raise OutputError(
            f"cannot write {path.name} ({exc.strerror}); choose another output path", field=field
        ) from None
