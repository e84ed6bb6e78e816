"""The SI joint drawing (``::: figure si-joint``): in the info sheets, labelled in the document's
fonts, the side named in words in its caption and marked in the drawing, larger in large print,
never parted from its title, and refused when a template names a drawing docgen does not know."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from helpers import Pdf, Result, one_line

from docgen.content.library import Library
from docgen.content.locale import Locale
from docgen.content.parts import Parts
from docgen.document import Figure
from docgen.errors import TemplateProblem
from docgen.layout.figure import SIJointDrawing
from docgen.layout.styles import profile_for
from docgen.model.visit import Language, Visit

PROCEDURES = {"si-joint-injection": "Needle", "si-joint-rfa": "RFA needles", "si-joint-fusion": "Implants"}
TITLE = "Where your SI joints are"
CASES = Path(__file__).parent / "data" / "check-templates"


def text_of(pdf: Pdf) -> str:
    return one_line(pdf.text.replace("\xa0", " "))


def figure_page(data: bytes, title: str = TITLE) -> tuple[int, list[dict[str, Any]], float, float]:
    """The page holding the drawing (0-based), its words, and the page's width and height."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for n, page in enumerate(pdf.pages):
            if title in " ".join((page.extract_text() or "").split()):
                return n, page.extract_words(keep_blank_chars=True), float(page.width), float(page.height)
    raise AssertionError(f"no page holds {title!r}")


def word(words: list[dict[str, Any]], text: str) -> dict[str, Any]:
    found = [w for w in words if w["text"].replace("\xa0", " ").startswith(text)]
    assert found, f"{text!r} not among {[w['text'] for w in words]}"
    return found[-1]


@pytest.mark.parametrize("procedure", sorted(PROCEDURES))
def test_the_drawing_and_its_labels_are_in_the_info_sheet(
    render_pdf: Callable[..., Pdf], procedure: str
) -> None:
    text = text_of(render_pdf("info", procedure=procedure, side="left"))
    for label in (
        TITLE,
        "Seen from behind, as you lie face down",
        "Spine (lower back bones)",
        "Hip bone (ilium)",
        "Sacrum",
        "SI joint (treated)",
        PROCEDURES[procedure],
        "Your left side",
        "Your right side",
    ):
        assert label in text, label
    # The untreated joint is labelled too, without "(treated)".
    assert text.count("SI joint (treated)") == 1


@pytest.mark.parametrize(
    ("side", "language", "said"),
    [
        ("left", "en", "The LEFT side will be treated."),
        ("right", "en", "The RIGHT side will be treated."),
        ("bilateral", "en", "BOTH sides (left and right) will be treated."),
        ("left", "es", "Se tratará el lado IZQUIERDO."),
        ("right", "es", "Se tratará el lado DERECHO."),
        ("bilateral", "es", "Se tratarán AMBOS lados (izquierdo y derecho)."),
    ],
)
def test_the_caption_names_the_side_in_words(
    render_pdf: Callable[..., Pdf], side: str, language: str, said: str
) -> None:
    text = text_of(render_pdf("info", side=side, language=language))
    where = {
        "en": "Your SI joints are where the base of your spine meets your hip bones.",
        "es": "Sus articulaciones sacroilíacas están donde la base de la columna se une con los huesos",
    }[language]
    assert where in text
    assert said in text
    treated = text.count("(treated)" if language == "en" else "(tratada)")
    assert treated == (2 if side == "bilateral" else 1)


def darkness(image: Any, box: tuple[float, float, float, float]) -> float:
    """Mean darkness (0 white, 1 black) of a region of a grayscale image, in pixels."""
    from PIL import ImageStat

    region = image.crop(tuple(round(v) for v in box))
    return 1 - float(ImageStat.Stat(region).mean[0]) / 255


def joint_regions(pdf: Pdf, large: bool, scale: float) -> dict[str, tuple[float, float, float, float]]:
    """Each joint's box on the rendered page, in pixels: the drawing starts at the left margin and
    its bottom row of words sits on its lower edge."""
    profile = profile_for("letter", large)
    _, words, _, height = figure_page(pdf.data)
    bottom = height - word(words, "Your left side")["bottom"]  # PDF points, y up
    drawing = SIJointDrawing(Figure("si-joint", "", "", (), "", ()), profile, "test")  # the geometry only
    drawing.wrap(profile.width, 1e6)
    out = {}
    for side in ("left", "right"):
        x0, y0, x1, y1 = drawing.joint_box(side)
        out[side] = (
            (profile.margin + x0) * scale,
            (height - bottom - y1) * scale,
            (profile.margin + x1) * scale,
            (height - bottom - y0) * scale,
        )
    return out


@pytest.mark.parametrize(("side", "darker"), [("left", "left"), ("right", "right")])
@pytest.mark.parametrize("large", [False, True])
def test_the_treated_joint_is_drawn_darker(
    render_pdf: Callable[..., Pdf], side: str, darker: str, large: bool
) -> None:
    pdf = render_pdf("info", *(["--large-print"] if large else []), side=side)
    page, _, _, _ = figure_page(pdf.data)
    scale = 2.0
    image = pdf.image(page, scale=scale)
    regions = joint_regions(pdf, large, scale)
    dark = {s: darkness(image, box) for s, box in regions.items()}
    other = "right" if darker == "left" else "left"
    # The treated joint is a black band (about half its slanted bounding box); the other a white
    # one between grey bones.
    assert dark[darker] > 0.4, dark
    assert dark[darker] > dark[other] + 0.2, dark


def test_both_joints_are_marked_on_a_both_sides_visit(render_pdf: Callable[..., Pdf]) -> None:
    pdf = render_pdf("info", side="bilateral")
    page, _, _, _ = figure_page(pdf.data)
    image = pdf.image(page, scale=2.0)
    dark = {s: darkness(image, box) for s, box in joint_regions(pdf, False, 2.0).items()}
    assert min(dark.values()) > 0.4, dark


def test_the_labels_are_in_the_text_face_never_a_standard_font(render_pdf: Callable[..., Pdf]) -> None:
    pdf = render_pdf("info", procedure="si-joint-rfa", side="bilateral")
    page, _, _, _ = figure_page(pdf.data)
    with pdfplumber.open(io.BytesIO(pdf.data)) as doc:
        chars = doc.pages[page].chars
    labels = [c for c in chars if c["text"] in "Sacrum" and 10 < c["size"] < 12]
    assert labels, "no label at 11 pt (body text minus 1 pt)"
    fonts = {c["fontname"].split("+")[-1] for c in chars}
    assert all(f.startswith("NotoSans") for f in fonts), fonts
    from test_output import font_report

    names = {name for name, embedded in font_report(pdf.data) if embedded}
    assert names == {name for name, _ in font_report(pdf.data)}
    assert not any("Helvetica" in n for n in names)


def test_the_drawing_is_vector_not_a_picture(render_pdf: Callable[..., Pdf]) -> None:
    pdf = render_pdf("info", procedure="si-joint-fusion", side="bilateral")
    page, _, _, _ = figure_page(pdf.data)
    with pdfplumber.open(io.BytesIO(pdf.data)) as doc:
        shown = doc.pages[page]
        assert not shown.images
        assert len(shown.curves) + len(shown.rects) > 20  # bones, joints, implants, leader dots
        colours = {c.get("non_stroking_color") for c in [*shown.curves, *shown.rects]}
    # Black, white and greys only: a colour given as red, green and blue has equal parts.
    assert colours, "no filled shapes"
    for colour in colours:
        if isinstance(colour, tuple | list):
            assert len(set(colour)) == 1, colour


def test_large_print_makes_it_bigger(render_pdf: Callable[..., Pdf]) -> None:
    sizes = {}
    for large in (False, True):
        pdf = render_pdf("info", *(["--large-print"] if large else []))
        _, words, _, _ = figure_page(pdf.data)
        top, bottom = word(words, "Seen from behind"), word(words, "Your left side")
        sizes[large] = (
            bottom["bottom"] - top["top"],
            word(words, "Sacrum")["bottom"] - word(words, "Sacrum")["top"],
        )
    (standard, label), (large_height, large_label) = sizes[False], sizes[True]
    assert 2.2 * 72 <= standard <= 2.6 * 72, standard
    assert large_height >= 1.3 * standard
    assert large_label > label
    pdf = render_pdf("info", "--large-print")
    page, words, _, _ = figure_page(pdf.data)
    top, bottom = word(words, "Seen from behind")["top"], word(words, "Your left side")["bottom"]
    with pdfplumber.open(io.BytesIO(pdf.data)) as doc:
        inside = {round(c["size"], 1) for c in doc.pages[page].chars if top - 1 <= c["top"] <= bottom}
    assert min(inside) >= 16.0, inside  # large print's least size for words a patient reads


@pytest.mark.parametrize("procedure", sorted(PROCEDURES))
@pytest.mark.parametrize("large", [False, True])
def test_the_drawing_stays_with_its_title_and_caption(
    render_pdf: Callable[..., Pdf], procedure: str, large: bool
) -> None:
    pdf = render_pdf("info", *(["--large-print"] if large else []), procedure=procedure, side="bilateral")
    _, words, _, _ = figure_page(pdf.data)
    text = " ".join(w["text"] for w in words).replace("\xa0", " ")
    for part in ("Seen from behind", "Your left side", "Your right side", "Your SI joints are where"):
        assert part in text, part


def parts(side: str | None = "left") -> Parts:
    library = Library()
    procedure = next(p for p in library.procedures() if p.id == "si-joint-injection")
    visit = Visit.model_validate(
        {
            "name": "Jane Doe",
            "dob": "1961-04-12",
            "mrn": "00123456",
            "procedure": procedure.id,
            "side": side,
            "date": "2026-11-21",
            "language": "en",
        }
    )
    locale = Locale(Language.EN, library.strings(Language.EN))
    return Parts(visit, procedure, locale, source="test.md.j2", threshold=80)


def test_the_figure_part_knows_its_variants() -> None:
    build = parts()
    figure = build("figure", ("si-joint", "implant"))
    assert isinstance(figure, Figure)
    assert figure.treated == ("left",) and figure.label("tool") == "Implants"
    plain = build("figure", ("si-joint",))
    assert isinstance(plain, Figure) and plain.label("tool") == ""
    both = parts("bilateral")("figure", ("si-joint", "needle"))
    assert isinstance(both, Figure) and both.treated == ("left", "right")
    unsided = parts(None)("figure", ("si-joint",))
    assert isinstance(unsided, Figure) and unsided.treated == ()
    assert unsided.caption == "Your SI joints are where the base of your spine meets your hip bones."
    for wrong in ((), ("elbow",), ("si-joint", "scalpel"), ("si-joint", "needle", "extra")):
        with pytest.raises(TemplateProblem, match="figure"):
            build("figure", wrong)


def test_a_template_naming_an_unknown_drawing_is_reported(run: Callable[..., Result], tmp_path: Path) -> None:
    folder = tmp_path / "our-wording"
    shutil.copytree(CASES / "good", folder)
    info = folder / "procedures" / "check-example" / "en" / "info.md.j2"
    good = info.read_text(encoding="utf-8")

    def check() -> tuple[int, list[dict[str, Any]]]:
        res = run(
            "templates", "check", "--today", "2026-11-20", "--format", "json", "--templates", str(folder)
        )
        report = json.loads(res.stdout)
        return res.exit_code, [f for f in report["findings"] if f["level"] == "error"]

    info.write_text(good + "\n::: figure si-joint needle\n:::\n", encoding="utf-8")
    code, errors = check()
    assert code == 0 and not errors, errors
    info.write_text(good + "\n::: figure elbow\n:::\n", encoding="utf-8")
    code, errors = check()
    assert code == 1
    assert any("'::: figure elbow'" in f["message"] and "si-joint" in f["message"] for f in errors), errors
