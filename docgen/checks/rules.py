"""checks.yaml: how the consent's required elements are recognised (data a clinic can adapt)."""

from __future__ import annotations

import unicodedata

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from docgen.content.library import Library, load_yaml, yaml_problem
from docgen.errors import DocgenError
from docgen.model.visit import Visit

CHECKS_FILE = "checks.yaml"


# ---------------------------------------------------------------------------------------------
# checks.yaml: how consent elements are recognised


class Element(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label: str
    shows: list[str] = []
    varies_with: list[str] = []
    component: list[str] = []
    keywords: dict[str, list[str]] = {}
    #: Only for visits with these details ({sedation: [oral, iv]}); every detail must match.
    when: dict[str, list[str]] = {}
    #: The keywords count only under a heading holding one of these words, per language.
    in_section: dict[str, list[str]] = {}
    #: The form must have a box of one of these kinds (`::: key-facts`).
    box: list[str] = []
    #: The signatures part must have these signers, each stating what they attest.
    signers: list[str] = []


class ConsentRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    elements: list[Element]


class CheckRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    consent: ConsentRules


def load_rules(library: Library) -> CheckRules:
    """checks.yaml from the clinic's folder, else the built-in one."""
    path = library.find(CHECKS_FILE)
    if path is None:
        raise DocgenError(f"{CHECKS_FILE} is missing from the templates folder; reinstall docgen")
    try:
        rules = CheckRules.model_validate(load_yaml(path.read_text(encoding="utf-8")))
    except yaml.YAMLError as exc:
        raise DocgenError(f"{CHECKS_FILE} is not valid YAML: {yaml_problem(exc)}") from None
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        raise DocgenError(f"{CHECKS_FILE}: {'.'.join(map(str, err['loc']))}: {err['msg']}") from None
    for e in rules.consent.elements:
        bad = [f for f in e.varies_with if f not in Visit.model_fields]
        if bad:
            raise DocgenError(f"{CHECKS_FILE}: {e.id}: varies_with names no visit detail: {bad[0]}")
        bad = [f for f in e.when if f not in Visit.model_fields]
        if bad:
            raise DocgenError(f"{CHECKS_FILE}: {e.id}: when names no visit detail: {bad[0]}")
        if not (e.shows or e.varies_with or e.component or e.keywords or e.box or e.signers):
            raise DocgenError(
                f"{CHECKS_FILE}: {e.id}: give shows, varies_with, component, keywords, box or signers"
            )
    return rules


def normal(text: str) -> str:
    """Lower case, accents removed, single spaces: how keywords are matched."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())
