"""Writing output: whole or not at all."""

from __future__ import annotations

import contextlib
import os
import stat
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
    check_target(path, field="-o")
    if not folder.is_dir():
        raise OutputError(f"the folder {folder} does not exist; create it or choose another", field="-o")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"the folder {folder} is not writable; choose another output path", field="-o")
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(f"{path} exists and is read-only; choose another output path", field="-o")


#: Modes of what docgen creates: owner-only unless the clinic's settings say otherwise
#: (``[output] file_mode`` and ``folder_mode``); see :func:`configure`.
_MODES = {"file": 0o600, "folder": 0o700}


def configure(file_mode: int, folder_mode: int) -> None:
    """Set the modes of the files and folders docgen creates from now on, in this process."""
    _MODES.update(file=file_mode, folder=folder_mode)


def file_mode() -> int:
    """The mode of a file docgen writes (0600 unless the settings say otherwise)."""
    return _MODES["file"]


def folder_mode() -> int:
    return _MODES["folder"]


def make_folder(path: Path, *, field: str) -> None:
    """Create ``path`` (and its parents) owner-only; refuse a link where the folder should be, so that
    nothing docgen writes or clears there can land in a folder someone else chose."""
    if path.is_symlink():
        raise OutputError(f"{path} is a link; give the folder itself, or remove the link", field=field)
    try:
        path.mkdir(mode=folder_mode(), parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{path} is a file; give a folder", field=field) from None
    except OSError as exc:
        raise OutputError(
            f"cannot create {path} ({exc.strerror}); choose another folder", field=field
        ) from None
    if not path.is_dir() or path.is_symlink():
        raise OutputError(f"{path} is not a folder; give a folder", field=field)


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (links followed), without failing on missing files."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def check_not_input(path: Path, inputs: list[Path], *, field: str) -> None:
    """Refuse to write over anything the same run reads: a schedule, an input file, the settings,
    a template (or any file in a templates folder)."""
    for source in inputs:
        inside = source.is_dir() and os.path.commonpath(
            [os.path.realpath(source), os.path.realpath(path)]
        ) == os.path.realpath(source)
        if same_file(path, source) or inside:
            what = "in the templates folder" if source.is_dir() else f"{source.name}, which this run reads"
            raise OutputError(f"{path.name} is {what}; choose another output path", field=field)


def check_target(path: Path, *, field: str) -> bool:
    """An output path must be a regular file (or not exist yet). True for a character device named
    on purpose (``-o /dev/null``): it is written directly, never replaced."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise OutputError(f"cannot use {path} ({exc.strerror})", field=field) from None
    if stat.S_ISREG(info.st_mode):
        return False
    if stat.S_ISCHR(info.st_mode):
        return True
    kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a pipe, socket or device)"
    raise OutputError(f"{path} is {kind}; give a file name", field=field)


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
            if self.handle.closed:  # written by another library through its own path
                self.handle = open(self.tmp, "rb+")  # noqa: SIM115 (closed just below)
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
    """Write ``data`` (bytes, or a function that writes to a binary file) whole or not at all.

    A character device named on purpose (``/dev/null``, a printer device) is written directly: it is
    never replaced by a file."""
    if check_target(path, field=field):
        with path.open("wb") as device:
            device.write(data) if isinstance(data, bytes) else data(device)
        return
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
