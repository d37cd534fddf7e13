"""A round of the pool, kept in the decision log: open, import, allocate, decide.

A round's state is never stored apart from the log: `read_round` rebuilds it from the round's
events, so what the log says and what digipulje shows cannot drift apart. Each command reads its
files and runs the solver first, and then writes all its events in one transaction. Allocating
and deciding take the solver's time, so they do not hold the write lock while they solve; they
check instead, under the lock, that nobody changed the round meanwhile, and refuse if so.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from digipulje.applications.assessments import AssessorRating
from digipulje.applications.model import Application, Verdict
from digipulje.base.errors import InputError
from digipulje.pool.allocation import Allocation
from digipulje.messages import _
from digipulje.pool.model import Pool
from digipulje.pool.overrides import Override
from digipulje.rounds.log import Clock, Event, Kind, append_event, read_events, require_intact, utc_now
from digipulje.rounds.store import RoundStore, RoundStoreError

_ROUND_NAME = re.compile(r"^[^\W_][\w.-]{0,39}$")  # letters of any language ("prøve"), digits, . - _


@dataclass(frozen=True)
class SourceFile:
    """One file as read: its name, the SHA-256 of its bytes, and the applications in it."""

    name: str
    sha256: str
    size: int
    applications: tuple[Application, ...] = ()

    def describe(self) -> dict[str, Any]:
        return {"file": self.name, "sha256": self.sha256, "bytes": self.size,
                "applications": [a.id for a in self.applications]}


def file_digest(path: Path) -> tuple[str, int]:
    data = Path(path).read_bytes()
    return "sha256:" + hashlib.sha256(data).hexdigest(), len(data)


def read_source(path: str | Path, columns=None) -> SourceFile:
    """Reads one applications file (`columns`: one's own headers) and fingerprints it; refuses a
    file that changed while read."""
    from digipulje.applications.spreadsheet import read_applications

    path = Path(path)
    if not path.is_file():
        raise InputError(_("{file}: file not found", file=path))
    before = file_digest(path)
    applications = read_applications([path], columns=columns)
    if file_digest(path) != before:
        raise InputError(_("{file}: the file changed while it was read: save it, close it and import again", file=path))
    return SourceFile(name=path.name, sha256=before[0], size=before[1],
                      applications=tuple(sorted(applications, key=lambda a: a.id)))


@dataclass(frozen=True)
class StoredAllocation:
    """An allocation or decision as the log holds it: its inputs, its result, who and when."""

    event: Event
    applications: tuple[Application, ...]
    pool: Pool
    overrides: tuple[Override, ...]
    baseline: dict[str, int] | None
    solver: str
    allocation: Allocation  # as the log holds it: without details (see `with_details`)
    recommendation_event: int | None = None
    assessments: tuple[AssessorRating, ...] = ()  # the council members' ratings it was scored from

    @cached_property
    def with_details(self) -> Allocation:
        """The allocation with its details (scores, panels, screenings), computed from its inputs
        the first time they are asked for: a round is read often, and rendered seldom."""
        from digipulje.pool.allocating import with_details

        return with_details(self.allocation, self.applications, self.assessments)

    @classmethod
    def from_event(cls, event: Event) -> StoredAllocation:
        inputs = event.payload["inputs"]
        return cls(
            assessments=tuple(AssessorRating(**r) for r in inputs.get("assessments", ())),
            event=event,
            applications=tuple(Application.model_validate(a) for a in inputs["applications"]),
            pool=Pool.model_validate(inputs["pool"]),
            overrides=tuple(Override.model_validate(o) for o in inputs["overrides"]),
            baseline=inputs["baseline"],
            solver=inputs["solver"],
            allocation=Allocation.model_validate(event.payload["result"]),
            recommendation_event=event.payload.get("recommendation_event"),
        )


@dataclass(frozen=True)
class RoundState:
    """What a round holds now, rebuilt from its events."""

    round: str
    opened: Event
    pool: Pool
    events: tuple[Event, ...]
    applications: dict[str, Application]
    source_of: dict[str, str]  # application id -> the file it was last imported from
    imports: tuple[Event, ...] = ()
    recommendation: StoredAllocation | None = None
    decision: StoredAllocation | None = None
    reopened: Event | None = None  # the reopening that set aside the last recorded decision, if any
    followup_events: tuple[Event, ...] = field(default=())
    rating_events: tuple[Event, ...] = field(default=())
    scenario_events: tuple[Event, ...] = field(default=())

    @property
    def last_event(self) -> int:
        return self.events[-1].seq

    def assessments(self) -> tuple[AssessorRating, ...]:
        """The council members' ratings: each member's latest rating of each application counts."""
        latest: dict[tuple[str, str], Event] = {}
        for event in self.rating_events:
            if event.payload["application"] in self.applications:
                latest[(event.payload["assessor"], event.payload["application"])] = event
        return tuple(
            AssessorRating(assessor=e.payload["assessor"], department=e.payload["department"],
                           application=e.payload["application"], criterion=criterion, rating=rating,
                           source=f"event {e.seq}")
            for _, e in sorted(latest.items()) for criterion, rating in sorted(e.payload["ratings"].items())
        )


def check_round_name(round: str) -> str:
    if not _ROUND_NAME.match(round):
        raise RoundStoreError(_("round '{round}': name a round with letters, digits, '.', '-' or '_' (at most 40), "
                                "for example 2026", round=round))
    return round


def read_round(store: RoundStore, round: str) -> RoundState:
    events = read_events(store, check_round_name(round))
    if not events or events[0].kind is not Kind.OPEN:
        raise RoundStoreError(_("round {round} is not in {file}: open it with 'digipulje round open {round} --pool "
                                "POOL.toml'", round=round, file=store.path))
    return _fold(round, events, store.path)


def _fold(round: str, events: list[Event], where: Path) -> RoundState:
    """The round's state after its events, in order (`where`: the database, for an error)."""
    applications: dict[str, Application] = {}
    source_of: dict[str, str] = {}
    imports, followups, ratings, scenarios = [], [], [], []
    pool = recommendation = decision = reopened = None
    for event in events:
        try:
            if event.kind is Kind.OPEN:
                pool = Pool.model_validate(event.payload["pool"])
            elif event.kind is Kind.IMPORT:
                imports.append(event)
                for source in event.payload["sources"]:
                    for app_id in source["applications"]:
                        source_of[app_id] = source["file"]
                for data in event.payload["applications"]:
                    app = Application.model_validate(data)
                    applications[app.id] = app
            elif event.kind is Kind.ALLOCATION:
                recommendation = StoredAllocation.from_event(event)
            elif event.kind is Kind.DECISION:
                decision, reopened = StoredAllocation.from_event(event), None
            elif event.kind is Kind.REOPEN:
                decision, reopened = None, event
            elif event.kind in (Kind.FOLLOWUP, Kind.BENEFIT):
                followups.append(event)
            elif event.kind is Kind.RATING:
                ratings.append(event)
            elif event.kind is Kind.SCENARIO:
                scenarios.append(event)
        except (KeyError, TypeError, ValueError):  # pydantic's ValidationError is a ValueError
            raise RoundStoreError(_("{file}: event {seq} of round {round} cannot be read: the file was edited by hand; "
                                    "run 'digipulje round verify'", file=where, seq=event.seq, round=round)) from None
    assert pool is not None
    return RoundState(
        round=round, opened=events[0], pool=pool, events=tuple(events),
        applications=dict(sorted(applications.items())), source_of=source_of, imports=tuple(imports),
        recommendation=recommendation, decision=decision, reopened=reopened, followup_events=tuple(followups),
        rating_events=tuple(ratings), scenario_events=tuple(scenarios),
    )


def open_round(store: RoundStore, round: str, pool: Pool, actor: str,
               pool_file: SourceFile | None = None, clock: Clock = utc_now) -> Event:
    check_round_name(round)
    with store.transaction():
        require_intact(store)  # a round is never added to a log changed outside digipulje
        first = store.connection.execute(
            "SELECT seq, at FROM events WHERE round = ? ORDER BY seq LIMIT 1", (round,)).fetchone()
        if first is not None:
            raise RoundStoreError(_("round {round} is already open in {file} (event {seq}, {at}): a round is opened "
                                    "once", round=round, file=store.path, seq=first[0], at=first[1]))
        payload = {"pool": pool.model_dump(mode="json"),
                   "pool_file": None if pool_file is None else {"file": pool_file.name, "sha256": pool_file.sha256}}
        return append_event(store, round, Kind.OPEN, actor, payload, clock=clock)


def import_applications(store: RoundStore, round: str, sources: Sequence[SourceFile], actor: str,
                        replace: bool = False, clock: Clock = utc_now, reason: str | None = None) -> list[Event]:
    """Stores the applications as read, with each file's name and SHA-256, and logs the council's
    assessments and rejections in them. An id already in the round is an error unless `replace`;
    `reason` (why, e.g. for a replacement) is logged with the import."""
    incoming: dict[str, tuple[Application, str]] = {}
    problems = []
    for source in sources:
        for app in source.applications:
            if app.id in incoming:
                problems.append(_("{file}: application id '{id}' is also in {other}: ids must be unique",
                                  file=source.name, id=app.id, other=incoming[app.id][1]))
            else:
                incoming[app.id] = (app, source.name)
    if problems:
        raise InputError(*problems)
    if not incoming:
        raise InputError(_("no applications in {files}", files=", ".join(s.name for s in sources)))

    with store.transaction():  # read and write under one lock: concurrent imports queue up
        state = read_round(store, round)
        existing = sorted(set(incoming) & set(state.applications))
        if existing and not replace:
            raise RoundStoreError(*(_("application {application} is already in round {round} (from {file}): import "
                                      "with --replace to replace it", application=i, round=round,
                                      file=state.source_of[i]) for i in existing))
        apps = [incoming[i][0] for i in sorted(incoming)]
        imported = append_event(store, round, Kind.IMPORT, actor, {
            "sources": [s.describe() for s in sources],
            "applications": [a.model_dump(mode="json") for a in apps],
            "replaced": existing,
        }, reason=reason, clock=clock)
        events = [imported]
        for app in apps:
            if app.assessment is None:
                continue
            kind = Kind.REJECTION if app.assessment.verdict is Verdict.REJECTED else Kind.ASSESSMENT
            events.append(append_event(store, round, kind, actor, {
                "application": app.id, "verdict": app.assessment.verdict.value,
                "ratings": app.ratings.model_dump(mode="json"), "import_event": imported.seq,
            }, reason=app.assessment.reason, clock=clock))
        return events


def rate_application(store: RoundStore, round: str, assessor: str, department: str, application: str,
                     ratings: Mapping[str, int], clock: Clock = utc_now) -> Event:
    """One council member's 0–4 ratings of one application, logged; a later rating by the same
    member replaces the earlier one. A member never rates an application of their own department
    (`scoring.panel.is_recused`): that is refused here, not only left uncounted."""
    from digipulje.applications.principles import CRITERIA, SCALE_MAX
    from digipulje.scoring.panel import is_recused

    keys = [c.key for c in CRITERIA]
    problems = [_("'{criterion}' is not a rated principle: use one of {known}", criterion=k, known=", ".join(keys))
                for k in ratings if k not in keys]
    problems += [_("{criterion}: {value} is not a rating from 0 to {top}", criterion=k, value=v, top=SCALE_MAX)
                 for k, v in ratings.items()
                 if k in keys and (not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= SCALE_MAX)]
    if not ratings:
        problems.append(_("no ratings given: rate at least one principle"))
    if problems:
        raise InputError(*problems)
    with store.transaction():
        state = read_round(store, round)
        app = state.applications.get(application)
        if app is None:
            raise RoundStoreError(_("there is no application '{application}' in round {round}",
                                    application=application, round=round))
        if is_recused(department, app):
            raise RecusedError(_("{assessor} is from {department}, the applicant's own department: a council member "
                                 "does not rate {application}", assessor=assessor, department=department,
                                 application=application))
        return append_event(store, round, Kind.RATING, assessor, {
            "application": application, "assessor": assessor, "department": department,
            "ratings": {k: ratings[k] for k in keys if k in ratings},
        }, clock=clock)


class RecusedError(RoundStoreError):
    """A council member asked to rate an application of their own department."""


def allocate_round(store: RoundStore, round: str, actor: str, overrides: Iterable[Override] = (),
                   solver: str | None = None, clock: Clock = utc_now) -> Event:
    """The council's recommendation: allocates the round's applications and stores inputs and result."""
    from digipulje.pool.allocating import allocate
    from digipulje.solver.backends import DEFAULT_SOLVER

    state = read_round(store, round)
    if not state.applications:
        raise RoundStoreError(_("round {round} has no applications yet: import them with 'digipulje round import "
                                "{round} FILE...'", round=round))
    overrides = tuple(overrides)
    solver = solver or DEFAULT_SOLVER
    applications = tuple(state.applications.values())
    assessments = state.assessments()
    result = allocate(applications, state.pool, overrides, solver=solver, assessments=assessments)
    return _store_allocation(store, state, Kind.ALLOCATION, actor, None, applications, state.pool,
                             overrides, None, solver, result, None, clock, assessments)


def decide_round(store: RoundStore, round: str, actor: str, overrides: Iterable[Override] = (),
                 reason: str | None = None, solver: str | None = None, clock: Clock = utc_now,
                 seen_event: int | None = None, replace: bool = True) -> Event:
    """The chiefs' decision: their overrides applied to the latest recommendation, whose grants are
    the baseline, so the decision moves money away from the recommendation only where it must.

    `seen_event`: the round's last event when the decision was made (a page shows it); the decision
    is refused if the round has changed since, naming what changed. `replace=False`: a recorded
    decision is never replaced; it must be reopened first (`reopen_decision`)."""
    from digipulje.pool.allocating import allocate

    state = read_round(store, round)
    if seen_event is not None:
        require_seen(state, seen_event)
    if not replace and state.decision is not None:
        raise DecisionRecorded(_("round {round} already has a recorded decision (event {seq}, {actor}, {at}): reopen "
                                 "it with a reason before recording another (on the command line: --reopen REASON)",
                                 round=round,
                                 seq=state.decision.event.seq, actor=state.decision.event.actor,
                                 at=state.decision.event.at))
    recommendation = state.recommendation
    if recommendation is None:
        raise RoundStoreError(_("round {round} has no recommendation yet: make one with 'digipulje round allocate "
                                "{round}'", round=round))
    if {a.id: a for a in recommendation.applications} != state.applications:
        raise RoundStoreError(_("the applications of round {round} changed after the recommendation (event {seq}): "
                                "allocate again before deciding", round=round, seq=recommendation.event.seq))
    overrides = tuple(overrides)
    solver = solver or recommendation.solver
    baseline = recommendation.allocation.granted_by_id()
    result = allocate(recommendation.applications, recommendation.pool, overrides, baseline=baseline,
                      solver=solver, assessments=recommendation.assessments)
    return _store_allocation(store, state, Kind.DECISION, actor, reason, recommendation.applications,
                             recommendation.pool, overrides, baseline, solver, result,
                             recommendation.event.seq, clock, recommendation.assessments)


def _store_allocation(store: RoundStore, state: RoundState, kind: Kind, actor: str, reason: str | None,
                      applications: Sequence[Application], pool: Pool, overrides: Sequence[Override],
                      baseline: Mapping[str, int] | None, solver: str, result: Allocation,
                      recommendation_event: int | None, clock: Clock,
                      assessments: Sequence[AssessorRating] = ()) -> Event:
    overrides = result.overrides  # in the allocation's canonical order, whatever the file's order
    payload: dict[str, Any] = {
        "inputs": {
            "applications": [a.model_dump(mode="json") for a in sorted(applications, key=lambda a: a.id)],
            "pool": pool.model_dump(mode="json"),
            "overrides": [o.model_dump(mode="json") for o in overrides],
            "baseline": None if baseline is None else dict(sorted(baseline.items())),
            "solver": solver,
        },
        "fingerprint": result.fingerprint,
        "solver": {"name": result.solver.name, "version": result.solver.version},
        "result": result.model_dump(mode="json"),
    }
    if recommendation_event is not None:
        payload["recommendation_event"] = recommendation_event
    if assessments:  # only then, so a round without assessors stores what it always stored
        payload["inputs"]["assessments"] = [
            {"assessor": r.assessor, "department": r.department, "application": r.application,
             "criterion": r.criterion, "rating": r.rating, "source": r.source} for r in assessments]
    with store.transaction():
        require_unchanged(store, state)
        for override in overrides:
            append_event(store, state.round, Kind.OVERRIDE, actor, override.model_dump(mode="json"),
                         reason=override.reason, clock=clock)
        return append_event(store, state.round, kind, actor, payload, reason=reason, clock=clock)


class DecisionRecorded(RoundStoreError):
    """A decision is recorded: recording another needs a reopening with a reason first."""


class RoundChanged(RoundStoreError):
    """The round changed after the caller read it: what it decided on is no longer the round.
    `event` is the first event the caller did not see."""

    def __init__(self, *lines: str, event: Event | None = None) -> None:
        super().__init__(*lines)
        self.event = event


# Events after which a decision made on the round as it was is still a decision on the round as it
# is: a council member's rating counts in the next recommendation, not in this one's decision.
_BESIDE_THE_DECISION = frozenset({Kind.RATING, Kind.FOLLOWUP, Kind.BENEFIT, Kind.SCENARIO})


def require_seen(state: RoundState, seen_event: int) -> None:
    """The round is as the caller saw it (its last event `seen_event`), or `RoundChanged` names the
    first event after it that matters to a decision: who did what, when."""
    newer = [e for e in state.events if e.seq > seen_event and e.kind not in _BESIDE_THE_DECISION]
    if newer or seen_event > state.last_event:
        first = newer[0] if newer else state.events[-1]
        raise RoundChanged(_("round {round} changed after you saw it: event {seq}, {kind} by {actor} at {at}",
                             round=state.round, seq=first.seq, kind=first.kind.value, actor=first.actor,
                             at=first.at), event=first)


def reopen_decision(store: RoundStore, round: str, actor: str, reason: str, seen_event: int | None = None,
                    clock: Clock = utc_now) -> Event:
    """Sets the recorded decision aside so the chiefs can record another; the reason is logged.
    The decision stays in the log, and the next one is recorded beside it, never over it."""
    if not (reason or "").strip():
        raise InputError(_("give the reason for reopening the decision, e.g. the meeting and agenda item"))
    with store.transaction():
        state = read_round(store, round)
        if seen_event is not None:
            require_seen(state, seen_event)
        if state.decision is None:
            raise RoundStoreError(_("round {round} has no recorded decision to reopen", round=round))
        return append_event(store, round, Kind.REOPEN, actor, {"decision_event": state.decision.event.seq},
                            reason=reason.strip(), clock=clock)


def require_unchanged(store: RoundStore, state: RoundState) -> None:
    """Inside the write transaction: the round is still as it was read, or the command is refused."""
    last = store.connection.execute(
        "SELECT seq, kind, actor FROM events WHERE round = ? ORDER BY seq DESC LIMIT 1", (state.round,)).fetchone()
    if last[0] != state.last_event:
        raise RoundChanged(_("round {round} changed while this command ran (event {seq}, {kind} by {actor}): run "
                             "the command again", round=state.round, seq=last[0], kind=last[1], actor=last[2]))


def rounds_in(store: RoundStore) -> list[str]:
    with store.busy_guard():
        rows = store.connection.execute(
            "SELECT round FROM events WHERE kind = ? ORDER BY seq", (Kind.OPEN.value,)).fetchall()
    return [r[0] for r in rows]
