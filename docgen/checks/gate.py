"""Wording cannot print unchecked: the templates check at first use of a clinic template set.

Before a command prints from a clinic's templates folder (``templates = "..."`` in the settings, or
``--templates``), :func:`require_checked` runs the same check as ``docgen templates check`` over the
whole set (the clinic's folder over the built-ins) and refuses to print while any error stands. The
result is kept in the user's cache folder under a key made of the set's content, docgen's version
and the settings the check reads, so the next print reads one small file instead of checking again;
any change to a template file changes the key and checks again. The review date is not part of it:
it depends on the day, and is handled at print time by ``[documents] review_overdue`` (see
:func:`refuse_overdue`).

The built-ins alone (no clinic folder) are not checked here: they ship checked (the test suite runs
the check on them), so printing without a clinic folder costs nothing more.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.errors import TemplateProblem

if TYPE_CHECKING:
    from docgen.checks.report import Finding, Report
    from docgen.content.library import Library
    from docgen.model.procedure import Procedure
    from docgen.model.settings import Settings

#: Raised when what is cached changes shape, so that an older cache file is not misread.
CACHE_FORMAT = 1
#: The settings sections the check reads (the wording's words and samples); the rest (audit,
#: printing, serve, codes, output) cannot change its findings.
CHECKED_SETTINGS = {"clinic", "defaults", "diary", "documents"}
_HINT = re.compile(r"; (did you mean [^;]*\?)$")


def cache_folder() -> Path:
    """Where check results are kept: ``checks/`` in docgen's user cache folder (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_cache_path("docgen", appauthor=False)) / "checks"


def set_digest(library: Library) -> str:
    """A SHA-256 of every file of the template set (built-ins and clinic folder, by layer)."""
    digest = hashlib.sha256()
    for layer, folder in (("builtin", library.builtin_dir), ("clinic", library.clinic_dir)):
        if folder is None:
            continue
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder).as_posix()
            if not path.is_file() or "__pycache__" in rel or rel.startswith("."):
                continue
            data = path.read_bytes()
            digest.update(f"{layer}/{rel}\0".encode() + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def cache_key(library: Library, settings: Settings) -> str:
    """The key of a check result: the set's content, docgen's version and the checked settings."""
    from docgen._version import __version__

    checked = settings.model_dump(mode="json", include=CHECKED_SETTINGS)
    checked["clinic"].pop("logo", None)  # drawn by the layout, never read by the check
    key = {"format": CACHE_FORMAT, "docgen": __version__, "set": set_digest(library), "settings": checked}
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()


def _read(path: Path) -> list[str] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        errors = data["errors"]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none yet, or unreadable: check again
    return [str(e) for e in errors] if isinstance(errors, list) else None


def _write(path: Path, errors: list[str]) -> None:
    """Keep a result (owner-only, whole or not at all); a cache that cannot be written is skipped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:  # mkstemp makes it 0600
                json.dump({"format": CACHE_FORMAT, "errors": errors}, out)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass


def describe(finding: Finding, library: Library) -> str:
    """One finding as one line: the file (in the clinic's folder when it is there) and the problem."""
    from docgen.content.library import inside

    where = finding.template
    for candidate in (finding.template, f"procedures/{finding.template}"):
        try:
            path = library.find(candidate)
        except TemplateProblem:
            path = None
        if path is not None:
            clinic = library.clinic_dir
            where = f"{clinic.name}/{candidate}" if clinic and inside(path, clinic) else candidate
            break
    else:
        where += f" ({finding.language})" if finding.language else ""
    if finding.section:
        where += f', section "{finding.section}"'
    message = _HINT.sub(r" (\1)", finding.message)
    return f"{where}: {message}"


def check_errors(library: Library, settings: Settings) -> list[str]:
    """The errors of the templates check as one line each (review dates left out), from the cache
    when this set was already checked with these settings."""
    path = cache_folder() / f"{cache_key(library, settings)}.json"
    cached = _read(path)
    if cached is not None:
        return cached
    from docgen.checks.checker import check_templates

    return remember(library, settings, check_templates(library, settings, today=dt.date.today()))


def remember(library: Library, settings: Settings, report: Report) -> list[str]:
    """Keep the errors of a whole-set check (``docgen templates check`` calls this too, so that the
    first print after a clean check does not check again); returns them, one line each."""
    from docgen.checks.report import Level

    errors = [describe(f, library) for f in report.findings if f.level is Level.ERROR and f.check != "review"]
    _write(cache_folder() / f"{cache_key(library, settings)}.json", errors)
    return errors


def require_checked(settings: Settings, library: Library | None = None) -> None:
    """Refuse (one line, naming the template and the fix) to print from a clinic template set that
    the templates check finds an error in. The built-ins alone pass without a check."""
    if settings.templates is None:
        return
    from docgen.content.library import shared_library

    library = library or shared_library(settings.templates)
    errors = check_errors(library, settings)
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise TemplateProblem(f"{errors[0]}{more}; fix it, then run docgen templates check")


def refuse_overdue(procedure: Procedure, settings: Settings, on: dt.date) -> None:
    """With ``[documents] review_overdue = "refuse"``, refuse wording whose review date has passed
    (with "mark", the default, the footer says "Review overdue" instead)."""
    due = procedure.review.review_due
    if settings.documents.review_overdue == "refuse" and due is not None and due < on:
        raise TemplateProblem(
            f"{procedure.id}: the wording's review date {due} has passed; review it, then set a new "
            'review.review_due in its procedure.yaml (or set [documents] review_overdue = "mark")'
        )
