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

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from pool.reasons import Reason, reason

SEARCH_LIMIT = 100_000  # nodes; beyond it the best way found so far is named


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
    granted = sum(g.granted_dkk for g in grants)
    remainder = budget_dkk - granted
    cuts = sum(g.granted_dkk - g.min_dkk for g in grants if g.cuttable)
    need_kroner = min_dkk - remainder - cuts
    need_places = 0 if max_grants is None else max(0, len(grants) + 1 - max_grants)
    droppable = sorted((g for g in grants if g.droppable), key=lambda g: (g.centipoints, g.id))
    score = centipoints / 100
    if need_kroner <= 0 and need_places == 0:
        return reason("not_funded_budget", variant="no_gain", score=score)
    chosen = _cheapest_room(droppable, need_kroner, need_places)
    if chosen is None:
        fixed = sum(g.granted_dkk if not g.cuttable else g.min_dkk for g in grants if not g.droppable)
        return reason("not_funded_budget", variant="out_of_reach", min=min_dkk,
                      available=max(0, budget_dkk - fixed))
    competitors = [(g.id, g.centipoints / 100) for g in sorted(chosen, key=lambda g: g.id)]
    displaced = sum(g.centipoints for g in chosen) / 100
    if min_dkk <= remainder:
        return reason("not_funded_budget", variant="max_grants", max_grants=max_grants,
                      competitors=competitors, displaced_score=displaced, score=score)
    return reason("not_funded_budget", variant="outranked", min=min_dkk, remainder=remainder,
                  missing=min_dkk - remainder, competitors=competitors, displaced_score=displaced,
                  score=score)


def _cheapest_room(items: list[Grant], need_kroner: int, need_places: int) -> tuple[Grant, ...] | None:
    """A set of grants with the lowest total score whose dropping frees at least `need_kroner`
    beyond the cuts and at least `need_places` places; None if no set does.

    A covering knapsack, solved by branch and bound: grants in order of score per krone freed
    (then id, so the answer never depends on row order), pruned by the fractional bound — the
    score it would cost at least to free the rest at the best remaining rate — and, under a
    maximum number of grants, by the cheapest grants still needed for the places. Exact unless
    SEARCH_LIMIT nodes are reached; then the best set found so far (still a true way to make room).
    """
    order = sorted(items, key=lambda g: (Fraction(g.centipoints, g.min_dkk) if g.min_dkk else Fraction(10**12),
                                         g.id))
    n = len(order)
    suffix_kroner = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        suffix_kroner[i] = suffix_kroner[i + 1] + order[i].min_dkk
    best_value: int | None = None
    best: tuple[Grant, ...] | None = None
    nodes = 0

    def bound(i: int, kroner: int, places: int) -> int:
        """A lower bound on the score still to give up, from grant i on."""
        by_rate, left = 0, kroner
        for g in order[i:]:
            if left <= 0:
                break
            if g.min_dkk >= left:
                by_rate += g.centipoints * left // g.min_dkk
                left = 0
            else:
                by_rate += g.centipoints
                left -= g.min_dkk
        by_places = sum(sorted(g.centipoints for g in order[i:])[:places]) if places > 0 else 0
        return max(by_rate, by_places)

    def search(i: int, chosen: tuple[Grant, ...], value: int, freed: int) -> None:
        nonlocal nodes, best_value, best
        nodes += 1
        if freed >= need_kroner and len(chosen) >= need_places:
            if best_value is None or value < best_value:
                best_value, best = value, chosen
            return
        if i == n or nodes > SEARCH_LIMIT:
            return
        if freed + suffix_kroner[i] < need_kroner or len(chosen) + n - i < need_places:
            return
        if best_value is not None and value + bound(i, need_kroner - freed, need_places - len(chosen)) >= best_value:
            return
        g = order[i]
        search(i + 1, chosen + (g,), value + g.centipoints, freed + g.min_dkk)
        search(i + 1, chosen, value, freed)

    search(0, (), 0, 0)
    return best
