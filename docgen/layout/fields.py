"""Form fields over the diary's writing cells (``--fillable``): a tablet's PDF viewer fills them in
and saves them; on paper nothing changes.

The fields are drawn over cells the layout has already placed, with no border and no background,
so an empty field is invisible and the page prints and is written on exactly as without them. The
0-10 lines become radio groups over the printed digits (tapping 7 rings the 7, like a pen would);
a score written in a box, a time, what was tried, the medicines and the notes become text fields.

PDF form fields show their text in one of the standard PDF fonts (Helvetica here, which every
viewer has), and ReportLab writes their words in Latin-1: a tooltip with a character outside it is
left out (the field stays, the printed words beside it say what it is). Fields never carry patient
data: no name, no date of birth, no MRN.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.pdfbase.acroform import PDFFromString, RadioGroup
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString
from reportlab.pdfbase.pdfmetrics import getAscent, stringWidth
from reportlab.platypus import Flowable, Table

from docgen.layout.para import SharedParagraph

#: The colour a tablet's entries are drawn in: a dark blue, like a ballpoint pen.
INK = colors.Color(0.05, 0.15, 0.55)
FONT = "Helvetica"


def latin1(text: str) -> str | None:
    """The text if a PDF form field can carry it (Latin-1), else None."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return None
    return text


@dataclass
class Form:
    """The fields of one document: unique, stable names under one prefix ("diary")."""

    prefix: str
    #: Text sizes of the fields: a written-in cell and a score box.
    size: float = 9.0
    score_size: float = 14.0
    names: set[str] = field(default_factory=set)
    #: Tooltips left out because they are not Latin-1 (their field names).
    untipped: list[str] = field(default_factory=list)

    def spec(self, key: str, tip: str, kind: str = "text") -> Spec:
        """A field named ``prefix.key`` (``_2``, ``_3``… should the same key come twice)."""
        base = ".".join(part for part in (self.prefix, *key.split(".")) if part)  # no empty names
        name, n = base, 1
        while name in self.names:
            n += 1
            name = f"{base}_{n}"
        self.names.add(name)
        tooltip = latin1(tip)
        if tooltip is None:
            self.untipped.append(name)
        return Spec(name, tooltip, kind, self.score_size if kind == "score" else self.size)


@dataclass(frozen=True)
class Spec:
    """One field: its name, tooltip (None: printed words only) and kind: ``text`` (a writing cell,
    several lines), ``line`` (one line: a time), ``score`` (a 0-10 written in a box)."""

    name: str
    tooltip: str | None
    kind: str
    size: float


def add_text(canv: Any, spec: Spec, x: float, y: float, width: float, height: float) -> None:
    """A borderless, transparent text field at (x, y) in the current (translated) coordinates."""
    flags = "multiline doNotSpellCheck" if spec.kind == "text" else "doNotSpellCheck doNotScroll"
    maxlen = {"score": 2, "line": 20}.get(spec.kind, 0)  # 0: no limit
    canv.acroForm.textfield(
        name=spec.name,
        tooltip=spec.tooltip,
        x=x,
        y=y,
        width=max(width, 4.0),
        height=max(height, 4.0),
        fontName=FONT,
        fontSize=spec.size,
        textColor=INK,
        fillColor=None,
        borderColor=None,
        borderWidth=0,
        fieldFlags=flags,
        annotationFlags="print",
        relative=True,
        maxlen=maxlen,
    )


def blank(form: Form | None, key: str, tip: str, kind: str = "text", top: float = 0) -> Any:
    """An empty writing cell: "" on paper only, a field over the cell (below ``top`` points of
    printed words) when the document is fillable."""
    return FillCell(form.spec(key, tip, kind), top) if form else ""


def slot(form: Form | None, key: str, tip: str, text: str, style: Any, raw: str) -> Flowable:
    """A paragraph with a time blank in it ("Time: ____:____", ``raw`` without markup): a one-line
    field over the blank when the document is fillable."""
    if form is None:
        return SharedParagraph(text, style)
    return SlotParagraph(text, style, spec=form.spec(key, tip, "line"), raw=raw)


class FillCell(Flowable):
    """A mark in an empty table cell: :class:`FormTable` lays a text field over the cell, below
    ``top`` points left for printed words."""

    def __init__(self, spec: Spec, top: float = 0) -> None:
        super().__init__()
        self.spec = spec
        self.top = top
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        pass


class SlotParagraph(SharedParagraph):
    """A paragraph with a written-in blank (a time) and a one-line text field over it, from where
    the blank starts (the words before the first "_" stay clear). One flowable, so the layout keeps
    it with what follows exactly as the plain paragraph."""

    def __init__(self, *args: Any, spec: Spec | None = None, raw: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        style = self.style
        self.left = stringWidth(raw.split("_")[0], style.fontName, style.fontSize)

    def draw(self) -> None:
        super().draw()
        if self.spec is None:  # a piece ReportLab split off
            return
        # On the blank's line, just above its underscores: the text a viewer writes in a one-line
        # field sits in the middle of it.
        style = self.style
        broken = getattr(self, "blPara", None)
        lines = len(broken.lines) if broken is not None else 1
        baseline = self.height - getAscent(style.fontName, style.fontSize) - (lines - 1) * style.leading
        left = min(self.left, max(self.width - 30, 0))  # never narrower than a time
        add_text(self.canv, self.spec, left, baseline - 1, self.width - left, self.spec.size * 1.6)


class FormTable(Table):
    """A table that lays a text field over every cell holding a :class:`FillCell`. The mark survives
    a split across pages (ReportLab splits a table into tables of the same class)."""

    def _drawCell(self, cellval: Any, cellstyle: Any, pos: Any, size: Any) -> None:
        super()._drawCell(cellval, cellstyle, pos, size)  # type: ignore[misc]
        marks = cellval if isinstance(cellval, (list, tuple)) else [cellval]
        for mark in marks:
            if isinstance(mark, FillCell):
                (x, y), (w, h) = pos, size
                add_text(self.canv, mark.spec, x + 1.5, y + 1.5, w - 3, h - 3 - mark.top)


class ScoreTable(Table):
    """The printed 0-10 line with a radio group over it: one invisible button a digit, which when
    chosen draws a ring round the digit."""

    def __init__(self, *args: Any, spec: Spec, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec

    def draw(self) -> None:
        super().draw()
        form: Any = self.canv.acroForm
        laid: Any = self  # the positions ReportLab worked out
        if not getattr(form, "docgen_rings", False):
            # The "on" look of our buttons is a ring, the "off" look nothing (see ring_ap).
            form.checkboxAP = ring_ap.__get__(form)
            form.docgen_rings = True
        height = laid._rowpositions[0] - laid._rowpositions[-1]
        for n in range(11):
            left, right = laid._colpositions[n], laid._colpositions[n + 1]
            size = min(right - left + 2, height + 4)
            x = (left + right - size) / 2
            y = laid._rowpositions[-1] + (height - size) / 2
            form.radio(
                name=self.spec.name,
                value=str(n),
                tooltip=self.spec.tooltip,
                x=x,
                y=y,
                size=size,
                shape="circle",
                buttonStyle="circle",
                fillColor=None,
                borderColor=None,
                borderWidth=0,
                textColor=INK,
                fieldFlags="radio",
                annotationFlags="print",
                relative=True,
            )


def ring_ap(self: Any, key: str, value: str, size: float = 20, **kwargs: Any) -> Any:
    """The appearance of a score button: a ring round the digit when chosen, nothing when not.
    One stream per look and size, made once per document (ReportLab then shares it by reference)."""
    cache = self.__dict__.setdefault("docgen_looks", {})
    look = (value == "Yes", round(size, 3))
    if look not in cache:
        stream = ""
        if value == "Yes":
            width = max(size * 0.08, 1.0)
            stream = (
                f"q {INK.red:.3f} {INK.green:.3f} {INK.blue:.3f} RG {width:.2f} w {circle(size, width)} S Q"
            )
        cache[look] = self.makeStream(size, size, stream, Resources=PDFFromString("<< /ProcSet [/PDF] >>"))
    return cache[look]


def circle(size: float, width: float) -> str:
    """A circle path inside a ``size`` square, its stroke of ``width`` touching the edges."""
    c, r = size / 2, size / 2 - width / 2
    k = 0.5523 * r
    return (
        f"{c + r:.2f} {c:.2f} m "
        f"{c + r:.2f} {c + k:.2f} {c + k:.2f} {c + r:.2f} {c:.2f} {c + r:.2f} c "
        f"{c - k:.2f} {c + r:.2f} {c - r:.2f} {c + k:.2f} {c - r:.2f} {c:.2f} c "
        f"{c - r:.2f} {c - k:.2f} {c - k:.2f} {c - r:.2f} {c:.2f} {c - r:.2f} c "
        f"{c + k:.2f} {c - r:.2f} {c + r:.2f} {c - k:.2f} {c + r:.2f} {c:.2f} c h"
    )


def form(prefix: str, profile: Any) -> Form:
    """The fields of one document in a print profile: bigger text in large print."""
    return Form(prefix, size=14.0 if profile.large else 9.0, score_size=22.0 if profile.large else 14.0)


def nest(canv: Any) -> None:
    """Turn the dotted names into a field tree ("diary" > "day3" > "pain_left") before the PDF is
    written: a PDF field's own name may not hold a period (ISO 32000-1, 12.7.3.2); its full name is
    its ancestors' names joined by periods, so readers still see "diary.day3.pain_left"."""
    form = getattr(canv, "AcroForm", None)
    if form is None or not form.fields:
        return
    doc = canv._doc
    kids: dict[tuple[str, ...], list[Any]] = {}  # a branch's path: its kids' refs
    leaves: list[tuple[tuple[str, ...], Any, Any]] = []
    for ref in form.fields:
        field = doc.idToObject[ref.name]
        full = field.T if isinstance(field, RadioGroup) else field.dict["T"].s
        path = tuple(str(full).split("."))
        leaves.append((path, ref, field))
        for depth in range(1, len(path)):
            kids.setdefault(path[:depth], [])
    branches: dict[tuple[str, ...], tuple[Any, Any]] = {}
    for path in sorted(kids, key=len):
        node = PDFDictionary({"T": PDFString(path[-1])})
        branches[path] = (node, doc.Reference(node))
        if len(path) > 1:
            node.dict["Parent"] = branches[path[:-1]][1]
            kids[path[:-1]].append(branches[path][1])
    top: list[Any] = [branches[p][1] for p in branches if len(p) == 1]
    for path, ref, field in leaves:
        if len(path) == 1:
            top.append(ref)
            continue
        parent = branches[path[:-1]][1]
        kids[path[:-1]].append(ref)
        if isinstance(field, RadioGroup):
            radios: Any = field
            radios.__class__ = _Radios
            radios.T, radios.parent = path[-1], parent
        else:
            field.dict["T"], field.dict["Parent"] = PDFString(path[-1]), parent
    for path, (node, _) in branches.items():
        node.dict["Kids"] = PDFArray(kids[path])
    form.fields = top


class _Radios(RadioGroup):
    """A radio group under a parent field (ReportLab's own group has no /Parent)."""

    parent: Any = None

    def format(self, doc: Any) -> Any:
        d = {"Ff": self.Ff, "Kids": PDFArray(list(self.kids)), "FT": PDFName("Btn"), "T": PDFString(self.T)}
        d["Parent"] = self.parent
        if self.V:
            d["V"] = PDFName(self.V)
        if self.TU:
            d["TU"] = PDFString(self.TU)
        return PDFDictionary(d).format(doc)
