"""The figures of `bench.rounds` over the JSON lines of one or more of its processes.

    python -m bench.rounds_summary rounds_p1.jsonl rounds_p2.jsonl

Prints per command and solver the number of solves, the median, the 95th percentile, the
slowest and how many took over 2 s; then the medians and the slowest by round size; then the
rounds where CBC and HiGHS did not give the same answer.
"""

from __future__ import annotations

import json
import statistics
import sys

COMMANDS = ("allocate cbc", "allocate highs", "decide cbc", "decide highs")
SIZES = ((2, 10), (11, 25), (26, 40), (41, 50))


def main(paths: list[str]) -> None:
    rounds = [row for path in paths for row in map(json.loads, open(path, encoding="utf-8")) if "round" in row]
    print(f"{len(rounds)} rounds, median {statistics.median(r['applications'] for r in rounds)} applications")
    for command in COMMANDS:
        t = sorted(r["seconds"][command] for r in rounds if command in r["seconds"])
        print(f"{command}: {len(t)} solves, median {1000 * statistics.median(t):.0f} ms, "
              f"p95 {t[int(0.95 * len(t))]:.2f} s, slowest {t[-1]:.2f} s, over 2 s: {sum(x > 2 for x in t)}")
    for low, high in SIZES:
        chosen = [r for r in rounds if low <= r["applications"] <= high]
        cells = []
        for command in COMMANDS:
            t = [r["seconds"][command] for r in chosen if command in r["seconds"]]
            cells.append(f"{command} {1000 * statistics.median(t):.0f} ms / {max(t):.2f} s" if t else f"{command} -")
        print(f"{low}–{high} applications ({len(chosen)} rounds): " + "; ".join(cells))
    for r in rounds:
        if not r["agree"]:
            print("solvers differ:", json.dumps(r))


if __name__ == "__main__":
    main(sys.argv[1:])
