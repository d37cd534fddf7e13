"""Threshold rules: minimum ratings an application must reach to be recommended at all.

A total score can hide a weak spot — a project that helps nobody in particular can still score
well on the others. A threshold rule names that weak spot: "at least one of the three bottom
lines rated 3 or more", "documented effect rated 2 or more". The rules sit in the pool file
(`[[rules.thresholds]]`), so they are fixed before the round and the same for every application:

    [[rules.thresholds]]
    criteria = ["citizen", "employee", "municipality"]
    min_rating = 3
    min_count = 1          # how many of the criteria must reach min_rating; default 1

Only "at least" rules exist, so raising a rating can never make a rule fail. An unrated
criterion counts as 0, as in the score.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from digipulje.applications.principles import CRITERION_KEYS, SCALE_MAX
from digipulje.messages import _

CriterionKey = Literal[CRITERION_KEYS]  # type: ignore[valid-type]  # the keys of `applications.principles.CRITERIA`


class ThresholdRule(BaseModel):
    """At least `min_count` of `criteria` rated `min_rating` or more."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    criteria: Annotated[tuple[CriterionKey, ...], Field(min_length=1)]
    min_rating: Annotated[int, Field(ge=0, le=SCALE_MAX, strict=True)]
    min_count: Annotated[int, Field(ge=1, strict=True)] = 1

    @model_validator(mode="after")
    def _sensible(self) -> ThresholdRule:
        if len(set(self.criteria)) != len(self.criteria):
            raise ValueError(_("a criterion is named twice in 'criteria': name each once"))
        if self.min_count > len(self.criteria):
            raise ValueError(_("min_count {count} is more than the {named} criteria named: lower min_count or name "
                               "more criteria", count=self.min_count, named=len(self.criteria)))
        return self

    def met_by(self, ratings: Mapping[str, Fraction | int | None]) -> bool:
        reached = sum(1 for key in self.criteria if (ratings.get(key) or 0) >= self.min_rating)
        return reached >= self.min_count
