"""The allocation's constraints, labelled in words, in one place for building and checking.

`labelled_constraints` yields `(label, relation)` pairs. Given PuLP variables it yields PuLP
constraints for the model; given the whole-kroner values of a finished allocation it yields
booleans. So the model and `check_allocation` can never disagree, and a failed check names the
rule in the same words the model uses ("budget: total granted <= 250,000 kr").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from digipulje.solver.problem import AllocationProblem


def _total(terms: list[Any]) -> Any:
    if all(isinstance(t, int) for t in terms):
        return sum(terms)
    from pulp import lpSum

    return lpSum(terms)


def labelled_constraints(
    problem: AllocationProblem,
    funded: Mapping[str, Any],
    granted: Mapping[str, Any],
    partial: Mapping[str, Any],
) -> Iterator[tuple[str, Any]]:
    """The rules every allocation obeys. `funded`/`partial` are 0/1, `granted` whole kroner."""
    yield (
        f"budget: total granted <= {problem.budget_dkk:,} kr",
        _total([granted[c.id] for c in problem.candidates]) <= problem.budget_dkk,
    )
    if problem.max_grants is not None:
        yield (
            f"max grants: at most {problem.max_grants} grants",
            _total([funded[c.id] for c in problem.candidates]) <= problem.max_grants,
        )
    if problem.max_partial_grants is not None:
        yield (
            f"partial grants: at most {problem.max_partial_grants} "
            f"{'grant' if problem.max_partial_grants == 1 else 'grants'} below the request",
            _total([partial[c.id] for c in problem.candidates if c.fixed_dkk is None]) <= problem.max_partial_grants,
        )
    for c in problem.candidates:
        x, a, p = funded[c.id], granted[c.id], partial[c.id]
        if c.fixed_dkk is not None:
            yield f"{c.id}: granted exactly {c.fixed_dkk:,} kr (fixed by override)", a == c.fixed_dkk
            continue
        yield f"{c.id}: granted at least {c.min_dkk:,} kr when funded", a >= c.min_dkk * x
        yield f"{c.id}: granted at most the {c.max_dkk:,} kr requested, nothing unless funded", (
            a <= c.max_dkk * x
        )
        if c.partial_possible:
            yield f"{c.id}: a grant below the request counts as partial", (
                a >= c.max_dkk * x - (c.max_dkk - c.min_dkk) * p
            )
        if c.forced:
            yield f"{c.id}: funded (included by override)", x >= 1


def violated_constraints(problem: AllocationProblem, granted: Mapping[str, int]) -> list[str]:
    """The labels of the rules a finished allocation breaks (empty when it is valid)."""
    funded = {c.id: int(granted[c.id] > 0) for c in problem.candidates}
    partial = {c.id: int(0 < granted[c.id] < c.max_dkk) for c in problem.candidates}
    broken = [label for label, holds in labelled_constraints(problem, funded, granted, partial) if not holds]
    broken += [f"{c.id}: granted a negative amount" for c in problem.candidates if granted[c.id] < 0]
    return broken
