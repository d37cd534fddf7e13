"""Near-best alternatives: the options almost as good as the allocation, for the chiefs.

An option is a distinct funded set. The first is the allocation `allocate` gives; the others
follow in the order of the same lexicographic objective, each with its score gap to the best,
so a chief can see what else was nearly as good before overriding the recommendation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from digipulje.applications.model import Application
from digipulje.pool.candidates import allocation_problem
from digipulje.pool.model import Pool
from digipulje.pool.overrides import Override
from digipulje.pool.allocation import Status
from digipulje.solver.alternatives import best_funded_sets
from digipulje.solver.backends import DEFAULT_SOLVER


@dataclass(frozen=True)
class Alternative:
    rank: int  # 1 is the best
    funded: tuple[str, ...]
    granted: dict[str, int]  # id -> kroner, every application present
    total_score: float  # score points (0–100 scale, summed); for a `.pb` round the total support
    granted_dkk: int
    partials: int
    gap: float  # below the best option, in the same unit as `total_score`
    value_kind: str = "score"  # "support": a participatory-budgeting round, valued by the voters' support


def near_best(
    applications: Iterable[Application], pool: Pool, overrides: Iterable[Override] = (), top: int = 5,
    solver: str = DEFAULT_SOLVER,
) -> list[Alternative]:
    """The `top` best distinct funded sets, best first; the first is `decide`'s answer (with the
    chiefs' overrides their decision, close to the recommendation; without, the recommendation)."""
    from digipulje.pool.allocating import decide

    applications, overrides = tuple(applications), tuple(overrides)
    prepared, problem = allocation_problem(applications, pool, overrides)
    # The first is `decide`'s answer, whatever ties the enumeration holds; then the next best sets.
    allocation = decide(applications, pool, overrides, solver=solver, explain_losses=False)
    chosen = tuple(sorted(d.id for d in allocation.decisions if d.granted_dkk > 0))
    options = best_funded_sets(problem.candidates, pool.budget_dkk, pool.rules.max_grants, top + 1,
                               max_partial_grants=problem.max_partial_grants)
    others = [o for o in options if tuple(sorted(i for i in o.funded if o.granted[i] > 0)) != chosen][:top - 1]
    everyone = {a.id: 0 for a in prepared.applications}
    unit = 100 if prepared.value_kind == "score" else 1
    best = allocation.total_value
    first = Alternative(rank=1, funded=tuple(d.id for d in allocation.decisions if d.granted_dkk > 0),
                        granted={**everyone, **allocation.granted_by_id()}, total_score=best / unit,
                        granted_dkk=allocation.granted_dkk,
                        partials=sum(d.status is Status.PARTIAL for d in allocation.decisions), gap=0.0,
                        value_kind=prepared.value_kind)
    return [first] + [
        Alternative(rank=k, funded=tuple(i for i in o.funded if o.granted[i] > 0), granted={**everyone, **o.granted},
                    total_score=o.value / unit, granted_dkk=o.kroner, partials=o.partials,
                    gap=(best - o.value) / unit, value_kind=prepared.value_kind)
        for k, o in enumerate(others, start=2)
    ]
