"""Reading a schedule row by row: CSV, a JSON array or JSON Lines, never the whole file at once.

Row numbers are what a person finds in the file:

- CSV and JSON Lines: the line number in the file (a CSV's header is line 1, so its first data row
  is row 2, the same number a spreadsheet shows). Blank lines are not rows but still count as lines.
- JSON array: the position in the array, from 1.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from docgen.batch.rows import FIELDS, column_key
from docgen.errors import InputError, ScheduleError
from docgen.model.files import MAX_DEPTH, DuplicateField, depth, load_json, safe_field

#: The schedule formats, by file suffix.
FORMATS = (".csv", ".json", ".jsonl")


@dataclass(frozen=True)
class RawRow:
    """One row as read: its number and its values, or why it could not be read at all."""

    number: int
    data: dict[str, Any]
    #: A problem that makes the row unreadable (bad JSON, too many CSV values), else None.
    problem: str | None = None


def is_blank(data: dict[str, Any]) -> bool:
    """A row with no values at all (a blank spreadsheet row exports as ``,,,,``)."""
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in data.values())


def check_schedule(path: Path) -> str:
    """The schedule's format (its suffix), or an error saying what is accepted."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"{path.name}: use a .csv, .json (an array of visits) or .jsonl (one visit per line) file",
            field="SCHEDULE",
        )
    if not path.is_file():
        raise InputError(f"{path.name} does not exist; check the path", field="SCHEDULE")
    return suffix


class Rows(Iterator[RawRow]):
    """A schedule's rows, one at a time; ``close`` releases the file even before the first row."""

    def __init__(self, rows: Iterator[RawRow], handle: IO[Any] | None = None) -> None:
        self._rows = rows
        self._handle = handle

    def __next__(self) -> RawRow:
        return next(self._rows)

    def close(self) -> None:
        close = getattr(self._rows, "close", None)
        if close is not None:
            close()
        if self._handle is not None:
            self._handle.close()


def read_schedule(path: Path, *, delimiter: str | None = None) -> Rows:
    """The rows of a schedule one at a time, blank rows left out (the header is read now).

    A CSV's separator is ``delimiter``, else the one its header line uses most (comma, semicolon,
    tab or bar)."""
    suffix = check_schedule(path)
    if delimiter is not None and delimiter not in DELIMITERS:
        raise InputError("use a comma, a semicolon, tab or a bar (|)", field="--delimiter")
    if suffix == ".csv":
        return _csv_rows(path, delimiter)
    if suffix == ".jsonl":
        return Rows(_jsonl_rows(path))
    return _json_rows(path)


def count_rows(path: Path) -> int:
    """How many rows a schedule has, for the progress bar (streams; a CSV's quoted line breaks
    may make it a little high, which only moves the bar's estimate)."""
    suffix = check_schedule(path)
    try:
        if suffix == ".json":
            return sum(1 for _ in _json_rows(path))
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            lines = sum(1 for line in handle if line.strip() and line.strip(", \t\r\n"))
        return max(0, lines - 1) if suffix == ".csv" else lines
    except (InputError, OSError):
        return 0


# -- CSV ---------------------------------------------------------------------------------------


class _Lines:
    """The file's lines, numbered, remembering where the current record's first non-blank line was."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle
        self.number = 0
        self._first = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        try:
            line = next(self._handle)
        except UnicodeDecodeError:
            raise ScheduleError(
                f"line {self.number + 1} is not UTF-8 text; save the schedule as UTF-8 (in Excel: "
                "CSV UTF-8) and run again",
                field="SCHEDULE",
            ) from None
        self.number += 1
        if not self._first and line.strip():
            self._first = self.number
        return line

    def take_start(self) -> int:
        first, self._first = self._first, 0
        return first or self.number


def _header(fields: list[str] | None, name: str) -> list[str]:
    if not fields or not any(f.strip() for f in fields):
        raise ScheduleError(
            f"{name} has no header; its first line must name the columns, for example "
            "name,dob,mrn,procedure,side,date,time",
            field="SCHEDULE",
        )
    keys = [column_key(f) for f in fields]
    if not any(key in FIELDS for key in keys):
        # Never echoed: without a header, the first line is a patient's details.
        raise ScheduleError(
            f"{name}: the first line names no docgen field, so it is not a header; add a first line "
            "naming the columns, for example name,dob,mrn,procedure,side,date,time",
            field="SCHEDULE",
        )
    for key in keys:
        if key and keys.count(key) > 1:
            raise ScheduleError(
                f"{name}: the column {safe_field(key)} appears twice; keep one", field="SCHEDULE"
            )
    return keys


#: Column separators CSV exports use: Excel writes ";" where the decimal mark is a comma.
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}


def sniff_delimiter(header: str) -> str:
    """The separator the header line uses most (a comma when it has none)."""
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(path: Path, delimiter: str | None) -> Rows:
    # utf-8-sig: Excel's "CSV UTF-8" starts with a byte-order mark.
    handle = path.open(newline="", encoding="utf-8-sig")
    if delimiter is None:
        try:
            delimiter = sniff_delimiter(handle.readline())
        except UnicodeDecodeError:
            delimiter = ","  # the reader below says which line is not UTF-8
        handle.seek(0)
    lines = _Lines(handle)
    reader = csv.DictReader(lines, delimiter=delimiter)
    try:
        try:
            reader.fieldnames = _header(list(reader.fieldnames or []), path.name)
        except csv.Error as exc:
            raise ScheduleError(
                f"{path.name}: the header is not valid CSV ({exc})", field="SCHEDULE"
            ) from None
    except BaseException:
        handle.close()
        raise
    lines.take_start()
    return Rows(_csv_records(handle, lines, reader), handle)


def _csv_records(handle: IO[str], lines: _Lines, reader: csv.DictReader[str]) -> Iterator[RawRow]:
    with handle:
        try:
            for record in reader:
                number = lines.take_start()
                if None in record:  # DictReader's restkey: values beyond the header's columns
                    yield RawRow(number, {}, "has more values than the header has columns")
                    continue
                data = {k: v for k, v in record.items() if k}
                if is_blank(data):
                    continue
                yield RawRow(number, data)
        except csv.Error as exc:
            raise ScheduleError(
                f"line {lines.number} is not valid CSV ({exc}); fix that line", field="SCHEDULE"
            ) from None


# -- JSON Lines --------------------------------------------------------------------------------


def _jsonl_rows(path: Path) -> Iterator[RawRow]:
    with path.open(encoding="utf-8-sig") as handle:
        number = 0
        while True:
            try:
                line = handle.readline()
            except UnicodeDecodeError:
                raise ScheduleError(
                    f"line {number + 1} is not UTF-8 text; save the schedule as UTF-8", field="SCHEDULE"
                ) from None
            if not line:
                return
            number += 1
            if not line.strip():
                continue
            try:
                value = load_json(line)
            except DuplicateField as dup:
                yield RawRow(number, {}, f"gives the field {safe_field(dup.key)} twice; keep one")
                continue
            except ValueError:  # bad JSON, nested too deeply, a number too long to read
                yield RawRow(number, {}, 'is not valid JSON; each line must hold one visit: {"name": ...}')
                continue
            row = _visit_row(number, value)
            if row is not None:
                yield row


def _visit_row(number: int, value: object) -> RawRow | None:
    """One JSON value as a row: an error row if it is not an object, None if it is blank."""
    if not isinstance(value, dict):
        return RawRow(number, {}, 'must be one visit in braces: {"name": ..., "mrn": ...}')
    twice = getattr(value, "twice", None)
    if twice:
        return RawRow(number, {}, f"gives the field {safe_field(twice[0])} twice; keep one")
    if depth(value) > MAX_DEPTH:
        return RawRow(number, {}, "nests values too deeply; a visit is a flat list of fields")
    if is_blank(value):
        return None
    return RawRow(number, value)


# -- JSON array --------------------------------------------------------------------------------


def _json_rows(path: Path) -> Rows:
    handle = path.open("rb")
    try:
        if handle.read(3) != codecs.BOM_UTF8:
            handle.seek(0)
        first = b" "
        while first and not first.strip():
            first = handle.read(1)
        if first != b"[":
            raise ScheduleError(
                f"{path.name} must hold a JSON array of visits: [{{...}}, {{...}}]; for one visit per "
                "line use a .jsonl file",
                field="SCHEDULE",
            )
        handle.seek(handle.tell() - 1)
    except BaseException:
        handle.close()
        raise
    return Rows(_json_items(handle, path.name), handle)


def _json_items(handle: IO[bytes], name: str) -> Iterator[RawRow]:
    import ijson  # type: ignore[import-untyped]

    with handle:
        number = 0
        items = ijson.items(handle, "item", use_float=True, map_type=_Fields)
        while True:
            try:
                value = next(items)
            except StopIteration:
                return
            except (ijson.JSONError, UnicodeDecodeError, ValueError, RecursionError):
                raise ScheduleError(
                    f"{name} is not valid JSON after visit {number}; fix the file from there "
                    "(the visits before it were read)",
                    field="SCHEDULE",
                ) from None
            number += 1
            row = _visit_row(number, value)
            if row is not None:
                yield row


class _Fields(dict[str, Any]):
    """A visit read from a JSON array: the first value of each field, and the fields given twice
    (a streamed reader cannot stop at the duplicate without losing the rows after it)."""

    def __init__(self) -> None:
        super().__init__()
        self.twice: list[str] = []

    def __setitem__(self, key: str, value: Any) -> None:
        if key in self:
            self.twice.append(key)
            return
        super().__setitem__(key, value)
