"""Document IDs: 10 Crockford base32 characters, shown grouped as ``7KQ2M-9XD4R``.

A minimal stand-in with the shared interface of issue 12 (``new_id``, ``normalise_id``); the
``codes`` branch owns this module and its version wins at merge.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0", "-": None, " ": None})


def new_id() -> str:
    """A fresh document ID (50 random bits), as stored: ``7KQ2M9XD4R``."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_id(text: str) -> str:
    """An ID as typed or read aloud (lower case, dashes, I/L for 1, O for 0) in its stored form."""
    value = text.strip().upper().translate(_READ_AS)
    if len(value) != LENGTH or any(ch not in ALPHABET for ch in value):
        raise ValueError("a document ID has 10 letters and digits, such as 7KQ2M-9XD4R")
    return value


def display_id(value: str) -> str:
    """An ID grouped for reading: ``7KQ2M-9XD4R``."""
    return f"{value[:5]}-{value[5:]}"
