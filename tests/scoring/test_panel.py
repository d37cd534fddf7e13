"""Several assessors: aggregation, recusal and the flag for discussion, on a hand-worked example."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digipulje.applications.assessments import AssessorRating
from digipulje.base.errors import InputError
from digipulje.pool.allocating import allocate
from digipulje.pool.model import Pool, Rules
from digipulje.scoring.panel import aggregate, convene_panels
from tests.factories import application

# Three assessors rate A1 (from "Ældre") and B1 (from "Børn"); Anna is from Ældre herself.
APPS = [application("A1", 100_000, department="Ældre"), application("B1", 50_000, department="Børn",
                                                                    other_departments=("Skole",))]


def rate(assessor, department, app, **ratings):
    return [AssessorRating(assessor, department, app, key, value) for key, value in ratings.items()]


ASSESSMENTS = [
    *rate("Anna", "Ældre", "A1", citizen=4, employee=4, municipality=4, evidence=4, cross_cutting=4),
    *rate("Bo", "Børn", "A1", citizen=3, employee=2, municipality=2, evidence=1, cross_cutting=2),
    *rate("Carl", "Skole", "A1", citizen=4, employee=2, municipality=3, evidence=3, cross_cutting=2),
    *rate("Anna", "Ældre", "B1", citizen=2, employee=3, municipality=3, evidence=2, cross_cutting=4),
    *rate("Bo", "Børn", "B1", citizen=4, employee=4, municipality=4, evidence=4, cross_cutting=4),
    *rate("Carl", "Skole", "B1", citizen=4, employee=4, municipality=4, evidence=4, cross_cutting=4),
]


def test_mean_of_the_counted_ratings_with_the_own_department_recused():
    panels = convene_panels(ASSESSMENTS, APPS, "mean")
    a1 = panels["A1"]
    # Anna is recused from A1: Bo and Carl count. citizen (3+4)/2, employee 2, municipality 5/2 ...
    assert a1.ratings() == {"citizen": Fraction(7, 2), "employee": 2, "municipality": Fraction(5, 2),
                            "evidence": 2, "cross_cutting": 2}
    assert a1.recused == ("Anna",)
    assert [v.counted for v in a1.criteria[0].votes] == [False, True, True]
    # B1 is from Børn, with Skole taking part: Bo and Carl are recused, only Anna counts.
    b1 = panels["B1"]
    assert b1.recused == ("Bo", "Carl")
    assert b1.ratings() == {"citizen": 2, "employee": 3, "municipality": 3, "evidence": 2, "cross_cutting": 4}


def test_median_of_an_even_number_of_ratings_is_the_middle_pair_averaged():
    assert aggregate([1, 4, 2, 3], "median") == Fraction(5, 2)
    assert aggregate([1, 4, 4], "median") == 4
    assert aggregate([1, 4, 4], "mean") == 3
    assert aggregate([], "mean") is None


def test_a_spread_of_two_is_flagged_for_discussion_and_one_is_not():
    panels = convene_panels(ASSESSMENTS, APPS, "mean")
    flagged = [(c.criterion, c.spread) for c in panels["A1"].for_discussion]
    # evidence: Bo 1, Carl 3 (Anna's 4 is recused and not counted); citizen 3 and 4 is a spread of 1.
    assert flagged == [("evidence", 2)]


def test_everyone_recused_leaves_the_criterion_unrated():
    ratings = rate("Anna", "ÆLDRE ", "A1", citizen=4)
    panel = convene_panels(ratings, APPS, "mean")["A1"]
    assert panel.uncounted == ("citizen", "employee", "municipality", "evidence", "cross_cutting")
    assert panel.ratings()["citizen"] is None


def test_the_panel_decides_the_score_in_the_allocation():
    pool = Pool(budget_dkk=100_000, rules=Rules(aggregation="mean"))
    allocation = allocate(APPS, pool, assessments=ASSESSMENTS)
    # A1: (3.5 + 2 + 2.5 + 2 + 2) / (4 × 5) = 60 %; B1: Anna alone, 14 / 20 = 70 %.
    assert {d.id: d.score for d in allocation.decisions} == {"A1": 60.0, "B1": 70.0}
    median = allocate(APPS, Pool(budget_dkk=100_000, rules=Rules(aggregation="median")), assessments=ASSESSMENTS)
    assert median.decision("A1").score == 60.0
    # Without assessments the sheet's ratings (3 everywhere) decide.
    assert allocate(APPS, pool).decision("A1").score == 75.0
    assert allocation.fingerprint != allocate(APPS, pool).fingerprint


def test_ratings_of_an_unknown_application_or_twice_the_same_are_errors(english):
    bad = [AssessorRating("Bo", "Børn", "A9", "citizen", 3, "v.xlsx, sheet 'ITP', row 4"),
           AssessorRating("Bo", "Børn", "A1", "citizen", 3, "v.xlsx, sheet 'ITP', row 5"),
           AssessorRating("Bo", "Børn", "A1", "citizen", 2, "v.xlsx, sheet 'ITP', row 6")]
    with pytest.raises(InputError) as error:
        convene_panels(bad, APPS)
    assert error.value.lines == (
        "v.xlsx, sheet 'ITP', row 4: assessor 'Bo' rates application 'A9', which is not among the "
        "applications: check the id",
        "v.xlsx, sheet 'ITP', row 6: assessor 'Bo' rates 'citizen' of A1 twice: keep one rating",
    )


def test_mean_and_median_differ_when_one_assessor_stands_out():
    ratings = [*rate("Bo", "Børn", "A1", citizen=3), *rate("Carl", "Skole", "A1", citizen=4),
               *rate("Dan", "IT", "A1", citizen=0)]
    assert convene_panels(ratings, APPS, "mean")["A1"].ratings()["citizen"] == Fraction(7, 3)
    median = convene_panels(ratings, APPS, "median")["A1"]
    assert median.ratings()["citizen"] == 3
    assert [(c.criterion, c.spread) for c in median.for_discussion] == [("citizen", 4)]


@given(st.lists(st.integers(0, 4), min_size=1, max_size=7), st.data(), st.sampled_from(["mean", "median"]))
def test_raising_one_assessors_rating_never_lowers_the_aggregate(ratings, data, aggregation):
    index = data.draw(st.integers(0, len(ratings) - 1))
    raised = list(ratings)
    raised[index] = data.draw(st.integers(ratings[index], 4))
    assert aggregate(raised, aggregation) >= aggregate(ratings, aggregation)
    assert 0 <= aggregate(ratings, aggregation) <= 4
