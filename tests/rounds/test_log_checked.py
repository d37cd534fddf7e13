"""Every round command checks the decision log before it uses it: on a log changed outside
digipulje it names what was changed, stores nothing, shows nothing, and exits 1."""

from __future__ import annotations

import sqlite3

import pytest
from typer.testing import CliRunner

from digipulje.cli import app
from digipulje.pool.example import APPLICATIONS_FILE, example_path
from tests.rounds.test_log import tamper, tampered

runner = CliRunner()

FORGED_GRANT = ("UPDATE events SET payload = replace(payload, '\"granted_dkk\":135000', '\"granted_dkk\":235000') "
                "WHERE seq = 12")
EVENT_12_CHANGED = ("event 12 (decision, round 2025, 2025-05-07T09:11:00Z) was changed after it was written: "
                    "its contents do not match its hash")
FUNDED = "A1"

COMMANDS = [
    pytest.param(["show", "2025"], "2025", id="show"),
    pytest.param(["show", "2025", "--format", "json"], "2025", id="show json"),
    pytest.param(["history", "2025"], "2025", id="history of a round"),
    pytest.param(["history"], None, id="history"),
    pytest.param(["allocate", "2025"], "2025", id="allocate"),
    pytest.param(["decide", "2025", "--by", "Chefforum", "--reopen", "Chefforum genoptager punktet"], "2025",
                 id="decide"),
    pytest.param(["import", "2025", str(example_path(APPLICATIONS_FILE)), "--replace"], "2025", id="import"),
    pytest.param(["open", "2026"], None, id="open"),
    pytest.param(["followup", "2025"], "2025", id="followup"),
    pytest.param(["followup", "2025", FUNDED, "--status", "running"], "2025", id="followup record"),
    pytest.param(["replay", "2025", "--event", "12"], "2025", id="replay"),
]


@pytest.mark.parametrize("args, round", COMMANDS)
@pytest.mark.usefixtures("english")
def test_a_tampered_log_stops_every_round_command(db, args, round):
    tamper(db, FORGED_GRANT)
    before = db.read_bytes()
    result = runner.invoke(app, ["round", *args, "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert result.stderr == tampered(db, EVENT_12_CHANGED, round=round)
    assert result.stdout == ""
    assert db.read_bytes() == before  # nothing stored on top of it


@pytest.mark.parametrize("args, round", COMMANDS)
def test_an_intact_log_is_used(db, args, round):
    result = runner.invoke(app, ["round", *args, "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.stdout


def test_the_forged_grant_is_never_shown(db):
    tamper(db, FORGED_GRANT)
    result = runner.invoke(app, ["round", "show", "2025", "--db", str(db)])
    assert "235.000" not in result.output and result.exit_code == 1


def drop(db, *triggers: str) -> None:
    connection = sqlite3.connect(db)
    for name in triggers:
        connection.execute(f"DROP TRIGGER {name}")
    connection.commit()
    connection.close()


MISSING_UPDATE = ("the trigger events_are_never_changed is missing: events can be changed without a word, so the log "
                  "is no longer append-only (it was dropped outside digipulje)")
MISSING_DELETE = ("the trigger events_are_never_deleted is missing: events can be deleted without a word, so the log "
                  "is no longer append-only (it was dropped outside digipulje)")


@pytest.mark.usefixtures("english")
def test_verify_reports_a_dropped_trigger(db):
    drop(db, "events_are_never_deleted")
    result = runner.invoke(app, ["round", "verify", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {MISSING_DELETE}\n"


@pytest.mark.usefixtures("english")
def test_verify_reports_both_dropped_triggers_and_show_stops(db):
    drop(db, "events_are_never_changed", "events_are_never_deleted")
    result = runner.invoke(app, ["round", "verify", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {MISSING_UPDATE}\nerror: {MISSING_DELETE}\n"
    shown = runner.invoke(app, ["round", "show", "2025", "--db", str(db)])
    assert shown.exit_code == 1
    assert shown.stderr == tampered(db, MISSING_UPDATE, MISSING_DELETE)


@pytest.mark.usefixtures("english")
def test_verify_reports_a_trigger_that_no_longer_stops_anything(db):
    connection = sqlite3.connect(db)
    connection.execute("DROP TRIGGER events_are_never_changed")
    connection.execute("CREATE TRIGGER events_are_never_changed BEFORE UPDATE ON events BEGIN SELECT 1; END")
    connection.commit()
    connection.close()
    result = runner.invoke(app, ["round", "verify", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == ("error: the trigger events_are_never_changed was changed outside digipulje: it may no "
                             "longer stop events from being changed\n")


@pytest.mark.usefixtures("english")
def test_opening_a_round_never_puts_a_dropped_trigger_back_quietly(db):
    drop(db, "events_are_never_deleted")
    result = runner.invoke(app, ["round", "open", "2026", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == tampered(db, MISSING_DELETE, round=None)
    assert runner.invoke(app, ["round", "verify", "--db", str(db)]).stderr == f"error: {MISSING_DELETE}\n"


SWALLOWS = ("the trigger events_are_never_lost on the table events was not created by digipulje: it can change, drop "
            "or add events as they are written, so the log is no longer append-only (it was added outside digipulje)")


@pytest.mark.usefixtures("english")
def test_verify_reports_a_foreign_trigger_that_swallows_new_events(db):
    """A trigger added by hand runs inside digipulje's own writes: this one makes every new event vanish
    without a word. verify names it, and no command writes through it."""
    connection = sqlite3.connect(db)
    connection.execute("CREATE TRIGGER events_are_never_lost BEFORE INSERT ON events BEGIN SELECT RAISE(IGNORE); END")
    connection.commit()
    connection.close()
    result = runner.invoke(app, ["round", "verify", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {SWALLOWS}\n"
    before = db.read_bytes()
    opened = runner.invoke(app, ["round", "open", "2026", "--db", str(db)])
    assert opened.exit_code == 1
    assert opened.stderr == tampered(db, SWALLOWS, round=None)
    assert db.read_bytes() == before


def test_verify_reports_a_foreign_trigger_on_the_head_and_a_view_in_danish(db):
    connection = sqlite3.connect(db)
    connection.execute("CREATE TRIGGER head_follows AFTER UPDATE ON meta BEGIN SELECT 1; END")
    connection.execute("CREATE VIEW events_shown AS SELECT * FROM events WHERE seq < 12")
    connection.commit()
    connection.close()
    result = runner.invoke(app, ["round", "verify", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == (
        "fejl: udløseren head_follows på tabellen meta er ikke oprettet af digipulje: den kan ændre, tabe eller "
        "tilføje hændelser, når de skrives, så loggen er ikke længere kun til tilføjelser (den er tilføjet uden om "
        "digipulje)\n"
        "fejl: visningen events_shown er ikke oprettet af digipulje: et værktøj, der læser den, kan blive vist en "
        "anden log end den gemte (den er tilføjet uden om digipulje)\n")


def test_verify_of_an_untouched_round_finds_nothing(db):
    assert runner.invoke(app, ["round", "verify", "--db", str(db)]).exit_code == 0


@pytest.mark.usefixtures("english")
def test_a_recorded_decision_is_never_replaced_without_a_reopening(db):
    before = db.read_bytes()
    refused = runner.invoke(app, ["round", "decide", "2025", "--by", "Chefforum", "--db", str(db)])
    assert refused.exit_code == 1
    assert "already has a recorded decision" in refused.stderr and "--reopen REASON" in refused.stderr
    assert db.read_bytes() == before
    again = runner.invoke(app, ["round", "decide", "2025", "--by", "Chefforum", "--reopen", "Chefforum, punkt 4",
                                "--db", str(db)])
    assert again.exit_code == 0, again.output
    history = runner.invoke(app, ["round", "history", "2025", "--db", str(db), "--lang", "en"]).stdout
    assert "Chefforum, punkt 4" in history
