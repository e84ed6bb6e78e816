"""Content rules: phrases a variant must never print (templates/contradictions.yaml) and the warning
signs each procedure's documents must name (``red_flags:`` in procedure.yaml).

Both are read from every sample visit's document as it is printed, drawn parts included (a diary's
column headings are words a patient reads too), so a sentence in a branch or an included file is
found in the variant that prints it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from docgen.checks.rules import normal
from docgen.checks.sections import Rendered
from docgen.content.library import Library, load_yaml, yaml_problem
from docgen.errors import DocgenError
from docgen.model.procedure import Procedure, WhenDetails, visit_matches
from docgen.model.visit import Kind, Language, Visit

CONTRADICTIONS_FILE = "contradictions.yaml"

#: Fields of drawn parts that are not words on the page (a box's kind, a part's name).
_NOT_WORDS = {"kind", "name"}


class Forbidden(BaseModel):
    """Phrases that contradict what a variant says elsewhere, or a safety rule."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    #: Why the phrase is wrong here, for the message.
    why: str
    #: Only these procedures (ids); empty: all.
    procedures: list[str] = []
    #: Only these documents; empty: all.
    documents: list[Kind] = []
    #: Only for these visits, e.g. ``{purpose: therapeutic}``; empty: all.
    when: WhenDetails = {}
    #: The phrases, per language (case and accents ignored; a phrase matches at the start of a word).
    phrases: dict[Language, list[str]]

    def applies(self, procedure_id: str, kind: Kind, visit: Visit) -> bool:
        return (
            (not self.procedures or procedure_id in self.procedures)
            and (not self.documents or kind in self.documents)
            and visit_matches(self.when, visit)
        )


class Contradictions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    forbidden: list[Forbidden] = []


def load_contradictions(library: Library) -> Contradictions:
    """contradictions.yaml from the clinic's folder, else the built-in one; none: no rules."""
    path = library.find(CONTRADICTIONS_FILE)
    if path is None:
        return Contradictions()
    try:
        return Contradictions.model_validate(load_yaml(path.read_text(encoding="utf-8")) or {})
    except yaml.YAMLError as exc:
        raise DocgenError(f"{CONTRADICTIONS_FILE} is not valid YAML: {yaml_problem(exc)}") from None
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        raise DocgenError(f"{CONTRADICTIONS_FILE}: {'.'.join(map(str, err['loc']))}: {err['msg']}") from None


def _strings(obj: Any) -> Iterator[str]:
    """Every word a block (or a drawn part) prints, in order."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, list | tuple):
        for item in obj:
            yield from _strings(item)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for field in dataclasses.fields(obj):
            if field.name not in _NOT_WORDS:
                yield from _strings(getattr(obj, field.name))


def printed_text(blocks: list[Any]) -> str:
    """All the words of a rendered document, drawn parts included, ready for matching."""
    return normal("\n".join(_strings(blocks)))


def found(phrase: str, text: str) -> bool:
    """Is the phrase in the (normalised) text, starting at the start of a word?"""
    return re.search(r"(?<![a-z0-9])" + re.escape(normal(phrase)), text) is not None


def forbidden_phrases(
    rules: Contradictions, proc: Procedure, language: Language, kind: Kind, rendered: list[Rendered]
) -> Iterator[tuple[str, str]]:
    """(message, phrase) for each forbidden phrase a variant prints: the first variant that does."""
    texts = [(r.sample, printed_text(r.blocks)) for r in rendered]
    for rule in rules.forbidden:
        for phrase in rule.phrases.get(language, []):
            hit = next(
                (s for s, text in texts if rule.applies(proc.id, kind, s.job.visit) and found(phrase, text)),
                None,
            )
            if hit is not None:
                yield f'prints "{phrase}" when {hit.label}: {rule.why} ({rule.id})', phrase


def missing_red_flags(
    proc: Procedure, language: Language, kind: Kind, rendered: list[Rendered]
) -> Iterator[tuple[str, str]]:
    """(message, red flag id) for each required warning sign a variant does not name."""
    texts = [(r.sample, printed_text(r.blocks)) for r in rendered]
    for flag in proc.red_flags:
        if kind not in flag.documents:
            continue
        keywords = flag.keywords.get(language, [])
        if not keywords:
            yield f"red flag {flag.id} has no {language.value} keywords in procedure.yaml; add them", flag.id
            continue
        for sample, text in texts:
            if visit_matches(flag.when, sample.job.visit) and not any(found(k, text) for k in keywords):
                shown = ", ".join(f'"{k}"' for k in keywords[:3])
                yield f"missing red flag {flag.id} when {sample.label} (write one of {shown})", flag.id
                break
