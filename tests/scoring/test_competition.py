"""Why an eligible application was left out: the kroner missing and who would have to give way."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from digipulje.applications.model import Ratings
from digipulje.applications.principles import CRITERIA
from digipulje.pool.allocate import allocate
from digipulje.pool.allocation import Status
from digipulje.pool.model import Pool, Rules
from digipulje.pool.overrides import Override
from tests.factories import application, small_rounds

# Scores 90, 80, 60 and 50. Three smaller grants (190 points) beat the best one plus one (170),
# when any number of grants may be partial (the README's example says so).
ANY = Rules(max_partial_grants="any")
APPS = [application("A", 60_000, (4, 4, 4, 3, 3)), application("B", 50_000, (4, 3, 3, 3, 3)),
        application("C", 45_000, (3, 3, 2, 2, 2)), application("D", 30_000, (2, 2, 2, 2, 2))]


def test_outranked_names_the_kroner_missing_and_the_competitors():
    allocation = allocate(APPS, Pool(budget_dkk=100_000, rules=ANY))
    assert {d.id: d.granted_dkk for d in allocation.decisions} == {"A": 0, "B": 40_000, "C": 36_000, "D": 24_000}
    a = allocation.decision("A")
    assert a.status is Status.NOT_FUNDED
    assert [r.code for r in a.reasons] == ["not_funded_budget"]
    assert a.reasons[0].text("da") == (
        "Ikke bevilget: udkonkurreret inden for puljen. Det mindste brugbare tilskud er kr. 48.000, og der "
        "var kr. 0 tilbage, så der manglede kr. 48.000. For at give plads, også når de andre tilskud skæres "
        "ned til deres mindste brugbare beløb, skulle C (60,0) og D (50,0) vige, med en samlet score på "
        "110,0 mod ansøgningens 90,0")
    assert a.reasons[0].text("en") == (
        "Not funded: outranked within the budget. Its smallest workable grant is DKK 48,000 and DKK 0 was "
        "left, so DKK 48,000 was missing. To make room, even with the other grants cut to their smallest "
        "workable amounts, C (60.0) and D (50.0) would have to give way, with a total score of 110.0 "
        "against its 90.0")
    assert allocation.to_json("en")["applications"][0]["reasons"] == [a.reasons[0].text("en")]


def test_with_a_maximum_number_of_grants_the_places_are_what_is_missing():
    allocation = allocate(APPS, Pool(budget_dkk=200_000, rules=Rules(max_grants=2)))
    assert allocation.decision("C").reasons[0].text("en") == (
        "Not funded: outranked within the budget. The money would stretch, but the pool's maximum number of "
        "grants (2) is reached. To make room, B (80.0) would have to give way, with a total score of 80.0 "
        "against its 60.0")


def test_beside_fixed_grants_it_is_out_of_reach():
    fixed = Override(application="B", action="fix", amount_dkk=50_000, reason="besluttet", decided_by="Chefforum")
    apps = [application("A", 60_000, (4, 4, 4, 3, 3)), application("B", 50_000, (1, 1, 1, 1, 1))]
    allocation = allocate(apps, Pool(budget_dkk=90_000), [fixed])
    assert allocation.decision("A").reasons[0].text("da") == (
        "Ikke bevilget: det mindste brugbare tilskud på kr. 48.000 er mere, end puljen kan give ved siden af "
        "de tilskud, der ligger fast (kr. 40.000)")


def cheapest_room_by_brute_force(funded, need_kroner, need_places):
    """The lowest total score over every set of funded grants whose dropping makes room."""
    best = None
    for size in range(len(funded) + 1):
        for chosen in itertools.combinations(funded, size):
            if sum(d.min_dkk for d in chosen) >= need_kroner and size >= need_places:
                value = sum(d.score_centipoints for d in chosen)
                best = value if best is None else min(best, value)
    return best


@settings(max_examples=30)
@given(small_rounds(max_apps=7))
def test_the_competitors_named_are_the_cheapest_way_to_make_room_and_outscore_it(round_):
    apps, pool = round_
    allocation = allocate(apps, pool)
    funded = [d for d in allocation.decisions if d.status.granted]
    remainder = allocation.remainder_dkk
    cuts = sum(d.granted_dkk - d.min_dkk for d in funded)
    for d in allocation.decisions:
        if d.status is not Status.NOT_FUNDED or d.min_dkk > d.requested_dkk:
            continue
        why = d.reasons[-1]
        assert why.code == "not_funded_budget"
        need_places = 0 if pool.rules.max_grants is None else len(funded) + 1 - pool.rules.max_grants
        if why.variant in ("outranked", "max_grants"):
            named = {i for i, _ in why.facts["competitors"]}
            chosen = [f for f in funded if f.id in named]
            assert sum(f.score_centipoints for f in chosen) >= d.score_centipoints  # the solver is optimal
            assert remainder + cuts + sum(f.min_dkk for f in chosen) >= d.min_dkk
            assert len(chosen) >= need_places
            assert sum(f.score_centipoints for f in chosen) == cheapest_room_by_brute_force(
                funded, d.min_dkk - remainder - cuts, need_places)
        elif why.variant == "out_of_reach":
            assert cheapest_room_by_brute_force(funded, d.min_dkk - remainder - cuts, need_places) is None
        else:
            assert why.variant == "no_gain" and d.score_centipoints == 0


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


grants = st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 50) .map(lambda k: k * 1000)),
                  min_size=0, max_size=10)


@settings(max_examples=200)
@given(grants, st.integers(-20_000, 300_000), st.integers(0, 4))
def test_the_search_for_room_matches_brute_force(given, need_kroner, need_places):
    from digipulje.pool.competition import Grant, _cheapest_room

    items = [Grant(f"G{i}", value, granted_dkk=min_dkk, min_dkk=min_dkk, droppable=True)
             for i, (value, min_dkk) in enumerate(given)]
    found = _cheapest_room(items, need_kroner, need_places)
    best = None
    for size in range(len(items) + 1):
        for chosen in itertools.combinations(items, size):
            if sum(g.min_dkk for g in chosen) >= need_kroner and size >= need_places:
                value = sum(g.centipoints for g in chosen)
                best = value if best is None else min(best, value)
    if best is None:
        assert found is None
    else:
        assert found is not None
        assert sum(g.min_dkk for g in found) >= need_kroner and len(found) >= need_places
        assert sum(g.centipoints for g in found) == best


def test_the_readme_quotes_the_real_reason():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "docs" / "scoring.md").read_text(encoding="utf-8")
    section = readme[readme.index("# Scoring and explanations"):]
    quoted = " ".join(line.removeprefix("> ") for line in section.splitlines() if line.startswith("> "))
    assert quoted == allocate(APPS, Pool(budget_dkk=100_000, rules=ANY)).decision("A").reasons[0].text("da")
