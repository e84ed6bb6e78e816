"""The document as data: what content builds and layout draws.

Content turns a prepared visit into these objects (every word already chosen, translated and
formatted); layout turns them into pages without knowing where the words came from. The templates
check reads the same objects, so it grades exactly what is printed. All strings are plain text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

# -- Markdown blocks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A stretch of text with one style."""

    text: str
    bold: bool = False
    italic: bool = False


Inline = tuple[Run, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    text: Inline


@dataclass(frozen=True)
class Para:
    text: Inline


@dataclass(frozen=True)
class Item:
    blocks: list[Block]
    #: None for an ordinary item; False/True for an unticked/ticked check box.
    check: bool | None = None


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: list[Item]
    start: int = 1


@dataclass(frozen=True)
class Table:
    header: list[Inline]
    rows: list[list[Inline]]


@dataclass(frozen=True)
class Box:
    kind: str
    title: Inline
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Component:
    """A ``::: name`` placeholder for a part drawn from structured data; compose replaces it."""

    name: str
    #: The words after the name (``::: figure si-joint needle``: ("si-joint", "needle")).
    args: tuple[str, ...] = ()


# -- Drawn parts: the words of each, built by content ----------------------------------------------


@dataclass(frozen=True)
class RiskRow:
    wording: str
    likelihood: str


@dataclass(frozen=True)
class RiskGroup:
    title: str
    rows: tuple[RiskRow, ...]


@dataclass(frozen=True)
class RiskTable:
    """The consent's and info sheet's table of risks, grouped, most likely first."""

    what: str
    likely: str
    groups: tuple[RiskGroup, ...]
    #: A sentence above the table (how many people had any problem at all), or "".
    intro: str = ""
    #: Sentences under the table: notes that apply to this visit, then what to do.
    notes: tuple[str, ...] = ()


#: A label and what is printed on its writing line ("" for a blank line).
Field = tuple[str, str]


@dataclass(frozen=True)
class SignBlock:
    """A titled block of writing lines; each row holds one or two fields."""

    title: str
    rows: tuple[tuple[Field, ...], ...]


@dataclass(frozen=True)
class Signer:
    """One person who signs the consent: a printed name, a signature, the date and the time."""

    title: str
    #: More writing lines for this signer, each with its caption (the representative's relationship;
    #: the interpreter's language and name or ID number).
    extra: tuple[str, ...] = ()
    #: Boxes to tick, with what they ask ("How:", ("In person", "Phone", "Video")).
    ask: str = ""
    choices: tuple[str, ...] = ()
    #: Who this signer is, for the templates check: patient, practitioner, witness, interpreter.
    role: str = ""
    #: What this signer states by signing, one short sentence under the title ("" for none).
    says: str = ""
    #: Printed on the name line ("" leaves it blank to write in): the practitioner named as the one
    #: who held the discussion (``visit.discussed_by``), never guessed from the physician in charge.
    filled: str = ""


@dataclass(frozen=True)
class Signatures:
    """The consent's signers, and the captions under every signer's writing lines."""

    signers: tuple[Signer, ...]
    name: str
    signature: str
    date: str
    time: str
    #: One caption for date and time together, where a line holds both (large print).
    date_time: str = ""
    #: How to write a date and a time, said once over the signers.
    formats: str = ""
    #: The heading over signers carried to the back of the sheet (large print), with the
    #: procedure and side.
    continued: str = ""


@dataclass(frozen=True)
class PainScale:
    title: str
    #: Words under some numbers of the 0 to 10 scale: {0: "no pain", 5: ..., 10: ...}.
    anchors: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class DiaryRow:
    """One row of a diary grid: when to fill it in, and what the patient writes or circles."""

    #: "15 min after", "Day 1", "Before the procedure".
    label: str
    #: Printed under the label: the date of a daily row ("Tue, Dec 1").
    hint: str = ""
    #: A blank to write the clock time in ("___:___ AM/PM"); "" when the row needs none.
    slot: str = ""
    #: The row's part of its form fields' names ("day3", "after30min"): stable, unique in a diary.
    key: str = ""


@dataclass(frozen=True)
class DiaryTable:
    """Rows to fill in: when, pain 0-10 (one line per side on a both-sides visit), what the patient
    tried and the medicines taken. No relief column: the clinic works relief out from the scores."""

    when: str
    pain: str
    activity: str
    medicines: str
    rows: tuple[DiaryRow, ...]
    #: One 0-10 line each, as (label in the grid, label on a large-print card): one line ("", "Pain"),
    #: or one per side on a both-sides visit (("L", "Left side"), ("R", "Right side")).
    scores: tuple[tuple[str, str], ...] = (("", ""),)
    #: Labelled writing lines under the grid ("Time your usual pain came back").
    lines: tuple[str, ...] = ()
    #: The writing cells' labels on a large-print card, shorter than the grid's column heads:
    #: (activity, medicines); "" takes the column head.
    card: tuple[str, str] = ("", "")
    #: Large print, many rows: the head of the box the score is written in ("Pain: write 0 to
    #: 10"; "" keeps the cards), and on a both-sides visit what its side letters mean.
    write_score: str = ""
    side_key: str = ""
    #: A line to write on above the grid, its blank in the words ("Time of the shot: ____:____
    #: AM/PM"): the rows count from it. "" when there is none.
    start: str = ""
    #: The grid's part of the names of its form fields not in a row ("timed": its start and lines).
    key: str = ""
    #: The words "Time" and "Pain", for the tooltips of a fillable diary's fields.
    time: str = ""
    pain_word: str = ""


@dataclass(frozen=True)
class WeeklyTable:
    """One row a week: three 0-10 scores written in (the PEG items) and notes."""

    when: str
    items: tuple[str, str, str]
    notes: str
    rows: tuple[tuple[str, str], ...]
    #: Each row's part of its form fields' names ("week2").
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClinicBox:
    """The clinic's shaded result box on a diagnostic diary: marked for staff, with writing lines."""

    #: "For the clinic": says at a glance that the patient leaves it blank.
    mark: str
    title: str
    rows: tuple[tuple[Field, ...], ...]
    #: A line for staff under the title ("IV sedation was given: ..."); "" when there is none.
    note: str = ""


@dataclass(frozen=True)
class Figure:
    """A labelled drawing (``::: figure si-joint needle``): the SI joints seen from behind, the
    treated side(s) marked, with the tool of the procedure."""

    #: The drawing ("si-joint") and what it shows on the treated joints ("", "needle", "probes",
    #: "implant").
    name: str
    variant: str
    title: str
    #: The labels by what they point at: spine, sacrum, hip, joint, tool, left, right, behind,
    #: treated.
    labels: tuple[tuple[str, str], ...]
    #: Under the drawing: where the joints are, and the side(s) treated, in words.
    caption: str
    #: The treated sides, from the patient's point of view: ("left",), ("right",), both, or none.
    treated: tuple[str, ...]

    def label(self, key: str) -> str:
        return dict(self.labels).get(key, "")


Part = RiskTable | Signatures | PainScale | Figure | DiaryTable | WeeklyTable | SignBlock | ClinicBox

Block = Heading | Para | ListBlock | Table | Box | Component | Part


# -- One document ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageInfo:
    """What the header and footer of one document's pages say."""

    title: str
    subtitle: str
    patient_label: str
    patient_name: str
    dob_label: str
    dob: str
    mrn_label: str
    mrn: str
    clinic_name: str
    clinic_line: str
    example_notice: str
    logo: Path | None
    footer_left: str
    footer_notes: tuple[str, ...]
    page_pattern: str
    #: The footer of large print: one line with the template, its version and the print date.
    footer_short: str = ""
    #: The example-clinic notice in a few words, for the one-line clinic block of large print.
    example_short: str = ""
    #: "Review overdue" when the wording's review date had passed at print time (printed in bold
    #: in the footer line, which contains it); empty otherwise.
    footer_mark: str = ""


@dataclass(frozen=True)
class Document:
    """One document of a PDF: its page furniture, the visit summary and its blocks."""

    page: PageInfo
    #: The visit summary table at the top: (label, value) rows.
    summary: tuple[Field, ...]
    blocks: list[Block]
    #: The template it came from, named in error messages.
    source: str


@dataclass(frozen=True)
class Meta:
    """The PDF's own metadata."""

    title: str
    author: str
    subject: str
    lang: str
    #: The print time, written as the PDF's creation date (never the clock or the environment).
    created: dt.datetime
    #: What a back left blank says, so that the next document starts on a front side.
    blank: str = ""


@dataclass(frozen=True)
class Separator:
    """The words of a print file's separator sheet, for staff: never to be mistaken for a patient's
    page (the MRN is also drawn as a barcode)."""

    #: The black bands at the top and bottom: "STAFF – REMOVE BEFORE HANDING TO PATIENT".
    band: str
    note: str
    #: Two identifiers, both large: the name and the date of birth, then the MRN.
    name: str
    dob_line: str
    mrn_label: str
    mrn: str
    #: "Appointment: Saturday, November 21, 2026, 10:30 AM" and the procedure with its side in words.
    when: str
    procedure: str
    documents_title: str
    #: One line per document that follows, and one per blank page the print file adds:
    #: "Information about your procedure: 6 pages (3 sheets)", "1 blank page".
    documents: tuple[str, ...]
    #: What the counts include (the backs left blank inside a packet), or "".
    documents_note: str
    follows: str
    #: The sheet's own small footer: "docgen separator sheet · printed ...".
    footer: str
    #: What the back says (two-sided printing), or "" for no back page.
    back: str
