"""The batch manifest: one line per schedule row, in row order, as CSV and as JSON.

Both files are written as the rows finish (a small buffer puts them back in row order) and appear
whole at the end of a complete run. They never hold a patient's name; the MRN identifies the row.
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from docgen.errors import OutputError
from docgen.output import AtomicFile

OK = "ok"
FAILED = "failed"
SKIPPED = "skipped-unchanged"

COLUMNS = (
    "row",
    "status",
    "field",
    "error",
    "mrn",
    "date",
    "time",
    "procedure",
    "side",
    "files",
    "pages",
    "page_counts",
    "sha256",
)


@dataclass(frozen=True)
class FileRecord:
    """One file written for a row: its name in the output folder, what it holds and its digest."""

    name: str
    kinds: tuple[str, ...]
    page_counts: tuple[int, ...]
    sha256: str

    @property
    def pages(self) -> int:
        return sum(self.page_counts)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kinds": list(self.kinds),
            "pages": self.pages,
            "page_counts": dict(zip(self.kinds, self.page_counts, strict=True)),
            "sha256": self.sha256,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileRecord:
        counts = data["page_counts"]
        kinds = tuple(str(k) for k in data["kinds"])
        return cls(str(data["name"]), kinds, tuple(int(counts[k]) for k in kinds), str(data["sha256"]))


@dataclass(frozen=True)
class Outcome:
    """What happened to one row. ``error`` never holds a value from the row."""

    row: int
    status: str
    field: str | None = None
    error: str | None = None
    mrn: str | None = None
    date: str | None = None
    time: str | None = None
    procedure: str | None = None
    side: str | None = None
    files: tuple[FileRecord, ...] = ()

    @property
    def pages(self) -> int:
        return sum(f.pages for f in self.files)

    def message(self) -> str:
        """The one-line report: ``row 7: date: is not a real date; ... (MRN 00123456)``."""
        where = f"row {self.row}: {self.field}: " if self.field else f"row {self.row}: "
        mrn = f" (MRN {self.mrn})" if self.mrn else ""
        return f"{where}{self.error}{mrn}"

    def csv_row(self) -> dict[str, str]:
        return {
            "row": str(self.row),
            "status": self.status,
            "field": self.field or "",
            "error": self.error or "",
            "mrn": self.mrn or "",
            "date": self.date or "",
            "time": self.time or "",
            "procedure": self.procedure or "",
            "side": self.side or "",
            "files": " ".join(f.name for f in self.files),
            "pages": str(self.pages) if self.files else "",
            "page_counts": " ".join(
                f"{k}={n}" for f in self.files for k, n in zip(f.kinds, f.page_counts, strict=True)
            ),
            "sha256": " ".join(f.sha256 for f in self.files),
        }

    def json_row(self) -> dict[str, Any]:
        data = asdict(self)
        data["files"] = [f.to_json() for f in self.files]
        data["pages"] = self.pages
        return data


@dataclass
class Manifest:
    """Streams outcomes into ``manifest.csv`` and ``manifest.json`` in row order."""

    folder: Path
    header: dict[str, Any]
    #: Where the files grow until they are complete (same file system as ``folder``).
    tmp_dir: Path
    _csv: IO[str] | None = None
    _json: IO[str] | None = None
    _files: list[AtomicFile] = field(default_factory=list)
    _writer: Any = None
    _waiting: dict[int, Outcome] = field(default_factory=dict)
    _next: int = 0
    _count: int = 0
    #: Why the manifest could not be written (a full disk), or None.
    _broken: OSError | None = None

    def __enter__(self) -> Manifest:
        self._csv = self._open("manifest.csv")
        self._json = self._open("manifest.json")
        self._writer = csv.DictWriter(self._csv, fieldnames=COLUMNS, lineterminator="\n")
        self._writer.writeheader()
        head = json.dumps(self.header, indent=2, ensure_ascii=False)
        self._json.write(head[:-2] + ',\n  "rows": [')
        return self

    def __exit__(self, *exc: object) -> None:
        # Reached only when the run stopped early: the last complete manifest stays in place.
        for file in self._files:
            file.discard()

    def _open(self, name: str) -> IO[str]:
        file = AtomicFile(self.folder / name, text=True, field="--out-dir", staging=self.tmp_dir)
        self._files.append(file)
        return file.handle

    def add(self, seq: int, outcome: Outcome) -> None:
        """Record the outcome of the ``seq``-th row read (from 0); written once all before it are."""
        self._waiting[seq] = outcome
        while self._next in self._waiting:
            self._write(self._waiting.pop(self._next))
            self._next += 1

    def _write(self, outcome: Outcome) -> None:
        assert self._json is not None
        if self._broken is not None:
            return
        try:
            self._writer.writerow(outcome.csv_row())
            sep = "," if self._count else ""
            self._json.write(sep + "\n    " + json.dumps(outcome.json_row(), ensure_ascii=False))
        except OSError as exc:  # a full disk: the run goes on; finish() says the manifest failed
            self._broken = exc
        self._count += 1

    def finish(self, summary: dict[str, Any], warnings: list[str]) -> list[Path]:
        """Close both files and move them into place; return their paths."""
        assert self._csv is not None and self._json is not None
        if self._waiting:
            raise AssertionError("manifest rows missing before the end")
        tail = json.dumps({"summary": summary, "warnings": warnings}, indent=2, ensure_ascii=False)
        try:
            if self._broken is not None:
                raise self._broken
            self._json.write("\n  ],\n" + tail[2:] + "\n")
        except OSError as exc:
            for file in self._files:
                file.discard()
            self._files.clear()
            raise OutputError(
                f"cannot write the manifest ({exc.strerror}); the files written are whole: free some "
                "space and run the same command again",
                field="--out-dir",
            ) from None
        for file in self._files:
            file.commit()
        done = [file.path for file in self._files]
        self._files.clear()
        return done
