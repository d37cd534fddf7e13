"""The MILP solvers digipulje offers, by name. Never "whatever is installed": a name picks one.

- `cbc` (default): the CBC binary that ships with PuLP, run as a child process; works offline.
- `highs`: HiGHS in-process through `highspy`.

Why CBC is the default: measured side by side (BENCHMARKS.md, "The engine"), on random rounds
of up to 50 applications CBC's median `allocate` and `decide` are faster than HiGHS's and its
slowest far faster (HiGHS needs seconds to prove the tie-break stage, an objective of about 10⁹,
to within one unit: with the earlier stages held its heuristics find no allocation, and on one
48-application decision it reached the 60 s limit); on rounds of 200 applications no CBC stage
took over 1 s while HiGHS's tie-break took up to 19 s; and from 1,000 applications up PuLP hands CBC the model as one file
but builds a HiGHS model through many small Python calls. Both give the same answers (tested on
every round of the benchmark and by property tests), so either can be chosen with `--solver`.

Both are set up the same way, so that every answer is exact and every solve is bounded:

- `gap_abs`: the stage's objective takes only values a whole step apart (the gcd of its integer
  coefficients), so the search stops once the bound is less than one step from the incumbent:
  that incumbent is optimal. Without it CBC can chase a fraction of a krone for hours. The
  relative gap is 0 (HiGHS's default of 0.01 % would stop short of the optimum on large
  objectives).
- `deadline` (a `time.monotonic()` value): the solver is told the seconds left; CBC, which may
  overrun its own limit on big models, is stopped a little after the deadline.
- `tick`: called about four times a second while the solver runs (progress, from the caller).
- Ctrl-C stops the solver (the CBC child is killed, HiGHS is cancelled) and the
  `KeyboardInterrupt` goes on to the caller.
- HiGHS prints nothing: its banner is written from C to file descriptor 1 when a model object is
  made, before any option can be set, so fd 1 points at /dev/null for that moment.
- HiGHS's threads setting is process-wide (its scheduler is made once per process), so it is
  never set here; worker processes are started fresh (see `analyses.parallel`).

PuLP 3.3 deprecates `PULP_CBC_CMD` ahead of 4.0; `COIN_CMD` with an explicit path to the bundled
binary is the forward-compatible spelling.

Both classes implement PuLP's solver entry points (`COIN_CMD.actualSolve`; `HiGHS`'s
`createAndConfigureSolver` and `callSolver`, which its `actualSolve` calls) and call `COIN_CMD`'s
helpers for the files CBC reads and writes. These are PuLP's, not a published interface: the PuLP
versions are pinned in `pyproject.toml`, and `tests/solver/test_pulp_interface.py` fails when one
of them is gone or takes other arguments.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

from digipulje.messages import _
from digipulje.base.errors import SolverFailure

EXACT = "exact"  # digipulje's own exact search (`solver.exact`), in-process
SOLVERS = (EXACT, "cbc", "highs")
DEFAULT_SOLVER = EXACT
TICK_SECONDS = 0.25
CBC_GRACE_SECONDS = 2.0  # CBC may overrun `-sec`: it is stopped this long after the deadline


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


def make_solver(name: str, warm_start: bool = False, relaxed: bool = False, *, gap_abs: float | None = None,
                deadline: float | None = None, tick: Callable[[], None] | None = None,
                without_preprocessing: bool = False) -> Any:
    """A configured, quiet PuLP solver object for `name` (see the module docstring).

    `warm_start`: CBC starts from the variables' current values (HiGHS through PuLP cannot).
    `relaxed`: solve the linear relaxation only (for its bound and reduced costs).
    `without_preprocessing`: CBC without its preprocessing, which on rare rounds makes it call a
    feasible model infeasible (the second try after such an answer; see `solver.solve`).
    """
    if name == EXACT:
        return None  # no PuLP solver: `solver.solve` searches itself
    import pulp

    seconds = None if deadline is None else max(0.01, deadline - time.monotonic())
    if name == "cbc":
        path = _bundled_cbc()
        if path is None:
            raise SolverFailure(_("the CBC solver is not available: reinstall PuLP, or use --solver highs"))
        solver = _Cbc(path=path, msg=False, warmStart=warm_start, mip=not relaxed, gapAbs=gap_abs,
                      options=["preprocess off"] if warm_start or without_preprocessing else [],
                      gapRel=None if relaxed else 0, timeLimit=None if seconds is None else round(seconds, 2))
        solver.deadline, solver.tick = deadline, tick
        return solver
    if name == "highs":
        if not pulp.HiGHS().available():
            raise SolverFailure(_("the HiGHS solver is not available: pip install highspy, or use --solver cbc"))
        solver = _highs_class()(msg=False, mip=not relaxed, gapAbs=gap_abs, gapRel=None if relaxed else 0.0,
                                timeLimit=seconds)
        solver.tick = tick
        return solver
    raise SolverFailure(_("unknown solver '{name}': choose one of {solvers}", name=name, solvers=", ".join(SOLVERS)))


_highs_started = False


def highs_started() -> bool:
    """Has HiGHS run in this process? Then its thread scheduler exists, and a process forked from
    this one inherits it without its threads: such workers must be started fresh."""
    return _highs_started


def stopped_early(model: Any) -> bool:
    """Did the last solve of `model` stop on its time limit (or by request) rather than finish?"""
    native = getattr(model, "solverModel", None)
    if native is not None and hasattr(native, "getModelStatus"):
        import highspy

        return native.getModelStatus() in (highspy.HighsModelStatus.kTimeLimit, highspy.HighsModelStatus.kInterrupt)
    return bool(getattr(model, "_cbc_stopped", False))


@contextlib.contextmanager
def _stdout_silenced() -> Iterator[None]:
    """File descriptor 1 points at /dev/null inside the block (C code writes there directly)."""
    try:
        sys.stdout.flush()
    except (AttributeError, ValueError):
        pass
    try:
        saved = os.dup(1)
    except OSError:  # no fd 1 at all: nothing to protect
        yield
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)


class _CbcMixin:
    """CBC as a child process that is watched: ticks, a hard stop after the deadline, Ctrl-C."""

    deadline: float | None = None
    tick: Callable[[], None] | None = None

    def actualSolve(self, lp: Any, **kwargs: Any) -> int:  # noqa: N802 (PuLP's name)
        """PuLP's entry point for a solver (`LpProblem.solve` calls it): CBC run and watched here, the
        MPS file written and the solution read back with `COIN_CMD`'s own helpers."""
        from pulp import constants

        tmp_mps, tmp_sol, tmp_mst = self.create_tmp_files(lp.name, "mps", "sol", "mst")
        try:
            vs, variable_names, constraint_names, _objective = lp.writeMPS(tmp_mps, rename=1)
            args = [self.path, tmp_mps]
            if lp.sense == constants.LpMaximize:
                args.append("-max")
            if self.optionsDict.get("warmStart", False):
                self.writesol(tmp_mst, lp, vs, variable_names, constraint_names)
                args += ["-mips", tmp_mst]
            if self.timeLimit is not None:
                args += ["-sec", str(self.timeLimit)]
            for option in self.options + self.getOptions():
                args += ("-" + option).split()
            args += ["-solve" if self.mip else "-initialSolve", "-printingOptions", "all", "-solution", tmp_sol]
            lp._cbc_stopped = False
            with open(os.devnull, "w") as null:
                child = subprocess.Popen(args, stdout=null, stderr=null, stdin=subprocess.DEVNULL)
                try:
                    killed = self._watch(child)
                except BaseException:  # Ctrl-C (or anything else): the child must not live on
                    child.kill()
                    child.wait()
                    raise
            if killed or not os.path.exists(tmp_sol):
                lp._cbc_stopped = killed
                if not killed and child.returncode != 0:
                    raise SolverFailure(_("the CBC solver failed (exit code {code})", code=child.returncode))
                lp.assignStatus(constants.LpStatusNotSolved, constants.LpSolutionNoSolutionFound)
                return constants.LpStatusNotSolved
            status, values, reduced, shadow, slacks, sol_status = self.readsol_MPS(
                tmp_sol, lp, vs, variable_names, constraint_names)
            lp.assignVarsVals(values)
            lp.assignVarsDj(reduced)
            lp.assignConsPi(shadow)
            lp.assignConsSlack(slacks, activity=True)
            lp.assignStatus(status, sol_status)
            lp._cbc_stopped = sol_status != constants.LpSolutionOptimal and self.deadline is not None \
                and time.monotonic() >= self.deadline - 0.05
            return status
        finally:
            self.delete_tmp_files(tmp_mps, tmp_sol, tmp_mst)

    def _watch(self, child: subprocess.Popen) -> bool:
        """Wait for CBC, ticking; True if it had to be stopped after the deadline.

        A thread waits for the child, so its end is seen at once (`Popen.wait(timeout)` polls, and
        would add up to 50 ms to every solve); this thread ticks and keeps the deadline."""
        import threading

        waiter = threading.Thread(target=child.wait, daemon=True)
        waiter.start()
        while True:
            waiter.join(TICK_SECONDS)
            if not waiter.is_alive():
                return False
            if self.tick is not None:
                self.tick()
            if self.deadline is not None and time.monotonic() > self.deadline + CBC_GRACE_SECONDS:
                child.kill()
                waiter.join()
                return True


def _cbc_class() -> type:
    import pulp

    return type("_CbcCommand", (_CbcMixin, pulp.COIN_CMD), {})


def _Cbc(**options: Any) -> Any:  # noqa: N802 (a class, made when PuLP is imported)
    return _cbc_cache()(**options)


@functools.cache
def _cbc_cache() -> type:
    return _cbc_class()


@functools.cache
def _highs_class() -> type:
    import pulp

    class _HiGHS(pulp.HiGHS):  # type: ignore[misc, valid-type]
        """HiGHS through PuLP, silent, exact, cancellable, ticking."""

        tick: Callable[[], None] | None = None

        def createAndConfigureSolver(self, lp: Any) -> None:  # noqa: N802 (PuLP's name)
            import highspy

            with _stdout_silenced():  # the banner is printed as the object is made
                lp.solverModel = highspy.Highs()
            lp.solverModel.setOptionValue("output_flag", False)
            if self.gapRel is not None:
                lp.solverModel.setOptionValue("mip_rel_gap", float(self.gapRel))
            if self.gapAbs is not None:
                lp.solverModel.setOptionValue("mip_abs_gap", float(self.gapAbs))
            if self.timeLimit is not None:
                lp.solverModel.setOptionValue("time_limit", float(self.timeLimit))
            lp.solverModel.HandleUserInterrupt = True

        def callSolver(self, lp: Any) -> None:  # noqa: N802 (PuLP's name)
            global _highs_started
            _highs_started = True
            native = lp.solverModel
            with _stdout_silenced():  # HiGHS must never write to stdout, whatever its options say
                thread = native.startSolve()
                try:
                    while not native.wait(TICK_SECONDS)[0]:
                        if self.tick is not None:
                            self.tick()
                except BaseException:  # Ctrl-C: stop the search, then let the interrupt go on
                    native.cancelSolve()
                    native.wait()
                    raise
                thread.join()
            import highspy

            if native.getModelStatus() == highspy.HighsModelStatus.kInterrupt:
                # HiGHS took the Ctrl-C itself (HandleUserInterrupt): it is the user's, not a stop to read
                raise KeyboardInterrupt

    return _HiGHS


@functools.cache
def solver_version(name: str) -> str:
    if name == EXACT:
        try:
            from importlib.metadata import version

            return version("digipulje")
        except Exception:  # noqa: BLE001 - a checkout that is not installed
            return "unknown"
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
