"""The objective is written once (`solver.objective`): the integer program's stages, the budget
curve's packed figures and the alternatives' closed form all follow it."""

from __future__ import annotations

import random

from digipulje.solver.alternatives import best_funded_sets
from digipulje.solver.objective import (KRONER, MOVED, PARTIALS, STAGES, TIE_BREAK, VALUE, Figures, figures_of,
                              rank_weights, stages)
from digipulje.solver.problem import AllocationProblem, Candidate
from digipulje.solver.lexicographic import solve
from digipulje.solver.sweep import sweep_budgets
from tests.limits import hard_limit as within


def _candidates(seed: int, n: int = 9, baseline: bool = False) -> list[Candidate]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        requested = rng.randrange(2, 12) * 5_000
        out.append(Candidate(f"C{i}", rng.randrange(1, 8) * 100, requested // 2 if rng.random() < 0.5 else requested,
                             requested, fixed_dkk=requested // 2 if i == 0 and seed % 2 else None,
                             baseline_dkk=rng.choice((0, requested)) if baseline else 0))
    return out


def test_stages_in_their_order():
    assert [s.name for s in STAGES] == [VALUE, KRONER, PARTIALS, MOVED, TIE_BREAK]
    assert [s.name for s in stages(has_baseline=False)] == [VALUE, KRONER, PARTIALS, TIE_BREAK]


def test_figures_order_stage_by_stage():
    best = Figures(value=10, kroner=5, partials=1, tie_break=0)
    assert Figures(value=9, kroner=99, partials=0, tie_break=99) < best
    assert Figures(value=10, kroner=5, partials=2, tie_break=99) < best
    assert Figures(value=10, kroner=5, partials=1, tie_break=1) > best
    assert Figures(value=1, kroner=1, partials=0, tie_break=0, moved=5) > Figures(
        value=1, kroner=1, partials=0, tie_break=9, moved=6)


def test_rank_weights_highest_value_first_then_id():
    cands = [Candidate("B", 5, 1, 1), Candidate("A", 5, 1, 1), Candidate("C", 9, 1, 1)]
    assert list(rank_weights(cands).items()) == [("C", 3), ("A", 2), ("B", 1)]


def test_every_solver_reports_the_figures_of_its_allocation():
    """The MILP's stage optima, the curve's figures and the first alternative's figures are the
    figures `solver.objective` gives the allocation each returns, and they agree."""
    with within(120):
        for seed in range(4):
            cands = _candidates(seed)
            budget = sum(c.max_dkk for c in cands) // 2
            solution = solve(AllocationProblem(tuple(cands), budget), "cbc")
            ordered = sorted(cands, key=lambda c: c.id)
            figures = figures_of(ordered, solution.granted)
            by_name = {s.name: s.figure for s in STAGES}
            assert {by_name[s.name]: s.objective for s in solution.stages} == figures
            point = sweep_budgets(cands, [budget])[0]
            assert figures_of(ordered, point.granted) == {f: getattr(point, f) for f in figures}
            option = best_funded_sets(cands, budget, top=1)[0]
            assert option.key == point.key == Figures(**figures).key


def test_with_a_baseline_the_moved_kroner_are_a_stage():
    with within(60):
        cands = _candidates(5, baseline=True)
        budget = sum(c.max_dkk for c in cands) // 2
        solution = solve(AllocationProblem(tuple(cands), budget, has_baseline=True), "cbc")
        figures = figures_of(sorted(cands, key=lambda c: c.id), solution.granted, baseline=True)
        assert dict((s.name, s.objective) for s in solution.stages)[MOVED] == figures["moved"]
