"""The engine on many small random rounds: allocate and decide, each solver, time per solve.

    python -m bench.rounds --rounds 1000 --max-apps 50 [--seed 2026]

Each round: 2–50 applications (`tests/solver/rounds.py`: 6 departments, 20,000–200,000 kr, one
in five not recommended), a pool of a quarter to three quarters of the total asked with the
default rules (at most one partial grant), the recommendation (`allocate`), then the decision
(`decide`) with two overrides — include a not-recommended application, exclude a funded one —
and the recommendation as its baseline. Every solve runs with both solvers; their answers must
agree. Prints one JSON line per round and a summary line (median and slowest per command and
solver). `import pulp` and the solver's first start are paid before the clock starts.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from digipulje.base.errors import DigipuljeError, SolveTimeLimit  # noqa: E402
from digipulje.pool.allocating import allocate, decide  # noqa: E402
from digipulje.pool.model import Pool  # noqa: E402
from tests.solver.rounds import chiefs_overrides, random_applications  # noqa: E402

SOLVERS = ("cbc", "highs")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=1000)
    parser.add_argument("--max-apps", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--part", default="1/1", help="I/K: measure every K-th round from the I-th (K processes)")
    args = parser.parse_args()
    part, parts = (int(x) for x in args.part.split("/"))
    rng = random.Random(args.seed)
    warm = random_applications(5, 0)
    for solver in SOLVERS:
        allocate(warm, Pool(budget_dkk=100_000), solver=solver)
    times: dict[tuple[str, str], list[float]] = {}
    disagreements = conflicts = 0
    for number in range(args.rounds):
        n = rng.randint(2, args.max_apps)
        apps = random_applications(n, rng.randrange(10**9))
        pool = Pool(budget_dkk=sum(a.requested_dkk for a in apps) * rng.randint(25, 75) // 100)
        if number % parts != part - 1:
            continue
        answers, seconds = {}, {}
        for solver in SOLVERS:
            started = time.perf_counter()
            recommendation = allocate(apps, pool, solver=solver)
            times.setdefault(("allocate", solver), []).append(time.perf_counter() - started)
            seconds[f"allocate {solver}"] = times[("allocate", solver)][-1]
            funded = [d.id for d in recommendation.decisions if d.granted_dkk > 0]
            decision = None
            if funded and any(a.assessment.verdict.value == "not_recommended" for a in apps):
                started = time.perf_counter()
                try:
                    decision = decide(apps, pool, chiefs_overrides(apps, funded), solver=solver).granted_by_id()
                except SolveTimeLimit as stopped:  # counted apart: a limit reached is not an answer
                    decision = f"time limit at stage {stopped.stage}"
                except DigipuljeError:  # the included application cannot fit: said, not solved
                    conflicts += 1
                times.setdefault(("decide", solver), []).append(time.perf_counter() - started)
                seconds[f"decide {solver}"] = times[("decide", solver)][-1]
            answers[solver] = (recommendation.granted_by_id(), decision)
        disagreements += answers["cbc"] != answers["highs"]
        print(json.dumps({"round": number, "applications": n, "agree": answers["cbc"] == answers["highs"],
                          "seconds": seconds}), flush=True)
        if (number + 1) % 100 == 0 or number + 1 == args.rounds:  # a summary so far, then the last one
            _summarise(times, number + 1, disagreements, conflicts)


def _summarise(times: dict[tuple[str, str], list[float]], rounds: int, disagreements: int, conflicts: int) -> None:
    summary = {f"{command} {solver}": {"solves": len(t), "median_ms": round(1000 * statistics.median(t), 1),
                                       "slowest_ms": round(1000 * max(t), 1)}
               for (command, solver), t in sorted(times.items())}
    print(json.dumps({"summary": summary, "rounds": rounds, "disagreements": disagreements,
                      "override_conflicts": conflicts // len(SOLVERS)}), flush=True)


if __name__ == "__main__":
    main()
