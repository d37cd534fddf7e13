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
  a threshold rule not met              -> not_recommended (see scoring.thresholds)

`check_rules` lists every rule with its outcome; screening is its failures, so an explanation
and a status can never disagree.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from digipulje.applications.model import Application, Verdict
from digipulje.applications.principles import CRITERIA
from digipulje.pool.model import Pool, Rules
from digipulje.pool.overrides import Override
from digipulje.pool.reasons import Reason, reason
from digipulje.scoring.score import Score
from digipulje.scoring.thresholds import ThresholdRule


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
    checks: tuple[RuleCheck, ...] = ()  # every rule of the pool, passed or failed (`check_rules`)


@dataclass(frozen=True)
class RuleCheck:
    """One rule of the pool applied to one application, for screening and for explanations."""

    gate: Gate  # the status failing it leads to
    rule: Reason  # what the rule says
    passed: bool | None  # None: the rule does not apply (e.g. score rules to a rejected application)
    failure: Reason | None  # the reason given, where it failed (None where it passed or does not apply)


def _check(gate: Gate, rule: Reason, passed: bool | None, failure: Callable[[], Reason]) -> RuleCheck:
    """A rule applied; its failure's reason is made only where it failed (a round makes thousands)."""
    return RuleCheck(gate, rule, passed, failure() if passed is False else None)


def check_rules(application: Application, score: Score, pool: Pool) -> tuple[RuleCheck, ...]:
    """Every rule of the pool applied to one application, in the order of the gates.

    The score rules apply only to what the council found eligible: when the council itself says
    no, its verdict is the reason.
    """
    return _checks(_facts(application, pool.rules), _score_facts(application, score, pool.rules), pool.rules)


@dataclass(frozen=True)
class _Facts:
    """What the rules that do not read the score read of an application: applications alike in
    these are screened alike, so their checks are made once and shared (a round of 100.000
    applications has a handful of distinct ones; the checks are immutable)."""

    verdict: Verdict | None  # None: not assessed
    council_reason: str | None  # the council's reason, where it rejected or did not recommend
    running_costs_paid: bool
    requested_below_min: int | None  # the request, where it is below the pool's minimum grant
    approval_asked: bool
    approved: bool


def _facts(application: Application, rules: Rules) -> _Facts:
    assessment = application.assessment
    verdict = assessment.verdict if assessment is not None else None
    return _Facts(
        verdict=verdict,
        council_reason=assessment.reason if verdict in (Verdict.REJECTED, Verdict.NOT_RECOMMENDED) else None,
        running_costs_paid=application.running_cost_paid_by_applicant,
        requested_below_min=application.requested_dkk if application.requested_dkk < rules.min_grant_dkk else None,
        approval_asked=rules.require_approval or application.approval_required,
        approved=application.approval is not None,
    )


def _score_facts(application: Application, score: Score, rules: Rules) -> tuple:
    """What the score rules read: whether the council found it eligible, the score, and the
    ratings where the pool has threshold rules."""
    assessment = application.assessment
    eligible = assessment is not None and assessment.verdict is Verdict.ELIGIBLE
    ratings = tuple(score.ratings().items()) if rules.thresholds else None
    return eligible, score.value, ratings


def _checks(facts: _Facts, score_facts: tuple, rules: Rules) -> tuple[RuleCheck, ...]:
    return _checks_before_score(facts, rules) + _score_checks(score_facts, rules)


@functools.lru_cache(maxsize=4_096)
def _checks_before_score(facts: _Facts, rules: Rules) -> tuple[RuleCheck, ...]:
    """The rules that do not read the score, made once per distinct facts and pool: a weight draw
    scores every application again, and only the score rules see the new score."""
    verdict = facts.verdict
    texts = _rule_texts(rules.min_grant_dkk, rules.eligibility_threshold)
    checks = [
        _check(Gate.REJECTED, texts["not_rejected"], verdict is not Verdict.REJECTED,
               lambda: reason("rejected_by_council", reason=facts.council_reason)),
        _check(Gate.REJECTED, texts["running_costs"], facts.running_costs_paid,
               lambda: _FAILURES["running_costs_not_paid_by_applicant"]),
        _check(Gate.REJECTED, texts["min_grant"], facts.requested_below_min is None,
               lambda: reason("below_min_grant", requested=facts.requested_below_min, min_grant=rules.min_grant_dkk)),
        _check(Gate.INCOMPLETE, texts["assessed"], verdict is not None, lambda: _FAILURES["not_assessed"]),
    ]
    if facts.approval_asked:
        checks.append(_check(Gate.INCOMPLETE, texts["approval"], facts.approved, lambda: _FAILURES["no_approval"]))
    checks.append(_check(
        Gate.NOT_RECOMMENDED, texts["recommended"],
        None if verdict in (None, Verdict.REJECTED) else verdict is Verdict.ELIGIBLE,
        lambda: reason("not_recommended_by_council", reason=facts.council_reason)))
    return tuple(checks)


@functools.lru_cache(maxsize=4_096)
def _score_checks(score_facts: tuple, rules: Rules) -> tuple[RuleCheck, ...]:
    """The score rules: they apply only to what the council found eligible."""
    eligible, score, ratings = score_facts
    texts = _rule_texts(rules.min_grant_dkk, rules.eligibility_threshold)
    checks = [_check(
        Gate.NOT_RECOMMENDED, texts["score"], (score >= rules.eligibility_threshold) if eligible else None,
        lambda: reason("below_threshold", score=score, threshold=rules.eligibility_threshold))]
    for rule in rules.thresholds:
        label = threshold_rule_text(rule)
        checks.append(_check(Gate.NOT_RECOMMENDED, label, rule.met_by(dict(ratings)) if eligible else None,
                             lambda label=label: reason("below_threshold_rule", rule=label)))
    return tuple(checks)


@functools.lru_cache(maxsize=64)
def _rule_texts(min_grant: int, threshold: float) -> dict[str, Reason]:
    """What each rule says: the same for every application of a pool, made once (facts never
    change after a reason is made)."""
    return {
        "not_rejected": reason("rule", variant="not_rejected"),
        "running_costs": reason("rule", variant="running_costs"),
        "assessed": reason("rule", variant="assessed"),
        "approval": reason("rule", variant="approval"),
        "recommended": reason("rule", variant="recommended"),
        "min_grant": reason("rule", variant="min_grant", min_grant=min_grant),
        "score": reason("rule", variant="score", threshold=threshold),
    }


_FAILURES = {
    "running_costs_not_paid_by_applicant": reason("running_costs_not_paid_by_applicant"),
    "not_assessed": reason("not_assessed"),
    "no_approval": reason("no_approval"),
}


def threshold_rule_text(rule: ThresholdRule) -> Reason:
    names = [(c.word("da"), c.word("en"))
             for key in rule.criteria for c in CRITERIA if c.key == key]
    if len(names) == 1:
        variant = "threshold_one"
    elif rule.min_count == len(names):
        variant = "threshold_all"
    else:
        variant = "threshold_some"
    return reason("rule", variant=variant, criteria=names, min_rating=rule.min_rating,
                  min_count=rule.min_count)


def override_reason(override: Override, rules: Rules | None = None) -> Reason:
    """The reason screening records for an override: its action's code, who decided and why; an
    amount fixed below the pool's minimum grant says so (principle 1: the chiefs may decide it, and
    the memo shows that they did)."""
    amount = {"amount": override.amount_dkk} if override.action.takes_amount else {}
    if (override.action.takes_amount and rules is not None and override.amount_dkk is not None
            and override.amount_dkk < rules.min_grant_dkk):
        return reason(override.action.reason_code, variant="below_min", by=override.decided_by,
                      reason=override.reason, min_grant=rules.min_grant_dkk, **amount)
    return reason(override.action.reason_code, by=override.decided_by, reason=override.reason, **amount)


def screen_application(
    application: Application, score: Score, pool: Pool, override: Override | None
) -> Screening:
    """The application's screening under the pool's rules (its budget plays no part). Pure, and
    made once per process for the same inputs: a round is screened again for every allocation of
    it (a decision's recommendation, each scenario and page), and the inputs are immutable; made
    once for applications alike in what the rules read (`_Facts`), and then shared."""
    rules = pool.rules
    return _screen(_facts(application, rules), _score_facts(application, score, rules), rules, override)


def forget_screened() -> None:
    """Forget the screenings made so far: for measuring."""
    _screen.cache_clear()
    _checks_before_score.cache_clear()
    _score_checks.cache_clear()


@functools.lru_cache(maxsize=4_096)
def _screen(facts: _Facts, score_facts: tuple, rules: Rules, override: Override | None) -> Screening:
    failed: list[tuple[Gate, Reason]] = []
    if override is not None and override.action.excludes:
        failed.append((Gate.EXCLUDED, override_reason(override)))
    checks = _checks(facts, score_facts, rules)
    failed += [(c.gate, c.failure) for c in checks if c.passed is False]

    gate = failed[0][0] if failed else Gate.ELIGIBLE
    reasons = [r for _, r in failed]
    lifted = override is not None and override.action.funds
    if override is not None and not override.action.excludes and override.action.reason_code is not None:
        reasons.append(override_reason(override, rules))
    return Screening(gate=gate, reasons=tuple(reasons), fundable=gate is Gate.ELIGIBLE or lifted, checks=checks)
