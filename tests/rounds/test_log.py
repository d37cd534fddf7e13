"""The decision log: append-only, hash-chained, and `verify` names any event that was touched."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from digipulje.cli import app
from digipulje.messages import use_language
from digipulje.rounds.log import GENESIS, event_hash, read_events, verify_log
from digipulje.rounds.store import APPEND_ONLY_TRIGGERS, RoundStore

runner = CliRunner()


def tamper(db, *statements: str, args=()) -> None:
    """What someone with the file and a SQLite tool could do: drop the guards and edit."""
    connection = sqlite3.connect(db)
    connection.execute("DROP TRIGGER events_are_never_changed")
    connection.execute("DROP TRIGGER events_are_never_deleted")
    for statement in statements:
        connection.execute(statement, args)
    for trigger in APPEND_ONLY_TRIGGERS.values():  # and put the guards back, as a careful forger would
        connection.execute(trigger)
    connection.commit()
    connection.close()


def verify(db):
    return runner.invoke(app, ["round", "verify", "--db", str(db)])


def test_an_untouched_log_verifies(db):
    result = verify(db)
    assert result.exit_code == 0
    with RoundStore.open(db) as ws:
        last = read_events(ws)[-1]
    assert result.stdout == f"Beslutningsloggen er intakt: 12 hændelser, seneste hash {last.hash}\n"


def test_each_event_links_to_the_one_before(store):
    events = read_events(store)
    assert [e.seq for e in events] == list(range(1, 13))
    assert events[0].prev_hash == GENESIS
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(events, events[1:]))


def test_the_database_refuses_to_change_or_delete_an_event(db):
    connection = sqlite3.connect(db)
    with pytest.raises(sqlite3.IntegrityError, match="the decision log is append-only: events are never changed"):
        connection.execute("UPDATE events SET actor = 'someone' WHERE seq = 12")
    with pytest.raises(sqlite3.IntegrityError, match="the decision log is append-only: events are never deleted"):
        connection.execute("DELETE FROM events WHERE seq = 3")
    connection.close()


@pytest.mark.usefixtures("english")
def test_a_granted_amount_edited_in_sqlite_is_caught_and_named(db):
    tamper(db, "UPDATE events SET payload = replace(payload, '\"granted_dkk\":135000', '\"granted_dkk\":140000') "
               "WHERE seq = 12")
    result = verify(db)
    assert result.exit_code == 1
    assert result.stderr == ("error: event 12 (decision, round 2025, 2025-05-07T09:11:00Z) was changed after it "
                             "was written: its contents do not match its hash\n")


@pytest.mark.usefixtures("english")
def test_an_edited_actor_is_caught(db):
    tamper(db, "UPDATE events SET actor = 'ITP' WHERE seq = 11")
    assert verify(db).stderr == ("error: event 11 (override, round 2025, 2025-05-07T09:10:00Z) was changed after "
                                 "it was written: its contents do not match its hash\n")


@pytest.mark.usefixtures("english")
def test_an_edit_with_a_recomputed_hash_is_caught_by_the_next_link(db):
    connection = sqlite3.connect(db)
    row = connection.execute("SELECT seq, round, at, actor, kind, reason, payload, prev_hash FROM events "
                             "WHERE seq = 9").fetchone()
    connection.close()
    seq, rnd, at, actor, kind, _, payload, prev = row
    forged = event_hash(seq, rnd, at, actor, kind, "Et andet svar", payload, prev)
    tamper(db, "UPDATE events SET reason = 'Et andet svar', hash = ? WHERE seq = 9", args=(forged,))
    assert verify(db).stderr == ("error: event 9 was changed after it was written: event 10's link to it "
                                 "no longer matches\n")


@pytest.mark.usefixtures("english")
def test_a_deleted_event_is_caught_and_named(db):
    tamper(db, "DELETE FROM events WHERE seq = 4")
    assert verify(db).stderr == "error: event 4 deleted: the log jumps to event 5\n"


@pytest.mark.usefixtures("english")
def test_deleted_events_in_a_row_are_named(db):
    tamper(db, "DELETE FROM events WHERE seq BETWEEN 3 AND 5")
    assert verify(db).stderr == "error: events 3 to 5 deleted: the log jumps to event 6\n"


@pytest.mark.usefixtures("english")
def test_a_deleted_last_event_is_caught(db):
    tamper(db, "DELETE FROM events WHERE seq = 12")
    assert verify(db).stderr == "error: event 12 deleted: the log ends at event 11, but event 12 was written\n"


@pytest.mark.usefixtures("english")
def test_an_event_added_by_hand_is_caught(db):
    connection = sqlite3.connect(db)
    connection.execute("INSERT INTO events SELECT 13, round, at, actor, kind, reason, payload, hash, 'x' "
                       "FROM events WHERE seq = 12")
    connection.commit()
    connection.close()
    assert verify(db).stderr == (
        "error: event 13 (decision, round 2025, 2025-05-07T09:11:00Z) was changed after it was written: its "
        "contents do not match its hash\n"
        "error: the log's head record does not match event 13: events were added or changed outside digipulje\n")


def tampered(db, *problems: str, round: str | None = "2025") -> str:
    """What every round command says when it finds the log changed outside digipulje."""
    what = "the decision log" if round is None else f"round {round}"
    return "".join(f"error: {line}\n" for line in (
        f"{db}: the decision log was changed outside digipulje, so {what} is not used", *problems,
        "restore the database from a copy you trust (its last hash is in the minutes), and run "
        "'digipulje round verify'"))


EVENT_2_CHANGED = ("event 2 (import, round 2025, 2025-05-07T09:01:00Z) was changed after it was written: "
                   "its contents do not match its hash")


@pytest.mark.usefixtures("english")
def test_a_payload_that_is_no_longer_json_stops_show_and_names_the_event(db):
    tamper(db, "UPDATE events SET payload = '{broken' WHERE seq = 2")
    result = runner.invoke(app, ["round", "show", "2025", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == tampered(db, EVENT_2_CHANGED)
    assert result.stdout == ""


COLUMNS = ["round", "at", "actor", "kind", "reason", "payload", "prev_hash", "hash"]


@settings(max_examples=30)
@given(seq=st.integers(1, 12), column=st.sampled_from(COLUMNS), text=st.text(min_size=1, max_size=20))
def test_any_edit_of_any_event_is_caught_and_names_that_event(decided_2025, tmp_path_factory, seq, column, text):
    db = tmp_path_factory.mktemp("edit") / "digipulje.db"
    shutil.copyfile(decided_2025, db)
    connection = sqlite3.connect(db)
    old = connection.execute(f"SELECT {column} FROM events WHERE seq = ?", (seq,)).fetchone()[0]
    connection.close()
    new = (old or "") + text
    tamper(db, f"UPDATE events SET {column} = ? WHERE seq = ?", args=(new, seq))
    with RoundStore.open(db) as ws, use_language("en"):
        verification = verify_log(ws)
    assert not verification.intact
    assert any(p.startswith(f"event {seq} ") for p in verification.problems), verification.problems


@pytest.mark.usefixtures("english")
def test_a_payload_that_no_longer_fits_the_model_stops_show_and_names_the_event(db):
    tamper(db, "UPDATE events SET payload = replace(payload, '\"requested_dkk\":140000', '\"requested_dkk\":-1') "
               "WHERE seq = 2")
    result = runner.invoke(app, ["round", "show", "2025", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == tampered(db, EVENT_2_CHANGED)
    assert verify(db).stderr.startswith("error: event 2 (import, round 2025, 2025-05-07T09:01:00Z) was changed")
