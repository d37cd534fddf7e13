"""HiGHS in worker processes: after HiGHS has run in the parent (its thread scheduler made),
workers must still solve, and give what a serial run gives. Run in a child process with a
timeout, so a hang fails the test instead of stalling the suite."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import json
from digipulje.analyses.parallel import run_all
from digipulje.solver.lexicographic import solve_settings
from tests.solver.worker_jobs import allocate_round
serial = [allocate_round((seed, "highs")) for seed in range(4)]   # HiGHS runs here first
with solve_settings(time_limit=30):
    parallel = run_all(allocate_round, [(seed, "highs") for seed in range(4)], workers=2)
cbc = run_all(allocate_round, [(seed, "cbc") for seed in range(4)], workers=2)
print(json.dumps({"same": parallel == serial, "cbc_same": cbc == serial}))
"""


def test_highs_in_worker_processes_after_highs_ran_in_the_parent():
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"same": True, "cbc_same": True}
