"""The case a memo or workbook is written about, made from files or from a stored round.

`memo_case` solves the council's recommendation and the chiefs' decision on it (`decide`, with the
recommendation as the baseline); `stored_memo_case` takes both from a round's log, as they were
recorded, and solves nothing. The reports (`reports.formats.render_report`) render either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from digipulje.applications.assessments import AssessorRating
from digipulje.applications.kitos_hints import KitosScreening
from digipulje.applications.model import Application
from digipulje.pool.model import Pool
from digipulje.pool.overrides import Override
from digipulje.reports.memo.case import (
    DecisionCase,
    Panel,
    ScenarioComparison,
    panel_of_allocation,
)


def memo_case(
    applications: Iterable[Application],
    pool: Pool,
    overrides: Iterable[Override] = (),
    baseline: Mapping[str, int] | None = None,
    memo_date: dt.date | None = None,
    solver: str | None = None,
    scenarios: ScenarioComparison | None = None,
    panel: Panel | None = None,
    kitos: KitosScreening | None = None,
    assessments: Iterable[AssessorRating] = (),
) -> DecisionCase:
    """Allocates twice: the recommendation, then the decision with the overrides.

    Without a baseline the decision stays as close as it can to the recommendation. With
    `assessments` and no `panel`, the panel is the one behind those ratings.
    """
    from digipulje.pool.allocating import allocate, decide

    apps = tuple(sorted(applications, key=lambda a: a.id))
    assessments = tuple(assessments)
    recommendation = allocate(apps, pool, solver=solver, assessments=assessments)
    if assessments and panel is None:
        panel = panel_of_allocation(recommendation)
    baseline = recommendation.granted_by_id() if baseline is None else baseline
    decision = decide(apps, pool, tuple(overrides), baseline=baseline, solver=solver, assessments=assessments)
    return DecisionCase(
        applications=apps, pool=pool, recommendation=recommendation, decision=decision,
        memo_date=memo_date or dt.date.today(), scenarios=scenarios or ScenarioComparison(), panel=panel, kitos=kitos,
        assessments=assessments,
    )


def stored_memo_case(state: Any) -> DecisionCase | None:
    """The case of a round as its log holds it (`rounds.rounds.RoundState`): the stored
    recommendation and the recorded decision (the recommendation itself while none is recorded),
    dated the day of the decision. None while the round has no recommendation."""
    recommendation = state.recommendation
    if recommendation is None:
        return None
    decision = state.decision if state.decision is not None else recommendation
    from digipulje.reports.dates import local_moment

    moment = local_moment(decision.event.at) if decision.event.at else None
    memo_date = moment.date() if moment is not None else dt.date.today()  # the day in Denmark
    allocation = recommendation.with_details
    return DecisionCase(applications=tuple(recommendation.applications), pool=recommendation.pool,
                        recommendation=allocation, decision=decision.with_details, memo_date=memo_date,
                        panel=panel_of_allocation(allocation) if recommendation.assessments else None,
                        assessments=tuple(recommendation.assessments))


def stored_scenarios(state: Any, base_name: str | None = None, solver: str | None = None) -> ScenarioComparison:
    """What a round's workbook shows beside its case (`stored_memo_case`): the round's saved
    scenarios side by side (`compare_saved`, the round's own pool first, none while none is saved)
    and the budget curve of the case's decision (`budget_curve_of`, with the chiefs' changes when
    a decision is recorded). The web's documents page and `digipulje round report` both call it."""
    from digipulje.meeting.scenarios import budget_curve_of, compare_saved
    from digipulje.analyses.scenarios import BASE_NAME, Round
    from digipulje.reports.memo.case import BudgetPoint, NamedAllocation
    from digipulje.rounds.scenarios import saved_scenarios

    stored = state.decision if state.decision is not None else state.recommendation
    if stored is None:
        return ScenarioComparison()
    saved = saved_scenarios(state)
    scenarios: tuple[NamedAllocation, ...] = ()
    if saved and state.applications:
        base = Round(tuple(state.applications.values()), state.pool, (), tuple(state.assessments()))
        comparison = compare_saved(base, [s.scenario for s in saved], base_name=base_name or BASE_NAME,
                                   **({"solver": solver} if solver else {}))
        scenarios = tuple(NamedAllocation(r.name, r.allocation) for r in comparison.results)
    curve = budget_curve_of(Round(tuple(stored.applications), stored.pool, tuple(stored.overrides),
                                  tuple(stored.assessments)), stored.with_details)
    return ScenarioComparison(scenarios=scenarios,
                              curve=tuple(BudgetPoint(p.budget_dkk, p.total_score) for p in curve.points),
                              drops_out={i: b for i, b in curve.drops_out.items() if b})
