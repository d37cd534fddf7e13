"""The solver's view of a round, read off an allocation rather than rebuilt.

The budget curve, the near-best alternatives and the scenario tools all need the candidates
`allocate` hands the solver: who passed screening, their value, smallest and largest grant, and
which overrides force them in. Screening and scoring live in `allocate`; rather than repeat
them, this module runs `allocate` once and reads the candidates off its decisions, so the two
can never drift apart.
"""

from __future__ import annotations

from collections.abc import Iterable

from applications.model import Application
from pool.allocation import Allocation, Status
from pool.model import Pool
from pool.overrides import Action, Override
from solver.backends import DEFAULT_SOLVER
from solver.problem import AllocationProblem, Candidate

FUNDABLE = (Status.FUNDED, Status.PARTIAL, Status.NOT_FUNDED)


def candidates_of(allocation: Allocation, overrides: Iterable[Override] = ()) -> tuple[Candidate, ...]:
    """The candidates the solver saw in `allocation` (every application it could fund)."""
    by_id = {o.application: o for o in overrides}
    candidates = []
    for d in allocation.decisions:
        if d.status not in FUNDABLE:
            continue
        override = by_id.get(d.id)
        candidates.append(Candidate(
            id=d.id, value=d.score_centipoints, min_dkk=d.min_dkk, max_dkk=d.requested_dkk,
            forced=override is not None and override.action is Action.INCLUDE,
            fixed_dkk=override.amount_dkk if override is not None and override.action is Action.FIX else None,
        ))
    return tuple(candidates)


def allocation_problem(
    applications: Iterable[Application], pool: Pool, overrides: Iterable[Override] = (),
    solver: str = DEFAULT_SOLVER,
) -> tuple[Allocation, AllocationProblem]:
    """The allocation at the pool's budget, and the problem the solver solved to find it."""
    from pool.allocate import allocate

    overrides = tuple(overrides)
    allocation = allocate(applications, pool, overrides, solver=solver)
    problem = AllocationProblem(
        candidates=candidates_of(allocation, overrides), budget_dkk=pool.budget_dkk,
        max_grants=pool.rules.max_grants,
    )
    return allocation, problem
