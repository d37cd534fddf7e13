"""The MILP solvers digipulje offers, by name. Never "whatever is installed": a name picks one.

- `cbc` (default): the CBC binary that ships with PuLP; works offline. Measured faster than
  HiGHS-through-PuLP on this model (see BENCHMARKS.md), because PuLP hands CBC a file in one go
  but builds a HiGHS model through many small Python calls.
- `highs`: HiGHS in-process through `highspy`.

PuLP 3.3 deprecates `PULP_CBC_CMD` ahead of 4.0; `COIN_CMD` with an explicit path to the bundled
binary is the forward-compatible spelling.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from typing import Any

from pool.errors import SolverFailure

SOLVERS = ("cbc", "highs")
DEFAULT_SOLVER = "cbc"


def _bundled_cbc() -> str | None:
    from pulp.apis import coin_api

    path = os.path.normpath(coin_api.pulp_cbc_path)
    if os.path.isfile(path):
        if not os.access(path, os.X_OK):
            try:
                os.chmod(path, 0o755)
            except OSError:
                return None
        return path
    return shutil.which("cbc")


def make_solver(name: str, threads: int | None = None, warm_start: bool = False, relaxed: bool = False) -> Any:
    """A configured PuLP solver object for `name`, quiet, with no time limit (exact answers).

    `warm_start`: CBC starts from the variables' current values (HiGHS through PuLP cannot).
    `relaxed`: solve the linear relaxation only (for its bound and reduced costs).
    """
    import pulp

    if name == "cbc":
        path = _bundled_cbc()
        if path is None:
            raise SolverFailure("the CBC solver is not available: reinstall PuLP, or use --solver highs")
        options = [] if threads is None else [f"threads {threads}"]
        return pulp.COIN_CMD(path=path, msg=False, options=options, warmStart=warm_start, mip=not relaxed)
    if name == "highs":
        solver = pulp.HiGHS(msg=False, threads=threads, mip=not relaxed)
        if not solver.available():
            raise SolverFailure("the HiGHS solver is not available: pip install highspy, or use --solver cbc")
        return solver
    raise SolverFailure(f"unknown solver '{name}': choose one of {', '.join(SOLVERS)}")


@functools.cache
def solver_version(name: str) -> str:
    if name == "cbc":
        path = _bundled_cbc()
        try:
            out = subprocess.run([path, "-quit"], capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError, TypeError):
            return "unknown"
        for line in out.splitlines():
            if line.strip().startswith("Version:"):
                return line.split(":", 1)[1].strip()
        return "unknown"
    if name == "highs":
        try:
            from importlib.metadata import version

            return version("highspy")
        except Exception:
            return "unknown"
    return "unknown"
