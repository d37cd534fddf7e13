"""The pool for a participatory-budgeting instance (Pabulib `.pb` file).

Its budget is the instance's own (META, rounded down) unless one is given, and its rules are
those of participatory budgeting: every project is funded in full or not at all, no minimum
grant, no score threshold (the voters' support is the value, not the principles' score).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pool.errors import InputError
from pool.model import Pool, Rules

RULES = Rules(min_grant_dkk=0, partial_floor=1.0, eligibility_threshold=0.0)


def is_pabulib(paths: Sequence[str | Path]) -> bool:
    """Are all these application files Pabulib instances?"""
    return bool(paths) and all(Path(p).suffix.lower() == ".pb" for p in paths)


def pabulib_pool(paths: Sequence[str | Path], budget: int | None = None) -> Pool:
    """The pool for the instances in `paths`: `budget`, or else the one file's own budget."""
    from applications.pabulib import read_budget

    if budget is None:
        if len(paths) != 1:
            raise InputError(f"{len(paths)} Pabulib files, each with its own budget: "
                             "give the budget with --budget")
        budget = read_budget(paths[0])
    name = Path(paths[0]).stem if len(paths) == 1 else "Participatory budgeting"
    return Pool(name=name, budget_dkk=budget, rules=RULES)
