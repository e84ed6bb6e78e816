"""The batch command's options, and the checks they pass before a run reads or writes anything."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.errors import InputError
from docgen.model.settings import Settings
from docgen.model.visit import PACKET, Kind
from docgen.output import check_not_input, check_target


@dataclass(frozen=True)
class BatchOptions:
    """The batch command's choices, as typed (validated by :func:`run_batch`)."""

    out_dir: Path
    docs: str | None = None
    split: bool = False
    print_file: Path | None = None
    separator: bool = False
    jobs: int | None = None
    force: bool = False
    paper: str | None = None
    large_print: bool = False
    #: For one-sided printing: no blank backs between a patient's documents.
    simplex: bool = False
    #: Dates besides ISO: "us" or "day-first" (default: the clinic's setting).
    date_format: str | None = None
    #: A CSV's separator: "," ";" "tab" "|" (default: the one its header line uses).
    delimiter: str | None = None
    #: Only check every row (``--check``): nothing is written, not even the output folder.
    check: bool = False
    #: Who prints, for the audit log (None: the system user name).
    operator: str | None = None
    #: ``--print [QUEUE]``: send the print file to this CUPS queue ("" the default queue; None: don't).
    print_queue: str | None = None


def parse_docs(docs: str | None) -> tuple[Kind, ...]:
    """``info,consent`` → the kinds, always in packet order; None or empty → the full packet."""
    if docs is None or not docs.strip():
        return PACKET
    wanted = {part.strip().lower() for part in docs.split(",") if part.strip()}
    unknown = sorted(wanted - {k.value for k in PACKET})
    if unknown:
        raise InputError(
            f"{', '.join(unknown)} is not a document; use any of info, consent, aftercare, diary",
            field="--docs",
        )
    return tuple(k for k in PACKET if k.value in wanted)


def check_paths(schedule: Path, opts: BatchOptions, settings: Settings) -> None:
    """No output of the run may be one of its inputs, or another of its outputs; no link may stand
    where the output folder should be."""
    if opts.out_dir.is_symlink():
        raise InputError(f"{opts.out_dir} is a link; give the folder itself", field="--out-dir")
    inputs = [schedule, *settings.inputs()]
    manifests = [opts.out_dir / "manifest.csv", opts.out_dir / "manifest.json"]
    for manifest in manifests:
        check_not_input(manifest, inputs, field="--out-dir")
    if opts.print_file is not None:
        check_target(opts.print_file, field="--print-file")
        check_not_input(opts.print_file, [*inputs, *manifests], field="--print-file")


def delimiter_of(name: str | None) -> str | None:
    """A separator as typed (``tab``, ``semicolon``...) as the character itself."""
    return {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";"}.get(name or "", name)


def check_options(opts: BatchOptions) -> None:
    """The options make sense together, before anything is read or written."""
    from docgen.model.values import DATE_FORMATS

    if opts.date_format is not None and opts.date_format not in DATE_FORMATS:
        raise InputError(f"use {', '.join(DATE_FORMATS)}", field="--date-format")
    if opts.print_queue is not None and opts.print_file is None:
        raise InputError("needs --print-file: the print file is what is sent to the printer", field="--print")
    if opts.separator and opts.print_file is None:
        raise InputError("needs --print-file: separator sheets go into the print file", field="--separator")
    if opts.jobs is not None and opts.jobs < 1:
        raise InputError("use 1 or more", field="--jobs")
    if opts.out_dir.exists() and not opts.out_dir.is_dir():
        raise InputError(f"{opts.out_dir} is a file; give a folder", field="--out-dir")
    if opts.print_file is not None:
        folder = opts.print_file.parent if str(opts.print_file.parent) else Path(".")
        if opts.print_file.is_dir():
            raise InputError(f"{opts.print_file} is a folder; give a file name", field="--print-file")
        if not folder.is_dir() and folder.resolve() != opts.out_dir.resolve():
            raise InputError(f"the folder {folder} does not exist; create it first", field="--print-file")
