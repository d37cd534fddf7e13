"""The chiefs' decision previewed, and what each of their changes costs.

A decision is the chiefs' overrides applied to the council's recommendation by the engine's one
rule (`pool.allocating.decide`): the recommendation is the baseline, so money moves only where an
override makes it. A change's price is the decision against the same decision without that change
(the other changes kept, the same baseline): the points of total score it gives up and the kroner
that moved because of it. `digipulje compare` prices the overrides of every scenario with the same
function, so the page and the command show the same number.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from digipulje.analyses.scenarios import OverridePrice
from digipulje.applications.assessments import AssessorRating
from digipulje.applications.model import Application
from digipulje.base.errors import DigipuljeError
from digipulje.pool.allocation import Allocation
from digipulje.pool.model import Pool
from digipulje.pool.overrides import Override


@dataclass(frozen=True)
class Preview:
    """The decision the changes give beside the recommendation it was made on, each change priced."""

    recommendation: Allocation
    decision: Allocation
    prices: tuple[OverridePrice, ...] = ()

    def moved_dkk(self) -> dict[str, int]:
        """Kroner moved from the recommendation, by application (+ gained, − lost); 0 where none moved."""
        recommended = self.recommendation.granted_by_id()
        return {d.id: d.granted_dkk - recommended.get(d.id, 0) for d in self.decision.decisions}


@dataclass(frozen=True)
class Solve:
    """One decision to solve, as data, so that a batch of them can run in worker processes."""

    applications: tuple[Application, ...]
    pool: Pool
    overrides: tuple[Override, ...]
    baseline: Mapping[str, int] | None
    solver: str | None = None
    assessments: tuple[AssessorRating, ...] = ()
    explain_losses: bool = True


@dataclass(frozen=True)
class Failed:
    """An error in a worker, carried back as data so that every line survives the trip."""

    error: type[DigipuljeError]
    lines: tuple[str, ...]


def solve_decision(job: Solve) -> Allocation | Failed:
    """`decide` for one job: without a baseline, the decision on its own recommendation."""
    from digipulje.pool.allocating import decide

    try:
        return decide(job.applications, job.pool, job.overrides, baseline=job.baseline, solver=job.solver,
                      assessments=job.assessments, explain_losses=job.explain_losses)
    except DigipuljeError as error:
        return Failed(type(error), error.lines)


def solve_all(jobs: Sequence[Solve], workers: int | None = 1) -> list[Allocation | Failed]:
    from digipulje.analyses.parallel import run_all

    return run_all(solve_decision, list(jobs), workers)


def without_each(applications: tuple[Application, ...], pool: Pool, overrides: tuple[Override, ...],
                 baseline: Mapping[str, int] | None, solver: str | None = None,
                 assessments: tuple[AssessorRating, ...] = ()) -> list[Solve]:
    """For each override, the decision without it: the others kept, the same baseline. Only the
    grants are read, so the losers' counterfactuals are not solved."""
    return [Solve(applications, pool, overrides[:k] + overrides[k + 1:], baseline, solver, assessments,
                  explain_losses=False) for k in range(len(overrides))]


def price_of(override: Override, decision: Allocation, without: Allocation) -> OverridePrice:
    """What `override` costs: the decision's total value against the same decision without it (in
    points for scores, in votes for support), and the kroner it moved."""
    changes = {d.id: d.granted_dkk - without.decision(d.id).granted_dkk for d in decision.decisions}
    scale = 100 if decision.value_kind == "score" else 1
    return OverridePrice(override=override,
                         score_lost=round((without.total_value - decision.total_value) / scale, 2),
                         changes={i: v for i, v in sorted(changes.items()) if v})


def price_changes(
    applications: Iterable[Application], pool: Pool, overrides: Iterable[Override], decision: Allocation,
    baseline: Mapping[str, int] | None = None, solver: str | None = None,
    assessments: Iterable[AssessorRating] = (), workers: int | None = 1,
) -> tuple[OverridePrice, ...]:
    """The price of each override of `decision`, the decision made with `baseline` (None: on its own
    recommendation, as `decide` makes it)."""
    overrides = tuple(overrides)
    jobs = without_each(tuple(applications), pool, overrides, baseline, solver, tuple(assessments))
    prices = []
    for override, without in zip(overrides, solve_all(jobs, workers)):
        if isinstance(without, Failed):
            raise without.error(*without.lines)
        prices.append(price_of(override, decision, without))
    return tuple(prices)


def preview_decision(
    applications: Iterable[Application], pool: Pool, overrides: Iterable[Override],
    recommendation: Allocation | None = None, solver: str | None = None,
    assessments: Iterable[AssessorRating] = (), price: bool = True,
) -> Preview:
    """The decision the overrides give on `recommendation` (None: the recommendation solved here),
    and, with `price`, what each override costs. Raises the engine's error (e.g. `OverrideConflict`)
    when the overrides cannot all hold."""
    from digipulje.pool.allocating import allocate, decide

    apps, overrides, assessments = tuple(applications), tuple(overrides), tuple(assessments)
    if recommendation is None:
        recommendation = allocate(apps, pool, solver=solver, assessments=assessments)
    if not overrides:  # no change: the decision is the recommendation itself (see `decide`)
        return Preview(recommendation, recommendation)
    baseline = recommendation.granted_by_id()
    decision = decide(apps, pool, overrides, baseline=baseline, solver=solver, assessments=assessments)
    prices = price_changes(apps, pool, overrides, decision, baseline, solver, assessments) if price else ()
    return Preview(recommendation, decision, prices)
