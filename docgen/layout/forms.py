"""Parts drawn from structured data: visit summary, risk table, signature blocks, pain scale, diary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Table

from docgen.content import Locale
from docgen.diary import daily_dates, timed_slots, weekly_dates
from docgen.errors import TemplateProblem
from docgen.layout.blocks import GREY, Gap, Keep, table_style
from docgen.layout.fonts import markup
from docgen.layout.para import SharedParagraph
from docgen.layout.styles import Profile
from docgen.library import Procedure
from docgen.models import Kind, Visit


def _capitalised(text: str) -> str:
    """'inyección en…' starts a table cell as 'Inyección en…'."""
    return text[:1].upper() + text[1:]


class Forms:
    """Draws the named components of one document."""

    def __init__(
        self,
        profile: Profile,
        locale: Locale,
        visit: Visit,
        procedure: Procedure,
        *,
        kind: Kind,
        source: str,
        threshold: int = 75,
    ) -> None:
        self.threshold = threshold
        self.p = profile
        self.locale = locale
        self.visit = visit
        self.procedure = procedure
        self.kind = kind
        self.source = source
        self.s = profile.styles

    def __call__(self, name: str) -> list[Flowable]:
        drawers = {
            "signatures": self.signatures,
            "risks": self.risks,
            "pain-scale": self.pain_scale,
            "diary-baseline": self.diary_baseline,
            "diary-timed": self.diary_timed,
            "diary-daily": self.diary_daily,
            "diary-weekly": self.diary_weekly,
            "diary-review": self.diary_review,
        }
        if name not in drawers:
            raise TemplateProblem(f"{self.source}: unknown component '{name}'")
        return drawers[name]()

    # -- helpers ---------------------------------------------------------------------------
    def t(self, *path: str, **values: object) -> str:
        return self.locale.text(*path, **values)

    def cell(self, text: str, style: str = "cell") -> Paragraph:
        return SharedParagraph(markup(text, self.source), self.s[style])

    def bold(self, text: str) -> Paragraph:
        return self.cell(text, "cell-bold")

    def _grid(
        self,
        data: Sequence[list[Any]],
        widths: list[float],
        *,
        header: bool = True,
        row_heights: list[float | None] | None = None,
        extra: list[tuple[object, ...]] | None = None,
    ) -> Table:
        table = Table(data, colWidths=widths, rowHeights=row_heights, repeatRows=1 if header else 0)
        style: list[tuple[object, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.75, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), GREY))
        style.extend(extra or [])
        table.setStyle(table_style(style))
        return table

    # -- visit summary ---------------------------------------------------------------------
    def visit_summary(
        self, clinic_name: str, day_phone: str, after_hours: str, physician: str | None
    ) -> list[Flowable]:
        from docgen.content import titled

        loc, v = self.locale, self.visit
        when = loc.date(v.date, "full")
        if v.time is not None:
            when = f"{when}, {loc.time(v.time)}"
        rows = [
            [
                self.cell(self.t("visit", "procedure")),
                self.bold(_capitalised(titled(self.procedure, v, loc))),
            ],
            [self.cell(self.t("visit", "date")), self.bold(when)],
            [self.cell(self.t("visit", "physician")), self.bold(physician or self.t("visit", "not_set"))],
            [self.cell(self.t("visit", "clinic")), self.bold(clinic_name)],
            [
                self.cell(self.t("visit", "phone")),
                self.bold(f"{day_phone}   ({self.t('visit', 'after_hours')}: {after_hours})"),
            ],
        ]
        w = self.p.width
        table = self._grid(
            rows,
            [w * 0.3, w * 0.7] if self.p.large else [w * 0.22, w * 0.78],
            header=False,
            extra=[("BACKGROUND", (0, 0), (0, -1), GREY)],
        )
        return [table, Gap(self.p.body * 0.8)]

    # -- risks -----------------------------------------------------------------------------
    def risks(self) -> list[Flowable]:
        w = self.p.width
        rows: list[list[object]] = [
            [self.bold(self.t("risks", "what")), self.bold(self.t("risks", "likely"))]
        ]
        extra: list[tuple[object, ...]] = []
        for category in ("common-minor", "rare-serious"):
            group = [r for r in self.procedure.risks if r.category == category and r.applies(self.visit)]
            if not group:
                continue
            extra.append(("SPAN", (0, len(rows)), (-1, len(rows))))
            extra.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), GREY))
            rows.append([self.bold(self.t("risks", category)), ""])
            for risk in sorted(group, key=lambda r: -r.rate):
                wording = risk.wording.get(self.visit.language)
                if not wording:
                    raise TemplateProblem(
                        f"procedures/{self.procedure.id}/procedure.yaml: risk {risk.id} has no "
                        f"{self.visit.language.value} wording"
                    )
                rows.append([self.cell(wording), self.cell(self.locale.frequency(risk.rate, risk.bound))])
        if len(rows) == 1:
            raise TemplateProblem(f"{self.source}: '::: risks' but procedure.yaml lists no risks")
        table = self._grid(rows, [w * 0.68, w * 0.32], extra=extra)
        return [table, Gap(self.p.body * 0.8)]

    # -- signatures ------------------------------------------------------------------------
    def _sign_block(self, title: str, rows: list[list[tuple[str, str]]]) -> list[Flowable]:
        """A titled block of label + writing-line pairs; each row has one or two pairs."""
        w = self.p.width
        if self.p.large:
            return self._sign_block_large(title, [pair for row in rows for pair in row])
        label_w, line_w = w * 0.17, w * 0.33
        data: list[list[object]] = []
        spans: list[tuple[object, ...]] = []
        for r, row in enumerate(rows):
            cells: list[object] = []
            for label, prefill in row:
                cells.extend([self.cell(label, "cell-small"), self.bold(prefill) if prefill else ""])
            if len(row) == 1:
                cells.extend(["", ""])
                spans.append(("SPAN", (1, r), (3, r)))
            data.append(cells)
        table = Table(
            data, colWidths=[label_w, line_w, label_w, line_w], rowHeights=[self.p.row_height] * len(data)
        )
        style: list[tuple[object, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LINEBELOW", (1, 0), (1, -1), 0.9, colors.black),
            ("LINEBELOW", (3, 0), (3, -1), 0.9, colors.black),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            *spans,
        ]
        for r, row in enumerate(rows):
            if len(row) == 1:
                style.append(("LINEBELOW", (1, r), (3, r), 0.9, colors.black))
        table.setStyle(table_style(style))
        heading = SharedParagraph(markup(title, self.source), self.s["h2"])
        return [Keep([heading, table, Gap(self.p.body * 0.6)])]

    def _sign_block_large(self, title: str, pairs: list[tuple[str, str]]) -> list[Flowable]:
        """Large print: one field a row, its label above a full-width writing line.

        Each field is kept whole, so a block taller than a page breaks between fields.
        """
        fields: list[Flowable] = []
        for label, prefill in pairs:
            table = Table(
                [[self.cell(label, "cell-small")], [self.bold(prefill) if prefill else ""]],
                colWidths=[self.p.width],
                rowHeights=[None, self.p.row_height],
            )
            table.setStyle(
                table_style(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 2),
                        ("LINEBELOW", (0, 1), (0, 1), 0.9, colors.black),
                    ]
                )
            )
            fields.append(table)
        heading = SharedParagraph(markup(title, self.source), self.s["h2"])
        return [Keep([heading, fields[0]]), *(Keep([f]) for f in fields[1:]), Gap(self.p.body * 0.6)]

    def signatures(self) -> list[Flowable]:
        t = self.t
        name, sig, date, time = (t("signatures", k) for k in ("printed_name", "signature", "date", "time"))
        physician = self.visit.physician or ""
        return [
            *self._sign_block(
                t("signatures", "patient"),
                [
                    [(name, ""), (sig, "")],
                    [(date, ""), (time, "")],
                    [(t("signatures", "relationship"), "")],
                ],
            ),
            SharedParagraph(
                markup(t("signatures", "representative_note"), self.source), self.s["cell-small"]
            ),
            Gap(self.p.body * 0.6),
            *self._sign_block(
                t("signatures", "practitioner"),
                [
                    [(name, physician), (sig, "")],
                    [(date, ""), (time, "")],
                ],
            ),
            *self._sign_block(
                t("signatures", "witness"),
                [
                    [(name, ""), (sig, "")],
                    [(date, ""), (time, "")],
                ],
            ),
            *self._sign_block(
                t("signatures", "interpreter"),
                [
                    [(t("signatures", "language"), ""), (t("signatures", "interpreter_id"), "")],
                    [(t("signatures", "mode"), t("signatures", "mode_choices"))],
                    [(sig, ""), (date, "")],
                    [(time, "")],
                ],
            ),
        ]

    # -- pain scale and diary ----------------------------------------------------------------
    def _numbers(self, width: float, size: float | None = None) -> Table:
        """0 to 10, spaced for circling."""
        size = size or min(self.p.body, 13.0)
        style = self.p.derived("scale-num", "cell-bold", fontSize=size, leading=size * 1.2, alignment=1)
        cells = [SharedParagraph(str(n), style) for n in range(11)]
        table = Table([cells], colWidths=[width / 11] * 11)
        table.setStyle(
            table_style(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ]
            )
        )
        return table

    def pain_scale(self) -> list[Flowable]:
        w = self.p.width
        t = self.t
        size = self.p.body * 1.3
        num = self.p.derived("scale-big", "cell-bold", fontSize=size, leading=size * 1.2, alignment=1)
        words = self.p.derived("scale-words", "cell-small", alignment=1)
        top = [SharedParagraph(str(n), num) for n in range(11)]
        anchors = {0: t("scale", "low"), 5: t("scale", "middle"), 10: t("scale", "high")}
        col = w / 11
        if self.p.large:
            # A word under a number would break mid-word at this size: list the anchors instead.
            legend = "<br/>".join(f"<b>{n}</b> = {markup(text, self.source)}" for n, text in anchors.items())
            bottom: list[object] = [SharedParagraph(legend, self.s["cell"]), *[""] * 10]
            spans: list[tuple[object, ...]] = [("SPAN", (0, 1), (-1, 1))]
        else:
            bottom = [
                SharedParagraph(markup(anchors[n], self.source), words) if n in anchors else ""
                for n in range(11)
            ]
            spans = []
        table = Table([top, bottom], colWidths=[col] * 11)
        table.setStyle(
            table_style(
                [
                    ("BOX", (0, 0), (-1, 0), 1.2, colors.black),
                    ("INNERGRID", (0, 0), (-1, 0), 0.75, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, 0), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
                    ("LEFTPADDING", (0, 1), (-1, 1), 1),
                    ("RIGHTPADDING", (0, 1), (-1, 1), 1),
                    *spans,
                ]
            )
        )
        title = SharedParagraph(markup(t("scale", "title"), self.source), self.s["h2"])
        return [Keep([title, table]), Gap(self.p.body * 0.8)]

    def _diary_table(self, first_col: str, rows: list[tuple[str, str]], pain_label: str) -> list[Flowable]:
        if self.p.large:
            return self._diary_cards(rows, pain_label)
        w = self.p.width
        t = self.t
        widths = [w * 0.17, w * 0.37, w * 0.12, w * 0.17, w * 0.17]
        head = self.p.derived("diary-head", "cell-small", fontName=self.s["cell-bold"].fontName)
        header: list[object] = [
            SharedParagraph(markup(text, self.source), head)
            for text in (
                first_col,
                pain_label,
                t("diary", "relief"),
                t("diary", "activity"),
                t("diary", "medicines"),
            )
        ]
        data: list[list[object]] = [header]
        for label, clock in rows:
            when = f"<b>{markup(label, self.source)}</b>"
            if clock:
                when += f"<br/>{markup(clock, self.source)}"
            data.append(
                [SharedParagraph(when, self.s["cell-small"]), self._numbers(widths[1] - 14), "", "", ""]
            )
        heights: list[float | None] = [None] + [self.p.row_height] * len(rows)
        return [self._grid(data, widths, row_heights=heights), Gap(self.p.body * 0.8)]

    def _diary_cards(self, rows: list[tuple[str, str]], pain_label: str) -> list[Flowable]:
        """Large print: one boxed card a row, the 0-10 scale across the full width at body size."""
        w = self.p.width
        t = self.t
        label = self.p.derived("card-label", "body", spaceAfter=0)
        cards: list[Flowable] = []
        for when, clock in rows:
            title = f"<b>{markup(when, self.source)}</b>"
            if clock:
                title += f"  ·  {markup(clock, self.source)}"
            labels = [
                SharedParagraph(markup(t("diary", key), self.source), label)
                for key in ("relief", "activity", "medicines")
            ]
            data: list[list[Any]] = [
                [SharedParagraph(title, self.s["cell-bold"]), "", ""],
                [
                    SharedParagraph(markup(pain_label, self.source), label),
                    self._numbers(w * 0.76 - 12, self.p.body * 1.1),
                    "",
                ],
                labels,
            ]
            table = Table(
                data,
                colWidths=[w * 0.24, w * 0.38, w * 0.38],
                rowHeights=[None, None, self.p.row_height + self.p.leading * 2],
            )
            table.setStyle(
                table_style(
                    [
                        ("SPAN", (0, 0), (-1, 0)),
                        ("SPAN", (1, 1), (2, 1)),
                        ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                        ("BACKGROUND", (0, 0), (-1, 0), GREY),
                        ("LINEBELOW", (0, 0), (-1, 0), 0.75, colors.black),
                        ("INNERGRID", (0, 2), (-1, -1), 0.75, colors.black),
                        ("LINEABOVE", (0, 2), (-1, 2), 0.75, colors.black),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("VALIGN", (0, 1), (-1, 1), "MIDDLE"),
                    ]
                )
            )
            cards.append(Keep([table, Gap(self.p.body * 0.6)]))
        return cards

    def diary_baseline(self) -> list[Flowable]:
        t = self.t
        return self._diary_table(
            t("diary", "when"), [(t("diary", "baseline"), t("diary", "write_time"))], t("diary", "pain")
        )

    def _offset_label(self, minutes: int) -> str:
        if minutes == 60:
            return self.t("diary", "after_hour")
        if minutes % 60 == 0:
            return self.t("diary", "after_hours", n=minutes // 60)
        return self.t("diary", "after_minutes", n=minutes)

    def diary_timed(self) -> list[Flowable]:
        v, t = self.visit, self.t
        slots = timed_slots(self.procedure.diary.timed_minutes, v.date, v.time)
        rows = [
            (
                self._offset_label(s.minutes),
                self.locale.time(s.clock) if s.clock is not None else t("diary", "write_time"),
            )
            for s in slots
        ]
        return self._diary_table(t("diary", "when"), rows, t("diary", "pain"))

    def diary_daily(self) -> list[Flowable]:
        v, t = self.visit, self.t
        dates = daily_dates(v.date, self.procedure.diary.daily_days)
        rows = [(t("diary", "day", n=n), self.locale.short_day(d)) for n, d in enumerate(dates, start=1)]
        return self._diary_table(t("diary", "when"), rows, t("diary", "daily_pain"))

    def diary_weekly(self) -> list[Flowable]:
        """One row a week: three 0-10 scores written in (the PEG items) and notes."""
        v, t = self.visit, self.t
        weeks = weekly_dates(v.date, self.procedure.diary.weekly_weeks)
        if not weeks:
            raise TemplateProblem(f"{self.source}: '::: diary-weekly' but the diary plan has no weeks")
        items = [t("diary", "weekly", key) for key in ("pain", "enjoyment", "activity")]
        if self.p.large:
            return self._weekly_cards(weeks, items)
        w = self.p.width
        head = self.p.derived("weekly-head", "cell-small", fontName=self.s["cell-bold"].fontName)
        header = [
            SharedParagraph(markup(x, self.source), head)
            for x in (t("diary", "when"), *items, t("diary", "notes"))
        ]
        data: list[list[Any]] = [header]
        for n, day in enumerate(weeks, start=1):
            when = f"<b>{markup(t('diary', 'week', n=n), self.source)}</b><br/>"
            when += markup(self.locale.short_day(day), self.source)
            data.append([SharedParagraph(when, self.s["cell-small"]), "", "", "", ""])
        widths = [w * 0.16, w * 0.19, w * 0.19, w * 0.19, w * 0.27]
        heights: list[float | None] = [None] + [self.p.row_height] * len(weeks)
        return [self._grid(data, widths, row_heights=heights), Gap(self.p.body * 0.8)]

    def _weekly_cards(self, weeks: list[dt.date], items: list[str]) -> list[Flowable]:
        w, t = self.p.width, self.t
        cards: list[Flowable] = []
        for n, day in enumerate(weeks, start=1):
            title = (
                f"<b>{markup(t('diary', 'week', n=n), self.source)}</b>  ·  "
                f"{markup(self.locale.short_day(day), self.source)}"
            )
            rows: list[list[Any]] = [[SharedParagraph(title, self.s["cell-bold"]), ""]]
            rows += [[SharedParagraph(markup(item, self.source), self.s["cell"]), ""] for item in items]
            table = Table(
                rows, colWidths=[w * 0.7, w * 0.3], rowHeights=[None] + [self.p.row_height] * len(items)
            )
            table.setStyle(
                table_style(
                    [
                        ("SPAN", (0, 0), (-1, 0)),
                        ("GRID", (0, 0), (-1, -1), 0.75, colors.black),
                        ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                        ("BACKGROUND", (0, 0), (-1, 0), GREY),
                        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ]
                )
            )
            cards.append(Keep([table, Gap(self.p.body * 0.6)]))
        return cards

    def diary_review(self) -> list[Flowable]:
        """The clinic's summary of a diagnostic block, with the relief threshold that applies."""
        t = self.t
        threshold = self.threshold
        rows: list[list[tuple[str, str]]] = [
            [(t("diary", "review", "baseline"), ""), (t("diary", "review", "lowest"), "")],
            [(t("diary", "review", "best"), ""), (t("diary", "review", "lasted"), "")],
            [(t("diary", "review", "met", n=threshold), t("diary", "review", "yes_no"))],
            [(t("diary", "review", "by"), ""), (t("signatures", "date"), "")],
        ]
        return self._sign_block(t("diary", "review", "title", n=threshold), rows)
