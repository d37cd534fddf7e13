"""The engine's speed, side by side in one run: the exact search against the integer program (CBC).

    python -m bench.engine [--rounds 200] [--large] [--exact-only]

Per random round (2–200 applications, requests 10,000–300,000 kr, smallest grant half the request,
scores from random ratings, pool 40 % of the asked): the recommendation and the decision with two
overrides (the best unfunded application included, the best funded one excluded), in-process, the
files already read; with both solvers, and with the exact search once more with the solved
explanation of every application that lost (`explained`); and the reference (`bench.reference`),
the first stage alone by dynamic programming, on the same two problems, its total value checked
against the exact search's. Each timing starts with nothing remembered (`forget_solved`,
`forget_prepared`): the round is scored and screened once and the recommendation solved once, and
it is the decision's baseline, as in a command; a page asking again is quicker. Prints
medians and the slowest per size band and solver, and their ratio. With `--large`: 1,000 and
10,000 applications (exact search only), a budget curve of 1,000 budgets and 1,000 weight draws
on 50 applications. `--exact-only` times the exact search alone, nothing run between its
timings. The process first settles its imports as `digipulje serve` does
(`base.process.settle_imports`): a full garbage collection over them takes some 40 ms and would
otherwise land in a timing at random.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from bench.reference import most_value
from digipulje.analyses.curve import budget_curve
from digipulje.analyses.robustness import weight_robustness
from digipulje.base.errors import OverrideConflict
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
    return apps, Pool(budget_dkk=sum(a.requested_dkk for a in apps) * 2 // 5)


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
    args = parser.parse_args()
    settle_imports("numpy", "pulp")  # as `digipulje serve` does once started: no full collection of them in a timing
    bands = {(2, 20): [], (21, 50): [], (51, 200): []}
    times: dict[tuple[tuple[int, int], str], list[float]] = {}
    differ = disagree = skipped = 0
    for seed in range(args.rounds):
        n = random.Random(seed).randint(2, 200)
        band = next(b for b in bands if b[0] <= n <= b[1])
        apps, pool = random_round(seed, n)
        overrides = chiefs(apps, pool, "exact")
        try:
            decide(apps, pool, overrides, explain_losses=False)
        except OverrideConflict:  # a round too small for the included application: not a meeting
            skipped += 1
            continue
        answers = []
        for solver in ("exact",) if args.exact_only else ("exact", "cbc"):
            seconds, granted = timed(apps, pool, overrides, solver)
            times.setdefault((band, solver), []).append(seconds)
            answers.append(granted)
        if args.exact_only:
            continue
        differ += answers[0] != answers[1]
        times.setdefault((band, "explained"), []).append(timed(apps, pool, overrides, "exact", explain=True)[0])
        seconds, agree = reference(apps, pool, overrides)
        times.setdefault((band, "reference"), []).append(seconds)
        disagree += not agree
    if args.exact_only:
        print(f"{args.rounds} random rounds, recommendation + decision with two overrides, in-process, the exact "
              f"search alone")
        for band in bands:
            exact = times.get((band, "exact"), [])
            if exact:
                print(f"{band[0]:>5}–{band[1]:<6}  {len(exact):>6} rounds  median {statistics.median(exact) * 1000:.1f} ms"
                      f"  slowest {max(exact) * 1000:.1f} ms")
        return
    _print_table(args.rounds, bands, times, skipped, differ, disagree)
    if args.large:
        _large()


def _print_table(rounds: int, bands: dict, times: dict, skipped: int, differ: int, disagree: int) -> None:
    print(f"{rounds} random rounds, recommendation + decision with two overrides, in-process")
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
    print(f"grants differ between the two: {differ} of {rounds - skipped}")
    print(f"the reference's total value differs from the exact search's: {disagree} of {rounds - skipped}")


def _large() -> None:
    """1.000 and 10.000 applications, and a curve of 1.000 budgets and 1.000 weight draws on 50."""
    for n in (1_000, 10_000):
        apps, pool = random_round(n, n)
        began = time.perf_counter()
        decide(apps, pool, explain_losses=False)
        print(f"{n} applications, recommendation: {time.perf_counter() - began:.2f} s")
    apps, pool = random_round(50, 50)
    overrides = chiefs(apps, pool, "exact")
    step = max(1, pool.budget_dkk // 500)
    budgets = [pool.budget_dkk // 2 + k * step for k in range(1000)]
    began = time.perf_counter()
    budget_curve(apps, pool, budgets, overrides)
    print(f"budget curve, 1,000 budgets, 50 applications, with the chiefs' overrides: "
          f"{time.perf_counter() - began:.2f} s")
    began = time.perf_counter()
    weight_robustness(apps, pool, overrides, draws=1000)
    print(f"robustness, 1,000 draws, 50 applications, with the chiefs' overrides: {time.perf_counter() - began:.2f} s")


if __name__ == "__main__":
    main()
