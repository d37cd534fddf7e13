"""The pool: budget, rules, screening, overrides, allocation, scenarios, explanations and the 2025 example."""

from __future__ import annotations

from digipulje.base.exports import lazy_exports

# `pool.allocate` is also a module's name: imported here, the name is the function, not the module.
from digipulje.pool.allocate import allocate, decide

__all__ = [
    "Action", "Allocation", "Alternative", "BudgetCurve", "Comparison", "Decision", "Explanation",
    "Override", "Pool", "Robustness", "Round", "Rules", "Scenario", "ScenarioResult", "Status", "Weights",
    "allocate", "budget_curve", "decide", "explain_application", "explain_round",
    "export_example", "load_example", "near_best", "read_baseline", "read_overrides", "read_pool",
    "read_scenario_file", "weight_robustness",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "allocation": ("Allocation", "Decision", "Status"),
    "alternatives": ("Alternative", "near_best"),
    "config": ("read_baseline", "read_overrides", "read_pool"),
    "curve": ("BudgetCurve", "budget_curve"),
    "example": ("export_example", "load_example"),
    "explain": ("Explanation", "explain_application", "explain_round"),
    "model": ("Pool", "Rules", "Weights"),
    "overrides": ("Action", "Override"),
    "robustness": ("Robustness", "weight_robustness"),
    "scenarios": ("Comparison", "Round", "Scenario", "ScenarioResult", "read_scenario_file"),
})
