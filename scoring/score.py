"""The 0–100 score of an application against the rated principles.

score = 100 × Σ weight·rating / (4 × Σ weight)

An unrated criterion counts as 0 (and says so), so an application never gains from missing
information. The solver works in whole centipoints (`score × 100`, rounded half up once here),
so that its objective is an exact integer and the same score never compares differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from applications.model import Ratings
from pool.model import Weights
from scoring.principles import CRITERIA, SCALE_MAX, Criterion


@dataclass(frozen=True)
class CriterionScore:
    criterion: Criterion
    rating: int | None
    weight: float
    points: float  # this criterion's share of the 0–100 score


@dataclass(frozen=True)
class Score:
    centipoints: int  # the score × 100, an exact integer; what the solver maximises
    parts: tuple[CriterionScore, ...]

    @property
    def value(self) -> float:
        """The score on 0–100, two decimals."""
        return self.centipoints / 100

    @property
    def unrated(self) -> tuple[str, ...]:
        return tuple(p.criterion.key for p in self.parts if p.rating is None)


def score_ratings(ratings: Ratings, weights: Weights) -> Score:
    total_weight = sum(Decimal(str(getattr(weights, c.key))) for c in CRITERIA)
    parts = []
    weighted = Decimal(0)
    for criterion in CRITERIA:
        rating = getattr(ratings, criterion.key)
        weight = Decimal(str(getattr(weights, criterion.key)))
        contribution = weight * (rating or 0)
        weighted += contribution
        points = Decimal(100) * contribution / (SCALE_MAX * total_weight)
        parts.append(CriterionScore(criterion, rating, float(weight), float(round(points, 2))))
    exact = Decimal(10_000) * weighted / (SCALE_MAX * total_weight)
    centipoints = int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return Score(centipoints=centipoints, parts=tuple(parts))
