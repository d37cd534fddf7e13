"""One scale measurement in a fresh process: allocate n synthetic applications, print JSON.

    python -m bench.scale 10000 --solver cbc [--plain]

Prints JSON lines: one as the solver starts, one per finished stage, then the result. Reports
the whole `allocate` call, and of it the model building and the solving, the stage
optima (so runs can be compared for exactness) and the peak memory of this process and of the
solver process (CBC runs as a child).
"""

from __future__ import annotations

import argparse
import importlib
import json
import resource
import time

from bench.synthetic import synthetic_round
from digipulje.solver.lexicographic import solve

allocating = importlib.import_module("digipulje.pool.allocating")  # the module of allocate and decide


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int)
    parser.add_argument("--solver", default="cbc")
    parser.add_argument("--plain", action="store_true", help="no shortcuts: the plain lexicographic solve")
    parser.add_argument("--max-partial-grants", default=None,
                        help='the pool rule: "any" (as before the rule existed), or a number (default: the pool\'s 1)')
    args = parser.parse_args()
    applications, pool = synthetic_round(args.n)
    if args.max_partial_grants is not None:
        rule = args.max_partial_grants if args.max_partial_grants == "any" else int(args.max_partial_grants)
        pool = pool.model_copy(update={"rules": pool.rules.model_copy(update={"max_partial_grants": rule})})
    solutions = []

    def measured_solve(problem, solver, **options):
        def progress(stage):  # a run stopped for taking too long still says how far it got
            progress_line({"stage": stage.name, "how": stage.how, "seconds": stage.seconds,
                           "at": time.perf_counter() - started})

        progress_line({"built_candidates": len(problem.candidates), "at": time.perf_counter() - started})
        solutions.append((len(problem.candidates), solve(problem, solver, shortcuts=not args.plain, **options,
                                                         on_stage=progress)))
        return solutions[-1][1]

    allocating.solve = measured_solve  # the same call `allocate` makes, keeping the solution's timings
    import pulp  # noqa: F401  imported before the clock starts: a one-off 0.3 s, measured by the demo

    cpu = _cpu_seconds()
    started = time.perf_counter()
    allocation = allocating.allocate(applications, pool, solver=args.solver)
    total = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu
    candidates, solution = solutions[0]
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    progress_line({
        "n": args.n, "candidates": candidates, "solver": args.solver, "plain": args.plain,
        "total": total, "cpu": cpu, "build": solution.build_seconds, "solve": solution.seconds - solution.build_seconds,
        "other": total - solution.seconds, "stages": [list(s) for s in allocation.solver.stages],
        "stage_detail": [[s.name, s.how, s.seconds] for s in solution.stages],
        "granted": allocation.granted_dkk, "peak_mb": own, "solver_peak_mb": child,
    })


def progress_line(payload: dict) -> None:
    print(json.dumps(payload), flush=True)


def _cpu_seconds() -> float:
    """CPU time of this process and of the solver processes it ran."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
