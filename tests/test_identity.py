"""Document IDs and the scan-back payload: format, normalising, round trips, foreign codes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docgen.errors import InputError
from docgen.identity import (
    ALPHABET,
    KIND_LETTERS,
    Payload,
    decode_payload,
    display_id,
    encode_payload,
    new_id,
    normalise_id,
)


def test_new_id_is_ten_crockford_characters_and_fresh() -> None:
    ids = {new_id() for _ in range(2000)}
    assert len(ids) == 2000
    for doc_id in ids:
        assert len(doc_id) == 10 and set(doc_id) <= set(ALPHABET)
    assert not set(ALPHABET) & set("ILOU")


def test_normalise_id_accepts_what_people_type() -> None:
    assert normalise_id("7kq2m-9xd4r") == "7KQ2M9XD4R"
    assert normalise_id(" 7KQ2M 9XD4R ") == "7KQ2M9XD4R"
    # Crockford: I and L read as 1, O as 0.
    assert normalise_id("iLo2m-9xd4r") == "1102M9XD4R"
    assert display_id("7kq2m9xd4r") == "7KQ2M-9XD4R"


@pytest.mark.parametrize("bad", ["", "7KQ2M", "7KQ2M-9XD4R-1", "7KQ2M-9XD4U", "7KQ2M_9XD4R", "ÄKQ2M9XD4R"])
def test_normalise_id_rejects_what_is_not_an_id(bad: str) -> None:
    with pytest.raises(InputError, match="document ID"):
        normalise_id(bad)


def test_payload_format() -> None:
    assert encode_payload("7kq2m-9xd4r", "consent", "00123456", 3, 7) == "DG1|7KQ2M9XD4R|C|00123456|3/7"
    assert encode_payload(None, "diary", None, 1, 1) == "DG1||D||1/1"
    assert encode_payload(None, "separator", "DEMO-0001", 2, 2) == "DG1||S|DEMO-0001|2/2"


@given(
    doc_id=st.one_of(st.none(), st.builds(lambda: new_id())),
    kind=st.sampled_from(sorted(KIND_LETTERS)),
    mrn=st.one_of(st.none(), st.from_regex(r"[A-Za-z0-9-]{1,24}", fullmatch=True)),
    pages=st.integers(1, 9999),
    data=st.data(),
)
def test_payload_round_trip(
    doc_id: str | None, kind: str, mrn: str | None, pages: int, data: st.DataObject
) -> None:
    page = data.draw(st.integers(1, pages))
    text = encode_payload(doc_id, kind, mrn, page, pages)
    assert text.isascii() and text.isprintable()
    assert decode_payload(text) == Payload(doc_id, kind, mrn, page, pages)
    assert decode_payload(text.encode()) == Payload(doc_id, kind, mrn, page, pages)


@pytest.mark.parametrize(
    "foreign",
    [
        "00123456",  # an MRN barcode (the separator sheet's)
        "https://example.org/a?id=PT-1",
        "DG2|7KQ2M9XD4R|C|00123456|3/7",  # a later version this one cannot read
        "DG1|7KQ2M9XD4R|X|00123456|3/7",  # unknown kind
        "DG1|7KQ2M9XD4R|C|00123456|8/7",  # page after the last
        "DG1|7KQ2M9XD4R|C|00123456|0/7",
        "DG1|7KQ2M9XD4|C|00123456|3/7",  # ID one short
        "DG1|7KQ2M9XD4R|C|00123456|3/7|extra",
        "DG1|7KQ2M9XD4R|C|00123456",
        "",
    ],
)
def test_foreign_codes_are_not_read_as_docgen(foreign: str) -> None:
    assert decode_payload(foreign) is None


def test_non_ascii_bytes_are_foreign() -> None:
    assert decode_payload(b"DG1|\xff") is None
    assert decode_payload("DG1|7KQ2M9XD4R|C|00123456|3/7\x00") is None


def test_encode_rejects_what_no_page_can_say() -> None:
    with pytest.raises(ValueError):
        encode_payload(None, "letter", None, 1, 1)
    with pytest.raises(ValueError):
        encode_payload(None, "info", None, 2, 1)
    with pytest.raises(ValueError):
        encode_payload(None, "info", "00 12", 1, 1)
