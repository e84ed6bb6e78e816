"""Promise 4: nothing breaks or strands: identifiers whole on a line, risk tables that carry their
header and category over a page break, no heading at a page foot, no page left nearly empty."""

from __future__ import annotations

import re

from layout_probe import Line, Page, enclosing_box, find, norm, phrase_pattern, reading_order
from layout_promises import promise
from layout_words import Layout, Words

#: A page of a document (not its last) whose content reaches less than this share of the way down
#: its body holds only a few lines (a heading and a line or two in large print).
SPARSE = 0.2


@promise("4a-identifiers-unbroken")
def identifiers_unbroken(layout: Layout) -> list[str]:
    p, w = layout.packet, layout.words
    phrases = [w.mrn, w.dob, *w.dates, w.time, w.side_label, *w.phones.values()]
    broken: dict[str, list[int]] = {}
    for page in p.pages:
        text = page.joined()
        for phrase in filter(None, phrases):
            strict = len(phrase_pattern(phrase).findall(text))
            if len(phrase_pattern(phrase, breaks="any").findall(text)) > strict:
                broken.setdefault(phrase, []).append(page.index + 1)
        whole = len(phrase_pattern(w.name, breaks="words").findall(text))
        if len(phrase_pattern(w.name, breaks="any").findall(text)) > whole:
            broken.setdefault(f"{w.name} (mid-word)", []).append(page.index + 1)
        elif not whole:
            broken.setdefault(f"{w.name} (missing)", []).append(page.index + 1)
        if _name_outside_id_box(page, w):
            broken.setdefault(f"{w.name} (outside the ID box)", []).append(page.index + 1)
    return [
        f"{layout.name}: {phrase!r} broken across lines on {len(pages)} pages {pages[:8]}"
        for phrase, pages in broken.items()
    ]


def _name_outside_id_box(page: Page, w: Words) -> bool:
    """Whether a line holding part of the name leaves the box round the patient's identifiers."""
    patient = find([page], w.s("header", "patient"), zone="header")
    if not patient:
        return False
    first = patient[0]
    box = enclosing_box(page, first.x0, first.x1, first.bottom, first.top)
    if box is None:
        return False
    tokens = [t for t in re.split(r"[ -]", w.name) if len(t) > 3]
    return any(
        any(t[:4] in ln.text for t in tokens) and (ln.x1 > box[2] + 0.5 or ln.x0 < box[0] - 0.5)
        for ln in page.header()
    )


@promise("4b-risk-table-continues")
def risk_table_continues(layout: Layout) -> list[str]:
    """A page whose risk table starts with a risk row lost its column header; one whose header is
    followed by a risk row lost its category; a category with no risk under it ends a page."""
    p, w, out = layout.packet, layout.words, []
    what = w.s("risks", "what")
    groups = [w.s("risks", k) for k in ("common-minor", "less-common-serious", "rare-serious")]
    # The first two words of each likelihood ("about 1", "less than", "aproximadamente 1"...).
    starts = [" ".join(norm(str(v)).split()[:2]) for v in w.strings["frequency"].values()]

    def role(line: Line, page: Page) -> str:
        text = norm(line.text)
        if text.startswith(what):
            return "header"
        if any(text.startswith(g) for g in groups):
            return "group"
        if line.x0 > 0.4 * page.width and any(text.startswith(s) for s in starts):
            return "risk"
        return ""

    for kind in ("info", "consent"):
        for page in p.doc_pages(kind):
            rows = [(role(ln, page), ln) for ln in reading_order(page.body())]
            rows = [(r, ln) for r, ln in rows if r]
            if not any(r == "risk" for r, _ in rows):
                continue
            at = f"{layout.name} {kind} page {page.index + 1}"
            if rows[0][0] == "risk":
                out.append(f"{at}: the risk table continues without its column header")
            elif rows[0][0] == "header" and len(rows) > 1 and rows[1][0] == "risk":
                out.append(f"{at}: the risk table continues without its category row")
            for n, (r, ln) in enumerate(rows):
                if r == "group" and not any(later == "risk" for later, _ in rows[n + 1 :]):
                    out.append(f"{at}: category {norm(ln.text)!r} ends the page with no risk under it")
    return out


def _headings(w: Words) -> list[str]:
    texts = [t for h1, h2 in w.headings.values() for t in (*h1, *h2)]
    texts += list(w.box_titles)
    texts += [w.s("signatures", k) for k in ("patient", "practitioner", "witness", "interpreter")]
    return [norm(t) for t in texts if t]


@promise("4c-no-heading-at-page-foot")
def no_heading_at_page_foot(layout: Layout) -> list[str]:
    p, out = layout.packet, []
    headings = _headings(layout.words)
    for doc in p.docs:
        for i in doc.pages:
            body = p.pages[i].body()
            if not body:
                continue
            last = min(body, key=lambda ln: (ln.bottom, ln.x0))
            text = norm(last.text)
            if (
                last.bold
                and last.size > p.body_size + 0.5
                and len(text) > 3
                and any(text in h for h in headings)
            ):
                out.append(f"{layout.name} {doc.kind} page {i + 1}: heading {text!r} is the last line")
    return out


@promise("4d-no-nearly-empty-page")
def no_nearly_empty_page(layout: Layout) -> list[str]:
    p, out = layout.packet, []
    for doc in p.docs:
        for i in doc.pages[:-1]:
            share = p.pages[i].fill_fraction()
            if share < SPARSE:
                out.append(f"{layout.name} {doc.kind} page {i + 1}: only {share:.0%} of the body used")
    return out
