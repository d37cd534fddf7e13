"""Follow-up of the funded projects: status over time, and realised benefits against indicators.

A grant is followed from the chiefs' decision until it is done or cancelled. A cancelled grant
gives its money back to the pool (all of it unless less is stated); a finished project may give
back what it did not spend. Each change is an event in the decision log, so the follow-up is as
traceable as the decision.

The indicators of an application are its own benefit indicators when it states them (the
structured form asks for up to three: what is measured, its unit, the figure today, the target);
a realised benefit on one with a figure today or a target is a figure in the same unit, so that
expected and realised can be compared. An application without them (the overview sheet, the 2025
round) is followed up on KL's three bottom lines it was rated on (principle 2: citizen, employee,
municipality — the expected benefit is the council's rating), plus any extra column in the
application whose header names an indicator or a benefit ("Indikator: ...", "Gevinst ...",
"Indicator ...", "Benefit ...", "Effektmål ...").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from digipulje.applications.cells import CellError, parse_quantity
from digipulje.applications.model import Application, Indicator
from digipulje.applications.principles import BOTTOM_LINE_KEYS, BOTTOM_LINES, SCALE_MAX
from digipulje.base.errors import InputError, kroner
from digipulje.messages import _
from digipulje.rounds.log import Clock, Event, Kind, append_event, utc_now
from digipulje.rounds.rounds import RoundState, StoredAllocation, read_round
from digipulje.rounds.store import RoundStore, RoundStoreError


class Progress(str, Enum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    DELAYED = "delayed"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def final(self) -> bool:
        return self in (Progress.DONE, Progress.CANCELLED)


_DANISH = {c.name("da").lower(): c.key for c in BOTTOM_LINES}  # "borger" -> "citizen"
_INDICATOR_WORDS = ("indikator", "indicator", "gevinst", "benefit", "effektmål")


def indicators_of(application: Application) -> dict[str, str]:
    """Indicator name -> what the application expects, in the application's own words or rating."""
    if application.indicators:
        return {i.name: expected_of(i) for i in application.indicators}
    indicators = {}
    ratings = application.ratings.model_dump()
    for name in BOTTOM_LINE_KEYS:
        if ratings[name] is not None:
            indicators[name] = f"{ratings[name]}/{SCALE_MAX}"
    for header, text in application.notes:
        if any(word in header.lower() for word in _INDICATOR_WORDS):
            indicators[header] = text
    return indicators


def expected_of(indicator: Indicator) -> str:
    """"10 -> 2.5 dage": the figure today and the target, in the indicator's unit."""
    figures = " -> ".join(str(v) for v in (indicator.baseline, indicator.target) if v is not None)
    return " ".join(part for part in (figures, indicator.unit or "") if part) if figures else ""


@dataclass(frozen=True)
class Benefit:
    indicator: str
    expected: str
    realised: str | None = None
    measured_on: dt.date | None = None
    event: Event | None = None
    measure: Indicator | None = None  # the application's own indicator, when it states them
    value: Decimal | None = None  # the realised figure, for an indicator with a figure today or a target

    @property
    def target_reached(self) -> bool | None:
        """Whether the realised figure is at or beyond the target, going the way from today's
        figure to the target; None when that cannot be told."""
        m = self.measure
        if self.value is None or m is None or m.target is None or m.baseline is None or m.target == m.baseline:
            return None
        return (self.value - m.target) * (m.target - m.baseline) >= 0


@dataclass(frozen=True)
class FollowUp:
    """Where one funded project stands now."""

    application: str
    title: str
    granted_dkk: int
    status: Progress = Progress.NOT_STARTED
    end_date: dt.date | None = None
    returned_dkk: int = 0
    last_event: Event | None = None
    benefits: tuple[Benefit, ...] = ()


@dataclass(frozen=True)
class FollowUpSummary:
    round: str
    decision_event: int
    budget_dkk: int
    granted_dkk: int
    projects: tuple[FollowUp, ...]

    @property
    def returned_dkk(self) -> int:
        """Money given back to the pool by cancelled (or underspent) grants."""
        return sum(p.returned_dkk for p in self.projects)

    @property
    def in_use_dkk(self) -> int:
        return self.granted_dkk - self.returned_dkk

    @property
    def available_dkk(self) -> int:
        """The budget not granted, plus what came back."""
        return self.budget_dkk - self.in_use_dkk


def summarise_followup(state: RoundState) -> FollowUpSummary:
    decision = _decision_of(state)
    projects: dict[str, FollowUp] = {}
    benefits: dict[str, dict[str, Benefit]] = {}
    apps = {a.id: a for a in decision.applications}
    for d in decision.allocation.decisions:
        if d.granted_dkk > 0:
            projects[d.id] = FollowUp(application=d.id, title=d.title, granted_dkk=d.granted_dkk)
            measures = {i.name: i for i in apps[d.id].indicators}
            benefits[d.id] = {name: Benefit(name, expected, measure=measures.get(name))
                              for name, expected in indicators_of(apps[d.id]).items()}
    for event in state.followup_events:
        app_id = event.payload["application"]
        if app_id not in projects:
            continue  # followed under an earlier decision that no longer funds it
        if event.kind is Kind.FOLLOWUP:
            end = event.payload.get("end_date")
            projects[app_id] = FollowUp(
                application=app_id, title=projects[app_id].title, granted_dkk=projects[app_id].granted_dkk,
                status=Progress(event.payload["status"]),
                end_date=dt.date.fromisoformat(end) if end else projects[app_id].end_date,
                returned_dkk=event.payload.get("returned_dkk") or 0, last_event=event,
            )
        else:
            name = event.payload["indicator"]
            known = benefits[app_id].get(name, Benefit(name, ""))
            value = event.payload.get("value")
            benefits[app_id][name] = Benefit(name, known.expected, event.payload["realised"],
                                             dt.date.fromisoformat(event.payload["measured_on"]), event,
                                             measure=known.measure, value=None if value is None else Decimal(value))
    return FollowUpSummary(
        round=state.round, decision_event=decision.event.seq, budget_dkk=decision.allocation.budget_dkk,
        granted_dkk=decision.allocation.granted_dkk,
        projects=tuple(
            FollowUp(**{**p.__dict__, "benefits": tuple(benefits[i].values())}) for i, p in sorted(projects.items())
        ),
    )


def record_progress(store: RoundStore, round: str, application: str, status: Progress, actor: str,
                    end_date: dt.date | None = None, returned_dkk: int | None = None,
                    reason: str | None = None, clock: Clock = utc_now) -> Event:
    with store.transaction():  # read and write under one lock, so concurrent records queue up
        project = _project(read_round(store, round), application)
        problems = _check_progress(project, status, end_date, returned_dkk)
        if problems:
            raise InputError(*problems)
        if status is Progress.CANCELLED and returned_dkk is None:
            returned_dkk = project.granted_dkk
        payload = {"application": application, "status": status.value,
                   "end_date": None if end_date is None else end_date.isoformat(),
                   "returned_dkk": returned_dkk}
        return append_event(store, round, Kind.FOLLOWUP, actor, payload, reason=reason, clock=clock)


def _check_progress(project: FollowUp, status: Progress, end_date: dt.date | None,
                    returned_dkk: int | None) -> list[str]:
    application = project.application
    problems = []
    if project.status.final:
        problems.append(_("{application} is already {status} (event {seq}): its status cannot change",
                          application=application, status=project.status.value.replace("_", " "),
                          seq=project.last_event.seq if project.last_event else "?"))
    if status is Progress.DELAYED and end_date is None:
        problems.append(_("{application}: a delayed project needs its new end date: add --end-date YYYY-MM-DD",
                          application=application))
    if returned_dkk is not None and status not in (Progress.CANCELLED, Progress.DONE):
        problems.append(_("{application}: money is returned only by a cancelled or done project, not a {status} one",
                          application=application, status=status.value.replace("_", " ")))
    if returned_dkk is not None and not 0 <= returned_dkk <= project.granted_dkk:
        problems.append(_("{application}: {returned} kr cannot be returned: the grant is {granted} kr",
                          application=application, returned=kroner(returned_dkk), granted=kroner(project.granted_dkk)))
    return problems


def record_benefit(store: RoundStore, round: str, application: str, indicator: str, realised: str,
                   actor: str, measured_on: dt.date, reason: str | None = None, clock: Clock = utc_now) -> Event:
    with store.transaction():
        project = _project(read_round(store, round), application)
        benefit = _benefit_named(project, indicator)
        indicator = benefit.indicator
        if not realised.strip():
            raise InputError(_("{application}: say what was realised for '{indicator}'", application=application,
                               indicator=indicator))
        payload = {"application": application, "indicator": indicator, "realised": realised.strip(),
                   "measured_on": measured_on.isoformat()}
        if benefit.measure is not None and benefit.measure.measured:
            hint = (_("write the figure in {unit} alone, e.g. 6 or 2,5", unit=benefit.measure.unit)
                    if benefit.measure.unit else _("write the figure alone, e.g. 6 or 2,5"))
            try:
                payload["value"] = str(parse_quantity(realised, hint))
            except CellError as exc:
                raise InputError(_("{application}: '{indicator}' is followed up as a figure: {problem}",
                                   application=application, indicator=indicator, problem=exc)) from None
        return append_event(store, round, Kind.BENEFIT, actor, payload, reason=reason, clock=clock)


def _benefit_named(project: FollowUp, indicator: str) -> Benefit:
    """The project's indicator by name: the application's own names, without regard to case, or
    else a bottom line in Danish or English."""
    own = any(b.measure is not None for b in project.benefits)
    wanted = indicator.strip() if own else _DANISH.get(indicator.strip().lower(), indicator.strip())
    for benefit in project.benefits:
        if benefit.indicator.casefold() == wanted.casefold():
            return benefit
    known = [b.indicator for b in project.benefits]
    listed = ", ".join(known) if known else _("none")
    raise InputError(_("{application}: no indicator '{indicator}' in the application: its indicators are {known}",
                       application=project.application, indicator=wanted, known=listed))


def _decision_of(state: RoundState) -> StoredAllocation:
    if state.decision is None:
        raise RoundStoreError(_("round {round} has no decision yet: record the chiefs' decision with 'digipulje "
                                "round decide {round} --by NAME'", round=state.round))
    return state.decision


def _project(state: RoundState, application: str) -> FollowUp:
    summary = summarise_followup(state)
    for project in summary.projects:
        if project.application == application:
            return project
    funded = ", ".join(p.application for p in summary.projects) or _("none")
    raise RoundStoreError(_("{application} was not granted money in round {round}'s decision (event {seq}): "
                            "follow-up is for funded projects ({funded})", application=application,
                            round=state.round, seq=summary.decision_event, funded=funded))
