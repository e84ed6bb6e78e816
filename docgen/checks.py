"""The templates check: every procedure × document × language, linted before a patient reads it.

``check_templates`` returns structured findings for: Jinja syntax errors; placeholders, filters and
includes docgen does not provide (found by rendering sample visits *and* by walking each template,
so a misspelling in a branch no sample takes is still caught); Markdown and boxes docgen cannot
draw; the reading grade of each section and document; missing translations and i18n words; review
dates and review status; and consent forms missing a required element (how each element is
recognised is data, in ``templates/checks.yaml``, so a clinic can adapt it).
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from enum import Enum, StrEnum
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Literal, NamedTuple, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from docgen.config import Settings
from docgen.content import Locale, build_context, template_name
from docgen.errors import DocgenError
from docgen.library import Library, Procedure, load_yaml, yaml_problem
from docgen.markup import (
    BOXES,
    COMPONENTS,
    Block,
    Box,
    Component,
    Heading,
    ListBlock,
    Para,
    Table,
    parse,
    plain_text,
)
from docgen.models import Kind, Language, Visit, parse_visit
from docgen.readability import TARGETS, Score, as_sentences, score, supported

#: A review date this close (in days) is a warning.
REVIEW_WARNING_DAYS = 60
CHECKS_FILE = "checks.yaml"
WHOLE = "(whole document)"
TOP = "(before the first heading)"


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    OK = "ok"


@dataclass(frozen=True)
class Finding:
    """One result. ``template`` is ``<procedure>/<kind>`` for a document, else a file under templates/."""

    template: str
    language: str
    section: str
    check: str
    level: Level
    message: str
    value: str = ""
    target: str = ""


@dataclass(frozen=True)
class DocumentGrade:
    """The reading level of one document in one language, for the hardest sample visit."""

    procedure: str
    kind: str
    language: str
    score: Score
    hardest_section: str
    hardest: Score


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    documents: list[DocumentGrade] = field(default_factory=list)

    def count(self, level: Level) -> int:
        return sum(1 for f in self.findings if f.level is level)

    @property
    def ok(self) -> bool:
        """True when nothing is an error (warnings allowed)."""
        return self.count(Level.ERROR) == 0

    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.level is not Level.OK]

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "errors": self.count(Level.ERROR),
            "warnings": self.count(Level.WARNING),
            "findings": [asdict(f) for f in self.findings],
            "documents": [
                {
                    "procedure": d.procedure,
                    "kind": d.kind,
                    "language": d.language,
                    **asdict(d.score),
                    "hardest_section": d.hardest_section,
                    "hardest_section_grade": round(d.hardest.grade, 2),
                }
                for d in self.documents
            ],
        }


class Where(NamedTuple):
    template: str
    language: str


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


class ConsentRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    elements: list[Element]


class CheckRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    consent: ConsentRules


def load_rules(library: Library) -> CheckRules:
    """checks.yaml from the clinic's folder, else the built-in one."""
    path = next((d / CHECKS_FILE for d in library.search_path if (d / CHECKS_FILE).is_file()), None)
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
        if not (e.shows or e.varies_with or e.component or e.keywords):
            raise DocgenError(f"{CHECKS_FILE}: {e.id}: give shows, varies_with, component or keywords")
    return rules


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


def dimensions(library: Library, procedure: Procedure, language: Language) -> list[tuple[str, list[Any]]]:
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
                library.prepare(parse_visit({**base, name: value}))
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
    visit: Visit
    #: What this sample varies, for messages: "side=left, sedation=iv".
    label: str


def _show(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "none"}[value]
    return str(value)


def samples(library: Library, settings: Settings, procedure: Procedure, language: Language) -> list[Sample]:
    """Sample visits covering each value (and each pair of values) of the details that vary."""
    from docgen.render import resolve

    dims = dimensions(library, procedure, language)
    varying = {name for name, values in dims if len(values) > 1}
    out = []
    for row in pairwise(dims):
        data = {**PATIENT, "procedure": procedure.id, "language": language.value, **row}
        _, visit = library.prepare(parse_visit(data))
        label = ", ".join(f"{k}={_show(v)}" for k, v in row.items() if k in varying)
        out.append(Sample(resolve(visit, settings), label or "the only sample visit"))
    return out


def vary(library: Library, settings: Settings, sample: Sample, name: str, value: Any) -> Sample | None:
    """The sample with one detail changed, or None if the procedure does not accept that value."""
    from docgen.render import resolve

    try:
        _, visit = library.prepare(parse_visit({**sample.visit.model_dump(), name: value}))
    except DocgenError:
        return None
    return Sample(resolve(visit, settings), f"{name}={_show(value)}")


# ---------------------------------------------------------------------------------------------
# Reading a template without rendering it


def _attributes(obj: Any) -> set[str] | None:
    """What a template may write after ``obj.``; None when it cannot be known."""
    if obj is None:
        return None
    if isinstance(obj, dict):
        return {str(k) for k in obj} | {a for a in dir(dict) if not a.startswith("_")}
    if isinstance(obj, BaseModel):
        names = {a for a in dir(type(obj)) if not a.startswith(("_", "model_"))}
        return set(type(obj).model_fields) | names
    if is_dataclass(obj):
        return {f.name for f in fields(obj)}
    return {a for a in dir(obj) if not a.startswith("_")}


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _suggest(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f"; did you mean {close[0]}?" if close else "; see the placeholders in docs/templates.md"


def walk_template(
    env: Any, source: str, name: str, context: dict[str, Any] | None
) -> list[tuple[int, Level, str]]:
    """Problems found by reading a template, branches not taken included: (line, level, message).

    ``context`` is a full sample context (which placeholders exist); None checks syntax, filters,
    tests and includes only. Raises ``jinja2.TemplateSyntaxError`` when the template does not parse.
    """
    from jinja2 import TemplateNotFound, meta, nodes

    ast = env.parse(source, name)
    out: set[tuple[int, Level, str]] = set()
    free = meta.find_undeclared_variables(ast) if context is not None else set()
    context = context or {}
    known = set(context) | set(env.globals)
    seen: set[str] = set()
    for node in ast.find_all(nodes.Name):
        if node.ctx == "load" and node.name in free - known and node.name not in seen:
            seen.add(node.name)
            out.add(
                (node.lineno, Level.ERROR, f"'{node.name}' is not a placeholder{_suggest(node.name, known)}")
            )

    def value_of(node: Any) -> Any:
        if isinstance(node, nodes.Name):
            return context.get(node.name) if node.name in free else None
        key = _key(node)
        if key is not None:
            base = value_of(node.node)
            attrs = _attributes(base)
            return _get(base, key) if attrs is not None and key in attrs else None
        return None

    def dotted(node: Any) -> str:
        if isinstance(node, nodes.Name):
            return str(node.name)
        key = _key(node)
        return f"{dotted(node.node)}.{key}" if key is not None else "…"

    for node in ast.find_all((nodes.Getattr, nodes.Getitem)):
        key = _key(node)
        attrs = _attributes(value_of(node.node)) if key is not None else None
        if key is not None and attrs is not None and key not in attrs:
            hint = _suggest(key, attrs - set(dir(dict)))
            out.add((node.lineno, Level.ERROR, f"'{dotted(node)}' is not a placeholder{hint}"))
    for node in ast.find_all(nodes.Filter):
        if node.name not in env.filters:
            out.add(
                (node.lineno, Level.ERROR, f"no filter named '{node.name}'{_suggest(node.name, env.filters)}")
            )
    for node in ast.find_all(nodes.Test):
        if node.name not in env.tests:
            out.add(
                (node.lineno, Level.ERROR, f"no test named '{node.name}'{_suggest(node.name, env.tests)}")
            )
    for node in ast.find_all(nodes.Include):
        if isinstance(node.template, nodes.Const) and not node.ignore_missing:
            try:
                env.loader.get_source(env, node.template.value)
            except TemplateNotFound:
                out.add((node.lineno, Level.ERROR, f"includes {node.template.value}, which does not exist"))
    used = {n.name for n in ast.find_all(nodes.Name) if n.ctx == "load"}
    for assign in ast.find_all((nodes.Assign, nodes.AssignBlock)):
        targets = [assign.target, *assign.target.find_all(nodes.Name)]
        for target in (t for t in targets if isinstance(t, nodes.Name)):
            if target.name not in used:
                out.add((target.lineno, Level.WARNING, f"'{target.name}' is set but never used"))
    return sorted(out)


def _key(node: Any) -> str | None:
    """The attribute name of ``a.b`` or ``a["b"]``; None for anything else."""
    from jinja2 import nodes

    if isinstance(node, nodes.Getattr):
        return str(node.attr)
    if (
        isinstance(node, nodes.Getitem)
        and isinstance(node.arg, nodes.Const)
        and isinstance(node.arg.value, str)
    ):
        return node.arg.value
    return None


def _relative(path: Path, library: Library) -> str:
    for folder in library.search_path:
        try:
            return path.resolve().relative_to(folder.resolve()).as_posix()
        except ValueError:
            continue
    return path.name


def _failing_line(exc: BaseException, library: Library) -> tuple[str, int] | None:
    """The template file and line a rendering error came from (Jinja rewrites the traceback)."""
    tb, found = exc.__traceback__, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            found = (_relative(Path(tb.tb_frame.f_code.co_filename), library), tb.tb_lineno)
        tb = tb.tb_next
    return found


# ---------------------------------------------------------------------------------------------
# A rendered document, cut into sections


def _text(inline: Sequence[Any]) -> str:
    return "".join(run.text for run in inline)


def _lines(block: Block, risks: list[str]) -> Iterator[str]:
    """What a patient reads in a block, a sentence or so a line. Headings are left out."""
    if isinstance(block, Para):
        yield _text(block.text)
    elif isinstance(block, ListBlock):
        for item in block.items:
            for inner in item.blocks:
                yield from _lines(inner, risks)
    elif isinstance(block, Table):
        for row in [block.header, *block.rows]:
            yield from (_text(cell) for cell in row)
    elif isinstance(block, Box):
        if block.title:
            yield _text(block.title)
        for inner in block.blocks:
            yield from _lines(inner, risks)
    elif isinstance(block, Component) and block.name == "risks":
        yield from risks  # the wording of each risk in procedure.yaml is read here


def sections(blocks: list[Block], risks: list[str]) -> list[tuple[str, list[str]]]:
    """The document cut at its ``#`` headings: (heading, lines of text under it)."""
    out: list[tuple[str, list[str]]] = [(TOP, [])]
    for block in blocks:
        if isinstance(block, Heading) and block.level <= 1:
            out.append((_text(block.text), []))
        else:
            out[-1][1].extend(line for line in _lines(block, risks) if line.strip())
    return [s for s in out if s[0] != TOP or s[1]]


def _components(blocks: list[Block]) -> set[str]:
    found: set[str] = set()
    for block in blocks:
        if isinstance(block, Component):
            found.add(block.name)
        elif isinstance(block, Box):
            found |= _components(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                found |= _components(item.blocks)
    return found


def normal(text: str) -> str:
    """Lower case, accents removed, single spaces: how keywords are matched."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@dataclass
class Rendered:
    sample: Sample
    blocks: list[Block]
    context: dict[str, Any]

    @cached_property
    def sections(self) -> list[tuple[str, list[str]]]:
        return sections(self.blocks, [str(r["wording"]) for r in self.context["procedure"]["risks"]])

    @cached_property
    def normal_text(self) -> str:
        """All the words, headings included, ready for keyword matching."""
        risks = [str(r["wording"]) for r in self.context["procedure"]["risks"]]
        return normal("\n".join([plain_text(self.blocks), *risks]))

    @cached_property
    def components(self) -> set[str]:
        return _components(self.blocks)


_BOX_LINE = re.compile(r"^ {0,3}:{3,}\s*([^\s:]\S*)?")
_FIELD = re.compile(r"\{(\w*)\}")


def _flatten(data: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for key, value in data.items():
        if isinstance(value, dict):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", "" if value is None else str(value)


def _resolve(context: dict[str, Any], path: str) -> Any:
    value: Any = context
    for part in path.split("."):
        value = None if value is None else _get(value, part)
    return value


# ---------------------------------------------------------------------------------------------
# The check


class Checker:
    """Runs the checks over one library; collects findings in ``report``."""

    def __init__(self, library: Library, settings: Settings, today: dt.date) -> None:
        self.library = library
        self.settings = settings
        self.today = today
        self.env = library.environment
        self.report = Report()
        self.rules: CheckRules | None = None
        #: What was already reported at (file, line), so one mistake gives one finding.
        self.reported: dict[tuple[str, int], str] = {}
        self._parsed: dict[str, list[Block]] = {}
        self._locales: dict[Language, Locale] = {}

    def add(self, where: Where, check: str, level: Level, message: str, **extra: str) -> None:
        finding = Finding(
            where.template, where.language, extra.pop("section", ""), check, level, message, **extra
        )
        if finding not in self.report.findings:
            self.report.findings.append(finding)

    def locale(self, language: Language) -> Locale:
        if language not in self._locales:
            self._locales[language] = Locale(language, self.library.strings(language))
        return self._locales[language]

    def _find(self, relative: str) -> Path | None:
        return next((d / relative for d in self.library.search_path if (d / relative).is_file()), None)

    # -- files: syntax and placeholders, every branch ---------------------------------------

    def files(self, procedure_ids: Sequence[str], context: dict[str, Any] | None) -> None:
        from jinja2 import TemplateSyntaxError

        found: dict[str, Path] = {}
        for folder in self.library.search_path:  # the clinic's copy wins, as when printing
            for path in sorted(folder.rglob("*.j2")):
                rel = path.relative_to(folder).as_posix()
                parts = rel.split("/")
                if parts[0] != "procedures" or (len(parts) > 1 and parts[1] in procedure_ids):
                    found.setdefault(rel, path)
        for rel, path in sorted(found.items()):
            parts = rel.split("/")
            where = Where(rel, parts[-2] if len(parts) > 2 else "")
            try:
                problems = walk_template(self.env, path.read_text(encoding="utf-8"), rel, context)
            except TemplateSyntaxError as exc:
                self.reported[(rel, exc.lineno)] = "syntax"
                message = f"line {exc.lineno}: {(exc.message or '').rstrip('.')}; fix the syntax there"
                self.add(where, "syntax", Level.ERROR, message)
                continue
            except UnicodeDecodeError:
                self.add(where, "syntax", Level.ERROR, "is not UTF-8 text; save it as UTF-8")
                continue
            for line, level, message in problems:
                self.reported[(rel, line)] = self.reported.get((rel, line), "") + message
                self.add(where, "placeholders", level, f"line {line}: {message}")

    # -- i18n words --------------------------------------------------------------------------

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

    def procedure(self, procedure_id: str) -> None:
        try:
            proc = self.library.procedure(procedure_id)
        except DocgenError as err:
            self.add(Where(f"{procedure_id}/procedure.yaml", ""), "metadata", Level.ERROR, str(err))
            return
        self.review(proc)
        self.translations(proc)
        for language in proc.languages:
            if language not in proc.names or self._find(f"i18n/{language.value}.yaml") is None:
                continue  # reported above
            where = Where(f"{proc.id}/procedure.yaml", language.value)
            try:
                locale = self.locale(language)
                tried = samples(self.library, self.settings, proc, language)
            except DocgenError as err:
                self.add(where, "metadata", Level.ERROR, str(err))
                continue
            for kind in proc.documents:
                if self._find(template_name(proc.id, language, kind)) is not None:
                    self.document(proc, language, kind, locale, tried)

    def render(
        self, proc: Procedure, language: Language, kind: Kind, locale: Locale, sample: Sample
    ) -> Rendered | None:
        """Render one sample; a problem becomes a finding and None."""
        from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

        name = template_name(proc.id, language, kind)
        doc = Where(f"{proc.id}/{kind.value}", language.value)
        try:
            context = build_context(sample.visit, proc, self.settings, locale, kind)
            markdown = self.env.get_template(name).render(context)
        except TemplateSyntaxError as exc:
            rel = _relative(Path(exc.filename), self.library) if exc.filename else (exc.name or name)
            if (rel, exc.lineno) not in self.reported:
                self.reported[(rel, exc.lineno)] = "syntax"
                message = f"line {exc.lineno}: {(exc.message or '').rstrip('.')}; fix the syntax there"
                self.add(Where(rel, language.value), "syntax", Level.ERROR, message)
            return None
        except TemplateNotFound as exc:
            if not any(f"includes {exc.name}," in said for said in self.reported.values()):
                self.add(doc, "placeholders", Level.ERROR, f"template {exc.name} does not exist")
            return None
        except TemplateError as exc:  # undefined placeholders, sandbox refusals, bad filter arguments
            at = _failing_line(exc, self.library) or (name, 0)
            # The walk has usually named this placeholder already, more clearly; say it once.
            culprit = (re.findall(r"'([^']+)'", exc.message or "") or ["?"])[-1]
            if f"{culprit}'" not in self.reported.get(at, ""):
                self.reported[at] = self.reported.get(at, "") + f"'{culprit}'"
                line = f"line {at[1]}: " if at[1] else ""
                message = f"{line}{exc.message} (when {sample.label})"
                self.add(Where(at[0], language.value), "placeholders", Level.ERROR, message)
            return None
        except (KeyError, IndexError, TypeError, ValueError) as exc:  # a broken procedure.yaml or i18n file
            self.add(doc, "placeholders", Level.ERROR, f"cannot render: {type(exc).__name__} {exc}")
            return None
        if markdown not in self._parsed:
            try:
                self._parsed[markdown] = parse(markdown, doc.template)
            except DocgenError as err:
                self.add(doc, "markdown", Level.ERROR, str(err).removeprefix(f"{doc.template}: "))
                return None
            known = (*BOXES, *COMPONENTS)
            for line in markdown.splitlines():
                match = _BOX_LINE.match(line)
                if match and match[1] and match[1] not in known:
                    message = (
                        f"'::: {match[1]}' is not a box or drawn part docgen knows; use {', '.join(known)}"
                    )
                    self.add(doc, "markdown", Level.ERROR, message, value=match[1])
        return Rendered(sample, self._parsed[markdown], context)

    def document(
        self, proc: Procedure, language: Language, kind: Kind, locale: Locale, tried: list[Sample]
    ) -> None:
        rendered = [r for s in tried if (r := self.render(proc, language, kind, locale, s)) is not None]
        if len(rendered) < len(tried):
            return  # reported; the grades and elements need every sample
        self.readability(proc, language, kind, rendered)
        if kind is Kind.CONSENT and self.rules is not None:
            self.consent(proc, language, locale, rendered)

    # -- reading grade -----------------------------------------------------------------------

    def readability(self, proc: Procedure, language: Language, kind: Kind, rendered: list[Rendered]) -> None:
        doc = Where(f"{proc.id}/{kind.value}", language.value)
        if not supported(language.value):
            self.add(doc, "reading-grade", Level.WARNING, f"no reading-grade formula for {language.value}")
            return
        texts: dict[str, set[str]] = {}
        for r in rendered:
            for title, lines in r.sections:
                texts.setdefault(title, set()).add(as_sentences(lines))
            texts.setdefault(WHOLE, set()).add(as_sentences(x for _, lines in r.sections for x in lines))
        worst: dict[str, Score] = {}
        for title, variants in texts.items():
            scores = [score(t, language.value, smog=title == WHOLE) for t in variants if t.strip()]
            if scores:
                hardest = max(scores, key=lambda s: s.grade)
                smogs = [s.smog for s in scores if s.smog is not None and s.smog_reliable]
                worst[title] = replace(hardest, smog=max(smogs)) if smogs else hardest
        whole = worst.pop(WHOLE, None)
        for title, s in worst.items():
            self.judge(doc, title, s)
        if whole is not None and worst:
            self.judge(doc, WHOLE, whole)
            title = max(worst, key=lambda t: worst[t].grade)
            self.report.documents.append(
                DocumentGrade(proc.id, kind.value, language.value, whole, title, worst[title])
            )

    def judge(self, doc: Where, section: str, s: Score) -> None:
        """Compare a score with the targets: above the requirement is an error, above the aim a warning.

        A short section (fewer than TARGETS.min_words words) is at most a warning: the formulas are
        unreliable on a few sentences. SMOG is judged only on TARGETS.smog_min_sentences or more.
        """
        t = TARGETS
        short = s.words < t.min_words and section != WHOLE
        if s.fh_ease is not None:
            metrics = [("Fernández-Huerta", s.grade, f"FH {s.fh_ease:.0f} ({s.band}, ≈ grade {s.grade:.1f})")]
            target = f"FH ≥ {t.ease_required:.0f}, aim ≥ {t.ease_aim:.0f}"
        else:
            metrics = [("Flesch–Kincaid", s.grade, f"FK {s.grade:.1f}")]
            if s.smog is not None and s.smog_reliable:
                metrics.append(("SMOG", s.smog, f"SMOG {s.smog:.1f}"))
            target = f"grade ≤ {t.grade_required:.0f}, aim ≤ {t.grade_aim:.0f}"
        what = "the document" if section == WHOLE else "this section"
        for metric, grade, value in metrics:
            if grade > t.grade_required:
                level = Level.WARNING if short else Level.ERROR
                message = f"{what} reads above grade {t.grade_required:.0f} ({metric})"
                message += (
                    f"; only {s.words} words, so check it by eye" if short else "; use shorter sentences"
                )
            elif grade > t.grade_aim and not short:
                level, message = (
                    Level.WARNING,
                    f"{what} reads above the grade {t.grade_aim:.0f} aim ({metric})",
                )
            else:
                level, message = Level.OK, f"{what}: {value}"
            self.add(doc, "reading-grade", level, message, section=section, value=value, target=target)

    # -- consent elements --------------------------------------------------------------------

    def consent(self, proc: Procedure, language: Language, locale: Locale, rendered: list[Rendered]) -> None:
        assert self.rules is not None
        doc = Where(f"{proc.id}/consent", language.value)
        for element in self.rules.consent.elements:
            keywords = [normal(k) for k in element.keywords.get(language.value, [])]
            if not keywords and not (element.shows or element.component or element.varies_with):
                message = (
                    f"checks.yaml has no {language.value} keywords for {element.id}; add them to check it"
                )
                self.add(doc, "consent", Level.WARNING, message, value=element.id)
                continue
            missing = [r.sample.label for r in rendered if not self._has(element, keywords, r)]
            if missing and any(
                self._varies(proc, language, locale, rendered[0], f) for f in element.varies_with
            ):
                missing = []
            if missing:
                when = "" if len(missing) == len(rendered) else f" when {missing[0]}"
                ways = [f"{{{{ {p} }}}}" for p in element.shows] + [f"::: {c}" for c in element.component]
                ways += [f"wording that depends on visit.{f}" for f in element.varies_with]
                ways += [f'"{k}"' for k in element.keywords.get(language.value, [])[:3]]
                message = f"missing {element.label}{when}"
                self.add(doc, "consent", Level.ERROR, message, value=element.id, target="; ".join(ways))

    @staticmethod
    def _has(element: Element, keywords: list[str], r: Rendered) -> bool:
        for path in element.shows:
            value = _resolve(r.context, path)
            if value not in (None, "") and normal(str(value)) in r.normal_text:
                return True
        return any(c in r.components for c in element.component) or any(k in r.normal_text for k in keywords)

    def _varies(self, proc: Procedure, language: Language, locale: Locale, base: Rendered, name: str) -> bool:
        """Does the consent's wording change with this visit detail?"""
        values = dict(dimensions(self.library, proc, language)).get(name, [])
        texts = set()
        for value in values:
            sample = vary(self.library, self.settings, base.sample, name, value)
            r = self.render(proc, language, Kind.CONSENT, locale, sample) if sample else None
            if r is not None:
                texts.add(r.normal_text)
        return len(texts) > 1


def _sample_context(checker: Checker, procedure_ids: Sequence[str]) -> dict[str, Any] | None:
    """A full template context, to know which placeholders exist (the first one that builds)."""
    for procedure_id in procedure_ids:
        try:
            proc = checker.library.procedure(procedure_id)
            language = next(iter(proc.languages))
            locale = Locale(language, checker.library.strings(language))
            tried = samples(checker.library, checker.settings, proc, language)
            # The sample with the most details set leaves the fewest None values to look into.
            richest = max(tried, key=lambda s: sum(v is not None for v in s.visit.model_dump().values()))
            return build_context(richest.visit, proc, checker.settings, locale, proc.documents[0])
        except (DocgenError, KeyError, IndexError, StopIteration):
            continue
    return None


def check_templates(
    library: Library, settings: Settings, *, today: dt.date, procedures: Sequence[str] | None = None
) -> Report:
    """Check every procedure × document × language (or only ``procedures``); never raises for content."""
    checker = Checker(library, settings, today)
    try:
        checker.rules = load_rules(library)
    except DocgenError as err:
        checker.add(Where(CHECKS_FILE, ""), "consent", Level.ERROR, str(err))
    ids = library.procedure_ids()
    if procedures is not None:
        unknown = [p for p in procedures if p not in ids]
        if unknown:
            known = ", ".join(ids) or "none"
            raise DocgenError(f"{unknown[0]} is not a known procedure; known: {known}", field="--procedure")
        ids = [p for p in ids if p in procedures]
    checker.i18n()
    checker.files(ids, _sample_context(checker, ids))
    for procedure_id in ids:
        checker.procedure(procedure_id)
    rank = {Level.ERROR: 0, Level.WARNING: 1, Level.OK: 2}
    checker.report.findings.sort(key=lambda f: (rank[f.level], f.template, f.language))
    return checker.report


def report_tables(report: Report) -> list[Any]:
    """The report as rich renderables: the problems, then one reading-grade line per document."""
    from rich.table import Table as RichTable
    from rich.text import Text

    style = {Level.ERROR: "bold red", Level.WARNING: "yellow", Level.OK: "green"}
    out: list[Any] = []
    problems = report.problems()
    if problems:
        table = RichTable(title="Problems", title_justify="left")
        for column in ("level", "template", "lang", "section", "check", "message", "found (target)"):
            table.add_column(column, overflow="fold")
        for f in problems:
            found = f"{f.value} ({f.target})" if f.value and f.target else f.value or f.target
            level = Text(f.level.value, style=style[f.level])
            table.add_row(level, f.template, f.language, f.section, f.check, f.message, found)
        out.append(table)
    grades = RichTable(title="Reading grade (the hardest sample visit)", title_justify="left")
    for column in ("document", "lang", "grade", "words", "sentences", "hardest section"):
        grades.add_column(column, overflow="fold")
    for d in report.documents:
        h = d.hardest
        hardest = (
            f"{d.hardest_section} ({f'FH {h.fh_ease:.0f}' if h.fh_ease is not None else f'FK {h.grade:.1f}'})"
        )
        words, sentences = str(d.score.words), str(d.score.sentences)
        grades.add_row(f"{d.procedure}/{d.kind}", d.language, d.score.describe(), words, sentences, hardest)
    out.append(grades)
    errors, warnings = report.count(Level.ERROR), report.count(Level.WARNING)
    if errors:
        verdict = f"{errors} errors, {warnings} warnings: fix the errors before these documents are printed."
        out.append(Text(verdict, style="bold red"))
    else:
        out.append(Text(f"No errors; {warnings} warnings.", style="green"))
    return out
