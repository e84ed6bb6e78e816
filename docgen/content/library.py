"""Find procedures, their metadata and templates: the clinic's folder first, the built-ins second."""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from docgen.errors import InputError, TemplateProblem
from docgen.model.procedure import Procedure
from docgen.model.visit import Language
from docgen.resources import templates_dir


def load_yaml(text: str) -> Any:
    """Safe YAML loading, with PyYAML's C parser when it has one (about ten times faster)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def yaml_problem(exc: yaml.YAMLError) -> str:
    """A YAML error on one line: what is wrong and where."""
    return " ".join(str(exc).split())


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, links followed, is within ``folder`` (links followed)."""
    root = os.path.realpath(folder)
    return os.path.commonpath([root, os.path.realpath(path)]) == root


class Library:
    """The procedures and templates available: a clinic folder (optional) over the built-ins."""

    def __init__(self, clinic_dir: Path | None = None) -> None:
        self.builtin_dir = templates_dir()
        self.clinic_dir = clinic_dir
        self._procedures: dict[str, Procedure] = {}
        self._strings: dict[Language, dict[str, Any]] = {}
        self._fingerprints: dict[str, str] = {}

    @property
    def search_path(self) -> list[Path]:
        """Folders in the order they are searched: the clinic's first."""
        return [d for d in (self.clinic_dir, self.builtin_dir) if d is not None]

    def procedure_ids(self) -> list[str]:
        """Every procedure id with a procedure.yaml, sorted."""
        ids: set[str] = set()
        for folder in self.search_path:
            root = folder / "procedures"
            if root.is_dir():
                ids.update(p.parent.name for p in root.glob("*/procedure.yaml"))
        return sorted(ids)

    def find(self, relative: str) -> Path | None:
        """The file at ``relative`` in the first folder that has it; a link that leads out of its
        folder is refused (a planted link must not make docgen read another file)."""
        for folder in self.search_path:
            candidate = folder / relative
            if candidate.is_file():
                if not inside(candidate, folder):
                    raise TemplateProblem(
                        f"{relative} is a link out of the templates folder; copy the file in"
                    )
                return candidate
        return None

    def procedure(self, procedure_id: str) -> Procedure:
        """Load a procedure's metadata; unknown ids list the known ones."""
        if procedure_id in self._procedures:
            return self._procedures[procedure_id]
        path = self.find(f"procedures/{procedure_id}/procedure.yaml") if procedure_id else None
        if path is None:
            known = ", ".join(self.procedure_ids()) or "none"
            raise InputError(f"is not a known procedure; known procedures: {known}", field="procedure")
        where = f"procedures/{procedure_id}/procedure.yaml"
        try:
            raw = load_yaml(path.read_text(encoding="utf-8"))
            proc = Procedure.model_validate(raw)
        except yaml.YAMLError as exc:
            raise TemplateProblem(f"{where} is not valid YAML: {yaml_problem(exc)}") from None
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            loc = ".".join(str(p) for p in err["loc"])
            raise TemplateProblem(f"{where}: {loc}: {err['msg']}") from None
        if proc.id != procedure_id:
            raise TemplateProblem(f"{where}: id is {proc.id!r} but the folder is {procedure_id!r}")
        self._procedures[procedure_id] = proc
        return proc

    def procedures(self) -> Iterator[Procedure]:
        for procedure_id in self.procedure_ids():
            yield self.procedure(procedure_id)

    def strings(self, language: Language) -> dict[str, Any]:
        """The words docgen itself prints, for one language (clinic file wins); read once."""
        if language in self._strings:
            return self._strings[language]
        relative = f"i18n/{language.value}.yaml"
        path = self.find(relative)
        if path is None:
            raise TemplateProblem(f"{relative} is missing")
        try:
            data = load_yaml(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise TemplateProblem(f"{relative} is not valid YAML: {yaml_problem(exc)}") from None
        if not isinstance(data, dict):
            raise TemplateProblem(f"{relative} must be a mapping of names to words")
        self._strings[language] = data
        return data

    def fingerprint(self, procedure_id: str) -> str:
        """The content fingerprint of a procedure's wording (docgen/content/fingerprint.py); read once."""
        if procedure_id not in self._fingerprints:
            from docgen.content.fingerprint import content_fingerprint

            self._fingerprints[procedure_id] = content_fingerprint(self.search_path, procedure_id)
        return self._fingerprints[procedure_id]

    def version_label(self, procedure: Procedure) -> str:
        """The version the footer prints: with the content fingerprint when the wording changed."""
        from docgen.content.fingerprint import version_label

        return version_label(procedure.version, procedure.fingerprint, self.fingerprint(procedure.id))

    @cached_property
    def environment(self) -> Any:
        from docgen.content.environment import make_environment

        return make_environment(self.search_path)


def stamp(folders: list[Path]) -> tuple[int, int]:
    """How many files the folders hold and their latest change: tells a stale copy from a fresh one."""
    times = [p.stat().st_mtime_ns for folder in folders for p in folder.rglob("*") if p.is_file()]
    return len(times), max(times, default=0)


_SHARED: dict[Path | None, tuple[Library, tuple[int, int]]] = {}


def shared_library(clinic_dir: Path | None = None) -> Library:
    """The process's library for a templates folder (None: the built-ins only), read once and read
    again when a file in its folders changes, so that repeated renders do not parse the same YAML
    and templates again."""
    library, seen = _SHARED.get(clinic_dir, (None, None))
    if library is None:
        library = Library(clinic_dir)
    now = stamp(library.search_path)
    if seen != now:
        if seen is not None:
            library = Library(clinic_dir)
        _SHARED[clinic_dir] = (library, now)
    return library
