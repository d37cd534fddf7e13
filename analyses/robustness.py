"""Robustness to the weights: how often each application is funded when the weights move a little.

The principle weights are a judgement, not a measurement. This module draws many weight sets
around the pool's own and allocates the round under each; an application funded in nearly every
draw is a safe choice, one funded in half of them depends on the exact weights.

The distribution (documented, so that a run can be repeated and explained): each weight w > 0
becomes w · exp(σ·Z), with Z standard normal and independent per weight and draw, σ the spread
(default 0.25: a weight typically moves by a quarter up or down), rounded to four decimals.
A weight of 0 stays 0: a principle the pool does not rate is not brought in by chance. The draws
come from NumPy's PCG64 generator with the given seed, all drawn before any allocation runs, so a
fixed seed gives the same draws — and the same shares — whether the allocations run in one
process or many.

Each draw scores the applications with the drawn weights (`score_round`, as `allocate` does),
screens them as `allocate` does (`screen_application`: the threshold may now let in or keep out
another application) and takes the decision `decide` gives with those weights (`decided_grants`):
with the chiefs' overrides, close to the recommendation at the same weights. At the pool's own
weights a draw is exactly the decision.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from digipulje.applications.model import Application
from digipulje.pool.allocation import Allocation, Status
from digipulje.pool.model import Pool
from digipulje.pool.overrides import Override
from digipulje.scoring.weights import Weights

DEFAULT_SPREAD = 0.25
DEFAULT_SEED = 2025
CHUNK = 25  # draws per job sent to a worker


@dataclass(frozen=True)
class Robustness:
    draws: int
    spread: float
    seed: int
    base_status: dict[str, Status]  # id -> its status with the pool's own weights, in id order
    funded_share: dict[str, float]  # id -> share of draws in which it is funded (0–1)
    titles: dict[str, str]
    # Applications alike in their ratings and amounts whose shares differ: they score alike under
    # any weights, so in every draw their rank (ID sorted as text) decides between them.
    alike: tuple[tuple[str, ...], ...] = ()

    @property
    def base_funded(self) -> tuple[str, ...]:
        """Those funded (in full or in part) with the pool's own weights."""
        return tuple(i for i, status in self.base_status.items() if status.granted)

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per application (see `pool.frames.robustness_frame`)."""
        from digipulje.pool.frames import robustness_frame

        return robustness_frame(self)


def draw_weights(weights: Weights, draws: int, spread: float = DEFAULT_SPREAD, seed: int = DEFAULT_SEED) -> list[Weights]:
    """`draws` weight sets around `weights` (see the module docstring for the distribution)."""
    import numpy as np

    keys = list(weights.model_dump())
    centre = np.array([getattr(weights, k) for k in keys], dtype=float)
    factors = np.exp(spread * np.random.Generator(np.random.PCG64(seed)).standard_normal((draws, len(keys))))
    drawn = np.round(centre * factors, 4)
    return [Weights(**{k: float(v) for k, v in zip(keys, row)}) for row in drawn]


def funded_with(applications: tuple[Application, ...], pool: Pool, overrides: tuple[Override, ...]) -> tuple[str, ...]:
    """The ids the decision funds in this round with these weights: `decide`'s grants, by the one
    rule every path uses (with overrides, close to the recommendation at the same weights)."""
    from digipulje.pool.allocating import decided_grants
    from digipulje.solver.backends import EXACT

    granted = decided_grants(applications, pool, overrides, solver=EXACT)  # many solves: the exact search
    return tuple(sorted(i for i, g in granted.items() if g > 0))


def _funded_in_draws(job: tuple[tuple[Application, ...], Pool, tuple[Override, ...], tuple[Weights, ...]]) -> list[tuple[str, ...]]:
    applications, pool, overrides, weights = job
    return [funded_with(applications, pool.model_copy(update={"weights": w}), overrides) for w in weights]


def weight_robustness(
    applications: Iterable[Application], pool: Pool, overrides: Iterable[Override] = (), draws: int = 1000,
    spread: float = DEFAULT_SPREAD, seed: int = DEFAULT_SEED, workers: int | None = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Robustness:
    """The share of `draws` weight draws in which each application is funded."""
    from digipulje.analyses.parallel import run_all
    from digipulje.pool.allocating import decide

    applications = tuple(sorted(applications, key=lambda a: a.id))
    overrides = tuple(overrides)
    base = decide(applications, pool, overrides)  # also validates the overrides against the round
    weights = draw_weights(pool.weights, draws, spread, seed)
    jobs = [(applications, pool, overrides, tuple(weights[i:i + CHUNK])) for i in range(0, draws, CHUNK)]
    counts = {a.id: 0 for a in applications}

    def advance(done: int, total: int) -> None:
        if progress is not None:
            progress(min(done * CHUNK, draws), draws)

    for chunk in run_all(_funded_in_draws, jobs, workers, progress=advance):
        for funded in chunk:
            for i in funded:
                counts[i] += 1
    share = {i: (c / draws if draws else 0.0) for i, c in counts.items()}
    return Robustness(
        draws=draws, spread=spread, seed=seed,
        base_status={d.id: d.status for d in base.decisions},
        funded_share=share,
        titles={a.id: a.title for a in applications},
        alike=_alike(base, share, {o.application for o in overrides}),
    )


def _alike(base: Allocation, share: dict[str, float], overridden: set[str]) -> tuple[tuple[str, ...], ...]:
    """Groups of applications competing for the budget, alike in their ratings, request and smallest
    grant, whose shares differ (in rank order). An application the chiefs decided on is in none:
    their decision, not its rank, sets it apart. (`decide` gives the allocation its details.)"""
    groups: dict[tuple, list[str]] = {}
    for d in base.decisions:
        if (d.status.granted or d.status is Status.NOT_FUNDED) and d.id not in overridden:
            ratings = tuple(sorted(base.details[d.id].score.ratings().items()))
            groups.setdefault((ratings, d.requested_dkk, d.min_dkk), []).append(d.id)
    return tuple(tuple(sorted(ids)) for ids in sorted(groups.values())
                 if len(ids) > 1 and len({share[i] for i in ids}) > 1)
