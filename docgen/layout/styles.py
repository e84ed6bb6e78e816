"""Print profiles: paper size, margins and type sizes for standard and large print."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm

from docgen.layout.fonts import SYMBOLS, TEXT, register

#: Paper names (as the settings and the command line spell them) and their sizes in points.
PAPER_SIZES = {"letter": LETTER, "a4": A4}


@dataclass(frozen=True)
class Profile:
    """Every measurement the layout uses, in points."""

    paper: str
    body: float
    large: bool

    @property
    def pagesize(self) -> tuple[float, float]:
        return PAPER_SIZES[self.paper]

    @property
    def margin(self) -> float:
        """Left and right margins."""
        return 14 * mm if self.large else 15 * mm

    @property
    def edge(self) -> float:
        """From the top edge of the paper to the header, and from the footer to the bottom edge."""
        return 13 * mm

    @property
    def measure(self) -> float:
        """Width of running text: about 60 to 75 characters a line. Large type fills the width at
        that count; standard type gets a narrower column (tables and forms keep the full width)."""
        return self.width if self.large else min(self.width, 5.3 * inch)

    @property
    def narrow(self) -> float:
        """What running text leaves free at the right of the frame."""
        return self.width - self.measure

    @property
    def leading(self) -> float:
        return self.body * 1.35

    @property
    def width(self) -> float:
        """Width of the text frame."""
        return self.pagesize[0] - 2 * self.margin

    @property
    def small(self) -> float:
        """Footer text (page furniture): 8.5 pt; 14 pt in large print, the smallest it prints."""
        return 14.0 if self.large else 8.5

    @property
    def ident(self) -> float:
        """The patient's identifiers in the header: 11 pt; 17 pt in large print."""
        return self.body if self.large else 11.0

    @property
    def label(self) -> float:
        """Labels on forms and table headings: 9 pt; 16 pt in large print (words a patient reads)."""
        return 16.0 if self.large else 9.0

    @property
    def phone(self) -> float:
        """Phone numbers in the warning boxes and the help strip: 2 pt above body text."""
        return self.body + 2

    @property
    def row_height(self) -> float:
        """Height of a hand-written row on forms and the diary."""
        return max(12 * mm, self.body * 2.6)

    def _style(self, name: str, **kw: object) -> ParagraphStyle:
        base: dict[str, object] = {
            "fontName": TEXT,
            "fontSize": self.body,
            "leading": self.leading,
            "alignment": TA_LEFT,
            "bulletFontName": TEXT,
            "bulletFontSize": self.body,
            "spaceAfter": self.body * 0.5,
            "allowWidows": 0,
            "allowOrphans": 0,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)  # type: ignore[arg-type]

    def derived(self, name: str, base: str, **changes: Any) -> ParagraphStyle:
        """A variant of one of the styles, made once per profile and name."""
        key = (name, base, tuple(sorted(changes.items())))
        made = self._derived.get(key)
        if made is None:
            parent = self.styles.get(base) or self._named[base]
            made = self._derived[key] = self._named[name] = parent.clone(name, **changes)
        return made

    @cached_property
    def _named(self) -> dict[str, ParagraphStyle]:
        """Derived styles by name, so that a variant can be derived from a variant."""
        return {}

    @cached_property
    def _derived(self) -> dict[tuple[object, ...], ParagraphStyle]:
        return {}

    @cached_property
    def styles(self) -> dict[str, ParagraphStyle]:
        register()
        b = self.body
        indent = b * 1.6
        # A clear step between title, section heading, sub-heading and body: 17.4/15/13/12 pt in
        # standard print, 20.5/19.3/18.1/17 pt in large print (each step 1 pt and 6 % or more).
        title, h1, h2 = (20.5, 19.3, 18.1) if self.large else (b * 1.45, b * 1.25, b * 1.09)
        furniture = self.small if self.large else 9.0
        return {
            "body": self._style("body"),
            "h1": self._style(
                "h1",
                fontName=f"{TEXT}-Bold",
                fontSize=h1,
                leading=h1 * 1.25,
                spaceBefore=b * 0.9,
                spaceAfter=b * 0.35,
                keepWithNext=1,
            ),
            "h2": self._style(
                "h2",
                fontName=f"{TEXT}-Bold",
                fontSize=h2,
                leading=h2 * 1.28,
                spaceBefore=b * 0.6,
                spaceAfter=b * 0.25,
                keepWithNext=1,
            ),
            "bullet": self._style("bullet", leftIndent=indent, bulletIndent=b * 0.4, spaceAfter=b * 0.25),
            "number": self._style(
                "number",
                leftIndent=indent,
                # Numbers right-aligned on their full stop, so "9." and "10." share one gutter and
                # every line of an item starts at the same place.
                bulletIndent=indent - b * 0.55,
                bulletAnchor="numeric",
                spaceAfter=b * 0.25,
            ),
            "check": self._style(
                "check",
                leftIndent=indent,
                bulletIndent=0,
                bulletFontName=SYMBOLS,
                bulletFontSize=b * 1.15,
                spaceAfter=b * 0.35,
            ),
            "cell": self._style("cell", spaceAfter=0),
            "cell-bold": self._style("cell-bold", fontName=f"{TEXT}-Bold", spaceAfter=0),
            "cell-small": self._style(
                "cell-small", fontSize=self.label, leading=self.label * 1.25, spaceAfter=0
            ),
            "box-title": self._style(
                "box-title", fontName=f"{TEXT}-Bold", fontSize=h2, leading=h2 * 1.28, spaceAfter=b * 0.3
            ),
            "box-title-inverse": self._style(
                "box-title-inverse",
                fontName=f"{TEXT}-Bold",
                fontSize=h2,
                leading=h2 * 1.28,
                textColor="white",
                spaceAfter=0,
            ),
            "phone": self._style(
                "phone", fontName=f"{TEXT}-Bold", fontSize=self.phone, leading=self.phone * 1.3, spaceAfter=0
            ),
            "header": self._style("header", fontSize=furniture, leading=furniture * 1.25, spaceAfter=0),
            "header-id": self._style(
                "header-id", fontSize=self.ident, leading=self.ident * 1.3, spaceAfter=0
            ),
            "title": self._style(
                "title", fontName=f"{TEXT}-Bold", fontSize=title, leading=title * 1.2, spaceAfter=0
            ),
            "footer": self._style("footer", fontSize=self.small, leading=self.small * 1.25, spaceAfter=0),
        }


@cache
def profile_for(paper: str, large: bool) -> Profile:
    """The profile of a paper size and print size.

    One profile (and so one set of style objects) per paper and print size for the whole process:
    shared paragraphs are keyed by their style.
    """
    return Profile(paper=str(paper), body=17.0 if large else 12.0, large=large)
