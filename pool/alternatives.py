"""Near-best alternatives: the options almost as good as the allocation, for the chiefs.

An option is a distinct funded set. The first is the allocation `allocate` gives; the others
follow in the order of the same lexicographic objective, each with its score gap to the best,
so a chief can see what else was nearly as good before overriding the recommendation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from applications.model import Application
from pool.candidates import allocation_problem
from pool.model import Pool
from pool.overrides import Override
from solver.alternatives import best_funded_sets
from solver.backends import DEFAULT_SOLVER


@dataclass(frozen=True)
class Alternative:
    rank: int  # 1 is the best
    funded: tuple[str, ...]
    granted: dict[str, int]  # id -> kroner, every application present
    total_score: float
    granted_dkk: int
    partials: int
    gap: float  # score points below the best option


def near_best(
    applications: Iterable[Application], pool: Pool, overrides: Iterable[Override] = (), top: int = 5,
    solver: str = DEFAULT_SOLVER,
) -> list[Alternative]:
    """The `top` best distinct funded sets, best first; the first is `allocate`'s answer."""
    allocation, problem = allocation_problem(applications, pool, overrides, solver)
    options = best_funded_sets(problem.candidates, pool.budget_dkk, pool.rules.max_grants, top)
    # Where several sets tie on every objective, the solver's pick comes first.
    chosen = tuple(sorted(d.id for d in allocation.decisions if d.granted_dkk > 0))
    if options:
        ties = [o for o in options if o.key == options[0].key]  # a prefix: options are sorted
        ties.sort(key=lambda o: o.funded != chosen)  # stable
        options = ties + options[len(ties):]
    everyone = {d.id: 0 for d in allocation.decisions}
    best = options[0].value if options else 0
    return [
        Alternative(rank=k, funded=o.funded, granted={**everyone, **o.granted}, total_score=o.value / 100,
                    granted_dkk=o.kroner, partials=o.partials, gap=(best - o.value) / 100)
        for k, o in enumerate(options, start=1)
    ]


