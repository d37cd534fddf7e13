"""A reference for the engine's speed: the first stage alone (the most total value) by dynamic
programming over the values' gcd steps, vectorised with numpy.

It is written for the benchmark, not the product: it answers one stage of six, only under the
pool's default rules (at most one grant in part, no cap on the number of grants), and it needs
the values to share a step (it refuses rounds whose table would pass `MAX_CELLS`). What it shows
is a floor: an engine that must settle every stage cannot be faster than this one is on the
first. `bench.engine` also checks its answer against the exact search's total value.

The programme keeps, for each total value in steps, the fewest kroner that reach it, in two
layers: no grant in part yet, and one grant in part (at its smallest grant) already chosen.
"""

from __future__ import annotations

import math

import numpy as np

from digipulje.solver.problem import AllocationProblem

MAX_CELLS = 50_000_000
_UNREACHABLE = np.int64(1) << 62


def most_value(problem: AllocationProblem) -> int | None:
    """The largest total value of an allocation within the budget, with at most one grant in part;
    None when the round is outside what this reference covers."""
    if problem.max_grants is not None or problem.max_partial_grants not in (0, 1):
        return None
    fixed = [c for c in problem.candidates if c.fixed_dkk is not None]
    free = [c for c in problem.candidates if c.fixed_dkk is None and c.min_dkk <= c.max_dkk and c.max_dkk > 0]
    budget = problem.budget_dkk - sum(c.fixed_dkk for c in fixed)
    step = 0
    for c in free:
        step = math.gcd(step, c.value)
    if budget < 0:
        return None
    if not step:
        return sum(c.value for c in fixed)
    top = sum(c.value // step for c in free)
    if (top + 1) * max(1, len(free)) > MAX_CELLS:
        return None
    one = problem.max_partial_grants == 1
    none_yet = np.full(top + 1, _UNREACHABLE, dtype=np.int64)
    none_yet[0] = 0
    one_part = np.full(top + 1, _UNREACHABLE, dtype=np.int64)
    for c in free:
        k = c.value // step
        full_none = _shifted(none_yet, k, c.max_dkk)
        full_one = _shifted(one_part, k, c.max_dkk)
        in_part = _shifted(none_yet, k, c.min_dkk) if one and c.min_dkk < c.max_dkk else None
        if c.forced:
            none_yet, one_part = full_none, full_one
            if in_part is not None:
                one_part = np.minimum(one_part, in_part)
        else:
            none_yet = np.minimum(none_yet, full_none)
            one_part = np.minimum(one_part, full_one)
            if in_part is not None:
                one_part = np.minimum(one_part, in_part)
    reachable = np.nonzero(np.minimum(none_yet, one_part) <= budget)[0]
    if not len(reachable):
        return None
    return int(reachable[-1]) * step + sum(c.value for c in fixed)


def _shifted(least: np.ndarray, steps: int, kroner: int) -> np.ndarray:
    """`least` with one more candidate taken: `steps` more value for `kroner` more."""
    out = np.full_like(least, _UNREACHABLE)
    if steps < len(least):
        out[steps:] = np.minimum(least[:len(least) - steps] + kroner, _UNREACHABLE)
    return out
