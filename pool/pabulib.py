"""The pool for a participatory-budgeting instance (Pabulib `.pb` file).

Its budget is the instance's own (META, rounded down) unless one is given, and its rules are
those of participatory budgeting: every project is funded in full or not at all, no minimum
grant, no score threshold (the voters' support is the value, not the principles' score).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from digipulje.base.errors import InputError
from digipulje.messages import _
from digipulje.pool.model import Pool, Rules

RULES = Rules(min_grant_dkk=0, partial_floor=1.0, eligibility_threshold=0.0)


def is_pabulib(paths: Sequence[str | Path]) -> bool:
    """Are all these application files Pabulib instances?"""
    return bool(paths) and all(Path(p).suffix.lower() == ".pb" for p in paths)


def pabulib_pool(paths: Sequence[str | Path], budget: int | None = None) -> Pool:
    """The pool for the instances in `paths`: `budget`, or else the one file's own budget."""
    from digipulje.applications.pabulib import read_budget

    if budget is None:
        if len(paths) != 1:
            raise InputError(_("{count} Pabulib files, each with its own budget: give the budget with --budget",
                               count=len(paths)))
        budget = read_budget(paths[0])
    name = Path(paths[0]).stem if len(paths) == 1 else "Participatory budgeting"
    return Pool(name=name, budget_dkk=budget, rules=RULES)


def pool_for_inputs(paths: Sequence[str | Path], pool: Pool | None, budget: int | None = None) -> Pool:
    """The pool a command uses for these application files: the pool file's (`pool`), or for
    Pabulib instances without one their own budget and rules, or else the defaults; `budget`
    replaces the budget. The one rule every command follows."""
    if pool is None and is_pabulib(paths):
        return pabulib_pool(paths, budget)
    the_pool = pool if pool is not None else Pool()
    return the_pool if budget is None else the_pool.with_budget(budget)
