"""The solver's view of a round for the tools beside `allocate`: the budget curve, the near-best
alternatives, the robustness draws and the scenarios.

The candidates come from `pool.engine.prepare_round`, the same place `allocate` takes them from,
so the tools and the allocation can never drift apart; no solve is needed to build them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from digipulje.applications.model import Application
from digipulje.pool.engine import PreparedRound, prepare_round
from digipulje.pool.model import Pool
from digipulje.pool.overrides import Override
from digipulje.solver.problem import AllocationProblem


def allocation_problem(
    applications: Iterable[Application], pool: Pool, overrides: Iterable[Override] = (),
    baseline: Mapping[str, int] | None = None,
) -> tuple[PreparedRound, AllocationProblem]:
    """The prepared round, and the problem the solver solves for it at the pool's budget."""
    prepared = prepare_round(applications, pool, overrides, baseline)
    return prepared, prepared.problem()
