"""The words of every drawn part: visit summary, risks, signatures, pain scale, diary tables.

Each part is built once, here, from the prepared job and the language's words; layout draws it and
the templates check reads it. Nothing here knows about pages or fonts.
"""

from __future__ import annotations

from collections.abc import Callable

from docgen.content.diary import daily_dates, timed_offsets, weekly_dates
from docgen.content.locale import Locale, unbroken
from docgen.document import (
    ClinicBox,
    DiaryRow,
    DiaryTable,
    Field,
    Figure,
    PainScale,
    Part,
    RiskGroup,
    RiskRow,
    RiskTable,
    Signatures,
    Signer,
    WeeklyTable,
)
from docgen.errors import TemplateProblem
from docgen.model.procedure import RISK_GROUPS, Procedure
from docgen.model.visit import Language, Purpose, Sedation, Side, Visit

#: The drawings ``::: figure`` knows, and what each may show on the treated joints ("" for nothing).
FIGURES = {"si-joint": ("", "needle", "probes", "implant")}
#: The labels of the SI joint drawing (``figure:`` in the i18n files).
FIGURE_LABELS = ("spine", "sacrum", "hip", "joint", "left", "right", "behind", "treated")


def capitalised(text: str) -> str:
    """'inyección en…' starts a table cell as 'Inyección en…'."""
    return text[:1].upper() + text[1:]


def side_label(visit: Visit, locale: Locale) -> str:
    """The side in words for titles ('LEFT side'), or '' for a procedure without one."""
    if visit.side is None:
        return ""
    return unbroken(str(locale.strings["side"][visit.side.value]["label"]))


def titled(procedure: Procedure, visit: Visit, locale: Locale) -> str:
    """The procedure's short name with the side written out: 'SI joint injection, LEFT side'."""
    short = procedure.names[visit.language].short_name
    label = side_label(visit, locale)
    if not label:
        return short
    return locale.text("titled", procedure=short, side=label)


class Parts:
    """Builds the parts of one document for one visit, by component name."""

    def __init__(
        self, visit: Visit, procedure: Procedure, locale: Locale, *, source: str, threshold: int
    ) -> None:
        self.visit = visit
        self.procedure = procedure
        self.locale = locale
        self.source = source
        self.threshold = threshold
        self.t = locale.text

    def __call__(self, name: str, args: tuple[str, ...] = ()) -> Part:
        if name == "figure":
            return self.figure(args)
        builders: dict[str, Callable[[], Part]] = {
            "signatures": self.signatures,
            "risks": self.risks,
            "pain-scale": self.pain_scale,
            "diary-baseline": self.diary_baseline,
            "diary-timed": self.diary_timed,
            "diary-daily": self.diary_daily,
            "diary-weekly": self.diary_weekly,
            "diary-review": self.diary_review,
        }
        if name not in builders:
            raise TemplateProblem(f"{self.source}: unknown component '{name}'")
        return builders[name]()

    # -- visit summary ---------------------------------------------------------------------
    def summary(
        self, clinic_name: str, day_phone: str, after_hours: str, physician: str | None
    ) -> tuple[Field, ...]:
        loc, v, t = self.locale, self.visit, self.t
        when = loc.date(v.date, "full")
        if v.time is not None:
            when = f"{when}, {loc.time(v.time)}"
        return (
            (t("visit", "procedure"), capitalised(titled(self.procedure, v, loc))),
            (t("visit", "date"), when),
            (t("visit", "physician"), physician or t("visit", "not_set")),
            (t("visit", "clinic"), clinic_name),
            (
                t("visit", "phone"),
                f"{unbroken(day_phone)}   ({t('visit', 'after_hours')}: {unbroken(after_hours)})",
            ),
        )

    # -- risks -----------------------------------------------------------------------------
    def risks(self) -> RiskTable:
        """The risks that apply to this visit, in groups (common-minor, less-common-serious,
        rare-serious; an empty group is left out), most likely first; the overall figure above the
        table; the notes that apply and what to do under it."""
        groups: list[RiskGroup] = []
        for category in RISK_GROUPS:
            group = [r for r in self.procedure.risks if r.category == category and r.applies(self.visit)]
            if not group:
                continue
            rows: list[RiskRow] = []
            for risk in sorted(group, key=lambda r: -r.rate):
                likely = self.locale.frequency(risk.rate, risk.bound, measured=risk.measured)
                rows.append(RiskRow(self._worded(f"risk {risk.id}", risk.wording), likely))
            groups.append(RiskGroup(self.t("risks", category), tuple(rows)))
        if not groups:
            raise TemplateProblem(f"{self.source}: '::: risks' but procedure.yaml lists no risks")
        intro = ""
        if (overall := self.procedure.overall) is not None:
            likely = self.locale.frequency(overall.rate, overall.bound, measured=overall.measured)
            intro = self._worded("overall", overall.wording).replace("{likely}", likely)
        notes = [
            self._worded(f"risk note {n.id}", n.wording)
            for n in self.procedure.risk_notes
            if n.applies(self.visit)
        ]
        notes.append(self.t("risks", "action", aftercare=self.t("titles", "aftercare")))
        return RiskTable(
            self.t("risks", "what"), self.t("risks", "likely"), tuple(groups), intro, tuple(notes)
        )

    def _worded(self, what: str, wording: dict[Language, str]) -> str:
        text = wording.get(self.visit.language)
        if not text:
            raise TemplateProblem(
                f"procedures/{self.procedure.id}/procedure.yaml: {what} has no "
                f"{self.visit.language.value} wording"
            )
        return text

    # -- figure ----------------------------------------------------------------------------
    def figure(self, args: tuple[str, ...]) -> Figure:
        """The labelled drawing, with the treated side(s) from the visit, in words in its caption."""
        name, variant = (*args, "", "")[:2]
        if len(args) > 2 or name not in FIGURES or variant not in FIGURES[name]:
            known = ", ".join(v for v in FIGURES["si-joint"] if v)
            raise TemplateProblem(
                f"{self.source}: '::: figure {' '.join(args)}' is not a drawing docgen knows; write "
                f"'::: figure si-joint', optionally followed by one of {known}"
            )
        t, side = self.t, self.visit.side
        caption = t("figure", "caption")
        treated: tuple[str, ...] = ()
        if side is not None:
            both = side == Side.BILATERAL
            treated = ("left", "right") if both else (side.value,)
            said = t(
                "figure", "treated_both" if both else "treated_one", side=side_label(self.visit, self.locale)
            )
            caption = f"{caption} {said}"
        labels = [(key, t("figure", key)) for key in FIGURE_LABELS]
        if variant:
            labels.append(("tool", t("figure", variant)))
        return Figure(name, variant, t("figure", "title"), tuple(labels), caption, treated)

    # -- signatures ------------------------------------------------------------------------
    def signatures(self) -> Signatures:
        """Every signer of the consent, each with what they state by signing. The lines are blank,
        except the practitioner's name when the visit says who held the discussion (``discussed_by``):
        it is never filled from the physician in charge, who may not be the one who explained."""
        t = self.t
        return Signatures(
            signers=(
                Signer(
                    t("signatures", "patient"),
                    extra=(t("signatures", "representative_note"),),
                    role="patient",
                ),
                Signer(
                    t("signatures", "practitioner"),
                    role="practitioner",
                    says=t("signatures", "practitioner_says"),
                    filled=self.visit.discussed_by or "",
                ),
                Signer(t("signatures", "witness"), role="witness", says=t("signatures", "witness_says")),
                Signer(
                    t("signatures", "interpreter"),
                    extra=(t("signatures", "language"), t("signatures", "interpreter_id")),
                    ask=t("signatures", "mode"),
                    choices=tuple(t("signatures", "mode_choices").split("|")),
                    role="interpreter",
                    says=t("signatures", "interpreter_says"),
                ),
            ),
            name=t("signatures", "printed_name"),
            signature=t("signatures", "signature"),
            date=t("signatures", "date"),
            time=t("signatures", "time"),
            formats=t("signatures", "formats"),
            date_time=t("signatures", "date_time"),
            continued=t("signatures", "continued", what=titled(self.procedure, self.visit, self.locale)),
        )

    # -- pain scale and diary ----------------------------------------------------------------
    def pain_scale(self) -> PainScale:
        t = self.t
        anchors = ((0, t("scale", "low")), (5, t("scale", "middle")), (10, t("scale", "high")))
        return PainScale(t("scale", "title"), anchors)

    def _diary(
        self,
        rows: list[DiaryRow],
        *,
        daily: bool = False,
        lines: tuple[str, ...] = (),
        start: str = "",
        key: str = "",
    ) -> DiaryTable:
        t = self.t
        if self.visit.side == Side.BILATERAL:
            pain = t("diary", "pain_sides")
            scores = tuple(
                (t("diary", "sides", s, "short"), t("diary", "sides", s, "long")) for s in ("left", "right")
            )
        else:
            pain = t("diary", "daily_pain" if daily else "pain")
            scores = (("", t("diary", "pain_short")),)
        # After fusion the patient must not bend for weeks: the column does not suggest it.
        activity = "activity" if self.procedure.diary.bending else "activity_no_bending"
        return DiaryTable(
            t("diary", "when"),
            pain,
            t("diary", activity),
            t("diary", "medicines"),
            tuple(rows),
            scores,
            lines,
            (t("diary", "card", "activity"), t("diary", "card", "medicines")),
            t("diary", "write_score"),
            t("diary", "side_key"),
            start,
            key,
            t("signatures", "time"),
            t("diary", "pain_short"),
        )

    def diary_baseline(self) -> DiaryTable:
        t = self.t
        return self._diary([DiaryRow(t("diary", "baseline"), slot=t("diary", "slot"), key="baseline")])

    def _offset_label(self, minutes: int) -> str:
        if minutes == 60:
            return self.t("diary", "after_hour")
        if minutes % 60 == 0:
            return self.t("diary", "after_hours", n=minutes // 60)
        return self.t("diary", "after_minutes", n=minutes)

    def diary_timed(self) -> DiaryTable:
        """The same-day grid, counted from the shot: the patient (or the nurse) writes the time of the
        shot above it, and each row has a blank for the time of the score. No clock time is printed:
        the visit's time is when the patient arrives, not when the shot is given."""
        t = self.t
        rows = [
            DiaryRow(self._offset_label(m), slot=t("diary", "slot"), key=f"after{m}min")
            for m in timed_offsets(self.procedure.diary.timed_minutes)
        ]
        # A numbing-only test lasts until the usual pain is back: the patient notes when that was.
        came_back = (t("diary", "came_back"),) if self.visit.purpose == Purpose.DIAGNOSTIC else ()
        return self._diary(rows, lines=came_back, start=t("diary", "shot_time"), key="timed")

    def diary_daily(self) -> DiaryTable:
        v, t = self.visit, self.t
        dates = daily_dates(v.date, self.procedure.diary.daily_days)
        rows = [
            DiaryRow(t("diary", "day", n=n), hint=self.locale.short_day(d), key=f"day{n}")
            for n, d in enumerate(dates, 1)
        ]
        return self._diary(rows, daily=True)

    def diary_weekly(self) -> WeeklyTable:
        """Weekly rows from the first week after the daily rows end, so no day is asked for twice."""
        v, t, plan = self.visit, self.t, self.procedure.diary
        weeks = weekly_dates(v.date, plan.weekly_weeks, after_days=plan.daily_days)
        if not weeks:
            raise TemplateProblem(
                f"{self.source}: '::: diary-weekly' but the diary plan has no weeks after its daily rows"
            )
        pain, enjoyment, activity = (t("diary", "weekly", key) for key in ("pain", "enjoyment", "activity"))
        rows = tuple((t("diary", "week", n=n), self.locale.short_day(d)) for n, d in weeks)
        keys = tuple(f"week{n}" for n, _ in weeks)
        return WeeklyTable(t("diary", "when"), (pain, enjoyment, activity), t("diary", "notes"), rows, keys)

    def diary_review(self) -> ClinicBox:
        """The clinic's summary of a diagnostic block, with the relief threshold that applies: the
        threshold is printed here only, never as a target in the patient's instructions. After IV
        sedation a line warns that the relief may be overstated (Cohen 2014)."""
        t = self.t
        n = self.threshold
        sedated = self.visit.purpose == Purpose.DIAGNOSTIC and self.visit.sedation == Sedation.IV
        return ClinicBox(
            t("diary", "review", "mark"),
            t("diary", "review", "title", n=n),
            (
                ((t("diary", "review", "baseline"), ""), (t("diary", "review", "lowest"), "")),
                ((t("diary", "review", "best"), ""), (t("diary", "review", "lasted"), "")),
                ((t("diary", "review", "met", n=n), t("diary", "review", "yes_no")),),
                ((t("diary", "review", "by"), ""), (t("signatures", "date"), "")),
            ),
            t("diary", "review", "sedated") if sedated else "",
        )
