"""The labelled drawing of the SI joints (``::: figure si-joint``), drawn here in vector, black and
grey only, so that it prints on any printer and survives a photocopy.

The low back is seen from behind, as the patient lies face down for the procedure: the lowest two
lumbar vertebrae, the sacrum, the two hip bones (ilia) and between them the two SI joints. The
patient's left is on the left of the picture. The treated joint is filled black with a heavy outline
(the other is left white), and carries the procedure's tool: a needle, RFA needles along the back of
the joint, or implants across it from the side. Labels are set in the document's text face at the body
size less 1 pt, with thin leader lines to what they name.

The anatomy is laid out for the left half on a grid 100 steps wide (y going up, the spine's middle
at x = 50) and mirrored for the right half.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from docgen.document import Figure
from docgen.layout.cells import Cells
from docgen.layout.fonts import markup
from docgen.layout.keep import Gap, Keep
from docgen.layout.para import SharedParagraph
from docgen.layout.styles import Profile

#: A point of an outline; a third item True makes it a corner (no rounding there).
Point = tuple[float, float] | tuple[float, float, bool]
#: A label: its words, bold or not, and the grid point its leader line ends at.
Label = tuple[str, bool, tuple[float, float]]

BONE = colors.Color(0.86, 0.86, 0.86)
SPINOUS = colors.Color(0.72, 0.72, 0.72)
INK = colors.black
OUTLINE = colors.Color(0.2, 0.2, 0.2)
IMPLANT = colors.Color(0.45, 0.45, 0.45)

#: The left half's shapes. Mirrored (x -> 100 - x) for the right.
VERTEBRAE = (  # (body box, transverse process box, spinous process box), top one first
    ((39.5, 88.0, 60.5, 97.0), (30.5, 90.0, 40.0, 94.5), (47.8, 86.0, 52.2, 96.5)),
    ((38.5, 74.5, 61.5, 84.0), (27.5, 76.5, 39.0, 81.5), (47.8, 72.5, 52.2, 83.0)),
)
#: The sacrum's left edge, from the middle of its top to its tip.
SACRUM: tuple[Point, ...] = (
    (50.0, 70.0, True),
    (36.0, 70.0, True),
    (38.5, 56.0),
    (41.0, 42.0, True),
    (44.5, 31.0),
    (48.0, 23.5),
    (50.0, 22.0, True),
)
FORAMINA = ((44.0, 62.0, 1.5), (44.6, 53.5, 1.35), (45.3, 45.0, 1.2), (46.2, 37.0, 1.0))
#: The joint: a band along the sacrum's upper outer edge, from its top to its lower end.
JOINT_IN: tuple[tuple[float, float], ...] = ((36.0, 70.0), (38.5, 56.0), (41.0, 42.0))
JOINT_WIDTH = 2.6
#: The hip bone (ilium and the bone below it), outline from the joint's top over the crest.
ILIUM: tuple[Point, ...] = (
    (JOINT_IN[0][0] - JOINT_WIDTH, 70.5, True),
    (31.0, 75.5),
    (26.0, 82.5),
    (17.0, 88.0),
    (8.0, 87.0),
    (2.0, 80.5),
    (1.0, 71.0),
    (4.5, 60.0),
    (11.0, 50.0),
    (14.5, 41.0),
    (15.5, 31.0),
    (18.0, 21.0),
    (23.0, 15.0),
    (28.5, 16.5),
    (30.5, 24.0),
    (31.5, 31.0),
    (34.0, 37.5),
    (JOINT_IN[2][0] - JOINT_WIDTH, JOINT_IN[2][1] - 0.4, True),
)
#: The lowest and highest grid lines the anatomy uses, and its width to height.
GRID_LOW, GRID_HIGH, ASPECT = 14.0, 97.5, 1.05
#: Where each label's leader line ends, left half (the right's mirrored).
ANCHORS = {
    "spine": (34.0, 79.0),
    "hip": (14.0, 75.0),
    "joint": (JOINT_IN[1][0] - JOINT_WIDTH / 2, 59.0),
    "sacrum": (50.0, 29.0),
}


def _mirror(x: float, right: bool) -> float:
    return 100.0 - x if right else x


@dataclass(frozen=True)
class Frame:
    """Where the grid lands in the drawing: the corner of its x = 0, y = GRID_LOW, and its scale."""

    x: float
    y: float
    #: Points per grid step, up; across, it is ASPECT times as much.
    scale: float

    def at(self, x: float, y: float) -> tuple[float, float]:
        return self.x + x * self.scale * ASPECT, self.y + (y - GRID_LOW) * self.scale


def smooth(canv: Canvas, f: Frame, points: Sequence[Point], right: bool) -> object:
    """A closed path through the points, rounded between them (Catmull-Rom curves) except at
    corners."""
    pts = [f.at(_mirror(p[0], right), p[1]) for p in points]
    corner = [len(p) > 2 and bool(p[2]) for p in points]
    n = len(pts)
    path = canv.beginPath()
    path.moveTo(*pts[0])
    for i in range(n):
        a, b = pts[i], pts[(i + 1) % n]
        before, after = pts[(i - 1) % n], pts[(i + 2) % n]
        ta = (0.0, 0.0) if corner[i] else ((b[0] - before[0]) / 6, (b[1] - before[1]) / 6)
        tb = (0.0, 0.0) if corner[(i + 1) % n] else ((after[0] - a[0]) / 6, (after[1] - a[1]) / 6)
        path.curveTo(a[0] + ta[0], a[1] + ta[1], b[0] - tb[0], b[1] - tb[1], b[0], b[1])
    path.close()
    return path


def _rounded(canv: Canvas, f: Frame, box: tuple[float, float, float, float], right: bool) -> None:
    x0, x1 = sorted((_mirror(box[0], right), _mirror(box[2], right)))
    left, bottom = f.at(x0, box[1])
    canv.roundRect(
        left, bottom, (x1 - x0) * f.scale * ASPECT, (box[3] - box[1]) * f.scale, 1.5 * f.scale, 1, 1
    )


def joint_outline(right: bool) -> list[tuple[float, float]]:
    """The joint band's corners on the grid: inner edge down, outer edge up."""
    inner = list(JOINT_IN)
    outer = [(x - JOINT_WIDTH, y) for x, y in reversed(JOINT_IN)]
    return [(_mirror(x, right), y) for x, y in inner + outer]


class SIJointDrawing(Flowable):
    """The drawing itself: one flowable, never split, as wide as the running text."""

    def __init__(self, part: Figure, profile: Profile, source: str) -> None:
        super().__init__()
        self.part = part
        self.profile = profile
        self.source = source
        size = profile.body - 1
        self.style = profile.derived("figure-label", "cell", fontSize=size, leading=size * 1.2)
        self.bold = profile.derived("figure-label-bold", "cell-bold", fontSize=size, leading=size * 1.2)
        self.width = profile.measure
        #: About 2.4 inches in standard print; large print scales it with the type.
        self.height = 2.4 * 72 * profile.body / 12.0
        self.pad = size * 0.6

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = min(self.profile.measure, availWidth)
        return self.width, self.height

    # -- geometry --------------------------------------------------------------------------
    def _label(self, text: str, width: float, bold: bool = False, align: int = 0) -> Paragraph:
        style = self.bold if bold else self.style
        if align:
            style = self.profile.derived(f"{style.name}-{align}", style.name, alignment=align)
        para = Paragraph(markup(text, self.source), style)
        para.wrap(width, 1e6)
        head, paren, rest = text.partition(" (")
        if len(para.blPara.lines) > 1 and paren and rest:  # type: ignore[attr-defined]
            # Too long for one line: the words in brackets go on a line of their own.
            para = Paragraph(f"{markup(head, self.source)}<br/>{markup('(' + rest, self.source)}", style)
            para.wrap(width, 1e6)
        return para

    def grid(self) -> Frame:
        """The anatomy's frame: centred, between the top line and the bottom labels."""
        line = self.style.leading
        top, bottom = self.height - line - self.pad, line + self.pad
        scale = (top - bottom) / (GRID_HIGH - GRID_LOW)
        return Frame((self.width - 100 * scale * ASPECT) / 2, bottom, scale)

    def joint_box(self, side: str) -> tuple[float, float, float, float]:
        """The treated-or-not joint's bounding box, in the drawing's own points (for tests)."""
        f = self.grid()
        pts = [f.at(x, y) for x, y in joint_outline(side == "right")]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return min(xs), min(ys), max(xs), max(ys)

    # -- drawing ---------------------------------------------------------------------------
    def draw(self) -> None:
        canv: Canvas = self.canv
        f = self.grid()
        canv.saveState()
        canv.setLineJoin(1)
        canv.setStrokeColor(OUTLINE)
        canv.setLineWidth(max(0.8, 0.2 * f.scale))
        canv.setFillColor(BONE)
        for right in (False, True):
            canv.drawPath(smooth(canv, f, ILIUM, right), stroke=1, fill=1)
        self._vertebrae(f)
        sacrum = [*SACRUM, *[(100 - p[0], p[1], *p[2:]) for p in reversed(SACRUM[1:-1])]]
        canv.setFillColor(BONE)
        canv.drawPath(smooth(canv, f, sacrum, False), stroke=1, fill=1)
        for right in (False, True):
            canv.setFillColor(colors.white)
            for x, y, r in FORAMINA:
                cx, cy = f.at(_mirror(x, right), y)
                canv.circle(cx, cy, r * f.scale * 1.15, stroke=1, fill=1)
        for side in ("left", "right"):
            self._joint(f, side, side in self.part.treated)
        for side in self.part.treated:
            self._tool(f, side == "right")
        canv.restoreState()
        self._labels(f)

    def _vertebrae(self, f: Frame) -> None:
        """Each vertebra from behind: the side wings, the body, the bump down the middle."""
        canv = self.canv
        for body, transverse, spinous in VERTEBRAE:
            canv.setFillColor(BONE)
            _rounded(canv, f, transverse, False)
            _rounded(canv, f, transverse, True)
            _rounded(canv, f, body, False)
            canv.setFillColor(SPINOUS)
            _rounded(canv, f, spinous, False)

    def _joint(self, f: Frame, side: str, treated: bool) -> None:
        canv = self.canv
        pts = [f.at(x, y) for x, y in joint_outline(side == "right")]
        path = canv.beginPath()
        path.moveTo(*pts[0])
        for p in pts[1:]:
            path.lineTo(*p)
        path.close()
        canv.saveState()
        canv.setFillColor(INK if treated else colors.white)
        canv.setStrokeColor(INK)
        canv.setLineWidth(max(1.6, 0.45 * f.scale) if treated else max(0.8, 0.2 * f.scale))
        canv.drawPath(path, stroke=1, fill=1)
        canv.restoreState()

    def _tool(self, f: Frame, right: bool) -> None:
        """The procedure's tool on one treated joint."""
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(INK)
        canv.setFillColor(INK)
        canv.setLineCap(1)
        if self.part.variant == "implant":
            canv.setFillColor(IMPLANT)
            canv.setLineWidth(max(0.8, 0.22 * f.scale))
            for (x0, y0), (x1, y1) in _implants():
                a, b = f.at(_mirror(x0, right), y0), f.at(_mirror(x1, right), y1)
                self._bar(a, b, 1.7 * f.scale)
        elif self.part.variant in ("needle", "probes"):
            for tip, hub in _needles(self.part.variant):
                a = f.at(_mirror(tip[0], right), tip[1])
                b = f.at(_mirror(hub[0], right), hub[1])
                canv.setLineWidth(max(1.1, 0.32 * f.scale))
                canv.line(*a, *b)
                canv.setLineWidth(max(0.8, 0.2 * f.scale))
                canv.circle(*a, 0.55 * f.scale, stroke=0, fill=1)
                if self.part.variant == "needle":  # a syringe-like hub
                    end = (b[0] + (b[0] - a[0]) * 0.2, b[1] + (b[1] - a[1]) * 0.2)
                    self._bar(b, end, 1.1 * f.scale)
                else:  # an RFA needle's round handle
                    canv.setFillColor(colors.white)
                    canv.circle(*b, 1.3 * f.scale, stroke=1, fill=1)
                    canv.setFillColor(INK)
        canv.restoreState()

    def _bar(self, a: tuple[float, float], b: tuple[float, float], half: float) -> None:
        """A filled bar of half-width ``half`` from a to b."""
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = (dx * dx + dy * dy) ** 0.5 or 1.0
        nx, ny = -dy / length * half, dx / length * half
        path = self.canv.beginPath()
        path.moveTo(a[0] + nx, a[1] + ny)
        path.lineTo(b[0] + nx, b[1] + ny)
        path.lineTo(b[0] - nx, b[1] - ny)
        path.lineTo(a[0] - nx, a[1] - ny)
        path.close()
        self.canv.drawPath(path, stroke=1, fill=1)

    # -- labels ----------------------------------------------------------------------------
    def _labels(self, f: Frame) -> None:
        part, canv = self.part, self.canv
        column = f.x - 0.8 * self.pad
        treated = set(part.treated)
        left: list[Label] = [(part.label("hip"), False, ANCHORS["hip"])]
        right: list[Label] = [(part.label("spine"), False, (100 - ANCHORS["spine"][0], ANCHORS["spine"][1]))]
        for side, labels in (("left", left), ("right", right)):
            x, y = ANCHORS["joint"]
            text = part.label("joint")
            if side in treated:
                text = f"{text} {part.label('treated')}"
            labels.append((text, side in treated, (_mirror(x, side == "right"), y)))
        tool = part.label("tool")
        if tool and treated:
            side = "right" if "right" in treated else "left"
            hub = _needles(part.variant)[-1][1] if part.variant != "implant" else _implants()[-1][0]
            anchor = (_mirror(hub[0], side == "right"), hub[1])
            (right if side == "right" else left).append((tool, True, anchor))
        # The convention over the picture; the patient's sides and the sacrum under it.
        top = self._label(part.label("behind"), self.width, align=1)
        top.drawOn(canv, 0, self.height - top.height)
        ceiling = self.height - top.height - self.pad * 0.4
        self._column(f, left, 0.0, column, ceiling, align=2)
        self._column(f, right, self.width - column, column, ceiling, align=0)
        side_width = column + f.scale * ASPECT * 15
        for side, x, align in (("left", 0.0, 0), ("right", self.width - side_width, 2)):
            words = self._label(part.label(side), side_width, bold=True, align=align)
            words.drawOn(canv, x, 0)
        middle = self.width - 2 * side_width
        sacrum = self._label(part.label("sacrum"), middle, align=1)
        sacrum.drawOn(canv, side_width, 0)
        point = f.at(*ANCHORS["sacrum"])
        canv.saveState()
        canv.setLineWidth(0.6)
        canv.setStrokeColor(INK)
        canv.setFillColor(INK)
        canv.line(point[0], sacrum.height + self.pad * 0.2, *point)
        canv.circle(*point, 1.3, stroke=0, fill=1)
        canv.restoreState()

    def _column(
        self, f: Frame, labels: list[Label], x: float, width: float, ceiling: float, *, align: int
    ) -> None:
        """Labels one above the other, each near the height of what it names and all between the
        top line and the bottom labels, with leader lines."""
        canv = self.canv
        gap = self.pad * 0.6
        floor = self.style.leading + self.pad
        items = sorted(labels, key=lambda item: -item[2][1])
        paras = [self._label(text, width, bold=bold, align=align) for text, bold, _ in items]
        points = [f.at(*anchor) for _, _, anchor in items]
        # Each as near its point as it can be: down from the top, then up from the floor.
        tops: list[float] = []
        for n, point in enumerate(points):
            want = point[1] + self.style.leading * 0.6
            tops.append(min(want, tops[-1] - paras[n - 1].height - gap if n else ceiling))
        low = floor
        for n in range(len(tops) - 1, -1, -1):
            tops[n] = max(tops[n], low + paras[n].height)
            low = tops[n] + gap
        canv.saveState()
        canv.setStrokeColor(INK)
        canv.setFillColor(INK)
        canv.setLineWidth(0.6)
        for para, top, point in zip(paras, tops, points, strict=True):
            para.drawOn(canv, x, top - para.height)
            line_y = top - self.style.leading * 0.6
            start = x + width + self.pad * 0.4 if align == 2 else x - self.pad * 0.4
            canv.line(start, line_y, *point)
            canv.circle(*point, 1.3, stroke=0, fill=1)
        canv.restoreState()


def _needles(variant: str) -> tuple[tuple[tuple[float, float], tuple[float, float]], ...]:
    """(tip, hub) of each needle on the left side: one into the joint's lower end, from below; or
    RFA needles along the back of the joint, beside the nerves that leave the sacrum's holes."""
    if variant == "needle":
        return (((JOINT_IN[2][0] - 1.2, 44.0), (35.0, 20.0)),)
    return (((40.8, 64.0), (31.0, 53.0)), ((41.6, 55.5), (31.8, 44.5)), ((42.6, 47.0), (32.8, 36.0)))


def _implants() -> tuple[tuple[tuple[float, float], tuple[float, float]], ...]:
    """(outer end, inner end) of three implants across the left joint, put in from the side."""
    out = []
    for y in (65.0, 57.5, 50.0):
        # The joint's middle at this height, from its inner edge.
        (xa, ya), (xb, yb) = (JOINT_IN[0], JOINT_IN[1]) if y >= JOINT_IN[1][1] else (JOINT_IN[1], JOINT_IN[2])
        x = xa + (xb - xa) * (y - ya) / (yb - ya) - JOINT_WIDTH / 2
        out.append(((x - 14.0, y + 0.8), (x + 4.5, y - 0.2)))
    return tuple(out)


def draw_figure(part: Figure, cells: Cells) -> list[Flowable]:
    """The title, the drawing and its caption, kept on one page."""
    p = cells.p
    title = SharedParagraph(markup(part.title, cells.source), cells.s["h2"])
    caption_style: ParagraphStyle = p.derived(
        "figure-caption", "body", rightIndent=p.narrow, spaceBefore=p.body * 0.7
    )
    caption = SharedParagraph(markup(part.caption, cells.source), caption_style)
    return [Keep([title, SIJointDrawing(part, p, cells.source), caption]), Gap(p.body * 0.5)]
