"""The 0–100 score of an application against the rated principles.

score = 100 × Σ weight·rating / (4 × Σ weight)

An unrated criterion counts as 0 (and says so), so an application never gains from missing
information. The solver works in whole centipoints (`score × 100`, rounded half up once here),
so that its objective is an exact integer and the same score never compares differently.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from digipulje.applications.model import Ratings
from digipulje.applications.principles import CRITERIA, SCALE_MAX, Criterion
from digipulje.scoring.weights import Weights


@dataclass(frozen=True)
class CriterionScore:
    criterion: Criterion
    rating: int | Fraction | None  # a Fraction when several assessors' ratings were averaged
    weight: float
    points: float  # this criterion's share of the 0–100 score


@dataclass(frozen=True)
class Score:
    centipoints: int  # the score × 100, an exact integer; what the solver maximises
    parts: tuple[CriterionScore, ...]

    def __hash__(self) -> int:
        """By the score, the ratings and the weights (equal scores have them equal; `==` compares
        every part): a score is a key of the screenings remembered, and a weight draw screens every
        application. Without the weights, an application rated alike on every principle scores the
        same in every draw, and its screenings of all draws fell on one hash: each draw compared
        its score with every earlier draw's."""
        return hash((self.centipoints, *(p.rating for p in self.parts), *(p.weight for p in self.parts)))

    @property
    def value(self) -> float:
        """The score on 0–100, two decimals."""
        return self.centipoints / 100

    @property
    def unrated(self) -> tuple[str, ...]:
        return tuple(p.criterion.key for p in self.parts if p.rating is None)

    def ratings(self) -> dict[str, int | Fraction | None]:
        """The ratings the score was computed from, by criterion key."""
        return {p.criterion.key: p.rating for p in self.parts}


def score_ratings(ratings: Ratings, weights: Weights) -> Score:
    return score_rating_values({c.key: getattr(ratings, c.key) for c in CRITERIA}, weights)


def score_rating_values(ratings: Mapping[str, int | Fraction | None], weights: Weights) -> Score:
    """The score of ratings given per criterion key, whole or (aggregated) fractional.

    Exact rational arithmetic throughout; rounded once, half up, to whole centipoints.
    """
    values = tuple(ratings.get(c.key) for c in CRITERIA)
    if all(v is None or type(v) is int for v in values):
        return _score_whole_ratings(values, weights)  # the common case, kept fast for large rounds
    exact_weights = _exact_weights(weights)
    total_weight = sum(exact_weights)
    parts = []
    weighted = Fraction(0)
    for criterion, weight in zip(CRITERIA, exact_weights):
        rating = ratings.get(criterion.key)
        if isinstance(rating, Fraction) and rating.denominator == 1:
            rating = int(rating)
        contribution = weight * (rating or 0)
        weighted += contribution
        points = Fraction(100) * contribution / (SCALE_MAX * total_weight)
        parts.append(CriterionScore(criterion, rating, float(weight), _round_half_up(points, 2)))
    centipoints = int(_round_half_up(Fraction(10_000) * weighted / (SCALE_MAX * total_weight), 0))
    return Score(centipoints=centipoints, parts=tuple(parts))


# A round scores each distinct set of ratings once (`score_round`); this keeps the last few thousand
# across rounds and pools. Not more: weight draws score every set anew, and 65.536 kept scores made
# the garbage collector's passes a tenth of 1.000 draws.
@functools.lru_cache(maxsize=4_096)
def _score_whole_ratings(values: tuple[int | None, ...], weights: Weights) -> Score:
    """The same arithmetic as `score_rating_values` for whole ratings, in integers: the weights
    over their common denominator, and half-up rounding as floor((2p + q) / 2q)."""
    shown, whole, q = _whole_weights(weights)
    parts = []
    weighted = 0
    for criterion, weight, w, rating in zip(CRITERIA, shown, whole, values):
        contribution = w * (rating or 0)
        weighted += contribution
        points = (2 * 100 * 100 * contribution + q) // (2 * q) / 100  # two decimals, half up
        parts.append(CriterionScore(criterion, rating, weight, points))
    centipoints = (2 * 10_000 * weighted + q) // (2 * q)
    return Score(centipoints=centipoints, parts=tuple(parts))


@functools.lru_cache(maxsize=256)
def _whole_weights(weights: Weights) -> tuple[tuple[float, ...], tuple[int, ...], int]:
    """Per set of weights, once: each weight as shown (a float), the weights over their common
    denominator (whole numbers), and `q`, the denominator of a score's fraction of 100."""
    exact = _exact_weights(weights)
    common = math.lcm(*(w.denominator for w in exact))
    whole = tuple(w.numerator * (common // w.denominator) for w in exact)
    return tuple(float(w) for w in exact), whole, SCALE_MAX * sum(whole)


@functools.lru_cache(maxsize=256)
def _exact_weights(weights: Weights) -> tuple[Fraction, ...]:
    """The weights as written (0.1 is a tenth, not the nearest binary float), per criterion."""
    return tuple(Fraction(str(getattr(weights, c.key))) for c in CRITERIA)


def _round_half_up(value: Fraction, decimals: int) -> float:
    """Exactly: the scores are never negative, so half up is floor(x + 1/2)."""
    scaled = math.floor(value * 10**decimals + Fraction(1, 2))
    return scaled / 10**decimals if decimals else float(scaled)
