"""From applications to an allocation: screen, score, check the overrides, solve, explain.

This is the one entry point the CLI, scenarios and reports use. It is pure apart from the
solver call: same inputs, same allocation, whatever the order of the applications.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping

from applications.model import Application
from pool.allocation import Allocation, Decision, SolverRun, Status
from pool.errors import InputError, OverrideConflict
from pool.model import Pool
from pool.overrides import Action, Override
from pool.reasons import reason
from pool.screen import Screening, screen_application
from scoring.competition import Competition, Grant
from scoring.panel import AssessorRating, score_round
from scoring.score import Score
from solver.problem import AllocationProblem, Candidate
from solver.solve import solve


def allocate(
    applications: Iterable[Application],
    pool: Pool | None = None,
    overrides: Iterable[Override] = (),
    baseline: Mapping[str, int] | None = None,
    solver: str | None = None,
    assessments: Iterable[AssessorRating] = (),
    time_limit: float | None = None,
) -> Allocation:
    """`assessments`: the council members' own ratings; an application they rate is scored from
    them (aggregated, with recusal; see `scoring.panel`) instead of the sheet's ratings.

    `solver` (default: `solver.solve.current_settings()`, CBC) names the MILP solver; `time_limit`
    is the seconds of wall clock for the solve (default: the same settings, 60 s): reaching it
    raises `SolveTimeLimit`."""
    pool = pool or Pool()
    assessments = tuple(assessments)
    apps = sorted(applications, key=lambda a: a.id)
    _require_unique_ids(apps)
    by_id = {a.id: a for a in apps}
    overrides = tuple(sorted(overrides, key=lambda o: (o.application, o.action.value)))
    override_for = _index_overrides(overrides, by_id)
    if baseline is not None:
        unknown = sorted(set(baseline) - set(by_id))
        if unknown:
            raise InputError(*(f"the baseline grants money to '{u}', which is not among the applications"
                               for u in unknown))

    scores: dict[str, Score] = score_round(apps, pool, assessments)[1]
    screenings: dict[str, Screening] = {
        a.id: screen_application(a, scores[a.id], pool, override_for.get(a.id)) for a in apps
    }
    candidates = [
        _candidate(a, scores[a.id], pool, override_for.get(a.id), baseline)
        for a in apps
        if screenings[a.id].fundable
    ]
    _require_overrides_fit(candidates, pool, override_for)
    problem = AllocationProblem(
        candidates=tuple(candidates),
        budget_dkk=pool.budget_dkk,
        max_grants=pool.rules.max_grants,
        has_baseline=baseline is not None,
        max_partial_grants=pool.partial_grant_limit,
    )
    solution = solve(problem, solver, time_limit=time_limit)

    competition = Competition(tuple(
        Grant(c.id, c.value, solution.granted[c.id], c.fixed_dkk if c.fixed_dkk is not None else c.min_dkk,
              droppable=not c.forced and c.fixed_dkk is None, cuttable=c.fixed_dkk is None)
        for c in candidates if solution.granted.get(c.id, 0) > 0
    ), pool.budget_dkk, pool.rules.max_grants)
    decisions = []
    for a in apps:
        s = screenings[a.id]
        score = scores[a.id]
        min_dkk = pool.min_grant_for(a)
        granted = solution.granted.get(a.id, 0)
        reasons = list(s.reasons)
        if not s.fundable:
            status = Status(s.gate.value)
        elif granted == a.requested_dkk:
            status = Status.FUNDED
            reasons.append(reason("funded_in_full"))
        elif granted > 0:
            status = Status.PARTIAL
            reasons.append(reason("partial", granted=granted, requested=a.requested_dkk, min=min_dkk))
        else:
            status = Status.NOT_FUNDED
            if min_dkk > a.requested_dkk:
                reasons.append(reason("not_funded_min_above_request"))
            else:
                reasons.append(competition.explain(score.centipoints, min_dkk))
        decisions.append(Decision(
            id=a.id, title=a.title, department=a.department, requested_dkk=a.requested_dkk,
            min_dkk=min_dkk, granted_dkk=granted, status=status, score=score.value,
            score_centipoints=score.centipoints, reasons=tuple(reasons),
        ))
    return Allocation(
        pool=pool,
        budget_dkk=pool.budget_dkk,
        decisions=tuple(decisions),
        overrides=overrides,
        solver=SolverRun(
            name=solution.solver, version=solution.solver_version, status=solution.status,
            seconds=solution.seconds, stages=tuple((st.name, st.objective) for st in solution.stages),
        ),
        fingerprint=fingerprint(apps, pool, overrides, baseline, assessments=assessments),
    )


def decide(
    applications: Iterable[Application],
    pool: Pool | None = None,
    overrides: Iterable[Override] = (),
    baseline: Mapping[str, int] | None = None,
    solver: str | None = None,
    assessments: Iterable[AssessorRating] = (),
    time_limit: float | None = None,
) -> Allocation:
    """An allocation with overrides that stays as close as it can to the recommendation.

    Overrides are a decision on a recommendation: without an explicit `baseline`, the baseline is
    the allocation without the overrides, so the overrides move only the kroner they must (the
    2025 chiefs' 12,500 kr went to A1, not to A3 or A5). Without overrides this is `allocate`.
    """
    apps, overrides, assessments = list(applications), tuple(overrides), tuple(assessments)
    if overrides and baseline is None:
        baseline = allocate(apps, pool, (), None, solver, assessments, time_limit).granted_by_id()
    return allocate(apps, pool, overrides, baseline, solver, assessments, time_limit)


def fingerprint(
    applications: Iterable[Application], pool: Pool, overrides: Iterable[Override],
    baseline: Mapping[str, int] | None, assessments: Iterable[AssessorRating] = (),
) -> str:
    """SHA-256 of the inputs in canonical form (sorted), so row order does not change it."""
    rated = sorted((r.application, r.criterion, r.assessor, r.department, r.rating) for r in assessments)
    payload = {
        "applications": [a.model_dump(mode="json") for a in sorted(applications, key=lambda a: a.id)],
        "pool": pool.model_dump(mode="json"),
        "overrides": [o.model_dump(mode="json") for o in overrides],
        "baseline": None if baseline is None else dict(sorted(baseline.items())),
    }
    if rated:  # only then, so a round without assessors keeps its fingerprint
        payload["assessments"] = [list(r) for r in rated]
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _require_unique_ids(apps: list[Application]) -> None:
    seen: set[str] = set()
    duplicates = sorted({a.id for a in apps if a.id in seen or seen.add(a.id)})  # type: ignore[func-returns-value]
    if duplicates:
        raise InputError(*(f"application id '{d}' is used more than once: ids must be unique"
                           for d in duplicates))


def _index_overrides(overrides: tuple[Override, ...], by_id: Mapping[str, Application]) -> dict[str, Override]:
    problems: list[str] = []
    index: dict[str, Override] = {}
    for o in overrides:
        if o.application not in by_id:
            problems.append(f"override '{o.describe()}': there is no application '{o.application}'")
        elif o.application in index:
            problems.append(f"overrides '{index[o.application].describe()}' and '{o.describe()}' "
                            f"both concern {o.application}: keep one")
        else:
            index[o.application] = o
            if o.action is Action.FIX and o.amount_dkk > by_id[o.application].requested_dkk:  # type: ignore[operator]
                problems.append(f"override '{o.describe()}': more than the "
                                f"{by_id[o.application].requested_dkk:,} kr requested")
    if problems:
        raise OverrideConflict(*problems)
    return index


def _candidate(app: Application, score: Score, pool: Pool, override: Override | None,
               baseline: Mapping[str, int] | None) -> Candidate:
    return Candidate(
        id=app.id,
        value=score.centipoints if app.support is None else app.support,  # voters' support, when given
        min_dkk=pool.min_grant_for(app),
        max_dkk=app.requested_dkk,
        forced=override is not None and override.action is Action.INCLUDE,
        fixed_dkk=override.amount_dkk if override is not None and override.action is Action.FIX else None,
        baseline_dkk=(baseline or {}).get(app.id, 0),
    )


def _require_overrides_fit(candidates: list[Candidate], pool: Pool, override_for: Mapping[str, Override]) -> None:
    """Overrides that force money out can only conflict with the budget, the count or a floor.

    Checked here, exactly, so the user hears which overrides collide instead of "infeasible".
    """
    forced = [c for c in candidates if c.forced or c.fixed_dkk is not None]
    problems = []
    for c in forced:
        if c.fixed_dkk is None and c.min_dkk > c.max_dkk:
            problems.append(f"override '{override_for[c.id].describe()}' cannot hold: the smallest grant "
                            f"the pool allows ({c.min_dkk:,} kr) is more than the {c.max_dkk:,} kr requested")
    below = [c for c in forced if c.fixed_dkk is not None and c.fixed_dkk < c.max_dkk]
    limit = pool.partial_grant_limit
    need = _least_forced_kroner(forced, None if limit is None else max(0, limit - len(below)))
    if need > pool.budget_dkk:
        names = "; ".join(override_for[c.id].describe() for c in forced)
        rule = "" if need == _least_forced_kroner(forced, None) else \
            f" with at most {limit} {'grant' if limit == 1 else 'grants'} below the request"
        problems.append(f"overrides cannot all hold: together they need at least {need:,} kr{rule}, "
                        f"more than the budget of {pool.budget_dkk:,} kr ({names})")
    if limit is not None and len(below) > limit:
        names = "; ".join(override_for[c.id].describe() for c in below)
        problems.append(f"overrides cannot all hold: they fix {len(below)} grants below the request, more than "
                        f"the pool's max_partial_grants of {limit} ({names}): raise max_partial_grants in "
                        f"the pool file, or fix the amounts at the requests")
    if pool.rules.max_grants is not None and len(forced) > pool.rules.max_grants:
        names = "; ".join(override_for[c.id].describe() for c in forced)
        problems.append(f"overrides cannot all hold: they force {len(forced)} grants, more than the "
                        f"pool's maximum of {pool.rules.max_grants} ({names})")
    if problems:
        raise OverrideConflict(*problems)


def _least_forced_kroner(forced: list[Candidate], partial_slots: int | None) -> int:
    """The fewest kroner the forced grants can take: fixed amounts, and included applications at
    their smallest grant, or, with `partial_slots` grants below the request left, in full but for
    the ones that save the most by being partial."""
    fixed = sum(c.fixed_dkk for c in forced if c.fixed_dkk is not None)
    included = [c for c in forced if c.fixed_dkk is None and c.min_dkk <= c.max_dkk]
    if partial_slots is None:
        return fixed + sum(c.min_dkk for c in included)
    savings = sorted((c.max_dkk - c.min_dkk for c in included), reverse=True)[:partial_slots]
    return fixed + sum(c.max_dkk for c in included) - sum(savings)
