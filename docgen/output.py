"""Writing output: whole or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

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


class AtomicFile:
    """A file that grows in a temporary file (in ``staging``, default beside ``path``: the same file
    system) and appears at ``path`` only on :meth:`commit`, flushed to disk; :meth:`discard` (or any
    failure) leaves nothing behind. The one way docgen writes a file."""

    def __init__(self, path: Path, *, text: bool = False, field: str = "-o", staging: Path | None = None):
        self.path = path
        self.field = field
        folder = staging or (path.parent if str(path.parent) else Path("."))
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
        except OSError as exc:
            raise OutputError(
                f"cannot write in {folder} ({exc.strerror}); choose another output path", field=field
            ) from None
        self.tmp = Path(tmp)
        self.handle: IO[Any] = (
            os.fdopen(fd, "w", encoding="utf-8", newline="") if text else os.fdopen(fd, "wb")
        )

    def commit(self) -> None:
        """Flush the file to disk and move it into place."""
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            os.chmod(self.tmp, file_mode())
            os.replace(self.tmp, self.path)
        except OSError as exc:
            self.discard()
            raise OutputError(
                f"cannot write {self.path.name} ({exc.strerror}); choose another output path",
                field=self.field,
            ) from None

    def discard(self) -> None:
        """Forget the file: nothing of it is left."""
        with contextlib.suppress(OSError):
            self.handle.close()
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)


def write_atomic(
    path: Path,
    data: bytes | Callable[[BinaryIO], object],
    *,
    field: str = "-o",
    staging: Path | None = None,
) -> None:
    """Write ``data`` (bytes, or a function that writes to a binary file) whole or not at all."""
    out = AtomicFile(path, field=field, staging=staging)
    try:
        if isinstance(data, bytes):
            out.handle.write(data)
        else:
            data(cast(BinaryIO, out.handle))
    except BaseException as exc:
        # Whatever stopped the write (a full disk, a library error, Ctrl-C), no part is left.
        out.discard()
        if not isinstance(exc, OSError):
            raise
        raise OutputError(
            f"cannot write {path.name} ({exc.strerror}); choose another output path", field=field
        ) from None
    out.commit()
