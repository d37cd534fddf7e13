"""How long the explanations of a round take beside the allocation itself.

Run: python bench/bench_explanations.py [applications] [rounds]
For each of a few random rounds: the time of `allocate` (solver and explanations of the
not-funded), the time of the competition search alone, and of `explain_application` for all.
"""

from __future__ import annotations

import random
import sys
import time

from digipulje.applications.model import Application, Assessment, Ratings, Verdict
from digipulje.applications.principles import CRITERION_KEYS
from digipulje.pool.allocate import allocate
from digipulje.pool.allocation import Status
from digipulje.pool.competition import Grant, explain_not_funded
from digipulje.pool.explain import explain_round
from digipulje.pool.model import Pool


def random_round(n: int, seed: int) -> list[Application]:
    rng = random.Random(seed)
    return [
        Application(
            id=f"A{i:03d}", title=f"Project {i}", department=f"Dept {rng.randint(1, 8)}",
            requested_dkk=rng.randint(10, 200) * 1000,
            ratings=Ratings(**{k: rng.randint(0, 4) for k in CRITERION_KEYS}),
            assessment=Assessment(verdict=Verdict.ELIGIBLE),
        )
        for i in range(n)
    ]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    pool = Pool(budget_dkk=1_000_000)
    for seed in range(rounds):
        apps = random_round(n, seed)
        started = time.perf_counter()
        allocation = allocate(apps, pool)
        allocated = time.perf_counter() - started
        funded = [d for d in allocation.decisions if d.status.granted]
        grants = [Grant(d.id, d.score_centipoints, d.granted_dkk, d.min_dkk, True) for d in funded]
        left_out = [d for d in allocation.decisions if d.status is Status.NOT_FUNDED]
        started = time.perf_counter()
        for d in left_out:
            explain_not_funded(d.score_centipoints, d.min_dkk, grants, pool.budget_dkk, None)
        competition = time.perf_counter() - started
        started = time.perf_counter()
        for explanation in explain_round(allocation, apps):
            explanation.text("da")
        explained = time.perf_counter() - started
        print(f"{n} applications, {len(funded)} funded, {len(left_out)} not funded: allocate {allocated:.2f} s "
              f"(competition search {competition:.3f} s), explain all {explained:.2f} s")


if __name__ == "__main__":
    main()
