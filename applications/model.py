"""The application: what a department asks the pool for, and what the council made of it.

Everything here is immutable and validated on construction, so that nothing downstream
(scoring, the solver, reports) has to re-check an amount or a rating. Money is whole kroner
(`int`); an amount in øre or a negative amount cannot be represented.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

from pydantic import (
    BaseModel, ConfigDict, Field, SerializationInfo, create_model, model_serializer, model_validator,
)

from digipulje.applications.principles import BOTTOM_LINE_KEYS, CRITERIA, SCALE_MAX

from digipulje.messages import _

Kroner = Annotated[int, Field(ge=0, strict=True)]
Rating = Annotated[int, Field(ge=0, le=SCALE_MAX, strict=True)]


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
            named = {Verdict.NOT_RECOMMENDED: _("Not recommended"), Verdict.REJECTED: _("Rejected")}
            raise ValueError(_("an assessment of '{verdict}' needs a reason", verdict=named[self.verdict]))
        return self


Ratings = create_model(
    "Ratings", __base__=Frozen, __module__=__name__,
    __doc__="""The council's ratings on the 0–4 scale, one field per criterion of `applications.principles`.

    Principle 2 is three ratings (KL's three bottom lines), principle 3 is the evidence of
    effect and principle 4 the cross-cutting need. `None` means "not rated".
    """,
    **{c.key: (Rating | None, None) for c in CRITERIA},
)


class Approval(Frozen):
    """The department head's approval of the application (decided by Chefforum in 2025)."""

    name: str
    date: dt.date | None = None


# KL's three bottom lines (principle 2): who gains from a benefit; one member per criterion of
# the principle (`applications.principles.BOTTOM_LINES`), named as its key: BottomLine.CITIZEN.
BottomLine = Enum("BottomLine", [(key.upper(), key) for key in BOTTOM_LINE_KEYS], type=str,  # type: ignore[misc]
                  module=__name__, qualname="BottomLine")


# A measured quantity (days, hours a week, per cent, kroner saved): an exact decimal, never a float,
# so "2,5 timer" stays 2.5 and a value reads back as written. In JSON it is a string ("2.5").
Quantity = Annotated[Decimal, Field(allow_inf_nan=False)]


class Indicator(Frozen):
    """A benefit the applicant expects, stated so that it can be followed up: the measure, its
    unit, where it stands today (`baseline`) and where the solution should take it (`target`),
    and the bottom line that gains. A qualitative indicator has neither baseline nor target."""

    name: Annotated[str, Field(min_length=1)]
    unit: str | None = None
    baseline: Quantity | None = None
    target: Quantity | None = None
    bottom_line: BottomLine | None = None

    @property
    def measured(self) -> bool:
        """An indicator with a baseline or a target is followed up with a number in its unit."""
        return self.baseline is not None or self.target is not None


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
    systems: tuple[str, ...] = ()  # the municipality's IT-system overview (KITOS) references
    kle_codes: tuple[str, ...] = ()  # KL's subject classification (KLE) of the need
    # A structured application form asks for the department head's approval, so an application
    # read from one is incomplete without it, whatever the pool's `require_approval` says.
    approval_required: bool = False
    indicators: tuple[Indicator, ...] = ()  # the expected benefits the follow-up measures
    support: Annotated[int, Field(ge=0, strict=True)] | None = None  # voters' support (Pabulib), the value when given

    def __hash__(self) -> int:
        """By a few fields (equal applications have them equal; `==` still compares every field):
        the screenings, scores and fingerprints remembered are looked up by application, several
        times an allocation, and the default hash walks every field and nested model each time."""
        return hash((self.id, self.requested_dkk, self.title, self.department))

    @model_validator(mode="after")
    def _min_within_request(self) -> Application:
        if self.min_dkk is not None and self.min_dkk > self.requested_dkk:
            raise ValueError(_("the smallest workable grant ({minimum}) is larger than the amount requested ({requested})",
                               minimum=self.min_dkk, requested=self.requested_dkk))
        return self

    @model_validator(mode="after")
    def _indicators_named_once(self) -> Application:
        seen: set[str] = set()
        for indicator in self.indicators:
            key = indicator.name.strip().casefold()
            if key in seen:
                raise ValueError(_("the indicator '{name}' is named twice: give each indicator its own name",
                                   name=indicator.name))
            seen.add(key)
        return self

    @model_serializer(mode="wrap")
    def _without_empty_indicators(self, handler: Any, info: SerializationInfo) -> dict[str, Any]:
        # An application without indicators serialises as it did before they existed, so the
        # fingerprints of stored rounds and frozen rounds do not change.
        data = handler(self)
        if not self.indicators:
            data.pop("indicators", None)
        return data
