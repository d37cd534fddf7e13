"""One answer for one round: every path gives the grants the decision gives, with any solver, on
rounds full of ties, and for amounts in the hundreds of millions.

The allocation is the single optimum of a total order (docs/allocate.md, "How the allocation is
chosen"); the curve, the weight draws, the alternatives and the integer programs all reach it.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digipulje.base.errors import OverrideConflict
from digipulje.pool.allocating import allocate, decide
from digipulje.analyses.alternatives import near_best
from digipulje.pool.candidates import allocation_problem
from digipulje.analyses.curve import budget_curve
from digipulje.pool.example import load_example
from digipulje.pool.model import Pool, Rules
from digipulje.pool.overrides import Action, Override
from digipulje.analyses.robustness import funded_with, weight_robustness
from digipulje.solver.problem import AllocationProblem, Candidate
from digipulje.solver.lexicographic import solve
from tests.factories import application
from tests.limits import hard_limit
from tests.test_engine_properties import brute_force

EXAMPLES = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))


@st.composite
def tied_rounds(draw):
    """Scores in steps of 5 points, equal requests and equal smallest grants: ties everywhere."""
    n = draw(st.integers(3, 12))
    request = draw(st.sampled_from([10_000, 20_000]))
    apps = [application(f"T{i:02d}", draw(st.sampled_from([request, request, 2 * request])),
                        ratings=draw(st.sampled_from([(2, 2, 2, 2, 2), (3, 3, 3, 3, 3), (4, 4, 4, 4, 4),
                                                      (3, 3, 3, 2, 2)])),
                        min_dkk=draw(st.sampled_from([None, request // 2])))
            for i in range(n)]
    pool = Pool(budget_dkk=draw(st.integers(1, n)) * request // 2 * 3,
                rules=Rules(max_partial_grants=draw(st.sampled_from([0, 1, 2, "any"]))))
    overrides = []
    for a in draw(st.lists(st.sampled_from(apps), max_size=2, unique_by=lambda a: a.id)):
        action = draw(st.sampled_from([Action.INCLUDE, Action.EXCLUDE]))
        overrides.append(Override(application=a.id, action=action, reason="r", decided_by="CF"))
    return apps, pool, overrides


@EXAMPLES
@given(tied_rounds(), st.randoms(use_true_random=False))
def test_every_path_gives_the_decisions_grants(round_, shuffle):
    apps, pool, overrides = round_
    with hard_limit():
        try:
            decision = decide(apps, pool, overrides)
        except OverrideConflict:
            return
        granted = decision.granted_by_id()
        funded = tuple(sorted(i for i, g in granted.items() if g > 0))

        mixed = list(apps)
        shuffle.shuffle(mixed)
        assert decide(mixed, pool, list(reversed(overrides))).granted_by_id() == granted

        point = budget_curve(apps, pool, [pool.budget_dkk], overrides).points[0]
        assert point.granted == granted

        assert funded_with(tuple(apps), pool, tuple(overrides)) == funded
        assert weight_robustness(apps, pool, overrides, draws=1).base_funded == tuple(
            d.id for d in decision.decisions if d.granted_dkk > 0)

        assert near_best(apps, pool, overrides, top=1)[0].granted == granted

        for solver in ("cbc", "highs"):
            assert decide(apps, pool, overrides, solver=solver).granted_by_id() == granted


def test_the_2025_curve_with_the_chiefs_changes_is_their_decision():
    example = load_example()
    decision = decide(example.applications, example.pool, example.overrides)
    point = budget_curve(example.applications, example.pool, [example.pool.budget_dkk], example.overrides).points[0]
    assert point.granted == decision.granted_by_id()
    assert {i: g for i, g in point.granted.items() if g} == {"A1": 135_000, "A3": 75_000, "A5": 40_000}


@pytest.mark.parametrize("scale", [1, 10**3, 10**5, 10**7])
def test_large_amounts_are_solved_exactly_against_brute_force(scale):
    """Requests up to hundreds of millions of kroner: the exact search is integer throughout."""
    rnd = random.Random(scale)
    for _ in range(40):
        candidates = []
        for i in range(rnd.randint(1, 9)):
            request = rnd.randint(1, 999) * scale + rnd.randint(0, scale - 1)
            smallest = max(1, request * rnd.choice([5, 8, 10]) // 10)
            candidates.append(Candidate(f"C{i}", rnd.randint(0, 40) * 250, smallest, request,
                                        forced=rnd.random() < 0.1))
        budget = rnd.randint(0, sum(c.max_dkk for c in candidates))
        cap = rnd.choice([None, 0, 1, 2])
        problem = AllocationProblem(tuple(candidates), budget, None, False, cap)
        expected = brute_force(problem.candidates, budget, None, cap)
        with hard_limit():
            if expected is None:
                with pytest.raises(Exception):
                    solve(problem)
                continue
            granted = solve(problem).granted
        value = sum(c.value for c in candidates if granted[c.id] > 0)
        partials = sum(0 < granted[c.id] < c.max_dkk for c in candidates)
        assert (value, sum(granted.values()), -partials) == expected
        assert sum(granted.values()) <= budget


def test_a_round_of_a_thousand_applications_is_solved_in_process():
    """Beyond what an integer program answers quickly: the exact search's relaxation does it."""
    rnd = random.Random(7)
    apps = [application(f"S{i:04d}", rnd.randint(20, 600) * 500,
                        ratings=tuple(rnd.randint(0, 4) for _ in range(5))) for i in range(1000)]
    pool = Pool(budget_dkk=sum(a.requested_dkk for a in apps) * 2 // 5)
    with hard_limit():
        allocation = allocate(apps, pool)
    assert allocation.granted_dkk == pool.budget_dkk
    assert sum(d.granted_dkk for d in allocation.decisions) <= pool.budget_dkk
    _, problem = allocation_problem(apps, pool)
    assert sum(0 < d.granted_dkk < d.requested_dkk for d in allocation.decisions) <= 1


def test_kroner_left_over_go_to_a_grant_in_part_worth_more_than_a_last_grant_in_full():
    """A value-0 request in full must not take 20 kr that a higher-ranked grant in part would
    take: the relaxation fills in density order, the left-over kroner before weaker candidates."""
    candidates = (
        Candidate("A0", 1500, 25_000, 50_000, fixed_dkk=10_625),
        Candidate("A1", 500, 30, 100, forced=True), Candidate("A2", 2500, 6000, 20_000, forced=True),
        Candidate("A3", 1000, 25, 50), Candidate("A4", 1500, 8, 10), Candidate("A5", 2000, 16_000, 20_000),
        Candidate("A6", 0, 10, 20), Candidate("A7", 2000, 30_000, 100_000), Candidate("A8", 0, 20_000, 20_000),
        Candidate("A9", 1500, 40_000, 40_000, fixed_dkk=35_082),
    )
    problem = AllocationProblem(candidates, 166_284, None, False, 2)
    granted = solve(problem).granted
    assert granted["A6"] == 0 and granted["A7"] == 80_417
    assert solve(problem, "cbc").granted == granted  # the integer program agrees on every figure
