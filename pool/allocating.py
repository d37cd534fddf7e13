"""From applications to an allocation: screen, score, check the overrides, solve, explain.

This is the one entry point the CLI, scenarios and reports use. It is pure apart from the
solver call: same inputs, same allocation, whatever the order of the applications.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping

import orjson

from digipulje.applications.model import Application
from digipulje.pool.allocation import Allocation, Decision, Details, SolverRun, Status
from digipulje.pool.engine import PreparedRound, forget_scored, prepare_round
from digipulje.pool.model import Pool
from digipulje.pool.overrides import Override
from digipulje.pool.reasons import override_words, reason
from digipulje.applications.assessments import AssessorRating
from digipulje.solver.lexicographic import solve
from digipulje.solver.problem import Solution


def allocate(
    applications: Iterable[Application],
    pool: Pool | None = None,
    overrides: Iterable[Override] = (),
    baseline: Mapping[str, int] | None = None,
    solver: str | None = None,
    assessments: Iterable[AssessorRating] = (),
    time_limit: float | None = None,
    explain_losses: bool = True,
) -> Allocation:
    """`explain_losses`: solve, for each application that lost, the round with it included
    (`pool.counterfactual`): its `if_funded` and its reason. `assessments`: the council members' own ratings; an application they rate is scored from
    them (aggregated, with recusal; see `scoring.panel`) instead of the sheet's ratings.

    `solver` (default: `solver.lexicographic.current_settings()`, CBC) names the MILP solver; `time_limit`
    is the seconds of wall clock for the solve (default: the same settings, 60 s): reaching it
    raises `SolveTimeLimit`."""
    pool = pool or Pool()
    assessments = tuple(assessments)
    prepared = prepare_round(applications, pool, overrides, baseline, assessments)
    apps, overrides = list(prepared.applications), prepared.overrides
    scores, screenings = prepared.scores, prepared.screenings
    problem = prepared.problem()
    solution = solve(problem, solver, time_limit=time_limit)

    # The overrides that force money out take money the baseline gave others: name them where they did.
    # (Only an override that gave its application more than the baseline did can have taken money.)
    forcing = [override_words(o) for o in overrides if o.action.funds
               and solution.granted.get(o.application, 0) > (baseline or {}).get(o.application, 0)]
    decisions = []
    for a in apps:
        s = screenings[a.id]
        score = scores[a.id]
        min_dkk = pool.min_grant_for(a)
        granted = solution.granted.get(a.id, 0)
        reasons = list(s.reasons)
        override = prepared.override_for.get(a.id)
        chiefs = override is not None and override.action.funds  # an include or a fix: the grant is theirs
        fixed = chiefs and override.action.fixes_grant  # its reason states the amount: nothing of the pool's to add
        if not s.fundable:
            status = Status(s.gate.value)
        elif granted == a.requested_dkk:
            status = Status.FUNDED
            if not fixed:  # funded in full because the chiefs included it: their reason stays the deciding (last) one
                reasons.insert(len(reasons) - 1 if chiefs else len(reasons), reason("funded_in_full"))
        elif granted > 0:
            status = Status.PARTIAL
            if not fixed:
                reasons.append(reason("partial", granted=granted, requested=a.requested_dkk, min=min_dkk))
        else:
            status = Status.NOT_FUNDED
            if min_dkk > a.requested_dkk:
                reasons.append(reason("not_funded_min_above_request"))
            elif forcing and (baseline or {}).get(a.id, 0) > 0:
                reasons.append(reason("not_funded_override", baseline=baseline[a.id], overrides=forcing))
            else:
                # what including it would give is solved below (`explain_losses`)
                reasons.append(reason("not_funded_budget", variant="below"))
        if status is Status.PARTIAL and forcing and not chiefs and granted < (baseline or {}).get(a.id, 0):
            reasons.append(reason("reduced_by_override", baseline=baseline[a.id], cut=baseline[a.id] - granted,
                                  overrides=forcing))
        decisions.append(Decision(
            id=a.id, title=a.title, department=a.department, requested_dkk=a.requested_dkk,
            min_dkk=min_dkk, granted_dkk=granted, status=status, score=score.value,
            score_centipoints=score.centipoints, reasons=tuple(reasons), support=a.support,
        ))
    allocation = Allocation(
        pool=pool,
        budget_dkk=pool.budget_dkk,
        decisions=tuple(decisions),
        overrides=overrides,
        solver=SolverRun(
            name=solution.solver, version=solution.solver_version, status=solution.status,
            seconds=solution.seconds, stages=tuple((st.name, st.objective) for st in solution.stages),
        ),
        fingerprint=fingerprint(apps, pool, overrides, baseline, assessments=assessments),
        details=_details(prepared),
    )
    if explain_losses:
        from digipulje.pool.counterfactual import with_counterfactuals

        allocation = with_counterfactuals(allocation, prepared, time_limit=time_limit)
    return allocation


def with_details(allocation: Allocation, applications: Iterable[Application],
                 assessments: Iterable[AssessorRating] = ()) -> Allocation:
    """An allocation read back without its details (from JSON, or a round's log), with them:
    scored and screened again from the inputs it was allocated from, as `allocate` did. No solve."""
    if allocation.details:
        return allocation
    prepared = prepare_round(applications, allocation.pool, allocation.overrides, None, assessments)
    return allocation.model_copy(update={"details": _details(prepared)})


def _details(prepared: PreparedRound) -> dict[str, Details]:
    return {a.id: Details(prepared.scores[a.id], prepared.panels.get(a.id), prepared.screenings[a.id])
            for a in prepared.applications}


def decide(
    applications: Iterable[Application],
    pool: Pool | None = None,
    overrides: Iterable[Override] = (),
    baseline: Mapping[str, int] | None = None,
    solver: str | None = None,
    assessments: Iterable[AssessorRating] = (),
    time_limit: float | None = None,
    explain_losses: bool = True,
) -> Allocation:
    """An allocation with overrides that stays as close as it can to the recommendation.

    Overrides are a decision on a recommendation: without an explicit `baseline`, the baseline is
    the allocation without the overrides, so the overrides move only the kroner they must (the
    2025 chiefs' 12,500 kr went to A1, not to A3 or A5). Without overrides this is `allocate`.
    """
    apps, overrides, assessments = list(applications), tuple(overrides), tuple(assessments)
    if overrides and baseline is None:
        baseline = decided_grants(apps, pool, (), None, solver, assessments, time_limit)
    return allocate(apps, pool, overrides, baseline, solver, assessments, time_limit, explain_losses)


def decided_grants(
    applications: Iterable[Application],
    pool: Pool | None = None,
    overrides: Iterable[Override] = (),
    baseline: Mapping[str, int] | None = None,
    solver: str | None = None,
    assessments: Iterable[AssessorRating] = (),
    time_limit: float | None = None,
) -> dict[str, int]:
    """`decide`'s grants alone (kroner per fundable application), without the explanations: what
    the weight draws and the counterfactuals need, by the same rule and the same solve."""
    apps, overrides, assessments = list(applications), tuple(overrides), tuple(assessments)
    pool = pool or Pool()
    if overrides and baseline is None:
        baseline = decided_grants(apps, pool, (), None, solver, assessments, time_limit)
    prepared = prepare_round(apps, pool, overrides, baseline, assessments)
    return solve(prepared.problem(), solver, time_limit=time_limit).granted


def decisions_at_budgets(
    applications: Iterable[Application], pool: Pool, overrides: Iterable[Override], budgets: Iterable[int],
    solver: str | None = None, assessments: Iterable[AssessorRating] = (),
) -> Iterator[tuple[int, Solution]]:
    """`decide` at each budget, as the solver's solution: the recommendation at that budget, and
    with overrides the decision staying close to it. The round is scored and screened once."""
    apps, overrides, assessments = list(applications), tuple(overrides), tuple(assessments)
    recommending = prepare_round(apps, pool, (), None, assessments)
    deciding = prepare_round(apps, pool, overrides, None, assessments) if overrides else None
    for budget in budgets:
        recommendation = solve(recommending.problem(budget), solver)
        if deciding is None:
            yield budget, recommendation
            continue
        deciding.fits(budget)
        yield budget, solve(deciding.with_baseline(recommendation.granted).problem(budget), solver)


def fingerprint(
    applications: Iterable[Application], pool: Pool, overrides: Iterable[Override],
    baseline: Mapping[str, int] | None, assessments: Iterable[AssessorRating] = (),
) -> str:
    """SHA-256 of the inputs in canonical form (sorted), so row order does not change it.

    The canonical form is one JSON document, keys sorted: {"applications": [...], "assessments":
    [...] (only when there are any), "baseline": ..., "overrides": [...], "pool": {...}}. Each
    application's part is made once per process (`_application_json`): a round is fingerprinted
    for every allocation of it."""
    rated = sorted((r.application, r.criterion, r.assessor, r.department, r.rating) for r in assessments)
    rest = {
        "pool": pool.model_dump(mode="json"),
        "overrides": [o.model_dump(mode="json") for o in overrides],
        "baseline": None if baseline is None else dict(sorted(baseline.items())),
    }
    if rated:  # only then, so a round without assessors keeps its fingerprint
        rest["assessments"] = [list(r) for r in rated]
    # "applications" sorts before every other key: the document is its list, then the rest's keys
    parts = b",".join(_application_json(a) for a in sorted(applications, key=lambda a: a.id))
    blob = b'{"applications":[' + parts + b"]," + _canonical_json(rest).encode("utf-8")[1:]
    return "sha256:" + hashlib.sha256(blob).hexdigest()


def _canonical_json(payload: object) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def forget_prepared() -> None:
    """Forget the rounds scored, screened and fingerprinted so far (the next allocation prepares
    them again): for measuring."""
    forget_scored()
    _application_json.cache_clear()


@functools.lru_cache(maxsize=16_384)
def _application_json(application: Application) -> bytes:
    """The application's part of the canonical document, UTF-8. orjson writes the same bytes as
    `_canonical_json` for what an application's JSON holds (text, whole numbers, true/false/null,
    lists and objects: tests/test_fingerprint.py) in a fifth of the time — a round of 10.000
    applications is fingerprinted for every allocation of it. An application holds no float
    (amounts are whole kroner, measured quantities decimals written as text), where the two write
    exponents differently; orjson refuses what it cannot write (a whole number beyond 64 bits), and
    then `json` writes it as before."""
    payload = application.model_dump(mode="json")
    try:
        return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:
        return _canonical_json(payload).encode("utf-8")
