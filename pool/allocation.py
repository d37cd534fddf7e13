"""The result: per application a status, the kroner granted and the reasons, plus totals, and
what explains each decision (`Details`: the score per principle, the assessors' panel with its
recusals, the screening with every rule checked), as the allocation computed them.

Reports, explanations and the shells render these; none scores or screens a round again.
`Allocation.to_json()` is the stable JSON format documented in the README; the details are not in
it (nor in `model_dump`), so a stored allocation keeps its form, and one read back carries none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SkipValidation

from digipulje.base.money import current_currency
from digipulje.pool.model import Pool
from digipulje.pool.overrides import Override
from digipulje.pool.reasons import Reason
from digipulje.pool.screen import Screening
from digipulje.scoring.panel import Panel
from digipulje.scoring.score import Score
from digipulje.solver.objective import MOVED


class Status(str, Enum):
    FUNDED = "funded"
    PARTIAL = "partial"
    NOT_FUNDED = "not_funded"
    NOT_RECOMMENDED = "not_recommended"
    REJECTED = "rejected"
    EXCLUDED = "excluded"
    INCOMPLETE = "incomplete"

    @property
    def granted(self) -> bool:
        return self in (Status.FUNDED, Status.PARTIAL)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class IfFunded(_Frozen):
    """The allocation the same rules give when an application that lost is included (an include
    override, solved by the same engine): its total value and every grant."""

    total_value: int  # centipoints, or the voters' support
    funded: dict[str, int]  # id -> kroner, the funded applications only


class Decision(_Frozen):
    """What the allocation decided for one application."""

    id: str
    title: str
    department: str
    requested_dkk: int
    min_dkk: int
    granted_dkk: int
    status: Status
    score: float
    score_centipoints: int
    reasons: tuple[Reason, ...]
    support: int | None = None  # the voters' support, the value in a participatory-budgeting round
    if_funded: IfFunded | None = None  # an application that lost: the solved allocation had it been included

    @property
    def value(self) -> int:
        """What funding it was worth to the solver: the voters' support, or the score in centipoints."""
        return self.score_centipoints if self.support is None else self.support

    def deciding_reason(self) -> Reason:
        """The reason that decided the outcome: for an application screened out, the first rule it
        failed; for an eligible one (or one an override let through), the outcome of the competition
        for the budget."""
        if self.status.granted or self.status is Status.NOT_FUNDED:
            return self.reasons[-1]
        return self.reasons[0]


@dataclass(frozen=True)
class Details:
    """What explains one application's decision, as the allocation computed it."""

    score: Score  # per principle: rating, weight, points
    panel: Panel | None  # the council members' ratings with their recusals; None: the sheet's ratings
    screening: Screening  # its gates and every rule of the pool, passed or failed


class SolverRun(_Frozen):
    name: str
    version: str
    status: str
    seconds: float
    stages: tuple[tuple[str, int], ...] = ()


class FrozenRoundNote(_Frozen):
    """How the pool's terms compare with its frozen round (see `pool.freeze`): the same, or
    changed — then the allocation is a scenario, not the round's — with each difference."""

    round: str
    frozen_on: str
    fingerprint: str  # the frozen terms' fingerprint
    scenario: bool
    differences: tuple[str, ...] = ()


class Allocation(_Frozen):
    pool: Pool
    budget_dkk: int
    decisions: tuple[Decision, ...]
    overrides: tuple[Override, ...] = ()
    solver: SolverRun
    fingerprint: str
    frozen_round: FrozenRoundNote | None = None  # set where the pool file's frozen rounds are read
    # Per application id; empty for an allocation read back from JSON (see the module).
    details: SkipValidation[Mapping[str, Details]] = Field(default_factory=dict, exclude=True, repr=False)

    @property
    def granted_dkk(self) -> int:
        return sum(d.granted_dkk for d in self.decisions)

    @property
    def remainder_dkk(self) -> int:
        return self.budget_dkk - self.granted_dkk

    @property
    def value_kind(self) -> str:
        """"support" when the voters' support is the value (a `.pb` round), else "score"."""
        return "support" if any(d.support is not None for d in self.decisions) else "score"

    @property
    def total_value(self) -> int:
        """The solver's objective: total support, or total score in centipoints, of the grants."""
        return sum(d.value for d in self.decisions if d.status.granted)

    @property
    def stays_close_to_baseline(self) -> bool:
        """Whether a baseline was given: the solver then moved as few kroner from it as it could."""
        return any(name == MOVED for name, _ in self.solver.stages)

    @property
    def total_score(self) -> float:
        return sum(d.score_centipoints for d in self.decisions if d.status.granted) / 100

    def decision(self, application_id: str) -> Decision:
        for d in self.decisions:
            if d.id == application_id:
                return d
        raise KeyError(application_id)

    def details_of(self, application_id: str) -> Details:
        """What explains the application's decision; KeyError when the allocation has no details."""
        return self.details[application_id]

    def granted_by_id(self) -> dict[str, int]:
        return {d.id: d.granted_dkk for d in self.decisions}

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per application (see `pool.frames.allocation_frame`)."""
        from digipulje.pool.frames import allocation_frame

        return allocation_frame(self)

    def to_json(self, lang: str = "da") -> dict[str, Any]:
        out = self._json(lang)
        if self.frozen_round is not None:  # only then, so the format stays as it was without one
            out["frozen_round"] = self.frozen_round.model_dump(mode="json")
        return out

    def _json(self, lang: str) -> dict[str, Any]:
        out = self._score_json(lang)
        if self.value_kind == "support":  # a participatory-budgeting round: the value is the support
            # (no score: nothing is rated, and a total score of 0,0 beside the support misled a reader)
            del out["total_score"]
            out["value_kind"] = "support"
            out["total_support"] = self.total_value
            for row, d in zip(out["applications"], self.decisions):
                del row["score"]
                row["support"] = d.support
            out["currency"] = current_currency()  # the instance's: its amounts are not kroner unless DKK
        return out

    def _score_json(self, lang: str) -> dict[str, Any]:
        return {
            "pool": {"name": self.pool.name, "year": self.pool.year, "round": self.pool.round},
            "budget_dkk": self.budget_dkk,
            "granted_dkk": self.granted_dkk,
            "remainder_dkk": self.remainder_dkk,
            "total_score": self.total_score,
            "applications": [
                {
                    "id": d.id,
                    "title": d.title,
                    "department": d.department,
                    "requested_dkk": d.requested_dkk,
                    "min_dkk": d.min_dkk,
                    "granted_dkk": d.granted_dkk,
                    "status": d.status.value,
                    "score": d.score,
                    "reasons": [r.text(lang) for r in d.reasons],
                    "reason_codes": [r.code for r in d.reasons],
                    **({} if d.if_funded is None else {"if_funded": {
                        **({"total_score": d.if_funded.total_value / 100} if d.support is None
                           else {"total_support": d.if_funded.total_value}),
                        "funded": dict(sorted(d.if_funded.funded.items()))}}),
                }
                for d in self.decisions
            ],
            "overrides": [o.model_dump(mode="json") for o in self.overrides],
            "solver": {
                "name": self.solver.name,
                "version": self.solver.version,
                "status": self.solver.status,
                "seconds": round(self.solver.seconds, 3),
            },
            "fingerprint": self.fingerprint,
        }
