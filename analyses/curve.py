"""The budget curve: the best allocation at every budget of a range, and what each step buys.

The council concluded in 2025 that DKK 250,000 a year is low against DKK 600,764 asked; the
curve shows it. For each budget it gives the best total score and the funded set (exactly what
`allocate` gives at that budget), the marginal score per extra 10,000 kr between neighbouring
budgets, and — honestly, since a larger pool can change the best set — every budget where the
funded set changes: who comes in and who drops out. An application's `entries` budget is the one
from which it stays funded through the top of the range; one that gets money at a smaller budget
and loses it at a larger one is listed in `drops_out`, never said to "come in" there. All budgets
are solved by the one function every path uses (`pool.allocating.decide`): with the chiefs'
overrides, a point is their decision at that budget, close to the recommendation at that budget. For a participatory-
budgeting round (`.pb`) the value is the voters' support (`value_kind`), not the score.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from digipulje.applications.model import Application
from digipulje.base.errors import InputError, kroner
from digipulje.messages import _
from digipulje.pool.allocation import Allocation, Status
from digipulje.pool.candidates import allocation_problem
from digipulje.pool.model import Pool
from digipulje.pool.overrides import Override
from digipulje.solver.sweep import SweepPoint, require_overrides_hold

MARGINAL_STEP_DKK = 10_000
MAX_POINTS = 100_000
PART = 250  # budgets a worker process solves at a time (`_solve_all`)
REPORT_POINTS = 60  # at most this many budgets on a memo's curve: a chart and a table a reader can take in


@dataclass(frozen=True)
class CurvePoint:
    budget_dkk: int
    total_score: float  # points on the 0–100 scale, summed over the funded applications
    granted_dkk: int
    granted: dict[str, int]  # id -> kroner, every application present
    marginal_per_10k: float | None  # score gained per extra 10,000 kr since the previous budget

    @property
    def funded(self) -> tuple[str, ...]:
        return tuple(i for i, v in self.granted.items() if v > 0)


@dataclass(frozen=True)
class SetChange:
    """Where the funded set changes as the budget grows: at `budget_dkk` (from the budget before)."""

    budget_dkk: int
    came_in: tuple[str, ...]
    dropped_out: tuple[str, ...]  # funded at the budget before, not at this larger one


@dataclass(frozen=True)
class BudgetCurve:
    points: tuple[CurvePoint, ...]
    titles: dict[str, str]  # id -> title, every application
    entries: dict[str, int | None]  # id -> the budget from which it stays funded to the top of the range
    changes: tuple[SetChange, ...] = ()
    drops_out: dict[str, tuple[int, ...]] = field(default_factory=dict)  # id -> budgets where it loses its grant
    value_kind: str = "score"  # "support": the values are the voters' support (a `.pb` round)

    @property
    def unstable(self) -> tuple[str, ...]:
        """Applications that lose their grant somewhere as the pool grows."""
        return tuple(i for i, budgets in self.drops_out.items() if budgets)

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per budget (see `pool.frames.curve_frame`)."""
        from digipulje.pool.frames import curve_frame

        return curve_frame(self)


def parse_budget_range(text: str) -> list[int]:
    """`FROM:TO:STEP` in whole kroner, both ends included, e.g. `100000:600000:10000`; each written
    as an amount cell may be ("100.000", "100 000", "kr. 100.000"), and refused for the same reasons."""
    from digipulje.applications.cells import CellError, parse_amount

    parts = text.split(":")
    hint = _("write FROM:TO:STEP in whole kroner, e.g. 100000:600000:10000")
    where = _("budget range '{range}'", range=text)
    if len(parts) != 3:
        raise InputError(_("{location}: {message}", location=where, message=hint))
    amounts = []
    for name, part in zip((_("FROM"), _("TO"), _("STEP")), parts):
        try:
            amounts.append(parse_amount(part.replace("_", "")))
        except CellError as exc:
            raise InputError(_("{location}: {message}", location=where,
                               message=_("{location}: {message}", location=name, message=exc))) from None
    start, stop, step = amounts
    if stop < start or step <= 0:
        raise InputError(_("{location}: {message}", location=where, message=_(
            "FROM must be at least 0, TO at least FROM and STEP above 0; {hint}", hint=hint)))
    # counted before the budgets are listed: a range of 10^9 one-krone steps is refused, not built
    count = (stop - start) // step + 1 + ((stop - start) % step != 0)
    if count > MAX_POINTS:
        raise InputError(_("{location}: {message}", location=where, message=_(
            "{count} budgets, more than {limit}: use a larger STEP", count=kroner(count),
            limit=kroner(MAX_POINTS))))
    budgets = list(range(start, stop + 1, step))
    if budgets[-1] != stop:  # a STEP that does not divide the range: TO is still a point (the pool's own budget, say)
        budgets.append(stop)
    return budgets


def report_budgets(allocation: Allocation, pool: Pool) -> list[int]:
    """The budgets of the curve a memo shows, from no money to enough for every eligible request.

    The range runs from 0 to twice the pool, or to the total asked by the applications that passed
    screening and the score threshold if that is more, so the curve shows both what the pool buys
    and where more money stops buying anything. The step is the pool's smallest grant (no smaller
    step can fund another application in full), times 1, 2, 5, 10, … until there are at most
    `REPORT_POINTS` budgets; the range ends on a whole step.
    """
    eligible = (Status.FUNDED, Status.PARTIAL, Status.NOT_FUNDED)
    asked = sum(d.requested_dkk for d in allocation.decisions if d.status in eligible)
    top = max(2 * pool.budget_dkk, asked, 1)
    unit = pool.rules.min_grant_dkk or MARGINAL_STEP_DKK
    step = next(unit * k * 10 ** e for e in range(20) for k in (1, 2, 5)
                if -(-top // (unit * k * 10 ** e)) + 1 <= REPORT_POINTS)
    return list(range(0, -(-top // step) * step + 1, step))


def report_budgets_holding(allocation: Allocation, applications: Iterable[Application],
                           overrides: Iterable[Override] = ()) -> list[int]:
    """`report_budgets` of the allocation's pool, with overrides that force money out starting
    at the smallest budget at which they can all hold (below it they cannot)."""
    from digipulje.pool.engine import prepare_round

    budgets = report_budgets(allocation, allocation.pool)
    need = prepare_round(applications, allocation.pool, overrides).overrides_need_dkk
    return [need, *(b for b in budgets if b > need)] if need > budgets[0] else budgets


def _solve_each(applications, pool, overrides, budgets, progress) -> list[SweepPoint]:
    """Each budget through the one rule every path uses (`decisions_at_budgets`, which is `decide`
    at that budget): with overrides, the decision close to the recommendation at that budget."""
    from digipulje.pool.allocating import decisions_at_budgets
    from digipulje.solver.backends import EXACT

    points = []
    # Many solves: the exact search, whose answers any named solver's are checked against.
    for k, (budget, solution) in enumerate(decisions_at_budgets(applications, pool, overrides, budgets, EXACT),
                                           start=1):
        figures = {name: value for name, value, *_ in ((s.name, s.objective) for s in solution.stages)}
        points.append(SweepPoint(
            budget_dkk=budget, granted=dict(solution.granted), value=figures.get("total value", 0),
            kroner=sum(solution.granted.values()), partials=figures.get("partial grants", 0),
            tie_break=figures.get("tie-break: kroner to higher-ranked", 0)))
        if progress is not None:
            progress(k, len(budgets))
    return points


def _solve_part(job: tuple) -> list[SweepPoint]:
    """`_solve_each` on one part of the budgets, in a worker process."""
    applications, pool, overrides, budgets = job
    return _solve_each(applications, pool, overrides, budgets, None)


def _solve_all(applications, pool, overrides, budgets, progress, workers: int | None) -> list[SweepPoint]:
    """`_solve_each` over all budgets, in parts of `PART` budgets side by side in `workers`
    processes (None: one per core) when there are enough budgets for it to pay: each point is a
    pure function of the round and its budget, so the points are those of one serial run."""
    from digipulje.analyses.parallel import available_workers, run_all

    count = available_workers() if workers is None else max(1, workers)
    if count <= 1 or len(budgets) < 2 * PART:
        return _solve_each(applications, pool, overrides, budgets, progress)
    jobs = [(applications, pool, overrides, tuple(budgets[k:k + PART])) for k in range(0, len(budgets), PART)]

    def advance(done: int, total: int) -> None:
        if progress is not None:
            progress(min(done * PART, len(budgets)), len(budgets))

    return [point for part in run_all(_solve_part, jobs, count, progress=advance) for point in part]


def budget_curve(
    applications: Iterable[Application], pool: Pool, budgets: list[int], overrides: Iterable[Override] = (),
    progress: Callable[[int, int], None] | None = None, workers: int | None = 1,
) -> BudgetCurve:
    """The curve over `budgets` (each `decide` at that budget). `workers`: processes to solve the
    budgets in (None: one per core; 1: here)."""
    applications = tuple(applications)
    if not budgets:
        raise InputError(_("the budget range is empty"))
    budgets = sorted(set(budgets))
    overrides = tuple(overrides)
    prepared, problem = allocation_problem(applications, pool.with_budget(max(budgets)), overrides)
    require_overrides_hold(problem.candidates, budgets, pool.rules.max_grants, problem.max_partial_grants)
    swept = _solve_all(applications, pool, overrides, budgets, progress, workers)
    ids = [a.id for a in prepared.applications]
    everyone = dict.fromkeys(ids, 0)
    points: list[CurvePoint] = []
    for p in swept:
        granted = {**everyone, **p.granted}
        score = p.value / 100 if prepared.value_kind == "score" else float(p.value)
        marginal = None
        if points:
            previous = points[-1]
            marginal = round((score - previous.total_score) * MARGINAL_STEP_DKK
                             / (p.budget_dkk - previous.budget_dkk), 4)
        points.append(CurvePoint(p.budget_dkk, score, p.kroner, granted, marginal))
    changes = funded_set_changes(points)
    drops_out = {i: tuple(c.budget_dkk for c in changes if i in c.dropped_out) for i in ids}
    entries: dict[str, int | None] = {}
    for i in ids:
        stays = None  # the smallest budget from which it is funded at every budget up to the top
        for p in reversed(points):
            if p.granted[i] <= 0:
                break
            stays = p.budget_dkk
        entries[i] = stays
    return BudgetCurve(tuple(points), {a.id: a.title for a in prepared.applications}, entries, changes,
                       drops_out, prepared.value_kind)


def funded_set_changes(points: Iterable[CurvePoint]) -> tuple[SetChange, ...]:
    """Every budget where the funded set differs from the budget before (the first point is the start)."""
    changes = []
    previous: set[str] | None = None
    for p in points:
        funded = set(p.funded)
        if previous is None:
            if funded:
                changes.append(SetChange(p.budget_dkk, tuple(sorted(funded)), ()))
        elif funded != previous:
            changes.append(SetChange(p.budget_dkk, tuple(sorted(funded - previous)), tuple(sorted(previous - funded))))
        previous = funded
    return tuple(changes)
