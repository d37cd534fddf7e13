"""CBC, HiGHS and brute force agree on every stage, under every partial-grant rule, with
overrides (forced, fixed) and a baseline. Each example runs under a hard deadline."""

from __future__ import annotations

import itertools
import os

from hypothesis import given, settings
from hypothesis import strategies as st

from digipulje.solver.constraints import violated_constraints
from digipulje.solver.problem import AllocationProblem, Candidate
from digipulje.solver.lexicographic import solve
from tests.limits import hard_limit as within


@st.composite
def problems(draw):
    n = draw(st.integers(2, 8))
    candidates = []
    for i in range(n):
        request = draw(st.integers(1, 40)) * 1000 + draw(st.sampled_from([0, 0, 250, 999]))
        smallest = draw(st.sampled_from([request, (request * 4 + 4) // 5, request // 2 or 1]))
        kind = draw(st.sampled_from(["free"] * 6 + ["forced", "fixed"]))
        fixed = draw(st.integers(max(1, smallest), request)) if kind == "fixed" else None
        candidates.append(Candidate(
            id=f"C{i}", value=draw(st.sampled_from([0, 500, 1250, 2500, 3000, 3750])), min_dkk=smallest,
            max_dkk=request, forced=kind == "forced", fixed_dkk=fixed,
            baseline_dkk=draw(st.sampled_from([0, 0, smallest, request, request // 3])),
        ))
    return AllocationProblem(
        candidates=tuple(candidates), budget_dkk=draw(st.integers(0, 120)) * 1000 + draw(st.sampled_from([0, 500])),
        max_grants=draw(st.sampled_from([None, None, 2, 3])), has_baseline=draw(st.booleans()),
        max_partial_grants=draw(st.sampled_from([None, 0, 1, 2])),
    )


def _least_moved(chosen, partial_ids, total, baseline):
    """Σ|granted − baseline| at best, for this funded set with exactly these partial grants."""
    full = [c for c in chosen if c.id not in partial_ids]
    cut = [c for c in chosen if c.id in partial_ids]
    rest = total - sum(c.fixed_dkk if c.fixed_dkk is not None else c.max_dkk for c in full)
    boxes = [(c.fixed_dkk, c.fixed_dkk) if c.fixed_dkk is not None else (c.min_dkk, c.max_dkk - 1) for c in cut]
    if not sum(lo for lo, _ in boxes) <= rest <= sum(hi for _, hi in boxes):
        return None
    moved = sum(abs((c.fixed_dkk if c.fixed_dkk is not None else c.max_dkk) - baseline[c.id]) for c in full)
    clamped = [min(max(baseline[c.id], lo), hi) for c, (lo, hi) in zip(cut, boxes)]
    moved += sum(abs(a - baseline[c.id]) for c, a in zip(cut, clamped)) + abs(rest - sum(clamped))
    return moved


def brute_force(problem):
    """The optima of stages 1–3 (and 4 with a baseline), or None if nothing is possible."""
    cands = problem.candidates
    baseline = {c.id: c.baseline_dkk for c in cands}
    best = None
    for size in range(len(cands) + 1):
        for chosen in itertools.combinations(cands, size):
            ids = {c.id for c in chosen}
            if any((c.forced or c.fixed_dkk is not None) and c.id not in ids for c in cands):
                continue
            if any(c.fixed_dkk is None and c.min_dkk > c.max_dkk for c in chosen):
                continue
            if problem.max_grants is not None and size > problem.max_grants:
                continue
            top = sum(c.fixed_dkk if c.fixed_dkk is not None else c.max_dkk for c in chosen)
            total = min(problem.budget_dkk, top)
            value = sum(c.value for c in chosen)
            may_cut = [c for c in chosen if c.fixed_dkk is None and c.min_dkk < c.max_dkk]
            fixed_below = [c for c in chosen if c.fixed_dkk is not None and c.fixed_dkk < c.max_dkk]
            for cuts in range(len(may_cut) + 1):
                if problem.max_partial_grants is not None and cuts > problem.max_partial_grants:
                    break  # a fixed amount below the request does not count against the limit
                partials = cuts + len(fixed_below)
                options = []
                for cut in itertools.combinations(may_cut, cuts):
                    moved = _least_moved(chosen, {c.id for c in cut} | {c.id for c in fixed_below}, total, baseline)
                    if moved is not None:
                        options.append(moved + sum(baseline[c.id] for c in cands if c.id not in ids))
                if options:
                    key = (value, total, -partials, -min(options) if problem.has_baseline else 0)
                    best = key if best is None or key > best else best
                    break
    if best is None:
        return None
    optima = [best[0], best[1], -best[2]] + ([-best[3]] if problem.has_baseline else [])
    return optima


@settings(max_examples=int(os.environ.get("DIGIPULJE_EXAMPLES", "60")), deadline=None)
@given(problems())
def test_cbc_highs_and_brute_force_agree(problem):
    expected = brute_force(problem)
    with within(60):
        answers = {}
        for solver in ("cbc", "highs"):
            try:
                answers[solver] = solve(problem, solver)
            except Exception as error:  # noqa: BLE001  (an impossible round must be said by both)
                answers[solver] = type(error).__name__
    if expected is None:
        assert answers == {"cbc": "SolverFailure", "highs": "SolverFailure"}
        return
    cbc, highs = answers["cbc"], answers["highs"]
    assert [s.objective for s in cbc.stages][:len(expected)] == expected
    assert [s.objective for s in highs.stages] == [s.objective for s in cbc.stages]
    assert cbc.granted == highs.granted
    assert violated_constraints(problem, cbc.granted) == []
