"""The public API a notebook uses: each package names its public objects in a sorted `__all__`.

The lists are pinned here, so that a name is added to or taken from the API on purpose.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PUBLIC = {
    "analyses": ["Alternative", "BudgetCurve", "Comparison", "Portfolio", "Robustness", "Round", "Scenario",
        "ScenarioResult", "budget_curve", "near_best", "portfolio_of", "read_scenario_file", "weight_robustness"],
    "applications": ["Application", "ApplicationsError", "Approval", "Assessment", "AssessmentSheet",
        "AssessorRating", "CRITERIA", "Criterion", "Indicator", "KitosError", "KitosExport", "PRINCIPLES",
        "Principle", "Problem", "Ratings", "Verdict", "applications_from_frame", "collect_applications",
        "read_applications", "read_assessments", "read_column_map", "read_kitos", "read_pabulib", "write_form"],
    "base": ["DigipuljeError", "InputError", "OverrideConflict", "SolveInterrupted", "SolveTimeLimit",
        "SolverFailure", "format_dkk", "format_number", "format_score"],
    "meeting": ["Preview", "compare_saved", "compare_scenarios", "memo_case", "preview_decision", "price_changes",
        "scenarios_for_memo", "stored_memo_case", "stored_scenarios"],
    "messages": ["LANGUAGES", "N_", "_", "current_language", "gettext", "ngettext", "use_language"],
    "pool": ["Action", "Allocation", "Decision", "Explanation", "Override", "Pool", "Rules", "Status", "Weights",
        "allocate", "decide", "explain_application", "explain_round", "export_example", "load_example",
        "read_baseline", "read_overrides", "read_pool"],
    "reports": ["DecisionCase", "render_report", "render_table"],
    "rounds": ["DatabaseBusy", "LogTampered", "RecusedError", "RoundState", "RoundStore", "RoundStoreError",
        "allocate_round", "decide_round", "import_applications", "open_round", "read_round", "read_source",
        "replay_allocation", "summarise_followup", "verify_log"],
    "scoring": ["Panel", "Scale", "Score", "ThresholdRule", "Weights", "convene_panels", "score_application",
        "score_ratings", "score_round"],
    "solver": ["AllocationProblem", "Candidate", "FundedSet", "Solution", "SolveSettings", "StageResult",
        "SweepPoint", "SweepTooLarge", "best_funded_sets", "solve", "sweep_budgets"],
    "web": ["create_app"],
}


@pytest.mark.parametrize("package", sorted(PUBLIC))
def test_each_package_names_its_public_objects_in_a_sorted_list(package):
    module = importlib.import_module(f"digipulje.{package}")
    assert module.__all__ == PUBLIC[package]
    assert module.__all__ == sorted(module.__all__)
    assert set(module.__all__) <= set(dir(module))


def test_every_public_name_is_an_object_not_a_module_whatever_was_imported_before():
    for package in PUBLIC:
        module = importlib.import_module(f"digipulje.{package}")
        for info in pkgutil.walk_packages(module.__path__, f"digipulje.{package}."):
            importlib.import_module(info.name)  # a submodule sets its name on the package
    for package, names in PUBLIC.items():
        module = importlib.import_module(f"digipulje.{package}")
        for name in names:
            assert not inspect.ismodule(getattr(module, name)), f"{package}.{name}"
        namespace: dict = {}
        exec(f"from digipulje.{package} import *", namespace)
        assert set(names) <= set(namespace)


def test_no_public_name_is_also_the_name_of_a_module_of_its_package():
    shared = {}
    for package, names in PUBLIC.items():
        modules = {info.name for info in pkgutil.iter_modules(importlib.import_module(f"digipulje.{package}").__path__)}
        shared |= {f"{package}.{name}": "module" for name in set(names) & modules}
    assert shared == {}


def test_an_unknown_name_is_an_attribute_error():
    from digipulje import pool

    with pytest.raises(AttributeError, match="module 'digipulje.pool' has no attribute 'allocte'"):
        pool.allocte  # noqa: B018


def test_importing_the_packages_loads_nothing_heavy():
    """pandas, the solvers, openpyxl and the web server are imported where they are used."""
    heavy = ("pandas", "pulp", "highspy", "numpy", "openpyxl", "starlette", "jinja2")
    code = (f"import sys, {', '.join('digipulje.' + p for p in sorted(PUBLIC))}; "
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    shown = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "[]"
