"""The K best distinct funded sets at one budget, by exact enumeration with a value bound.

The chiefs want to see the options that are almost as good as the best one. An option is a
*funded set*: which applications get money. Each set is worth what its best allocation is worth,
judged by the same lexicographic objective `solve` uses (`solver.objective`: total value, then
kroner granted, then fewest partial grants, then kroner to higher-ranked candidates), so the first
option is the allocation `solve` returns. Sets equal on all four are ordered by their ids, so the list never
depends on the input order.

For a given set the best allocation has a closed form: grant every request in full if the
budget allows; otherwise take the shortfall from as few partial grants as possible (the fewest
whose room between request and smallest grant covers it), and among those the choice that keeps
the most kroner with the higher-ranked: every partial grant but the highest-ranked falls to its
smallest workable grant, and the highest-ranked takes what is left.

The search is a depth-first branch and bound over the candidates, highest value first, that
keeps the K best sets found. A branch is cut when even the fractional-knapsack bound on its
value (and, with a maximum number of grants, the sum of the best values that still fit) falls
below the K-th best value found — never on equal value, where kroner and the rest decide.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from digipulje.base.errors import OverrideConflict, kroner
from digipulje.messages import _
from digipulje.solver.objective import Figures, figures_of, rank_weights
from digipulje.solver.problem import Candidate


@dataclass(frozen=True, kw_only=True)
class FundedSet(Figures):
    """One option: the applications funded, the kroner each gets, and its objective figures."""

    funded: tuple[str, ...]  # sorted ids
    granted: dict[str, int]  # id -> kroner, every candidate present (0 if not funded)


def best_funded_sets(
    candidates: Sequence[Candidate], budget_dkk: int, max_grants: int | None = None, top: int = 10,
    max_partial_grants: int | None = None,
) -> list[FundedSet]:
    """The `top` best distinct funded sets, best first (fewer if fewer sets are feasible).

    `max_partial_grants`: at most this many candidates granted less than their request (a fixed
    amount does not count); a set that would need more partial grants to fit is not an option.
    """
    if top < 1:
        return []
    cands = sorted(candidates, key=lambda c: c.id)
    weight = rank_weights(cands)
    fixed = [c for c in cands if c.fixed_dkk is not None]
    room = budget_dkk - sum(c.fixed_dkk for c in fixed)  # type: ignore[misc]
    slots = None if max_grants is None else max_grants - len(fixed)
    # Highest value first (good incumbents early); the bound reads them by value per krone.
    free = sorted((c for c in cands if c.fixed_dkk is None and c.min_dkk <= c.max_dkk),
                  key=lambda c: (-c.value, c.min_dkk, c.id))
    by_ratio = sorted(range(len(free)), key=lambda k: (-(free[k].value / free[k].min_dkk) if free[k].min_dkk
                                                      else -float("inf"), k))
    values_desc = [sorted((c.value for c in free[i:]), reverse=True) for i in range(len(free) + 1)]
    unfundable = [c for c in cands if c.fixed_dkk is None and c.min_dkk > c.max_dkk and c.forced]
    need = sum(c.min_dkk for c in free if c.forced)
    cuts = sorted((c.max_dkk - c.min_dkk for c in free if c.forced), reverse=True)
    if max_partial_grants is not None:
        need += sum(cuts[max_partial_grants:])
    if unfundable or room < need or (slots is not None and slots < sum(c.forced for c in free)):
        raise OverrideConflict(_("the overrides cannot all hold within a budget of {budget} kr", budget=kroner(budget_dkk)))


    best: list[_Ranked] = []  # a min-heap of the `top` best so far: the worst on top
    forced_min = [0] * (len(free) + 1)  # kroner and grants the forced candidates from i on need
    forced_count = [0] * (len(free) + 1)
    for i in range(len(free) - 1, -1, -1):
        forced_min[i] = forced_min[i + 1] + (free[i].min_dkk if free[i].forced else 0)
        forced_count[i] = forced_count[i + 1] + free[i].forced

    def bound(i: int, space: int, left: int | None) -> int:
        """An upper bound on the value the candidates from i on can add within `space` kroner."""
        total, fractional, room_left = 0, 0.0, space
        for k in by_ratio:
            c = free[k]
            if k < i or c.min_dkk > space:
                continue  # cannot join any set below this node
            if c.min_dkk <= room_left:
                room_left -= c.min_dkk
                total += c.value
            else:
                fractional = c.value * room_left / c.min_dkk
                break
        knapsack = total + int(fractional) + 1
        if left is None:
            return knapsack
        return min(knapsack, sum(values_desc[i][:max(left, 0)]))

    def offer(chosen: list[Candidate]) -> None:
        option = _best_allocation(chosen, fixed, cands, room, weight, max_partial_grants)
        if option is None:
            return
        ranked = _Ranked(option)
        if len(best) < top:
            heapq.heappush(best, ranked)
        elif best[0] < ranked:
            heapq.heapreplace(best, ranked)

    def search(i: int, chosen: list[Candidate], space: int, value: int) -> None:
        left = None if slots is None else slots - len(chosen)
        if len(best) == top and value + bound(i, space, left) < best[0].option.value:
            return
        if i == len(free):
            offer(chosen)
            return
        c = free[i]
        if c.min_dkk <= space - forced_min[i + 1] and (left is None or left > forced_count[i + 1]):
            chosen.append(c)
            search(i + 1, chosen, space - c.min_dkk, value + c.value)
            chosen.pop()
        if not c.forced:
            search(i + 1, chosen, space, value)

    search(0, [], room, sum(c.value for c in fixed))
    return [ranked.option for ranked in sorted(best, reverse=True)]


class _Ranked:
    """Orders options worst first: lower key, or on an equal key the later ids."""

    __slots__ = ("option",)

    def __init__(self, option: FundedSet) -> None:
        self.option = option

    def __lt__(self, other: _Ranked) -> bool:
        a, b = self.option, other.option
        return a < b or (a.key == b.key and a.funded > b.funded)


def _best_allocation(chosen, fixed, cands, room, weight, max_partial_grants: int | None = None) -> FundedSet | None:
    """The best allocation that funds exactly `chosen` (and the fixed grants): see the module.
    None when the set fits only with more partial grants than `max_partial_grants` allows."""
    granted = {c.id: 0 for c in cands}
    for c in fixed:
        granted[c.id] = c.fixed_dkk
    requested = sum(c.max_dkk for c in chosen)
    shortfall = max(0, requested - room)
    for c in chosen:
        granted[c.id] = c.max_dkk
    partials = 0
    if shortfall:
        slack = {c.id: c.max_dkk - c.min_dkk for c in chosen}
        sizes = sorted(slack.values(), reverse=True)
        partials = next(k for k in range(1, len(sizes) + 1) if sum(sizes[:k]) >= shortfall)
        if max_partial_grants is not None and partials > max_partial_grants:
            return None
        best_cost, best_cut = None, None
        for group in itertools.combinations(sorted(chosen, key=lambda c: weight[c.id]), partials):
            if sum(slack[c.id] for c in group) < shortfall:
                continue
            *lower, top = group  # ascending weight: the highest-ranked last
            rest = shortfall - sum(slack[c.id] for c in lower)
            cost = sum(weight[c.id] * slack[c.id] for c in lower) + weight[top.id] * rest
            if best_cost is None or cost < best_cost:
                best_cost, best_cut = cost, [(c.id, slack[c.id]) for c in lower] + [(top.id, rest)]
        for cid, cut in best_cut or []:
            granted[cid] -= cut
    funded = tuple(sorted([c.id for c in chosen] + [c.id for c in fixed]))
    return FundedSet(funded=funded, granted=granted, **figures_of(cands, granted, set(funded), weights=weight))
