"""The allocation at every budget of a range, in one pass: a dynamic programme over kroner.

`solve` answers one budget with a lexicographic integer program. Asked for a whole budget curve
(say 1,000 budgets), one solve per budget repeats nearly the same work a thousand times. This
module computes every point at once, exactly, with the same lexicographic objective as `solve`
(`solver.objective`, without a baseline): total value, kroner granted, partial grants, tie-break.

The programme runs over `t`, the kroner granted *exactly*. For every `t` (and, with a maximum
number of grants, every count of grants) it keeps the best (value, −partials, tie-break) of any
allocation granting exactly `t`. At budget B the answer is then the `t ≤ B` with the best value,
then the largest `t` — stage 2 is "kroner granted" itself — then the best of the rest, which is
stored with `t`. The three figures are packed into one 64-bit integer (`_PACKED`: in the stages'
order, each in its own range, signed so that larger is better), so comparing two states is one
integer comparison.

Per candidate a state can add nothing (not funded), the full request, or any partial grant
between the smallest workable grant and the request less one krone; the partial case is a
sliding-window maximum, computed in O(T) with the van Herk/Gil-Werman blocks. Amounts are
first divided by the greatest common divisor of every amount and budget, which is exact (an
optimal allocation then lies on that grid) and makes rounds in whole thousands cheap.

The funded set at each budget is read back by walking the candidates backwards. Every layer is
kept when that takes at most 512 MB (n·T integers); above that a layer is kept every ~√n
candidates and the layers in between are recomputed when the walk reaches them (about twice the
forward work, in √n layers of memory).
Where two allocations tie on all four figures the integer program may pick either; the walk
picks a deterministic one (not funded, then full, then the largest partial grant).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from digipulje.base.errors import OverrideConflict, SolverFailure, kroner
from digipulje.messages import _
from digipulje.solver.objective import KRONER, PARTIALS, TIE_BREAK, VALUE, Figures, rank_weights, stages
from digipulje.solver.problem import Candidate

_NEG = -(1 << 62)  # "no allocation grants exactly this": below every packed key, even after additions
_LIMIT = 1 << 61  # largest packed key allowed, so that _NEG plus any additions stays negative
KEEP_ALL_LAYERS_BYTES = 512 * 2**20  # below this, every layer is kept and nothing is recomputed
MAX_BYTES = 2 * 2**30  # above this the programme is not attempted (`SweepTooLarge`)
# The stages the packed key holds, most significant first; `KRONER` is the programme's index `t`.
_PACKED = (VALUE, PARTIALS, TIE_BREAK)
assert [s.name for s in stages(has_baseline=False) if s.name != KRONER] == list(_PACKED), "the stages' order"


class SweepTooLarge(SolverFailure):
    """The programme would need more memory or wider integers than it may use: solve point by point."""


@dataclass(frozen=True, kw_only=True)
class SweepPoint(Figures):
    """The allocation at one budget, and its objective figures (as `solve` reports them)."""

    budget_dkk: int
    granted: dict[str, int]  # id -> kroner, every candidate present (0 if not funded)


@dataclass(frozen=True)
class _Item:
    id: str
    value: int
    min: int  # scaled
    max: int  # scaled
    weight: int
    forced: bool


def require_overrides_hold(cands: Sequence[Candidate], budgets: Sequence[int], max_grants: int | None,
                           max_partial_grants: int | None) -> tuple[list[Candidate], list[Candidate], int]:
    """Refuse a budget range whose smallest budget cannot hold the overrides, in one line naming
    the budget to start at; the fixed candidates, the usable free ones and the fixed kroner."""
    fixed = [c for c in cands if c.fixed_dkk is not None]
    free = [c for c in cands if c.fixed_dkk is None]
    impossible = [c for c in free if c.forced and c.min_dkk > c.max_dkk]
    if impossible:
        raise OverrideConflict(*(_("{application} is included by override, but its smallest grant ({minimum} kr) "
                                   "is more than the {requested} kr requested", application=c.id,
                                   minimum=kroner(c.min_dkk), requested=kroner(c.max_dkk)) for c in impossible))
    usable = [c for c in free if c.min_dkk <= c.max_dkk]  # the others can never be funded
    fixed_kroner = sum(c.fixed_dkk for c in fixed)  # type: ignore[misc]
    need = fixed_kroner + sum(c.min_dkk for c in usable if c.forced)
    if need > min(budgets):
        raise OverrideConflict(_("the overrides need at least {amount} kr: start the budget range there",
                                 amount=kroner(need)))
    forced_count = len(fixed) + sum(c.forced for c in usable)
    if max_grants is not None and forced_count > max_grants:
        raise OverrideConflict(_("the overrides force {count} grants, more than the maximum of {maximum}",
                                 count=forced_count, maximum=max_grants))
    cuts = sorted((c.max_dkk - c.min_dkk for c in usable if c.forced), reverse=True)
    if max_partial_grants is not None and need + sum(cuts[max_partial_grants:]) > min(budgets):
        raise OverrideConflict(_("the overrides need at least {amount} kr with the pool's cap on partial grants: "
                                 "start the budget range there", amount=kroner(need + sum(cuts[max_partial_grants:]))))

    return fixed, usable, fixed_kroner


def sweep_budgets(
    candidates: Sequence[Candidate],
    budgets: Sequence[int],
    max_grants: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    max_partial_grants: int | None = None,
) -> list[SweepPoint]:
    """The optimal allocation at every budget in `budgets`, identical in its objective to `solve`.

    `max_partial_grants`: at most this many candidates granted less than their request (a fixed
    amount is the chiefs' decision and does not count); None for any number.

    `progress(done, total)` is called as the work advances (for a progress bar at the edges).
    """
    import numpy as np

    if not budgets:
        return []
    if any(b < 0 for b in budgets):
        raise SolverFailure(_("a budget cannot be negative"))
    cands = sorted(candidates, key=lambda c: c.id)
    n = len(cands)
    weight = rank_weights(cands)

    fixed, usable, fixed_kroner = require_overrides_hold(cands, budgets, max_grants, max_partial_grants)

    step = 0
    for amount in [*budgets, fixed_kroner, *(a for c in usable for a in (c.min_dkk, c.max_dkk))]:
        step = math.gcd(step, amount)
    step = step or 1
    items = [_Item(c.id, c.value, c.min_dkk // step, c.max_dkk // step, weight[c.id], c.forced) for c in usable]
    top = (max(budgets) - fixed_kroner) // step

    # Packing (`_PACKED`): key = value·S1 + (n − partials)·S2 + tie_break, each part within its range.
    tie_max = sum(it.weight * it.max for it in items) + sum(weight[c.id] * c.fixed_dkk // step for c in fixed)  # type: ignore[operator]
    s2 = tie_max + 1
    s1 = (n + 1) * s2
    value_max = sum(c.value for c in cands if c.value > 0)
    counted = max_grants is not None
    capped = max_partial_grants is not None
    counts = 1 if max_grants is None else min(max_grants - len(fixed), len(items)) + 1
    levels = 1 if max_partial_grants is None else min(max_partial_grants, len(items)) + 1
    layer_bytes = counts * levels * (top + 1) * 8
    held = len(items) + 1 if (len(items) + 1) * layer_bytes <= KEEP_ALL_LAYERS_BYTES else 2 * math.isqrt(len(items)) + 2
    if value_max * s1 + n * s2 + tie_max >= _LIMIT or held * layer_bytes > MAX_BYTES:
        raise SweepTooLarge(_("the budget curve is too large to compute in one pass"))
    base = (sum(c.value for c in fixed) * s1 + (n - sum(c.fixed_dkk < c.max_dkk for c in fixed)) * s2  # type: ignore[operator]
            + sum(weight[c.id] * c.fixed_dkk // step for c in fixed))  # type: ignore[operator]

    first = np.full((counts, levels, top + 1), _NEG, dtype=np.int64)
    first[0, 0, 0] = base
    ts = np.arange(top + 1, dtype=np.int64)

    def advance(layer: np.ndarray, item: _Item) -> np.ndarray:
        return _advance(np, layer, item, s1, s2, ts, counted, capped)

    total_work = 2 * len(items)
    block = 1 if (len(items) + 1) * layer_bytes <= KEEP_ALL_LAYERS_BYTES else max(1, math.isqrt(len(items)))
    checkpoints = {0: first}
    layer = first
    for i, item in enumerate(items):
        layer = advance(layer, item)
        if (i + 1) % block == 0:
            checkpoints[i + 1] = layer
        if progress is not None:
            progress(i + 1, total_work)
    flat = layer.reshape(counts * levels, top + 1)
    final = flat.max(axis=0)
    final_state = flat.argmax(axis=0)  # count · levels + partial grants

    # For each budget: the best value within it, then the most kroner with that value.
    values = np.where(final >= 0, final // s1, -1)
    running = np.maximum.accumulate(values)
    attains = (values == running) & (values >= 0)
    last_attaining = np.maximum.accumulate(np.where(attains, ts, -1))
    states: dict[int, tuple[int, int, int]] = {}  # scaled t -> (count, partial grants, key)
    chosen_t: list[int] = []
    for b in budgets:
        t = int(last_attaining[(b - fixed_kroner) // step])
        if t < 0:
            raise SolverFailure(_("no allocation satisfies the rules at a budget of {budget} kr", budget=kroner(b)))
        chosen_t.append(t)
        states[t] = (int(final_state[t]) // levels, int(final_state[t]) % levels, int(final[t]))

    # Walk back through the candidates, every chosen state at once, a block of layers at a time.
    origins = sorted(states)
    grants = np.zeros((len(items), len(origins)), dtype=np.int64)
    count = np.array([states[t][0] for t in origins], dtype=np.int64)
    part = np.array([states[t][1] for t in origins], dtype=np.int64)
    where = np.array(origins, dtype=np.int64)
    keys = np.array([states[t][2] for t in origins], dtype=np.int64)
    done = len(items)
    for start in sorted(checkpoints, reverse=True):
        if start >= len(items):
            continue
        end = min(start + block, len(items))
        layers = [checkpoints[start]]
        for item in items[start:end - 1]:
            layers.append(advance(layers[-1], item))
        for i in range(end - 1, start - 1, -1):
            grants[i], count, part, where, keys = _undo(np, layers[i - start], items[i], count, part, where, keys,
                                                        s1, s2, counted, capped)
            done += 1
            if progress is not None:
                progress(done, total_work)
    amounts = {t: {it.id: int(grants[k, j]) * step for k, it in enumerate(items)} for j, t in enumerate(origins)}

    points = []
    for b, t in zip(budgets, chosen_t):
        granted = {c.id: 0 for c in cands}
        granted.update(amounts[t])
        granted.update({c.id: c.fixed_dkk for c in fixed})  # type: ignore[misc]
        key = states[t][2]
        partials = n - (key % s1) // s2
        points.append(SweepPoint(
            budget_dkk=b, granted=granted, value=key // s1, kroner=t * step + fixed_kroner,
            partials=partials, tie_break=(key % s2) * step,
        ))
    return points


def _advance(np, layer, item: _Item, s1: int, s2: int, ts, counted: bool, capped: bool):
    """The next layer: every state with `item` not funded, funded in full, or funded in part.

    A layer is indexed [grants counted, partial grants counted, kroner]; the first two axes have
    length 1 when there is no maximum to count against.
    """
    new = np.full_like(layer, _NEG) if item.forced else layer.copy()
    counts, levels, size = layer.shape
    c = 1 if counted else 0
    p = 1 if capped else 0
    if counts - c <= 0:
        return new
    src = layer[: counts - c]
    dst = new[c:]
    if item.max < size:
        gain = item.value * s1 + item.weight * item.max
        np.maximum(dst[:, :, item.max:], src[:, :, : size - item.max] + gain, out=dst[:, :, item.max:])
    width = item.max - item.min  # partial grants: min .. max−1
    if width > 0 and item.min < size and levels - p > 0:
        span = size - item.min
        part_src = src[:, : levels - p].reshape(-1, size)
        tilt = ts * item.weight  # the window maximum of layer − weight·t carries the weight·grant term
        best = _window_max(np, part_src, tilt, width, span)  # best[j] = max over s in j−width+1 .. j
        best += tilt[item.min:]
        best += item.value * s1 - s2
        part_dst = dst[:, p:, item.min:]
        np.maximum(part_dst, best.reshape(part_dst.shape), out=part_dst)
    return new


def _window_max(np, a, tilt, width: int, span: int):
    """Sliding maximum of `a − tilt` over the last `width` entries, for the first `span` ends
    (van Herk/Gil-Werman: a running maximum forwards and backwards within blocks of `width`)."""
    rows, size = a.shape
    blocks = -(-(span + width - 1) // width)
    b = np.empty((rows, blocks * width), dtype=np.int64)
    b[:, : width - 1] = _NEG
    used = min(size, blocks * width - (width - 1))
    np.subtract(a[:, :used], tilt[:used], out=b[:, width - 1: width - 1 + used])
    b[:, width - 1 + used:] = _NEG
    shaped = b.reshape(rows, blocks, width)
    prefix = np.maximum.accumulate(shaped, axis=2).reshape(rows, -1)
    suffix = np.empty_like(shaped)
    np.maximum.accumulate(shaped[:, :, ::-1], axis=2, out=suffix[:, :, ::-1])
    suffix = suffix.reshape(rows, -1)
    return np.maximum(suffix[:, :span], prefix[:, width - 1: width - 1 + span])


def _undo(np, previous, item: _Item, count, part, where, keys, s1: int, s2: int, counted: bool, capped: bool):
    """For every walk at once: which choice for `item` led to its state (count, partials, t, key).

    Returns the grant (scaled) per walk and the states before `item`.
    """
    c_shift = 1 if counted else 0
    p_shift = 1 if capped else 0
    grant = np.full(where.shape, -1, dtype=np.int64)
    before_count, before_part, before_t, before_key = count.copy(), part.copy(), where.copy(), keys.copy()
    if not item.forced:
        grant[previous[count, part, where] == keys] = 0
    pc = count - c_shift
    full_key = keys - item.value * s1 - item.weight * item.max
    can = (grant < 0) & (pc >= 0) & (where >= item.max)
    idx = np.nonzero(can)[0]
    hit = idx[previous[pc[idx], part[idx], where[idx] - item.max] == full_key[idx]]
    grant[hit] = item.max
    before_count[hit], before_t[hit], before_key[hit] = pc[hit], where[hit] - item.max, full_key[hit]
    for j in np.nonzero(grant < 0)[0]:  # a partial grant: search its window (few walks, few items)
        c, pp, t, key = int(pc[j]), int(part[j]) - p_shift, int(where[j]), int(keys[j])
        low, high = item.min, min(item.max - 1, t)
        if c >= 0 and pp >= 0 and item.max > item.min and low <= high:
            amounts = np.arange(high, low - 1, -1, dtype=np.int64)
            wanted = key - item.value * s1 + s2 - item.weight * amounts
            hits = np.nonzero(previous[c, pp, t - amounts] == wanted)[0]
            if hits.size:
                g = int(amounts[hits[0]])
                grant[j], before_count[j], before_part[j] = g, c, pp
                before_t[j], before_key[j] = t - g, int(wanted[hits[0]])
                continue
        raise SolverFailure(_("the budget curve could not be traced back through {application}",
                              application=item.id))  # a bug, not input
    return grant, before_count, before_part, before_t, before_key
