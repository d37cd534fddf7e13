"""The weights of the rated principles in the 0–100 score (`scoring.score`)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from messages import _


class Weights(BaseModel):
    """Weights of the rated principles in the 0–100 score. Only their ratios matter."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    citizen: Annotated[float, Field(ge=0)] = 1.0
    employee: Annotated[float, Field(ge=0)] = 1.0
    municipality: Annotated[float, Field(ge=0)] = 1.0
    evidence: Annotated[float, Field(ge=0)] = 1.0
    cross_cutting: Annotated[float, Field(ge=0)] = 1.0

    @model_validator(mode="after")
    def _not_all_zero(self) -> Weights:
        if sum(self.model_dump().values()) <= 0:
            raise ValueError(_("at least one principle weight must be above 0"))
        return self
