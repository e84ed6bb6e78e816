"""The fillable diary (``--fillable``): form fields a tablet fills in, on a page that prints the same.

Every diary layout (English and Spanish, standard and large print, one side and both, a diagnostic
injection, RFA and fusion) is rendered with and without fields: the fields are read back with pypdf,
filled with pypdf and read again, and both versions are rendered with PDFium and compared pixel by
pixel (empty fields are invisible). See docs/fillable.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from helpers import PATIENT, Result, flags
from PIL import ImageChops
from pypdf import PdfReader, PdfWriter
from test_output import font_report

import docgen
from docgen.content.compose import compose, meta
from docgen.content.library import shared_library
from docgen.document import DiaryTable
from docgen.job import prepare
from docgen.layout.document import build
from docgen.layout.fields import Form, latin1
from docgen.layout.styles import profile_for
from docgen.model.settings import EXAMPLE
from docgen.model.visit import Kind, Options

PRINTED = dt.datetime(2026, 11, 20, 9, 15)
NAME = re.compile(r"^diary\.[a-z0-9]+\.[a-z0-9_]+$")

CASES = {
    "injection-diagnostic": {"procedure": "si-joint-injection", "purpose": "diagnostic"},
    "rfa": {"procedure": "si-joint-rfa"},
    "fusion": {"procedure": "si-joint-fusion"},
}


def visit(case: str, side: str, language: str) -> dict[str, str]:
    return {**PATIENT, "time": "10:30", **CASES[case], "side": side, "language": language}


@cache
def diary(case: str, side: str, language: str, large: bool, fillable: bool) -> bytes:
    options = Options(large_print=large, fillable=fillable)
    return docgen.render(visit(case, side, language), "diary", options=options, printed_at=PRINTED).pdf


def fields(data: bytes) -> dict[str, Any]:
    """The fields one fills in, by full name (the branches "diary", "diary.day3" left out)."""
    found = PdfReader(io.BytesIO(data)).get_fields() or {}
    return {name: field for name, field in found.items() if "/FT" in field}


def pixels_apart(a: bytes, b: bytes, dpi: int = 100) -> list[int]:
    """Per page, how many pixels of the two PDFs differ visibly (PDFium at ``dpi``)."""
    one, two = pdfium.PdfDocument(a), pdfium.PdfDocument(b)
    assert len(one) == len(two)
    out = []
    for n in range(len(one)):
        x = one[n].render(scale=dpi / 72).to_pil().convert("L")
        y = two[n].render(scale=dpi / 72).to_pil().convert("L")
        assert x.size == y.size
        out.append(ImageChops.difference(x, y).point(lambda v: 255 if v > 48 else 0).histogram()[255])
    return out


LAYOUTS = [
    pytest.param(
        case, side, language, large, id=f"{case}-{side}-{language}-{'large' if large else 'standard'}"
    )
    for case in ("injection-diagnostic", "rfa")
    for side in ("left", "bilateral")
    for language in ("en", "es")
    for large in (False, True)
] + [pytest.param("fusion", "left", "en", False, id="fusion-weekly")]


@pytest.mark.parametrize(("case", "side", "language", "large"), LAYOUTS)
def test_fields_are_named_and_the_page_prints_the_same(
    case: str, side: str, language: str, large: bool
) -> None:
    data = diary(case, side, language, large, True)
    found = fields(data)
    assert found, "no form fields"
    assert all(NAME.match(name) for name in found), sorted(found)
    # A score a side, a time, what was tried and the medicines, in every row.
    pains = ("pain_left", "pain_right") if side == "bilateral" else ("pain",)
    first = "baseline" if case == "injection-diagnostic" else "day1"
    for column in (*pains, "activity", "medicines"):
        assert f"diary.{first}.{column}" in found
    if case == "injection-diagnostic":
        assert {"diary.timed.start_time", "diary.after15min.time", "diary.timed.line1"} <= set(found)
    if case == "rfa":
        assert "diary.day28.medicines" in found
    if case == "fusion":
        assert {"diary.week3.pain", "diary.week3.enjoyment", "diary.week3.notes"} <= set(found)
    # Tooltips in the document's language.
    tip = str(found[f"diary.{first}.{pains[0]}"].get("/TU", ""))
    assert ("Dolor" if language == "es" else "Pain") in tip
    # Same pages, same look: the empty fields are invisible.
    plain = diary(case, side, language, large, False)
    root: Any = PdfReader(io.BytesIO(plain)).trailer["/Root"]
    assert "/AcroForm" not in root
    assert max(pixels_apart(data, plain)) == 0


def test_names_are_stable_and_unique() -> None:
    data = diary("injection-diagnostic", "bilateral", "en", False, True)
    again = docgen.render(
        visit("injection-diagnostic", "bilateral", "en"),
        "diary",
        options=Options(fillable=True),
        printed_at=PRINTED,
    ).pdf
    assert data == again
    # A real tree of names: no field's own name holds a period (ISO 32000-1, 12.7.3.2).
    root: Any = PdfReader(io.BytesIO(data)).trailer["/Root"]
    full: list[str] = []

    def walk(node: Any, above: str) -> None:
        node = node.get_object()
        own = str(node.get("/T", ""))
        assert "." not in own
        name = f"{above}.{own}" if above and own else own or above
        if "/FT" in node:
            full.append(name)
        elif own:
            for kid in node.get("/Kids", []):
                walk(kid, name)

    for top in root["/AcroForm"]["/Fields"]:
        walk(top, "")
    assert len(full) == len(set(full)) == len(fields(data))


def fill(data: bytes, values: dict[str, str]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        if "/Annots" in page:
            writer.update_page_form_field_values(page, values)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_standard_diary_round_trips() -> None:
    data = diary("injection-diagnostic", "bilateral", "en", False, True)
    values = {
        "diary.baseline.time": "9:40 AM",
        "diary.baseline.pain_left": "/7",
        "diary.baseline.pain_right": "/3",
        "diary.baseline.activity": "Walked to the car",
        "diary.baseline.medicines": "Tylenol 500 mg at 8 AM",
        "diary.timed.start_time": "10:05 AM",
        "diary.after15min.pain_left": "/10",
        "diary.after15min.pain_right": "/0",
        "diary.timed.line1": "Tue 4 PM",
    }
    back = fields(fill(data, values))
    assert {name: back[name].get("/V") for name in values} == values
    # The chosen digit is the one ringed: its button is on, the others off.
    reader = PdfReader(io.BytesIO(fill(data, values)))
    states = [
        str(a.get_object().get("/AS"))
        for page in reader.pages
        for a in page.get("/Annots", [])
        if a.get_object().get("/Parent") is not None
        and a.get_object()["/Parent"].get_object().get("/T") == "pain_left"
        and a.get_object()["/Parent"].get_object()["/Parent"].get_object().get("/T") == "baseline"
    ]
    assert states.count("/7") == 1 and states.count("/Off") == 10


def test_a_large_print_diary_round_trips_with_accents() -> None:
    data = diary("rfa", "left", "es", True, True)
    found = fields(data)
    # Large print, 28 days: the score is written in a box, a text field of two characters.
    assert found["diary.day3.pain"].get("/FT") == "/Tx"
    values = {
        "diary.day3.pain": "6",
        "diary.day3.activity": "Caminé 20 minutos",
        "diary.day3.medicines": "Ibuprofeno",
    }
    back = fields(fill(data, values))
    assert {name: back[name].get("/V") for name in values} == values


def test_fonts_are_still_embedded() -> None:
    data = diary("injection-diagnostic", "left", "es", False, True)
    fonts = font_report(data)
    assert fonts and all(embedded for _, embedded in fonts), fonts


def test_a_name_in_greek_prints_and_stays_out_of_the_fields() -> None:
    name = "Ελένη Παπαδοπούλου"
    data = docgen.render(
        {**visit("injection-diagnostic", "left", "en"), "name": name},
        "diary",
        options=Options(fillable=True),
        printed_at=PRINTED,
    ).pdf
    found = fields(data)
    assert found
    assert name in PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert all(name not in str(f.get("/TU", "")) and not f.get("/V") for f in found.values())


def test_words_outside_latin1_leave_the_tooltip_out() -> None:
    """A clinic's wording a form field cannot carry (ReportLab writes field text in Latin-1): the
    field stays, without its tooltip; the printed words beside it say what it is."""
    assert latin1("Día 3: Dolor") == "Día 3: Dolor"
    assert latin1("Ημέρα 3") is None
    form = Form("diary")
    assert form.spec("day3.pain", "Ημέρα 3: πόνος").tooltip is None
    assert form.untipped == ["diary.day3.pain"]
    # Through the whole layout: the rows' labels in Greek.
    library = shared_library(EXAMPLE.templates)
    job = prepare(visit("rfa", "left", "en"), settings=EXAMPLE, library=library)
    document = compose(job, Kind.DIARY, library, PRINTED)
    blocks = [
        dataclasses.replace(b, rows=tuple(dataclasses.replace(r, label=f"Ημέρα {r.key[3:]}") for r in b.rows))
        if isinstance(b, DiaryTable)
        else b
        for b in document.blocks
    ]
    document = dataclasses.replace(document, blocks=blocks)
    out = io.BytesIO()
    profile = profile_for("letter", False)
    build(out, [document], profile, meta(job, [document], library, PRINTED), forms=["diary"])
    found = fields(out.getvalue())
    assert "/TU" not in found["diary.day3.pain"]
    assert found["diary.day3.pain"].get("/FT") == "/Btn"


def test_the_cli_flag_and_the_setting(run: Callable[..., Result], tmp_path: Path) -> None:
    res = run("diary", *flags(), "--fillable", "-o", "d.pdf")
    assert res.exit_code == 0, res.stderr
    assert "diary.day1.pain" in fields((tmp_path / "d.pdf").read_bytes())
    # A packet: only the diary's pages carry fields.
    res = run("packet", *flags(), "--fillable", "-o", "p.pdf")
    assert res.exit_code == 0, res.stderr
    reader = PdfReader(tmp_path / "p.pdf")
    with_fields = [n for n, page in enumerate(reader.pages) if page.get("/Annots")]
    diary_pages = [n for n, page in enumerate(reader.pages) if "pain diary" in (page.extract_text() or "")]
    assert with_fields and set(with_fields) <= set(diary_pages)
    # Not offered where there is no diary.
    res = run("info", *flags(), "--fillable", "-o", "i.pdf")
    assert res.exit_code == 2 and "--fillable" in res.stderr
    # The clinic's default, and the flag over it.
    settings = tmp_path / "fill.toml"
    clinic = (Path(__file__).parent / "data" / "clinic.toml").read_text(encoding="utf-8")
    clinic = clinic.replace('logo = "logo.png"', "")
    settings.write_text(clinic.replace("[defaults]", "[documents]\nfillable_diary = true\n\n[defaults]"))
    res = run("diary", *flags(), "--config", str(settings), "-o", "s.pdf")
    assert res.exit_code == 0, res.stderr
    assert fields((tmp_path / "s.pdf").read_bytes())
    res = run("diary", *flags(), "--config", str(settings), "--no-fillable", "-o", "n.pdf")
    assert res.exit_code == 0, res.stderr
    assert not fields((tmp_path / "n.pdf").read_bytes())


def test_a_script_no_font_has_is_still_refused_by_name(run: Callable[..., Result]) -> None:
    res = run("diary", *flags(name="王小明"), "--fillable", "-o", "out.pdf")
    assert res.exit_code == 1
    assert res.stderr.startswith("docgen: error: name: ") and "\n" not in res.stderr.strip()
