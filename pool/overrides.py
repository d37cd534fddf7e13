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

from digipulje.messages import _


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
            raise ValueError(_("a 'fix' override needs amount_dkk"))
        if self.action is not Action.FIX and self.amount_dkk is not None:
            raise ValueError(_("amount_dkk belongs only to a 'fix' override, not '{action}'", action=self.action.value))
        return self

    def describe(self) -> str:
        """The override in a few words, in the language in force: what, who decided it and why."""
        what = {
            Action.EXCLUDE: lambda: _("exclude {application}", application=self.application),
            Action.INCLUDE: lambda: _("include {application}", application=self.application),
            Action.FIX: lambda: _("fix {application} at {amount} kr", application=self.application,
                                  amount=self.amount_dkk),
        }[self.action]()
        return _("{override} ({decided_by}: {reason})", override=what, decided_by=self.decided_by, reason=self.reason)
