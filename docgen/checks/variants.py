"""Visit combinations a procedure accepts that print fine but weaken what the documents are for.

They are warnings, never errors: the clinic may have its reasons, but should decide knowingly.
"""

from __future__ import annotations

from collections.abc import Sequence

from docgen.checks.samples import Sample
from docgen.model.visit import Purpose, Sedation

#: Why a diagnostic block with IV sedation is doubtful: Cohen et al. 2014 (Pain Med 15:588), a
#: randomized crossover of SI joint blocks with and without midazolam and fentanyl: more blocks
#: reached 50% relief with sedation (70% vs 54%), so more false positives.
DIAGNOSTIC_IV = (
    "a diagnostic block can be given with IV sedation (when {label}): sedation makes a false positive "
    "more likely (Cohen 2014); the diary cautions the patient and the clinic's box flags it, but "
    "prefer a diagnostic block without IV sedation"
)


def risky_combinations(tried: Sequence[Sample]) -> list[str]:
    """A message for each risky combination the sample visits reach (once each)."""
    out: list[str] = []
    for sample in tried:
        visit = sample.job.visit
        if visit.purpose == Purpose.DIAGNOSTIC and visit.sedation == Sedation.IV:
            out.append(DIAGNOSTIC_IV.format(label="purpose=diagnostic, sedation=iv"))
            break
    return out
