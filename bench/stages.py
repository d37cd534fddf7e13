"""The slowest solver stages on random rounds of a given size: recommendation and decision.

    python -m bench.stages --applications 200 --rounds 5

Rounds as in `bench.rounds` (a pool of a quarter of the total asked, default rules, two
overrides for the decision). Prints the slowest stages per solver as JSON lines.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from digipulje.pool.model import Pool  # noqa: E402
from digipulje.solver.lexicographic import solve  # noqa: E402
from tests.solver.rounds import chiefs_overrides, random_applications  # noqa: E402

allocating = importlib.import_module("digipulje.pool.allocating")  # the module of allocate and decide


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    stages: list[tuple[str, str, str, float]] = []

    def timed_solve(problem, solver=None, **options):
        solution = solve(problem, solver, **options)
        stages.extend((solution.solver, s.name, s.how, s.seconds) for s in solution.stages)
        return solution

    allocating.solve = timed_solve
    for seed in range(args.rounds):
        apps = random_applications(args.applications, seed)
        pool = Pool(budget_dkk=sum(a.requested_dkk for a in apps) // 4)
        for solver in ("cbc", "highs"):
            recommendation = allocating.allocate(apps, pool, solver=solver)
            funded = [d.id for d in recommendation.decisions if d.granted_dkk > 0]
            allocating.decide(apps, pool, chiefs_overrides(apps, funded), solver=solver)
    for solver in ("cbc", "highs"):
        mine = sorted((s for s in stages if s[0] == solver), key=lambda s: -s[3])
        print(json.dumps({"solver": solver, "stages": len(mine), "over_1s": sum(s[3] > 1 for s in mine),
                          "slowest": [[name, how, round(seconds, 3)] for _, name, how, seconds in mine[:3]]}))


if __name__ == "__main__":
    main()
