"""An application the chiefs fixed or included is explained by their decision: a fixed amount is not a
pool that did not stretch, nor a cut by another override; an included one funded in full was funded
because they included it; one whose recommended grant the chiefs' decision took keeps that reason,
even where it could not be included beside them."""

from __future__ import annotations

from digipulje.pool.allocating import decide
from digipulje.pool.explain import deciding_reason
from digipulje.pool.model import Pool, Rules
from digipulje.pool.overrides import Action, Override
from tests.factories import application

APPS = [application("F1", 300_000, (3, 3, 3, 3, 3)), application("F2", 200_000, (3, 2, 2, 2, 2)),
        application("F3", 80_000, (4, 4, 4, 4, 4)), application("F4", 40_000, (2, 2, 2, 2, 2)),
        application("F5", 100_000, (4, 4, 3, 4, 4))]
POOL = Pool(budget_dkk=500_000, rules=Rules(partial_floor=0.8))


def _fix(application: str, amount: int) -> Override:
    return Override(application=application, action=Action.FIX, amount_dkk=amount, reason="besluttet",
                    decided_by="Chefforum")


def test_a_fixed_amount_below_the_request_is_explained_by_the_fix_alone():
    recommended = decide(APPS, POOL).granted_by_id()
    assert recommended["F1"] == 280_000  # the chiefs fix it lower: 250.000
    decision = decide(APPS, POOL, [_fix("F1", 250_000), _fix("F2", 200_000)])
    f1 = decision.decision("F1")
    assert f1.granted_dkk == 250_000
    assert [r.code for r in f1.reasons] == ["fixed"]  # not "the pool does not stretch", not cut by F2's fix
    assert deciding_reason(f1).text("da") == "Beløbet er fastsat til kr. 250.000 af Chefforum: besluttet"


def test_the_recommended_that_lose_to_the_fixes_say_so_even_where_they_cannot_be_included():
    decision = decide(APPS, POOL, [_fix("F1", 250_000), _fix("F2", 200_000)])
    for i in ("F3", "F5"):  # 50.000 left: less than either's smallest grant
        lost = decision.decision(i)
        assert lost.granted_dkk == 0 and lost.if_funded is None
        assert deciding_reason(lost).code == "not_funded_override"
        assert "F2 fastsat til kr. 200.000 af Chefforum (besluttet)" in deciding_reason(lost).text("da")


def test_an_included_application_funded_in_full_is_funded_by_the_include():
    include = Override(application="F4", action=Action.INCLUDE, reason="skal med", decided_by="Chefforum")
    apps = [*APPS[:3], application("F4", 40_000, (2, 2, 2, 2, 2), verdict="not_recommended"), APPS[4]]
    f4 = decide(apps, POOL, [include]).decision("F4")
    assert f4.granted_dkk == 40_000
    assert [r.code for r in f4.reasons] == ["not_recommended_by_council", "funded_in_full", "included"]
    assert deciding_reason(f4).text("en") == "Included by Chefforum: skal med"


def test_an_amount_fixed_below_the_pools_minimum_grant_says_so(danish):
    """The chiefs may fix any amount; one below the pool's minimum grant (principle 1) is said as
    such in its reason, so the memo shows it was their decision (it was accepted without a word)."""
    from digipulje.pool.model import Pool
    from digipulje.pool.overrides import Action, Override
    from tests.factories import application

    apps = [application("A", 50_000), application("B", 50_000, (2, 2, 2, 2, 2))]
    fix = Override(application="B", action=Action.FIX, amount_dkk=5_000, reason="et forsøg", decided_by="Chefforum")
    decision = decide(apps, Pool(budget_dkk=100_000), [fix])
    assert decision.granted_by_id() == {"A": 50_000, "B": 5_000}
    assert decision.decision("B").deciding_reason().text("da") == (
        "Beløbet er fastsat til kr. 5.000 af Chefforum, under puljens mindste tilskud på kr. 10.000: et forsøg")
    at_the_minimum = fix.model_copy(update={"amount_dkk": 10_000})
    assert decide(apps, Pool(budget_dkk=100_000), [at_the_minimum]).decision("B").deciding_reason().variant is None
