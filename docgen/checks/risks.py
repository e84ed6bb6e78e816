"""The risk records of a procedure.yaml: each risk in the group its rate puts it in, and no source
note still waiting for a check ("VERIFY").

The rule (docs/templates.md, "Risks in procedure.yaml"), anchored on the CIOMS frequency bands,
where "rare" is less than 1 in 1,000:

- ``common-minor``: minor risks, at any rate;
- ``less-common-serious``: serious risks with a rate above 1 in 1,000 (0.001);
- ``rare-serious``: serious risks with a rate of 1 in 1,000 (0.001) or less.

The rate is the number printed: for ``bound: less-than`` it is the upper bound, so a serious risk
known only to be "less than 1 in 100" is not called rare.
"""

from __future__ import annotations

from typing import NamedTuple

from docgen.model.procedure import Procedure, Risk, RiskCategory

#: A serious risk at or below this rate is rare (CIOMS: rare is under 1 in 1,000).
RARE = 0.001

#: What the source note of a risk still waiting for a clinician's check contains.
UNCHECKED = "VERIFY"


class RiskProblem(NamedTuple):
    risk: str
    error: bool
    message: str
    value: str
    target: str


def belongs_in(risk: Risk) -> RiskCategory:
    """The group a risk belongs in, by the rule above."""
    if risk.category == "common-minor":
        return "common-minor"
    return "rare-serious" if risk.rate <= RARE else "less-common-serious"


def _rate(rate: float) -> str:
    return f"{rate:g} (1 in {1 / rate:,.0f})"


def risk_problems(proc: Procedure) -> list[RiskProblem]:
    """Every risk in the wrong group (an error) and every unchecked source note (a warning)."""
    out: list[RiskProblem] = []
    for risk in proc.risks:
        want = belongs_in(risk)
        if want != risk.category:
            side = "at or below" if risk.rate <= RARE else "above"
            message = (
                f"{proc.id}: risk {risk.id} has rate {_rate(risk.rate)}, {side} 1 in 1,000, so it belongs in "
                f"{want}, not {risk.category}"
            )
            out.append(RiskProblem(risk.id, True, message, f"{risk.category}, rate {risk.rate:g}", want))
    sources = [(f"risk {r.id}", r.source) for r in proc.risks]
    sources += [(f"risk note {n.id}", n.source) for n in proc.risk_notes]
    sources += [("overall", proc.overall.source)] if proc.overall else []
    for name, source in sources:
        if UNCHECKED in source:
            message = (
                f"{name}: the source note still says {UNCHECKED}; check the figure, then write what "
                "supports it (or set measured: false)"
            )
            out.append(RiskProblem(name, False, message, UNCHECKED, "a checked source"))
    return out
