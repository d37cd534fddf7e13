"""`explain` says which application took the shortfall, and why that one (principle 1)."""

from __future__ import annotations

from digipulje.pool.allocating import allocate, decide
from digipulje.pool.explain import explain_application, explain_round
from digipulje.pool.model import Pool, Rules
from tests.factories import application


def test_the_2025_recommendation_takes_the_shortfall_from_a1_the_only_one_that_can_carry_it(example):
    recommendation = allocate(example.applications, example.pool)
    assert explain_application(recommendation, example.applications, "A1").text("da").splitlines()[3] == (
        "Manglende beløb: de bevilgede ansøgninger bad om kr. 17.500 mere, end puljen giver dem; puljen tager "
        "det fra én ansøgning (princip 1), og den er den eneste af de bevilgede, hvis mindste brugbare tilskud "
        "kan bære det alene")


def test_the_2025_decision_moves_the_fewest_kroner(example):
    decision = decide(example.applications, example.pool, example.overrides)
    assert explain_application(decision, example.applications, "A1").text("en").splitlines()[3] == (
        "Shortfall: the funded applications asked for DKK 5,000 more than the pool gives them; the pool takes "
        "it from one application (principle 1), and of the 3 that could carry it alone (A1, A3, A5), it moves "
        "the fewest kroner from the baseline")


def test_without_a_baseline_the_lowest_ranked_that_can_carry_it_takes_it():
    apps = [application("A", 50_000, (4, 4, 4, 4, 4)), application("B", 50_000, (3, 3, 3, 3, 3)),
            application("C", 50_000, (3, 3, 3, 3, 2))]
    allocation = allocate(apps, Pool(budget_dkk=140_000))
    assert [d.granted_dkk for d in allocation.decisions] == [50_000, 50_000, 40_000]
    texts = {e.application.id: e.text("en").splitlines() for e in explain_round(allocation, apps)}
    assert texts["C"][3] == (
        "Shortfall: the funded applications asked for DKK 10,000 more than the pool gives them; the pool takes "
        "it from one application (principle 1), and of the 3 that could carry it alone (A, B, C), it ranks "
        "lowest by score: the higher-ranked get their full amounts first")
    assert not texts["A"][3].startswith("Shortfall")


def test_with_any_number_of_partial_grants_it_says_how_many():
    apps = [application(i, 50_000, (3, 3, 3, 3, 3), min_dkk=45_000) for i in "ABC"]
    allocation = allocate(apps, Pool(budget_dkk=140_000, rules=Rules(max_partial_grants="any")))
    assert [d.granted_dkk for d in allocation.decisions] == [50_000, 45_000, 45_000]
    assert explain_round(allocation, apps)[2].text("en").splitlines()[3] == (
        "Shortfall: the funded applications asked for DKK 10,000 more than the pool gives them; it is spread "
        "over 2 partial grants, as few as the pool's rules allow (principle 1)")


def test_a_fixed_amount_takes_no_share_of_the_shortfall():
    """An amount the chiefs fixed is their decision, explained by the fix alone: it used to be
    explained as the one application the pool took the shortfall from, with kroner left over."""
    from digipulje.pool.overrides import Action, Override

    apps = [application("A", 50_000, (4, 4, 4, 4, 4)), application("B", 50_000, (3, 3, 3, 3, 3)),
            application("C", 50_000, (3, 3, 3, 3, 2))]
    fix = Override(application="B", action=Action.FIX, amount_dkk=30_000, reason="mindre", decided_by="Chefforum")
    decision = decide(apps, Pool(budget_dkk=135_000), [fix])
    assert [d.granted_dkk for d in decision.decisions] == [50_000, 30_000, 50_000]
    for line in explain_application(decision, apps, "B").text("da").splitlines():
        assert not line.startswith("Manglende beløb")


def test_a_shortfall_among_equal_scores_names_them_and_the_id_order():
    """Three alike in score: the lowest by ID sorted as text takes it, and the reason says that the
    ID decided among equal scores, not that it scored lowest."""
    apps = [application(i, 50_000, (3, 3, 3, 3, 3)) for i in ("D3", "D4", "D5")]
    allocation = allocate(apps, Pool(budget_dkk=140_000))
    assert [d.granted_dkk for d in allocation.decisions] == [50_000, 50_000, 40_000]
    assert explain_application(allocation, apps, "D5").text("da").splitlines()[3] == (
        "Manglende beløb: de bevilgede ansøgninger bad om kr. 10.000 mere, end puljen giver dem; puljen tager "
        "det fra én ansøgning (princip 1), og af de 3, der kunne bære det alene (D3, D4, D5), er den lavest "
        "placeret: D3, D4 har samme score, og ved lige score afgør ID sorteret som tekst; de højere placerede "
        "får deres fulde beløb først")
