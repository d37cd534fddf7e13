"""What it would have taken: each application that lost, included and solved.

For every application the allocation left unfunded although it passed screening (`not_funded`),
the round is solved again with one more override, "include it", by the same rule and engine as
the allocation itself (its overrides, its baseline: the same prepared round, one candidate forced).
The result is data (`IfFunded`: the total value and every grant) and a reason in plain words:
who gives way, who is cut, and what the total becomes — or, where the total stays the same, the
tie and the stage of the order that decided it. Nothing is reasoned: every sentence is a solve.

Each counterfactual is one more solve: `allocate` makes them (every surface that shows reasons
shows these), for the `LIMIT` highest-ranked applications that lost in a round of at most
`LARGEST_ROUND` candidates; every other application that lost says that it was not solved and
why. The curve and the weight draws, which need grants only, make none.
"""

from __future__ import annotations

from collections.abc import Mapping

from digipulje.base.errors import OverrideConflict, SolverFailure, stage_name
from digipulje.base.money import format_dkk
from digipulje.messages import N_, _
from digipulje.messages.tables import in_language
from digipulje.pool.allocation import Allocation, Decision, IfFunded, Status
from digipulje.pool.engine import PreparedRound
from digipulje.pool.overrides import Action, Override
from digipulje.pool.reasons import reason
from digipulje.solver.problem import Candidate

WHAT_IF = N_("to see what it would take")  # the override's reason: the counterfactual is not a decision
COUNCIL = "ITP"
LIMIT = 50  # lost applications solved, highest-ranked first; the rest say so (`not_solved`)
LARGEST_ROUND = 500  # candidates: a larger round's losses are not solved one by one, and say so


def with_counterfactuals(allocation: Allocation, prepared: PreparedRound, solver: str | None = None,
                         time_limit: float | None = None) -> Allocation:
    """The allocation with `if_funded` and a solved reason on every application that lost: the
    round `prepared` (the allocation's own: its overrides and baseline) solved again with that
    application included, by the same engine. An application the chiefs' changes took money from
    keeps that reason and gains `if_funded`."""
    from dataclasses import replace

    from digipulje.pool.engine import require_overrides_fit
    from digipulje.solver.backends import EXACT
    from digipulje.solver.lexicographic import current_settings, solve

    value = {d.id: d.value for d in allocation.decisions}
    now = allocation.granted_by_id()
    lost = sorted((d for d in allocation.decisions if d.status is Status.NOT_FUNDED and d.min_dkk <= d.requested_dkk),
                  key=lambda d: (-d.value, d.id))
    solved = {d.id for d in lost[:LIMIT]} if len(prepared.candidates) <= LARGEST_ROUND else set()
    number = {d.id: k for k, d in enumerate((d for d in lost if d.id in solved), start=1)}
    heard = current_settings().progress  # a long solve among them says which it is
    decisions = []
    for d in allocation.decisions:
        if d.id not in solved:
            if d.status is Status.NOT_FUNDED and d.min_dkk <= d.requested_dkk:
                # Not solved one by one: said as it is, with the limits. ("Ranked below those funded" was
                # false of an application that scores high and asks much.)
                variant = "not_solved" if d.support is None else "not_solved_support"
                d = d.model_copy(update={"reasons": (*d.reasons[:-1], reason(
                    "not_funded_budget", variant=variant, limit=LIMIT, largest=LARGEST_ROUND))})
            decisions.append(d)
            continue
        include = Override(application=d.id, action=Action.INCLUDE, reason=_(WHAT_IF), decided_by=COUNCIL)
        candidates = tuple(include.shape(c) if c.id == d.id else c for c in prepared.candidates)
        try:
            require_overrides_fit(candidates, prepared.pool, {**prepared.override_for, d.id: include})
            problem = replace(prepared, candidates=candidates).problem()
            purpose = _("what including {application} would give ({number} of {count})", application=d.id,
                        number=number[d.id], count=len(number))
            granted = solve(problem, EXACT, time_limit=time_limit, progress=None if heard is None else (
                lambda at, purpose=purpose: heard(replace(at, purpose=purpose)))).granted
        except (OverrideConflict, SolverFailure) as conflict:
            if d.reasons and d.reasons[-1].code == "not_funded_override":
                decisions.append(d)  # the chiefs' decision took its money: that says why, as with `if_funded` below
                continue
            words = _cannot_fit(d, candidates, prepared, conflict)
            decisions.append(d.model_copy(update={"reasons": (*d.reasons[:-1], words)}))
            continue
        funded = {i: g for i, g in granted.items() if g > 0}
        if_funded = IfFunded(total_value=sum(value[i] for i in funded), funded=funded)
        last = d.reasons[-1] if d.reasons else None
        if last is not None and last.code == "not_funded_override":
            decisions.append(d.model_copy(update={"if_funded": if_funded}))
            continue
        words = _said(d, if_funded, allocation, now)
        decisions.append(d.model_copy(update={"if_funded": if_funded, "reasons": (*d.reasons[:-1], words)}))
    return allocation.model_copy(update={"decisions": tuple(decisions)})


def _cannot_fit(d: Decision, candidates: tuple[Candidate, ...], prepared: PreparedRound, conflict: Exception):
    """Why even an include override cannot hold, from the figure that decides it: the kroner the
    chiefs' fixed and included grants take of the budget, or their number against the pool's
    maximum; else in the words of the conflict itself."""
    from digipulje.pool.engine import overrides_need

    others = [c for c in candidates if c.id != d.id and (c.forced or c.fixed_dkk is not None)]
    rules, budget = prepared.pool.rules, prepared.pool.budget_dkk
    need = overrides_need(others, rules)
    if need + d.min_dkk > budget:
        return reason("not_funded_budget", variant="cannot_fit_budget", min=d.min_dkk, need=need, budget=budget)
    if rules.max_grants is not None and len(others) >= rules.max_grants:
        return reason("not_funded_budget", variant="cannot_fit_count", count=len(others))
    lines = getattr(conflict, "lines", None) or (str(conflict),)
    return reason("not_funded_budget", variant="cannot_fit", min=d.min_dkk,
                  why=[(_in("da", lambda: " ".join(lines)), _in("en", lambda: " ".join(lines)))])


def _said(d: Decision, if_funded: IfFunded, allocation: Allocation, now: Mapping[str, int]):
    support = d.support is not None
    best = allocation.total_value
    changes = _changes(d.id, if_funded.funded, now)
    facts = {"min": d.min_dkk, "changes": changes or [(_in("da", _no_change), _in("en", _no_change))]}
    if support:
        facts |= {"support": best, "support_if": if_funded.total_value}
    else:
        facts |= {"score": best / 100, "score_if": if_funded.total_value / 100}
    if if_funded.total_value < best:
        cap = allocation.pool.rules.max_grants
        if (cap is not None and sum(g > 0 for g in now.values()) >= cap
                and allocation.remainder_dkk >= d.min_dkk):  # the kroner are there: the number of grants is not
            return reason("not_funded_budget", variant="if_funded_support_capped" if support else "if_funded_capped",
                          count=cap, **facts)
        return reason("not_funded_budget", variant="if_funded_support" if support else "if_funded", **facts)
    decided_by = _deciding_stage(allocation, if_funded)
    return reason("not_funded_budget", variant="tie_support" if support else "tie",
                  decided=[(_decided_words(decided_by, "da"), _decided_words(decided_by, "en"))], **facts)


def _decided_words(stage: str, lang: str) -> str:
    """The stage that decided a tie, in `lang`; the tie-break says what the rank is."""
    from digipulje.solver.objective import TIE_BREAK

    if stage == TIE_BREAK:
        # (no example of the order here: in a round's reason "P10 before P2" read as IDs of the round)
        return _in(lang, lambda: _("the rank: kroner to the higher-ranked, by score and then by ID sorted as text"))
    return stage_name(stage, lang)


def _deciding_stage(allocation: Allocation, if_funded: IfFunded) -> str:
    """The first stage of the order after the total value on which the allocation beats the
    counterfactual: the kroner granted, the partial grants, the kroner moved, or the tie-break."""
    from digipulje.solver.objective import KRONER, MOVED, PARTIALS, TIE_BREAK

    requested = {d.id: d.requested_dkk for d in allocation.decisions}
    if sum(if_funded.funded.values()) != allocation.granted_dkk:
        return KRONER
    partials = sum(g < requested[i] for i, g in if_funded.funded.items())
    if partials != sum(d.status is Status.PARTIAL for d in allocation.decisions):
        return PARTIALS
    return MOVED if allocation.stays_close_to_baseline else TIE_BREAK


def _no_change() -> str:
    return _("no other grant changes")


def _in(lang: str, words) -> str:
    with in_language(lang):
        return words()


def _changes(application: str, funded: Mapping[str, int], now: Mapping[str, int]) -> list[tuple[str, str]]:
    """Each other application whose grant the inclusion changes, in Danish and English."""
    out = []
    for i in sorted(set(now) | set(funded)):
        if i == application:
            continue
        before, after = now.get(i, 0), funded.get(i, 0)
        if before == after:
            continue
        out.append(tuple(_change(i, before, after, lang) for lang in ("da", "en")))
    return out


def _change(i: str, before: int, after: int, lang: str) -> str:
    with in_language(lang):
        if after == 0:
            return _("{application} gives way ({amount})", application=i, amount=format_dkk(before, lang))
        if before == 0:
            return _("{application} comes in with {amount}", application=i, amount=format_dkk(after, lang))
        if after < before:
            return _("{application} is cut from {before} to {after}", application=i,
                     before=format_dkk(before, lang), after=format_dkk(after, lang))
        return _("{application} gets {after} instead of {before}", application=i,
                 before=format_dkk(before, lang), after=format_dkk(after, lang))
