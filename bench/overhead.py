"""PuLP's overhead: the first stage's model (maximise value within the budget) for n synthetic
applications, built and solved four ways, in a fresh process; prints JSON.

    python -m bench.overhead 10000 [--relaxation]

- PuLP build: variables and the labelled constraints, as `solver.solve` builds them;
- PuLP + CBC: PuLP writes an MPS file, CBC reads and solves it, PuLP reads the solution;
- PuLP + HiGHS: PuLP hands the model to HiGHS in-process, one column and one row at a time;
- highspy direct: the same columns and rows passed to HiGHS as arrays in a few calls.
All four must reach the same optimum. `--relaxation` solves the linear relaxation instead of the
integer program: the same building and passing, with a solve that stays short at 100,000.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time

import numpy as np

from bench.synthetic import synthetic_round
from digipulje.solver.backends import make_solver
from digipulje.solver.problem import AllocationProblem

allocating = importlib.import_module("digipulje.pool.allocating")  # the module of allocate and decide


class _Captured(Exception):
    def __init__(self, problem: AllocationProblem) -> None:
        self.problem = problem


def allocation_problem(n: int) -> AllocationProblem:
    """The solver's problem for n synthetic applications, exactly as `allocate` poses it."""
    applications, pool = synthetic_round(n)

    def capture(problem, solver, **_options):
        raise _Captured(problem)

    original, allocating.solve = allocating.solve, capture
    try:
        allocating.allocate(applications, pool)
    except _Captured as captured:
        return captured.problem
    finally:
        allocating.solve = original
    raise RuntimeError("allocate did not call the solver")


def build_pulp(problem: AllocationProblem):
    import pulp

    from bench.plain import build_plain_model

    model, funded, _, _ = build_plain_model(problem)
    model.setObjective(pulp.lpSum(c.value * funded[c.id] for c in problem.candidates))
    return model


def solve_highspy(problem: AllocationProblem, relaxation: bool) -> tuple[float, float, float]:
    """Build with arrays, solve; returns (build seconds, solve seconds, optimum)."""
    import highspy

    started = time.perf_counter()
    cs = problem.candidates
    n = len(cs)
    value = np.array([c.value for c in cs], dtype=float)
    low = np.array([c.min_dkk for c in cs], dtype=float)
    high = np.array([c.max_dkk for c in cs], dtype=float)
    can_be_partial = np.array([c.partial_possible for c in cs])
    k = int(can_be_partial.sum())
    # columns: x (n), a (n), p (k)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    inf = highspy.kHighsInf
    lower = np.zeros(2 * n + k)
    upper = np.concatenate([np.ones(n), high, np.ones(k)])
    cost = np.concatenate([-value, np.zeros(n + k)])  # HiGHS minimises
    h.addVars(2 * n + k, lower, upper)
    h.changeColsCost(2 * n + k, np.arange(2 * n + k, dtype=np.int32), cost)
    if not relaxation:
        h.changeColsIntegrality(2 * n + k, np.arange(2 * n + k, dtype=np.int32),
                                np.full(2 * n + k, highspy.HighsVarType.kInteger))
    x, a = np.arange(n), np.arange(n, 2 * n)
    p = 2 * n + np.arange(k)
    h.addRow(-inf, float(problem.budget_dkk), n, a.astype(np.int32), np.ones(n))
    # a - min x >= 0 ; a - max x <= 0
    for sign_low, sign_high, factor in ((0.0, inf, low), (-inf, 0.0, high)):
        idx = np.empty(2 * n, dtype=np.int32)
        val = np.empty(2 * n)
        idx[0::2], idx[1::2] = a, x
        val[0::2], val[1::2] = 1.0, -factor
        h.addRows(n, np.full(n, sign_low), np.full(n, sign_high), 2 * n,
                  np.arange(0, 2 * n, 2, dtype=np.int32), idx, val)
    # a - max x + (max - min) p >= 0, for the candidates that can be partial
    sel = np.nonzero(can_be_partial)[0]
    idx = np.empty(3 * k, dtype=np.int32)
    val = np.empty(3 * k)
    idx[0::3], idx[1::3], idx[2::3] = a[sel], x[sel], p
    val[0::3], val[1::3], val[2::3] = 1.0, -high[sel], high[sel] - low[sel]
    h.addRows(k, np.zeros(k), np.full(k, inf), 3 * k, np.arange(0, 3 * k, 3, dtype=np.int32), idx, val)
    built = time.perf_counter() - started
    started = time.perf_counter()
    h.run()
    solved = time.perf_counter() - started
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return built, solved, -h.getInfo().objective_function_value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int)
    parser.add_argument("--skip-pulp-highs", action="store_true")
    parser.add_argument("--relaxation", action="store_true")
    args = parser.parse_args()
    import pulp

    problem = allocation_problem(args.n)
    if any(c.forced or c.fixed_dkk is not None for c in problem.candidates) or problem.max_grants:
        raise SystemExit("the synthetic round has no overrides and no maximum number of grants")
    result: dict[str, object] = {"n": args.n, "candidates": len(problem.candidates), "relaxation": args.relaxation}
    started = time.perf_counter()
    model = build_pulp(problem)
    result["pulp_build"] = time.perf_counter() - started
    started = time.perf_counter()
    model.solve(make_solver("cbc", relaxed=args.relaxation))
    result["pulp_cbc_solve"] = time.perf_counter() - started
    result["pulp_cbc_optimum"] = pulp.value(model.objective)
    if not args.skip_pulp_highs:
        model = build_pulp(problem)
        started = time.perf_counter()
        model.solve(make_solver("highs", relaxed=args.relaxation))
        result["pulp_highs_solve"] = time.perf_counter() - started
        result["pulp_highs_optimum"] = pulp.value(model.objective)
    result["highspy_build"], result["highspy_solve"], result["highspy_optimum"] = solve_highspy(problem, args.relaxation)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
