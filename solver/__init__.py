"""The integer program that picks the allocation within the budget (PuLP)."""

from __future__ import annotations

from digipulje.base.exports import lazy_exports

# `solver.solve` is also a module's name: imported here, the name is the function, not the module.
from digipulje.solver.solve import solve

__all__ = [
    "AllocationProblem", "Candidate", "FundedSet", "Solution", "SolveSettings", "StageResult", "SweepPoint",
    "SweepTooLarge", "best_funded_sets", "solve", "sweep_budgets",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "alternatives": ("FundedSet", "best_funded_sets"),
    "problem": ("AllocationProblem", "Candidate", "Solution", "StageResult"),
    "solve": ("SolveSettings",),
    "sweep": ("SweepPoint", "SweepTooLarge", "sweep_budgets"),
})
