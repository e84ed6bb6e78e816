"""The printed pages keep the issue's promises on every layout of the matrix.

Every procedure × language × paper × print size × side renders one packet (all four documents) for
a fictional patient with a long name and every personal option on; the packets are rendered and
read back once per session, then each promise is checked over all 48 of them. A failure lists
every violation, each naming its layout, document and PDF page. See docs/testing.md.
"""

from __future__ import annotations

import pytest
from layout_promises import APPLIES, all_promises
from layout_words import Layout, render_matrix

PROMISES = all_promises()


@pytest.fixture(scope="session")
def matrix() -> list[Layout]:
    return render_matrix()


def test_the_matrix_is_whole(matrix: list[Layout]) -> None:
    assert len(matrix) == 48
    for layout in matrix:
        assert [d.kind for d in layout.packet.docs] == ["info", "consent", "aftercare", "diary"]
        assert layout.packet.body_size in (12.0, 17.0), layout.name


#: Promises the layout does not keep everywhere, each expected to fail, strictly (the day one is
#: kept, this list must lose it). Run with ``--runxfail`` to see the violations.
OPEN = {
    # Measured: at 16 pt and more, the statement and four signers need about one and a half pages;
    # large print puts them on the two sides of one sheet instead ("1a-large-...-one-sheet").
    "1a-large-consent-signs-on-one-page",
}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason="not kept everywhere yet"))
        if name in OPEN
        else name
        for name in PROMISES
    ],
)
def test_promise(matrix: list[Layout], name: str) -> None:
    violations = [v for layout in matrix if APPLIES[name](layout) for v in PROMISES[name](layout)]
    broken = len({v.split(" ")[0].rstrip(":") for v in violations})
    assert not violations, f"{len(violations)} violations in {broken} layouts:\n" + "\n".join(violations)
