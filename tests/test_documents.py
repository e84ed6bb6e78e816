"""Every document kind renders and keeps the promises of every page."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import Pdf, Result, flags, one_line

KINDS = ["info", "consent", "aftercare", "diary"]
TITLES = {
    "info": "Information about your procedure",
    "consent": "Consent for your procedure",
    "aftercare": "After your procedure",
    "diary": "Your pain diary",
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_carries_identifiers_title_side_and_footer(
    kind: str, render_pdf: Callable[..., Pdf]
) -> None:
    pdf = render_pdf(kind)
    pages = pdf.pages
    assert len(pages) >= 1
    for number, raw in enumerate(pages, start=1):
        text = one_line(raw)
        assert "Jane Doe" in text
        assert "Apr 12, 1961" in text  # date of birth
        assert "00123456" in text  # MRN
        assert f"{TITLES[kind]}: SI joint injection, LEFT side" in text
        assert f"Page {number} of {len(pages)}" in text
        assert f"si-joint-injection/{kind} version 1.1.0 (en)" in text
        assert "Printed Nov 20, 2026 9:15 AM" in text  # from SOURCE_DATE_EPOCH
        assert "must review it before use" in text  # example wording is labelled as such
        assert "EXAMPLE CLINIC" in text  # no settings file: the example clinic is marked


@pytest.mark.parametrize(
    ("side", "words"),
    [("right", "RIGHT side"), ("bilateral", "BOTH sides (left and right)"), ("LEFT", "LEFT side")],
)
def test_side_is_written_out_in_words(side: str, words: str, render_pdf: Callable[..., Pdf]) -> None:
    pdf = render_pdf("consent", side=side)
    for raw in pdf.pages:
        assert f"SI joint injection, {words}" in one_line(raw)


def test_packet_has_four_documents_each_numbered_from_one(render_pdf: Callable[..., Pdf]) -> None:
    pdf = render_pdf("packet")
    seen: list[tuple[str, int, int]] = []
    for raw in pdf.pages:
        text = one_line(raw)
        kind = next(k for k, title in TITLES.items() if f"{title}: SI joint" in text)
        match = re.search(r"Page (\d+) of (\d+)", text)
        assert match
        seen.append((kind, int(match[1]), int(match[2])))
    assert [k for k, n, _ in seen if n == 1] == KINDS  # in order, each starting at page 1
    for kind in KINDS:
        numbers = [n for k, n, _ in seen if k == kind]
        totals = {t for k, _, t in seen if k == kind}
        assert numbers == list(range(1, len(numbers) + 1))
        assert totals == {len(numbers)}


def test_info_sheet_covers_the_issue_topics(render_pdf: Callable[..., Pdf]) -> None:
    text = one_line(render_pdf("info").text).lower()
    for phrase in (
        "sacroiliac",
        "fluoroscopy",
        "contrast",
        "steroid",
        "numb",
        "driver",
        "blood thinner",
        "physical therapy",
        "radiofrequency",
        "surgery",
    ):
        assert phrase in text, phrase


def test_consent_has_every_required_element(render_pdf: Callable[..., Pdf]) -> None:
    text = one_line(render_pdf("consent", physician="Dr B. Okafor").text)
    assert "Example Spine & Pain Clinic" in text  # facility
    assert "SI joint injection, LEFT side" in text  # procedure and side in words
    assert "Dr B. Okafor" in text  # practitioner
    assert "How likely" in text and "about 1 in" in text  # risks with natural frequencies
    assert "Common, and usually minor" in text and "Rare, but serious" in text
    for block in (
        "Patient or legal representative",
        "Practitioner who explained the procedure",
        "Witness to the signature",
        "Interpreter (if one was used)",
    ):
        assert block in text
    assert text.count("Time") >= 4  # every signature has a date AND a time
    assert "If a representative signs" in text
    assert "Interpreter name or ID number" in text and "Language" in text


def test_consent_follows_sedation_and_trainee_choices(render_pdf: Callable[..., Pdf]) -> None:
    awake = one_line(render_pdf("consent", "--no-trainees").text).lower()
    iv = one_line(render_pdf("consent", "--trainees", sedation="iv").text).lower()
    assert "24 hours" in iv and "24 hours" not in awake
    assert awake != iv


def test_aftercare_is_personalised(render_pdf: Callable[..., Pdf]) -> None:
    plain = one_line(render_pdf("aftercare").text)
    full = one_line(render_pdf("aftercare", "--diabetes", "--blood-thinners", sedation="iv").text)
    assert "blood sugar" in full.lower() and "blood sugar" not in plain.lower()
    assert "blood thinner" in full.lower()
    assert "24 hours" in full
    assert "°F" in plain and "°C" in plain  # temperatures in both scales
    assert "555-0100" in plain and "555-0199" in plain and "911" in plain  # day, night, emergency
    assert "2 to 5 days" in plain or "2-5 days" in plain or "2 and 5 days" in plain


def test_diary_counts_from_the_shot_and_prints_dates(render_pdf: Callable[..., Pdf]) -> None:
    # By design no clock time is worked out from the visit's time (the arrival, not the shot).
    text = one_line(render_pdf("diary").text)
    assert "Time of the shot: ____:____ AM/PM" in text
    for label in ("15 min after", "30 min after", "1 hour after", "2 hours after", "8 hours after"):
        assert f"{label} ____:____ AM/PM" in text
    assert "10:45 AM" not in text and not re.search(r"about \d", text)
    assert "Day 1 Sun, Nov 22" in text
    assert "Day 14 Sat, Dec 5" in text
    assert "Day 15" not in text
    assert "No pain" in text and "Worst pain you can imagine" in text
    assert "Before the procedure" in text


def test_diary_without_a_time_asks_the_patient_to_write_it(render_pdf: Callable[..., Pdf]) -> None:
    text = one_line(render_pdf("diary", time=None).text)
    assert "15 min after ____:____ AM/PM" in text
    clock_times = re.findall(r"\d{1,2}:\d\d [AP]M", text)
    assert clock_times == ["9:15 AM"] * text.count("Printed ")  # only the footers' print time


@pytest.mark.parametrize(("paper", "size"), [("letter", (612, 792)), ("a4", (595, 842))])
def test_paper_sizes(paper: str, size: tuple[int, int], render_pdf: Callable[..., Pdf]) -> None:
    pdf = render_pdf("aftercare", "--paper", paper)
    width, height = pdf.page_size()
    assert (round(width), round(height)) == size


@pytest.mark.parametrize("kind", KINDS)
def test_first_page_renders_to_an_image_with_ink_in_header_body_and_footer(
    kind: str, render_pdf: Callable[..., Pdf]
) -> None:
    image = render_pdf(kind).image(0, scale=0.5)
    width, height = image.size
    for top, bottom in [(0.03, 0.12), (0.3, 0.7), (0.9, 0.98)]:
        band = image.crop((0, int(height * top), width, int(height * bottom)))
        darkest, _ = band.getextrema()
        assert darkest < 80, f"{kind}: no ink between {top:.0%} and {bottom:.0%} of the page"


def test_diagnostic_injection_is_a_numbing_only_test(render_pdf: Callable[..., Pdf], tmp_path: Path) -> None:
    packet = one_line(render_pdf("packet", purpose="diagnostic").text)
    assert "steroid" not in packet.lower()
    assert "flushing" not in packet  # steroid-only risks are left out of the risk table
    diary = one_line(render_pdf("diary", purpose="diagnostic").text)
    assert "This diary is the test." in diary and "percent or more" not in diary
    assert "FOR THE CLINIC Result of the test (positive at 75% relief or more)" in diary
    assert "Day 1 " not in diary  # no daily follow-up after a numbing-only block
    therapeutic = one_line(render_pdf("diary", purpose="therapeutic").text)
    assert "Day 14 Sat, Dec 5" in therapeutic and "FOR THE CLINIC" not in therapeutic


def test_relief_threshold_comes_from_settings(render_pdf: Callable[..., Pdf], tmp_path: Path) -> None:
    config = tmp_path / "fifty.toml"
    config.write_text(
        '[clinic]\nname = "Riverside Spine Center"\nday_phone = "555-0142"\n'
        'after_hours_phone = "555-0199"\n\n[diary]\ndiagnostic_relief_threshold = 50\n'
    )
    diary = one_line(render_pdf("diary", "--config", str(config), purpose="diagnostic").text)
    assert "positive at 50% relief" in diary and "Relief of 50% or more" in diary
    # (75 as a number: a random document ID may hold the digits inside it)
    assert not re.search(r"\b75\b", diary.replace("1975", ""))


@pytest.mark.parametrize(
    ("guidance", "present", "absent"),
    [
        ("fluoroscopy", ["live X-ray (fluoroscopy)", "contrast dye"], ["ultrasound screen"]),
        ("ct", ["CT scan", "contrast dye"], ["ultrasound screen", "fluoroscopy"]),
        ("ultrasound", ["sound waves", "ultrasound screen"], ["contrast dye", "fluoroscopy"]),
    ],
)
def test_guidance_changes_the_information_sheet(
    guidance: str, present: list[str], absent: list[str], render_pdf: Callable[..., Pdf]
) -> None:
    text = one_line(render_pdf("info", guidance=guidance).text)
    for phrase in present:
        assert phrase in text, phrase
    for phrase in absent:
        assert phrase not in text, phrase


def text_sizes(data: bytes) -> Counter[float]:
    """How many characters are shown at each font size, over all pages."""
    import io

    import pikepdf

    sizes: Counter[float] = Counter()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            size = 0.0
            for instruction in pikepdf.parse_content_stream(page):
                operands, operator = instruction.operands, instruction.operator
                op = str(operator)
                if op == "Tf":
                    size = round(float(operands[1]), 1)
                elif op == "Tj":
                    sizes[size] += len(bytes(operands[0]))
                elif op == "TJ":
                    sizes[size] += sum(len(bytes(x)) for x in operands[0] if isinstance(x, pikepdf.String))
    return sizes


@pytest.mark.parametrize("kind", KINDS)
def test_large_print_is_at_least_16_points_and_adds_pages(kind: str, render_pdf: Callable[..., Pdf]) -> None:
    standard = render_pdf(kind)
    large = render_pdf(kind, "--large-print")
    sizes = text_sizes(large.data)
    assert sizes[17.0] > 0, sizes  # the body size
    # Below 16 pt there is only the page furniture: header and footer at 14 pt, the name at 15.4 pt.
    assert {s for s in sizes if s < 16} <= {14.0, 15.4}, sizes
    assert len(large.pages) > len(standard.pages)
    assert one_line(large.text).count("Jane Doe") == len(large.pages)  # identifiers on every page
    standard_sizes = text_sizes(standard.data)
    assert standard_sizes[12.0] > 0 and min(standard_sizes) >= 9, standard_sizes


def test_coverage_note_follows_the_setting(run: Callable[..., Result], tmp_path: Path) -> None:
    base = (
        '[clinic]\nname = "Riverside Spine Center"\nday_phone = "555-0142"\nafter_hours_phone = "555-0199"\n'
    )
    on, off = tmp_path / "on.toml", tmp_path / "off.toml"
    on.write_text(base)
    off.write_text(base + "\n[documents]\ncoverage_notes = false\n")
    args = flags(procedure="si-joint-rfa")
    with_note = one_line(Pdf(run("info", *args, "--config", str(on), "-o", "-").stdout).text)
    without = one_line(Pdf(run("info", *args, "--config", str(off), "-o", "-").stdout).text)
    assert "Paying for this procedure" in with_note and "Medicare" in with_note
    assert "Paying for this procedure" not in without and "Medicare" not in without


def test_each_document_of_a_packet_starts_on_a_front_side(run: Callable[..., Result], tmp_path: Path) -> None:
    """Printed two-sided, no sheet holds the end of one document and the start of the next (the
    consent can be filed alone); --simplex leaves the blank backs out for one-sided printers."""
    from pypdf import PdfReader

    assert run("packet", *flags(), "-o", "two.pdf").exit_code == 0
    assert run("packet", *flags(), "--simplex", "-o", "one.pdf").exit_code == 0
    two = [p.extract_text() for p in PdfReader("two.pdf").pages]
    one = [p.extract_text() for p in PdfReader("one.pdf").pages]
    firsts = [i for i, text in enumerate(two) if "Page 1 of" in text]
    assert len(firsts) == 4 and all(i % 2 == 0 for i in firsts)
    blanks = [i for i, text in enumerate(two) if "This page is intentionally blank." in text]
    assert len(two) - len(one) == len(blanks) >= 1
    for i in blanks:
        assert "Jane Doe" in two[i] and "00123456" in two[i]  # still the patient's page
        assert i + 1 in firsts  # the back before the next document
    assert not any("intentionally blank" in text for text in one)
