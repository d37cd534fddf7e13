"""The case a memo or workbook is written about: the council's recommendation and the decision.

The recommendation is the allocation without overrides. The decision is the allocation with
the chiefs' overrides, kept as close as possible to the recommendation (or to a given baseline),
so a decision moves money only where an override makes it. Parts that other steps of the
process supply — scenarios with the budget curve, the assessors and their recusals, the KITOS
screening — are plain inputs here (the case is made by `meeting.memo_case`, or from a stored round
by `meeting.stored_memo_case`); a report shows them when they are given and leaves them out when not.

With the council members' own ratings (`assessments`), both allocations score the applications
from them, as `digipulje allocate --assessments` does, and the panel of assessors — their
departments, recusals and the spreads to discuss — is read from the recommendation's details
(`pool.allocation.Details`): a report renders what the allocations carry and scores nothing again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from digipulje.applications.assessments import AssessorRating
from digipulje.applications.kitos_hints import KitosScreening
from digipulje.applications.model import Application
from digipulje.pool.allocation import Allocation, Decision
from digipulje.pool.model import Pool
from digipulje.pool.overrides import Override
from digipulje.scoring.panel import Panel as AssessorsPanel
from digipulje.scoring.score import Score

if TYPE_CHECKING:
    from digipulje.analyses.curve import BudgetCurve
    from digipulje.analyses.scenarios import Comparison


@dataclass(frozen=True)
class NamedAllocation:
    """One scenario: a name a reader recognises ("Pulje 300.000 kr.") and its allocation."""

    name: str
    allocation: Allocation


@dataclass(frozen=True)
class BudgetPoint:
    """A point of the budget curve: the best total score the pool can buy with this budget."""

    budget_dkk: int
    best_score: float


@dataclass(frozen=True)
class ScenarioComparison:
    scenarios: tuple[NamedAllocation, ...] = ()
    curve: tuple[BudgetPoint, ...] = ()
    # The comparison of a scenario file (`analyses.scenarios.compare`), when the scenarios come from
    # one: the memo then marks what differs from its base and prices each override.
    comparison: Comparison | None = None
    # Where the curve's funded set loses an application as the budget grows: id -> budgets.
    drops_out: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.scenarios or self.curve)


def scenario_comparison(comparison: Comparison, curve: BudgetCurve | None = None) -> ScenarioComparison:
    """What a report shows of a scenario file's comparison and the base's budget curve."""
    return ScenarioComparison(
        scenarios=tuple(NamedAllocation(r.name, r.allocation) for r in comparison.results),
        curve=tuple(BudgetPoint(p.budget_dkk, p.total_score) for p in curve.points) if curve else (),
        comparison=comparison,
        drops_out={i: b for i, b in curve.drops_out.items() if b} if curve else {},
    )


@dataclass(frozen=True)
class Recusal:
    """An assessor who took no part in assessing one application, and why.

    An empty `reason` with the assessor's `department`: recused from an application of their own
    department (the reports say so in their language)."""

    assessor: str
    application: str
    reason: str
    department: str | None = None


@dataclass(frozen=True)
class Discussion:
    """A principle of one application on which the assessors' ratings spread 2 points or more."""

    application: str
    criterion: str  # a key of `applications.principles.CRITERIA`
    low: int
    high: int

    @property
    def spread(self) -> int:
        return self.high - self.low


@dataclass(frozen=True)
class Panel:
    """Who assessed the applications. Names are personal data: reports show them only on request;
    by default they name the assessors' roles (council members from which departments)."""

    assessors: tuple[str, ...] = ()
    recusals: tuple[Recusal, ...] = ()
    departments: tuple[tuple[str, str], ...] = ()  # (assessor, the assessor's own department)
    discussions: tuple[Discussion, ...] = ()
    aggregation: str | None = None  # "mean" or "median", when the ratings were aggregated here

    def department_of(self, assessor: str) -> str | None:
        return dict(self.departments).get(assessor)


def panel_of_allocation(allocation: Allocation) -> Panel | None:
    """The panel behind the assessors' ratings the allocation was scored from: who rated, who was
    recused where, what to discuss. None when it was scored from the sheet's ratings alone."""
    pool = allocation.pool
    panels = {i: d.panel for i, d in allocation.details.items() if d.panel is not None}
    if not panels:
        return None
    departments = dict(sorted({(v.assessor, v.department) for panel in panels.values() for c in panel.criteria
                               for v in c.votes}))
    recusals = sorted({(v.assessor, app_id, v.department) for app_id, panel in panels.items()
                       for c in panel.criteria for v in c.votes if not v.counted}, key=lambda x: (x[1], x[0]))
    discussions = [Discussion(app_id, c.criterion, min(c.counted), max(c.counted))
                   for app_id, panel in sorted(panels.items()) for c in panel.for_discussion]
    return Panel(
        assessors=tuple(departments), departments=tuple(departments.items()),
        recusals=tuple(Recusal(a, app_id, "", department) for a, app_id, department in recusals),
        discussions=tuple(discussions), aggregation=pool.rules.aggregation,
    )


@dataclass(frozen=True)
class Change:
    """One application whose outcome the overrides changed, or that an override names."""

    application: Decision  # the decision's view of the application
    recommended_dkk: int
    decided_dkk: int
    override: Override | None  # None: a consequence of other overrides (money moved here)

    @property
    def moved_dkk(self) -> int:
        return self.decided_dkk - self.recommended_dkk


@dataclass(frozen=True)
class DecisionCase:
    applications: tuple[Application, ...]
    pool: Pool
    recommendation: Allocation
    decision: Allocation
    memo_date: dt.date
    scenarios: ScenarioComparison = ScenarioComparison()
    panel: Panel | None = None
    kitos: KitosScreening | None = None  # the KITOS export, when the report brings in its hints
    assessments: tuple[AssessorRating, ...] = ()  # the council members' ratings, when given

    def scores(self) -> dict[str, Score]:
        """Each application's score by id, as the allocations scored it (from the assessors'
        ratings where there are any)."""
        return {i: d.score for i, d in sorted(self.decision.details.items())}

    def panels(self) -> dict[str, AssessorsPanel]:
        """The assessors' ratings of each application they rated, by id (none without assessments)."""
        return {i: d.panel for i, d in sorted(self.decision.details.items()) if d.panel is not None}

    @property
    def decided(self) -> bool:
        """Whether the chiefs changed anything: only then does a report show a decision apart."""
        return bool(self.decision.overrides) or bool(self.changes())

    def application(self, application_id: str) -> Application:
        for a in self.applications:
            if a.id == application_id:
                return a
        raise KeyError(application_id)

    def changes(self) -> tuple[Change, ...]:
        """Applications an override names or whose grant moved, in id order."""
        by_application = {o.application: o for o in self.decision.overrides}
        recommended = self.recommendation.granted_by_id()
        result = []
        for d in self.decision.decisions:
            before = recommended.get(d.id, 0)
            if d.id in by_application or before != d.granted_dkk:
                result.append(Change(d, before, d.granted_dkk, by_application.get(d.id)))
        return tuple(result)
