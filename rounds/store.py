"""The store database: one SQLite file, opened with care so that nothing is ever lost.

Why these choices:
- SQLite from the standard library: one file to copy and keep, no server to run.
- Every write is one `BEGIN IMMEDIATE` transaction. IMMEDIATE takes the write lock at the start,
  so a second writer waits (up to the busy timeout) before it reads anything, instead of failing
  half-way through; when the wait runs out it gets `DatabaseBusy`, never a corrupt file.
- The rollback journal with `synchronous = FULL`: a process killed in the middle of a write leaves
  a journal that the next opener rolls back, so the round is exactly as before the write.
- The file is created only by `RoundStore.create`; every other command refuses to invent an empty
  database where the user expected one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from digipulje.base.errors import DigipuljeError
from digipulje.messages import _

SCHEMA_VERSION = 1
DEFAULT_BUSY_TIMEOUT_S = 5.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    seq       INTEGER PRIMARY KEY,
    round     TEXT NOT NULL,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    kind      TEXT NOT NULL,
    reason    TEXT,
    payload   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL UNIQUE
);
CREATE INDEX IF NOT EXISTS events_by_round ON events (round, seq);
CREATE TRIGGER IF NOT EXISTS events_are_never_changed BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the decision log is append-only: events are never changed'); END;
CREATE TRIGGER IF NOT EXISTS events_are_never_deleted BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the decision log is append-only: events are never deleted'); END;
"""


def _append_only_triggers() -> dict[str, str]:
    """The triggers that keep the log append-only, as SQLite stores them: name -> statement."""
    triggers = {}
    for statement in _statements(_SCHEMA):
        if statement.startswith("CREATE TRIGGER IF NOT EXISTS "):
            text = statement.replace(" IF NOT EXISTS", "", 1).removesuffix(";")
            triggers[text.split()[2]] = text
    return triggers


class RoundStoreError(DigipuljeError):
    """The round database cannot do what was asked (missing, not a round database, wrong round)."""


class DatabaseBusy(RoundStoreError):
    """Another process holds the write lock for longer than the busy timeout."""


class RoundStore:
    """An open round database. Use `RoundStore.create` or `RoundStore.open`, then `close()`
    (or a `with` block)."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.connection = connection

    @classmethod
    def create(cls, path: str | Path, busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S) -> RoundStore:
        """Opens the database at `path`, creating the file and its tables if they are not there."""
        path = Path(path)
        if path.exists() and not path.is_file():
            raise RoundStoreError(_("{file}: not a file: give --db the name of a database file", file=path))
        if not path.parent.is_dir():
            raise RoundStoreError(_("{file}: the folder {folder} does not exist", file=path, folder=path.parent))
        store = cls(path, _connect(path, "rwc", busy_timeout_s))
        try:
            with store.busy_guard():
                tables = {r[0] for r in store.connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and not {"meta", "events"} <= tables:  # someone else's database: leave it alone
                raise RoundStoreError(_("{file}: not a digipulje round database (it holds other tables): choose "
                                        "another file with --db", file=path))
            if not tables:  # a new database; an existing one is left as found, so that a trigger
                with store.transaction():  # dropped by hand is reported, not quietly put back
                    for statement in _statements(_SCHEMA):
                        store.connection.execute(statement)
                    store.connection.execute(
                        "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            store._check_schema()
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def open(cls, path: str | Path, busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S) -> RoundStore:
        """Opens an existing round database; never creates one."""
        path = Path(path)
        if not path.is_file():
            raise RoundStoreError(_("{file}: no round database here: start one with 'digipulje round open YEAR "
                                    "--pool POOL.toml', or give --db FILE", file=path))
        store = cls(path, _connect(path, "rw", busy_timeout_s))
        try:
            store._check_schema()
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> RoundStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is stored, or none of it (also on Ctrl-C or a kill). A
        transaction opened inside another is part of it: stored with the outer one, or not at all."""
        depth = getattr(self, "_depth", 0)
        if depth:
            self._depth = depth + 1
            try:
                yield self.connection
            finally:
                self._depth = depth
            return
        with self.busy_guard():
            self.connection.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            with self.busy_guard():  # a read-only or full database fails in the writes, not at BEGIN
                yield self.connection
                self.connection.execute("COMMIT")
        except BaseException:
            if self.connection.in_transaction:
                try:
                    self.connection.execute("ROLLBACK")
                except sqlite3.Error:  # SQLite has rolled back already (e.g. the disk is full)
                    pass
            raise
        finally:
            self._depth = 0

    @contextmanager
    def busy_guard(self) -> Iterator[None]:
        """Turns SQLite's 'database is locked' into a message that says what to do."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            raise _operational(self.path, exc) from None
        except sqlite3.DatabaseError as exc:
            raise _not_a_database(self.path, exc) from None

    def _check_schema(self) -> None:
        with self.busy_guard():
            tables = {r[0] for r in self.connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"meta", "events"} <= tables:
                raise RoundStoreError(_("{file}: not a digipulje round database (no decision log in it)", file=self.path))
            row = self.connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None or row[0] != str(SCHEMA_VERSION):
            found = _("none") if row is None else row[0]
            raise RoundStoreError(_("{file}: database format {found}, but this digipulje reads format {version}: use "
                                    "the digipulje version that wrote it", file=self.path, found=found,
                                    version=SCHEMA_VERSION))


def _connect(path: Path, mode: str, busy_timeout_s: float) -> sqlite3.Connection:
    try:
        # isolation_level=None: no implicit transactions; `RoundStore.transaction` says when.
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True,
                                     timeout=busy_timeout_s, isolation_level=None)
    except sqlite3.Error as exc:
        raise _cannot_open(path, exc) from None
    try:
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
    except sqlite3.OperationalError as exc:
        connection.close()
        if "locked" in str(exc) or "busy" in str(exc) or "readonly" in str(exc):
            raise _operational(path, exc) from None
        raise _cannot_open(path, exc) from None
    except sqlite3.DatabaseError as exc:
        connection.close()
        raise _not_a_database(path, exc) from None
    return connection


def _cannot_open(path: Path, exc: Exception) -> RoundStoreError:
    return RoundStoreError(_("{file}: cannot open the database ({error})", file=path, error=exc))


def _not_a_database(path: Path, exc: Exception) -> RoundStoreError:
    return RoundStoreError(_("{file}: not a digipulje round database ({error})", file=path, error=exc))


def _operational(path: Path, exc: sqlite3.OperationalError) -> RoundStoreError:
    """SQLite's operational errors as what happened to the round and what to do."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return _busy(path)
    if "readonly" in text or "read-only" in text:
        return RoundStoreError(_("{file}: the database is read-only (the file, or the folder it is in, cannot be "
                                 "written): nothing was stored; make it writable or copy it somewhere writable",
                                 file=path))
    if "disk is full" in text or "disk I/O error" in text:
        return RoundStoreError(_("{file}: cannot write to the database ({error}): nothing was stored; free some "
                                 "space and run the command again", file=path, error=text))
    return RoundStoreError(_("{location}: {message}", location=path, message=text))


def _busy(path: Path) -> DatabaseBusy:
    return DatabaseBusy(_("{file}: the database is busy: another digipulje process is writing to it; try again "
                          "when it has finished (or wait longer with --wait SECONDS)", file=path))


def _statements(script: str) -> list[str]:
    """The schema's statements one by one (executescript would commit the open transaction)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [s for s in statements if s]


APPEND_ONLY_TRIGGERS = _append_only_triggers()
