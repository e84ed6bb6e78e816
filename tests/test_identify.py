"""``docgen identify``: a degraded scan's pages named, and the pages missing from each document."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import PATIENT, Result
from scan import page_images, scanned

import docgen
from docgen.identity import display_id

PRINTED = dt.datetime(2026, 11, 20, 9, 15)
IDS = ["7KQ2M9XD4R", "1V3HZ0PQ5E"]


@pytest.fixture(scope="module")
def consent_and_diary() -> docgen.Rendered:
    return docgen.render(PATIENT, ["consent", "diary"], printed_at=PRINTED, ids=IDS)


def test_a_degraded_multipage_tiff(
    consent_and_diary: docgen.Rendered, run: Callable[..., Result], tmp_path: Path
) -> None:
    """A scan at 150 dpi, grey, crooked and noisy, of the diary with page 2 lost and a foreign
    page (no code) slipped in; the consent is all there."""
    rendered = consent_and_diary
    consent_pages, diary_pages = rendered.page_counts
    images = [scanned(image, seed) for seed, image in enumerate(page_images(rendered.pdf))]
    del images[consent_pages + 1]  # the diary's page 2
    from PIL import Image

    images.append(Image.new("L", images[0].size, 255))  # a page with no code
    tiff = tmp_path / "scan.tif"
    images[0].save(tiff, save_all=True, append_images=images[1:], compression="tiff_deflate")

    res = run("identify", str(tiff))
    assert res.exit_code == 0, res.stderr
    out = res.stdout.decode()
    diary = display_id(IDS[1])
    assert f"{diary} diary: page 2 of {diary_pages} missing" in out
    assert f"{display_id(IDS[0])} consent: all {consent_pages} pages" in out
    assert f"no readable code on file page(s) {len(images)}" in out
    first = out.splitlines()[1].split()
    assert first == ["1", display_id(IDS[0]), "consent", "00123456", "1", "of", str(consent_pages)]

    res = run("identify", str(tiff), "--format", "json")
    report = json.loads(res.stdout)
    [consent, diary_doc] = report["documents"]
    assert consent["missing"] == [] and consent["kind"] == "consent"
    assert diary_doc == {
        "id": diary,
        "kind": "diary",
        "mrn": "00123456",
        "pages": diary_pages,
        "found": [n for n in range(1, diary_pages + 1) if n != 2],
        "missing": [2],
        "file_pages": {
            str(n): [consent_pages + (1 if n == 1 else n - 1)] for n in range(1, diary_pages + 1) if n != 2
        },
    }
    assert report["unreadable"] == [len(images)]
    assert report["pages"][0] == {
        "file_page": 1,
        "readable": True,
        "id": display_id(IDS[0]),
        "kind": "consent",
        "mrn": "00123456",
        "page": 1,
        "pages": consent_pages,
    }
    assert report["pages"][-1] == {"file_page": len(images), "readable": False}


def test_a_pdf_with_two_pages_removed(
    consent_and_diary: docgen.Rendered, run: Callable[..., Result], tmp_path: Path
) -> None:
    import pikepdf

    rendered = consent_and_diary
    consent_pages = rendered.page_counts[0]
    pdf = pikepdf.open(__import__("io").BytesIO(rendered.pdf))
    del pdf.pages[4]  # consent page 5
    del pdf.pages[2]  # consent page 3
    path = tmp_path / "returned.pdf"
    pdf.save(path)
    res = run("identify", str(path))
    assert res.exit_code == 0, res.stderr
    assert f"{display_id(IDS[0])} consent: pages 3, 5 of {consent_pages} missing" in res.stdout.decode()
    assert f"{display_id(IDS[1])} diary: all {rendered.page_counts[1]} pages" in res.stdout.decode()


def test_pages_printed_without_ids_group_by_mrn_and_kind(run: Callable[..., Result], tmp_path: Path) -> None:
    rendered = docgen.render(PATIENT, ["aftercare"], printed_at=PRINTED)
    images = page_images(rendered.pdf)
    path = tmp_path / "scan.png"
    images[0].save(path)
    res = run("identify", str(path), "--format", "json")
    report = json.loads(res.stdout)
    assert report["documents"][0]["id"] is None
    assert report["documents"][0]["missing"] == list(range(2, rendered.page_counts[0] + 1))
    assert "(no ID, MRN 00123456) aftercare: pages 2" in run("identify", str(path)).stdout.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not an image", "scan.bin is not a PDF, PNG, JPEG or TIFF that can be read"),
        (b"%PDF-1.7 broken", "scan.bin is not a PDF that can be read"),
    ],
)
def test_unreadable_files_are_one_line_errors(
    run: Callable[..., Result], tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "scan.bin"
    path.write_bytes(content)
    res = run("identify", str(path))
    assert res.exit_code == 1
    assert res.stderr.strip() == f"docgen: error: SCAN: {message}"


def test_missing_file_and_bad_format(run: Callable[..., Result], tmp_path: Path) -> None:
    res = run("identify", str(tmp_path / "nope.pdf"))
    assert res.stderr.strip() == "docgen: error: SCAN: nope.pdf does not exist; check the path"
    res = run("identify", str(tmp_path / "nope.pdf"), "--format", "xml")
    assert res.exit_code == 2  # a usage error, checked before the scan is opened
    assert res.stderr.strip() == "docgen: error: --format: use table or json"
