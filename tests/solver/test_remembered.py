"""A problem is solved once per process: asked again, the default solver gives the same answer
without searching; what it remembers stays bounded for large rounds."""

from __future__ import annotations

import random

from digipulje.solver import lexicographic
from digipulje.solver.lexicographic import forget_solved, solve
from digipulje.solver.problem import AllocationProblem, Candidate


def _problem(n: int, seed: int) -> AllocationProblem:
    rng = random.Random(seed)
    candidates = []
    for i in range(n):
        request = rng.randint(10, 300) * 500
        candidates.append(Candidate(f"P{i:04d}", value=rng.choice([500, 1000, 1500, 2000]), min_dkk=request // 2,
                                    max_dkk=request))
    return AllocationProblem(tuple(candidates), budget_dkk=sum(c.max_dkk for c in candidates) * 2 // 5,
                             max_partial_grants=1)


def test_the_same_problem_is_answered_again_without_a_search(monkeypatch):
    forget_solved()
    problem = _problem(30, 1)
    first = solve(problem, "exact")
    searched = []
    real = lexicographic.solve_exact
    monkeypatch.setattr(lexicographic, "solve_exact", lambda *a, **k: searched.append(1) or real(*a, **k))
    again = solve(_problem(30, 1), "exact")  # an equal problem, made anew
    assert again.granted == first.granted and searched == []
    assert [(s.name, s.objective) for s in again.stages] == [(s.name, s.objective) for s in first.stages]
    again.granted.clear()  # the caller's copy: what is remembered is not changed by it
    assert solve(problem, "exact").granted == first.granted
    forget_solved()
    solve(problem, "exact")
    assert searched == [1]


def test_what_is_remembered_is_bounded_by_the_candidates_it_holds():
    forget_solved()
    remembered = lexicographic._SOLVED
    for seed in range(5):
        remembered.put(_problem(40_000, seed), ({}, "test", {}))
    assert remembered.candidates <= remembered.most_candidates
    assert len(remembered.answers) == 2 and remembered.candidates == 80_000
    forget_solved()
    assert remembered.candidates == 0 and not remembered.answers
