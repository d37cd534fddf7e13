"""The integer program that picks the allocation within the budget (PuLP)."""

from __future__ import annotations

from digipulje.base.exports import lazy_exports

__all__ = [
    "AllocationProblem", "Candidate", "FundedSet", "Solution", "SolveSettings", "StageResult", "SweepPoint",
    "SweepTooLarge", "best_funded_sets", "solve", "sweep_budgets",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "alternatives": ("FundedSet", "best_funded_sets"),
    "lexicographic": ("SolveSettings", "solve"),
    "problem": ("AllocationProblem", "Candidate", "Solution", "StageResult"),
    "sweep": ("SweepPoint", "SweepTooLarge", "sweep_budgets"),
})
