"""Every shared Pabulib instance: our optimum against pabutools' rules and a dynamic programme.

    python -m bench.peers [FOLDER]     (prints one JSON object per instance)

For each instance: our allocation (`allocate`, the pool of `pool.pabulib`), the exact optimum
by `bench.exact` (no solver), and pabutools' greedy utilitarian rule and Method of Equal Shares
on pabutools' own reading of the file. Satisfaction is the support: a voter counts each funded
project they approved or ranked (`Cardinality_Sat`), or its points (cumulative,
`Additive_Cardinal_Sat`). Both rules get the same budget and costs as we do (rounded to whole
units), and every outcome is scored by our support count so the totals compare.
"""

from __future__ import annotations

import json
import math
import statistics
import sys
import time
from pathlib import Path

from digipulje.applications.pabulib import read_pabulib
from bench.exact import best_support
from digipulje.pool.allocating import allocate
from digipulje.pool.pabulib import pabulib_pool

REPEATS = 3


def _timed(function, repeats=REPEATS):
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return result, statistics.median(times)


def _pabutools_rules(path: Path, budget: int):
    from pabutools.election import (
        Additive_Cardinal_Sat, ApprovalBallot, ApprovalProfile, Cardinality_Sat, CumulativeProfile,
        OrdinalProfile, parse_pabulib,
    )
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares

    instance, profile = parse_pabulib(str(path))
    for project in instance:
        project.cost = math.ceil(project.cost)
    instance.budget_limit = budget
    if isinstance(profile, OrdinalProfile):  # a ranked project counts as supported
        profile = ApprovalProfile([ApprovalBallot(set(ballot)) for ballot in profile], instance=instance)
    sat = Additive_Cardinal_Sat if isinstance(profile, CumulativeProfile) else Cardinality_Sat
    greedy, greedy_time = _timed(lambda: greedy_utilitarian_welfare(instance, profile, sat_class=sat), 1)
    mes, mes_time = _timed(lambda: method_of_equal_shares(instance, profile, sat_class=sat), 1)
    return ([p.name for p in greedy], greedy_time), ([p.name for p in mes], mes_time)


def compare(path: Path) -> dict[str, object]:
    instance = read_pabulib(path)
    pool = pabulib_pool([path])
    support = {a.id: a.support for a in instance.applications}
    cost = {a.id: a.requested_dkk for a in instance.applications}
    ours, ours_time = _timed(lambda: allocate(instance.applications, pool))
    funded = [d.id for d in ours.decisions if d.granted_dkk > 0]
    exact, exact_time = _timed(lambda: best_support(list(cost.values()), list(support.values()), pool.budget_dkk), 1)
    (greedy, greedy_time), (mes, mes_time) = _pabutools_rules(path, pool.budget_dkk)
    row: dict[str, object] = {
        "file": path.name, "projects": len(instance.applications), "vote_type": instance.vote_type,
        "voters": int(instance.meta.get("num_votes", 0)), "budget": pool.budget_dkk,
        "currency": instance.currency,
        "ours": sum(support[p] for p in funded), "ours_used": sum(cost[p] for p in funded), "ours_s": ours_time,
        "exact": exact, "exact_s": exact_time,
    }
    for name, chosen, seconds in (("greedy", greedy, greedy_time), ("mes", mes, mes_time)):
        row[name] = sum(support[p] for p in chosen)
        row[f"{name}_used"] = sum(cost[p] for p in chosen)
        row[f"{name}_s"] = seconds
    return row


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else root.parent / "shared" / "data" / "pabulib"
    for path in sorted(folder.glob("*.pb")):
        print(json.dumps(compare(path)), flush=True)


if __name__ == "__main__":
    main()
