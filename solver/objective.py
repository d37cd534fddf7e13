"""The lexicographic objective, written once: its stages, their order and the figures they yield.

An allocation is judged by these figures, one after another; a later one only decides between
allocations equal on every earlier one:

  1. `VALUE` — total value of the funded candidates (score in centipoints, or support): max;
  2. `KRONER` — kroner granted (use the pool): max;
  3. `PARTIALS` — grants below their request (principle 1: do not spread a shortfall thinly): min;
  4. `MOVED` — with a baseline only: kroner moved away from it, Σ |granted − baseline|: min;
  5. `TIE_BREAK` — kroner to higher-ranked candidates, Σ rank_weight·granted (rank by value,
     highest first, then id; the lowest-ranked weighs 1): max.

`stage_terms` gives each stage's terms for one allocation. Given PuLP variables they make the
integer program's objectives (`solver.solve`); given the whole-kroner figures of a finished
allocation they make its `Figures` (`solver.alternatives`). `Figures.key` orders allocations
best last, and the budget curve (`solver.sweep`) packs the same figures, in the same order,
into one integer.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from digipulje.solver.problem import Candidate

VALUE = "total value"
KRONER = "kroner granted"
PARTIALS = "partial grants"
MOVED = "kroner moved from baseline"
TIE_BREAK = "tie-break: kroner to higher-ranked"


@dataclass(frozen=True)
class Stage:
    name: str
    figure: str  # the `Figures` field that holds this stage's value
    maximise: bool
    baseline_only: bool = False  # a stage only when a decision stays close to a baseline


STAGES: tuple[Stage, ...] = (
    Stage(VALUE, "value", maximise=True),
    Stage(KRONER, "kroner", maximise=True),
    Stage(PARTIALS, "partials", maximise=False),
    Stage(MOVED, "moved", maximise=False, baseline_only=True),
    Stage(TIE_BREAK, "tie_break", maximise=True),
)


def stages(has_baseline: bool) -> tuple[Stage, ...]:
    """The stages of a solve, in order: `MOVED` only with a baseline."""
    return tuple(s for s in STAGES if has_baseline or not s.baseline_only)


def rank_weights(candidates: Sequence[Candidate]) -> dict[str, int]:
    """Each candidate's tie-break weight: n for the highest-ranked (value, then id), 1 for the lowest;
    the dict runs in rank order."""
    ranked = sorted(candidates, key=lambda c: (-c.value, c.id))
    return {c.id: len(ranked) - r for r, c in enumerate(ranked)}


def twin_groups(candidates: Sequence[Candidate]) -> list[list[Candidate]]:
    """The candidates not fixed by an override in groups of two or more alike ones
    (`Candidate.alike`), each group in rank order. The optimum grants each group in rank order,
    the largest to the highest-ranked: the tie-break makes it so."""
    groups: dict[tuple, list[Candidate]] = {}
    for c in sorted(candidates, key=lambda c: (-c.value, c.id)):
        if c.fixed_dkk is None:
            groups.setdefault(c.alike, []).append(c)
    return [group for group in groups.values() if len(group) > 1]


def in_rank_order(groups: Sequence[Sequence[Candidate]], granted: Mapping[str, int]) -> dict[str, int]:
    """The allocation with the grants of each group of twins (`twin_groups`) swapped into rank
    order: as good on every stage before the tie-break, and at least as good on it."""
    out = dict(granted)
    for group in groups:
        for c, amount in zip(group, sorted((granted[c.id] for c in group), reverse=True)):
            out[c.id] = amount
    return out


def stage_terms(candidates: Sequence[Candidate], funded: Mapping[str, Any], granted: Mapping[str, Any],
                partial: Mapping[str, Any], moved: Mapping[str, Any] | None = None,
                weights: Mapping[str, int] | None = None) -> Iterator[tuple[Stage, list[Any]]]:
    """Each stage of the objective with its terms, in the stages' order; `MOVED` when `moved` is given.

    `funded`/`partial` are 0/1 and `granted`/`moved` kroner per candidate: PuLP variables (the
    model) or whole numbers (a finished allocation). The tie-break's terms run by rank;
    `weights` are `rank_weights(candidates)` when the caller has them already.
    """
    weight = rank_weights(candidates) if weights is None else weights
    terms = {
        VALUE: lambda: [c.value * funded[c.id] for c in candidates],
        KRONER: lambda: [granted[c.id] for c in candidates],
        PARTIALS: lambda: [partial[c.id] for c in candidates],
        MOVED: lambda: [moved[c.id] for c in candidates],  # type: ignore[index]
        TIE_BREAK: lambda: [w * granted[i] for i, w in weight.items()],
    }
    for stage in stages(moved is not None):
        yield stage, terms[stage.name]()


@dataclass(frozen=True, kw_only=True)
class Figures:
    """An allocation's objective figures, ordered by the stages: the better allocation is greater."""

    value: int
    kroner: int
    partials: int
    tie_break: int
    moved: int | None = None  # with a baseline only

    @cached_property
    def key(self) -> tuple[int, ...]:
        """The figures as one tuple, in the stages' order, each signed so that larger is better."""
        return tuple(getattr(self, s.figure) if s.maximise else -getattr(self, s.figure)
                     for s in stages(self.moved is not None))

    def __lt__(self, other: Figures) -> bool:
        return self.key < other.key

    def __gt__(self, other: Figures) -> bool:
        return self.key > other.key


def figures_of(candidates: Sequence[Candidate], granted: Mapping[str, int], funded: Collection[str] | None = None,
               baseline: bool = False, weights: Mapping[str, int] | None = None) -> dict[str, int]:
    """The figures of a finished allocation (whole kroner per candidate), by `Figures` field.

    `funded`: the ids funded, when a grant of 0 kr can count as funded (default: those granted
    more than 0, and the fixed grants). A funded candidate granted less than its request is partial.
    """
    if funded is None:
        funded = {c.id for c in candidates if c.fixed_dkk is not None or granted[c.id] > 0}
    x = {c.id: int(c.id in funded) for c in candidates}
    partial = {c.id: int(x[c.id] == 1 and granted[c.id] < c.max_dkk) for c in candidates}
    moved = {c.id: abs(granted[c.id] - c.baseline_dkk) for c in candidates} if baseline else None
    return {stage.figure: sum(terms) for stage, terms in stage_terms(candidates, x, granted, partial, moved, weights)}
