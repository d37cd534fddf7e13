"""The allocation engine's one way into the solver: applications + pool + overrides (+ baseline)
in, the solver's candidates out, with the overrides checked to hold together.

Every command that allocates — `allocate`, the decision, the budget curve, the near-best
alternatives, the weight robustness, the scenarios, the reports and the rounds — builds its
candidates here, so what the solver is asked never differs between them:

- who may be funded: screening (`pool.screen`) after scoring (`scoring.panel.score_round`);
- what funding each is worth (`value`): the principles' score in centipoints, or, for a
  participatory-budgeting round (`.pb` input), the voters' support (`value_kind` "support");
- the smallest and largest grant, and what each override's action makes of them (`Action.shape`);
- the baseline grant, when a decision stays close to a recommendation.

Pure: no files, no terminal, no solver call.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from digipulje.applications.assessments import AssessorRating
from digipulje.applications.model import Application
from digipulje.base.errors import InputError, OverrideConflict, no_such_application, kroner
from digipulje.messages import _
from digipulje.pool.model import Pool, Rules
from digipulje.pool.overrides import Override
from digipulje.pool.screen import Screening, forget_screened, screen_application
from digipulje.scoring.panel import Panel, score_round
from digipulje.scoring.score import Score
from digipulje.solver.problem import AllocationProblem, Candidate

ValueKind = Literal["score", "support"]


@dataclass(frozen=True)
class PreparedRound:
    """A round ready for the solver: scored, screened, its overrides checked."""

    applications: tuple[Application, ...]  # by id
    pool: Pool
    overrides: tuple[Override, ...]  # canonical order
    override_for: dict[str, Override]
    scores: dict[str, Score]
    screenings: dict[str, Screening]
    candidates: tuple[Candidate, ...]  # the applications the solver may fund, by id
    value_kind: ValueKind
    baseline: dict[str, int] | None = None
    panels: dict[str, Panel] = field(default_factory=dict)  # the council members' ratings, by id

    def problem(self, budget_dkk: int | None = None) -> AllocationProblem:
        """The problem the solver solves: at the pool's budget, or at `budget_dkk`."""
        return AllocationProblem(
            candidates=self.candidates,
            budget_dkk=self.pool.budget_dkk if budget_dkk is None else budget_dkk,
            max_grants=self.pool.rules.max_grants,
            has_baseline=self.baseline is not None,
            max_partial_grants=max_partial_grants(self.pool.rules),
        )

    def value_of(self, application_id: str) -> int:
        """What funding the application is worth to the solver (centipoints or support)."""
        return value_of(self.by_id[application_id], self.scores[application_id])

    def with_baseline(self, baseline: Mapping[str, int]) -> PreparedRound:
        """The same round, its decision staying close to `baseline`: what `prepare_round` gives
        with that baseline, without scoring and screening again."""
        from dataclasses import replace

        candidates = tuple(replace(c, baseline_dkk=baseline.get(c.id, 0)) for c in self.candidates)
        return replace(self, candidates=candidates, baseline=dict(baseline))

    def fits(self, budget_dkk: int) -> None:
        """Raise, naming the overrides, if they cannot all hold at `budget_dkk`."""
        require_overrides_fit(self.candidates, self.pool, self.override_for, budget_dkk)

    @property
    def overrides_need_dkk(self) -> int:
        """The smallest budget at which the include and fix overrides can all hold."""
        return overrides_need(self.candidates, self.pool.rules)

    @property
    def by_id(self) -> dict[str, Application]:
        return {a.id: a for a in self.applications}


def prepare_round(
    applications: Iterable[Application],
    pool: Pool,
    overrides: Iterable[Override] = (),
    baseline: Mapping[str, int] | None = None,
    assessments: Iterable[AssessorRating] = (),
) -> PreparedRound:
    """Score, screen and turn the round into candidates; raise if the overrides cannot all hold."""
    apps = tuple(sorted(applications, key=lambda a: a.id))
    _require_unique_ids(apps)
    by_id = {a.id: a for a in apps}
    overrides = _in_order(overrides)
    override_for = _index_overrides(overrides, by_id)
    if baseline is not None:
        unknown = sorted(set(baseline) - set(by_id))
        if unknown:
            raise InputError(*(_("the baseline grants money to '{application}', which is not among the applications",
                                 application=u) for u in unknown))
    panels, scores, plain = _scored_and_screened(apps, pool, tuple(assessments))
    screenings = {a.id: screen_application(a, scores[a.id], pool, override_for[a.id]) if a.id in override_for
                  else plain[a.id] for a in apps}
    candidates = tuple(
        candidate(a, scores[a.id], pool, override_for.get(a.id), baseline)
        for a in apps if screenings[a.id].fundable
    )
    require_overrides_fit(candidates, pool, override_for)
    return PreparedRound(
        applications=apps, pool=pool, overrides=overrides, override_for=override_for, scores=scores,
        screenings=screenings, candidates=candidates, value_kind=value_kind(apps),
        baseline=None if baseline is None else dict(baseline), panels=panels,
    )


class _Scored:
    """The last rounds scored and screened (without overrides), by the identity of their inputs:
    a round is prepared again for every allocation of it (a decision's recommendation, each
    scenario and page) from the same objects. The inputs are immutable, and each entry holds them,
    so an identity is never reused while its entry lives."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: dict[tuple[int, ...], tuple[tuple, tuple]] = {}
        self.lock = threading.Lock()

    def get(self, inputs: tuple) -> tuple | None:
        key = tuple(map(id, inputs))
        with self.lock:
            entry = self.entries.get(key)
        if entry is None or any(a is not b for a, b in zip(entry[0], inputs)):
            return None
        return entry[1]

    def put(self, inputs: tuple, result: tuple) -> None:
        with self.lock:
            if len(self.entries) >= self.size:
                self.entries.pop(next(iter(self.entries)))
            self.entries[tuple(map(id, inputs))] = (inputs, result)


_SCORED = _Scored(64)


def forget_scored() -> None:
    """Forget the rounds scored and screened so far: for measuring."""
    with _SCORED.lock:
        _SCORED.entries.clear()
    forget_screened()


def _scored_and_screened(apps: tuple[Application, ...], pool: Pool, assessments: tuple[AssessorRating, ...]
                         ) -> tuple[dict[str, Panel], dict[str, Score], dict[str, Screening]]:
    """The round's panels, scores and screenings without overrides (`score_round`,
    `screen_application`), made once for the same inputs."""
    inputs = (pool, *apps, *assessments)
    known = _SCORED.get(inputs)
    if known is None:
        panels, scores = score_round(apps, pool, assessments)
        known = (panels, scores, {a.id: screen_application(a, scores[a.id], pool, None) for a in apps})
        _SCORED.put(inputs, known)
    return dict(known[0]), dict(known[1]), known[2]  # the panels and scores a round keeps are its own


def value_kind(applications: Iterable[Application]) -> ValueKind:
    """"support" when the voters' support is the value (a participatory-budgeting round)."""
    return "support" if any(a.support is not None for a in applications) else "score"


def value_of(application: Application, score: Score) -> int:
    return score.centipoints if application.support is None else application.support


def max_partial_grants(rules: Rules) -> int | None:
    """The pool's cap on grants below their request; None when any number is allowed."""
    return rules.partial_grant_limit


def candidate(app: Application, score: Score, pool: Pool, override: Override | None,
              baseline: Mapping[str, int] | None = None) -> Candidate:
    plain = Candidate(
        id=app.id,
        value=value_of(app, score),
        min_dkk=pool.min_grant_for(app),
        max_dkk=app.requested_dkk,
        baseline_dkk=(baseline or {}).get(app.id, 0),
    )
    return plain if override is None else override.shape(plain)


def _require_unique_ids(apps: tuple[Application, ...]) -> None:
    seen: set[str] = set()
    duplicates = sorted({a.id for a in apps if a.id in seen or seen.add(a.id)})  # type: ignore[func-returns-value]
    if duplicates:
        raise InputError(*(_("application id '{id}' is used more than once: ids must be unique", id=d)
                           for d in duplicates))


def check_overrides(overrides: Iterable[Override], applications: Iterable[Application]) -> None:
    """Raise `OverrideConflict` where an override names no application of the round, two concern
    one application, or an amount is more than the request: what `prepare_round` checks first, for a
    shell that reads the overrides from a file and names it."""
    _index_overrides(_in_order(overrides), {a.id: a for a in applications})


def _in_order(overrides: Iterable[Override]) -> tuple[Override, ...]:
    """The overrides in canonical order, whatever the file's: by application, then action."""
    return tuple(sorted(overrides, key=lambda o: (o.application, o.action.value)))


def _index_overrides(overrides: tuple[Override, ...], by_id: Mapping[str, Application]) -> dict[str, Override]:
    problems: list[str] = []
    index: dict[str, Override] = {}
    for o in overrides:
        if o.application not in by_id:
            problems.append(_("override '{override}': {problem}", override=o.describe(),
                              problem=no_such_application(o.application, by_id)))
        elif o.application in index:
            problems.append(_("overrides '{first}' and '{second}' both concern {application}: keep one",
                              first=index[o.application].describe(), second=o.describe(), application=o.application))
        else:
            index[o.application] = o
            if o.amount_dkk is not None and o.amount_dkk > by_id[o.application].requested_dkk:  # type: ignore[operator]
                problems.append(_("override '{override}': more than the {requested} kr requested",
                                  override=o.describe(), requested=kroner(by_id[o.application].requested_dkk)))
    if problems:
        raise OverrideConflict(*problems)
    return index


def overrides_need(candidates: Iterable[Candidate], rules: Rules) -> int:
    """Kroner the forced and fixed candidates need at least (with the cap on partial grants)."""
    forced = [c for c in candidates if c.forced or c.fixed_dkk is not None]
    need = sum(c.fixed_dkk if c.fixed_dkk is not None else c.min_dkk for c in forced)
    cap = max_partial_grants(rules)
    cuts = sorted((c.max_dkk - c.min_dkk for c in forced if c.partial_possible), reverse=True)
    if cap is not None and len(cuts) > cap:  # only `cap` of them may fall below their request
        need += sum(cuts[cap:])
    return need


def require_overrides_fit(candidates: Iterable[Candidate], pool: Pool, override_for: Mapping[str, Override],
                          budget_dkk: int | None = None) -> None:
    """Overrides that force money out can only conflict with the budget, the count, a floor or
    the cap on partial grants. Checked here, exactly, so the user hears which overrides collide
    instead of "infeasible"."""
    budget = pool.budget_dkk if budget_dkk is None else budget_dkk
    forced = [c for c in candidates if c.forced or c.fixed_dkk is not None]
    problems = []
    for c in forced:
        if c.fixed_dkk is None and c.min_dkk > c.max_dkk:
            problems.append(_("override '{override}' cannot hold: the smallest grant the pool allows ({minimum} kr) "
                              "is more than the {requested} kr requested", override=override_for[c.id].describe(),
                              minimum=kroner(c.min_dkk), requested=kroner(c.max_dkk)))
    need = overrides_need(forced, pool.rules)
    if need > budget:
        names = "; ".join(override_for[c.id].describe() for c in forced)
        problems.append(_("overrides cannot all hold: together they need at least {need} kr, more than the budget "
                          "of {budget} kr ({overrides})", need=kroner(need), budget=kroner(budget), overrides=names))
    if pool.rules.max_grants is not None and len(forced) > pool.rules.max_grants:
        names = "; ".join(override_for[c.id].describe() for c in forced)
        problems.append(_("overrides cannot all hold: they force {count} grants, more than the pool's maximum of "
                          "{maximum} ({overrides})", count=len(forced), maximum=pool.rules.max_grants, overrides=names))
    if problems:
        raise OverrideConflict(*problems)
