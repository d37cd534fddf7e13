"""Whole ratings take an integer shortcut; it must give exactly what the rational arithmetic gives."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from digipulje.applications.principles import CRITERIA
from digipulje.scoring.score import _exact_weights, _round_half_up, score_rating_values
from digipulje.scoring.weights import Weights

weights = st.fixed_dictionaries(
    {c.key: st.sampled_from([0, 0.1, 0.25, 0.5, 1, 1.5, 2, 3.3, 7]) for c in CRITERIA}
).filter(lambda w: sum(w.values()) > 0).map(lambda w: Weights(**w))
ratings = st.fixed_dictionaries({c.key: st.one_of(st.none(), st.integers(0, 4)) for c in CRITERIA})


@given(ratings, weights)
def test_whole_ratings_score_as_the_rational_formula(values, w):
    exact = _exact_weights(w)
    total = sum(exact)
    score = score_rating_values(values, w)
    weighted = sum(e * (values[c.key] or 0) for c, e in zip(CRITERIA, exact))
    assert score.centipoints == int(_round_half_up(Fraction(10_000) * weighted / (4 * total), 0))
    for part, e, c in zip(score.parts, exact, CRITERIA):
        assert part.points == _round_half_up(Fraction(100) * e * (values[c.key] or 0) / (4 * total), 2)
        assert part.rating == values[c.key]
