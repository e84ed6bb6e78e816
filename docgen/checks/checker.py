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
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from docgen.checks.content_rules import (
    CONTRADICTIONS_FILE,
    Contradictions,
    forbidden_phrases,
    load_contradictions,
    missing_red_flags,
)
from docgen.checks.metadata import MetadataChecks
from docgen.checks.readability import TARGETS, Score, as_sentences, score, supported
from docgen.checks.report import DocumentGrade, Level, Report, Where
from docgen.checks.risks import risk_problems
from docgen.checks.rules import CHECKS_FILE, CheckRules, load_rules, normal
from docgen.checks.samples import Sample, dimensions, samples, vary
from docgen.checks.sections import WHOLE, Rendered, components_of
from docgen.checks.structure import applies, lacks
from docgen.checks.variants import risky_combinations
from docgen.checks.walk import failing_line, relative_name, walk_template
from docgen.content.compose import build_context, resolve_parts
from docgen.content.environment import template_name
from docgen.content.library import Library, inside
from docgen.content.locale import Locale
from docgen.content.markdown import BOXES, COMPONENTS, parse
from docgen.content.parts import Parts
from docgen.content.sandbox import render_limited
from docgen.document import Block
from docgen.errors import DocgenError, TemplateProblem
from docgen.model.procedure import Procedure
from docgen.model.settings import Settings
from docgen.model.visit import Kind, Language

_BOX_LINE = re.compile(r"^ {0,3}:{3,}\s*([^\s:]\S*)?")


# ---------------------------------------------------------------------------------------------
# The check


class Checker(MetadataChecks):
    """Runs the checks over one library; collects findings in ``report``."""

    def __init__(self, library: Library, settings: Settings, today: dt.date) -> None:
        self.library = library
        self.settings = settings
        self.today = today
        self.env = library.environment
        self.report = Report()
        self.rules: CheckRules | None = None
        self.contradictions = Contradictions()
        #: What was already reported at (file, line), so one mistake gives one finding.
        self.reported: dict[tuple[str, int], str] = {}
        self._parsed: dict[str, list[Block]] = {}
        self._locales: dict[Language, Locale] = {}

    def locale(self, language: Language) -> Locale:
        if language not in self._locales:
            self._locales[language] = Locale(language, self.library.strings(language))
        return self._locales[language]

    def files(self, procedure_ids: Sequence[str], context: dict[str, Any] | None) -> None:
        from jinja2 import TemplateSyntaxError

        found: dict[str, Path] = {}
        outside: set[str] = set()
        for folder in self.library.search_path:  # the clinic's copy wins, as when printing
            for path in sorted(folder.rglob("*.j2")):
                rel = path.relative_to(folder).as_posix()
                parts = rel.split("/")
                if parts[0] != "procedures" or (len(parts) > 1 and parts[1] in procedure_ids):
                    found.setdefault(rel, path)
                    if rel not in outside and found[rel] == path and not inside(path, folder):
                        outside.add(rel)
        for rel, path in sorted(found.items()):
            parts = rel.split("/")
            where = Where(rel, parts[-2] if len(parts) > 2 else "")
            if rel in outside:  # never read: printing refuses it too
                self.add(
                    where, "files", Level.ERROR, "is a link out of the templates folder; copy the file in"
                )
                continue
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

    def procedure(self, procedure_id: str) -> None:
        try:
            proc = self.library.procedure(procedure_id)
        except DocgenError as err:
            self.add(Where(f"{procedure_id}/procedure.yaml", ""), "metadata", Level.ERROR, str(err))
            return
        self.review(proc)
        self.version(proc)
        self.translations(proc)
        self.translation_age(proc)
        self.risks(proc)
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
            for message in risky_combinations(tried):  # the same for every language: said once
                self.add(Where(f"{proc.id}/procedure.yaml", ""), "validity", Level.WARNING, message)
            for kind in proc.documents:
                if self._find(template_name(proc.id, language, kind)) is not None:
                    self.document(proc, language, kind, locale, tried)

    def risks(self, proc: Procedure) -> None:
        """Each risk in the group its rate puts it in; no unchecked source; every sentence of the
        risk table in every language."""
        where = Where(f"{proc.id}/procedure.yaml", "")
        for p in risk_problems(proc):
            level = Level.ERROR if p.error else Level.WARNING
            self.add(where, "risks", level, p.message, value=p.value, target=p.target)
        worded = [(f"risk note {n.id}", n.wording) for n in proc.risk_notes]
        worded += [("overall", proc.overall.wording)] if proc.overall else []
        for language in proc.languages:
            for name, wording in worded:
                if language not in wording:
                    message = f"{name} has no {language.value} wording"
                    self.add(where._replace(language=language.value), "translation", Level.ERROR, message)

    def render(
        self, proc: Procedure, language: Language, kind: Kind, locale: Locale, sample: Sample
    ) -> Rendered | None:
        """Render one sample; a problem becomes a finding and None."""
        from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

        name = template_name(proc.id, language, kind)
        doc = Where(f"{proc.id}/{kind.value}", language.value)
        try:
            context = build_context(sample.job.visit, proc, self.settings, locale, kind)
            # The same sandbox and limits as printing; a limit reached is a TemplateProblem.
            folders = self.library.search_path
            markdown = render_limited(self.env.get_template(name), context, locale, folders)
        except TemplateSyntaxError as exc:
            rel = relative_name(Path(exc.filename), self.library) if exc.filename else (exc.name or name)
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
            at = failing_line(exc, self.library) or (name, 0)
            # The walk has usually named this placeholder already, more clearly; say it once.
            culprit = (re.findall(r"'([^']+)'", exc.message or "") or ["?"])[-1]
            if f"{culprit}'" not in self.reported.get(at, ""):
                self.reported[at] = self.reported.get(at, "") + f"'{culprit}'"
                line = f"line {at[1]}: " if at[1] else ""
                message = f"{line}{exc.message} (when {sample.label})"
                self.add(Where(at[0], language.value), "placeholders", Level.ERROR, message)
            return None
        except TemplateProblem as err:  # a limit of the sandbox: too slow, too much, endless recursion
            self.add(doc, "limits", Level.ERROR, str(err))
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
        parsed = self._parsed[markdown]
        threshold = self.settings.diary.diagnostic_relief_threshold
        try:  # the parts exactly as they are printed (risk table, signatures, diary...)
            blocks = resolve_parts(
                parsed, Parts(sample.job.visit, proc, locale, source=name, threshold=threshold)
            )
        except (DocgenError, KeyError, IndexError, TypeError, ValueError) as exc:
            message = str(exc) if isinstance(exc, DocgenError) else f"{type(exc).__name__} {exc}"
            self.add(doc, "parts", Level.ERROR, f"cannot build a drawn part: {message}")
            return None
        return Rendered(sample, blocks, context, components_of(parsed))

    def document(
        self, proc: Procedure, language: Language, kind: Kind, locale: Locale, tried: list[Sample]
    ) -> None:
        rendered = [r for s in tried if (r := self.render(proc, language, kind, locale, s)) is not None]
        if len(rendered) < len(tried):
            return  # reported; the grades and elements need every sample
        self.readability(proc, language, kind, rendered)
        where = Where(template_name(proc.id, language, kind), language.value)
        for message, phrase in forbidden_phrases(self.contradictions, proc, language, kind, rendered):
            self.add(where, "contradictions", Level.ERROR, message, value=phrase)
        for message, flag in missing_red_flags(proc, language, kind, rendered):
            self.add(where, "red-flags", Level.ERROR, message, value=flag)
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
            structure = element.shows or element.component or element.varies_with or element.box
            if not keywords and not (structure or element.signers):
                message = (
                    f"checks.yaml has no {language.value} keywords for {element.id}; add them to check it"
                )
                self.add(doc, "consent", Level.WARNING, message, value=element.id)
                continue
            tried = [r for r in rendered if applies(element, r.sample.job.visit)]
            missing = [
                (r.sample.label, why)
                for r in tried
                if (why := lacks(element, keywords, r, language.value)) is not None
            ]
            if missing and any(
                self._varies(proc, language, locale, tried[0], f) for f in element.varies_with
            ):
                missing = []
            if missing:
                when = "" if len(missing) == len(rendered) else f" when {missing[0][0]}"
                why = f" ({missing[0][1]})" if missing[0][1] else ""
                ways = [f"{{{{ {p} }}}}" for p in element.shows] + [f"::: {c}" for c in element.component]
                ways += [f"wording that depends on visit.{f}" for f in element.varies_with]
                ways += [f"::: {b} box" for b in element.box[:1]]
                ways += [f"a {role} signer who states what they attest" for role in element.signers]
                ways += [f'"{k}"' for k in element.keywords.get(language.value, [])[:3]]
                message = f"missing {element.label}{when}{why}"
                self.add(doc, "consent", Level.ERROR, message, value=element.id, target="; ".join(ways))

    def _varies(self, proc: Procedure, language: Language, locale: Locale, base: Rendered, name: str) -> bool:
        """Does the consent's wording change with this visit detail?"""
        values = dict(dimensions(self.library, self.settings, proc, language)).get(name, [])
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
            richest = max(tried, key=lambda s: sum(v is not None for v in s.job.visit.model_dump().values()))
            return build_context(richest.job.visit, proc, checker.settings, locale, proc.documents[0])
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
    try:
        checker.contradictions = load_contradictions(library)
    except DocgenError as err:
        checker.add(Where(CONTRADICTIONS_FILE, ""), "contradictions", Level.ERROR, str(err))
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
