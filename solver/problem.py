"""The solver's view of an allocation: candidates with a value and limits, and a budget.

The solver knows nothing of principles, files or statuses: screening and scoring have already
decided who may be funded (`Candidate`) and what each is worth (`value`, an integer so that the
objective is exact).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Candidate:
    id: str
    value: int  # what funding it is worth (score in centipoints, or support)
    min_dkk: int  # smallest grant if funded
    max_dkk: int  # largest grant: the amount requested (principle 7: no other cap)
    forced: bool = False  # an include override: must be funded
    fixed_dkk: int | None = None  # a fix override: granted exactly this
    baseline_dkk: int = 0  # granted in the baseline allocation, when one is given

    @property
    def partial_possible(self) -> bool:
        return self.fixed_dkk is None and self.min_dkk < self.max_dkk

    @property
    def alike(self) -> tuple[int, int, int, int, bool, int | None]:
        """What every stage before the tie-break reads of a candidate. Two candidates alike in it
        ("twins": the equal scores and requests of a round) differ only in their rank, so of any
        allocation that grants them differently the one with their grants swapped into rank order
        (the larger to the higher-ranked) is as good on every stage before the tie-break and at
        least as good on the tie-break."""
        return self.value, self.max_dkk, self.min_dkk, self.baseline_dkk, self.forced, self.fixed_dkk


@dataclass(frozen=True)
class AllocationProblem:
    candidates: tuple[Candidate, ...]
    budget_dkk: int
    max_grants: int | None = None
    has_baseline: bool = False
    max_partial_grants: int | None = None  # grants below their request: at most this many (None: any)

    def __post_init__(self) -> None:
        # The canonical order: the model is built the same way whatever the input row order.
        object.__setattr__(self, "candidates", tuple(sorted(self.candidates, key=lambda c: c.id)))


@dataclass(frozen=True)
class StageResult:
    name: str
    objective: int
    how: str = "solved"  # or how it was settled without a search
    seconds: float = 0.0


@dataclass(frozen=True)
class Solution:
    granted: dict[str, int]  # id -> kroner, every candidate present (0 if not funded)
    solver: str
    solver_version: str
    status: str
    seconds: float
    stages: tuple[StageResult, ...] = field(default=())
    build_seconds: float = 0.0  # of `seconds`, building the model (the rest is solving)
