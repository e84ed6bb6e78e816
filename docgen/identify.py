"""Read the scan-back codes of a scan: which document, kind, MRN and page each page is, and which
pages of each document are missing.

A scan is a PDF (its pages rendered at 200 dpi with pypdfium2) or an image: PNG, JPEG or TIFF,
multi-page TIFF included. zxing-cpp reads the codes; a page whose code cannot be read (or that
carries none of docgen's) is reported as such, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.errors import InputError
from docgen.identity import Payload, decode_payload, display_id

#: Resolution a PDF's pages are rendered at for reading.
DPI = 200


@dataclass(frozen=True)
class PageResult:
    """One page of the scan: its number in the file (from 1) and what its code says (None: no
    docgen code could be read)."""

    file_page: int
    payload: Payload | None


@dataclass
class DocumentResult:
    """One document seen in the scan: the pages found and those missing."""

    doc_id: str | None
    kind: str
    mrn: str | None
    pages: int
    found: dict[int, list[int]] = field(default_factory=dict)

    @property
    def missing(self) -> list[int]:
        return [n for n in range(1, self.pages + 1) if n not in self.found]

    @property
    def label(self) -> str:
        who = display_id(self.doc_id) if self.doc_id else f"(no ID, MRN {self.mrn or '?'})"
        return f"{who} {self.kind}"


@dataclass(frozen=True)
class Report:
    pages: list[PageResult]
    documents: list[DocumentResult]

    def to_json(self) -> dict[str, Any]:
        """The report for an import script (README, "Scan-back codes and identify")."""

        def page(p: PageResult) -> dict[str, Any]:
            d = p.payload
            if d is None:
                return {"file_page": p.file_page, "readable": False}
            return {
                "file_page": p.file_page,
                "readable": True,
                "id": d.shown_id or None,
                "kind": d.kind,
                "mrn": d.mrn,
                "page": d.page,
                "pages": d.pages,
            }

        return {
            "pages": [page(p) for p in self.pages],
            "documents": [
                {
                    "id": display_id(d.doc_id) if d.doc_id else None,
                    "kind": d.kind,
                    "mrn": d.mrn,
                    "pages": d.pages,
                    "found": sorted(d.found),
                    "missing": d.missing,
                    "file_pages": {str(n): fp for n, fp in sorted(d.found.items())},
                }
                for d in self.documents
            ],
            "unreadable": [p.file_page for p in self.pages if p.payload is None],
        }


def identify(path: Path) -> Report:
    """Read every page of the scan at ``path``."""
    results = [PageResult(n, read_page(image)) for n, image in enumerate(_images(path), start=1)]
    return Report(results, group(results))


def group(results: list[PageResult]) -> list[DocumentResult]:
    """The documents the pages name, in the order first seen."""
    docs: dict[tuple[Any, ...], DocumentResult] = {}
    for result in results:
        p = result.payload
        if p is None:
            continue
        key = (p.doc_id, p.kind, p.mrn, p.pages) if p.doc_id else (None, p.kind, p.mrn, p.pages)
        doc = docs.setdefault(key, DocumentResult(p.doc_id, p.kind, p.mrn, p.pages))
        doc.found.setdefault(p.page, []).append(result.file_page)
    return list(docs.values())


def read_page(image: Any) -> Payload | None:
    """The docgen payload on one page image (a PIL image), or None.

    The code sits in the strip under the footer or above the header, so those strips are read
    first (fast); then the whole page, with a second binarizer and at twice the size for a clean,
    pixel-aligned render that the default one misreads."""
    import zxingcpp
    from PIL import Image

    formats = zxingcpp.barcode_formats_from_str("Code128,DataMatrix")
    grey = image.convert("L")
    w, h = grey.size
    strip = max(1, int(h * 0.12))
    regions = [grey.crop((0, h - strip, w, h)), grey.crop((0, 0, w, strip)), grey]
    tries = [(region, binarizer) for region in regions for binarizer in _binarizers()]
    tries.append((grey.resize((w * 2, h * 2), Image.Resampling.BICUBIC), None))
    for region, binarizer in tries:
        extra = {"binarizer": binarizer} if binarizer is not None else {}
        for code in zxingcpp.read_barcodes(region, formats=formats, **extra):
            payload = decode_payload(code.bytes)
            if payload is not None:
                return payload
    return None


def _binarizers() -> list[Any]:
    import zxingcpp

    return [zxingcpp.Binarizer.LocalAverage, zxingcpp.Binarizer.GlobalHistogram]


def _images(path: Path) -> Iterator[Any]:
    """Each page of the scan as a PIL image; a file that cannot be read raises InputError."""
    name = path.name
    try:
        head = path.read_bytes()[:8]
    except FileNotFoundError:
        raise InputError(f"{name} does not exist; check the path", field="SCAN") from None
    except OSError:
        raise InputError(f"{name} cannot be read; check its permissions", field="SCAN") from None
    if head.startswith(b"%PDF"):
        yield from _pdf_pages(path)
        return
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(path)
        image.load()
    except (UnidentifiedImageError, OSError, ValueError):
        raise InputError(f"{name} is not a PDF, PNG, JPEG or TIFF that can be read", field="SCAN") from None
    with image:
        for frame in ImageSequence.Iterator(image):
            yield frame.convert("L")


def _pdf_pages(path: Path) -> Iterator[Any]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        raise InputError(f"{path.name} is not a PDF that can be read", field="SCAN") from None
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                yield page.render(scale=DPI / 72, grayscale=True).to_pil()
            finally:
                page.close()
    finally:
        pdf.close()


def table(report: Report) -> str:
    """The report as text: a line per file page, then per document what is missing."""
    lines = [f"{'page':>4}  {'document ID':<12} {'kind':<10} {'MRN':<24} page"]
    for p in report.pages:
        d = p.payload
        if d is None:
            lines.append(f"{p.file_page:>4}  no readable code")
            continue
        shown = d.shown_id or "-"
        lines.append(f"{p.file_page:>4}  {shown:<12} {d.kind:<10} {d.mrn or '-':<24} {d.page} of {d.pages}")
    lines.append("")
    for doc in report.documents:
        missing = doc.missing
        dupes = [n for n, at in sorted(doc.found.items()) if len(at) > 1]
        if missing:
            which = ", ".join(map(str, missing))
            word = "page" if len(missing) == 1 else "pages"
            lines.append(f"{doc.label}: {word} {which} of {doc.pages} missing")
        else:
            lines.append(f"{doc.label}: all {doc.pages} pages")
        if dupes:
            lines.append(f"{doc.label}: page(s) {', '.join(map(str, dupes))} scanned more than once")
    unreadable = [str(p.file_page) for p in report.pages if p.payload is None]
    if unreadable:
        lines.append(f"no readable code on file page(s) {', '.join(unreadable)}")
    return "\n".join(lines)
