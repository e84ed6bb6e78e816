"""The printed pages keep the issue's promises on every layout of the matrix.

Every procedure × language × paper × print size × side renders one packet (all four documents) for
a fictional patient with a long name and every personal option on; the packets are rendered and
read back once per session, then each promise is checked over all 48 of them. A failure lists
every violation, each naming its layout, document and PDF page. See docs/testing.md.
"""

from __future__ import annotations

import pytest
from layout_promises import all_promises
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


#: Promises the layout does not keep yet everywhere (issue 10 is still open): each is expected to
#: fail, strictly, so the day one is kept this list must lose it. Some failures are the checks'
#: own assumptions about words the new signing panel no longer prints ("Time" under a block
#: title): the next session sorts which is which. Run with ``--runxfail`` to see the violations.
OPEN = {
    "1a-consent-signs-on-one-page",
    "1c-consent-writing-lines",
    "3-documents-start-on-fronts",
    "4d-no-nearly-empty-page",
    # One layout of 24: the long test name, Spanish, both sides, RFA: its large-print diary runs to
    # 11 pages against 5 (2.2 times; the check allows 2.1).
    "5e-large-print-footer-and-pages",
    "6c-diary-writing-columns",
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
    violations = [v for layout in matrix for v in PROMISES[name](layout)]
    broken = len({v.split(" ")[0].rstrip(":") for v in violations})
    assert not violations, f"{len(violations)} violations in {broken} layouts:\n" + "\n".join(violations)
