"""The weights of the rated principles in the 0–100 score (`scoring.score`): one field per
criterion of `applications.principles`, with the criterion's default weight."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, create_model, model_validator

from digipulje.applications.principles import CRITERIA

from digipulje.messages import _


class _Weighting(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    @model_validator(mode="after")
    def _not_all_zero(self) -> _Weighting:
        if sum(self.model_dump().values()) <= 0:
            raise ValueError(_("at least one principle weight must be above 0"))
        return self


Weights = create_model(
    "Weights", __base__=_Weighting, __module__=__name__,
    __doc__="Weights of the rated principles in the 0–100 score. Only their ratios matter.",
    **{c.key: (Annotated[float, Field(ge=0)], c.weight) for c in CRITERIA},
)
