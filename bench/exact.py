"""An exact optimum of an all-or-nothing allocation by a second, independent method.

A dynamic programme over total support: `cheapest[s]` is the least cost of a set of projects
with support exactly `s`; the optimum is the largest `s` whose cheapest set fits the budget.
It shares nothing with the integer program (no PuLP, no solver), so agreement is evidence.
Its size is the total support, not the budget, so budgets in the billions are no trouble.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_NEVER = np.iinfo(np.int64).max // 4


def best_support(costs: Sequence[int], supports: Sequence[int], budget: int) -> int:
    """The largest total support of a set of projects whose costs fit in `budget`."""
    total = int(sum(supports))
    cheapest = np.full(total + 1, _NEVER, dtype=np.int64)
    cheapest[0] = 0
    reach = 0
    for cost, support in zip(costs, supports):
        if cost > budget:
            continue
        if support == 0:
            continue
        reach += support
        shifted = cheapest[: reach - support + 1] + cost
        np.minimum(cheapest[support: reach + 1], shifted, out=cheapest[support: reach + 1])
    fits = np.nonzero(cheapest[: reach + 1] <= budget)[0]
    return int(fits[-1])
