"""The application: what a department asks the pool for, and what the council made of it.

Everything here is immutable and validated on construction, so that nothing downstream
(scoring, the solver, reports) has to re-check an amount or a rating. Money is whole kroner
(`int`); an amount in øre or a negative amount cannot be represented.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

Kroner = Annotated[int, Field(ge=0, strict=True)]
Rating = Annotated[int, Field(ge=0, le=4, strict=True)]


class Frozen(BaseModel):
    """Base for the domain's value objects: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Verdict(str, Enum):
    """The IT project council's assessment of one application (principle 5)."""

    ELIGIBLE = "eligible"
    NOT_RECOMMENDED = "not_recommended"
    REJECTED = "rejected"


class Assessment(Frozen):
    """The council's verdict, the reason it gives, and its written assessment."""

    verdict: Verdict
    reason: str | None = None
    text: str | None = None

    @model_validator(mode="after")
    def _reason_for_a_no(self) -> Assessment:
        if self.verdict is not Verdict.ELIGIBLE and not (self.reason or "").strip():
            raise ValueError(f"an assessment of '{self.verdict.value}' needs a reason")
        return self


class Ratings(Frozen):
    """The council's ratings on the 0–4 scale of the rated principles.

    Principle 2 is three ratings (KL's three bottom lines), principle 3 is the evidence of
    effect and principle 4 the cross-cutting need. `None` means "not rated".
    """

    citizen: Rating | None = None
    employee: Rating | None = None
    municipality: Rating | None = None
    evidence: Rating | None = None
    cross_cutting: Rating | None = None


class Approval(Frozen):
    """The department head's approval of the application (decided by Chefforum in 2025)."""

    name: str
    date: dt.date | None = None


class Application(Frozen):
    """One application to the pool.

    `min_dkk` is the smallest grant with which the project can still be carried out; when it is
    not given, the pool's partial-funding floor decides it (see `Pool.min_grant_for`).
    """

    id: Annotated[str, Field(min_length=1)]
    title: Annotated[str, Field(min_length=1)]
    department: Annotated[str, Field(min_length=1)]
    unit: str | None = None
    requested_dkk: Annotated[int, Field(gt=0, strict=True)]
    min_dkk: Kroner | None = None
    own_investment_dkk: Kroner = 0
    yearly_running_cost_dkk: Kroner | None = None
    running_cost_paid_by: str | None = None
    running_cost_paid_by_applicant: bool = True
    ratings: Ratings = Ratings()
    assessment: Assessment | None = None
    approval: Approval | None = None
    other_departments: tuple[str, ...] = ()
    contact: str | None = None
    notes: tuple[tuple[str, str], ...] = ()
    support: Annotated[int, Field(ge=0, strict=True)] | None = None  # voters' support (Pabulib), the value when given

    @model_validator(mode="after")
    def _min_within_request(self) -> Application:
        if self.min_dkk is not None and self.min_dkk > self.requested_dkk:
            raise ValueError(
                f"the smallest workable grant ({self.min_dkk}) is larger than the amount "
                f"requested ({self.requested_dkk})"
            )
        return self
