"""Rendered pages as a scanner returns them, and the codes zxing-cpp reads on them."""

from __future__ import annotations

import random
from typing import Any

#: A scanner's usual resolution for paper records.
DPI = 150


def page_images(pdf: bytes, dpi: int = DPI) -> list[Any]:
    """Every page of ``pdf`` as a grey-scale PIL image."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(doc))]
    finally:
        doc.close()


def scanned(image: Any, seed: int) -> Any:
    """``image`` as a sheet fed a little crooked: rotated 1 to 2 degrees either way, on white, with
    some noise (a fixed seed per page, so a failure can be reproduced)."""
    from PIL import Image

    rng = random.Random(seed)
    angle = rng.choice((-1, 1)) * rng.uniform(1.0, 2.0)
    turned = image.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
    noise = Image.frombytes("L", turned.size, rng.randbytes(turned.width * turned.height))
    return Image.blend(turned, noise, 0.15)


def read_codes(image: Any) -> list[str]:
    """The text of every Code 128 and Data Matrix symbol zxing-cpp finds on the page."""
    import zxingcpp

    formats = zxingcpp.barcode_formats_from_str("Code128,DataMatrix")
    return [code.text for code in zxingcpp.read_barcodes(image, formats=formats)]
