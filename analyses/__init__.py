"""What-if analyses of a round, beside the one allocation: scenarios side by side, the budget
curve, the near-best alternatives, robustness to the weights and the funded portfolio as a whole.

Each asks the pool's engine (`digipulje.pool`) for allocations under other terms and compares
them; none decides a round. `parallel` runs independent allocations over the machine's cores.
"""

from __future__ import annotations

from digipulje.base.exports import lazy_exports

__all__ = [
    "Alternative", "BudgetCurve", "Comparison", "Portfolio", "Robustness", "Round", "Scenario", "ScenarioResult",
    "budget_curve", "near_best", "portfolio_of", "read_scenario_file", "weight_robustness",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "alternatives": ("Alternative", "near_best"),
    "curve": ("BudgetCurve", "budget_curve"),
    "portfolio": ("Portfolio", "portfolio_of"),
    "robustness": ("Robustness", "weight_robustness"),
    "scenarios": ("Comparison", "Round", "Scenario", "ScenarioResult", "read_scenario_file"),
})
