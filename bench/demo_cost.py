"""`digipulje demo`'s whole process against the bare imports of digipulje's dependencies, in CPU
seconds (user + system, the child processes' own), alternating, in one run:

    python -m bench.demo_cost [--runs 7]

The dependencies are the ones pyproject.toml names for the command line (pandas, pydantic, typer,
openpyxl, PuLP, numpy); the demo reads the 2025 round, allocates, decides and prints both. Prints
the medians and their ratio (the goal: at most 1.2×); and beside them the imports of only those
dependencies the demo itself loads (it reads no pandas and solves without PuLP), the stricter
comparison.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

IMPORTS = "import pandas, pydantic, typer, openpyxl, pulp, numpy"
OWN = "import pydantic, typer, openpyxl, numpy"  # those of them the demo itself loads


def cpu_seconds(command: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "PYTHONDONTWRITEBYTECODE": "0"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    demo = [str(Path(sys.executable).with_name("digipulje")), "demo"]
    commands = {"demo": demo, "imports": [sys.executable, "-c", IMPORTS], "own": [sys.executable, "-c", OWN]}
    for command in commands.values():
        cpu_seconds(command)  # warm the file cache and the byte code
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(cpu_seconds(command))
    median = {name: statistics.median(t) for name, t in times.items()}
    print(f"{args.runs} runs each, alternating; CPU seconds, median (fastest–slowest)")
    for name, label in [("demo", "digipulje demo"), ("imports", IMPORTS), ("own", OWN)]:
        print(f"  {label}: {median[name]:.3f} s ({min(times[name]):.3f}–{max(times[name]):.3f})")
    print(f"demo / all the dependencies' imports: {median['demo'] / median['imports']:.2f}×; "
          f"demo / the imports it loads itself: {median['demo'] / median['own']:.2f}×")


if __name__ == "__main__":
    main()
