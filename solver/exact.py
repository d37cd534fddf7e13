"""The exact engine: the canonical allocation by branch and bound, in whole kroner, in-process.

The problem is a knapsack: each candidate is not funded, funded in full (its request), or funded
in part (from its smallest workable grant up to one krone below its request), within the budget,
with at most `max_partial_grants` grants in part, at most `max_grants` grants, the include
overrides funded and the fixed amounts granted exactly. The objective is lexicographic
(`solver.objective`): total value, kroner granted, partial grants, kroner moved from a baseline,
the tie-break by rank, and last the canonical stage (`CANONICAL`): the grants read in rank order,
larger first — a total order, so exactly one allocation is optimal for any input.

Every stage but the last is a sum over candidates of a whole-kroner figure of that candidate's
grant. They are packed into one integer per candidate (`_Packing`), each stage in a range wider
than everything below it can move, so that comparing two allocations' sums is comparing their
first five stages in order. Python's integers are exact at any size: no floating-point tolerance
decides an answer, for any amount the readers accept.

The search: the included candidates first, then by profit per krone; a depth-first branch and
bound whose bound is the linear relaxation (the fractional knapsack, from prefix sums and a
bisection: O(log n) a node), with Martello and Toth's bound for grants in full. With at most one
grant in part (the pool's default), one search per choice of it (and one with none), in the order
of their bounds, each a knapsack of grants in full with a tight relaxation; each starts by fixing
what it need not branch on: the candidates whose reduced cost against one price per krone (a
Lagrangian bound, exact in integers) decides them, and those worth more than the value the rest
may leave out and still tie the best. Where the values share a step (their gcd), small tables
over those steps settle the total value exactly — the fewest kroner that reach each value — and
bound the later stages of a tie; a search whose grant in part leaves too few kroner for the best's
value is skipped. A search also leaves out the candidates ranked below its grant in part that
could take that grant's shortfall themselves (`_dominated`: such an allocation always has a better
twin). Of two candidates alike in everything but their rank (twins: the equal scores and requests
of a round), it funds the lower-ranked only after the higher-ranked, passes at once over the twins
in a row after one left unfunded, and funds in full the twins ranked above a grant in part. With
`max_grants`, a node's bound is also the sum of the largest figures the grants left can add
(`_fewest`). With more grants in part, one search where a candidate is two pieces in the
relaxation: its smallest grant, carrying its value, and the rest of its request. A grant in part
takes its smallest grant when chosen and the kroner left over at the end, given greedily by worth
per krone (exact: each one's figure is concave in its grant). Greedy allocations are the first
incumbents.

Bounded: the wall clock is read every 256 nodes; at the limit `SolveTimeLimit` names the stage,
the best allocation found and the proven gap on the total value. After `NODE_LIMIT` nodes the
search gives up (`SearchTooLong`), a count so that a round always takes the same path:
`solver.solve` then solves it as an integer program and makes that canonical.
"""

from __future__ import annotations

import bisect
import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from digipulje.base.errors import SolverFailure, SolveTimeLimit, kroner
from digipulje.messages import _
from digipulje.solver.objective import VALUE, rank_weights, stages
from digipulje.solver.problem import AllocationProblem, Candidate

CANONICAL = "canonical: grants in rank order"
_CHECK_EVERY = 256  # nodes between two looks at the clock
_GREEDY_RUNS = 4  # the searches (by their bound) that start from a greedy allocation of their own
_TABLE_CELLS = 200_000  # the largest table of values worth building for one search
_TABLE_STEPS = 1_024  # the most steps of value a search may leave out and still use the tables
_LOST_AFTER = 64  # nodes a search visits before the tables of a tie are worth building
_FEWEST_ITEMS = 512  # the most candidates left below a node for `_fewest` (its sums take their square)
NODE_LIMIT = 250_000  # nodes one search may visit before it hands the round to the integer program


class SearchTooLong(SolverFailure):
    """The search visited `NODE_LIMIT` nodes without proving its best allocation optimal. A count,
    not a clock, so that the same round always takes the same path (`solver.solve` catches it).
    `best`: the best allocation it found (every candidate present), a start for the integer program."""

    def __init__(self, best: dict[str, int] | None = None) -> None:
        super().__init__(_("the exact search reached its limit of {nodes} nodes", nodes=NODE_LIMIT))
        self.best = best


@dataclass(frozen=True)
class _Packing:
    """The multipliers that pack the first five stages into one integer, most significant first."""

    value: int
    kroner: int
    partial: int
    moved: int
    # the tie-break's multiplier is 1

    @classmethod
    def of(cls, free: Sequence[Candidate], weights: dict[str, int], baseline: bool) -> _Packing:
        total = sum(c.max_dkk for c in free)
        tie_break = max(weights.values(), default=1) * total + 1
        moved = (total + sum(c.baseline_dkk for c in free) + 1) if baseline else 1
        partial = tie_break * moved
        kroner = partial * (len(free) + 1)
        return cls(value=kroner * (total + 1), kroner=kroner, partial=partial, moved=tie_break)


class _Round:
    """The candidates the search chooses for, with their packed figures."""

    def __init__(self, problem: AllocationProblem) -> None:
        self.problem = problem
        self.weights = rank_weights(problem.candidates)
        self.fixed = {c.id: c.fixed_dkk for c in problem.candidates if c.fixed_dkk is not None}
        free = [c for c in problem.candidates if c.fixed_dkk is None]
        self.impossible = [c for c in free if c.min_dkk > c.max_dkk or c.max_dkk <= 0]
        forced_out = [c.id for c in self.impossible if c.forced]
        if forced_out:
            raise SolverFailure(_("{application} is included by an override but cannot be funded: its smallest "
                                  "grant is more than its request", application=forced_out[0]))
        self.free = [c for c in free if c not in self.impossible]
        self.budget = problem.budget_dkk - sum(self.fixed.values())
        self.grants = None if problem.max_grants is None else problem.max_grants - len(self.fixed)
        if self.budget < 0 or (self.grants is not None and self.grants < 0):
            raise SolverFailure(_("the fixed amounts need more than the budget of {budget} kr, or more grants "
                                  "than the pool allows", budget=kroner(problem.budget_dkk)))
        self.partials = problem.max_partial_grants
        self.baseline = problem.has_baseline
        self.pack = _Packing.of(self.free, self.weights, self.baseline)
        self.in_full = {c.id: self.gain(c, c.max_dkk) for c in self.free}  # `gain` in full, read at every node

    def gain(self, c: Candidate, granted: int) -> int:
        """The packed figures of granting `granted` kroner to `c`, against not funding it."""
        if granted == 0:
            return 0
        p = self.pack
        gain = c.value * p.value + granted * p.kroner + self.weights[c.id] * granted
        if granted < c.max_dkk:
            gain -= p.partial
        if self.baseline:
            gain -= (abs(granted - c.baseline_dkk) - c.baseline_dkk) * p.moved
        return gain

    def in_part(self, c: Candidate) -> int:
        """At least the packed figures of a grant in part to `c` at its smallest grant, counting the
        kroner it may get later at its best rate (`rate`): a grant in part stays one."""
        return c.value * self.pack.value - self.pack.partial + c.min_dkk * self.rate(c)

    def rate(self, c: Candidate) -> int:
        """At most what one more krone to `c` adds (beyond its value)."""
        return self.pack.kroner + self.weights[c.id] + (self.pack.moved if self.baseline else 0)

    def ranked_grants(self, granted: dict[str, int]) -> tuple[int, ...]:
        return tuple(granted.get(i, self.fixed.get(i, 0)) for i in self.weights)


def solve_exact(problem: AllocationProblem, *, time_limit: float = 60.0,
                tick: Callable[[], None] | None = None, node_limit: int | None = None,
                start: dict[str, int] | None = None) -> dict[str, int]:
    """The canonical optimal allocation: kroner per candidate id, every candidate present.

    `node_limit`: raise `SearchTooLong` after that many nodes. `start`: an allocation known to be
    optimal on every stage but the last (the integer program's), from which the search only has to
    find the canonical one among its equals."""
    r = _Round(problem)
    search = _Search(r, time.monotonic() + time_limit, time_limit, tick, node_limit)
    if start is not None:
        grants = {c.id: start[c.id] for c in r.free if start.get(c.id, 0) > 0}
        search.best = sum(r.gain(c, grants[c.id]) for c in r.free if c.id in grants)
        search.best_grants, search.best_ranked = grants, None  # read when an allocation ties it
        search.best_value = sum(c.value for c in r.free if c.id in grants)
    granted = search.run()
    out = {c.id: 0 for c in problem.candidates}
    out.update(r.fixed)
    out.update(granted)
    return out


class _Search:
    def __init__(self, r: _Round, deadline: float, limit: float, tick: Callable[[], None] | None,
                 node_limit: int | None = None) -> None:
        self.r = r
        self.node_limit = node_limit
        self.deadline, self.limit, self.tick = deadline, limit, tick
        self.nodes = 0
        self.best: int | None = None
        self.best_value: int | None = None
        self.value_zone: float | int = float("-inf")
        self.best_grants: dict[str, int] | None = None
        self.best_ranked: tuple[int, ...] | None = None

    # -- the incumbent -------------------------------------------------------------------------

    def offer(self, gain: int, grants: dict[str, int], value: int | None = None) -> None:
        """`grants`: a new dict, kept as it is. `value`: their total value, where the caller knows it.
        The grants in rank order, which decide between two allocations of equal figures, are read
        only when two are equal: at 100.000 candidates a tuple of them for every better allocation
        found cost more than the search."""
        ranked = None
        if self.best is not None:
            if gain < self.best:
                return
            if gain == self.best:
                if self.best_ranked is None:
                    self.best_ranked = self.r.ranked_grants(self.best_grants)
                ranked = self.r.ranked_grants(grants)
                if ranked <= self.best_ranked:
                    return
        self.best, self.best_grants, self.best_ranked = gain, grants, ranked
        self.best_value = (sum(self._by_id[i].value for i, g in grants.items() if g > 0) if value is None
                           else value)
        self._zone()

    def _zone(self) -> None:
        """Below this bound the total value cannot pass the best's (a whole multiple of the values'
        gcd): `descend` then weighs the later stages alone."""
        step = getattr(self, "value_step", 0)
        if not step or self.best_value is None:
            self.value_zone = float("-inf")
            return
        self.value_zone = (self.best_value + step) * self.r.pack.value + self.lower_least

    def clock(self) -> None:
        self.nodes += 1
        if self.nodes % _CHECK_EVERY == 0:
            if self.node_limit is not None and self.nodes >= self.node_limit:
                raise SearchTooLong(None if self.best_grants is None else self.full(self.best_grants))
            if self.tick is not None:
                self.tick()
            if time.monotonic() >= self.deadline:
                raise SolveTimeLimit(1, len(stages(self.r.baseline)) + 1, VALUE, self.limit,
                                     None if self.best_grants is None else self.full(self.best_grants), self.gap())

    def gap(self) -> float | None:
        """The proven gap on the total value (centipoints or support): the relaxation at the root
        against the best allocation found."""
        upper = getattr(self, "upper", None)
        if upper is None or self.best is None:
            return None
        return float(max(0, -((-(upper - self.best)) // self.r.pack.value)))

    def full(self, grants: dict[str, int]) -> dict[str, int]:
        out = {c.id: 0 for c in self.r.problem.candidates}
        out.update(self.r.fixed)
        out.update(grants)
        return out

    # -- the search ----------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        r = self.r
        # Grants in part: with at most one (the pool's default), one search per choice of the grant in
        # part (and one with none), each a plain knapsack of grants in full with a tight relaxation;
        # with more, one search in which every candidate may be cut (a looser relaxation).
        one = r.partials == 1
        split = r.partials is None or r.partials > 1
        self.split = split
        items = []
        for c in r.free:
            partial = split and c.min_dkk < c.max_dkk
            first = c.min_dkk if partial else c.max_dkk
            items.append((c, partial, first, r.in_full[c.id] if not partial else
                          c.value * r.pack.value + first * r.rate(c)))
        density = _density_key([t[2] for t in items])
        # The included (forced) first, so that the relaxation of the rest never counts the kroner
        # they take; then by the relaxation's density; ties by rank, so the order (and the answer)
        # never depends on the input's.
        items.sort(key=lambda t: (t[0].forced, density(t[3], t[2]), r.weights[t[0].id]), reverse=True)
        self.all_items = items
        group: dict[tuple, list[int]] = {}
        for k, t in enumerate(items):
            group.setdefault(_twin_key(t), []).append(k)
        self.twin_group = {k: (ks, x) for ks in group.values() if len(ks) > 1 for x, k in enumerate(ks)}
        self.by_position = ([r.weights[t[0].id] for t in items], [t[0].max_dkk - t[0].min_dkk for t in items],
                            [t[0].max_dkk - t[0].baseline_dkk for t in items])  # what `_dominated` reads
        self.forced_positions = [k for k, t in enumerate(items) if t[0].forced]
        self._arrays(items)
        self.pre_full: list[Candidate] = []
        self.tables: _RunTables | None = None
        self.reduced: _Reduced | None = None
        self.pre_partial: Candidate | None = None
        self.exclude = -1
        self.value_step = 0
        for c in r.free:
            self.value_step = math.gcd(self.value_step, c.value)
        self.lower_least = -(len(r.free) + 1) * r.pack.partial  # the later stages' least, packed
        self._zone()  # a start given before the search knew its step
        count = 0 if r.grants is None else r.grants
        n = len(items)
        limit = sys.getrecursionlimit()
        if limit < 4 * n + 1000:
            sys.setrecursionlimit(4 * n + 1000)
        try:
            if split:
                self.greedy()
                self.upper = self.bound(0, r.budget, 0, 0)
                self.descend(0, r.budget, count, r.partials, 0, [], 0, 0)
            else:
                runs = []
                for j, (c, _partial, _first, _profit) in enumerate(items):
                    if not (one and c.min_dkk < c.max_dkk and c.min_dkk <= r.budget):
                        continue
                    gain, room, rate = r.in_part(c), c.max_dkk - 1 - c.min_dkk, r.rate(c)
                    self.exclude = j
                    upper = gain + self.bound(0, r.budget - c.min_dkk, room, rate)
                    runs.append((-upper, r.weights[c.id], j))
                self.exclude = -1
                runs.append((-self.bound(0, r.budget, 0, 0), 0, None))  # no grant in part
                runs.sort(key=lambda run: (run[0], run[1]))
                self.upper = -runs[0][0]
                for _negative_upper, _w, j in runs[:_GREEDY_RUNS]:
                    self.greedy(j)  # a good first incumbent makes the fixing in each run bite
                cheapest = self._cheapest_values(self.upper)
                for negative_upper, _w, j in runs:
                    if self.best is not None and not self._may_reach(-negative_upper):
                        break  # no later run can reach the best either: they are in order of their bound
                    if cheapest is not None and self.best is not None and (j is None or not items[j][0].forced):
                        # Even with every candidate in full beside it, the kroner left cannot buy the
                        # best's value: this grant in part cannot be in an allocation as good.
                        part = None if j is None else items[j][0]
                        need = -(-(self.best_value - (part.value if part else 0)) // self.value_step)
                        if 0 < need < len(cheapest) and int(cheapest[need]) > r.budget - (part.min_dkk if part else 0):
                            continue
                    self.run_fixed(j)
        finally:
            sys.setrecursionlimit(limit)
        if self.best_grants is None:
            raise SolverFailure(_("no allocation keeps within the budget of {budget} kr and the pool's rules with "
                                  "the included applications funded", budget=kroner(r.problem.budget_dkk)))
        return self.best_grants

    def _cheapest_values(self, upper: int) -> Sequence[int] | None:
        """The fewest kroner with which the candidates, each in full (the forced always), reach at
        least d steps of the values' gcd in value, for d up to what `upper` allows; None when the
        values have no common step."""
        step = self.value_step
        if not step:
            return None
        import numpy as np

        top = (upper - self.lower_least) // self.r.pack.value // step + 1
        if top * len(self.all_items) > _TABLE_CELLS:
            return None  # too large to be worth it: the searches' own bounds decide
        unreachable = 1 << 62
        least = np.full(top + 1, unreachable, dtype=np.int64)
        least[0] = 0
        take = np.empty_like(least)
        for c, _partial, cost, _profit in self.all_items:
            k = min(c.value // step, top + 1)  # at least u steps: those below k need only this one
            take[:k] = least[0] + cost
            np.add(least[:top + 1 - k], cost, out=take[k:])
            np.minimum(take, unreachable, out=take)
            if c.forced:
                least, take = take, least
            else:
                np.minimum(least, take, out=least)
        return least  # read at one position a search: no list of it

    def _may_reach(self, upper: int) -> bool:
        """Whether an allocation bounded by `upper` may reach the best found: the bound itself, and
        its total value rounded down to a whole multiple of the values' gcd."""
        if upper < self.best:
            return False
        if not self.value_step:
            return True
        packed = self.r.pack.value
        reach = (upper - self.lower_least) // packed // self.value_step * self.value_step
        return reach >= self.best_value

    def _arrays(self, items: list) -> None:
        """The figures the search reads by position, for `items` in the search's order."""
        r = self.r
        self.items = items
        n = len(items)
        self.cost = [t[2] for t in items]
        self.profit = [t[3] for t in items]
        self.rest = [t[0].max_dkk - t[2] for t in items]  # the second piece (grant in part)
        self.rates = [r.rate(t[0]) for t in items]
        cum_cost, cum_profit = [0], [0]
        for i in range(n):
            cum_cost.append(cum_cost[-1] + self.cost[i])
            cum_profit.append(cum_profit[-1] + self.profit[i])
        self.cum_cost, self.cum_profit = cum_cost, cum_profit
        rest_sum, rate_max = [0] * (n + 1), [0] * (n + 1)
        forced_after, forced_count = [0] * (n + 1), [0] * (n + 1)
        for i in range(n - 1, -1, -1):
            rest_sum[i] = rest_sum[i + 1] + self.rest[i]
            rate_max[i] = max(rate_max[i + 1], self.rates[i])
            forced = items[i][0].forced
            forced_after[i] = forced_after[i + 1] + (self.cost[i] if forced else 0)
            forced_count[i] = forced_count[i + 1] + int(forced)
        self.rest_sum, self.rate_max = rest_sum, rate_max
        self.tops: dict[int, list[int]] = {}  # `_fewest`'s sums, by position, made when first read
        self.below_rate: dict[int, int] = {}  # `bound`'s first position worth less than a rate
        self.forced_after, self.forced_count = forced_after, forced_count
        self.n_forced = forced_count[0]  # the forced stand first in the search's order
        # Twins: candidates alike in everything the stages before the tie-break read. Of two twins
        # the higher-ranked stands first (its tie-break makes it denser), and an allocation that
        # funds the lower-ranked one more always has a better twin (swap their grants: the same
        # figures, a larger tie-break), so a twin is funded only if the one before it is, and in
        # full only if that one is.
        twin, last = [-1] * n, {}
        for i, t in enumerate(items):
            key = _twin_key(t)
            twin[i] = last.get(key, -1)
            last[key] = i
        self.twin, self.how = twin, [0] * n  # `how`: how the search funds each position now (1 in full, 2 in part)
        twins_end = list(range(1, n + 1))  # the position after the twins that follow each in a row
        for i in range(n - 2, -1, -1):
            if twin[i + 1] == i:
                twins_end[i] = twins_end[i + 1]
        self.twins_end = twins_end

    def run_fixed(self, j: int | None) -> None:
        """One search of grants in full, with the candidate at position `j` (of all candidates) as
        the grant in part, or none. First the candidates whose choice the relaxation decides are
        fixed (reduced costs against the best allocation found: a Lagrangian bound on the kroner
        with one price, exact in integers), then those worth more than the value the rest may lose
        and still tie the best; the search then branches on the others only."""
        self.clock()
        r = self.r
        items = self.all_items
        cap = r.budget
        count = 0 if r.grants is None else r.grants
        gain = value = absorb = absorb_rate = 0
        part = None
        if j is not None:
            part = items[j][0]
            cap -= part.min_dkk
            count -= 1
            gain, value = r.in_part(part), part.value
            absorb, absorb_rate = part.max_dkk - 1 - part.min_dkk, r.rate(part)
        dominated = self._dominated(part)
        if self.best is None:
            fixed_in: list[int] = []
            kept = [k for k in range(len(items)) if k != j]
            if dominated is not None:
                if any(dominated(k) for k in self.forced_positions):
                    return
                kept = [k for k in kept if not dominated(k)]
        else:
            rc = self.reduced or self._reduce()
            if j is None:
                total = rc.total
            else:
                d = rc.d[j]
                total = (rc.total - (d if part.forced else max(0, d)) + gain * rc.per
                         - rc.price * part.min_dkk + max(0, absorb_rate * rc.per - rc.price) * absorb)
            gap = total - self.best * rc.per
            if gap < 0:
                return
            # Fixed in: worth more against the price than the bound can spare; out: the other way.
            first_in = bisect.bisect_right(rc.ds, gap)
            order = rc.order
            if dominated is not None and (any(dominated(order[x]) for x in range(first_in, len(order)))
                                          or any(dominated(k) for k in self.forced_positions)):
                return  # every allocation of this search as good as the best has a better twin (most end here)
            first_kept = bisect.bisect_left(rc.ds, -gap)
            fixed_in = [k for k in order[first_in:] if k != j] + [k for k in rc.forced if k != j]
            kept = sorted(k for k in order[first_kept:first_in] if k != j)
            if dominated is not None:
                kept = [k for k in kept if not dominated(k)]
            step = self.value_step
            if step:
                # To tie the best's value the rest may leave out at most its slack in steps of the
                # values' gcd: a candidate worth more than that must be funded.
                slack = (sum(items[k][0].value for k in kept) + sum(items[k][0].value for k in fixed_in) + value
                         - self.best_value) // step
                if slack < 0:
                    return
                fixed_in += [k for k in kept if items[k][0].value // step > slack]
                kept = [k for k in kept if items[k][0].value // step <= slack]
        twins, x = self.twin_group.get(j, ((), 0))
        if x:
            # Its twins ranked above it are funded in full beside it: with one of them not funded,
            # giving that one the grant in part instead is the same allocation with a larger tie-break.
            above = set(twins[:x])
            if not above <= set(kept) | set(fixed_in):
                return
            already = set(fixed_in)
            fixed_in += [k for k in twins[:x] if k not in already]
            kept = [k for k in kept if k not in above]
        for k in fixed_in:
            t = items[k]
            cap -= t[2]
            gain += t[3]
            value += t[0].value
        count -= len(fixed_in)
        if cap < 0 or (r.grants is not None and count < 0):
            return  # what must be funded to beat the best does not fit
        self._arrays([items[k] for k in kept])
        self.tables = _RunTables(self, value, absorb_rate) if self.value_step else None
        self.pre_full = [items[k][0] for k in fixed_in]
        self.pre_partial = part
        try:
            self.descend(0, cap, count, 0, gain, [], absorb, absorb_rate, value)
        finally:
            self.pre_full, self.pre_partial, self.tables = [], None, None

    def _dominated(self, part: Candidate | None) -> Callable[[int], bool] | None:
        """With `part` the one grant in part: which candidates (by position) need not be funded in
        full beside it.
        Such a candidate `q` ranks below `part` and can give up any shortfall `part` can (its
        smallest grant leaves as much room below its request): the allocation with `q` cut by the
        shortfall and `part` in full grants the same kroner for the same value with as many grants
        in part, weighs more on the tie-break (the shortfall moves to the lower-ranked), and with
        a baseline moves no more kroner from it — so an allocation with `q` in full and `part` cut
        is never the best.

        With a baseline b: for a shortfall e (1 <= e <= room, `part`'s request less its smallest
        grant), the twin moves f(e) = |A| - |A - e| + |C - e| - |C| kroner more, A = `part`'s request
        less its baseline, C = `q`'s. f(e) = 0 for e <= min(A, C); 2e - 2C > 0 for C < e <= A;
        2A - 2e < 0 for A < e <= C; 2A - 2C beyond both. So f(e) <= 0 for every e in range exactly
        when C >= A or C >= room. Without a baseline (every b is 0) that holds of every `q` that
        can take the shortfall, whose request is more than its room."""
        if part is None:
            return None
        weight, room = self.r.weights[part.id], part.max_dkk - part.min_dkk
        distance = min(part.max_dkk - part.baseline_dkk, room)  # C at least this: f(e) <= 0
        weights, rooms, distances = self.by_position
        return lambda k: weights[k] < weight and rooms[k] >= room and distances[k] >= distance

    def _reduce(self) -> _Reduced:
        """The reduced costs of every candidate in full against one price: the relaxation's price
        of a krone with no grant in part. A Lagrangian bound holds at any price, so one serves
        every search (each grant in part adjusts the total by its own terms)."""
        r = self.r
        items = self.all_items
        price, per = self._price(items, r.budget, 0, 0)
        d = [t[3] * per - price * t[2] for t in items]
        forced = self.forced_positions
        order = sorted((k for k, t in enumerate(items) if not t[0].forced), key=d.__getitem__)
        total = price * r.budget + sum(d[k] for k in forced) + sum(max(0, d[k]) for k in order)
        self.reduced = _Reduced(price, per, d, [d[k] for k in order], order, forced, total)
        return self.reduced

    def _price(self, rest: list, cap: int, absorb: int, absorb_rate: int) -> tuple[int, int]:
        """The relaxation's price of a krone as a fraction (numerator, denominator): the worth per
        krone where `cap` kroner run out, filling the forced first, then by worth per krone (the
        kroner left over to the grant in part at `absorb_rate`, for `absorb` kroner)."""
        left = cap
        absorbed = absorb == 0
        for t in rest:
            if not t[0].forced and not absorbed and t[3] < absorb_rate * t[2]:
                if left <= absorb:
                    return absorb_rate, 1
                left -= absorb
                absorbed = True
            if t[2] > left and not t[0].forced:
                return t[3], t[2]
            left -= t[2]
        if not absorbed and left <= absorb:
            return absorb_rate, 1
        return 0, 1

    def bound(self, i: int, cap: int, absorb: int, absorb_rate: int) -> int:
        """At most what the candidates from position `i` on (but `self.exclude`), and the kroner left
        over to the grants in part (the second pieces of those still to choose, and `absorb` kroner
        of room at most `absorb_rate` each for those chosen), can add with `cap` kroner left: the
        relaxation, filled in density order — the candidates worth at least the second pieces' best
        rate, then those pieces, then the rest."""
        n = len(self.cost)
        rest = self.rest_sum[i] + absorb
        if not rest:
            total, left, e = self._fill(i, n, cap)
            if e < n and not self.split:
                return self._martello_toth(i, cap, e)
            return total
        rate = max(self.rate_max[i] if self.rest_sum[i] else 0, absorb_rate)
        profit, cost = self.profit, self.cost
        # The forced come first whatever their worth: they are filled before the rest pieces, and the
        # bisection runs over the others, in order of worth per krone.
        # (the positions worth less than `rate` per krone: their start is found once per rate)
        start = self.below_rate.get(rate)
        if start is None:
            start = self.below_rate[rate] = bisect.bisect_left(range(n), True, lo=self.n_forced,
                                                               key=lambda k: profit[k] < rate * cost[k])
        q = max(i, start)
        total, left, e = self._fill(i, q, cap)
        if e < q:
            if not self.split:  # grants in full, and left-over kroner to the grant in part chosen
                return min(total, self._martello_toth(i, cap, e, rate))
            return total
        take = min(left, rest)
        total += take * rate
        left -= take
        if left > 0 and q < n:
            total += self._fill(q, n, left)[0]
        return total

    def _fewest(self, i: int, count: int) -> int:
        """At most what `count` more grants from position `i` on can add, budget aside: the
        `count` largest figures of a grant in full (no grant is worth more than its request in
        full), the bound that `max_grants` makes tight where the relaxation of the kroner is not."""
        tops = self.tops.get(i)
        if tops is None:
            figures = sorted((self.r.in_full[t[0].id] for t in self.items[i:]), reverse=True)
            tops = [0]
            for figure in figures:
                tops.append(tops[-1] + max(0, figure))
            self.tops[i] = tops
        return tops[min(count, len(tops) - 1)]

    def _fill(self, lo: int, hi: int, cap: int) -> tuple[int, int, int]:
        """The relaxation over positions lo..hi-1 but `self.exclude` with `cap` kroner: its value
        (the break item's fraction rounded up), the kroner left, and the break item's position
        (`hi` when everything fits)."""
        cum_cost, cum_profit = self.cum_cost, self.cum_profit
        base = cum_cost[lo]
        e = bisect.bisect_right(cum_cost, base + cap, lo, hi + 1) - 1  # lo..e-1 fit whole
        j = self.exclude
        if lo <= j < hi and j <= e:  # the excluded item leaves its room to the next ones
            e = bisect.bisect_right(cum_cost, base + cap + self.cost[j], lo, hi + 1) - 1
            total = cum_profit[e] - cum_profit[lo] - self.profit[j]
            left = cap - (cum_cost[e] - base - self.cost[j])
        else:
            total = cum_profit[e] - cum_profit[lo]
            left = cap - (cum_cost[e] - base)
        if e < hi:
            return total - ((-left * self.profit[e]) // self.cost[e]), 0, e
        return total, left, hi

    def _martello_toth(self, i: int, cap: int, e: int, absorb_rate: int = 0) -> int:
        """Martello and Toth's bound for grants in full, at most the relaxation's: the break item `e`
        either out (the kroner left at the best density after it: the next item's, or
        `absorb_rate` for kroner left over to a grant in part) or in (the kroner it lacks taken
        from the item before it, at that item's density)."""
        j = self.exclude
        profit, cost = self.profit, self.cost
        inside_j = i <= j < e
        prefix = self.cum_profit[e] - self.cum_profit[i] - (profit[j] if inside_j else 0)
        room = cap - (self.cum_cost[e] - self.cum_cost[i] - (cost[j] if inside_j else 0))
        nxt = e + 1 + (e + 1 == j)
        if nxt < len(cost) and profit[nxt] >= absorb_rate * cost[nxt]:
            out = prefix - ((-room * profit[nxt]) // cost[nxt])
        else:
            out = prefix + room * absorb_rate
        prv = e - 1 - (e - 1 == j)
        if prv < i:
            return out
        inside = prefix + profit[e] - ((cost[e] - room) * profit[prv]) // cost[prv]
        return max(out, inside)

    def leaf(self, cap: int, taken: list[tuple[int, int]], gain: int, value: int | None = None) -> None:
        """Every choice made: the grants in part take the kroner left over, best worth first.
        `gain` is exact for the grants in full and counts each grant in part at its estimate;
        `value`, where known, is the total value of every grant."""
        r = self.r
        partial_items = [self.items[i][0] for i, how in taken if how == 2]
        if self.pre_partial is not None:
            partial_items.append(self.pre_partial)
        extra: dict[str, int] = {}
        if partial_items:
            extra = {c.id: c.min_dkk for c in partial_items}
            if cap > 0:
                self.fill(partial_items, extra, cap)
            for c in partial_items:
                gain += r.gain(c, extra[c.id]) - r.in_part(c)
        if self.best is not None and gain < self.best:
            return
        grants = {self.items[i][0].id: self.items[i][0].max_dkk for i, how in taken if how == 1}
        grants.update((c.id, c.max_dkk) for c in self.pre_full)
        grants.update(extra)
        self.offer(gain, grants, value)

    @property
    def _by_id(self) -> dict[str, Candidate]:
        cache = self.__dict__.get("_cache")
        if cache is None:
            cache = self.__dict__["_cache"] = {c.id: c for c in self.r.free}
        return cache

    def fill(self, partial_items: list[Candidate], grants: dict[str, int], cap: int) -> None:
        """Give `cap` kroner to the grants in part, up to one krone below each request, by their worth
        per krone: below its baseline a krone also moves less, above it more."""
        r = self.r
        pieces = []
        for c in partial_items:
            room = c.max_dkk - 1 - c.min_dkk
            if room <= 0:
                continue
            base = r.pack.kroner + r.weights[c.id]
            if r.baseline and c.min_dkk < c.baseline_dkk:
                below = min(room, c.baseline_dkk - c.min_dkk)
                pieces.append((base + r.pack.moved, r.weights[c.id], c.id, below))
                if room > below:
                    pieces.append((base - r.pack.moved, r.weights[c.id], c.id, room - below))
            else:
                pieces.append((base - (r.pack.moved if r.baseline else 0), r.weights[c.id], c.id, room))
        pieces.sort(reverse=True)
        for _rate, _w, id_, room in pieces:
            if cap <= 0:
                break
            give = min(room, cap)
            grants[id_] += give
            cap -= give

    def greedy(self, part: int | None = None) -> None:
        """A first incumbent: in the search's order, fund in full what fits (the forced first); with
        `part`, the candidate at that position is the one grant in part and is chosen first."""
        r = self.r
        cap = r.budget
        count = 0 if r.grants is None else r.grants
        taken: list[tuple[int, int]] = []
        gain = 0
        partials = r.partials
        order = range(len(self.items))  # the forced stand first in the search's order
        if part is not None:
            order = [part, *(i for i in order if i != part)]
        for i in order:
            c = self.items[i][0]
            if r.grants is not None and count <= 0:
                if c.forced:
                    return  # the search finds a way, or says there is none
                continue
            if i != part and c.max_dkk <= cap:
                taken.append((i, 1))
                gain += r.in_full[c.id]
                cap -= c.max_dkk
                count -= 1
            elif ((partials is None or partials > 0) and c.min_dkk <= cap and c.min_dkk < c.max_dkk
                  and (part is None or i == part)):
                taken.append((i, 2))
                gain += r.in_part(c)
                cap -= c.min_dkk
                count -= 1
                partials = None if partials is None else partials - 1
            elif c.forced or i == part:
                return  # the search finds a way, or says there is none
        self.leaf(cap, taken, gain)

    def descend(self, i: int, cap: int, count: int, partials: int | None, gain: int,
                taken: list[tuple[int, int]], absorb: int, absorb_rate: int, value: int = 0) -> None:
        """Choose for the candidate at position `i` and on. `gain` is exact for grants in full and at
        most the truth for grants in part (their left-over kroner counted at their best rate), so a
        branch is cut only when even that cannot reach the best allocation found."""
        self.clock()
        r = self.r
        if self.forced_after[i] > cap:
            return
        limited = r.grants is not None
        if limited and self.forced_count[i] > count:
            return
        if i == len(self.items):
            self.leaf(cap, taken, gain, value)
            return
        if self.best is not None:
            upper = gain + self.bound(i, cap, absorb, absorb_rate)
            if limited and upper >= self.best and count < len(self.items) - i <= _FEWEST_ITEMS:
                upper = min(upper, gain + self._fewest(i, count) + min(absorb, cap) * absorb_rate)
            if upper < self.best:
                return
            tables = self.tables
            reach = None if tables is None else tables.reach(i, cap, value)
            if reach is not None:  # one search of grants in full: its value is known exactly
                if reach < 0:
                    return  # the rest cannot even tie the best's value in the kroner left
                if reach == 0 and not tables.may_tie(i, cap, gain, value, absorb_rate):
                    return
            # The total value is a whole multiple of the values' gcd: where the relaxation's fraction
            # cannot lift it past the best's, only the later stages are left, at most the kroner
            # left at the best worth per krone.
            elif upper < self.value_zone:  # the value can reach the best's at most (one comparison a node)
                if not self._may_reach(upper):
                    return
                packed = self.r.pack.value
                if self.best_value * packed + gain - value * packed + cap * max(self.rate_max[i], absorb_rate) < self.best:
                    return
        c, can_part, _first, _profit = self.items[i]
        twin = self.twin[i]
        before = 1 if twin < 0 else self.how[twin]  # how its twin before it is funded
        if before and (not limited or count > 0):
            how = self.how
            if c.max_dkk <= cap and before == 1:
                taken.append((i, 1))
                how[i] = 1
                self.descend(i + 1, cap - c.max_dkk, count - 1, partials, gain + r.in_full[c.id], taken,
                             absorb, absorb_rate, value + c.value)
                taken.pop()
            if can_part and (partials is None or partials > 0) and c.min_dkk <= cap:
                taken.append((i, 2))
                how[i] = 2
                rate = r.rate(c)
                self.descend(i + 1, cap - c.min_dkk, count - 1, None if partials is None else partials - 1,
                             gain + r.in_part(c), taken,
                             absorb + c.max_dkk - 1 - c.min_dkk, max(absorb_rate, rate), value + c.value)
                taken.pop()
            how[i] = 0
        if not c.forced:
            # Not funded: where its twin above is not funded either, neither are the twins right after it.
            self.descend(i + 1 if before else self.twins_end[i], cap, count, partials, gain, taken, absorb,
                         absorb_rate, value)


@dataclass(frozen=True)
class _Reduced:
    """Reduced costs at one price (`price` / `per` per krone), times `per`: `d` by position, `ds`
    ascending for the candidates not forced (`order`: their positions), and the bound's total."""

    price: int
    per: int
    d: list[int]
    ds: list[int]
    order: list[int]
    forced: list[int]
    total: int


class _RunTables:
    """Exact tables over the values' gcd steps for one search of grants in full (its candidates
    fixed in order), against the best allocation's value, rebuilt when that value rises. They are
    kept small by counting what the rest leaves out rather than what it takes: from position `i`
    on, taking everything gives `steps[i]` steps of value for `kroner[i]` kroner; a branch needs
    `d` of those steps to tie the best, so it may leave out at most `steps[i] - d` (its slack, at
    most the root's).

    - `saved[i][u]`: the most kroner saved by leaving out candidates from `i` on worth at most `u`
      steps (the forced never left out). Whether the kroner left buy one step more than the best's
      value, or only a tie, or not even that, is then exact: the total value is settled where the
      relaxation leaves a fraction.
    - `lost[i][u]` (built when a branch first can only tie, once the search has visited
      `_LOST_AFTER` nodes: most searches end sooner than the table is built): the least that candidates from `i` on
      worth exactly `u` steps add to the later stages, each of their kroner counted at `price`
      less (None: no such choice). With `price` at least any krone's worth, what the rest adds
      less this, and `price` times the kroner left, bound the later stages of a tie, capacity
      aside.
    """

    def __init__(self, search: _Search, value: int, absorb_rate: int) -> None:
        self.search, self.value, self.absorb_rate = search, value, absorb_rate
        self.step = step = search.value_step
        items = search.items
        m = len(items)
        self.units = [t[0].value // step for t in items]
        steps, kroner = [0] * (m + 1), [0] * (m + 1)
        for i in range(m - 1, -1, -1):
            steps[i] = steps[i + 1] + self.units[i]
            kroner[i] = kroner[i + 1] + search.cost[i]
        self.steps, self.kroner = steps, kroner
        self.built_for: int | None = None
        self.born = search.nodes  # the search's node count when this one began

    def _build(self) -> None:
        import numpy as np

        s = self.search
        self.built_for = s.best_value
        need = (s.best_value - self.value) // self.step
        self.slack = top = self.steps[0] - need
        self.lost = None
        self.saved = []  # the table (an array) once built; empty where no row is ever read
        if top < 0:
            return  # not even a tie: every branch is cut before a row is read
        m = len(s.items)
        if top > _TABLE_STEPS or m * (top + 1) > _TABLE_CELLS:
            self.saved = None  # too large to be worth it: the relaxation alone bounds this search
            return
        saved = np.zeros((m + 1, top + 1), dtype=np.int64)
        for i in range(m - 1, -1, -1):
            saved[i] = saved[i + 1]
            k = self.units[i]
            if not s.items[i][0].forced and k <= top:
                np.maximum(saved[i, k:], saved[i + 1, :top + 1 - k] + s.cost[i], out=saved[i, k:])
        self.saved = saved  # read a few cells a build: `item` each, not the whole table as lists

    def reach(self, i: int, cap: int, value: int) -> int | None:
        """1 if the candidates from `i` on can pass the best's value with `cap` kroner, 0 if they can
        at most tie it, -1 if they cannot reach it; None if the table is too large to build."""
        if self.built_for != self.search.best_value:
            self._build()
        if self.saved is None:
            return None
        d = (self.search.best_value - value) // self.step
        if d < 0:
            return 1
        u = self.steps[i] - d
        if u < 0:
            return -1
        saved = self.saved
        if u >= 1 and self.kroner[i] - saved.item(i, u - 1) <= cap:
            return 1
        return 0 if self.kroner[i] - saved.item(i, u) <= cap else -1

    def may_tie(self, i: int, cap: int, gain: int, value: int, absorb_rate: int) -> bool:
        """Whether a choice from `i` on that ties the best's value can beat it on the later stages."""
        s = self.search
        packed = s.r.pack.value
        fixed = s.best_value * packed + gain - value * packed
        if fixed + cap * max(s.rate_max[i], absorb_rate) < s.best:
            return False
        if self.lost is None:
            if len(s.items) * (self.slack + 1) > _TABLE_CELLS // 10:
                return True  # too large to be worth it in plain Python
            if s.nodes - self.born < _LOST_AFTER:
                return True  # a short search ends sooner than the table is built
            self._build_lost()
        u = self.steps[i] - (s.best_value - value) // self.step
        lost = self.lost.item(i, u) if self.lost_cut is not None else self.lost[i][u]
        if lost is None or (self.lost_cut is not None and lost >= self.lost_cut):
            return False  # no choice of the rest ties the best's value
        return fixed + cap * self.price + self.worth[i] - lost >= s.best

    def _build_lost(self) -> None:
        s = self.search
        top = self.slack
        self.price = price = max([self.absorb_rate] + s.rates)
        packed = s.r.pack.value
        m = len(s.items)
        worth = [s.profit[i] - s.items[i][0].value * packed - price * s.cost[i] for i in range(m)]
        total = [0] * (m + 1)
        for i in range(m - 1, -1, -1):
            total[i] = total[i + 1] + worth[i]
        self.worth = total
        if (m + 1) * max((abs(w) for w in worth), default=0) < 1 << 60:  # exact in 64-bit integers
            import numpy as np

            unreachable = 1 << 62
            lost = np.full((m + 1, top + 1), unreachable, dtype=np.int64)
            lost[m, 0] = 0
            for i in range(m - 1, -1, -1):
                lost[i] = lost[i + 1]
                k = self.units[i]
                if not s.items[i][0].forced and k <= top:
                    np.minimum(lost[i, k:], lost[i + 1, :top + 1 - k] + worth[i], out=lost[i, k:])
            self.lost, self.lost_cut = lost, 1 << 61  # from 2**61 up: no such choice
            return
        self.lost_cut = None
        rows: list[list[int | None]] = [[None] * (top + 1) for _ in range(m + 1)]
        rows[m][0] = 0
        for i in range(m - 1, -1, -1):
            below = rows[i + 1]
            row = below[:]
            k = self.units[i]
            if not s.items[i][0].forced:
                w = worth[i]
                for u in range(k, top + 1):
                    was = below[u - k]
                    if was is not None:
                        mine = was + w
                        if row[u] is None or mine < row[u]:
                            row[u] = mine
            rows[i] = row
        self.lost = rows


def _twin_key(item: tuple) -> tuple:
    """What the stages before the tie-break read of a candidate in the search (`_Search._arrays`)."""
    return item[0].alike, item[1]


def _density_key(costs: Sequence[int]) -> Callable[[int, int], object]:
    """profit / cost as a sort key, exact: with every cost from 1 to `most`, two different
    fractions differ by at least 1 / most², so their floors times most² differ and keep their
    order (and equal fractions have equal floors) — whole numbers, compared in C. With a cost
    below 1 anywhere, the fractions themselves (`_Density`)."""
    if not costs or min(costs) < 1:
        return _Density
    scale = max(costs) ** 2
    return lambda profit, cost: (profit * scale) // cost


class _Density:
    """profit / cost as an exact fraction, for sorting."""

    __slots__ = ("profit", "cost")

    def __init__(self, profit: int, cost: int) -> None:
        self.profit, self.cost = profit, cost

    def __lt__(self, other: _Density) -> bool:
        return self.profit * other.cost < other.profit * self.cost

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Density) and self.profit * other.cost == other.profit * self.cost
