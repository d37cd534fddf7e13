"""Manual overrides: the chiefs' forum (or the council) decides against the optimiser.

An override names one application and does one of three things: `exclude` it (never funded),
`include` it (always funded, the optimiser picks the amount within its limits), or `fix` its
grant at an exact amount. Each carries the reason and who decided it, because a decision that
departs from the recommendation must be explainable later.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Action(str, Enum):
    EXCLUDE = "exclude"
    INCLUDE = "include"
    FIX = "fix"


class Override(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    application: Annotated[str, Field(min_length=1)]
    action: Action
    amount_dkk: Annotated[int, Field(gt=0, strict=True)] | None = None
    reason: Annotated[str, Field(min_length=1)]
    decided_by: Annotated[str, Field(min_length=1)]
    date: dt.date | None = None

    @model_validator(mode="after")
    def _amount_only_when_fixed(self) -> Override:
        if self.action is Action.FIX and self.amount_dkk is None:
            raise ValueError("a 'fix' override needs amount_dkk")
        if self.action is not Action.FIX and self.amount_dkk is not None:
            raise ValueError(f"amount_dkk belongs only to a 'fix' override, not '{self.action.value}'")
        return self

    def describe(self) -> str:
        what = {
            Action.EXCLUDE: f"exclude {self.application}",
            Action.INCLUDE: f"include {self.application}",
            Action.FIX: f"fix {self.application} at {self.amount_dkk} kr",
        }[self.action]
        return f"{what} ({self.decided_by}: {self.reason})"
