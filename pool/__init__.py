"""The pool: budget, rules, screening, overrides, the allocation engine, explanations and the 2025 example.

The analyses beside the allocation (scenarios, the budget curve, alternatives, robustness) are
`digipulje.analyses`.
"""

from __future__ import annotations

from digipulje.base.exports import lazy_exports

__all__ = [
    "Action", "Allocation", "Decision", "Explanation", "Override", "Pool", "Rules", "Status", "Weights",
    "allocate", "decide", "explain_application", "explain_round", "export_example", "load_example",
    "read_baseline", "read_overrides", "read_pool",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "allocating": ("allocate", "decide"),
    "allocation": ("Allocation", "Decision", "Status"),
    "config": ("read_baseline", "read_overrides", "read_pool"),
    "example": ("export_example", "load_example"),
    "explain": ("Explanation", "explain_application", "explain_round"),
    "model": ("Pool", "Rules", "Weights"),
    "overrides": ("Action", "Override"),
})
