"""The templates check's findings and grades, and how they are shown."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from docgen.checks.readability import Score


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


def report_tables(report: Report) -> list[Any]:
    """The report as rich renderables: the problems, then one reading-grade line per document."""
    from rich.table import Table as RichTable
    from rich.text import Text

    from docgen.console import box

    border = box()  # ASCII off a terminal or with NO_COLOR

    style = {Level.ERROR: "bold red", Level.WARNING: "yellow", Level.OK: "green"}
    out: list[Any] = []
    problems = report.problems()
    if problems:
        table = RichTable(title="Problems", title_justify="left", box=border)
        for column in ("level", "template", "lang", "section", "check", "message", "found (target)"):
            table.add_column(column, overflow="fold")
        for f in problems:
            found = f"{f.value} ({f.target})" if f.value and f.target else f.value or f.target
            level = Text(f.level.value, style=style[f.level])
            table.add_row(level, f.template, f.language, f.section, f.check, f.message, found)
        out.append(table)
    grades = RichTable(title="Reading grade (the hardest sample visit)", title_justify="left", box=border)
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
