"""The pool: budget, rules and principle weights of one round.

Every field has a default, so a pool file is optional; the defaults are the 2025 pool's
(DKK 250,000, a partial grant keeps at least 80 % of the request).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from digipulje.applications.cells import MAX_AMOUNT
from digipulje.applications.model import Application
from digipulje.messages import _
from digipulje.scoring.thresholds import ThresholdRule
from digipulje.scoring.weights import Weights


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# A principle's weight: only the ratios matter, so a weight above this is a typing error (and one of
# 1e308, or inf, would overflow every score of the round).
MAX_WEIGHT = 1_000


def _within_amount_limit(value: object) -> object:
    """The pool's amounts have the bound of every amount digipulje reads (a cell, --budget)."""
    if isinstance(value, int) and not isinstance(value, bool) and value > MAX_AMOUNT:
        raise ValueError(_("'{value}' is more than 1.000.000.000 kr.: check the amount", value=value))
    return value


class Rules(_Frozen):
    """Hard rules of the pool.

    - `min_grant_dkk`: no grant is smaller (principle 1, few but noticeable).
    - `max_grants`: optional cap on the number of grants (principle 1).
    - `max_partial_grants`: how many grants may fall below their request (principle 1, few but
      noticeable: in 2025 the shortfall was taken from one application only). 1 by default;
      0 = all or nothing; a number; or "any" (no limit).
    - `partial_floor`: a partial grant keeps at least this share of the request, unless the
      application names its own smallest workable grant. 1.0 means all or nothing.
    - `eligibility_threshold`: an application scoring below this (0–100) is not recommended.
    - `require_approval`: an application without the department head's approval is incomplete
      (Chefforum's decision for rounds after 2025).
    - `aggregation`: how several assessors' ratings of one principle become one (mean or median).
    - `thresholds`: minimum ratings to be recommended at all (see `scoring.thresholds`); none
      by default.
    """

    min_grant_dkk: Annotated[int, Field(ge=0, strict=True)] = 10_000
    max_grants: Annotated[int, Field(ge=1, strict=True)] | None = None
    max_partial_grants: Annotated[int, Field(ge=0, strict=True)] | Literal["any"] = 1
    partial_floor: Annotated[float, Field(gt=0, le=1)] = 0.8
    eligibility_threshold: Annotated[float, Field(ge=0, le=100)] = 50.0
    require_approval: bool = False
    aggregation: Literal["mean", "median"] = "mean"
    thresholds: tuple[ThresholdRule, ...] = ()

    @property
    def partial_grant_limit(self) -> int | None:
        """The most grants below their request, as the solver takes it (None: any number)."""
        return None if self.max_partial_grants == "any" else self.max_partial_grants

    _min_grant_within_limit = field_validator("min_grant_dkk")(_within_amount_limit)

    @field_validator("max_partial_grants", mode="before")
    @classmethod
    def _whole_number_or_any(cls, value: object) -> object:
        if value == "any" or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
            return value
        raise ValueError(_('{value} is not a number of grants: write 0 (all or nothing), 1, 2, ... or "any"',
                           value=repr(value)))


class Pool(_Frozen):
    """One round of the pool."""

    name: str = "Digitaliseringspuljen"
    year: int | None = None
    round: str | None = None
    deadline: dt.date | None = None
    budget_dkk: Annotated[int, Field(ge=0, strict=True)] = 250_000
    rules: Rules = Rules()
    weights: Weights = Weights()

    _budget_within_limit = field_validator("budget_dkk")(_within_amount_limit)

    @field_validator("weights", mode="before")
    @classmethod
    def _finite_bounded_weights(cls, value: object) -> object:
        """A weight is a number from 0 to MAX_WEIGHT: never inf, nan or 1e308, which would make every
        score of the round infinite or undefined (and a round opened with it unusable for good)."""
        given = value.model_dump() if isinstance(value, BaseModel) else value
        if isinstance(given, dict):
            for key, weight in given.items():
                number = isinstance(weight, (int, float)) and not isinstance(weight, bool)
                if not number or not (math.isfinite(weight) and 0 <= weight <= MAX_WEIGHT):
                    # text ("1e308" in quotes), true/false and lists are not numbers, even where they could be read as one
                    shown = weight if number else json.dumps(weight, ensure_ascii=False, default=str)
                    raise ValueError(_("the weight of '{key}' is {value}: write a number from 0 to {limit} (only the "
                                       "ratios of the weights matter, e.g. 1, 2 or 3)", key=key, value=shown,
                                       limit=MAX_WEIGHT))
        return value

    def min_grant_for(self, application: Application) -> int:
        """The smallest grant this application can be given, in whole kroner.

        The application's own smallest workable grant if it names one, else the partial-funding
        floor of its request, rounded up to a whole krone; never below the pool's minimum grant
        (which may exceed the request: then the application cannot be funded), and never 0 kr:
        a funded application gets at least one krone.
        """
        if application.min_dkk is not None:
            own = application.min_dkk
        else:
            share = _share(self.rules.partial_floor)
            own = -(-share.numerator * application.requested_dkk // share.denominator)
        return max(own, self.rules.min_grant_dkk, 1)  # a grant of 0 kr is no grant

    @property
    def partial_grant_limit(self) -> int | None:
        """The most grants below their request, as the solver takes it (None: any number)."""
        return self.rules.partial_grant_limit

    @property
    def aggregation(self) -> Literal["mean", "median"]:
        """How several assessors' ratings of one principle become one (`scoring.panel`)."""
        return self.rules.aggregation

    def with_budget(self, budget_dkk: int) -> Pool:
        return Pool.model_validate({**self.model_dump(), "budget_dkk": budget_dkk})


@functools.lru_cache(maxsize=64)
def _share(floor: float) -> Fraction:
    """The partial-funding floor as the exact fraction it is written as (0.5 is 1/2, 0.3 is 3/10)."""
    return Fraction(str(floor))
