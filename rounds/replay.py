"""Replay: recompute a stored allocation or decision from its stored inputs and compare.

A past decision must be reproducible years later. The log holds every input (the applications
as read, the pool with its weights, the overrides, the baseline, the solver's name), so the
allocation can be run again; the result is identical, or the differences are listed in the
pool's words (e.g. after a solver upgrade). Timing is never compared: only what was decided.
"""

from __future__ import annotations

from dataclasses import dataclass

from digipulje.messages import _
from digipulje.pool.allocation import Allocation
from digipulje.rounds.log import Kind, read_events
from digipulje.rounds.rounds import StoredAllocation
from digipulje.rounds.store import RoundStore, RoundStoreError


@dataclass(frozen=True)
class Replay:
    stored: StoredAllocation
    recomputed: Allocation
    differences: tuple[str, ...]
    notes: tuple[str, ...]  # not differences in the result, but worth knowing (a new solver version)

    @property
    def identical(self) -> bool:
        return not self.differences


def find_allocation(store: RoundStore, seq: int) -> StoredAllocation:
    with store.busy_guard():
        row = store.connection.execute("SELECT round FROM events WHERE seq = ?", (seq,)).fetchone()
    if row is None:
        raise RoundStoreError(_("there is no event {seq} in {file}: see 'digipulje round history'", seq=seq,
                                file=store.path))
    event = next(e for e in read_events(store, row[0]) if e.seq == seq)
    if event.kind not in (Kind.ALLOCATION, Kind.DECISION):
        raise RoundStoreError(_("event {seq} is {kind}, not an allocation or a decision: replay an allocation or "
                                "decision event (see 'digipulje round history')", seq=seq,
                                kind=_article(event.kind.value)))
    return StoredAllocation.from_event(event)


def replay_allocation(store: RoundStore, seq: int, solver: str | None = None) -> Replay:
    from digipulje.pool.allocating import allocate, fingerprint

    stored = find_allocation(store, seq)
    recomputed = allocate(stored.applications, stored.pool, stored.overrides, baseline=stored.baseline,
                          solver=solver or stored.solver, assessments=stored.assessments)
    differences = compare_allocations(stored.allocation, recomputed)
    inputs_print = fingerprint(stored.applications, stored.pool, stored.overrides, stored.baseline,
                               assessments=stored.assessments)
    if inputs_print != stored.allocation.fingerprint:
        differences.insert(0, f"the stored inputs no longer give the stored fingerprint "
                              f"({stored.allocation.fingerprint}); they give {inputs_print}")
    then, now = stored.allocation.solver, recomputed.solver
    notes = []
    if (then.name, then.version) != (now.name, now.version):
        notes.append(f"solver: {then.name} {then.version} then, {now.name} {now.version} now")
    return Replay(stored=stored, recomputed=recomputed, differences=tuple(differences), notes=tuple(notes))


def compare_allocations(then: Allocation, now: Allocation) -> list[str]:
    """What differs in what was decided: grants, statuses, reasons, totals and solver stages."""
    differences = []
    before = {d.id: d for d in then.decisions}
    after = {d.id: d for d in now.decisions}
    for app_id in sorted(set(before) | set(after)):
        b, a = before.get(app_id), after.get(app_id)
        if b is None or a is None:
            differences.append(f"{app_id}: {'missing then' if b is None else 'missing now'}")
            continue
        if b.granted_dkk != a.granted_dkk:
            differences.append(f"{app_id}: granted {b.granted_dkk:,} kr then, {a.granted_dkk:,} kr now")
        if b.status != a.status:
            differences.append(f"{app_id}: {b.status.value} then, {a.status.value} now")
        if b.score_centipoints != a.score_centipoints:
            differences.append(f"{app_id}: score {b.score} then, {a.score} now")
        if [r.code for r in b.reasons] != [r.code for r in a.reasons]:
            differences.append(f"{app_id}: reasons {', '.join(r.code for r in b.reasons)} then, "
                               f"{', '.join(r.code for r in a.reasons)} now")
        elif (_plain([r.facts for r in b.reasons]) != _plain([r.facts for r in a.reasons])
              and (b.granted_dkk, b.status) == (a.granted_dkk, a.status)):
            differences.append(f"{app_id}: reason '{'; '.join(r.text('en') for r in b.reasons)}' then, "
                               f"'{'; '.join(r.text('en') for r in a.reasons)}' now")
    if then.budget_dkk != now.budget_dkk:
        differences.append(f"budget {then.budget_dkk:,} kr then, {now.budget_dkk:,} kr now")
    if then.fingerprint != now.fingerprint:
        differences.append(f"fingerprint {then.fingerprint} then, {now.fingerprint} now")
    stages_then, stages_now = dict(then.solver.stages), dict(now.solver.stages)
    for name in [*stages_then, *(n for n in stages_now if n not in stages_then)]:  # the solver's order
        if stages_then.get(name) != stages_now.get(name):
            differences.append(f"solver stage '{name}': {stages_then.get(name)} then, {stages_now.get(name)} now")
    return differences


def _plain(value: object) -> object:
    """A value as JSON gives it back: tuples as lists, nested reasons as their code and facts, so
    a stored result compares equal to the same result computed again."""
    from digipulje.pool.reasons import Reason

    if isinstance(value, Reason):
        return {"code": value.code, "facts": _plain(value.facts), "variant": value.variant}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _article(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word
