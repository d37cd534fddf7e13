"""Per-command figures on random rounds: compare, sweep, alternatives and robustness.

    python -m bench.bench_commands                 # 50 rounds, writes "## Commands" in BENCHMARKS.md
    python -m bench.bench_commands --rounds 10 --no-write

Each round has 6–16 applications with random amounts, ratings and verdicts, a pool of half to all
of what is asked, one include and one exclude override and a scenario with a pool twice the size
(`compare`), as a chiefs' forum would have it. Every command goes through the library call the CLI
makes, in this process, one round after another (`workers=1`); the figures are the median and the
slowest wall-clock time per command over all rounds. The rounds come from a fixed seed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from digipulje.applications.model import Application, Assessment, Ratings, Verdict  # noqa: E402
from digipulje.applications.principles import CRITERION_KEYS  # noqa: E402
from digipulje.pool.model import Pool  # noqa: E402
from digipulje.pool.overrides import Action, Override  # noqa: E402

SECTION = "## Commands"


def random_round(rng: random.Random) -> tuple[list[Application], Pool, list[Override]]:
    n = rng.randint(6, 16)
    apps = []
    for i in range(n):
        verdict = rng.choice([Verdict.ELIGIBLE] * 5 + [Verdict.NOT_RECOMMENDED])
        apps.append(Application(
            id=f"R{i:02d}", title=f"Projekt {i}", department=f"Afdeling {i % 6}",
            requested_dkk=rng.randint(10, 200) * 1000,
            ratings=Ratings(**{k: rng.randint(0, 4) for k in CRITERION_KEYS}),
            assessment=Assessment(verdict=verdict, reason=None if verdict is Verdict.ELIGIBLE else "afklares"),
        ))
    asked = sum(a.requested_dkk for a in apps)
    pool = Pool(budget_dkk=rng.randint(asked // 2000, asked // 1000) * 1000)
    include, exclude = rng.sample(apps, 2)
    overrides = [Override(application=include.id, action=Action.INCLUDE, reason="r", decided_by="CF"),
                 Override(application=exclude.id, action=Action.EXCLUDE, reason="r", decided_by="CF")]
    return apps, pool, overrides


def measure(rounds: int, solver: str, seed: int = 2026) -> dict[str, list[float]]:
    from digipulje.base.errors import OverrideConflict
    from digipulje.analyses.alternatives import near_best
    from digipulje.analyses.curve import budget_curve
    from digipulje.pool.engine import prepare_round
    from digipulje.analyses.robustness import weight_robustness
    from digipulje.meeting.scenarios import compare_scenarios as compare
    from digipulje.analyses.scenarios import Round, Scenario

    rng = random.Random(seed)
    times: dict[str, list[float]] = {"compare": [], "sweep": [], "alternatives": [], "robustness": []}
    for _ in range(rounds):
        apps, pool, overrides = random_round(rng)
        need = prepare_round(apps, pool, overrides).overrides_need_dkk  # the curve starts where they hold
        budgets = list(range(need, need + 2 * pool.budget_dkk + 1, max(1000, pool.budget_dkk // 50 // 1000 * 1000)))
        calls = {
            "compare": lambda: compare(Round(tuple(apps), pool, tuple(overrides)),
                                       [Scenario(name="Dobbelt pulje", budget_dkk=2 * pool.budget_dkk)],
                                       solver=solver, workers=1),
            "sweep": lambda: budget_curve(apps, pool, budgets, overrides),
            "alternatives": lambda: near_best(apps, pool, overrides, top=5, solver=solver),
            "robustness": lambda: weight_robustness(apps, pool, overrides, draws=200, workers=1),
        }
        for name, call in calls.items():
            began = time.perf_counter()
            try:
                call()
            except OverrideConflict:
                continue
            times[name].append(time.perf_counter() - began)
    return times


def render(results: dict[str, dict[str, list[float]]], rounds: int, command: str) -> str:
    lines = [SECTION, "",
             f"{rounds} random rounds of 6–16 applications, an include and an exclude override, "
             "`compare` with a scenario of twice the pool, `sweep` over about 100 budgets, "
             "`alternatives --top 5`, `robustness --draws 200`; one process, `workers=1`. "
             "Seconds of wall-clock time per call.", "",
             f"Command: `{command}`", "",
             "`sweep`, `alternatives` and `robustness` do not call the solver for their answers (a dynamic",
             "programme, a branch and bound; `alternatives` solves once only when sets tie, `robustness` once for",
             "the pool's own weights), so their figures differ between the solver rows only by that one solve and",
             "by noise; `compare` solves every scenario and every override price. Other people's jobs shared the",
             "2 cores during the run: read the ratios, not the last digit.", "",
             "| Command | Solver | Rounds | Median (s) | Slowest (s) |", "|---|---|---:|---:|---:|"]
    for solver, times in results.items():
        for name, values in times.items():
            if values:
                lines.append(f"| {name} | {solver} | {len(values)} | {statistics.median(values):.3f} | "
                             f"{max(values):.3f} |")
    return "\n".join(lines) + "\n"


def write_section(text: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    current = path.read_text(encoding="utf-8")
    if SECTION in current:
        start = current.index(SECTION)
        end = current.find("\n## ", start + len(SECTION))
        current = current[:start] + text + ("" if end < 0 else current[end:])
    else:
        current = current.rstrip("\n") + "\n\n" + text
    path.write_text(current, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--solver", action="append", help="cbc and/or highs (default: highs)")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    solvers = args.solver or ["highs"]
    results = {s: measure(args.rounds, s) for s in solvers}
    command = "python -m bench.bench_commands " + " ".join(
        [f"--rounds {args.rounds}", *(f"--solver {s}" for s in solvers)])
    text = render(results, args.rounds, command)
    sys.stdout.write(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
