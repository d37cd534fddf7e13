"""A cap on the number of grants (`max_grants`) used to leave the search's relaxation loose: these
two rounds of 25 candidates passed the search's node limit and were handed to the integer program.
The search now bounds a node also by the largest figures the grants left can add; it must prove
them itself, and give the integer program's canonical answer."""

from __future__ import annotations

import pytest

from digipulje.solver.exact import NODE_LIMIT, solve_exact
from digipulje.solver.lexicographic import solve
from digipulje.solver.problem import AllocationProblem, Candidate
from tests.limits import hard_limit

# (value, smallest grant, request, included, fixed amount, baseline grant)
ONE_IN_PART = [(5000, 85500, 95000, False, None, 0), (5098, 141000, 141000, False, None, 0), (9500, 75000, 250000, False, None, 0), (1000, 270000, 300000, False, 277768, 0), (10000, 9000, 30000, False, None, 0), (5000, 90000, 300000, False, None, 0), (5000, 111200, 139000, False, None, 0), (5838, 240300, 267000, False, None, 0), (3500, 16500, 33000, False, None, 0), (6000, 150000, 150000, False, None, 0), (1500, 64000, 128000, False, None, 0), (5500, 103500, 115000, False, None, 0), (3000, 315000, 350000, False, None, 0), (3714, 360000, 450000, False, None, 0), (7500, 225000, 250000, True, None, 0), (9500, 45000, 45000, False, None, 0), (4500, 54000, 180000, False, None, 0), (5000, 200000, 200000, False, None, 0), (1601, 79200, 264000, False, None, 0), (4000, 200000, 400000, False, None, 0), (5517, 22500, 45000, False, None, 0), (5000, 60000, 200000, False, None, 0), (5000, 40000, 50000, True, None, 0), (5126, 40000, 50000, False, None, 0), (3686, 25000, 50000, False, 33794, 0)]  # noqa: E501
ANY_IN_PART = [(4000, 150000, 300000, False, None, 70424), (9670, 52000, 65000, False, None, 0), (2500, 88000, 88000, False, None, 88000), (5938, 216000, 216000, False, None, 212472), (5034, 80000, 100000, False, None, 100000), (6000, 70000, 140000, False, None, 117547), (5500, 315000, 350000, False, None, 235348), (4000, 100000, 125000, False, None, 125000), (8042, 250000, 250000, False, None, 0), (6000, 27000, 90000, False, None, 0), (339, 80000, 100000, False, None, 100000), (4000, 320000, 400000, False, None, 400000), (7500, 350000, 350000, False, None, 248953), (6919, 45000, 150000, False, None, 0), (4500, 15000, 50000, False, None, 36095), (4000, 10500, 35000, False, None, 0), (4000, 5000, 10000, False, None, 0), (6000, 165000, 165000, False, None, 0), (6000, 132000, 165000, False, None, 0), (8786, 255600, 284000, False, None, 0), (211, 100000, 200000, False, None, 51260), (6000, 150000, 150000, False, None, 0), (1021, 40000, 40000, False, None, 0), (1628, 36000, 120000, False, None, 0), (7000, 172000, 215000, False, None, 0)]  # noqa: E501


def problem(rows, budget, max_grants, partials, baseline):
    candidates = tuple(Candidate(id=f"C{i:02d}", value=v, min_dkk=lo, max_dkk=hi, forced=forced, fixed_dkk=fixed,
                                 baseline_dkk=base) for i, (v, lo, hi, forced, fixed, base) in enumerate(rows))
    return AllocationProblem(candidates=candidates, budget_dkk=budget, max_grants=max_grants,
                             has_baseline=baseline, max_partial_grants=partials)


@pytest.mark.parametrize("capped", [
    problem(ONE_IN_PART, 2_703_709, 14, 1, False),
    problem(ANY_IN_PART, 3_120_904, 15, None, True),
], ids=["one grant in part", "any number in part, with a baseline"])
def test_a_cap_on_grants_is_proved_by_the_search_itself(capped):
    with hard_limit(120):
        searched = solve_exact(capped, node_limit=NODE_LIMIT)  # raises SearchTooLong past the limit
        programmed = solve(capped, "cbc").granted
    assert searched == {c.id: programmed.get(c.id, 0) for c in capped.candidates}
    assert sum(searched.values()) <= capped.budget_dkk
    assert sum(1 for g in searched.values() if g > 0) <= capped.max_grants
