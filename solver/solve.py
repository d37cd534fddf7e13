"""The lexicographic integer program that picks the allocation.

Variables per candidate: `funded` (0/1), `granted` (whole kroner, integer), `partial` (0/1).
The objectives are optimised one after another; after each stage its optimum is held as a
constraint, so a later stage can never trade away an earlier one:

  1. maximise the total value of the funded applications (score, in centipoints);
  2. maximise the kroner granted (use the pool);
  3. minimise the number of partial grants (principle 1: do not spread a shortfall thinly);
  4. with a baseline: minimise the kroner moved away from it, Σ |granted − baseline|
     (a decision changes the recommendation only where it must);
  5. tie-break: give kroner to higher-ranked candidates first — maximise Σ rank_weight·granted,
     rank by value (highest first), then id. The model is built in id order, so the same set of
     applications yields the same model and the same answer whatever the input row order.

Objectives 1–4 are integer-valued, so an optimum is held with a 0.5 margin: exact, and robust to
the solver's integrality tolerance. The final values are rounded to whole kroner and checked
against the same labelled constraints that built the model.
"""

from __future__ import annotations

import time

from pool.errors import SolverFailure
from solver.backends import DEFAULT_SOLVER, make_solver, solver_version
from solver.constraints import labelled_constraints, violated_constraints
from solver.problem import AllocationProblem, Solution, StageResult

_OPTIMAL = 1  # pulp.LpStatusOptimal


def solve(problem: AllocationProblem, solver: str = DEFAULT_SOLVER) -> Solution:
    started = time.perf_counter()
    if not problem.candidates:
        return Solution({}, solver, solver_version(solver), "Optimal", 0.0)
    import pulp

    backend = make_solver(solver)
    model = pulp.LpProblem("allocation", pulp.LpMaximize)
    funded, granted, partial = {}, {}, {}
    for i, c in enumerate(problem.candidates):
        if c.fixed_dkk is not None:
            funded[c.id], granted[c.id] = 1, c.fixed_dkk
            partial[c.id] = int(c.fixed_dkk < c.max_dkk)
            continue
        funded[c.id] = model.add_variable(f"x{i}", 0, 1, pulp.LpBinary)
        granted[c.id] = model.add_variable(f"a{i}", 0, c.max_dkk, pulp.LpInteger)
        partial[c.id] = model.add_variable(f"p{i}", 0, 1, pulp.LpBinary) if c.partial_possible else 0
    for k, (label, relation) in enumerate(labelled_constraints(problem, funded, granted, partial)):
        if isinstance(relation, bool):
            if not relation:
                raise SolverFailure(f"the allocation cannot satisfy '{label}'")
            continue
        model += relation, f"c{k}"  # the label is kept by `labelled_constraints`, for `check`

    value = pulp.lpSum(c.value * funded[c.id] for c in problem.candidates)
    kroner = pulp.lpSum(granted[c.id] for c in problem.candidates)
    partials = pulp.lpSum(partial[c.id] for c in problem.candidates)
    stages = [("total value", value, pulp.LpMaximize), ("kroner granted", kroner, pulp.LpMaximize),
              ("partial grants", partials, pulp.LpMinimize)]
    if problem.has_baseline:
        moved = []
        for i, c in enumerate(problem.candidates):
            if c.fixed_dkk is not None:
                moved.append(abs(c.fixed_dkk - c.baseline_dkk))
                continue
            d = model.add_variable(f"d{i}", 0, None, pulp.LpContinuous)
            model += d >= granted[c.id] - c.baseline_dkk, f"moved_up_{i}"
            model += d >= c.baseline_dkk - granted[c.id], f"moved_down_{i}"
            moved.append(d)
        stages.append(("kroner moved from baseline", pulp.lpSum(moved), pulp.LpMinimize))
    ranked = sorted(problem.candidates, key=lambda c: (-c.value, c.id))
    n = len(ranked)
    preference = pulp.lpSum((n - r) * granted[c.id] for r, c in enumerate(ranked))
    stages.append(("tie-break: kroner to higher-ranked", preference, pulp.LpMaximize))

    results: list[StageResult] = []
    for index, (name, objective, sense) in enumerate(stages):
        if len(objective) == 0:  # no variable in it (e.g. every grant fixed): nothing to choose
            results.append(StageResult(name, round(objective.constant)))
            continue
        model.sense = sense
        model.setObjective(objective)
        model.solve(backend)
        _require_optimal(model, solver, name)
        optimum = pulp.value(objective)
        optimum = 0 if optimum is None else optimum
        results.append(StageResult(name, round(optimum)))
        if index < len(stages) - 1:
            if sense == pulp.LpMaximize:
                model += objective >= round(optimum) - 0.5, f"hold_stage_{index + 1}"
            else:
                model += objective <= round(optimum) + 0.5, f"hold_stage_{index + 1}"

    amounts = {c.id: _whole_kroner(granted[c.id]) for c in problem.candidates}
    broken = violated_constraints(problem, amounts)
    if broken:
        raise SolverFailure(*(f"the solver's answer breaks '{label}'" for label in broken))
    return Solution(
        granted=amounts,
        solver=solver,
        solver_version=solver_version(solver),
        status="Optimal",
        seconds=time.perf_counter() - started,
        stages=tuple(results),
    )


def _whole_kroner(amount: object) -> int:
    if isinstance(amount, int):
        return amount
    import pulp

    value = pulp.value(amount)
    return 0 if value is None else int(round(value))


def _require_optimal(model: object, solver: str, stage: str) -> None:
    import pulp

    status = model.status  # type: ignore[attr-defined]
    sol_status = getattr(model, "sol_status", pulp.LpSolutionOptimal)
    if status != _OPTIMAL or sol_status != pulp.LpSolutionOptimal:
        raise SolverFailure(
            f"the {solver} solver stopped without a proven optimum at stage '{stage}' "
            f"(status: {pulp.LpStatus.get(status, status)}, "
            f"solution: {pulp.LpSolution.get(sol_status, sol_status)})"
        )

