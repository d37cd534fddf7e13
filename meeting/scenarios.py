"""The round under other terms: scenarios side by side, each override priced.

`compare_scenarios` allocates the base and every scenario of `analyses.scenarios` (in parallel over the
machine's cores when asked; the result is the same as a serial run), lists where a scenario's
grant or status differs from the base's, and prices every override with `meeting.decision`'s one
formula. `digipulje compare`, the memo's scenarios and the web's scenario page all call it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from digipulje.analyses.scenarios import (
    BASE_NAME,
    Comparison,
    Difference,
    OverridePrice,
    Round,
    Scenario,
    ScenarioResult,
    apply_scenario,
)
from digipulje.meeting.decision import Failed, Solve, price_of, solve_all, without_each
from digipulje.messages import _
from digipulje.pool.allocation import Allocation
from digipulje.solver.backends import DEFAULT_SOLVER


def _require(result: Allocation | Failed, name: str, locate: bool = True) -> Allocation:
    if isinstance(result, Failed):
        if not locate:
            raise result.error(*result.lines)
        raise result.error(*(_("{location}: {message}", location=name, message=line) for line in result.lines))
    return result


def compare_scenarios(
    base: Round, scenarios: Sequence[Scenario], base_name: str = BASE_NAME, solver: str = DEFAULT_SOLVER,
    workers: int | None = 1, stay_close_to_base: bool = True, price: bool = True, locate: bool = True,
) -> Comparison:
    """The base and every scenario allocated, the differences listed, every override priced.

    The base is the decision, as `allocate --overrides` and the memo give it: with overrides it is
    `decide` on the recommendation (the base without them), and each of its overrides is priced
    against that same recommendation, so a price agrees with the recommendation column beside it.

    With `stay_close_to_base` (the default) a scenario moves kroner away from the base's
    allocation only where it must, as the chiefs' decision does with the council's
    recommendation: the base allocation is every scenario's baseline. Without it each scenario is
    `decide` on its own terms: its own recommendation, with its overrides made on that.

    `price=False` leaves the prices out (no solves for them); `locate=False` raises an error of a
    scenario with the engine's own lines, not prefixed with the scenario's name.
    """
    applications, assessments = base.applications, tuple(base.assessments)
    base_overrides = tuple(base.overrides)
    base_label = _("scenario '{name}'", name=base_name)

    def job(pool, overrides, baseline, explain=True) -> Solve:
        return Solve(applications, pool, overrides, baseline, solver, assessments, explain)

    recommendation = None
    if base_overrides:
        recommendation = _require(solve_all([job(base.pool, (), None)])[0], base_label, locate)
    base_line = None if recommendation is None else recommendation.granted_by_id()
    base_allocation = _require(solve_all([job(base.pool, base_overrides, base_line)])[0], base_label, locate)
    rounds: list[tuple[str, Scenario | None, object, tuple, dict[str, int] | None]] = [
        (base_name, None, base.pool, base_overrides, base_line)]
    for s in scenarios:
        pool, overrides = apply_scenario(base.pool, base_overrides, s)
        rounds.append((s.name, s, pool, overrides, base_allocation.granted_by_id() if stay_close_to_base else None))
    solved = solve_all([job(pool, overrides, line) for _n, _s, pool, overrides, line in rounds[1:]], workers)
    allocations = [base_allocation, *(_require(result, _("scenario '{name}'", name=name), locate)
                                      for result, (name, *_rest) in zip(solved, rounds[1:]))]

    prices: list[list[OverridePrice]] = [[] for _r in rounds]
    if price:
        # Each override is priced by the decision without it (the others kept, the same baseline); a
        # scenario decided on its own recommendation is priced against that recommendation.
        jobs, priced = [], []
        for r, (_name, _scenario, pool, overrides, line) in enumerate(rounds):
            if line is None and overrides:
                line = _require(solve_all([job(pool, (), None, False)])[0], _("scenario '{name}'", name=rounds[r][0]),
                                locate).granted_by_id()
            jobs += without_each(applications, pool, overrides, line, solver, assessments)
            priced += [(r, k) for k in range(len(overrides))]
        for (r, k), without in zip(priced, solve_all(jobs, workers)):
            override = rounds[r][3][k]
            without = _require(without, _("scenario '{name}' without override '{override}'", name=rounds[r][0],
                                          override=override.describe()), locate)
            prices[r].append(price_of(override, allocations[r], without))
    results = tuple(ScenarioResult(name, scenario, allocations[r], tuple(prices[r]))
                    for r, (name, scenario, *_rest) in enumerate(rounds))
    losers = {}
    for result in results[1:]:  # a larger pool can change the best set: say who loses a grant
        if result.allocation.budget_dkk > base_allocation.budget_dkk:
            lost = tuple(d.id for d in result.allocation.decisions
                         if d.granted_dkk == 0 and base_allocation.decision(d.id).granted_dkk > 0)
            if lost:
                losers[result.name] = lost
    differences = []
    for result in results[1:]:
        for d in result.allocation.decisions:
            b = base_allocation.decision(d.id)
            if (d.granted_dkk, d.status) != (b.granted_dkk, b.status):
                differences.append(Difference(result.name, d.id, b.granted_dkk, d.granted_dkk, b.status, d.status))
    return Comparison(tuple(sorted(applications, key=lambda a: a.id)), results, tuple(differences),
                      recommendation, losers)


def budget_curve_of(base: Round, decision: Allocation):
    """The base's budget curve as the memo and the web's scenario page show it: the decision with
    the base's overrides at each budget of `analyses.curve.report_budgets` of `decision` (the base
    allocated with them), from 0 to twice its pool, or to what the eligible applications ask if that
    is more, in steps of the smallest grant. With overrides that force money out, the curve starts
    at the smallest budget at which they can all hold."""
    from digipulje.analyses.curve import budget_curve, report_budgets_holding

    budgets = report_budgets_holding(decision, base.applications, base.overrides)
    return budget_curve(base.applications, base.pool, budgets, base.overrides)


def compare_saved(base: Round, saved: Sequence[Scenario], base_name: str = BASE_NAME, solver: str = DEFAULT_SOLVER,
                  workers: int | None = 1) -> Comparison:
    """The round's saved scenarios side by side, as the web's scenario page and the round's
    workbook show them: `compare_scenarios` with the round's own pool and no overrides as the base
    (the recommendation), and each scenario decided on its own terms (`stay_close_to_base=False`),
    with the chiefs' changes it was saved with in its `override`."""
    return compare_scenarios(Round(base.applications, base.pool, (), base.assessments), saved, base_name=base_name,
                             solver=solver,
                             workers=workers, stay_close_to_base=False, price=False)


def scenarios_for_memo(path: Path, solver: str | None = None, workers: int | None = None, columns=None):
    """A scenario file allocated as `digipulje compare` allocates it, with the base's budget curve:
    what the memo and the workbook show of it (`reports.memo.case.ScenarioComparison`). The curve
    is `budget_curve_of` the base: the scenario file has no settings for it.
    """
    from digipulje.analyses.scenarios import read_scenario_file
    from digipulje.reports.memo.case import scenario_comparison

    parsed, base = read_scenario_file(path, columns)
    comparison = compare_scenarios(base, parsed.scenario, base_name=parsed.base.name, workers=workers,
                                   stay_close_to_base=parsed.base.stay_close_to_base,
                                   **({"solver": solver} if solver else {}))
    return scenario_comparison(comparison, budget_curve_of(base, comparison.base.allocation))
