"""Batch benchmark: throughput with 1 and 2 processes, peak memory for short and long schedules,
and a bare ReportLab loop for comparison: hand-written platypus code that lays out the same words
and structure as docgen's aftercare sheet for the same rows (text made before its clock starts).

    python benchmarks/batch.py            # the full run (about 5 to 10 minutes on 2 cores)
    python benchmarks/batch.py --quick    # smaller numbers, to check the script works

Every patient is fictional. Timings are wall-clock on this machine; the load average is printed
with them, because other work on the machine slows every figure down.
"""

from __future__ import annotations

import argparse
import functools
import io
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EPOCH = "1795166100"
FIRST = ["Ana", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gil", "Hana", "Ivo", "Jun", "Kai", "Lea"]
LAST = ["Example", "Sample", "Test", "Placeholder", "Fictional", "Specimen", "Mock", "Dummy"]


def schedule(path: Path, rows: int) -> Path:
    """A CSV schedule of fictional patients, a little varied so the documents vary too."""
    lines = ["name,dob,mrn,procedure,side,date,time,sedation,diabetes,blood_thinners"]
    for i in range(rows):
        # Every name differs, as on a real schedule (middle initials after the first 96 rows).
        combos = len(FIRST) * len(LAST)
        initials = "" if i < combos else f"{chr(65 + i // combos % 26)}{chr(65 + i // (combos * 26) % 26)}. "
        name = f"{FIRST[i % len(FIRST)]} {initials}{LAST[i // len(FIRST) % len(LAST)]}"
        side = ("left", "right", "bilateral")[i % 3]
        when = f"2026-11-{21 + i % 5},{8 + i % 9:02d}:{i % 4 * 15:02d}"
        flags = (
            f"{('none', 'oral', 'iv')[i % 3]},{'yes' if i % 4 == 0 else 'no'},{'yes' if i % 5 == 0 else 'no'}"
        )
        dob = f"19{40 + i % 50}-0{1 + i % 9}-1{i % 9}"
        lines.append(f"{name},{dob},{40000000 + i},si-joint-injection,{side},{when},{flags}")
    path.write_text("\n".join(lines) + "\n")
    return path


# -- the pipeline, in this process -------------------------------------------------------------------


@dataclass
class Speed:
    label: str
    rows: int
    jobs: int
    seconds: float
    pages: int

    @property
    def packets_per_s(self) -> float:
        return self.rows / self.seconds

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds


def pipeline(path: Path, out: Path, *, docs: str | None, jobs: int) -> tuple[float, int]:
    """One ``docgen batch`` run (``--force``) through the library call; wall time and pages."""
    from docgen.batch.options import BatchOptions
    from docgen.batch.progress import Report
    from docgen.batch.run import run_batch
    from docgen.model.settings import EXAMPLE

    options = BatchOptions(out_dir=out, docs=docs, jobs=jobs, force=True)
    started = time.perf_counter()
    summary = run_batch(path, options, settings=EXAMPLE, report=Report(quiet=True))
    return time.perf_counter() - started, summary.pages


def pipeline_cpu(path: Path, out: Path, docs: str, *, shared: bool = True) -> tuple[float, int]:
    """CPU seconds and pages for the work one pool process does per row (validate, render, write,
    digest), run here in one process: a figure other work on the machine barely moves. With
    ``shared=False`` every paragraph is parsed and broken anew, as if each row were the first."""
    from docgen.batch import worker
    from docgen.batch.options import parse_docs
    from docgen.batch.schedule import read_schedule
    from docgen.content.library import Library
    from docgen.job import prepare
    from docgen.layout import para
    from docgen.model.settings import EXAMPLE
    from docgen.model.visit import Options
    from docgen.pdf import print_time

    (out / "tmp").mkdir(parents=True, exist_ok=True)
    setup = worker.Setup(
        settings=EXAMPLE,
        kinds=parse_docs(docs),
        options=Options(),
        printed_at=print_time(),
        out_dir=out,
        split=False,
        pieces_dir=None,
        tmp_dir=out / "tmp",
        separator=False,
    )
    worker.init(setup)
    library = Library(None)  # the main process's, as in a batch run
    rows = [dict(r.data, language="en") for r in read_schedule(path)]
    worker.work(worker.Task(0, prepare(rows[0], library=library), "warm"))
    limit = para.LIMIT
    para.LIMIT = limit if shared else 0
    para.clear()
    pages = 0
    started = time.process_time()
    for seq, data in enumerate(rows):
        # The main process prepares each row (validation included); the pool process renders it.
        done = worker.work(worker.Task(seq, prepare(data, library=library), f"row-{seq}"))
        pages += sum(f.pages for f in done.files)
    seconds = time.process_time() - started
    para.LIMIT = limit
    return seconds, pages


# -- the bare loop ---------------------------------------------------------------------------------


@dataclass
class BarePatient:
    """What the bare loop draws for one row, prepared before the clock starts: the same words and
    structure as docgen's aftercare sheet for that row, as ReportLab markup strings."""

    name: str
    dob: str
    mrn: str
    title: str
    summary: list[tuple[str, str]]
    items: list[tuple[Any, ...]]


def bare_patients(path: Path, rows: int) -> list[BarePatient]:
    """Each schedule row's aftercare text, made with docgen's templates (untimed)."""
    from docgen.batch.schedule import read_schedule
    from docgen.content.compose import build_context, locale_for
    from docgen.content.environment import render_markdown, template_name
    from docgen.content.library import Library
    from docgen.content.markdown import parse
    from docgen.content.parts import titled
    from docgen.document import Box, Heading, ListBlock, Para, Table
    from docgen.job import prepare
    from docgen.layout.fonts import inline_markup, markup
    from docgen.model.settings import EXAMPLE
    from docgen.model.visit import Kind

    library = Library(None)
    clinic = EXAMPLE.clinic

    def items(blocks: list[Any]) -> list[tuple[Any, ...]]:
        out: list[tuple[Any, ...]] = []
        for block in blocks:
            if isinstance(block, Heading):
                out.append(("h1", inline_markup(block.text, "")))
            elif isinstance(block, Para):
                out.append(("p", inline_markup(block.text, "")))
            elif isinstance(block, ListBlock):
                for item in block.items:
                    for child in item.blocks:
                        if isinstance(child, Para):
                            box = "check" if item.check is not None else "bullet"
                            out.append(("li", inline_markup(child.text, ""), box))
                out.append(("gap",))
            elif isinstance(block, Table):
                head = [inline_markup(c, "") for c in block.header]
                body = [[inline_markup(c, "") for c in row] for row in block.rows]
                out.append(("table", head, body))
            elif isinstance(block, Box):
                out.append(("box", block.kind, inline_markup(block.title, ""), items(block.blocks)))
        return out

    patients = []
    for row in list(read_schedule(path))[:rows]:
        job = prepare(dict(row.data, language="en"), library=library)
        procedure, visit = job.procedure, job.visit
        locale = locale_for(library, visit)
        context = build_context(visit, procedure, EXAMPLE, locale, Kind.AFTERCARE)
        name = template_name(procedure.id, visit.language, Kind.AFTERCARE)
        markdown = render_markdown(library.environment, name, context, locale, library.search_path)
        when = locale.date(visit.date, "full") + (f", {locale.time(visit.time)}" if visit.time else "")
        title = titled(procedure, visit, locale)
        summary = [
            ("Procedure", markup(title, "")),
            ("Date", markup(when, "")),
            ("Doctor", markup(EXAMPLE.defaults.physician or "not set", "")),
            ("Clinic", markup(clinic.name, "")),
            ("Phone", markup(f"{clinic.day_phone}   (After hours: {clinic.after_hours_phone})", "")),
        ]
        patients.append(
            BarePatient(
                visit.name,
                locale.date(visit.dob, "medium"),
                visit.mrn,
                title,
                summary,
                items(parse(markdown, name)),
            )
        )
    return patients


def bare_loop(path: Path, rows: int, out: Path) -> tuple[float, int]:
    """Wall seconds and pages of the bare loop (see _bare_run)."""
    wall, _, pages = _bare_run(path, rows, out)
    return wall, pages


def _bare_run(path: Path, rows: int, out: Path) -> tuple[float, float, int]:
    """ReportLab platypus alone, written by hand: for each row, the same words and structure as
    docgen's aftercare sheet (visit table, headings, paragraphs with bold runs, bullet and check-box
    lists, bordered and black-barred boxes), the same fonts, sizes and margins, a header with the
    patient's identifiers and a footer on every page, invariant mode, one file per patient. No
    templates, no Markdown, no validation, no "Page X of Y" (a single pass): the text is made
    before the clock starts."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    from docgen.resources import fonts_dir

    patients = bare_patients(path, rows)
    faces = {
        "BareSans": "NotoSans-Regular.ttf",
        "BareSans-Bold": "NotoSans-Bold.ttf",
        "BareSans-Italic": "NotoSans-Italic.ttf",
        "BareSans-BoldItalic": "NotoSans-BoldItalic.ttf",
        "BareSymbols": "DejaVuSans.ttf",
    }
    for name, file in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(fonts_dir() / file)))
    pdfmetrics.registerFontFamily(
        "BareSans",
        normal="BareSans",
        bold="BareSans-Bold",
        italic="BareSans-Italic",
        boldItalic="BareSans-BoldItalic",
    )
    body = ParagraphStyle("body", fontName="BareSans", fontSize=12, leading=16.2, spaceAfter=6)
    styles = {
        "p": body,
        "h1": ParagraphStyle(
            "h1",
            parent=body,
            fontName="BareSans-Bold",
            fontSize=15.6,
            leading=19.8,
            spaceBefore=10.8,
            spaceAfter=4.2,
            keepWithNext=1,
        ),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=19.2, bulletIndent=4.8, spaceAfter=3),
        "check": ParagraphStyle(
            "check",
            parent=body,
            leftIndent=19.2,
            bulletIndent=0,
            bulletFontName="BareSymbols",
            bulletFontSize=15,
            spaceAfter=4.2,
        ),
        "cell": ParagraphStyle("cell", parent=body, spaceAfter=0),
        "cell-bold": ParagraphStyle("cell-bold", parent=body, fontName="BareSans-Bold", spaceAfter=0),
        "box-title": ParagraphStyle(
            "box-title", parent=body, fontName="BareSans-Bold", fontSize=13.2, leading=16.8, spaceAfter=3.6
        ),
        "box-inverse": ParagraphStyle(
            "box-inverse",
            parent=body,
            fontName="BareSans-Bold",
            fontSize=13.2,
            leading=16.8,
            textColor="white",
            spaceAfter=0,
        ),
    }
    width = LETTER[0] - 30 * mm
    grid = [("GRID", (0, 0), (-1, -1), 0.75, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    pad = [("LEFTPADDING", (0, 0), (-1, -1), 4 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm)]

    def flowables(items: list[tuple[Any, ...]], inner: float) -> list[Any]:
        story: list[Any] = []
        for item in items:
            kind = item[0]
            if kind in ("h1", "p"):
                story.append(Paragraph(item[1], styles[kind]))
            elif kind == "li":
                mark = "\u2610" if item[2] == "check" else "•"
                story.append(Paragraph(item[1], styles[item[2]], bulletText=mark))
            elif kind == "gap":
                story.append(Spacer(1, 3.6))
            elif kind == "table":
                cells = [[Paragraph(c, styles["cell-bold"]) for c in item[1]]]
                cells += [[Paragraph(c, styles["cell"]) for c in row] for row in item[2]]
                table = Table(cells, colWidths=[inner / len(item[1])] * len(item[1]), repeatRows=1)
                table.setStyle([*grid, ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)])
                story.append(table)
            elif kind == "box":
                content = flowables(item[3], inner - 8 * mm)
                if item[1] == "emergency":
                    title = Paragraph(item[2], styles["box-inverse"])
                    box = Table([[title], [content]], colWidths=[inner], splitInRow=1)
                    box.setStyle(
                        [
                            ("BOX", (0, 0), (-1, -1), 3, "black"),
                            ("BACKGROUND", (0, 0), (-1, 0), "black"),
                            *pad,
                        ]
                    )
                else:
                    cell = [Paragraph(item[2], styles["box-title"]), *content]
                    box = Table([[cell]], colWidths=[inner], splitInRow=1)
                    box.setStyle([("BOX", (0, 0), (-1, -1), 2, "black"), *pad])
                story.extend([box, Spacer(1, 9.6)])
        return story

    def draw_page(canvas: Any, doc: Any, patient: BarePatient) -> None:
        top = LETTER[1] - 12 * mm
        canvas.saveState()
        canvas.setFont("BareSans-Bold", 9)
        canvas.drawString(15 * mm, top - 9, "Example Spine & Pain Clinic")
        canvas.setFont("BareSans", 9)
        canvas.drawString(15 * mm, top - 20, "100 Example Street, Springfield · 555-0100")
        canvas.setFont("BareSans-Bold", 9)
        canvas.drawString(15 * mm, top - 31, "EXAMPLE CLINIC: not a real clinic.")
        canvas.rect(LETTER[0] / 2 + 3 * mm, top - 30, LETTER[0] / 2 - 18 * mm, 30)
        canvas.setFont("BareSans", 10)
        canvas.drawString(LETTER[0] / 2 + 6 * mm, top - 12, "Patient")
        canvas.drawString(LETTER[0] / 2 + 6 * mm, top - 25, "Date of birth")
        canvas.setFont("BareSans-Bold", 10)
        canvas.drawString(LETTER[0] / 2 + 20 * mm, top - 12, patient.name)
        canvas.drawString(LETTER[0] / 2 + 28 * mm, top - 25, f"{patient.dob}   MRN {patient.mrn}")
        canvas.setFont("BareSans-Bold", 16)
        canvas.drawString(15 * mm, top - 56, f"After your procedure: {patient.title}")
        canvas.setLineWidth(1.5)
        canvas.line(15 * mm, top - 61, LETTER[0] - 15 * mm, top - 61)
        canvas.setLineWidth(0.5)
        canvas.line(15 * mm, 24 * mm, LETTER[0] - 15 * mm, 24 * mm)
        canvas.setFont("BareSans", 9)
        canvas.drawString(
            15 * mm,
            20 * mm,
            "Template si-joint-injection/aftercare version 1.0.0 (en) · Printed Nov 20, 2026 9:15 AM",
        )
        canvas.drawString(
            15 * mm, 16 * mm, "Example wording shipped with docgen: your clinic's clinicians must review it."
        )
        canvas.setFont("BareSans-Bold", 11)
        canvas.drawRightString(LETTER[0] - 15 * mm, 20 * mm, f"Page {doc.page}")
        canvas.restoreState()

    pages = 0
    started, cpu = time.perf_counter(), time.process_time()
    for i, patient in enumerate(patients):
        summary = Table(
            [[Paragraph(k, styles["cell"]), Paragraph(v, styles["cell-bold"])] for k, v in patient.summary],
            colWidths=[width * 0.22, width * 0.78],
        )
        summary.setStyle([*grid, ("BACKGROUND", (0, 0), (0, -1), colors.lightgrey)])
        story = [summary, Spacer(1, 9.6), *flowables(patient.items, width)]
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=LETTER,
            topMargin=36 * mm,
            bottomMargin=27 * mm,
            leftMargin=15 * mm,
            rightMargin=15 * mm,
            invariant=1,
        )
        page = functools.partial(draw_page, patient=patient)
        doc.build(story, onFirstPage=page, onLaterPages=page)
        (out / f"bare-{i}.pdf").write_bytes(buffer.getvalue())
        pages += doc.page
    return time.perf_counter() - started, time.process_time() - cpu, pages


def bare_cpu(path: Path, rows: int, out: Path) -> tuple[float, int]:
    """CPU seconds and pages of the bare loop's timed part."""
    _, cpu, pages = _bare_run(path, rows, out)
    return cpu, pages


# -- memory, in a child process ----------------------------------------------------------------------


@dataclass
class Memory:
    rows: int
    seconds: float
    peak_rss: int
    peak_pss: int
    exit_code: int


def memory(path: Path, out: Path, *, docs: str, jobs: int, extra: tuple[str, ...] = ()) -> Memory:
    """Run the docgen command; poll the summed RSS (and PSS) of its whole process tree."""
    import psutil

    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    command = [
        sys.executable,
        "-m",
        "docgen",
        "batch",
        str(path),
        "--out-dir",
        str(out),
        "--docs",
        docs,
        "--jobs",
        str(jobs),
        "--force",
        *extra,
    ]
    peak = {"rss": 0, "pss": 0}
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root = psutil.Process(proc.pid)
    done = threading.Event()

    def poll() -> None:
        # RSS is cheap to read (statm); PSS needs smaps, so it is sampled less often.
        tick = 0
        while not done.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                procs = []
            rss = pss = 0
            for p in procs:
                try:
                    rss += p.memory_info().rss
                    if tick % 20 == 0:
                        pss += getattr(p.memory_full_info(), "pss", 0)
                except psutil.Error:
                    continue
            peak["rss"] = max(peak["rss"], rss)
            peak["pss"] = max(peak["pss"], pss)
            tick += 1
            time.sleep(0.05)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    code = proc.wait()
    done.set()
    watcher.join()
    rows = sum(1 for _ in path.open()) - 1
    return Memory(rows, time.perf_counter() - started, peak["rss"], peak["pss"], code)


# -- the run -----------------------------------------------------------------------------------------


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(
            "  ".join(
                str(c).rjust(w) if i else str(c).ljust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )


def best_of(repeats: int, label: str, rows: int, jobs: int, action: Callable[[], tuple[float, int]]) -> Speed:
    """The fastest of ``repeats`` runs: other work on the machine only ever slows a run down."""
    runs = [action() for _ in range(repeats)]
    seconds, pages = min(runs)
    print(
        f"  {label}, {rows} rows, {jobs} process(es): {', '.join(f'{r[0]:.1f}' for r in runs)} s",
        file=sys.stderr,
        flush=True,
    )
    return Speed(label, rows, jobs, seconds, pages)


def bare_parallel(path: Path, rows: int, out: Path, jobs: int) -> tuple[float, int]:
    """The bare loop split over ``jobs`` processes: what this machine gives two processes at best.
    Each process times its own loop (its text is made before its clock starts); the slowest counts."""
    import multiprocessing

    ctx = multiprocessing.get_context("forkserver")
    with ctx.Pool(jobs) as pool:
        pool.starmap(bare_loop, [(path, 2, out)] * jobs)  # start and warm every process first
        results = pool.starmap(bare_loop, [(path, rows // jobs, out)] * jobs)
        return max(s for s, _ in results), sum(p for _, p in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small numbers: check that the script runs")
    parser.add_argument("--repeats", type=int, default=3, help="runs per throughput figure (the best counts)")
    args = parser.parse_args()
    n_short, n_packets, n_small, n_large, n_print = (
        (30, 4, 20, 200, 40) if args.quick else (120, 16, 50, 5000, 500)
    )
    repeats = 1 if args.quick else args.repeats
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    mib = 1024 * 1024
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as tmp:
        work = Path(tmp)
        short = schedule(work / "short.csv", n_short)
        packets = schedule(work / "packets.csv", n_packets)
        (work / "bare").mkdir()
        print("warming up (starts the process server, compiles the templates once)", file=sys.stderr)
        pipeline(schedule(work / "warm.csv", 4), work / "warm", docs=None, jobs=2)
        bare_loop(short, 3, work / "bare")

        def run(docs: str | None, jobs: int) -> Callable[[], tuple[float, int]]:
            return lambda: pipeline(short if docs else packets, work / f"{docs}-{jobs}", docs=docs, jobs=jobs)

        speeds = [
            best_of(repeats, "pipeline, aftercare (3 pages)", n_short, 1, run("aftercare", 1)),
            best_of(repeats, "pipeline, aftercare (3 pages)", n_short, 2, run("aftercare", 2)),
            best_of(repeats, "pipeline, full packet", n_packets, 1, run(None, 1)),
            best_of(repeats, "pipeline, full packet", n_packets, 2, run(None, 2)),
            best_of(
                repeats,
                "bare ReportLab loop, 3 pages",
                n_short,
                1,
                lambda: bare_loop(short, n_short, work / "bare"),
            ),
            best_of(
                repeats,
                "bare ReportLab loop, 3 pages",
                n_short,
                2,
                lambda: bare_parallel(short, n_short, work / "bare", 2),
            ),
        ]
        cpu_pipeline = pipeline_cpu(short, work / "cpu", "aftercare")
        cpu_unshared = pipeline_cpu(short, work / "cpu-unshared", "aftercare", shared=False)
        cpu_bare = bare_cpu(short, n_short, work / "bare")

        print("memory runs (each a fresh docgen process)", file=sys.stderr, flush=True)
        small = memory(schedule(work / "small.csv", n_small), work / "m1", docs="aftercare", jobs=2)
        large = memory(schedule(work / "large.csv", n_large), work / "m2", docs="aftercare", jobs=2)
        print_args = ("--print-file", str(work / "print.pdf"), "--separator")
        print_small = memory(work / "small.csv", work / "m3", docs="aftercare", jobs=2, extra=print_args)
        print_large = memory(
            schedule(work / "print.csv", n_print), work / "m4", docs="aftercare", jobs=2, extra=print_args
        )
    load_after = os.getloadavg()

    table(
        f"Throughput (best of {repeats}; a pipeline run is a whole `docgen batch --force` after a "
        "warm-up: pool start, validation, render, file, digest, journal, manifest)",
        ["run", "rows", "processes", "seconds", "packets/s", "pages/s"],
        [
            [s.label, s.rows, s.jobs, f"{s.seconds:.1f}", f"{s.packets_per_s:.2f}", f"{s.pages_per_s:.1f}"]
            for s in speeds
        ],
    )
    a1, a2, p1, p2, bare1, bare2 = speeds
    cpu_ms = [1000 * c / p for c, p in (cpu_pipeline, cpu_bare, cpu_unshared)]
    table(
        "CPU time per page, one process (render, write and digest vs the bare loop)",
        ["run", "ms CPU per page"],
        [
            ["pipeline, aftercare", f"{cpu_ms[0]:.1f}"],
            ["pipeline, aftercare, paragraphs not shared between rows", f"{cpu_ms[2]:.1f}"],
            ["bare ReportLab loop", f"{cpu_ms[1]:.1f}"],
        ],
    )
    table(
        "Goals",
        ["measure", "value", "goal"],
        [
            [
                "pipeline / bare loop, pages/s, 1 process",
                f"{a1.pages_per_s / bare1.pages_per_s:.2f}x",
                ">= 0.9x",
            ],
            ["pipeline / bare loop, by CPU time per page", f"{cpu_ms[1] / cpu_ms[0]:.2f}x", ">= 0.9x"],
            ["2 processes / 1, pipeline, aftercare", f"{a1.seconds / a2.seconds:.2f}x", ">= 1.7x"],
            ["2 processes / 1, pipeline, full packet", f"{p1.seconds / p2.seconds:.2f}x", ">= 1.7x"],
            [
                "2 processes / 1, bare loop (the machine's ceiling)",
                f"{bare1.seconds / bare2.seconds:.2f}x",
                "-",
            ],
            [
                f"peak memory, {n_large} rows / {n_small} rows (RSS)",
                f"{large.peak_rss / small.peak_rss:.2f}x",
                "<= 1.3x",
            ],
        ],
    )
    table(
        "Peak memory of the whole process tree (docgen batch --docs aftercare --jobs 2; RSS counts "
        "shared pages once per process, PSS shares them out)",
        ["run", "rows", "exit", "seconds", "peak RSS MiB", "peak PSS MiB"],
        [
            [
                label,
                m.rows,
                m.exit_code,
                f"{m.seconds:.1f}",
                f"{m.peak_rss / mib:.0f}",
                f"{m.peak_pss / mib:.0f}",
            ]
            for label, m in (
                ("packets only", small),
                ("packets only", large),
                ("with --print-file --separator", print_small),
                ("with --print-file --separator", print_large),
            )
        ],
    )
    print(f"\ncores: {os.cpu_count()}, load average before {load_before[0]:.2f}, after {load_after[0]:.2f}")


if __name__ == "__main__":
    main()
