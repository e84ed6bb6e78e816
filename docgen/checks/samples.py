"""Sample visits: every value of every detail that changes the wording, combined pairwise."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Any, Literal, get_args, get_origin

from docgen.content.library import Library
from docgen.errors import DocgenError
from docgen.job import Job, prepare
from docgen.model.procedure import Procedure
from docgen.model.settings import Settings
from docgen.model.visit import Language, Visit

# ---------------------------------------------------------------------------------------------
# Sample visits: every value of every detail that changes the wording, combined pairwise

#: The same fictional patient in every sample.
PATIENT: dict[str, Any] = {
    "name": "Alex Example",
    "dob": "1961-04-12",
    "mrn": "DEMO-0001",
    "date": "2026-11-21",
    "physician": "Dr Ana Rivera",
}
_FIXED = {*PATIENT, "procedure", "language", "side"}


def _choices(annotation: Any) -> list[Any]:
    """The values worth trying for a visit field of this type; empty keeps its default."""
    for arg in [a for a in get_args(annotation) if a is not type(None)] or [annotation]:
        if get_origin(arg) is Literal:
            return list(get_args(arg))
        if isinstance(arg, type) and issubclass(arg, Enum):
            return [m.value for m in arg]
        if arg is bool:
            return [False, True]
        if arg is dt.time:
            return [None, "10:30"]
    return []


def dimensions(
    library: Library, settings: Settings, procedure: Procedure, language: Language
) -> list[tuple[str, list[Any]]]:
    """Each visit detail that can change the wording, with the values this procedure accepts.

    Read from the Visit model, so a detail added later is tried without changing this code.
    """
    base = {**PATIENT, "procedure": procedure.id, "language": language.value}
    base["side"] = "left" if procedure.sided else None
    dims: list[tuple[str, list[Any]]] = [
        ("side", ["left", "right", "bilateral"] if procedure.sided else [None])
    ]
    for name, info in Visit.model_fields.items():
        if name in _FIXED:
            continue
        accepted = []
        for value in _choices(info.annotation):
            try:
                prepare({**base, name: value}, settings=settings, library=library)
            except DocgenError:
                continue
            accepted.append(value)
        if accepted:
            dims.append((name, accepted))
    return dims


def pairwise(dims: Sequence[tuple[str, list[Any]]]) -> list[dict[str, Any]]:
    """A few rows in which every pair of values of any two dimensions appears."""
    rows = _pairwise_rows(tuple(len(values) for _, values in dims))
    return [{name: dims[k][1][row[k]] for k, (name, _) in enumerate(dims)} for row in rows]


@cache
def _pairwise_rows(sizes: tuple[int, ...]) -> tuple[tuple[int, ...], ...]:
    """Greedy all-pairs covering (stable: the same sizes give the same rows), as value indexes."""
    combos = list(itertools.combinations(range(len(sizes)), 2))
    todo = {(i, a, j, b) for i, j in combos for a in range(sizes[i]) for b in range(sizes[j])}
    rows = list(itertools.product(*(range(n) for n in sizes)))
    chosen = [rows[0]] if not todo else []
    while todo:
        best = max(rows, key=lambda r: sum((i, r[i], j, r[j]) in todo for i, j in combos))
        chosen.append(best)
        todo -= {(i, best[i], j, best[j]) for i, j in combos}
    return tuple(chosen)


@dataclass(frozen=True)
class Sample:
    job: Job
    #: What this sample varies, for messages: "side=left, sedation=iv".
    label: str


def _show(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "none"}[value]
    return str(value)


def samples(library: Library, settings: Settings, procedure: Procedure, language: Language) -> list[Sample]:
    """Sample visits covering each value (and each pair of values) of the details that vary."""
    dims = dimensions(library, settings, procedure, language)
    varying = {name for name, values in dims if len(values) > 1}
    out = []
    for row in pairwise(dims):
        data = {**PATIENT, "procedure": procedure.id, "language": language.value, **row}
        job = prepare(data, settings=settings, library=library)
        label = ", ".join(f"{k}={_show(v)}" for k, v in row.items() if k in varying)
        out.append(Sample(job, label or "the only sample visit"))
    return out


def vary(library: Library, settings: Settings, sample: Sample, name: str, value: Any) -> Sample | None:
    """The sample with one detail changed, or None if the procedure does not accept that value."""
    try:
        job = prepare({**sample.job.visit.model_dump(), name: value}, settings=settings, library=library)
    except DocgenError:
        return None
    return Sample(job, f"{name}={_show(value)}")
