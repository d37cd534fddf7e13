"""The score: within 0–100, monotone in every rating, exact for aggregated ratings."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from digipulje.applications.model import Ratings
from digipulje.applications.principles import CRITERIA
from digipulje.scoring.score import score_rating_values, score_ratings
from digipulje.scoring.weights import Weights

KEYS = [c.key for c in CRITERIA]
ratings = st.fixed_dictionaries({k: st.one_of(st.none(), st.integers(0, 4)) for k in KEYS})
weights = st.fixed_dictionaries({k: st.sampled_from([0, 0.5, 1, 1.5, 2, 3, 10]) for k in KEYS}).filter(
    lambda w: sum(w.values()) > 0).map(lambda w: Weights(**w))


@given(ratings, weights)
def test_the_score_is_within_0_and_100(given_ratings, given_weights):
    score = score_ratings(Ratings(**given_ratings), given_weights)
    assert 0 <= score.centipoints <= 10_000
    assert 0 <= sum(p.points for p in score.parts) <= 100.05


@given(ratings, weights, st.sampled_from(KEYS), st.integers(1, 4))
def test_the_score_never_falls_when_a_rating_rises(given_ratings, given_weights, key, step):
    before = score_ratings(Ratings(**given_ratings), given_weights)
    raised = dict(given_ratings, **{key: min(4, (given_ratings[key] or 0) + step)})
    after = score_ratings(Ratings(**raised), given_weights)
    assert after.centipoints >= before.centipoints


@given(st.sampled_from(KEYS), weights)
def test_full_marks_everywhere_is_100(key, given_weights):
    assert score_ratings(Ratings(**{k: 4 for k in KEYS}), given_weights).centipoints == 10_000
    assert score_ratings(Ratings(), given_weights).centipoints == 0


def test_aggregated_ratings_are_scored_exactly_and_rounded_half_up_once():
    # (7/2 + 2 + 5/2 + 2 + 2) / 20 = 0.6 exactly
    score = score_rating_values({"citizen": Fraction(7, 2), "employee": 2, "municipality": Fraction(5, 2),
                                 "evidence": 2, "cross_cutting": 2}, Weights())
    assert score.centipoints == 6000
    # 1/3 of a point on one criterion: 100 × (1/3) / 20 = 1.6666… -> 1.67
    third = score_rating_values({"citizen": Fraction(1, 3)}, Weights())
    assert third.centipoints == 167
    assert third.parts[0].points == 1.67
    # exactly half a centipoint rounds up: weight 1 of 8 total, rating 1 -> 100/32 = 3.125
    eighth = score_rating_values({"citizen": 1}, Weights(citizen=1, employee=1, municipality=1, evidence=1,
                                                         cross_cutting=4))
    assert eighth.centipoints == 313
