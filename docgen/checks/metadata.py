"""Checks of files beside the templates: i18n words, review dates and status, translations."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from docgen.checks.report import Finding, Level, Report, Where
from docgen.content.environment import template_name
from docgen.content.library import Library, inside, load_yaml, yaml_problem
from docgen.errors import DocgenError
from docgen.model.procedure import Procedure
from docgen.model.visit import Language

REVIEW_WARNING_DAYS = 60
_FIELD = re.compile(r"\{(\w*)\}")
_COMMON = re.compile(r"""include\s+["']common/en/([\w-]+)\.md\.j2["']""")


def fingerprint(path: Path) -> str:
    """The first 12 hex digits of the SHA-256 of a template, line endings made alike."""
    text = path.read_bytes().replace(b"\r\n", b"\n")
    return hashlib.sha256(text).hexdigest()[:12]


def _flatten(data: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for key, value in data.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", "" if value is None else str(value)


class MetadataChecks:
    """The checks that read metadata; the base of :class:`docgen.checks.checker.Checker`."""

    library: Library
    today: dt.date
    report: Report

    def add(self, where: Where, check: str, level: Level, message: str, **extra: str) -> None:
        finding = Finding(
            where.template, where.language, extra.pop("section", ""), check, level, message, **extra
        )
        if finding not in self.report.findings:
            self.report.findings.append(finding)

    def _find(self, relative: str) -> Path | None:
        try:
            return self.library.find(relative)
        except DocgenError:
            return None  # reported where the file is read

    # -- files: syntax and placeholders, every branch ---------------------------------------

    def i18n(self) -> None:
        files: dict[str, Path] = {}
        for folder in self.library.search_path:
            for path in sorted((folder / "i18n").glob("*.yaml")):
                files.setdefault(path.stem, path)
        words: dict[str, dict[str, str]] = {}
        for lang, path in files.items():
            where = Where(f"i18n/{lang}.yaml", lang)
            try:
                data = load_yaml(path.read_text(encoding="utf-8"))
            except yaml.YAMLError as exc:
                self.add(where, "translation", Level.ERROR, f"not valid YAML: {yaml_problem(exc)}")
                continue
            if not isinstance(data, dict):
                self.add(where, "translation", Level.ERROR, "must be a mapping of names to words")
                continue
            words[lang] = dict(_flatten(data))
        reference = words.get("en")
        if reference is None:
            self.add(
                Where("i18n/en.yaml", "en"), "translation", Level.ERROR, "i18n/en.yaml is missing or broken"
            )
            return
        for lang, have in words.items():
            where = Where(f"i18n/{lang}.yaml", lang)
            for key in sorted(set(reference) - set(have)):
                self.add(where, "translation", Level.ERROR, f"{key} is missing (en.yaml has it)", value=key)
            for key in sorted(set(have) - set(reference)):
                self.add(
                    where, "translation", Level.WARNING, f"{key} is not in en.yaml; misspelt?", value=key
                )
            for key in sorted(set(have) & set(reference)):
                want, got = set(_FIELD.findall(reference[key])), set(_FIELD.findall(have[key]))
                if want != got:
                    message = f"{key} must fill in {sorted(want)} like en.yaml, not {sorted(got)}"
                    self.add(where, "translation", Level.ERROR, message, value=key)

    # -- procedure.yaml: review dates and status, translations -------------------------------

    def review(self, proc: Procedure) -> None:
        where = Where(f"{proc.id}/procedure.yaml", "")
        status, due = proc.review.status, proc.review.review_due
        if status in ("example", "draft"):
            what = "example wording shipped with docgen" if status == "example" else "draft wording"
            message = f"review.status is {status}: {what}, to be reviewed and approved by your clinicians"
            self.add(where, "review", Level.WARNING, message, value=status, target="approved")
        elif not (proc.review.approved_by and proc.review.approved_on):
            message = "review.status is approved but approved_by or approved_on is empty"
            self.add(where, "review", Level.WARNING, message, target="both filled in")
        if due is None:
            self.add(where, "review", Level.WARNING, "review.review_due is empty; set the next review date")
        elif due < self.today:
            message = f"review date {due} has passed; review the wording, then set a new review_due"
            self.add(
                where, "review", Level.ERROR, message, value=str(due), target=f"on or after {self.today}"
            )
        elif (due - self.today).days <= REVIEW_WARNING_DAYS:
            message = f"review date {due} is {(due - self.today).days} days away; plan the review"
            target = f"more than {REVIEW_WARNING_DAYS} days ahead"
            self.add(where, "review", Level.WARNING, message, value=str(due), target=target)
        for language, info in proc.languages.items():
            if info.status in ("machine", "draft"):
                message = (
                    f"the {language.value} translation is {info.status}: a qualified medical translator "
                    "must review it (printed pages say so until then)"
                )
                here = where._replace(language=language.value)
                self.add(here, "review", Level.WARNING, message, value=info.status, target="reviewed")

    def version(self, proc: Procedure) -> None:
        """The wording is what its version was declared with (docgen/content/fingerprint.py), or
        the footer prints the version with the fingerprint and this says to raise the version."""
        where = Where(f"{proc.id}/procedure.yaml", "")
        now = self.library.fingerprint(proc.id)
        if proc.fingerprint == now:
            return
        if proc.fingerprint is None:
            message = (
                f"no fingerprint recorded for version {proc.version}; printed pages show "
                f"{proc.version}+{now[:6]}; if this wording is version {proc.version}, "
                f'set fingerprint: "{now}"'
            )
        else:
            message = (
                f"content changed since version {proc.version} was declared; raise the version, "
                f'then set fingerprint: "{now}"'
            )
        found = self._find(f"procedures/{proc.id}/procedure.yaml")
        builtin = found is not None and inside(found, self.library.builtin_dir)
        if self.library.clinic_dir is not None and builtin:
            message += " (copy procedure.yaml into your templates folder to change it)"
        self.add(where, "version", Level.WARNING, message, value=proc.version, target=now)

    def translations(self, proc: Procedure) -> None:
        meta = Where(f"{proc.id}/procedure.yaml", "")
        listed = {lang.value for lang in proc.languages}
        for language in proc.languages:
            lang = language.value
            here = meta._replace(language=lang)
            if language not in proc.names:
                self.add(
                    here, "translation", Level.ERROR, f"names.{lang} is missing: no {lang} procedure name"
                )
            for risk in proc.risks:
                if language not in risk.wording:
                    message = f"risk {risk.id} has no {lang} wording"
                    self.add(here, "translation", Level.ERROR, message, value=risk.id)
            if self._find(f"i18n/{lang}.yaml") is None:
                message = f"i18n/{lang}.yaml is missing (the words docgen itself prints)"
                self.add(Where(f"i18n/{lang}.yaml", lang), "translation", Level.ERROR, message)
            for kind in proc.documents:
                name = template_name(proc.id, language, kind)
                if self._find(name) is None:
                    have = [
                        o
                        for o in sorted(listed - {lang})
                        if self._find(template_name(proc.id, Language(o), kind))
                    ]
                    if have:
                        message = (
                            f"missing translation: {kind.value} exists in {', '.join(have)} but not in {lang}"
                        )
                    else:
                        message = f"{kind.value} is listed in documents but has no {lang} template"
                    message += f" ({name})"
                    self.add(Where(f"{proc.id}/{kind.value}", lang), "translation", Level.ERROR, message)
        for folder in self.library.search_path:
            for sub in sorted((folder / "procedures" / proc.id).glob("*/")):
                if sub.is_dir() and sub.name not in listed and any(sub.glob("*.md.j2")):
                    message = f"{sub.name}/ templates exist but {sub.name} is not in languages; list it"
                    self.add(meta._replace(language=sub.name), "translation", Level.WARNING, message)

    # -- documents ---------------------------------------------------------------------------

    def translation_age(self, proc: Procedure) -> None:
        """A translation records the English text it was made from; flag it when the English changed
        since (an error once the translation is marked reviewed: the page would say it was checked)."""
        sources: dict[str, Path] = {}
        for kind in proc.documents:
            english = self._find(template_name(proc.id, Language.EN, kind))
            if english is None:
                continue
            sources[kind.value] = english
            for common in _COMMON.findall(english.read_text(encoding="utf-8")):
                found = self._find(f"common/en/{common}.md.j2")
                if found is not None:
                    sources[f"common/{common}"] = found
        for extra in ("warning-signs",):
            found = self._find(f"procedures/{proc.id}/en/{extra}.md.j2")
            if found is not None:
                sources[extra] = found
        for language, info in proc.languages.items():
            if language is Language.EN or info.status == "original":
                continue
            where = Where(f"{proc.id}/procedure.yaml", language.value)
            level = Level.ERROR if info.status == "reviewed" else Level.WARNING
            for name, path in sorted(sources.items()):
                now, then = fingerprint(path), info.translated_from.get(name)
                if then == now:
                    continue
                key = f"languages.{language.value}.translated_from.{name}"
                if then is None:
                    message = (
                        f"no record of the English {name} text the {language.value} one was made from; "
                        f'once they match, set {key}: "{now}"'
                    )
                else:
                    message = (
                        f"the {language.value} {name} is older than its English source (changed since "
                        f'{then}); update the translation, then set {key}: "{now}"'
                    )
                self.add(where, "translation", level, message, value=then or "", target=now)
