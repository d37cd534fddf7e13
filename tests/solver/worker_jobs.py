"""A job for worker processes (module level, so workers can find it by name)."""

from __future__ import annotations


def allocate_round(job: tuple[int, str]) -> dict[str, int]:
    from digipulje.pool.allocating import allocate
    from digipulje.pool.model import Pool
    from tests.solver.rounds import random_applications

    seed, solver = job
    apps = random_applications(12, seed)
    return allocate(apps, Pool(budget_dkk=400_000), solver=solver).granted_by_id()
