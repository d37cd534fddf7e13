"""Why an eligible application was not funded: what it would have taken, and who it lost to.

The solver first maximises the total score of the funded applications. So an eligible
application left out lost a competition that can be stated exactly: to give it its smallest
workable grant, the pool would first use what is left, then cut funded applications down to
their own smallest workable grants, and then drop funded applications. The cheapest way to make
room — the funded applications with the lowest total score whose dropping frees enough kroner
(and, under a maximum number of grants, enough places) — names its competitors. By the solver's
optimality their total score is at least its own; the explanation shows both numbers.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from digipulje.pool.reasons import Reason, reason

SEARCH_LIMIT = 2_000  # nodes per search; beyond it the best way found so far is named
ROUND_SEARCH_BUDGET = 50_000  # nodes for all the searches of one allocation (a large round)
LEAN_SEARCH_LIMIT = 100  # nodes per search once that budget is spent: about the greedy answer


@dataclass(frozen=True)
class Grant:
    """A funded application as a competitor."""

    id: str
    centipoints: int
    granted_dkk: int
    min_dkk: int  # what it keeps when cut to its smallest workable grant
    droppable: bool  # False for grants an override forces or fixes
    cuttable: bool = True  # False for a fixed amount


def explain_not_funded(
    centipoints: int, min_dkk: int, grants: Sequence[Grant], budget_dkk: int, max_grants: int | None
) -> Reason:
    """The `not_funded_budget` reason for an eligible application left out, with its facts."""
    return Competition(tuple(grants), budget_dkk, max_grants).explain(centipoints, min_dkk)


class Competition:
    """The funded set of one allocation, prepared once for explaining every application left out
    (a large round has thousands; each search reuses the ordering and the memo of the others)."""

    def __init__(self, grants: tuple[Grant, ...], budget_dkk: int, max_grants: int | None,
                 support: bool = False) -> None:
        self.support = support  # the values are the voters' support (a `.pb` round), not centipoints
        self.grants = grants
        self.budget_dkk = budget_dkk
        self.max_grants = max_grants
        self.remainder = budget_dkk - sum(g.granted_dkk for g in grants)
        self.cuts = sum(g.granted_dkk - g.min_dkk for g in grants if g.cuttable)
        self.room = _Room(tuple(g for g in grants if g.droppable))

    def explain(self, centipoints: int, min_dkk: int) -> Reason:
        grants, remainder, max_grants = self.grants, self.remainder, self.max_grants
        need_kroner = min_dkk - remainder - self.cuts
        need_places = 0 if max_grants is None else max(0, len(grants) + 1 - max_grants)
        score = centipoints / 100
        if need_kroner <= 0 and need_places == 0:
            if self.support:
                return reason("not_funded_budget", variant="no_gain_support", support=centipoints)
            return reason("not_funded_budget", variant="no_gain", score=score)
        chosen = self.room.cheapest(need_kroner, need_places)
        if chosen is None:
            fixed = sum(g.granted_dkk if not g.cuttable else g.min_dkk for g in grants if not g.droppable)
            return reason("not_funded_budget", variant="out_of_reach", min=min_dkk,
                          available=max(0, self.budget_dkk - fixed))
        if self.support:
            competitors_support = [f"{g.id} ({g.centipoints})" for g in sorted(chosen, key=lambda g: g.id)]
            displaced_support = sum(g.centipoints for g in chosen)
            if min_dkk <= remainder:
                return reason("not_funded_budget", variant="max_grants_support", max_grants=max_grants,
                              competitors=competitors_support, displaced_support=displaced_support,
                              support=centipoints)
            return reason("not_funded_budget", variant="outranked_support", min=min_dkk, remainder=remainder,
                          missing=min_dkk - remainder, competitors=competitors_support,
                          displaced_support=displaced_support, support=centipoints)
        competitors = [(g.id, g.centipoints / 100) for g in sorted(chosen, key=lambda g: g.id)]
        displaced = sum(g.centipoints for g in chosen) / 100
        if min_dkk <= remainder:
            return reason("not_funded_budget", variant="max_grants", max_grants=max_grants,
                          competitors=competitors, displaced_score=displaced, score=score)
        return reason("not_funded_budget", variant="outranked", min=min_dkk, remainder=remainder,
                      missing=min_dkk - remainder, competitors=competitors, displaced_score=displaced,
                      score=score)


def _cheapest_room(items: list[Grant], need_kroner: int, need_places: int) -> tuple[Grant, ...] | None:
    return _Room(tuple(items)).cheapest(need_kroner, need_places)


class _Room:
    """Sets of grants with the lowest total score whose dropping frees at least `need_kroner`
    beyond the cuts and at least `need_places` places.

    A covering knapsack, solved by branch and bound: grants in order of score per krone freed
    (then id, so the answer never depends on row order), pruned by the fractional bound — the
    score it would cost at least to free the rest at the best remaining rate, read off prefix
    sums — and, under a maximum number of grants, by the cheapest grants still needed for the
    places. The search is depth-first with an explicit stack (a round may fund thousands), takes
    the grants in order first (so its first answer is the greedy one), and is exact unless
    SEARCH_LIMIT nodes are reached; then the best set found so far (still a true way to make room).
    A round with thousands left out shares ROUND_SEARCH_BUDGET nodes; after that each search
    stops at LEAN_SEARCH_LIMIT. The explanations are made in id order, so this is reproducible.
    """

    def __init__(self, items: tuple[Grant, ...]) -> None:
        self.order = sorted(items, key=lambda g: (Fraction(g.centipoints, g.min_dkk) if g.min_dkk
                                                  else Fraction(10**12), g.id))
        n = len(self.order)
        self.prefix_kroner = [0] * (n + 1)
        self.prefix_points = [0] * (n + 1)
        for i, g in enumerate(self.order):
            self.prefix_kroner[i + 1] = self.prefix_kroner[i] + g.min_dkk
            self.prefix_points[i + 1] = self.prefix_points[i] + g.centipoints
        self.cheapest = functools.lru_cache(maxsize=4096)(self._cheapest)
        self.nodes_left = ROUND_SEARCH_BUDGET

    def _bound(self, i: int, kroner: int, places: int) -> int:
        """A lower bound on the score still to give up, from grant i on."""
        by_rate = 0
        if kroner > 0:
            target = self.prefix_kroner[i] + kroner
            j = bisect.bisect_left(self.prefix_kroner, target, lo=i + 1) - 1  # grants i..j-1 all go
            j = min(j, len(self.order))
            by_rate = self.prefix_points[j] - self.prefix_points[i]
            if j < len(self.order):
                left = target - self.prefix_kroner[j]
                g = self.order[j]
                if left > 0 and g.min_dkk:
                    by_rate += g.centipoints * min(left, g.min_dkk) // g.min_dkk
        by_places = sum(sorted(g.centipoints for g in self.order[i:])[:places]) if places > 0 else 0
        return max(by_rate, by_places)

    def _cheapest(self, need_kroner: int, need_places: int) -> tuple[Grant, ...] | None:
        order, n = self.order, len(self.order)
        best_value: int | None = None
        best: tuple[Grant, ...] | None = None
        nodes = 0
        limit = SEARCH_LIMIT if self.nodes_left > 0 else LEAN_SEARCH_LIMIT
        stack: list[tuple[int, tuple[Grant, ...], int, int]] = [(0, (), 0, 0)]
        while stack and nodes <= limit:
            i, chosen, value, freed = stack.pop()
            nodes += 1
            if freed >= need_kroner and len(chosen) >= need_places:
                if best_value is None or value < best_value:
                    best_value, best = value, chosen
                continue
            if i == n:
                continue
            if freed + self.prefix_kroner[n] - self.prefix_kroner[i] < need_kroner or len(chosen) + n - i < need_places:
                continue
            if best_value is not None and value + self._bound(
                    i, need_kroner - freed, need_places - len(chosen)) >= best_value:
                continue
            g = order[i]
            stack.append((i + 1, chosen, value, freed))  # without g: searched after
            stack.append((i + 1, chosen + (g,), value + g.centipoints, freed + g.min_dkk))  # with g: first
        self.nodes_left -= nodes
        return best
