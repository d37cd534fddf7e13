"""Screening: which applications may be funded at all, before the solver sees any of them.

Gates are applied in the order below; the first that fails decides the status, and every
failing gate is kept as a reason. An `include` or `fix` override lets an application past its
gates (the chiefs decide and may override the council), and that is recorded as a reason too.

  excluded override                     -> excluded
  council: administratively rejected    -> rejected
  principle 6: running costs not ours   -> rejected
  principle 1: below the minimum grant  -> rejected
  principle 5: no council assessment    -> incomplete
  department head's approval missing    -> incomplete (when the pool or the form requires it)
  council: not recommended              -> not_recommended
  score below the pool's threshold      -> not_recommended
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from applications.model import Application, Verdict
from pool.model import Pool
from pool.overrides import Action, Override
from pool.reasons import Reason, reason
from scoring.score import Score


class Gate(str, Enum):
    ELIGIBLE = "eligible"
    NOT_RECOMMENDED = "not_recommended"
    REJECTED = "rejected"
    EXCLUDED = "excluded"
    INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class Screening:
    gate: Gate  # the status the application would have without an include/fix override
    reasons: tuple[Reason, ...]
    fundable: bool  # may the solver fund it (eligible, or lifted by include/fix)


def screen_application(
    application: Application, score: Score, pool: Pool, override: Override | None
) -> Screening:
    failed: list[tuple[Gate, Reason]] = []
    if override is not None and override.action is Action.EXCLUDE:
        failed.append((Gate.EXCLUDED, reason("excluded", by=override.decided_by, reason=override.reason)))
    assessment = application.assessment
    if assessment is not None and assessment.verdict is Verdict.REJECTED:
        failed.append((Gate.REJECTED, reason("rejected_by_council", reason=assessment.reason)))
    if not application.running_cost_paid_by_applicant:
        failed.append((Gate.REJECTED, reason("running_costs_not_paid_by_applicant")))
    if application.requested_dkk < pool.rules.min_grant_dkk:
        failed.append((Gate.REJECTED, reason(
            "below_min_grant", requested=application.requested_dkk, min_grant=pool.rules.min_grant_dkk)))
    if assessment is None:
        failed.append((Gate.INCOMPLETE, reason("not_assessed")))
    if (pool.rules.require_approval or application.approval_required) and application.approval is None:
        failed.append((Gate.INCOMPLETE, reason("no_approval")))
    if assessment is not None and assessment.verdict is Verdict.NOT_RECOMMENDED:
        failed.append((Gate.NOT_RECOMMENDED, reason("not_recommended_by_council", reason=assessment.reason)))
    if assessment is not None and assessment.verdict is Verdict.ELIGIBLE and (
        score.value < pool.rules.eligibility_threshold
    ):
        failed.append((Gate.NOT_RECOMMENDED, reason(
            "below_threshold", score=score.value, threshold=pool.rules.eligibility_threshold)))

    gate = failed[0][0] if failed else Gate.ELIGIBLE
    reasons = [r for _, r in failed]
    lifted = override is not None and override.action in (Action.INCLUDE, Action.FIX)
    if lifted:
        assert override is not None
        if override.action is Action.FIX:
            reasons.append(reason("fixed", amount=override.amount_dkk, by=override.decided_by,
                                  reason=override.reason))
        else:
            reasons.append(reason("included", by=override.decided_by, reason=override.reason))
    return Screening(gate=gate, reasons=tuple(reasons), fundable=gate is Gate.ELIGIBLE or lifted)
