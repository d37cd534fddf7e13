"""The solver's shortcuts (warm starts, settled stages, reduced-cost fixing, all-or-nothing
candidates without a `granted` variable) never change the lexicographic optimum."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digipulje.base.errors import SolverFailure
from digipulje.solver.constraints import violated_constraints
from digipulje.solver.problem import AllocationProblem, Candidate
from digipulje.solver.lexicographic import _favour_ranked, _greedy, _top_up, solve


@st.composite
def problems(draw, max_candidates: int = 7):
    n = draw(st.integers(1, max_candidates))
    has_baseline = draw(st.booleans())
    candidates = []
    for i in range(n):
        max_dkk = draw(st.integers(1, 40)) * 1000
        kind = draw(st.sampled_from(["partial", "partial", "whole", "whole", "impossible", "forced", "fixed"]))
        min_dkk = {"whole": max_dkk, "impossible": max_dkk + 1000}.get(
            kind, draw(st.integers(1, max_dkk // 1000)) * 1000)
        fixed = draw(st.integers(0, max_dkk // 1000)) * 1000 if kind == "fixed" else None
        candidates.append(Candidate(
            id=f"C{i}", value=draw(st.sampled_from([0, 500, 1000, 2500, 7500])), min_dkk=min_dkk,
            max_dkk=max_dkk, forced=kind == "forced", fixed_dkk=fixed,
            baseline_dkk=draw(st.integers(0, max_dkk // 1000)) * 1000 if has_baseline else 0,
        ))
    return AllocationProblem(
        candidates=tuple(candidates), budget_dkk=draw(st.integers(0, 120)) * 1000,
        max_grants=draw(st.one_of(st.none(), st.integers(1, 4))), has_baseline=has_baseline,
    )


def _optima(solution):
    return [(stage.name, stage.objective) for stage in solution.stages]


def _outcome(problem, shortcuts):
    try:
        return solve(problem, shortcuts=shortcuts)
    except SolverFailure as failure:
        return failure.lines


@settings(max_examples=60)
@given(problems())
def test_shortcuts_reach_the_same_optimum_at_every_stage(problem):
    fast, plain = _outcome(problem, True), _outcome(problem, False)
    if isinstance(plain, tuple):
        assert fast == plain
        return
    assert _optima(fast) == _optima(plain)
    assert violated_constraints(problem, fast.granted) == []


@settings(max_examples=200)
@given(problems(max_candidates=12))
def test_the_first_allocation_and_its_top_up_obey_the_rules(problem):
    first = _greedy(problem)
    if first is None:
        return
    assert violated_constraints(problem, first) == []
    topped = _top_up(problem, first)
    assert violated_constraints(problem, topped) == []
    funded = {k for k, v in first.items() if v > 0}
    assert {k for k, v in topped.items() if v > 0} == funded  # the same applications, so the same value
    assert sum(topped.values()) >= sum(first.values())
    favoured = _favour_ranked(problem, topped)
    assert violated_constraints(problem, favoured) == []
    assert {k for k, v in favoured.items() if v > 0} == funded
    assert sum(favoured.values()) == sum(topped.values())
    partial = {c.id for c in problem.candidates if 0 < topped[c.id] < c.max_dkk}
    assert {c.id for c in problem.candidates if 0 < favoured[c.id] < c.max_dkk} == partial


def test_a_round_where_everyone_fits_is_settled_without_a_search():
    problem = AllocationProblem(
        candidates=tuple(Candidate(f"C{i}", 100 * i, 1000, 2000) for i in range(5)), budget_dkk=10_000)
    solution = solve(problem, "cbc")
    assert solution.granted == {f"C{i}": 2000 for i in range(5)}
    assert [s.objective for s in solution.stages[:3]] == [1000, 10_000, 0]
    assert [s.how for s in solution.stages] == ["settled: a proven bound reached"] * 3 + ["solved"]


def test_all_or_nothing_candidates_are_granted_in_full_or_not_at_all():
    problem = AllocationProblem(candidates=(
        Candidate("A", 10, 600, 600), Candidate("B", 7, 500, 500), Candidate("C", 6, 400, 400)), budget_dkk=1000)
    assert solve(problem, "cbc").granted == {"A": 600, "B": 0, "C": 400}


@pytest.mark.parametrize("solver", ["cbc", "highs"])
def test_both_solvers_take_the_shortcuts(solver):
    problem = AllocationProblem(candidates=tuple(
        Candidate(f"C{i}", 500 * (i % 4), 800 + 100 * i, 1000 + 100 * i) for i in range(12)), budget_dkk=6000)
    assert _optima(solve(problem, solver)) == _optima(solve(problem, solver, shortcuts=False))


def test_a_synthetic_round_is_settled_stage_by_stage_with_the_plain_optimum():
    from bench.overhead import allocation_problem

    problem = allocation_problem(1000)
    fast, plain = solve(problem, "cbc"), solve(problem, "cbc", shortcuts=False)
    assert _optima(fast) == _optima(plain)
    hows = [s.how for s in fast.stages]
    assert hows[1] == "settled: a proven bound reached"
    assert "settled: the relaxation's bound reached" in hows
    assert violated_constraints(problem, fast.granted) == []
