"""Promises 5 and 6: type (measure, size steps, large print) and the diary's writing spaces."""

from __future__ import annotations

import itertools
import re
from statistics import median

from layout_probe import INCH, Line, Page, chars_per_line, enclosing_box, find, norm, summary
from layout_promises import promise
from layout_words import Layout, Words

MEASURE = (60, 75)  # characters per full body line, standard print (median)
LARGE_LEAST, LARGE_READ = 14.0, 16.0  # points: every character / every word the patient must read
LARGE_PAGES = 2.1  # large print may take about twice the standard pages


def _step(big: float, small: float) -> bool:
    """A size step a reader sees: at least 1 pt and 6 %."""
    return big - small >= 1.0 - 0.05 and big >= small * 1.06 - 0.05


@promise("5a-measure", applies=lambda layout: "/standard/" in layout.name)
def measure(layout: Layout) -> list[str]:
    if "/standard/" not in layout.name:
        return []
    counts = chars_per_line(layout.packet)
    if not counts or not MEASURE[0] <= median(counts) <= MEASURE[1]:
        return [f"{layout.name}: characters per full body line: {summary(counts)} (want a median of 60-75)"]
    return []


def _sizes(pages: list[Page], texts: tuple[str, ...] | list[str], zone: str = "body") -> list[float]:
    wanted = [norm(t) for t in texts if t]
    out = []
    for page in pages:
        lines = page.body() if zone == "body" else page.header()
        for ln in lines:
            text = norm(ln.text)
            if ln.bold and len(text) > 3 and any(w.startswith(text) or text.startswith(w) for w in wanted):
                out.append(ln.size)
    return out


@promise("5b-size-steps")
def size_steps(layout: Layout) -> list[str]:
    p, w = layout.packet, layout.words
    title, h1, h2 = [], [], []
    for doc in p.docs:
        pages = [p.pages[i] for i in doc.pages]
        title += _sizes(pages, [w.s("titles", doc.kind)], zone="header")
        sections, subs = w.headings.get(doc.kind, ((), ()))
        h1 += _sizes(pages, sections)
        h2 += _sizes(pages, subs)
    steps = [("title", title), ("section heading", h1), ("sub-heading", h2), ("body", [p.body_size])]
    found = [(name, median(sizes)) for name, sizes in steps if sizes]
    bad = [f"{a} {x:g} pt vs {b} {y:g} pt" for (a, x), (b, y) in itertools.pairwise(found) if not _step(x, y)]
    return [f"{layout.name}: size steps too small: {'; '.join(bad)}"] if bad else []


def _in_warning_box(page: Page, line: Line, markers: list[str]) -> bool:
    box = enclosing_box(page, line.x0, line.x1, line.bottom, line.top)
    if box is None:
        return False
    inside = [ln for ln in page.body() if box[1] <= ln.y <= box[3] and box[0] <= ln.x0 <= box[2]]
    return any(m in norm(ln.text) for ln in inside for m in markers)


@promise("5c-phones-stand-out")
def phones_stand_out(layout: Layout) -> list[str]:
    p, w, out = layout.packet, layout.words, []
    for kind, (_, boxes) in w.warnings.items():
        markers = [m for box in boxes for m in (box.title[:30], *box.markers)]
        for phone in {ph for box in boxes for ph in box.phones}:
            for ln in find(p.doc_pages(kind), phone):
                page = p.pages[ln.page]
                size = (ln.span(phone) or (0.0, False))[0]
                if size <= p.body_size + 0.05 and _in_warning_box(page, ln, markers):
                    out.append(f"{layout.name} {kind} page {ln.page + 1}: {phone} at {size:g} pt, body size")
    return out


def _must_read(page: Page, w: Words) -> list[Line]:
    """Body lines, and the header lines with the identifiers or the title."""
    marks = [w.mrn, w.dob, w.s("header", "patient"), w.s("titles", page.kind)[:12]]
    marks += [t for t in re.split(r"[ -]", w.name) if len(t) > 3]
    head = [ln for ln in page.header() if any(m and m[:8] in norm(ln.text) for m in marks)]
    return [*page.body(), *head]


@promise("5d-large-print-sizes", applies=lambda layout: "/large/" in layout.name)
def large_print_sizes(layout: Layout) -> list[str]:
    if "/large/" not in layout.name:
        return []
    p, w, out = layout.packet, layout.words, []
    tiny = [ln for page in p.pages for ln in page.lines if ln.min_size < LARGE_LEAST - 0.05]
    small = [ln for page in p.pages for ln in _must_read(page, w) if ln.min_size < LARGE_READ - 0.05]
    for lines, least, what in ((tiny, LARGE_LEAST, "characters"), (small, LARGE_READ, "words to read")):
        if lines:
            worst = min(lines, key=lambda ln: ln.min_size)
            examples = sorted({norm(ln.text)[:40] for ln in lines})[:4]
            out.append(
                f"{layout.name}: {len(lines)} lines of {what} under {least:g} pt "
                f"(smallest {worst.min_size:g} pt, page {worst.page + 1}), e.g. {examples}"
            )
    return out


@promise("5e-large-print-footer-and-pages", applies=lambda layout: "/large/" in layout.name)
def large_print_footer_and_pages(layout: Layout) -> list[str]:
    if "/large/" not in layout.name:
        return []
    p, out = layout.packet, []
    for doc in p.docs:
        rows = [len({round(ln.y / 3) for ln in p.pages[i].footer()}) for i in doc.pages]
        if max(rows, default=0) > 2:
            out.append(f"{layout.name} {doc.kind}: footer of {max(rows)} lines (want 1 or 2)")
        twin = layout.standard.doc(doc.kind) if layout.standard else None
        if (
            twin
            and doc.kind in ("diary", "consent", "aftercare")
            and len(doc.pages) > LARGE_PAGES * len(twin.pages)
        ):
            out.append(f"{layout.name} {doc.kind}: {len(doc.pages)} pages, standard print {len(twin.pages)}")
    return out


# -- 6. The diary ----------------------------------------------------------------------------------


Box = tuple[float, float, float, float]


def _cell(page: Page, line: Line) -> Box | None:
    return enclosing_box(page, line.x0, line.x1, line.bottom, line.top)


def _has_blank(page: Page, cell: Box) -> bool:
    x0, y0, x1, y1 = cell
    for ln in page.body():
        if x0 <= ln.x0 <= x1 and y0 <= ln.y <= y1 and re.search(r"_{3,}|_+\s*:\s*_+", ln.text):
            return True
    return any(
        e.horizontal
        and x0 - 0.5 <= e.x0
        and e.x1 <= x1 + 0.5
        and y0 + 2 < e.y0 < y1 - 2
        and e.length >= 0.4 * INCH
        for e in page.body_edges()
    )


def _baseline_labels(layout: Layout) -> list[Line]:
    """The first line of each baseline row's label (it may wrap: its first words are looked for)."""
    p, w = layout.packet, layout.words
    first = w.s("diary", "baseline")[:10]
    return [ln for ln in find(p.doc_pages("diary"), first) if ln.x0 < 0.3 * p.pages[ln.page].width]


@promise("6a-diary-time-blanks")
def diary_time_blanks(layout: Layout) -> list[str]:
    """Rows that ask for a time (those saying "write the time", and the baseline row, whose time is
    never known beforehand) have a blank to write it: underscores or a drawn line in the cell."""
    p, w, out = layout.packet, layout.words, []
    cells: dict[tuple[int, ...], tuple[Line, Box]] = {}
    # Older diaries printed the words "write the time" where a time was asked for; the words are
    # gone when every such row has its blank, so only the baseline rows are left to look at.
    asked = (
        find(p.doc_pages("diary"), w.s("diary", "write_time")) if "write_time" in w.strings["diary"] else []
    )
    for ln in [*asked, *_baseline_labels(layout)]:
        cell = _cell(p.pages[ln.page], ln)
        if cell is not None:
            cells[(ln.page, *map(round, cell))] = (ln, cell)
    for ln, cell in cells.values():
        if not _has_blank(p.pages[ln.page], cell):
            out.append(f"{layout.name} diary page {ln.page + 1}: {norm(ln.text)!r} asks for a time, no blank")
    return out


def _when(w: Words) -> re.Pattern[str]:
    """Row labels of the diary's later rows ("15 min after", "Day 3", ...)."""
    keys = ("after_minutes", "after_hours", "after_hour", "day", "week")
    return re.compile("|".join(re.escape(w.s("diary", k)).replace(r"\{n\}", r"\d+") for k in keys))


@promise("6b-diary-baseline-no-relief")
def diary_baseline_no_relief(layout: Layout) -> list[str]:
    """The baseline row's relief cell is shaded, struck through with a dash, or merged away (a
    table); a baseline card has no relief cell, or a shaded or struck-through one."""
    p, w, out = layout.packet, layout.words, []
    labels = _baseline_labels(layout)
    if not labels:
        return [f"{layout.name} diary: no baseline row found"]
    if "relief" not in w.strings["diary"]:  # no relief column at all: the clinic works it out
        return []
    for ln in labels:
        page = p.pages[ln.page]
        row, heads = _cell(page, ln), find([page], w.s("diary", "relief"))
        later = [t.y for t in page.body() if t.y < ln.y and _when(w).search(norm(t.text))]
        above = [h for h in heads if h.y > ln.y]  # a table: the column header above the row
        card = [] if above else [h for h in heads if max(later, default=0.0) < h.y < ln.y]
        head = card[0] if card else min(above, key=lambda h: h.y, default=None)
        column = _cell(page, head) if head else None
        if row is None or column is None:
            continue
        x0, x1 = column[0], column[2]
        y0, y1 = (column[1], column[3]) if card else (row[1], row[3])
        shaded = any(
            f.grey < 0.97 and f.x0 <= x0 + 2 and f.x1 >= x1 - 2 and f.y0 <= y0 + 2 and f.y1 >= y1 - 2
            for f in page.fills
        )
        written = any(x0 < t.x0 < x1 and y0 < t.y < y1 and t is not head for t in page.body())
        walls = [e.x0 for e in page.edges if e.vertical and e.y0 <= y0 + 1 and e.y1 >= y1 - 1]
        walled = any(abs(x - x0) < 1 for x in walls) and any(abs(x - x1) < 1 for x in walls)
        if walled and not shaded and not written:
            out.append(f"{layout.name} diary page {ln.page + 1}: the baseline row has a relief box")
    return out


@promise("6c-diary-writing-columns")
def diary_writing_columns(layout: Layout) -> list[str]:
    """Columns written in by hand (what you tried, medicines, notes) at least 1.8 in wide."""
    p, w, out = layout.packet, layout.words, []
    narrow: dict[str, set[tuple[float, int]]] = {}
    card = w.strings["diary"].get("card", {})  # large print labels its cards more briefly
    for key in ("activity", "medicines", "notes"):
        label = w.s("diary", "card", key) if "/large/" in layout.name and key in card else w.s("diary", key)
        heads = find(p.doc_pages("diary"), label[:12])
        if not heads and key != "notes":  # notes are only in weekly tables
            out.append(f"{layout.name} diary: column {label!r} not found")
        for head in heads:
            cell = _cell(p.pages[head.page], head)
            if cell and cell[2] - cell[0] < 1.8 * INCH - 0.5:
                narrow.setdefault(label, set()).add((round((cell[2] - cell[0]) / INCH, 2), head.page + 1))
    for label, seen in narrow.items():
        widths, pages = sorted({x for x, _ in seen}), sorted({n for _, n in seen})
        out.append(f"{layout.name} diary: column {label!r} {widths} in wide (< 1.8 in), pages {pages[:8]}")
    return out


@promise("6d-diary-bilateral-sides", applies=lambda layout: layout.words.side == "bilateral")
def diary_bilateral_sides(layout: Layout) -> list[str]:
    """A bilateral diary's score tables ask for the left and the right side (words in the cells)."""
    p, w = layout.packet, layout.words
    if w.side != "bilateral":
        return []
    sides = [w.s("side", s, "short").casefold() for s in ("left", "right")]
    one = []
    for page in p.doc_pages("diary"):
        heads = [ln for k in ("pain", "daily_pain") for ln in find([page], w.s("diary", k).split("(")[0])]
        if not heads:
            continue
        table = [ln for ln in page.body() if ln.y <= max(h.top for h in heads) and _cell(page, ln)]
        cells = " ".join(norm(ln.text).casefold() for ln in table)
        if not all(re.search(rf"\b{re.escape(s)}\b", cells) for s in sides):
            one.append(page.index + 1)
    return [f"{layout.name} diary: one pain score for both sides on pages {one[:8]}"] if one else []


@promise("6e-diary-clinic-box-not-alone", applies=lambda layout: "injection" in layout.name)
def diary_clinic_box_not_alone(layout: Layout) -> list[str]:
    """The clinic's review box (the diary's last block) shares its page with something above it."""
    p, w, out = layout.packet, layout.words, []
    review = w.s("diary", "review", "title").split("{")[0].split(":")[0]
    for title in find(p.doc_pages("diary"), review):
        if not [ln for ln in p.pages[title.page].body() if ln.bottom > title.top]:
            out.append(f"{layout.name} diary page {title.page + 1}: {review!r} is alone on its page")
    return out
