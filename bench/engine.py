"""The engine's speed, side by side in one run: the exact search against the integer program (CBC).

    python -m bench.engine [--rounds 200] [--large] [--exact-only] [--alike]

Per random round (2–200 applications, requests 10,000–300,000 kr, smallest grant half the request,
scores from random ratings, pool 40 % of the asked): the recommendation and the decision with two
overrides (the best unfunded application included, the best funded one excluded), in-process, the
files already read; with both solvers, and with the exact search once more with the solved
explanation of every application that lost (`explained`); and the reference (`bench.reference`),
the first stage alone by dynamic programming, on the same two problems, its total value checked
against the exact search's. Each timing starts with nothing remembered (`forget_solved`,
`forget_prepared`): the round is scored and screened once and the recommendation solved once, and
it is the decision's baseline, as in a command; a page asking again is quicker. Prints
medians and the slowest per size band and solver, and their ratio. With `--large`: 1,000,
10,000 and 100,000 applications (exact search only; the pool at most the largest amount
digipulje reads, 1,000 million kroner), a budget curve of 1,000 budgets and 1,000 weight draws
on 50 applications. `--exact-only` times the exact search alone, nothing run between its
timings. `--alike`: rounds of one to three kinds of application, alike within a kind (the same
ratings and request), the ties of equal scores and equal requests. The process first settles its
imports as `digipulje serve` does (`base.process.settle_imports`): a full garbage collection over
them takes some 40 ms and would otherwise land in a timing at random.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from bench.reference import most_value
from digipulje.analyses.curve import budget_curve
from digipulje.analyses.robustness import weight_robustness
from digipulje.base.errors import OverrideConflict, SolveTimeLimit
from digipulje.base.money import MAX_KRONER
from digipulje.base.process import settle_imports
from digipulje.pool.allocating import decide, decided_grants, forget_prepared
from digipulje.pool.engine import prepare_round
from digipulje.pool.model import Pool
from digipulje.pool.overrides import Action, Override
from digipulje.solver.lexicographic import forget_solved
from tests.factories import application


def random_round(seed: int, n: int) -> tuple[list, Pool]:
    rnd = random.Random(seed)
    apps = [application(f"S{i:05d}", rnd.randint(20, 600) * 500, ratings=tuple(rnd.randint(0, 4) for _ in range(5)))
            for i in range(n)]
    # (capped at the largest amount digipulje reads: 100.000 applications ask for some 15.000 million)
    return apps, Pool(budget_dkk=min(MAX_KRONER, sum(a.requested_dkk for a in apps) * 2 // 5))


def alike_round(seed: int, n: int) -> tuple[list, Pool]:
    """Applications of one to three kinds, alike within a kind (the same ratings and request): the
    ties of equal scores and equal requests, at their most."""
    rnd = random.Random(seed)
    kinds = [(rnd.randint(20, 600) * 500, tuple(rnd.randint(0, 4) for _ in range(5))) for _ in range(rnd.randint(1, 3))]
    apps = [application(f"S{i:05d}", requested, ratings=ratings)
            for i, (requested, ratings) in enumerate(rnd.choice(kinds) for _ in range(n))]
    return apps, Pool(budget_dkk=sum(a.requested_dkk for a in apps) * 2 // 5 + rnd.randint(0, 9_999))


def chiefs(apps: list, pool: Pool, solver: str) -> list[Override]:
    recommendation = decide(apps, pool, solver=solver, explain_losses=False)
    funded = [d for d in recommendation.decisions if d.granted_dkk > 0]
    unfunded = [d for d in recommendation.decisions if d.granted_dkk == 0 and d.status.value == "not_funded"]
    out = []
    if unfunded:
        out.append(Override(application=max(unfunded, key=lambda d: d.score).id, action=Action.INCLUDE,
                            reason="bench", decided_by="CF"))
    if funded:
        out.append(Override(application=max(funded, key=lambda d: d.score).id, action=Action.EXCLUDE,
                            reason="bench", decided_by="CF"))
    return out


def timed(apps: list, pool: Pool, overrides: list[Override], solver: str, explain: bool = False) -> tuple[float, dict]:
    """Seconds for the recommendation and the decision (without the solved explanations of the
    applications that lost, unless `explain`), and the decision's grants."""
    forget_solved()  # the recommendation is solved here, once, and is the decision's baseline
    forget_prepared()  # and the round scored and screened here, as a command does once
    began = time.perf_counter()
    decide(apps, pool, solver=solver, explain_losses=explain)
    decision = decide(apps, pool, overrides, solver=solver, explain_losses=explain)
    return time.perf_counter() - began, decision.granted_by_id()


def reference(apps: list, pool: Pool, overrides: list[Override]) -> tuple[float, bool]:
    """Seconds for the reference's first stage on the recommendation's and the decision's
    problems, and whether its total values are the exact search's."""
    recommendation = decided_grants(apps, pool, (), solver="exact")
    problems = [prepare_round(apps, pool, (), None, ()).problem(),
                prepare_round(apps, pool, overrides, recommendation, ()).problem()]
    began = time.perf_counter()
    values = [most_value(problem) for problem in problems]
    seconds = time.perf_counter() - began
    exact = [recommendation, decided_grants(apps, pool, overrides, solver="exact")]
    agree = all(v is None or v == sum(c.value for c in problem.candidates if grants.get(c.id, 0) > 0)
                for v, problem, grants in zip(values, problems, exact))
    return seconds, agree


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--large", action="store_true")
    parser.add_argument("--exact-only", action="store_true",
                        help="time the exact search alone (no CBC, explanations or reference between its timings)")
    parser.add_argument("--alike", action="store_true",
                        help="rounds of one to three kinds of application, alike within a kind (`alike_round`)")
    args = parser.parse_args()
    make_round = alike_round if args.alike else random_round
    settle_imports("numpy", "pulp")  # as `digipulje serve` does once started: no full collection of them in a timing
    bands = {(2, 20): [], (21, 50): [], (51, 200): []}
    times: dict[tuple[tuple[int, int], str], list[float]] = {}
    differ = disagree = skipped = 0
    timeouts: dict[str, int] = {}
    for seed in range(args.rounds):
        n = random.Random(seed).randint(2, 200)
        band = next(b for b in bands if b[0] <= n <= b[1])
        apps, pool = make_round(seed, n)
        try:
            overrides = chiefs(apps, pool, "exact")
            decide(apps, pool, overrides, explain_losses=False)
        except OverrideConflict:  # a round too small for the included application: not a meeting
            skipped += 1
            continue
        except SolveTimeLimit:  # the exact search handed the round to CBC, which ran out of time
            timeouts["exact"] = timeouts.get("exact", 0) + 1
            continue
        answers = []
        for solver in ("exact",) if args.exact_only else ("exact", "cbc"):
            try:
                seconds, granted = timed(apps, pool, overrides, solver)
            except SolveTimeLimit:  # the integer program, on rounds of alike applications: counted, not compared
                timeouts[solver] = timeouts.get(solver, 0) + 1
                break
            times.setdefault((band, solver), []).append(seconds)
            answers.append(granted)
        if args.exact_only or len(answers) < 2:
            continue
        differ += answers[0] != answers[1]
        times.setdefault((band, "explained"), []).append(timed(apps, pool, overrides, "exact", explain=True)[0])
        seconds, agree = reference(apps, pool, overrides)
        times.setdefault((band, "reference"), []).append(seconds)
        disagree += not agree
    kind = "alike" if args.alike else "random"
    if args.exact_only:
        print(f"{args.rounds} {kind} rounds, recommendation + decision with two overrides, in-process, the exact "
              f"search alone")
        for band in bands:
            exact = times.get((band, "exact"), [])
            if exact:
                print(f"{band[0]:>5}–{band[1]:<6}  {len(exact):>6} rounds  median {statistics.median(exact) * 1000:.1f} ms"
                      f"  slowest {max(exact) * 1000:.1f} ms")
    else:
        _print_table(args.rounds, kind, bands, times, skipped, differ, disagree)
    for solver, count in timeouts.items():  # the exact search's: a round it handed to CBC
        print(f"rounds that reached the time limit of 60 s with {solver} (not in the table): {count}")
    if args.large and not args.exact_only:
        _large()


def _print_table(rounds: int, kind: str, bands: dict, times: dict, skipped: int, differ: int, disagree: int) -> None:
    print(f"{rounds} {kind} rounds, recommendation + decision with two overrides, in-process")
    print(f"{'applications':>12}  {'rounds':>6}  {'exact median':>12}  {'exact slowest':>13}  "
          f"{'CBC median':>10}  {'CBC slowest':>11}  {'CBC/exact':>9}  {'explained median':>16}  "
          f"{'reference median':>16}  {'reference slowest':>17}")
    for band in bands:
        exact, cbc = times.get((band, "exact"), []), times.get((band, "cbc"), [])
        explained = times.get((band, "explained"), [])
        ref = times.get((band, "reference"), [])
        if not exact:
            continue
        print(f"{band[0]:>5}–{band[1]:<6}  {len(exact):>6}  {statistics.median(exact) * 1000:>10.1f}ms  "
              f"{max(exact) * 1000:>11.1f}ms  {statistics.median(cbc) * 1000:>8.1f}ms  {max(cbc) * 1000:>9.1f}ms  "
              f"{statistics.median(cbc) / statistics.median(exact):>8.1f}×  {statistics.median(explained) * 1000:>14.1f}ms  "
              f"{statistics.median(ref) * 1000:>14.2f}ms  {max(ref) * 1000:>15.2f}ms")
    print(f"rounds whose two overrides cannot both hold (left out): {skipped}")
    compared = len([t for (b, solver), ts in times.items() if solver == "cbc" for t in ts])
    print(f"grants differ between the two: {differ} of {compared}")
    print(f"the reference's total value differs from the exact search's: {disagree} of {compared}")


def _large() -> None:
    """1.000, 10.000 and 100.000 applications, and a curve of 1.000 budgets and 1.000 weight draws on 50,
    in this process and in one process per core."""
    # the curve and the draws first: worker processes are forked from this one, as from a command's,
    # before the large rounds make it large
    apps, pool = random_round(50, 50)
    overrides = chiefs(apps, pool, "exact")
    step = max(1, pool.budget_dkk // 500)
    budgets = [pool.budget_dkk // 2 + k * step for k in range(1000)]
    for workers, where in (1, "in this process"), (None, "one process per core, as `sweep` and `robustness` do"):
        forget_solved()
        began = time.perf_counter()
        budget_curve(apps, pool, budgets, overrides, workers=workers)
        print(f"budget curve, 1,000 budgets, 50 applications, with the chiefs' overrides, {where}: "
              f"{time.perf_counter() - began:.2f} s")
        forget_solved()
        began = time.perf_counter()
        weight_robustness(apps, pool, overrides, draws=1000, workers=workers)
        print(f"robustness, 1,000 draws, 50 applications, with the chiefs' overrides, {where}: "
              f"{time.perf_counter() - began:.2f} s")
    for n in (1_000, 10_000, 100_000):
        apps, pool = random_round(n, n)
        began = time.perf_counter()
        decide(apps, pool, explain_losses=False)
        print(f"{n} applications, recommendation: {time.perf_counter() - began:.2f} s")


if __name__ == "__main__":
    main()
