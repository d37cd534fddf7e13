"""Nothing is lost: a killed import leaves the round as it was; concurrent writers queue or get a
clear "busy" message; the database file stays valid throughout."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from digipulje.pool.example import APPLICATIONS_FILE, OVERRIDES_FILE, example_path
from digipulje.rounds.followup import Progress, record_progress, summarise_followup
from digipulje.rounds.log import Kind, append_event, read_events, verify_log
from digipulje.rounds.rounds import import_applications, open_round, read_round, read_source
from digipulje.rounds.store import DatabaseBusy, RoundStore

DIGIPULJE = [sys.executable, "-c", "from digipulje.cli import main; main()"]

# Runs a real write, and stops it dead in the middle of its transaction: SQLite's progress
# handler fires while statements run; once the command has written rows but not committed,
# it says so and waits to be killed.
KILLED_WRITE = textwrap.dedent("""
    import sys, time
    from digipulje.rounds.store import RoundStore

    store = RoundStore.open(sys.argv[1])
    connection = store.connection
    before = connection.total_changes

    def stop_half_way():
        if connection.in_transaction and connection.total_changes > before:
            print("half-way", flush=True)
            time.sleep(60)
        return 0

    connection.set_progress_handler(stop_half_way, 10)
    if sys.argv[2] == "import":
        from digipulje.rounds.rounds import import_applications, read_source

        import_applications(store, "2026", [read_source(sys.argv[3])], "ITP")
    else:
        from digipulje.pool.config import read_overrides
        from digipulje.rounds.rounds import decide_round

        decide_round(store, "2025", "Chefforum", read_overrides(sys.argv[3]))
    print("committed", flush=True)
""")


def _kill_half_way(db: Path, sig: int, *args: str) -> None:
    process = subprocess.Popen([sys.executable, "-c", KILLED_WRITE, str(db), *args], stdout=subprocess.PIPE,
                               text=True)
    try:
        assert process.stdout.readline() == "half-way\n"
        assert Path(f"{db}-journal").exists()  # the write was under way
        process.send_signal(sig)
        assert process.wait(timeout=10) == -sig
    finally:
        process.kill()
        process.stdout.close()
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()


def _snapshot(db: Path) -> list[tuple]:
    connection = sqlite3.connect(db)
    rows = connection.execute("SELECT * FROM events ORDER BY seq").fetchall()
    connection.close()
    return rows


@pytest.fixture
def opened_2026(tmp_path, example):
    db = tmp_path / "digipulje.db"
    with RoundStore.create(db) as ws:
        open_round(ws, "2026", example.pool, "ITP")
    return db


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_an_import_killed_half_way_leaves_the_round_unchanged(opened_2026, sig):
    before = _snapshot(opened_2026)
    _kill_half_way(opened_2026, sig, "import", str(example_path(APPLICATIONS_FILE)))
    assert _snapshot(opened_2026) == before
    with RoundStore.open(opened_2026, busy_timeout_s=0.5) as ws:
        assert verify_log(ws).intact
        assert read_round(ws, "2026").applications == {}
        # the file is not left locked: the same import now goes through
        events = import_applications(ws, "2026", [read_source(example_path(APPLICATIONS_FILE))], "ITP")
        assert len(read_round(ws, "2026").applications) == 7
        assert events[0].seq == 2
    assert not Path(f"{opened_2026}-journal").exists()


def test_a_decision_killed_between_its_override_and_its_result_leaves_the_round_unchanged(db):
    """The override event is written first; killed before the decision event, neither is kept."""
    before = _snapshot(db)
    _kill_half_way(db, signal.SIGKILL, "decide", str(example_path(OVERRIDES_FILE)))
    assert _snapshot(db) == before
    with RoundStore.open(db, busy_timeout_s=0.5) as ws:
        assert verify_log(ws).intact
        assert read_round(ws, "2025").decision.event.seq == 12


def test_an_interrupted_transaction_is_rolled_back(opened_2026):
    before = _snapshot(opened_2026)
    with RoundStore.open(opened_2026) as ws:
        with pytest.raises(KeyboardInterrupt):
            with ws.transaction():
                append_event(ws, "2026", Kind.IMPORT, "ITP", {"sources": [], "applications": [], "replaced": []})
                raise KeyboardInterrupt
        assert not ws.connection.in_transaction
    assert _snapshot(opened_2026) == before


class WriteLock:
    """Another writer: holds the write lock (with one event written) until released."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.started, self.release = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._hold)

    def _hold(self) -> None:
        with RoundStore.open(self.db) as ws:
            with ws.transaction():
                append_event(ws, "2025", Kind.FOLLOWUP, "ITP",
                             {"application": "A1", "status": "running", "end_date": None, "returned_dkk": None})
                self.started.set()
                self.release.wait(30)

    def __enter__(self) -> WriteLock:
        self.thread.start()
        assert self.started.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.thread.join()


@pytest.mark.usefixtures("english")
def test_a_second_writer_that_cannot_wait_gets_a_clear_busy_message(db):
    with WriteLock(db):
        result = subprocess.run([*DIGIPULJE, "round", "followup", "2025", "A3", "--status", "running",
                                 "--db", str(db), "--wait", "0.2"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == (f"error: {db}: the database is busy: another digipulje process is writing to it; "
                             "try again when it has finished (or wait longer with --wait SECONDS)\n")
    with RoundStore.open(db) as ws:
        events = read_events(ws)
        assert verify_log(ws).intact
    assert [(e.kind, e.payload["application"]) for e in events[12:]] == [(Kind.FOLLOWUP, "A1")]


def test_a_second_writer_that_waits_goes_through_after_the_first(db):
    with WriteLock(db) as lock:
        waiting = subprocess.Popen([*DIGIPULJE, "round", "followup", "2025", "A3", "--status", "running",
                                    "--db", str(db), "--wait", "30"], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        time.sleep(0.8)
        assert waiting.poll() is None  # still waiting for the lock
        lock.release.set()
        out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    with RoundStore.open(db) as ws:
        events = read_events(ws)
        assert verify_log(ws).intact
        summary = summarise_followup(read_round(ws, "2025"))
    assert [e.payload["application"] for e in events[12:]] == ["A1", "A3"]
    assert {p.application: p.status for p in summary.projects} == {
        "A1": Progress.RUNNING, "A3": Progress.RUNNING, "A5": Progress.NOT_STARTED}


def test_concurrent_writers_lose_nothing(db):
    """Two processes record follow-up at the same moment, several times each: every record lands."""
    commands = [
        [*DIGIPULJE, "round", "followup", "2025", app_id, "--benefit", "employee", "--realised", f"måling {n}",
         "--db", str(db), "--wait", "60", "--by", f"writer {app_id}"]
        for n in range(3) for app_id in ("A1", "A3")
    ]
    processes = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for c in commands]
    errors = [p.communicate(timeout=120)[1] for p in processes]
    assert [p.returncode for p in processes] == [0] * len(commands), errors
    with RoundStore.open(db) as ws:
        events = read_events(ws)
        assert verify_log(ws).intact
    recorded = sorted((e.payload["application"], e.payload["realised"]) for e in events if e.kind is Kind.BENEFIT)
    assert recorded == sorted((a, f"måling {n}") for n in range(3) for a in ("A1", "A3"))
    assert [e.seq for e in events] == list(range(1, 19))


def test_busy_is_a_domain_error_in_the_library(db):
    with WriteLock(db), RoundStore.open(db, busy_timeout_s=0.1) as ws:
        with pytest.raises(DatabaseBusy):
            record_progress(ws, "2025", "A5", Progress.RUNNING, "ITP")


def test_the_database_is_never_left_with_a_journal(db):
    with RoundStore.open(db) as ws:
        record_progress(ws, "2025", "A5", Progress.RUNNING, "ITP")
    assert sorted(p.name for p in db.parent.iterdir()) == ["digipulje.db"]
    assert os.path.getsize(db) > 0
