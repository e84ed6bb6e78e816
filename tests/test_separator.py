"""The print file's separator sheet: for staff, unmistakable, and its counts add up.

A small batch (three fictional patients, one of them reading Spanish; the whole packet, so that
documents inside a packet file end on backs marked blank) is printed four ways: two-sided and
one-sided, one file per patient and one per document (``--split``). Each print file is read back with
pypdfium2 (the text of every page, the pixels of the bands, the barcode at 150 dpi) and pikepdf.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2 as pdfium
import pytest
import yaml
from helpers import EPOCH

import docgen
from docgen.batch.sheets import separator_page
from docgen.content.library import Library
from docgen.model.visit import Kind, Options

ROOT = Path(__file__).parent.parent
SCHEDULE = """\
name,dob,mrn,procedure,side,date,time,physician,language
Jane Doe,1961-04-12,00123456,si-joint-injection,left,2026-11-21,10:30,Dr A. Rivera,en
Ana Example,1975-09-30,00200001,si-joint-injection,right,2026-11-21,09:00,Dr A. Rivera,es
Alex O'Brien & <Sons>,1958-02-14,00200013,si-joint-injection,bilateral,2026-11-21,13:45,Dr A. Rivera,en
"""


@dataclasses.dataclass(frozen=True)
class Who:
    name: str
    language: str
    born: str
    side: str


#: The patients in appointment order (09:00, 10:30, 13:45).
PATIENTS = {
    "00200001": Who("Ana Example", "es", "1975", "lado DERECHO"),
    "00123456": Who("Jane Doe", "en", "1961", "LEFT side"),
    "00200013": Who("Alex O'Brien & <Sons>", "en", "1958", "BOTH sides"),
}
BAND = {
    "en": "STAFF – REMOVE BEFORE HANDING TO PATIENT",
    "es": "SOLO PERSONAL – RETIRAR ANTES DE ENTREGAR AL PACIENTE",
}
BACK = ("Back of the separator sheet", "Reverso de la hoja separadora")
FOOTER = {"en": "docgen separator sheet · printed", "es": "hoja separadora de docgen · impresa el"}
BLANK = ("This page is intentionally blank.", "Esta página se dejó en blanco a propósito.")
#: A patient document's page names its template in the footer: "…si-joint-injection/consent…".
TEMPLATE = re.compile(r"si-joint-injection/(info|consent|aftercare|diary)\b")
#: Document titles as the separator lists them, both languages.
TITLES = {
    title: Kind(kind)
    for language in ("en", "es")
    for kind, title in yaml.safe_load((ROOT / "templates" / "i18n" / f"{language}.yaml").read_text())[
        "titles"
    ].items()
}
MODES = {
    "two-sided": (),
    "two-sided-split": ("--split",),
    "one-sided": ("--simplex",),
    "one-sided-split": ("--simplex", "--split"),
}


@dataclasses.dataclass
class Printed:
    mode: str
    path: Path
    #: Each page's text, its lines joined by " | ".
    pages: list[str]

    @property
    def duplex(self) -> bool:
        return not self.mode.startswith("one-sided")

    def fronts(self) -> list[int]:
        """The index of each separator sheet's front."""
        return [i for i, t in enumerate(self.pages) if _is_separator(t) and not any(b in t for b in BACK)]

    def following(self, front: int) -> list[int]:
        """The indexes of the patient's pages after the separator at ``front``, up to the next one."""
        after = [i for i in self.fronts() if i > front]
        end = after[0] if after else len(self.pages)
        first = front + (2 if self.duplex else 1)
        return list(range(first, end))

    def image(self, index: int, dpi: float) -> Any:
        doc = pdfium.PdfDocument(self.path)
        try:
            return doc[index].render(scale=dpi / 72, grayscale=True).to_pil()
        finally:
            doc.close()


def _is_separator(text: str) -> bool:
    return any(band in text for band in BAND.values())


def _text(path: Path) -> list[str]:
    doc = pdfium.PdfDocument(path)
    try:
        return [" | ".join(page.get_textpage().get_text_range().splitlines()) for page in doc]
    finally:
        doc.close()


_PRINTED: dict[str, Printed] = {}


def _print(mode: str, tmp_path_factory: pytest.TempPathFactory) -> Printed:
    """The batch printed in ``mode``, once for the whole module."""
    from typer.testing import CliRunner

    from docgen.cli import app

    if mode in _PRINTED:
        return _PRINTED[mode]
    out = tmp_path_factory.mktemp(mode)
    (out / "day.csv").write_text(SCHEDULE, encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        args = ["batch", str(out / "day.csv"), "--out-dir", str(out / "packets"), "--jobs", "2"]
        args += ["--print-file", str(out / "day.pdf"), "--separator", *MODES[mode]]
        res = CliRunner().invoke(app, args, catch_exceptions=False)
    finally:
        mp.undo()
    assert res.exit_code == 0, res.stderr
    _PRINTED[mode] = Printed(mode, out / "day.pdf", _text(out / "day.pdf"))
    return _PRINTED[mode]


@pytest.fixture(scope="module", params=list(MODES))
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Printed:
    return _print(request.param, tmp_path_factory)


@pytest.fixture(scope="module", params=["two-sided", "two-sided-split"])
def two_sided(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Printed:
    return _print(request.param, tmp_path_factory)


@pytest.fixture(scope="module", params=["one-sided", "one-sided-split"])
def one_sided(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Printed:
    return _print(request.param, tmp_path_factory)


def _mrn(text: str) -> set[str]:
    return {mrn for mrn in PATIENTS if mrn in text}


def test_the_separator_is_for_staff_and_names_the_patient_twice_over(printed: Printed) -> None:
    fronts = printed.fronts()
    assert [_mrn(printed.pages[i]) for i in fronts] == [{m} for m in PATIENTS]  # appointment order
    for front, (mrn, who) in zip(fronts, PATIENTS.items(), strict=True):
        text = printed.pages[front]
        assert text.count(BAND[who.language]) == 2  # the band at the top and at the bottom
        assert who.name in text and mrn in text and who.born in text and who.side in text
        assert FOOTER[who.language] in text
        assert not TEMPLATE.search(text)  # none of the patient documents' header or footer
        if printed.duplex:
            back = printed.pages[front + 1]
            assert any(b in back for b in BACK) and BAND[who.language] in back and not _mrn(back)


def test_the_barcode_decodes_to_the_mrn(printed: Printed) -> None:
    import zxingcpp

    for front, mrn in zip(printed.fronts(), PATIENTS, strict=True):
        found = {r.text for r in zxingcpp.read_barcodes(printed.image(front, 150))}
        assert found == {mrn}


def _dark(pixels: list[int]) -> float:
    return sum(p < 80 for p in pixels) / len(pixels)


def test_black_bands_across_the_top_and_bottom(tmp_path_factory: pytest.TempPathFactory) -> None:
    printed = _print("two-sided", tmp_path_factory)  # the bands are drawn the same in every mode
    dpi = 72
    mm = dpi / 25.4
    for front in printed.fronts():
        for index in (front, front + 1):  # both sides of the sheet
            image = printed.image(index, dpi)
            width, height = image.size

            def row(y: float, image: Any = image, width: int = width) -> list[int]:
                return [image.getpixel((x, int(y))) for x in range(width)]

            # Edge to edge, clear of the words: 2 mm from the top and from the bottom.
            assert _dark(row(2 * mm)) > 0.99 and _dark(row(height - 2 * mm)) > 0.99
            # At least 20 mm deep, at the paper's left edge, top and bottom.
            column = [image.getpixel((1, y)) for y in range(int(20 * mm))]
            assert _dark(column) == 1.0
            column = [image.getpixel((1, height - 1 - y)) for y in range(int(20 * mm))]
            assert _dark(column) == 1.0
            # Between the bands the page is mostly white.
            assert _dark(row(height * 0.9)) < 0.2
        # A patient's page has no band.
        first = printed.following(front)[0]
        assert _dark([printed.image(first, dpi).getpixel((x, int(2 * mm))) for x in range(50, 500)]) == 0


def _listed(text: str) -> tuple[list[tuple[Kind | None, int, int | None]], int, int | None]:
    """The separator's list: (document or None for a blank page, pages, sheets) per line, and the
    total pages and sheets that it says follow."""
    lines: list[tuple[Kind | None, int, int | None]] = []
    for line in text.split(" | "):
        doc = re.fullmatch(r"(.+): (\d+) (?:pages?|páginas?)(?: \((\d+) (?:sheets?|hojas?)\))?", line)
        if doc and doc.group(1) in TITLES:
            sheets = int(doc.group(3)) if doc.group(3) else None
            lines.append((TITLES[doc.group(1)], int(doc.group(2)), sheets))
        elif re.fullmatch(r"1 (blank page|página en blanco), .*", line):
            lines.append((None, 1, None))
    total = re.search(
        r"(\d+) (?:pages|páginas)(?: \((\d+) (?:sheets|hojas)\))? (?:for this patient|de este)", text
    )
    assert total, text
    return lines, int(total.group(1)), int(total.group(2)) if total.group(2) else None


def _documents(printed: Printed, indexes: list[int]) -> list[tuple[int, Kind]]:
    """The first page index and kind of each document, from the template its footer names; blank
    pages carry the footer of the document they follow."""
    out: list[tuple[int, Kind]] = []
    last: Kind | None = None
    for i in indexes:
        found = TEMPLATE.search(printed.pages[i])
        assert found, (i, printed.pages[i][:200])
        kind = Kind(found.group(1))
        if kind != last:
            out.append((i, kind))
            last = kind
    return out


def test_the_listed_counts_add_up_to_the_pages_that_follow(printed: Printed) -> None:
    for front in printed.fronts():
        lines, total, sheets = _listed(printed.pages[front])
        pages = printed.following(front)
        assert sum(n for _, n, _ in lines) == total == len(pages)
        assert (sheets == total // 2) if printed.duplex else sheets is None
        # Document by document, in print order: its pages, and the blank page after it if listed.
        expected: list[tuple[Kind, int]] = []
        for kind, n, doc_sheets in lines:
            if kind is None:
                expected[-1] = (expected[-1][0], expected[-1][1] + 1)
            else:
                expected.append((kind, n))
                assert doc_sheets == ((n + 1) // 2 if printed.duplex else None)
        starts = [i for i, _ in _documents(printed, pages)]
        sizes = [b - a for a, b in zip(starts, [*starts[1:], pages[-1] + 1], strict=True)]
        assert [(k, n) for (_, k), n in zip(_documents(printed, pages), sizes, strict=True)] == expected
        assert [k for k, _ in expected] == list(Kind)  # the whole packet, in packet order


def test_two_sided_every_patient_and_document_starts_on_a_front(two_sided: Printed) -> None:
    printed = two_sided
    assert len(printed.pages) % 2 == 0
    for front in printed.fronts():
        assert front % 2 == 0  # index 0 is page 1: a front side
        for first, _ in _documents(printed, printed.following(front)):
            assert first % 2 == 0, (first + 1, printed.pages[first][:120])
    for k in range(0, len(printed.pages), 2):  # each sheet: pages 2k-1 and 2k
        sheet = printed.pages[k : k + 2]
        assert len(_mrn(sheet[0]) | _mrn(sheet[1])) <= 1, k + 1
        kinds = {m.group(1) for page in sheet for m in TEMPLATE.finditer(page)}
        assert len(kinds) <= 1, (k + 1, kinds)
        assert not (kinds and any(_is_separator(page) for page in sheet)), k + 1


def test_one_sided_there_are_no_blank_pages(one_sided: Printed) -> None:
    printed = one_sided
    assert not [i for i, page in enumerate(printed.pages) if any(b in page for b in (*BLANK, *BACK))]
    with pikepdf.open(printed.path) as pdf:
        assert len(pdf.pages) == len(printed.pages)
    for front in printed.fronts():
        assert "printed on one side" in printed.pages[front] or "por una sola cara" in printed.pages[front]


# -- the sheet alone, on every paper and print size ----------------------------------------------


def _combinations() -> Iterator[tuple[str, str, bool]]:
    for language in ("en", "es"):
        for paper in ("letter", "a4"):
            for large in (False, True):
                yield language, paper, large


@pytest.mark.parametrize(("language", "paper", "large"), list(_combinations()))
def test_the_separator_fits_one_sheet_on_every_paper_and_print_size(
    language: str, paper: str, large: bool
) -> None:
    library = Library(None)
    name = "Maximiliana Featherstonehaugh-Wolfeschlegelsteinhausen O'Brien & <Sons>"
    visit = {
        "name": name,
        "dob": "1961-04-12",
        "mrn": "00123456",
        "procedure": "si-joint-injection",
        "side": "bilateral",
        "date": "2026-11-21",
        "time": "10:30",
        "language": language,
    }
    job = docgen.prepare(visit, library=library)
    files = [[(Kind.INFO, 7)], [(Kind.CONSENT, 5)], [(Kind.AFTERCARE, 4)], [(Kind.DIARY, 15)]]
    options = Options(paper=paper, large_print=large)  # type: ignore[arg-type]
    when = dt.datetime(2026, 11, 20, 9, 15)
    pdf = separator_page(job, files, printed_at=when, library=library, options=options)
    doc = pdfium.PdfDocument(pdf)
    try:
        assert len(doc) == 2  # the front and its marked back: nothing spilt onto a third page
        text = " ".join(doc[0].get_textpage().get_text_range().split())
        size = doc[0].get_size()
    finally:
        doc.close()
    assert size == pytest.approx((595.28, 841.89) if paper == "a4" else (612, 792), abs=0.1)
    assert BAND[language] in text and "00123456" in text
    assert "Featherstonehaugh" in text.replace(" ", "")
    # Seven pages, then a blank; five, then a blank; four; fifteen, then a blank: 34 in all.
    assert ("34 pages (17 sheets)" if language == "en" else "34 páginas (17 hojas)") in text
