"""The lexicographic integer program that picks the allocation.

Variables per candidate: `funded` (0/1), `granted` (whole kroner, integer), `partial` (0/1).
An all-or-nothing candidate (smallest grant = request) has no `granted` of its own: it is
`request × funded`; a candidate that cannot be partial has no `partial`. The objective's stages
(`solver.objective`: total value, kroner granted, partial grants, with a baseline the kroner moved
from it, and the tie-break by rank) are optimised one after another; after each stage its optimum
is held as a constraint, so a later stage can never trade away an earlier one. The pool's
`max_partial_grants` is a constraint of every stage. The model is built in id order, so the same
set of applications yields the same model and the same answer whatever the input row order.

Every objective is integer-valued, so an optimum is held with a 0.5 margin: exact, and robust to
the solver's integrality tolerance. For the same reason a search stops as soon as its bound is
less than one step (the gcd of the objective's coefficients) from its best allocation: that
allocation is optimal, and no stage searches for a fraction of a krone. The final values are
rounded to whole kroner and checked against the same labelled constraints that built the model.

Every solve is bounded: `time_limit` seconds of wall clock for all its stages (default 60,
`solve_settings`). A solver that stops on it (CBC: "Stopped on time", or killed when it overruns;
HiGHS: model status kTimeLimit, which PuLP reports as "Optimal") is never taken as optimal:
`SolveTimeLimit` names the stage, the best allocation found and its proven gap (from the stage's
linear relaxation). Ctrl-C raises `SolveInterrupted`, naming the stage. `progress` hears the
stage as it starts and about four times a second while a solver searches.

Speed, without changing the answer (`shortcuts=False` turns all of it off, for tests and bench/):
each stage knows the best allocation found so far — a greedy first one (under a partial-grant
limit: full grants, then the shortfall from one), topped up before stages 2 and 3 (the same
applications, the rest of the budget to those missing the least). The solver is not started from
it (see `WARM_START`, `REACH_KNOWN`). A stage is settled without a search when that allocation reaches a proven
bound: all of the budget, no partial grant, nothing moved, everyone funded, or, for stages 1 and
3, the linear relaxation's optimum rounded to a value an allocation can have (a multiple of the
gcd of the objective's coefficients); for stage 3 the relaxation's own funded set, rounded, is
tried too. The same relaxation fixes every variable whose reduced cost alone would lose the
optimum, which later stages hold, so their models shrink. Settled or solved, each optimum is
held for the later stages. Alike candidates (`Candidate.alike`: the equal scores and requests of a
round) are required in rank order, the higher-ranked funded and granted at least as much: every
allocation has such a twin, as good on every stage, and without it the solver proves each stage
over every way of permuting them.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any

from digipulje.messages import _
from digipulje.base.errors import SolveInterrupted, SolverFailure, SolveTimeLimit, stage_name
from digipulje.solver.backends import DEFAULT_SOLVER, EXACT, make_solver, solver_version, stopped_early
from digipulje.solver.exact import CANONICAL, NODE_LIMIT, SearchTooLong, solve_exact
from digipulje.solver.constraints import labelled_constraints, violated_constraints
from digipulje.solver.objective import (KRONER, MOVED, PARTIALS, TIE_BREAK, VALUE, figures_of, in_rank_order,
                                        stage_terms, twin_groups)
from digipulje.solver.objective import stages as objective_stages
from digipulje.solver.problem import AllocationProblem, Candidate, Solution, StageResult

_OPTIMAL = 1  # pulp.LpStatusOptimal
DEFAULT_TIME_LIMIT = 60.0  # seconds of wall clock for one solve, unless told otherwise
# CBC 2.10.3 (bundled with PuLP) can call a worse solution optimal when it is given a start
# ("-mips"): cuts made at the root with the start cut off the optimum. Seen on an 8-item
# all-or-nothing round (3,500 reported optimal, 3,750 possible; tests/solver/test_solvers_agree.py).
# So CBC starts every search without one; the known allocation still settles stages. HiGHS 1.16
# given the same start (`setSolution`) called a worse tie-break optimal on a 42-application
# decision, so it is not given one either: where its own heuristics find no allocation in time,
# the time limit says so (see BENCHMARKS.md).
WARM_START = False
# Telling a stage's search the value a known allocation reaches (a row "objective >= reached")
# is valid, and made the value stage under the partial-grant limit much faster, but CBC 2.10.3
# then called a worse "kroner moved" optimal on a 44-application decision (295,000 against
# 289,000; tests/solver/test_bounded.py). Off until a solver can be trusted with it.
REACH_KNOWN = False


@dataclass
class _Stage:
    name: str
    objective: Any  # a PuLP expression
    maximise: bool
    bound: int | None  # a proven best value: reaching it settles the stage
    top_up_before: bool = False  # may the known allocation be topped up before this stage
    fix_by_reduced_cost: bool = False  # small integer coefficients: the relaxation's figures are exact enough
    round_relaxation: bool = False  # try the relaxation's funded set, rounded, as a start
    favour_ranked_before: bool = False  # may partial grants' kroner be moved to higher-ranked ones first


@dataclass(frozen=True)
class SolveProgress:
    """Where a running solve is: stage `stage` of `stages` (1-based), `seconds` since it began;
    `purpose`, what it is solved for where one solve is among many (as a person reads it)."""

    stage: int
    stages: int
    name: str
    seconds: float
    purpose: str = ""


@dataclass(frozen=True)
class SolveSettings:
    """How every solve runs unless told otherwise: its wall-clock limit, and who hears progress.

    `progress` is called as each stage starts and about four times a second while a solver
    searches; the core only reports, a shell decides what to show (e.g. after 2 s).
    """

    time_limit: float = DEFAULT_TIME_LIMIT
    progress: Callable[[SolveProgress], None] | None = None
    solver: str = DEFAULT_SOLVER


_settings: ContextVar[SolveSettings] = ContextVar("solve_settings", default=SolveSettings())


def current_settings() -> SolveSettings:
    return _settings.get()


def adopt_settings(settings: SolveSettings) -> None:
    """Use `settings` from now on in this context (a worker process adopts its caller's)."""
    _settings.set(settings)


@contextlib.contextmanager
def solve_settings(time_limit: float | None = None, progress: Callable[[SolveProgress], None] | None = None,
                   solver: str | None = None) -> Iterator[SolveSettings]:
    """Within the block, every solve (through any command's code path) uses these settings:
    a solve given no solver by name uses `solver`."""
    now = _settings.get()
    settings = SolveSettings(now.time_limit if time_limit is None else time_limit,
                             progress if progress is not None else now.progress,
                             now.solver if solver is None else solver)
    token = _settings.set(settings)
    try:
        yield settings
    finally:
        _settings.reset(token)


class _Clock:
    """The solve's deadline and its progress reports."""

    def __init__(self, limit: float, progress: Callable[[SolveProgress], None] | None, count: int) -> None:
        self.started = time.monotonic()
        self.limit = limit
        self.deadline = self.started + limit
        self.progress = progress
        self.count = count
        self.stage = (0, "")

    def enter(self, index: int, name: str) -> None:
        self.stage = (index, name)
        self.tick()

    def tick(self) -> None:
        if self.progress is not None:
            self.progress(SolveProgress(self.stage[0] + 1, self.count, self.stage[1],
                                        time.monotonic() - self.started))

    def out_of_time(self) -> bool:
        return time.monotonic() >= self.deadline


def solve(problem: AllocationProblem, solver: str | None = None, *, shortcuts: bool = True,
          on_stage: Callable[[StageResult], None] | None = None, time_limit: float | None = None,
          progress: Callable[[SolveProgress], None] | None = None) -> Solution:
    """The optimal allocation. `shortcuts=False` solves every stage plainly, from scratch, on the
    full model (no warm start, nothing settled or fixed early): the reference the fast path is
    tested against, and measured against in bench/. `on_stage` hears of each stage as it ends.

    `time_limit` (seconds of wall clock for the whole solve) and `progress` default to
    `current_settings()`. Reaching the limit raises `SolveTimeLimit` (the stage, the best
    allocation found and its proven gap); Ctrl-C raises `SolveInterrupted` (the stage)."""
    started = time.perf_counter()
    settings = current_settings()
    limit = settings.time_limit if time_limit is None else time_limit
    progress = settings.progress if progress is None else progress
    solver = settings.solver if solver is None else solver
    if not problem.candidates:
        return Solution({}, solver, solver_version(solver), "Optimal", 0.0)
    if solver == EXACT:
        return _exact(problem, limit, progress, on_stage, started)
    milp = _milp(problem, solver, shortcuts, on_stage, limit, progress, started)
    return _canonical(problem, milp, limit - (time.perf_counter() - started), progress)


def _exact(problem: AllocationProblem, limit: float, progress: Callable[[SolveProgress], None] | None,
           on_stage: Callable[[StageResult], None] | None, started: float) -> Solution:
    """The default: the exact search (`solver.exact`), every stage at once. A round whose search
    runs past `NODE_LIMIT` nodes (large rounds full of ties, where the integer program's cuts prove
    sooner) is solved by the integer program with CBC, and the exact search, started from its
    optimum, picks the canonical allocation among its equals; if even that runs past the limit, the
    integer program's optimum stands (every stage but the canonical one proven). A count, not a
    clock, decides, so a round always takes the same path and gives the same answer."""
    count = len(objective_stages(problem.has_baseline)) + 1
    clock = _Clock(limit, progress, count)
    clock.enter(0, VALUE)
    how = "exact search"
    known = _SOLVED.get(problem)
    if known is not None:
        granted, how, figures = known
        return _exact_solution(problem, dict(granted), how, figures, started, on_stage)
    try:
        granted = solve_exact(problem, time_limit=limit, tick=clock.tick, node_limit=NODE_LIMIT)
    except SearchTooLong as stopped:
        # from the search's best allocation: it has mostly found the best total value, which the
        # relaxation's bound then settles without a search of the integer program's own
        # Its progress counts the same stages as the search's: the integer program's, then the canonical last.
        heard = None if progress is None else (lambda at: progress(replace(at, stages=count)))
        try:
            milp = _milp(problem, "cbc", True, None, limit - (time.perf_counter() - started), heard, started,
                         start=stopped.best)
            how = "integer program (cbc), then the exact search for the canonical one"
            clock.enter(count - 1, CANONICAL)
            try:
                granted = solve_exact(problem, time_limit=max(1.0, limit - (time.perf_counter() - started)),
                                      tick=clock.tick, node_limit=NODE_LIMIT, start=milp.granted)
            except SearchTooLong:
                granted, how = milp.granted, "integer program (cbc)"
        except SolveTimeLimit as stop:  # each part had what was left: the reader set the whole solve's limit
            raise SolveTimeLimit(stop.stage, stop.stages, stop.name, limit, stop.best, stop.gap) from None
    figures = figures_of(problem.candidates, granted, baseline=problem.has_baseline)  # remembered with it
    _SOLVED.put(problem, (dict(granted), how, figures))
    return _exact_solution(problem, granted, how, figures, started, on_stage)


def _exact_solution(problem: AllocationProblem, granted: dict[str, int], how: str, figures: Mapping[str, int],
                    started: float, on_stage: Callable[[StageResult], None] | None) -> Solution:
    seconds = time.perf_counter() - started
    results = _figures_as_stages(problem, figures, seconds, how)
    for result in results:
        if on_stage is not None:
            on_stage(result)
    return Solution(granted, EXACT, solver_version(EXACT), "Optimal", seconds, results, 0.0)


class _Solved:
    """The last rounds the default solver solved, by their problem: the same problem is solved once
    per process (a decision's baseline is the recommendation just shown; a page asks again). The
    answer is a function of the problem alone, so a remembered one is the one a new solve gives."""

    def __init__(self, size: int, candidates: int) -> None:
        self.size, self.most_candidates = size, candidates
        self.answers: OrderedDict[AllocationProblem, tuple[dict[str, int], str, dict[str, int]]] = OrderedDict()
        self.candidates = 0  # held in all the remembered problems: memory stays bounded for large rounds
        self.lock = threading.Lock()

    def get(self, problem: AllocationProblem) -> tuple[dict[str, int], str, dict[str, int]] | None:
        with self.lock:
            answer = self.answers.get(problem)
            if answer is not None:
                self.answers.move_to_end(problem)
            return answer

    def put(self, problem: AllocationProblem, answer: tuple[dict[str, int], str, dict[str, int]]) -> None:
        with self.lock:
            if problem not in self.answers:
                self.candidates += len(problem.candidates)
            self.answers[problem] = answer
            self.answers.move_to_end(problem)
            while len(self.answers) > self.size or (self.candidates > self.most_candidates and len(self.answers) > 1):
                dropped, _answer = self.answers.popitem(last=False)
                self.candidates -= len(dropped.candidates)


_SOLVED = _Solved(256, candidates=100_000)


def forget_solved() -> None:
    """Forget the problems solved so far (the next solve of each searches again): for measuring."""
    with _SOLVED.lock:
        _SOLVED.answers.clear()
        _SOLVED.candidates = 0


def _figures_as_stages(problem: AllocationProblem, figures: Mapping[str, int], seconds: float,
                       how: str = "exact search") -> tuple[StageResult, ...]:
    return tuple(StageResult(s.name, figures[s.figure], how, seconds)
                 for s in objective_stages(problem.has_baseline))


def _canonical(problem: AllocationProblem, milp: Solution, limit: float,
               progress: Callable[[SolveProgress], None] | None) -> Solution:
    """The integer program's optimum on every stage but the last, made canonical: among the
    allocations equal to it on all those stages, the one the last stage (`CANONICAL`) picks, found
    by the exact search. The two must agree on every earlier figure; if they do not, one of them is
    wrong, and no answer is given."""
    began = time.perf_counter()
    try:
        granted = solve_exact(problem, time_limit=max(limit, 1.0), node_limit=NODE_LIMIT, start=milp.granted)
    except SearchTooLong:  # as the default solver does on such a round: the integer program's optimum stands
        return milp
    mine = figures_of(problem.candidates, granted, baseline=problem.has_baseline)
    theirs = figures_of(problem.candidates, milp.granted, baseline=problem.has_baseline)
    if mine != theirs:
        raise SolverFailure(_("the {solver} solver and the exact search disagree on the optimum "
                              "({theirs} against {mine}): the answer cannot be trusted",
                              solver=milp.solver, theirs=_figures_text(theirs), mine=_figures_text(mine)))
    seconds = milp.seconds + time.perf_counter() - began
    return Solution(granted, milp.solver, milp.solver_version, milp.status, seconds,
                    milp.stages, milp.build_seconds)


def _figures_text(figures: Mapping[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in figures.items() if v is not None)


def _milp(problem: AllocationProblem, solver: str, shortcuts: bool, on_stage: Callable[[StageResult], None] | None,
          limit: float, progress: Callable[[SolveProgress], None] | None, started: float,
          start: Mapping[str, int] | None = None) -> Solution:
    """The integer program (`--solver cbc|highs`), stage after stage (the module's docstring).
    `start`: a valid allocation known to be good (the exact search's best when it gave up), the
    first known allocation instead of the greedy one when it is at least as good on the total value."""
    import pulp

    make_solver(solver)  # an unknown or missing solver is named before any work is done
    model = pulp.LpProblem("allocation", pulp.LpMaximize)
    funded: dict[str, Any] = {}
    granted: dict[str, Any] = {}
    partial: dict[str, Any] = {}
    for i, c in enumerate(problem.candidates):
        if c.fixed_dkk is not None:
            funded[c.id], granted[c.id] = 1, c.fixed_dkk
            partial[c.id] = int(c.fixed_dkk < c.max_dkk)
            continue
        funded[c.id] = model.add_variable(f"x{i}", 0, 1, pulp.LpBinary)
        if shortcuts and c.min_dkk == c.max_dkk:  # all or nothing: granted is the request when funded
            granted[c.id] = c.max_dkk * funded[c.id]
        else:
            granted[c.id] = model.add_variable(f"a{i}", 0, c.max_dkk, pulp.LpInteger)
        partial[c.id] = model.add_variable(f"p{i}", 0, 1, pulp.LpBinary) if c.partial_possible else 0
    for k, (label, relation) in enumerate(labelled_constraints(problem, funded, granted, partial)):
        if isinstance(relation, bool) or not any(relation.values()):  # no variable left in it
            if not _holds(relation):
                raise SolverFailure(_("the allocation cannot satisfy '{rule}'", rule=label))
            continue
        model += relation, f"c{k}"  # the label is kept by `labelled_constraints`, for `check`
    twins = twin_groups(problem.candidates)
    if shortcuts:
        # Twins (`Candidate.alike`) in rank order: the higher-ranked funded, and granted at least as
        # much, where the lower-ranked is. Every allocation has a twin that keeps this and is as good
        # on every stage (`in_rank_order`), so no optimum is lost; without it the solver proves each
        # stage over every way of permuting alike applications, and rounds of them ran out of time.
        for k, group in enumerate(twins):
            for m, (above, below) in enumerate(zip(group, group[1:])):
                model += funded[above.id] >= funded[below.id], f"twin_funded_{k}_{m}"
                if above.min_dkk < above.max_dkk:
                    model += granted[above.id] >= granted[below.id], f"twin_granted_{k}_{m}"

    moved: dict[str, Any] = {}
    stages = _stages(problem, model, funded, granted, partial, moved)
    built = time.perf_counter() - started
    clock = _Clock(limit, progress, len(stages))
    known = _greedy(problem) if shortcuts else None  # funds everyone when that fits: settles stage 1
    if known is not None and violated_constraints(problem, known):
        known = None
    if shortcuts and start is not None and not violated_constraints(problem, start) and (
            known is None or figures_of(problem.candidates, start)["value"]
            >= figures_of(problem.candidates, known)["value"]):
        known = dict(start)
    if known is not None:
        known = in_rank_order(twins, known)  # keeps the twins' order the model requires
    results: list[StageResult] = []
    index, stage = 0, stages[0]
    try:
        for index, stage in enumerate(stages):
            began = time.perf_counter()
            clock.enter(index, stage.name)
            if clock.out_of_time():
                _stop_on_time(problem, model, stage, index, stages, clock, solver, known, None,
                              funded, granted, partial, moved)
            if shortcuts and known is not None and stage.top_up_before:
                known = in_rank_order(twins, _top_up(problem, known))
            if shortcuts and known is not None and stage.favour_ranked_before:
                known = in_rank_order(twins, _favour_ranked(problem, known))
            if len(stage.objective) == 0:  # no variable in it (e.g. every grant fixed): nothing to choose
                optimum, how = round(stage.objective.constant), "no choice"
            else:
                if known is not None and not _set_values(problem, known, funded, granted, partial, moved):
                    known = None  # cannot happen for a valid allocation; never start from an invalid one
                reached = None if known is None else round(pulp.value(stage.objective))
                relaxation = None
                if shortcuts and reached is not None and reached == stage.bound:
                    optimum, how = reached, "settled: a proven bound reached"
                else:
                    if shortcuts and stage.fix_by_reduced_cost:
                        relaxation = _relax(model, stage, solver, clock)
                        if relaxation is None and clock.out_of_time():
                            _stop_on_time(problem, model, stage, index, stages, clock, solver, known, None,
                                          funded, granted, partial, moved)
                    if relaxation is not None and reached is not None and stage.round_relaxation:
                        relaxed = _round_relaxation(problem, funded, results[0].objective)
                        rounded = in_rank_order(twins, _top_up(problem, relaxed))
                        # An allocation outside a fixed variable's bound cannot keep the earlier optima.
                        if _set_values(problem, rounded, funded, granted, partial, moved):
                            better = round(pulp.value(stage.objective))
                            if (better < reached if not stage.maximise else better > reached) and _keeps(
                                    problem, rounded, stages[:index], results, funded, granted, partial, moved):
                                known, reached = rounded, better  # the relaxation, rounded, is a better start
                    if relaxation is not None and reached is not None:
                        relaxation.fix(reached)  # a known allocation is as good: what cannot reach it is out
                    if relaxation is not None and reached is not None and reached == relaxation.best_whole():
                        optimum, how = reached, "settled: the relaxation's bound reached"
                    else:
                        if known is not None:
                            _set_values(problem, known, funded, granted, partial, moved)
                        model.sense = pulp.LpMaximize if stage.maximise else pulp.LpMinimize
                        model.setObjective(stage.objective)
                        if REACH_KNOWN and shortcuts and reached is not None and stage.bound is not None:
                            model += (stage.objective >= reached if stage.maximise
                                      else stage.objective <= reached), "reach_known"
                        model.solve(make_solver(solver, warm_start=WARM_START and shortcuts and known is not None,
                                                gap_abs=_gap_below_one_step(stage.objective),
                                                deadline=clock.deadline, tick=clock.tick))
                        model._constraints.pop("reach_known", None)  # PuLP 3.3 has no public removal
                        if stopped_early(model) or (clock.out_of_time() and not _is_optimal(model)):
                            _stop_on_time(problem, model, stage, index, stages, clock, solver, known, model,
                                          funded, granted, partial, moved)
                        if solver == "cbc" and not _is_optimal(model):
                            # CBC 2.10.3 can call a feasible model infeasible after its preprocessing
                            # (a round of 28 applications under the partial-grant limit): try once without.
                            if known is not None:
                                _set_values(problem, known, funded, granted, partial, moved)
                            model.solve(make_solver(solver, gap_abs=_gap_below_one_step(stage.objective),
                                                    deadline=clock.deadline, tick=clock.tick,
                                                    without_preprocessing=True))
                            if stopped_early(model) or (clock.out_of_time() and not _is_optimal(model)):
                                _stop_on_time(problem, model, stage, index, stages, clock, solver, known, model,
                                              funded, granted, partial, moved)
                        _require_optimal(model, solver, stage.name)
                        optimum, how = round(pulp.value(stage.objective) or 0), "solved"
                        known = {c.id: _whole_kroner(granted[c.id]) for c in problem.candidates}
                        if relaxation is not None and index < len(stages) - 1:
                            relaxation.fix(optimum)  # held from now on: what cannot reach it is out for good
            results.append(StageResult(stage.name, optimum, how, time.perf_counter() - began))
            if on_stage is not None:
                on_stage(results[-1])
            _hold(model, stage, optimum, index, len(stages))
    except KeyboardInterrupt:
        raise SolveInterrupted(index + 1, len(stages), stage.name) from None

    if known is None:  # every stage was without variables: every grant is fixed
        known = {c.id: _whole_kroner(granted[c.id]) for c in problem.candidates}
    broken = violated_constraints(problem, known)
    if broken:
        raise SolverFailure(*(_("the solver's answer breaks '{rule}'", rule=label) for label in broken))
    return Solution(
        granted=known,
        solver=solver,
        solver_version=solver_version(solver),
        status="Optimal",
        seconds=time.perf_counter() - started,
        stages=tuple(results),
        build_seconds=built,
    )


def _gap_below_one_step(objective: Any) -> float:
    """The absolute gap that proves optimality: just under the objective's step (the gcd of its
    integer coefficients), so no stage searches for a fraction of a unit it can never reach."""
    coefficients = [int(round(v)) for v in objective.values()]
    step = math.gcd(*coefficients) or 1
    return 0.99 * step


def _stop_on_time(problem: AllocationProblem, model: Any, stage: _Stage, index: int, stages: list[_Stage],
                  clock: _Clock, solver: str, known: Mapping[str, int] | None, searched: Any,
                  funded: Mapping[str, Any], granted: Mapping[str, Any], partial: Mapping[str, Any],
                  moved: Mapping[str, Any]) -> None:
    """Raise `SolveTimeLimit` with the best allocation known at this stage and its proven gap."""
    import pulp

    best: dict[str, int] | None = None
    if searched is not None and getattr(model, "sol_status", None) == pulp.LpSolutionIntegerFeasible:
        found = {c.id: _whole_kroner(granted[c.id]) for c in problem.candidates}
        if not violated_constraints(problem, found):
            best = found
    if best is None and known is not None and not violated_constraints(problem, known):
        best = dict(known)
    gap = None
    if best is not None and len(stage.objective):
        _set_values(problem, best, funded, granted, partial, moved)
        value = pulp.value(stage.objective)
        clock.deadline = time.monotonic() + 5.0  # a few seconds for the relaxation's bound
        relaxation = _relax(model, stage, solver, clock)
        if relaxation is not None:
            gap = abs(relaxation.best_whole() - round(value))
    raise SolveTimeLimit(index + 1, len(stages), stage.name, clock.limit, best, gap)


def _hold(model: Any, stage: _Stage, optimum: int, index: int, count: int) -> None:
    """Keep this stage's optimum in every later stage (integer objectives: a 0.5 margin is exact)."""
    if index == count - 1 or len(stage.objective) == 0:
        return
    if stage.maximise:
        model += stage.objective >= optimum - 0.5, f"hold_stage_{index + 1}"
    else:
        model += stage.objective <= optimum + 0.5, f"hold_stage_{index + 1}"


def _stages(problem: AllocationProblem, model: Any, funded: Mapping[str, Any], granted: Mapping[str, Any],
            partial: Mapping[str, Any], moved: dict[str, Any]) -> list[_Stage]:
    """The objective's stages (`solver.objective`) as PuLP expressions, with what settles each early."""
    import pulp

    candidates = problem.candidates
    fixed = [c for c in candidates if c.fixed_dkk is not None]
    possible = [c for c in candidates if c.fixed_dkk is None and c.min_dkk <= c.max_dkk]
    distance: dict[str, Any] | None = None
    if problem.has_baseline:
        distance = {}
        for i, c in enumerate(candidates):
            if c.fixed_dkk is not None:
                distance[c.id] = abs(c.fixed_dkk - c.baseline_dkk)
                continue
            # |granted - baseline| is never more than this: a box for the relaxation's bound (`_relax`)
            d = model.add_variable(f"d{i}", 0, max(c.max_dkk, c.baseline_dkk), pulp.LpContinuous)
            model += d >= granted[c.id] - c.baseline_dkk, f"moved_up_{i}"
            model += d >= c.baseline_dkk - granted[c.id], f"moved_down_{i}"
            moved[c.id] = distance[c.id] = d
    settings = {  # a proven best value, and the shortcuts each stage may take
        VALUE: dict(bound=sum(c.value for c in fixed + possible), fix_by_reduced_cost=True),
        KRONER: dict(bound=min(problem.budget_dkk, sum(c.fixed_dkk for c in fixed) + sum(c.max_dkk for c in possible)),
                     top_up_before=True),
        PARTIALS: dict(bound=sum(partial[c.id] for c in fixed), top_up_before=True, fix_by_reduced_cost=True,
                       round_relaxation=True),
        MOVED: dict(bound=sum(abs(c.fixed_dkk - c.baseline_dkk) for c in fixed)),  # type: ignore[operator]
        TIE_BREAK: dict(bound=None, favour_ranked_before=not problem.has_baseline),
    }
    return [_Stage(stage.name, pulp.lpSum(terms), stage.maximise, **settings[stage.name])  # type: ignore[arg-type]
            for stage, terms in stage_terms(candidates, funded, granted, partial, distance)]


@dataclass
class _Relaxation:
    """A proven bound on one stage from its linear relaxation, and per variable what leaving its
    best end costs.

    The bound is not the relaxation's optimum as the solver reports it (CBC has reported one above
    the true optimum of a minimisation): it is computed here from the solver's duals y, each of the
    sign its row allows (others taken as 0), so it holds whatever their accuracy. Maximising, for
    every point x in the variables' boxes that meets the rows, objective(x) ≤ y·b + Σ r_j·x_j with
    r = c − Aᵀy, and so ≤ `objective` = y·b + Σ max(r_j·lower_j, r_j·upper_j); a variable moved a
    whole unit away from the end that gives its maximum loses |r_j| more (minimising, the same
    with min and gains). So a variable whose |r_j| alone takes the bound past a value that an
    integer allocation reaches cannot leave that end in any optimum: it is fixed there, and the
    solver's model shrinks. Exact: it never removes an optimum of this or a later stage (later
    stages hold this one's optimum).
    """

    objective: float
    maximise: bool
    ends: list[tuple[Any, float, float]]  # (variable, its best end, |reduced cost|), for every variable with one
    constant: int  # the objective's constant term
    step: int  # every allocation's objective is `constant` plus a multiple of `step` (gcd of coefficients)

    def best_whole(self) -> int:
        """The best objective an integer allocation can have: the bound, rounded to a reachable value."""
        tolerance = 1e-4 + 1e-8 * abs(self.objective)
        multiples = (self.objective - self.constant + (tolerance if self.maximise else -tolerance)) / self.step
        return self.constant + self.step * (math.floor(multiples) if self.maximise else math.ceil(multiples))

    def fix(self, reached: int) -> int:
        tolerance = 1e-4 + 1e-8 * abs(self.objective)
        fixed = 0
        for variable, at, cost in self.ends:
            if variable.lowBound == variable.upBound:
                continue
            worse = (self.objective - cost < reached - tolerance if self.maximise
                     else self.objective + cost > reached + tolerance)
            if worse:
                variable.lowBound = variable.upBound = at
                fixed += 1
        return fixed


def _relax(model: Any, stage: _Stage, solver: str, clock: _Clock) -> _Relaxation | None:
    import pulp

    model.sense = pulp.LpMaximize if stage.maximise else pulp.LpMinimize
    model.setObjective(stage.objective)
    model.solve(make_solver(solver, relaxed=True, deadline=clock.deadline, tick=clock.tick))
    if model.status != _OPTIMAL or stopped_early(model):
        return None  # no proof available: fix nothing
    proof = _dual_bound(model, stage)
    if proof is None:
        return None
    bound, reduced = proof
    ends = []
    for variable in model.variables():
        cost = reduced.get(variable.name, 0.0)
        if variable.lowBound == variable.upBound or abs(cost) <= 1e-9:
            continue
        best_up = cost > 0 if stage.maximise else cost < 0
        ends.append((variable, variable.upBound if best_up else variable.lowBound, abs(cost)))
    coefficients = [int(v) for v in stage.objective.values()]
    step = math.gcd(*coefficients) or 1
    return _Relaxation(bound, stage.maximise, ends, int(stage.objective.constant), step)


def _dual_bound(model: Any, stage: _Stage) -> tuple[float, dict[str, float]] | None:
    """The stage's bound from the relaxation's duals (see `_Relaxation`) and the reduced costs it
    rests on, by variable name; None if no bound is finite. Solvers differ in the sign they give
    a dual of a maximisation, so both readings are tried and the tighter bound, valid either way,
    is kept."""
    maximise = stage.maximise
    best: tuple[float, dict[str, float]] | None = None
    for sign in (1.0, -1.0):
        reduced = {v.name: float(c) for v, c in stage.objective.items()}
        terms = [float(stage.objective.constant)]
        for constraint in model.constraints():  # a list from PuLP 3.3 on (the mapping is deprecated)
            y = sign * (constraint.pi or 0.0)
            # the row is  expression + constant (<=, =, >=) 0: b = -constant
            if constraint.sense != 0 and (y > 0) != ((constraint.sense < 0) == maximise):
                y = 0.0  # of the sign the row does not allow: left out (any y of the right sign holds)
            if y == 0.0:
                continue
            terms.append(-y * constraint.constant)
            for variable, a in constraint.items():
                reduced[variable.name] = reduced.get(variable.name, 0.0) - y * a
        finite = True
        for variable in model.variables():
            r = reduced.get(variable.name, 0.0)
            if r == 0.0:
                continue
            end = variable.upBound if (r > 0) == maximise else variable.lowBound
            if end is None:
                finite = False
                break
            terms.append(r * end)
        if not finite:
            continue
        bound = math.fsum(terms)
        if best is None or (bound < best[0] if maximise else bound > best[0]):
            best = (bound, reduced)
    return best


def _first_grant(problem: AllocationProblem, c: Candidate) -> int:
    """What the first allocation grants a candidate it funds: the smallest grant, or, under a limit
    on partial grants, the request (so the first allocation never breaks that limit)."""
    if problem.max_partial_grants is not None:
        return max(c.max_dkk, 1)
    return max(c.min_dkk, 1)  # a grant of 0 kr is no grant


def _greedy(problem: AllocationProblem) -> dict[str, int] | None:
    """A valid first allocation: overrides, then the most value per krone of the smallest grant,
    then a few swaps near the margin that add value (a good start settles stage 1 outright).

    None if even that is impossible (overrides that cannot all hold are caught before). Under a
    limit on partial grants every grant starts in full, so the first allocation has none.
    """
    amounts = {c.id: 0 for c in problem.candidates}
    count = 0
    for c in problem.candidates:
        if c.fixed_dkk is not None or c.forced:
            if c.fixed_dkk is None and c.min_dkk > c.max_dkk:
                return None
            amounts[c.id] = c.fixed_dkk if c.fixed_dkk is not None else _first_grant(problem, c)
            count += 1
    left = problem.budget_dkk - sum(amounts.values())
    if left < 0 or (problem.max_grants is not None and count > problem.max_grants):
        return None
    free = [c for c in problem.candidates if amounts[c.id] == 0 and c.fixed_dkk is None and c.min_dkk <= c.max_dkk]
    ratio = {c.id: c.value / _first_grant(problem, c) for c in free}
    free.sort(key=lambda c: (-ratio[c.id], c.id))
    left, count = _fill(problem, free, amounts, left, count)
    if free:
        left = _swap(problem, free, ratio, amounts, left)
        left, count = _fill(problem, free, amounts, left, count)
    if problem.max_partial_grants:  # the shortfall: the most valuable of those whose smallest grant fits
        slots = problem.max_partial_grants - sum(1 for c in problem.candidates if 0 < amounts[c.id] < c.max_dkk)
        for _ in range(max(0, slots)):
            if problem.max_grants is not None and count >= problem.max_grants:
                break
            fits = [c for c in free if amounts[c.id] == 0 and max(c.min_dkk, 1) <= left]
            if not fits:
                break
            best = min(fits, key=lambda c: (-c.value, c.min_dkk, c.id))
            amounts[best.id] = max(best.min_dkk, 1)
            left -= amounts[best.id]
            count += 1
    return amounts


def _fill(problem: AllocationProblem, free: list[Candidate], amounts: dict[str, int], left: int,
          count: int) -> tuple[int, int]:
    """Fund, at their smallest grant, the free candidates that still fit, in the given order."""
    for c in free:
        if problem.max_grants is not None and count >= problem.max_grants:
            break
        amount = _first_grant(problem, c)
        if amounts[c.id] == 0 and amount <= left:
            amounts[c.id] = amount
            left -= amount
            count += 1
    return left, count


def _swap(problem: AllocationProblem, free: list[Candidate], ratio: dict[str, float], amounts: dict[str, int], left: int,
          width: int = 400, rounds: int = 50) -> int:
    """Swap one funded candidate for one unfunded one while that adds value and fits.

    Only the `width` candidates nearest the margin on each side are tried: the funded with the
    least value per krone, the unfunded with the most.
    """
    import numpy as np

    for _round in range(rounds):
        funded = sorted((c for c in free if amounts[c.id] > 0), key=lambda c: (ratio[c.id], c.id))[:width]
        unfunded = [c for c in free if amounts[c.id] == 0][:width]
        if not funded or not unfunded:
            break
        value_in = np.array([c.value for c in funded])
        cost_in = np.array([amounts[c.id] for c in funded])
        value_out = np.array([c.value for c in unfunded])
        cost_out = np.array([_first_grant(problem, c) for c in unfunded])
        gain = np.where(cost_out[None, :] <= left + cost_in[:, None], value_out[None, :] - value_in[:, None], 0)
        i, j = np.unravel_index(int(np.argmax(gain)), gain.shape)
        if gain[i, j] <= 0:
            break
        left += int(cost_in[i]) - int(cost_out[j])
        amounts[funded[i].id], amounts[unfunded[j].id] = 0, int(cost_out[j])
    return left


def _top_up(problem: AllocationProblem, amounts: Mapping[str, int]) -> dict[str, int]:
    """The same applications funded, the budget spent so that as many as possible get it all.

    Funded candidates start from their smallest grant; the rest of the budget goes to them in
    order of the least still missing (then id), each up to its request. For this set of funded
    applications that grants the most kroner with the fewest partial grants, and keeps the value.
    """
    topped = dict(amounts)
    open_: list[Candidate] = []
    for c in problem.candidates:
        if c.fixed_dkk is None and amounts[c.id] > 0:
            topped[c.id] = c.min_dkk
            open_.append(c)
    left = problem.budget_dkk - sum(topped.values())
    for c in sorted(open_, key=lambda c: (c.max_dkk - c.min_dkk, c.id)):
        extra = min(left, c.max_dkk - c.min_dkk)
        topped[c.id] += extra
        left -= extra
        if left == 0:
            break
    return topped


def _round_relaxation(problem: AllocationProblem, funded: Mapping[str, Any], value: int) -> dict[str, int]:
    """The relaxation's funded applications at their smallest grant, its few fractional ones
    rounded down, and the value lost made up by funding one more application of exactly that
    value, or by swapping a funded one for an unfunded one worth exactly that much more: of
    those that fit, the one that leaves the fewest partial grants after `_top_up`."""
    amounts = {c.id: c.fixed_dkk if c.fixed_dkk is not None else 0 for c in problem.candidates}
    for c in problem.candidates:
        if c.fixed_dkk is None and ((funded[c.id].varValue or 0.0) >= 1 - 1e-6 or c.forced):
            amounts[c.id] = max(c.min_dkk, 1)
    lost = value - sum(c.value for c in problem.candidates if amounts[c.id] > 0)
    if lost <= 0:
        return amounts
    left = problem.budget_dkk - sum(amounts.values())
    room = problem.max_grants is None or sum(1 for v in amounts.values() if v > 0) < problem.max_grants
    free = [c for c in problem.candidates if c.fixed_dkk is None and not c.forced and c.min_dkk <= c.max_dkk]
    smallest_out: dict[int, Candidate] = {}  # per value, the smallest unfunded
    largest_in: dict[int, Candidate] = {}  # per value, the largest funded
    for c in free:
        if amounts[c.id] == 0:
            if c.value not in smallest_out or (c.min_dkk, c.id) < (smallest_out[c.value].min_dkk, smallest_out[c.value].id):
                smallest_out[c.value] = c
        elif c.value not in largest_in or (-c.min_dkk, c.id) < (-largest_in[c.value].min_dkk, largest_in[c.value].id):
            largest_in[c.value] = c
    options = []
    if room and lost in smallest_out and max(smallest_out[lost].min_dkk, 1) <= left:
        options.append((None, smallest_out[lost]))
    for v, out in largest_in.items():
        in_ = smallest_out.get(v + lost)
        if in_ is not None and max(in_.min_dkk, 1) - amounts[out.id] <= left:
            options.append((out, in_))
    best, fewest = amounts, None
    for out, in_ in options:
        trial = dict(amounts)
        if out is not None:
            trial[out.id] = 0
        trial[in_.id] = max(in_.min_dkk, 1)
        topped = _top_up(problem, trial)
        partials = sum(1 for c in problem.candidates if 0 < topped[c.id] < c.max_dkk)
        if fewest is None or partials < fewest:
            best, fewest = trial, partials
    return best


def _keeps(problem: AllocationProblem, amounts: Mapping[str, int], earlier: list[_Stage],
           optima: list[StageResult], funded: Mapping[str, Any], granted: Mapping[str, Any],
           partial: Mapping[str, Any], moved: Mapping[str, Any]) -> bool:
    """Does this allocation obey every rule and keep every earlier stage's optimum?"""
    import pulp

    if violated_constraints(problem, dict(amounts)):
        return False
    if not _set_values(problem, amounts, funded, granted, partial, moved):
        return False
    for stage, result in zip(earlier, optima):
        value = round(pulp.value(stage.objective)) if len(stage.objective) else round(stage.objective.constant)
        if (value < result.objective) if stage.maximise else (value > result.objective):
            return False
    return True


def _favour_ranked(problem: AllocationProblem, amounts: Mapping[str, int]) -> dict[str, int]:
    """The same grants in full and the same partial grants, their kroner given by rank.

    The partial grants' total is spread again: each starts at its smallest grant, and the rest
    goes to the highest-ranked (value, then id) first, each up to one krone below its request so
    that it stays partial. Value, kroner and the number of partial grants are unchanged (moved
    kroner from a baseline would change, so this is not used with one).
    """
    favoured = dict(amounts)
    partial = [c for c in problem.candidates if c.fixed_dkk is None and 0 < amounts[c.id] < c.max_dkk]
    extra = sum(amounts[c.id] - c.min_dkk for c in partial)
    for c in sorted(partial, key=lambda c: (-c.value, c.id)):
        favoured[c.id] = c.min_dkk + min(extra, c.max_dkk - 1 - c.min_dkk)
        extra -= favoured[c.id] - c.min_dkk
    return favoured


def _set_values(problem: AllocationProblem, amounts: Mapping[str, int], funded: Mapping[str, Any],
                granted: Mapping[str, Any], partial: Mapping[str, Any], moved: Mapping[str, Any]) -> bool:
    """Give the model's variables the values of a known allocation (the warm start).

    False (and nothing set) if a value lies outside its variable's bounds: a variable fixed by
    reduced costs (e.g. a `partial` held at 1) shows the allocation cannot keep an earlier optimum.
    """
    from pulp import LpVariable

    values: list[tuple[Any, float]] = []
    for c in problem.candidates:
        if c.fixed_dkk is not None:
            continue
        amount = amounts[c.id]
        values.append((funded[c.id], int(amount > 0)))
        if isinstance(granted[c.id], LpVariable):
            values.append((granted[c.id], amount))
        if c.partial_possible:
            values.append((partial[c.id], int(0 < amount < c.max_dkk)))
        if c.id in moved:
            values.append((moved[c.id], abs(amount - c.baseline_dkk)))
    for variable, value in values:
        if (variable.lowBound is not None and value < variable.lowBound) or (
                variable.upBound is not None and value > variable.upBound):
            return False
    for variable, value in values:
        variable.setInitialValue(value, check=False)
    return True


def _holds(relation: Any) -> bool:
    """Whether a constraint without variables holds (a bool, or a PuLP constraint of constants)."""
    if isinstance(relation, bool):
        return relation
    value = relation.constant  # PuLP keeps a constraint as `expression + constant (sense) 0`
    return {0: value == 0, 1: value >= 0, -1: value <= 0}[relation.sense]


def _whole_kroner(amount: object) -> int:
    if isinstance(amount, int):
        return amount
    import pulp

    value = pulp.value(amount)
    return 0 if value is None else int(round(value))


def _is_optimal(model: Any) -> bool:
    import pulp

    return model.status == _OPTIMAL and getattr(model, "sol_status", pulp.LpSolutionOptimal) == pulp.LpSolutionOptimal


def _require_optimal(model: object, solver: str, stage: str) -> None:
    import pulp

    status = model.status  # type: ignore[attr-defined]
    sol_status = getattr(model, "sol_status", pulp.LpSolutionOptimal)
    if status != _OPTIMAL or sol_status != pulp.LpSolutionOptimal:
        raise SolverFailure(_("the {solver} solver stopped without a proven optimum at stage '{stage}' "
                              "(status: {status}, solution: {solution})", solver=solver, stage=stage_name(stage),
                              status=pulp.LpStatus.get(status, status),
                              solution=pulp.LpSolution.get(sol_status, sol_status)))
