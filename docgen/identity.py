"""Document IDs and the scan-back code's payload.

A document ID is 10 Crockford base32 characters (50 random bits from :mod:`secrets`), shown as two
groups of five (``7KQ2M-9XD4R``): short, and unambiguous when read aloud or typed back (no I, L, O
or U; :func:`normalise_id` reads I and L as 1 and O as 0).

The payload of the code printed on every page is printable ASCII, Code 128 friendly::

    DG1|7KQ2M9XD4R|C|00123456|3/7

``DG1`` names the format and its version; then the document ID (empty when the print has none),
the kind as one letter (I info, C consent, A aftercare, D diary, B a page left blank, S the
separator sheet), the MRN (empty when the ``[codes] include_mrn`` setting drops it) and page n of
N of that document. One letter keeps the Code 128 symbol short enough for half a page's width.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from docgen.errors import InputError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10
PREFIX = "DG1"

#: The kind's letter in the payload; the word is what :func:`decode_payload` gives back.
KIND_LETTERS = {
    "info": "I",
    "consent": "C",
    "aftercare": "A",
    "diary": "D",
    "blank": "B",
    "separator": "S",
}
_KINDS = {letter: kind for kind, letter in KIND_LETTERS.items()}
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})
_ID = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")
_MRN = re.compile(r"[A-Za-z0-9-]{1,24}")
_PAYLOAD = re.compile(
    rf"{PREFIX}\|(?P<id>[{ALPHABET}]{{{LENGTH}}})?\|(?P<kind>[A-Z])\|(?P<mrn>[A-Za-z0-9-]{{1,24}})?"
    r"\|(?P<page>[1-9][0-9]{0,3})/(?P<pages>[1-9][0-9]{0,3})"
)


def new_id() -> str:
    """A fresh document ID: 10 Crockford base32 characters, no dash."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_id(text: str) -> str:
    """The ID in ``text`` as stored (``7KQ2M9XD4R``): lower case, dashes and spaces are accepted,
    and I or L read as 1, O as 0. Anything else raises :class:`InputError`."""
    cleaned = re.sub(r"[\s-]", "", str(text)).upper().translate(_READ_AS)
    if not _ID.fullmatch(cleaned):
        raise InputError(
            f"a document ID is {LENGTH} letters and digits, for example 7KQ2M-9XD4R", field="document ID"
        )
    return cleaned


def display_id(doc_id: str) -> str:
    """The ID as printed and read aloud: ``7KQ2M-9XD4R``."""
    cleaned = normalise_id(doc_id)
    return f"{cleaned[:5]}-{cleaned[5:]}"


@dataclass(frozen=True)
class Payload:
    """What one page's code says."""

    doc_id: str | None
    kind: str
    mrn: str | None
    page: int
    pages: int

    @property
    def shown_id(self) -> str:
        return display_id(self.doc_id) if self.doc_id else ""


def encode_payload(doc_id: str | None, kind: str, mrn: str | None, page: int, pages: int) -> str:
    """The code's text for page ``page`` of ``pages`` of a document (see the module's docstring)."""
    if kind not in KIND_LETTERS:
        raise ValueError(f"unknown document kind for a scan-back code: {kind!r}")
    if not 1 <= page <= pages <= 9999:
        raise ValueError("page must be 1 to pages (at most 9999)")
    ident = normalise_id(doc_id) if doc_id else ""
    if mrn and not _MRN.fullmatch(mrn):
        raise ValueError("an MRN in a scan-back code is 1 to 24 letters, digits or dashes")
    return f"{PREFIX}|{ident}|{KIND_LETTERS[kind]}|{mrn or ''}|{page}/{pages}"


def decode_payload(text: str | bytes) -> Payload | None:
    """The payload in a code's text, or None when the code is not a docgen one (a foreign barcode,
    another version, a damaged read)."""
    if isinstance(text, bytes):
        try:
            text = text.decode("ascii")
        except UnicodeDecodeError:
            return None
    match = _PAYLOAD.fullmatch(text.strip())
    if match is None or match["kind"] not in _KINDS:
        return None
    page, pages = int(match["page"]), int(match["pages"])
    if page > pages:
        return None
    return Payload(match["id"], _KINDS[match["kind"]], match["mrn"], page, pages)
