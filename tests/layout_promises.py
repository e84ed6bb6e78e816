"""The printed pages' promises, one function each: a layout in, human-readable violations out.

Each message starts with the layout (procedure/language/paper/size/side) and the document, and
names PDF pages (1-based), so a failure can be looked at directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from layout_probe import (
    INCH,
    Line,
    Page,
    enclosing_box,
    find,
    norm,
    reading_order,
)
from layout_words import KEY_FACTS, Layout, Words

Check = Callable[[Layout], list[str]]
PROMISES: dict[str, Check] = {}
#: Which layouts a promise is about (the others pass it trivially): reported by the benchmark.
APPLIES: dict[str, Callable[[Layout], bool]] = {}


def promise(name: str, applies: Callable[[Layout], bool] = lambda layout: True) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        PROMISES[name] = check
        APPLIES[name] = applies
        return check

    return register


def pages_of(lines: Iterable[Line]) -> str:
    numbers = sorted({ln.page + 1 for ln in lines})
    return "page " + ", ".join(map(str, numbers)) if numbers else "nowhere"


#: The i18n keys of the consent's form labels, each with a writing line.
FORM_LABELS = (
    "printed_name",
    "signature",
    "date",
    "time",
    "relationship",
    "language",
    "interpreter_id",
    "mode",
)


def _label(words: Words, key: str) -> str:
    return words.s("signatures", key)


def _is_label(line: Line, label: str) -> bool:
    """Whether ``line`` is the label, or its first line when it wraps ("Time (hh:mm" / "am/pm)")."""
    text = norm(line.text)
    whole = text.startswith(label[:14]) and len(text) <= len(label) + 3
    return whole or (len(text) >= 4 and len(text) < len(label) and label.startswith(text) and " " in text)


#: The captions a form may print for a field: its label or (date and time sharing one line) both in
#: one.
CAPTIONS = {
    "date": ("date_time", "date"),
    "time": ("date_time", "time"),
}


def _is_field(words: Words, line: Line, key: str) -> bool:
    """Whether ``line`` is the caption of the form field ``key`` (e.g. "Date (mm/dd/yyyy)")."""
    for name in CAPTIONS.get(key, (key,)):
        if name in words.strings["signatures"] and _is_label(line, _label(words, name)):
            return True
    return False


def _writing_line(page: Page, label: Line) -> tuple[float, float, float] | None:
    """The writing line a form label belongs to: the nearest rule below it (or beside it) that
    starts at or after the label, or a rule just above it when the label is a caption under its
    line: (x0, x1, y)."""
    below = [
        e
        for e in page.body_edges()
        if e.horizontal and not e.closed and label.y - 90 < e.y0 < label.y + 3 and e.x0 >= label.x0 - 5
    ]
    above = [
        e
        for e in page.body_edges()
        if e.horizontal
        and not e.closed
        and label.y < e.y0 < label.y + 1.6 * label.size
        and e.x0 - 2 <= label.x0 <= e.x1
    ]
    if above:
        best = min(above, key=lambda e: e.y0)
    elif below:
        best = min(below, key=lambda e: (round(label.y - e.y0), e.x0))
    else:
        return None
    return best.x0, best.x1, best.y0


# -- 1. The consent signs as one piece ------------------------------------------------------------------


def _signing_section(layout: Layout) -> tuple[Line | None, list[Line]]:
    """The consent's signing heading and every body line from it to the end of the consent."""
    p, w = layout.packet, layout.words
    body = reading_order(ln for page in p.doc_pages("consent") for ln in page.body())
    heads = [ln for ln in body if w.signing_heading and norm(ln.text).startswith(w.signing_heading[:20])]
    return (heads[0], body[body.index(heads[0]) :]) if heads else (None, [])


def _signing_parts(layout: Layout) -> tuple[Line | None, dict[str, Line | None], list[str]]:
    """The signing heading, and the line of the statement, of each signer's title and of each of
    their signature, date and time captions ("<title> / Date"); and what is missing."""
    w = layout.words
    head, after = _signing_section(layout)
    if head is None:
        return None, {}, [f"heading {w.signing_heading!r} not found"]
    wanted: dict[str, Line | None] = {
        "statement": next((ln for ln in after if w.statement and w.statement in norm(ln.text)), None)
    }
    titles = [_label(w, k) for k in ("patient", "practitioner", "witness", "interpreter")]
    at_title = [i for i, ln in enumerate(after) if any(norm(ln.text).startswith(t[:20]) for t in titles)]
    for t in titles:
        wanted[t] = next((ln for ln in after if norm(ln.text).startswith(t[:20])), None)
    for n, i in enumerate(at_title):
        block = after[i : at_title[n + 1] if n + 1 < len(at_title) else len(after)]
        for key in ("signature", "date", "time"):
            text = _label(w, key)
            wanted[f"{norm(after[i].text)} / {text}"] = next(
                (ln for ln in block if _is_field(w, ln, key)), None
            )
    missing = [k for k, v in wanted.items() if v is None]
    return head, wanted, [f"not found after the heading: {', '.join(map(repr, missing))}"] if missing else []


def _large(layout: Layout) -> bool:
    return "/large/" in layout.name


@promise("1a-consent-signs-on-one-page", applies=lambda layout: not _large(layout))
def consent_signs_on_one_page(layout: Layout) -> list[str]:
    """The signing heading, the statement and every signer's title, signature, date and time."""
    at = f"{layout.name} consent"
    head, wanted, problems = _signing_parts(layout)
    out = [f"{at}: {p}" for p in problems]
    if head is None:
        return out
    strays: dict[int, list[str]] = {}
    for key, line in wanted.items():
        if line is not None and line.page != head.page and " / " not in key:
            strays.setdefault(line.page, []).append(repr(key))
    for key, line in wanted.items():  # a label apart from its own block's title
        title = wanted.get(key.split(" / ")[0]) if " / " in key else None
        if line is not None and title is not None and line.page != title.page:
            strays.setdefault(line.page, []).append(f"{key!r} (apart from its title)")
    if strays:
        parts = "; ".join(f"on page {n + 1}: {', '.join(v)}" for n, v in sorted(strays.items()))
        out.append(f"{at}: heading on page {head.page + 1}, but {parts}")
    return out


# Large print cannot hold the statement and four signers on one page at 16 pt or more (it needs
# about one and a half): the same check, kept apart so that standard print must pass it.
promise("1a-large-consent-signs-on-one-page", applies=_large)(consent_signs_on_one_page)


@promise("1a-large-consent-signs-on-one-sheet", applies=_large)
def consent_signs_on_one_sheet(layout: Layout) -> list[str]:
    """Large print: the statement and the patient's block on one page, the other signers on the
    next, which is the back of the same sheet; that page names the procedure and side again."""
    at = f"{layout.name} consent"
    head, wanted, problems = _signing_parts(layout)
    out = [f"{at}: {p}" for p in problems]
    if head is None:
        return out
    if head.page % 2:
        out.append(f"{at}: the signing starts on page {head.page + 1}, a back")
    patient = _label(layout.words, "patient")
    for key, line in wanted.items():
        if line is None:
            continue
        front = key == "statement" or key.startswith(patient[:20])
        if line.page != head.page and (front or line.page != head.page + 1):
            out.append(f"{at}: {key!r} on page {line.page + 1}, the signing starts on page {head.page + 1}")
    back = {line.page for line in wanted.values() if line is not None} - {head.page}
    if back and not find([layout.packet.pages[head.page + 1]], norm(layout.words.side_label)):
        out.append(f"{at}: page {head.page + 2} does not name the procedure and side")
    return out


@promise("1b-consent-filed-alone")
def consent_filed_alone(layout: Layout) -> list[str]:
    """The consent starts on a front side, and the next document starts on a front side too."""
    p, out = layout.packet, []
    at = f"{layout.name} consent"
    doc = p.doc("consent")
    if doc is None or not doc.pages:
        return [f"{at}: no consent in the packet"]
    if doc.pages[0] % 2:
        out.append(f"{at}: starts on page {doc.pages[0] + 1}, a back")
    following = [d for d in p.docs if d.pages and d.pages[0] > doc.pages[-1]]
    if following and following[0].pages[0] % 2:
        out.append(f"{at}: the next document starts on page {following[0].pages[0] + 1}, a back")
    return out


@promise("1c-consent-writing-lines")
def consent_writing_lines(layout: Layout) -> list[str]:
    """Signature lines at least 3 in long, and nothing printed on any writing line."""
    p, w, out = layout.packet, layout.words, []
    at = f"{layout.name} consent"
    short: list[str] = []
    for label in _signing_section(layout)[1]:
        keys = [k for k in FORM_LABELS if _is_field(w, label, k)]
        if not keys:
            continue
        page = p.pages[label.page]
        if keys[0] == "mode":  # answered by ticking a box, on its line or the next
            near = [ln for ln in page.body() if 0 <= label.y - ln.y < 2.5 * label.size]
            if not any("\u2610" in ln.text for ln in near):
                out.append(f"{at}: no boxes to tick for {norm(label.text)!r} on page {label.page + 1}")
            continue
        rule = _writing_line(page, label)
        if rule is None:
            out.append(f"{at}: no writing line for {norm(label.text)!r} on page {label.page + 1}")
            continue
        x0, x1, y = rule
        if keys[0] == "signature" and x1 - x0 < 3 * INCH - 0.5:
            short.append(f"{(x1 - x0) / INCH:.2f} in on page {label.page + 1}")
        for ln in page.body():
            if ln is not label and min(ln.x1, x1) - max(ln.x0, x0) > 2 and y - 2 < ln.y < y + 0.9 * ln.size:
                out.append(
                    f"{at}: {norm(ln.text)!r} printed on the {norm(label.text)!r} line, page {ln.page + 1}"
                )
    if short:
        out.append(f"{at}: {len(short)} signature lines shorter than 3 in ({', '.join(sorted(set(short)))})")
    return out


# -- 2. Help is easy to find ------------------------------------------------------------------------


def _boxed_bold_phone(page: Page, phone: str, least: float) -> str:
    """Why the phone number is not on the page in a box, bold, at ``least`` points ('' if it is)."""
    seen = []
    for ln in find([page], phone):
        size, bold = ln.span(phone) or (0.0, False)
        boxed = enclosing_box(page, ln.x0, ln.x1, ln.bottom, ln.top) is not None
        if bold and size >= least - 0.05 and boxed:
            return ""
        seen.append(f"{size:g} pt{' bold' if bold else ''}{'' if boxed else ' unboxed'}")
    return ", ".join(seen) or "absent"


@promise("2a-aftercare-help-strip")
def aftercare_help_strip(layout: Layout) -> list[str]:
    """Aftercare page 1: every number to call, boxed, bold, at least 2 pt over body size."""
    p, w, out = layout.packet, layout.words, []
    pages = p.doc_pages("aftercare")
    if not pages:
        return [f"{layout.name}: no aftercare"]
    least = p.body_size + 2
    for key, phone in w.phones.items():
        why = _boxed_bold_phone(pages[0], phone, least)
        if why:
            out.append(
                f"{layout.name} aftercare page {pages[0].index + 1}: {key} number {phone} not boxed "
                f"in bold at ≥ {least:g} pt ({why})"
            )
    return out


@promise("2b-warning-section-together")
def warning_section_together(layout: Layout) -> list[str]:
    """Standard print: heading, both boxes and their numbers on one page. Large print: every page
    with part of a warning box also has that box's title and numbers."""
    p, w, out = layout.packet, layout.words, []
    large = "/large/" in layout.name
    for kind, (heading, boxes) in w.warnings.items():
        pages = p.doc_pages(kind)
        at = f"{layout.name} {kind}"
        parts: dict[str, list[Line]] = {"heading": find(pages, heading) if heading else []}
        for box in boxes:
            parts[box.title] = find(pages, box.title[:30])
            content = [ln for m in box.markers for ln in find(pages, m)]
            holding = {c.page for c in content}
            content += [ln for ph in box.phones for ln in find(pages, ph) if ln.page in holding]
            parts[f"{box.title[:30]}… content"] = content
            for page_no in sorted(holding) if large else []:
                lacks = [t for t in (box.title[:30], *box.phones) if not find([p.pages[page_no]], t)]
                if lacks:
                    out.append(f"{at}: page {page_no + 1} holds part of {box.title[:30]!r}… without {lacks}")
        spread = {k: sorted({ln.page + 1 for ln in v}) for k, v in parts.items()}
        if not large and len({n for v in spread.values() for n in v}) > 1:
            out.append(f"{at}: the warning section spreads over pages: {spread}")
    return out


@promise("2c-info-key-facts")
def info_key_facts(layout: Layout) -> list[str]:
    """Info page 1: a boxed key-facts summary with the arrival time and the number to call."""
    w = layout.words
    pages = layout.packet.doc_pages("info")
    if not pages:
        return [f"{layout.name}: no info sheet"]
    first = pages[0]
    titles = [
        ln
        for ln in first.body()
        if (w.key_facts and w.key_facts[:20] in norm(ln.text)) or KEY_FACTS.search(norm(ln.text))
    ]
    box = (
        enclosing_box(first, titles[0].x0, titles[0].x1, titles[0].bottom, titles[0].top) if titles else None
    )
    if box is None:
        return [f"{layout.name} info page {first.index + 1}: no boxed key-facts summary"]
    inside = " ".join(norm(ln.text) for ln in first.body() if box[1] <= ln.y <= box[3])
    if w.phones["day"] not in inside or not re.search(r"\d{1,2}[:.]\d{2}", inside):
        return [
            f"{layout.name} info page {first.index + 1}: the key facts lack the arrival time or the phone"
        ]
    return []


# -- 3. Two-sided packets ---------------------------------------------------------------------------


@promise("3-documents-start-on-fronts")
def documents_start_on_fronts(layout: Layout) -> list[str]:
    p, w, out = layout.packet, layout.words, []
    starts = {d.pages[0] for d in p.docs if d.pages}
    for doc in p.docs:
        if doc.pages and doc.pages[0] % 2:
            out.append(f"{layout.name} {doc.kind}: starts on page {doc.pages[0] + 1}, a back")
        for b in doc.blanks:
            page = p.pages[b]
            head = " ".join(norm(ln.text) for ln in page.header())
            if w.mrn not in head or w.s("header", "patient") not in head:
                out.append(f"{layout.name} page {b + 1}: blank back without the patient's header")
            # A blank back comes before a document, or (large print) before the consent's signing
            # pages, so that they are the two sides of one sheet.
            signing = _signing_section(layout)[0]
            if b + 1 not in starts and not (signing is not None and signing.page == b + 1):
                out.append(f"{layout.name} page {b + 1}: blank back that no document follows")
    for page in p.pages:
        if not page.blank and not page.body() and not page.body_edges():
            out.append(f"{layout.name} page {page.index + 1}: empty, not marked intentionally blank")
    return out


def all_promises() -> dict[str, Check]:
    """Every promise, by name (numbered as the issue numbers them)."""
    import layout_promises_text  # noqa: F401  (registers 4a-4d)
    import layout_promises_type  # noqa: F401  (registers 5a-6e)

    return dict(sorted(PROMISES.items()))
