"""Every command answers from the same engine: differential properties on random rounds.

Random rounds of 2–12 applications with random overrides and a baseline, as a sheet gives them
(valued by the score) and as a `.pb` file gives them (valued by the voters' support):

- the budget curve, the near-best alternatives and the robustness draw with the pool's weights
  agree with `allocate` (the integer program);
- the decision (`decide`) against brute force over every funded set: the same best total value,
  kroner granted and partial grants, and an allocation that keeps every rule and override.

The brute force honours `max_partial_grants` (None = any number), so it also judges a pool with a
cap on partial grants. Each example runs under a hard wall-clock limit, so a hang fails the test
instead of stalling the suite. `HYPOTHESIS_PROFILE=thorough` runs 1,000 examples of each.
"""

from __future__ import annotations

import itertools
import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from digipulje.base.errors import OverrideConflict
from digipulje.pool.allocating import allocate, decide
from digipulje.analyses.alternatives import near_best
from digipulje.pool.candidates import allocation_problem
from digipulje.analyses.curve import budget_curve
from digipulje.pool.model import Pool, Rules
from digipulje.pool.overrides import Action, Override
from digipulje.analyses.robustness import funded_with
from digipulje.solver.alternatives import best_funded_sets
from digipulje.solver.sweep import sweep_budgets
from tests.factories import application, ratings
from tests.limits import hard_limit

THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"
EXAMPLES = settings(max_examples=1000 if THOROUGH else 25, deadline=None,
                    suppress_health_check=list(HealthCheck))


@st.composite
def rounds(draw, support: bool = False):
    """A pool, 2–12 applications (with the voters' support when `support`), overrides and a baseline."""
    n = draw(st.integers(2, 12))
    apps = []
    for i in range(n):
        requested = draw(st.integers(1, 60)) * 1000
        extra = {"support": draw(st.integers(0, 500))} if support else {}
        apps.append(application(
            f"P{i:02d}", requested, ratings=draw(ratings),
            verdict=draw(st.sampled_from(["eligible"] * 5 + ["not_recommended", "rejected"])),
            min_dkk=draw(st.one_of(st.none(), st.integers(1, requested // 1000).map(lambda k: k * 1000))),
            **extra,
        ))
    pool = Pool(
        budget_dkk=draw(st.integers(0, 200)) * 1000,
        rules=Rules(
            min_grant_dkk=draw(st.sampled_from([0, 1000, 5000])),
            max_grants=draw(st.one_of(st.none(), st.integers(1, 5))),
            partial_floor=draw(st.sampled_from([0.5, 0.8, 1.0])),
            eligibility_threshold=0.0 if support else draw(st.sampled_from([0.0, 30.0, 50.0])),
        ),
    )
    overrides = []
    for a in draw(st.lists(st.sampled_from(apps), max_size=2, unique_by=lambda a: a.id)):
        action = draw(st.sampled_from(list(Action)))
        amount = draw(st.integers(1, a.requested_dkk // 1000)) * 1000 if action is Action.FIX else None
        overrides.append(Override(application=a.id, action=action, amount_dkk=amount, reason="r", decided_by="CF"))
    baseline = None
    if draw(st.booleans()):
        baseline = {a.id: draw(st.integers(0, a.requested_dkk // 1000)) * 1000
                    for a in draw(st.lists(st.sampled_from(apps), max_size=n, unique_by=lambda a: a.id))}
    return apps, pool, overrides, baseline


def _stages(allocation):
    """The solver's stage optima (a round with nothing to fund has none: each is 0)."""
    stages = dict(allocation.solver.stages)
    return {name: stages.get(name, 0) for name in ("total value", "kroner granted", "partial grants")}


def brute_force(candidates, budget_dkk: int, max_grants: int | None, max_partial_grants: int | None):
    """The best (total value, kroner granted, −partial grants) over every funded set, by enumeration.

    For a set, the kroner are the requests in full or, short of that, the budget left; the partial
    grants are the fewest whose room (request less smallest grant) covers the shortfall. A fixed
    amount is the chiefs' and does not count against `max_partial_grants`.
    """
    fixed = [c for c in candidates if c.fixed_dkk is not None]
    free = [c for c in candidates if c.fixed_dkk is None and c.min_dkk <= c.max_dkk]
    room = budget_dkk - sum(c.fixed_dkk for c in fixed)
    fixed_partials = sum(c.fixed_dkk < c.max_dkk for c in fixed)
    best = None
    for size in range(len(free) + 1):
        for chosen in itertools.combinations(free, size):
            if any(c.forced and c not in chosen for c in free):
                continue
            if max_grants is not None and len(chosen) + len(fixed) > max_grants:
                continue
            if sum(c.min_dkk for c in chosen) > room:
                continue
            shortfall = max(0, sum(c.max_dkk for c in chosen) - room)
            slack = sorted((c.max_dkk - c.min_dkk for c in chosen), reverse=True)
            partials = next(k for k in range(len(slack) + 1) if sum(slack[:k]) >= shortfall)
            if max_partial_grants is not None and partials > max_partial_grants:
                continue
            key = (sum(c.value for c in chosen) + sum(c.value for c in fixed),
                   sum(c.max_dkk for c in chosen) - shortfall + sum(c.fixed_dkk for c in fixed),
                   -(partials + fixed_partials))
            best = key if best is None or key > best else best
    return best


def _check_against_allocate(apps, pool, overrides):
    """sweep, alternatives and robustness give what `decide` gives (with overrides, the decision close
    to the recommendation; without, the recommendation, which `allocate` gives)."""
    try:
        allocation = decide(apps, pool, overrides)
    except OverrideConflict:
        with pytest.raises(OverrideConflict):
            _, problem = allocation_problem(apps, pool, overrides)
            best_funded_sets(problem.candidates, pool.budget_dkk, pool.rules.max_grants, 1,
                             max_partial_grants=problem.max_partial_grants)
        return
    stages = _stages(allocation)
    funded = tuple(d.id for d in allocation.decisions if d.granted_dkk > 0)
    unit = 100 if allocation.value_kind == "score" else 1

    curve = budget_curve(apps, pool, [pool.budget_dkk], overrides)
    point = curve.points[0]
    assert round(point.total_score * unit) == stages["total value"] == allocation.total_value
    assert point.granted_dkk == stages["kroner granted"] == allocation.granted_dkk

    options = near_best(apps, pool, overrides, top=2)
    assert options[0].funded == funded
    assert round(options[0].total_score * unit) == allocation.total_value
    assert options[0].granted_dkk == allocation.granted_dkk
    if len(options) > 1:
        assert options[1].total_score <= options[0].total_score

    drawn = funded_with(tuple(sorted(apps, key=lambda a: a.id)), pool, tuple(overrides))
    value = {d.id: d.value for d in allocation.decisions}
    assert sum(value[i] for i in drawn) == allocation.total_value


def _check_decision(apps, pool, overrides, baseline):
    """The decision against brute force, and every rule and override kept."""
    try:
        decision = decide(apps, pool, overrides, baseline=baseline)
    except OverrideConflict:
        return
    prepared, problem = allocation_problem(apps, pool, overrides)
    best = brute_force(problem.candidates, pool.budget_dkk, pool.rules.max_grants, problem.max_partial_grants)
    stages = _stages(decision)
    assert best == (stages["total value"], stages["kroner granted"], -stages["partial grants"])
    granted = decision.granted_by_id()
    assert sum(granted.values()) <= pool.budget_dkk
    funded = [c for c in problem.candidates if granted[c.id] > 0]
    if pool.rules.max_grants is not None:
        assert len(funded) <= pool.rules.max_grants
    for c in problem.candidates:
        if c.fixed_dkk is not None:
            assert granted[c.id] == c.fixed_dkk
        elif granted[c.id]:
            assert c.min_dkk <= granted[c.id] <= c.max_dkk
        if c.forced:
            assert granted[c.id] > 0
    for o in overrides:
        if o.action is Action.EXCLUDE:
            assert granted[o.application] == 0
    outside = {a.id for a in apps} - {c.id for c in problem.candidates}
    assert all(granted[i] == 0 for i in outside)
    cap = problem.max_partial_grants
    if cap is not None:
        assert sum(0 < granted[c.id] < c.max_dkk for c in problem.candidates if c.fixed_dkk is None) <= cap


@EXAMPLES
@given(rounds())
def test_sheet_rounds_every_command_agrees_with_allocate(round_):
    apps, pool, overrides, _ = round_
    with hard_limit():
        _check_against_allocate(apps, pool, overrides)


# Ten applications no voter supports, one included by the chiefs: the decision (close to the
# recommendation) funds another set with the same figures as `allocate` without a baseline;
# alternatives, sweep and the draws give the decision's.
_UNSUPPORTED = ([application(f"P0{i}", {1: 20_000, 3: 9_000, 8: 17_000}.get(i, 1_000), ratings=(0, 0, 0, 0, 0),
                             support=0) for i in range(10)],
                Pool(budget_dkk=46_000, rules=Rules(min_grant_dkk=0, partial_floor=0.5, eligibility_threshold=0.0)),
                [Override(application="P00", action=Action.INCLUDE, reason="r", decided_by="CF")], None)


@EXAMPLES
@given(rounds(support=True))
@example(_UNSUPPORTED)
def test_pb_rounds_every_command_agrees_with_allocate(round_):
    """Valued by the voters' support: nothing optimises a score of 0 instead."""
    apps, pool, overrides, _ = round_
    with hard_limit():
        _check_against_allocate(apps, pool, overrides)


@EXAMPLES
@given(st.one_of(rounds(), rounds(support=True)))
def test_the_decision_against_brute_force(round_):
    apps, pool, overrides, baseline = round_
    with hard_limit():
        _check_decision(apps, pool, overrides, baseline)


@EXAMPLES
@given(rounds(), st.sampled_from([0, 1, 2]), st.lists(st.integers(0, 200), min_size=1, max_size=4, unique=True))
def test_curve_and_alternatives_honour_a_cap_on_partial_grants(round_, cap, thousands):
    """With at most `cap` partial grants, the curve and the alternatives reach the brute force's best."""
    apps, pool, overrides, _ = round_
    with hard_limit():
        try:
            _, problem = allocation_problem(apps, pool, overrides)
        except OverrideConflict:
            return
        budgets = sorted(k * 1000 for k in thousands)
        candidates = problem.candidates
        expected = [brute_force(candidates, b, pool.rules.max_grants, cap) for b in budgets]
        if any(e is None for e in expected):
            with pytest.raises(OverrideConflict):
                sweep_budgets(candidates, budgets, pool.rules.max_grants, max_partial_grants=cap)
            return
        points = sweep_budgets(candidates, budgets, pool.rules.max_grants, max_partial_grants=cap)
        for point, best, budget in zip(points, expected, budgets):
            assert (point.value, point.kroner, -point.partials) == best
            partial = sum(0 < point.granted[c.id] < c.max_dkk for c in candidates if c.fixed_dkk is None)
            assert partial <= cap and point.kroner <= budget
            options = best_funded_sets(candidates, budget, pool.rules.max_grants, 1, max_partial_grants=cap)
            assert (options[0].value, options[0].kroner, -options[0].partials) == best
