"""The lowest layer: the exception tree every part of digipulje raises from, and whole kroner."""

from __future__ import annotations

from digipulje.base.exports import lazy_exports

__all__ = [
    "DigipuljeError", "InputError", "OverrideConflict", "SolveInterrupted", "SolveTimeLimit",
    "SolverFailure", "format_dkk", "format_number", "format_score",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "errors": ("DigipuljeError", "InputError", "OverrideConflict", "SolveInterrupted", "SolveTimeLimit", "SolverFailure"),
    "money": ("format_dkk", "format_number", "format_score"),
})
