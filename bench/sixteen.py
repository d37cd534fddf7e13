"""The 16-application round with two overrides (`tests/solver/rounds.py`), seeds 1–12: the
recommendation and the decision, each in a fresh process with a time limit of its own.

    python -m bench.sixteen [--solver cbc] [--limit 15] [--code DIR]

`--code DIR` runs another checkout's engine on the same rounds (e.g. the code before this
change), for a side-by-side run. Prints one JSON line per seed: seconds, or "stopped" when the
process had to be stopped at the limit.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ONE = """
import sys, time, json
sys.path.insert(0, {code!r}); sys.path.insert(1, {root!r})
from digipulje.pool.allocating import allocate, decide
sys.path.insert(0, {root!r})
from tests.solver.rounds import sixteen_round, chiefs_overrides
apps, pool = sixteen_round({seed})
started = time.perf_counter()
recommendation = allocate(apps, pool, solver={solver!r})
middle = time.perf_counter()
overrides = chiefs_overrides(apps, [d.id for d in recommendation.decisions if d.granted_dkk > 0])
decision = decide(apps, pool, overrides, solver={solver!r})
print(json.dumps({{"recommendation": middle - started, "decision": time.perf_counter() - middle,
                  "partial_grants": sum(d.status.value == "partial" for d in recommendation.decisions)}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--solver", default="cbc")
    parser.add_argument("--limit", type=float, default=15.0)
    parser.add_argument("--code", default=str(ROOT))
    args = parser.parse_args()
    for seed in range(1, 13):
        script = ONE.format(code=str(Path(args.code).resolve()), root=str(ROOT), seed=seed, solver=args.solver)
        child = subprocess.Popen([sys.executable, "-c", script], cwd=args.code, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True, start_new_session=True)
        try:
            out, _ = child.communicate(timeout=args.limit)
            result = json.loads(out.strip().splitlines()[-1]) if out.strip() else {"failed": child.returncode}
        except subprocess.TimeoutExpired:
            import os
            import signal

            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            result = "stopped"
        print(json.dumps({"seed": seed, "solver": args.solver, "result": result}), flush=True)


if __name__ == "__main__":
    main()
