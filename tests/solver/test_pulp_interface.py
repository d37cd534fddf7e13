"""The PuLP methods solver/backends.py implements or calls are still there and take the same
arguments, and the installed PuLP is one of the versions pyproject.toml allows.

`backends.py` gives CBC and HiGHS their own `actualSolve` and `createAndConfigureSolver` /
`callSolver` (a watched child process, ticks, a hard deadline, Ctrl-C) and uses `COIN_CMD`'s file
helpers; a PuLP release that renames or reshapes one of them must fail here, not in a council's round.
"""

from __future__ import annotations

import inspect
import tomllib
from importlib.metadata import version
from pathlib import Path

import pulp
import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from digipulje.solver import backends

ROOT = Path(__file__).resolve().parents[2]


def _parameters(function) -> list[str]:
    return [str(p) for p in inspect.signature(function).parameters.values()]


def test_the_installed_pulp_is_a_version_the_project_allows():
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pulp_requirement = next(Requirement(d) for d in dependencies if Requirement(d).name.lower() == "pulp")
    assert pulp_requirement.specifier.contains(Version(version("pulp")))
    assert pulp_requirement.specifier.contains("3.3.2") and not pulp_requirement.specifier.contains("4.0")


def test_cbc_runs_through_the_entry_point_pulp_calls():
    cbc = backends._cbc_class()
    assert cbc.actualSolve is backends._CbcMixin.actualSolve
    parameters = inspect.signature(pulp.COIN_CMD.actualSolve).parameters
    assert list(parameters)[:2] == ["self", "lp"]
    assert any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    assert "actualSolve" in inspect.getsource(pulp.LpProblem.solve)


@pytest.mark.parametrize("method,parameters", [
    ("create_tmp_files", ["self", "name", "*args"]),
    ("delete_tmp_files", ["self", "*args"]),
    ("writesol", ["self", "filename", "lp", "vs", "variablesNames", "constraintsNames"]),
    ("readsol_MPS", ["self", "filename", "lp", "vs", "variablesNames", "constraintsNames", "objectiveName=None"]),
    ("getOptions", ["self"]),
])
def test_the_cbc_helpers_backends_calls_take_the_same_arguments(method, parameters):
    assert _parameters(getattr(pulp.COIN_CMD, method)) == parameters


def test_the_problem_methods_backends_calls_are_there():
    assert {"rename"} <= set(inspect.signature(pulp.LpProblem.writeMPS).parameters)
    for method in ("assignVarsVals", "assignVarsDj", "assignConsPi", "assignConsSlack", "assignStatus"):
        assert callable(getattr(pulp.LpProblem, method)), method
    assert "activity" in inspect.signature(pulp.LpProblem.assignConsSlack).parameters


def test_highs_is_configured_and_run_through_the_methods_its_actual_solve_calls():
    if not pulp.HiGHS().available():
        pytest.skip("highspy is not installed")
    highs = backends._highs_class()
    for method in ("createAndConfigureSolver", "callSolver"):
        assert _parameters(getattr(pulp.HiGHS, method)) == ["self", "lp"], method
        assert getattr(highs, method) is not getattr(pulp.HiGHS, method), method
        assert f"self.{method}(lp)" in inspect.getsource(pulp.HiGHS.actualSolve), method
