"""Why an eligible application was left out: solved, the round with it included."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from digipulje.applications.model import Ratings
from digipulje.applications.principles import CRITERIA
from digipulje.pool.allocating import allocate
from digipulje.pool.allocation import Status
from digipulje.pool.model import Pool, Rules
from digipulje.pool.overrides import Override
from tests.factories import application, small_rounds

# Scores 90, 80, 60 and 50. Three smaller grants (190 points) beat the best one plus one (170),
# when any number of grants may be partial (the README's example says so).
ANY = Rules(max_partial_grants="any")
APPS = [application("A", 60_000, (4, 4, 4, 3, 3)), application("B", 50_000, (4, 3, 3, 3, 3)),
        application("C", 45_000, (3, 3, 2, 2, 2)), application("D", 30_000, (2, 2, 2, 2, 2))]


def test_outranked_says_what_including_it_would_give_solved():
    allocation = allocate(APPS, Pool(budget_dkk=100_000, rules=ANY))
    assert {d.id: d.granted_dkk for d in allocation.decisions} == {"A": 0, "B": 40_000, "C": 36_000, "D": 24_000}
    a = allocation.decision("A")
    assert a.status is Status.NOT_FUNDED
    assert [r.code for r in a.reasons] == ["not_funded_budget"]
    assert a.reasons[0].text("da") == (
        "Ikke bevilget: medtaget (med mindst kr. 48.000) ville puljens samlede score blive 170,0 i stedet for "
        "190,0: C må vige (kr. 36.000) og D må vige (kr. 24.000)")
    assert a.reasons[0].text("en") == (
        "Not funded: included (with at least DKK 48,000), the pool's total score would be 170.0 instead of "
        "190.0: C gives way (DKK 36,000) and D gives way (DKK 24,000)")
    assert a.if_funded.funded == {"A": 60_000, "B": 40_000}
    assert allocation.to_json("en")["applications"][0]["reasons"] == [a.reasons[0].text("en")]


def test_with_a_maximum_number_of_grants_who_gives_way_is_solved_and_the_cap_is_named():
    allocation = allocate(APPS, Pool(budget_dkk=200_000, rules=Rules(max_grants=2)))
    assert allocation.remainder_dkk == 90_000  # the kroner are there: the number of grants is not
    why = allocation.decision("C").reasons[0]
    assert why.text("en") == (
        "Not funded: the pool allows at most two grants; included (with at least DKK 36,000), the pool's total "
        "score would be 150.0 instead of 170.0: B gives way (DKK 50,000)")
    assert why.text("da").startswith("Ikke bevilget: puljen giver højst to tilskud; medtaget (med mindst kr. 36.000)")
    # where the kroner are short as well, the budget decides: the cap is not named
    tight = allocate(APPS, Pool(budget_dkk=110_000, rules=Rules(max_grants=2))).decision("C").reasons[0]
    assert tight.variant == "if_funded" and "at most" not in tight.text("en")


def test_beside_fixed_grants_it_cannot_fit_and_says_why():
    fixed = Override(application="B", action="fix", amount_dkk=50_000, reason="besluttet", decided_by="Chefforum")
    apps = [application("A", 60_000, (4, 4, 4, 3, 3)), application("B", 50_000, (1, 1, 1, 1, 1))]
    allocation = allocate(apps, Pool(budget_dkk=90_000), [fixed])
    why = allocation.decision("A").reasons[0]
    assert why.text("da") == ("Ikke bevilget: selv medtaget kan den ikke bevilges: de tilskud, cheferne har fastsat "
                              "eller medtaget, tager mindst kr. 50.000 af budgettet på kr. 90.000, og den kræver "
                              "mindst kr. 48.000")
    assert why.text("en") == ("Not funded: even included it cannot be funded: the grants the chiefs fixed or "
                              "included take at least DKK 50,000 of the budget of DKK 90,000, and it needs at least "
                              "DKK 48,000")


def test_beside_as_many_fixed_grants_as_the_pool_allows_it_cannot_fit_and_says_why():
    fixed = [Override(application=i, action="fix", amount_dkk=20_000, reason="besluttet", decided_by="Chefforum")
             for i in ("B", "C")]
    apps = [application("A", 60_000, (4, 4, 4, 3, 3)), application("B", 50_000, (1, 1, 1, 1, 1)),
            application("C", 50_000, (1, 1, 1, 1, 1))]
    allocation = allocate(apps, Pool(budget_dkk=200_000, rules=Rules(max_grants=2)), fixed)
    why = allocation.decision("A").reasons[0]
    assert why.text("da") == ("Ikke bevilget: selv medtaget kan den ikke bevilges: cheferne har fastsat eller "
                              "medtaget to tilskud, det højeste antal, puljen tillader")
    assert why.text("en").endswith("the chiefs fixed or included two grants, the most the pool allows")


@settings(max_examples=30)
@given(small_rounds(max_apps=7))
def test_every_application_that_lost_is_explained_by_a_solve(round_):
    apps, pool = round_
    allocation = allocate(apps, pool)
    for d in allocation.decisions:
        if d.status is not Status.NOT_FUNDED or d.min_dkk > d.requested_dkk:
            continue
        why = d.reasons[-1]
        assert why.code == "not_funded_budget" and why.variant in (
            "if_funded", "if_funded_capped", "tie", "cannot_fit", "cannot_fit_budget", "cannot_fit_count")
        if why.variant.startswith("cannot_fit"):
            assert d.if_funded is None
        else:
            assert d.if_funded is not None and d.if_funded.total_value <= allocation.total_value
            assert (why.variant == "tie") == (d.if_funded.total_value == allocation.total_value)


@settings(max_examples=25)
@given(small_rounds(max_apps=6), st.data(), st.booleans())
def test_raising_a_rating_of_a_funded_application_never_unfunds_it(round_, data, with_threshold_rules):
    apps, pool = round_
    if with_threshold_rules:  # "at least" rules only, so they cannot turn against a higher rating
        rules = {**pool.rules.model_dump(), "thresholds": [
            {"criteria": ["citizen", "employee", "municipality"], "min_rating": 3}, {"criteria": ["evidence"],
                                                                                   "min_rating": 2}]}
        pool = Pool.model_validate({**pool.model_dump(), "rules": rules})
    allocation = allocate(apps, pool)
    funded = [d.id for d in allocation.decisions if d.status.granted]
    if not funded:
        return
    chosen = data.draw(st.sampled_from(funded))
    key = data.draw(st.sampled_from([c.key for c in CRITERIA]))
    raised = []
    for a in apps:
        if a.id == chosen:
            old = getattr(a.ratings, key) or 0
            ratings = Ratings(**{**a.ratings.model_dump(), key: min(4, old + data.draw(st.integers(1, 4)))})
            a = a.model_copy(update={"ratings": ratings})
        raised.append(a)
    assert allocate(raised, pool).decision(chosen).status.granted


def test_the_readme_quotes_the_real_reason():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "docs" / "scoring.md").read_text(encoding="utf-8")
    section = readme[readme.index("# Scoring and explanations"):]
    quoted = " ".join(line.removeprefix("> ") for line in section.splitlines() if line.startswith("> "))
    assert quoted == allocate(APPS, Pool(budget_dkk=100_000, rules=ANY)).decision("A").reasons[0].text("da")
