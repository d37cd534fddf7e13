"""Properties of every allocation, on small random rounds, against a brute-force oracle."""

from __future__ import annotations

import itertools
import random

from hypothesis import given
from hypothesis import strategies as st

from digipulje.pool.allocating import allocate
from digipulje.pool.allocation import Status
from digipulje.pool.model import Pool
from digipulje.pool.overrides import Action, Override
from tests.factories import application, small_rounds

PARTIAL_RULES = (0, 1, 2, "any")


def brute_force(candidates, budget, max_grants, max_partial_grants="any"):
    """Best (value, kroner, -partials) over every funded set; candidates are (value, min, max).

    A set is possible if it fits the budget with at most `max_partial_grants` grants below their
    request (the largest cuts first)."""
    best = (0, 0, 0)
    for size in range(1, len(candidates) + 1):
        if max_grants is not None and size > max_grants:
            break
        for chosen in itertools.combinations(candidates, size):
            slots = len(chosen) if max_partial_grants == "any" else max_partial_grants
            cuts = sorted((c[2] - c[1] for c in chosen), reverse=True)[:slots]
            if sum(c[2] for c in chosen) - sum(cuts) > budget:
                continue
            value = sum(c[0] for c in chosen)
            kroner = min(budget, sum(c[2] for c in chosen))
            shortfall = sum(c[2] for c in chosen) - kroner
            partials = 0
            for slack in sorted((c[2] - c[1] for c in chosen), reverse=True):
                if shortfall <= 0:
                    break
                shortfall -= slack
                partials += 1
            best = max(best, (value, kroner, -partials))
    return best


def achieved(allocation):
    funded = [d for d in allocation.decisions if d.status.granted]
    return (sum(d.score_centipoints for d in funded), sum(d.granted_dkk for d in funded),
            -sum(d.status is Status.PARTIAL for d in funded))


@given(small_rounds(max_partial_grants=PARTIAL_RULES))
def test_optimal_against_brute_force(round_):
    apps, pool = round_
    allocation = allocate(apps, pool)
    eligible = [d for d in allocation.decisions if d.status in (Status.FUNDED, Status.PARTIAL, Status.NOT_FUNDED)]
    candidates = [(d.score_centipoints, d.min_dkk, d.requested_dkk) for d in eligible if d.min_dkk <= d.requested_dkk]
    assert achieved(allocation) == brute_force(candidates, pool.budget_dkk, pool.rules.max_grants,
                                               pool.rules.max_partial_grants)


@given(small_rounds(max_partial_grants=PARTIAL_RULES))
def test_every_allocation_obeys_the_rules(round_):
    apps, pool = round_
    allocation = allocate(apps, pool)
    assert allocation.granted_dkk <= pool.budget_dkk
    grants = [d for d in allocation.decisions if d.granted_dkk > 0]
    if pool.rules.max_grants is not None:
        assert len(grants) <= pool.rules.max_grants
    for d in allocation.decisions:
        assert isinstance(d.granted_dkk, int)
        if d.status in (Status.REJECTED, Status.NOT_RECOMMENDED, Status.EXCLUDED, Status.INCOMPLETE,
                        Status.NOT_FUNDED):
            assert d.granted_dkk == 0
        if d.granted_dkk > 0:
            assert d.min_dkk <= d.granted_dkk <= d.requested_dkk
            assert d.status is (Status.FUNDED if d.granted_dkk == d.requested_dkk else Status.PARTIAL)
    if pool.rules.max_partial_grants != "any":
        assert sum(d.status is Status.PARTIAL for d in allocation.decisions) <= pool.rules.max_partial_grants


@given(small_rounds(), st.randoms(use_true_random=False))
def test_row_order_never_changes_the_result(round_, rnd):
    apps, pool = round_
    shuffled = list(apps)
    rnd.shuffle(shuffled)
    first, second = allocate(apps, pool), allocate(shuffled, pool)
    assert first.granted_by_id() == second.granted_by_id()
    assert first.fingerprint == second.fingerprint


@given(small_rounds(max_partial_grants=PARTIAL_RULES), st.data())
def test_overrides_are_always_honoured(round_, data):
    apps, pool = round_
    overrides = []
    for app in data.draw(st.lists(st.sampled_from(apps), unique_by=lambda a: a.id, max_size=3)):
        action = data.draw(st.sampled_from(list(Action)))
        amount = data.draw(st.integers(1, app.requested_dkk)) if action is Action.FIX else None
        overrides.append(Override(application=app.id, action=action, amount_dkk=amount,
                                  reason="test", decided_by="Chefforum"))
    from digipulje.base.errors import OverrideConflict

    try:
        allocation = allocate(apps, pool, overrides)
    except OverrideConflict as conflict:
        forced = [o for o in overrides if o.action is not Action.EXCLUDE]
        assert forced, "only forcing overrides can conflict"
        assert any(o.application in line for o in forced for line in conflict.lines)
        return
    for o in overrides:
        d = allocation.decision(o.application)
        if o.action is Action.EXCLUDE:
            assert (d.status, d.granted_dkk) == (Status.EXCLUDED, 0)
        elif o.action is Action.FIX:
            assert d.granted_dkk == o.amount_dkk
        else:
            assert d.granted_dkk > 0
    assert allocation.granted_dkk <= pool.budget_dkk


def test_one_application_may_take_the_whole_pool():
    """Principle 7: no cap per application but its own request."""
    apps = [application("BIG", 250_000, ratings=(4, 4, 4, 4, 4)),
            application("WEAK", 20_000, ratings=(1, 1, 1, 1, 1))]  # below the threshold
    allocation = allocate(apps, Pool(budget_dkk=250_000))
    assert allocation.decision("BIG").granted_dkk == 250_000
    assert allocation.decision("BIG").status is Status.FUNDED


def test_a_shortfall_is_not_spread_thinly():
    """Principle 1: 15,000 kr short over four applications -> one partial grant, not four."""
    apps = [application(f"A{i}", 100_000) for i in range(4)]
    allocation = allocate(apps, Pool(budget_dkk=385_000))
    statuses = sorted(d.status.value for d in allocation.decisions)
    assert statuses == ["funded", "funded", "funded", "partial"]
    assert allocation.granted_dkk == 385_000


def test_ties_are_broken_by_rank_then_id():
    """Equal scores, room for one: the documented tie-break funds the lower id."""
    apps = [application(i, 100_000, min_dkk=100_000) for i in ("B", "A", "C")]
    for seed in range(3):
        random.Random(seed).shuffle(apps)
        allocation = allocate(apps, Pool(budget_dkk=150_000))
        assert allocation.granted_by_id() == {"A": 100_000, "B": 0, "C": 0}


def test_conflicting_overrides_are_named(english):
    apps = [application("A", 100_000), application("B", 100_000)]
    overrides = [Override(application="A", action=Action.FIX, amount_dkk=100_000, reason="r", decided_by="CF"),
                 Override(application="B", action=Action.INCLUDE, reason="r", decided_by="CF")]
    import pytest

    from digipulje.base.errors import OverrideConflict

    with pytest.raises(OverrideConflict) as caught:
        allocate(apps, Pool(budget_dkk=150_000), overrides)
    assert caught.value.lines == (
        "overrides cannot all hold: together they need at least 180,000 kr, more than the budget of "
        "150,000 kr (fix A at 100,000 kr (CF: r); include B (CF: r))",
    )


def test_highs_gives_the_same_allocation_as_cbc(example):
    cbc = allocate(example.applications, example.pool, solver="cbc")
    highs = allocate(example.applications, example.pool, solver="highs")
    assert cbc.granted_by_id() == highs.granted_by_id()
    assert highs.solver.name == "highs"


def test_a_funded_application_always_gets_money():
    """With no minimum grant and an application whose smallest workable grant is 0 kr, the
    solver must not 'fund' it with nothing to earn its score."""
    from digipulje.pool.model import Rules

    apps = [application("A", 10_000, min_dkk=0), application("B", 10_000, min_dkk=10_000)]
    allocation = allocate(apps, Pool(budget_dkk=10_000, rules=Rules(min_grant_dkk=0)))
    assert allocation.granted_by_id() == {"A": 10_000, "B": 0}
    assert [d.status.value for d in allocation.decisions] == ["funded", "not_funded"]
    assert allocation.decision("A").min_dkk == 1
