"""What a batch has already done in an output folder, so a rerun can skip it.

Each row gets a key: an HMAC-SHA-256, with a secret kept in the output folder
(``.docgen/secret``, owner-only), of the validated row, its file names and a fingerprint of everything
else that shapes the bytes (docgen's code, templates, fonts, clinic settings, documents, paper and
print size). After a row's files are in place its key, file names, page counts and digests are
appended to ``.docgen/journal.jsonl`` in the output folder. A rerun whose row has the same key, and
whose files are still there with the same digests, is skipped without rendering. The print time is
not part of the key: a resumed run keeps the files the first run wrote.

One batch at a time may write to an output folder (a lock file says so). Files are written in
``.docgen/tmp`` and renamed into place, so a killed run leaves no partial file in the output folder;
what it left in ``.docgen/tmp`` is removed when the next run starts.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from docgen.batch.manifest import FileRecord
from docgen.batch.printfile import blank_after
from docgen.content.library import Library
from docgen.errors import OutputError
from docgen.model.settings import Settings
from docgen.model.visit import Kind, Options, Visit
from docgen.output import make_folder, write_atomic
from docgen.resources import fonts_dir

STATE_DIR = ".docgen"
JOURNAL = "journal.jsonl"


def sha256_file(path: Path) -> str | None:
    """The file's SHA-256, or None when it is missing or unreadable."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _hash_tree(digest: Any, folder: Path, pattern: str = "*") -> None:
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")


def fingerprint(
    settings: Settings, kinds: Iterable[Kind], options: Options, *, split: bool, library: Library
) -> str:
    """One digest of everything apart from the row that decides the bytes of a row's files."""
    from docgen._version import __version__

    digest = hashlib.sha256()
    digest.update(f"docgen {__version__}\0".encode())
    _hash_tree(digest, Path(__file__).resolve().parents[1], "*.py")  # the whole docgen package
    for folder in library.search_path:
        _hash_tree(digest, folder)
    _hash_tree(digest, fonts_dir())
    digest.update(settings.model_dump_json().encode())
    if settings.clinic.logo is not None:
        digest.update(settings.clinic.logo.read_bytes())
    digest.update(options.model_dump_json().encode())
    digest.update(f"{','.join(k.value for k in kinds)}|split={split}".encode())
    return digest.hexdigest()


def row_key(secret: bytes, fingerprint: str, visit: Visit, stem: str) -> str:
    """The row's key: an HMAC with the output folder's own secret, so that the journal cannot be
    used to test guesses of a patient's details (an unsalted hash gives the birth date away in a
    second: there are only some 40,000 of them)."""
    digest = hmac.new(secret, fingerprint.encode(), hashlib.sha256)
    digest.update(visit.model_dump_json().encode())
    digest.update(stem.encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Entry:
    """A row done in an earlier run: its files and the print-file pages made for it."""

    key: str
    files: tuple[FileRecord, ...]
    #: Print-file pages in the hidden state folder, by role: "blank", "separator".
    pieces: dict[str, FileRecord]

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "files": [f.to_json() for f in self.files],
            "pieces": {role: f.to_json() for role, f in self.pieces.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        return cls(
            str(data["key"]),
            tuple(FileRecord.from_json(f) for f in data["files"]),
            {str(r): FileRecord.from_json(f) for r, f in data.get("pieces", {}).items()},
        )


class Journal:
    """The output folder's record of finished rows, with the folder's lock."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.state_dir = out_dir / STATE_DIR
        self.pieces_dir = self.state_dir / "print"
        #: Files are written here, then renamed into place: the output folder never holds a part.
        self.tmp_dir = self.state_dir / "tmp"
        self.entries: dict[str, Entry] = {}
        self._lock: int | None = None
        self._log: IO[str] | None = None
        self.secret = b""
        self._unrecorded = 0

    def __enter__(self) -> Journal:
        # Each made owner-only, and refused if a link stands in its place: what docgen writes and
        # clears here must never land in a folder someone else chose.
        for folder in (self.state_dir, self.pieces_dir, self.tmp_dir):
            make_folder(folder, field="--out-dir")
        self._take_lock()
        try:
            self.secret = self._secret()
            self._clear_tmp()
            remove_partial(self.out_dir)
            remove_partial(self.state_dir)  # a compaction a killed run did not finish
            self.entries = dict(self._read())
            path = self.state_dir / JOURNAL
            # Compact: one line per key, whatever earlier runs appended.
            write_atomic(path, "".join(_line(e) for e in self.entries.values()).encode())
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0))
            self._log = os.fdopen(fd, "a", encoding="utf-8")
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self._log is not None:
            self._log.close()
        if self._lock is not None:
            # A pool process stopped mid-write (its neighbour crashed the pool) leaves its staged
            # part here; the row itself was run again. Clear them while the folder is still ours.
            self._clear_tmp()
            os.close(self._lock)
            self._lock = None

    def _clear_tmp(self) -> None:
        remove_partial(self.tmp_dir)

    def _secret(self) -> bytes:
        """The folder's secret for row keys: made once, owner-only, never through a link."""
        path = self.state_dir / "secret"
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(path, flags)
        except FileNotFoundError:
            write_atomic(path, secrets.token_bytes(32), field="--out-dir")
            fd = os.open(path, flags)
        except OSError as exc:
            raise OutputError(f"cannot read {path} ({exc.strerror})", field="--out-dir") from None
        with os.fdopen(fd, "rb") as handle:
            secret = handle.read(64)
        if len(secret) < 32:
            raise OutputError(
                f"{path} is damaged; delete it (finished rows will be rendered again)", field="--out-dir"
            )
        return secret

    def _take_lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock, as for one-off commands
            return
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(self.state_dir / "lock", flags, 0o600)
        except OSError as exc:
            raise OutputError(f"cannot lock {self.out_dir} ({exc.strerror})", field="--out-dir") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise OutputError(
                f"another docgen batch is writing to {self.out_dir}; wait for it to finish or choose "
                "another folder",
                field="--out-dir",
            ) from None
        self._lock = fd

    def _read(self) -> Iterator[tuple[str, Entry]]:
        path = self.state_dir / JOURNAL
        try:
            handle = path.open(encoding="utf-8")
        except FileNotFoundError:
            return
        with handle:
            for line in handle:
                # A run killed while appending leaves a torn last line: skip anything unreadable.
                with contextlib.suppress(ValueError, KeyError, TypeError):
                    entry = Entry.from_json(json.loads(line))
                    yield entry.key, entry

    def done(self, key: str) -> Entry | None:
        """The earlier entry for ``key`` if its files are all there, unchanged."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        for record in entry.files:
            if sha256_file(self.out_dir / record.name) != record.sha256:
                return None
        return entry

    def has_pieces(self, entry: Entry, *, separator: bool, duplex: bool) -> bool:
        """Whether the print file's pages for ``entry`` (its blank pages after files with an odd
        page count, its separator sheet if asked for) are still there, unchanged."""
        need = ["blank"] if any(blank_after([f.pages for f in entry.files], duplex=duplex)) else []
        need += ["separator"] if separator else []
        return all(
            role in entry.pieces
            and sha256_file(self.pieces_dir / entry.pieces[role].name) == entry.pieces[role].sha256
            for role in need
        )

    def clear_pieces(self) -> None:
        """Remove the print file's per-patient pages: they carry identifiers and are made again
        when needed, so none outlives the run that made it."""
        for name in os.listdir(self.pieces_dir):
            path = self.pieces_dir / name
            with contextlib.suppress(OSError):
                if name.endswith((".blank.pdf", ".separator.pdf")) and stat.S_ISREG(os.lstat(path).st_mode):
                    path.unlink()

    def record(self, entry: Entry, warn: Callable[[str], None]) -> None:
        """Note a finished row; called only after its files are in place. A journal that cannot
        grow (a full disk) costs only a rerun's time: the run goes on, and says so once."""
        try:
            self._append(entry)
        except OSError as exc:
            if not self._unrecorded:
                warn(
                    f"the journal could not be updated ({exc.strerror}); a rerun will render the rows "
                    "finished from here again"
                )
            self._unrecorded += 1

    def _append(self, entry: Entry) -> None:
        assert self._log is not None
        self._log.write(_line(entry))
        self._log.flush()


def _line(entry: Entry) -> str:
    return json.dumps(entry.to_json(), separators=(",", ":")) + "\n"


def place(data: bytes, target: Path, tmp_dir: Path) -> None:
    """Write ``target`` whole or not at all, with no temporary file ever in its folder: it grows in
    ``tmp_dir`` (same file system) and is renamed into place."""
    write_atomic(target, data, field="--out-dir", staging=tmp_dir)


#: The temporary files docgen's writer makes (``.name.XXXXXXXX.part``): the only files it clears.
PART = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.part$")


def remove_partial(folder: Path) -> None:
    """Remove the temporary files of writes a killed run never finished: only regular files named
    as docgen names them, never a link or anything else that happens to be there."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        path = folder / name
        with contextlib.suppress(OSError):
            if PART.match(name) and stat.S_ISREG(os.lstat(path).st_mode):
                path.unlink()
