"""Replay: a stored allocation recomputed from its stored inputs is identical, or the differences
are named in the pool's words."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from digipulje.cli import app
from digipulje.pool.allocating import allocate
from digipulje.rounds.log import Kind, append_event
from digipulje.rounds.replay import compare_allocations, replay_allocation
from digipulje.rounds.rounds import read_round

runner = CliRunner()


def test_the_recommendation_and_the_decision_replay_identically(store):
    for seq in (10, 12):
        replay = replay_allocation(store, seq)
        assert replay.identical, replay.differences
        assert replay.notes == ()
        assert replay.recomputed.fingerprint == replay.stored.allocation.fingerprint
        assert replay.recomputed.decisions == replay.stored.allocation.decisions


def test_the_decision_replays_from_its_own_baseline_not_from_later_events(store, example):
    """A later recommendation must not change how an earlier decision replays."""
    from digipulje.rounds.rounds import allocate_round

    allocate_round(store, "2025", "ITP", example.overrides)  # a new recommendation, event 14 (+13 override)
    assert read_round(store, "2025").recommendation.event.seq == 14
    assert replay_allocation(store, 12).identical


def test_another_solver_gives_the_same_decision_and_says_so(db):
    result = runner.invoke(app, ["round", "replay", "2025", "--event", "12", "--solver", "highs", "--db", str(db),
                                 "--lang", "en"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == ("Event 12 (decision, round 2025, 2025-05-07 09:11 UTC) recomputed: "
                        "identical to the stored result")
    assert lines[1].startswith("Note: solver: exact ") and " then, highs " in lines[1]


def test_differences_are_named(example):
    recommendation = allocate(example.applications, example.pool)
    decision = allocate(example.applications, example.pool, example.overrides,
                        baseline=recommendation.granted_by_id())
    assert compare_allocations(recommendation, decision) == [
        "A1: granted 122,500 kr then, 135,000 kr now",
        "A4: granted 12,500 kr then, 0 kr now",
        "A4: funded then, excluded now",
        "A4: reasons funded_in_full then, excluded now",
        f"fingerprint {recommendation.fingerprint} then, {decision.fingerprint} now",
        "solver stage 'total value': 26500 then, 20000 now",
        "solver stage 'tie-break: kroner to higher-ranked': 780000 then, 595000 now",
        "solver stage 'kroner moved from baseline': None then, 12500 now",
    ]


def test_a_stored_result_that_the_inputs_no_longer_give_is_shown_with_exit_code_1(db, store, example):
    """As after a change in the solver or the rules: the log holds a result that today's code
    does not reproduce from the same inputs."""
    stored = read_round(store, "2025").recommendation
    smaller = allocate(example.applications, example.pool.with_budget(200_000))
    payload = {**stored.event.payload, "result": smaller.model_dump(mode="json"), "fingerprint": smaller.fingerprint}
    with store.transaction():
        event = append_event(store, "2025", Kind.ALLOCATION, "ITP", payload)
    result = runner.invoke(app, ["round", "replay", "2025", "--event", str(event.seq), "--db", str(store.path),
                                 "--lang", "en"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].endswith("recomputed: differs from the stored result")
    assert lines[1] == (f"  the stored inputs no longer give the stored fingerprint ({smaller.fingerprint}); "
                        f"they give {stored.allocation.fingerprint}")
    assert lines[2:] == [
        "  A1: granted 112,500 kr then, 122,500 kr now",
        "  A5: granted 0 kr then, 40,000 kr now",
        "  A5: not_funded then, funded now",
        "  A5: reasons not_funded_budget then, funded_in_full now",
        "  budget 200,000 kr then, 250,000 kr now",
        f"  fingerprint {smaller.fingerprint} then, {stored.allocation.fingerprint} now",
        "  solver stage 'total value': 21000 then, 26500 now",
        "  solver stage 'kroner granted': 200000 then, 250000 now",
        "  solver stage 'tie-break: kroner to higher-ranked': 700000 then, 780000 now",
    ]


@pytest.mark.usefixtures("english")
def test_only_allocations_and_decisions_replay(db):
    result = runner.invoke(app, ["round", "replay", "2025", "--event", "11", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == ("error: event 11 is an override, not an allocation or a decision: replay an "
                             "allocation or decision event (see 'digipulje round history')\n")
    missing = runner.invoke(app, ["round", "replay", "2025", "--event", "99", "--db", str(db)])
    assert missing.stderr == f"error: there is no event 99 in {db}: see 'digipulje round history'\n"
    other = runner.invoke(app, ["round", "replay", "2026", "--event", "10", "--db", str(db)])
    assert other.stderr == "error: event 10 belongs to round 2025, not 2026\n"


def test_an_outranked_application_replays_identically_after_its_trip_through_json():
    """The stored competitors come back from JSON as lists; the recomputed ones are tuples: by value
    they are the same, so an unchanged round replays identical."""
    import json

    from digipulje.pool.allocation import Allocation
    from digipulje.pool.model import Pool
    from tests.factories import application

    apps = [application("A", 60_000, ratings=(4, 4, 4, 4, 4)), application("B", 60_000, ratings=(3, 3, 3, 3, 3)),
            application("C", 50_000, ratings=(3, 3, 3, 2, 3))]
    result = allocate(apps, Pool(budget_dkk=120_000))
    outranked = result.decision("C")
    assert outranked.granted_dkk == 0 and outranked.reasons[-1].variant == "if_funded"
    stored = Allocation.model_validate(json.loads(json.dumps(result.model_dump(mode="json"))))
    assert stored.decision("C").reasons != outranked.reasons  # lists against tuples: the trap
    assert compare_allocations(stored, result) == []
    changed = allocate(apps, Pool(budget_dkk=125_000))
    assert compare_allocations(stored, changed) != []
