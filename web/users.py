"""The web app's users and sessions, kept in tables of the round database beside its log.

The tables are the web's own (`web_users`, `web_sessions`, `web_drafts`); the decision log's
tables, triggers and hash chain are not touched, so `round verify` reads the file as before.

- Passwords are hashed with Argon2id (argon2-cffi's defaults); only the hash is stored.
- A session is a random token in an HttpOnly cookie; the database keeps only its SHA-256, so a
  copy of the file does not log anyone in. Sessions expire after `SESSION_HOURS` (and after
  `IDLE_MINUTES` without use); disabling a user or changing the password ends their sessions.
- Five failed logins in a row slow the name down, and twenty from one client address slow the
  address down: each further attempt must wait, doubling from 2 seconds up to 5 minutes, until a
  correct login. The count is read and written under one lock (and one write transaction), and an
  attempt is counted before its password is checked, so twenty attempts at once cannot all be
  checked. A name nobody has is counted and slowed down as a real one, and a password is always
  hashed, for an unknown name and a waiting one too: the answer and its time do not tell whether
  a name exists.
- Argon2 takes 64 MiB a hash: at most `HASH_SLOTS` hashes run at once in the process, so a flood
  of logins queues instead of growing the server's memory.
- Failed logins, the waits they start and attempts refused while waiting are written to
  `web_security_log` (`digipulje user log` shows it).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from digipulje.messages import _

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from digipulje.base.errors import DigipuljeError
from digipulje.messages import gettext

ROLES = ("sekretariat", "bedømmer", "chef", "læser", "ansøger", "afdelingschef")
# An applicant applies for, and a head of department approves for, their own department only.
DEPARTMENT_ROLES = ("ansøger", "afdelingschef")
SESSION_HOURS = 10
IDLE_MINUTES = 120
FREE_FAILURES = 5  # failed logins in a row under one name before each further attempt waits
FREE_ADDRESS_FAILURES = 20  # failed logins from one client address, whatever the names
ADDRESS_WINDOW_S = 15 * 60  # an address's failures count again from 0 after this long without one
MAX_DELAY_S = 300
HASH_SLOTS = 2  # Argon2 hashes at once: 64 MiB each
KEEP_SECURITY_EVENTS = 100_000
MIN_PASSWORD = 10

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS web_users (
        name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, roles TEXT NOT NULL,
        department TEXT, lang TEXT NOT NULL DEFAULT 'da', disabled INTEGER NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0, wait_until REAL NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS web_sessions (
        token_hash TEXT PRIMARY KEY, name TEXT NOT NULL, csrf TEXT NOT NULL,
        created REAL NOT NULL, last_seen REAL NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS web_drafts (
        round TEXT NOT NULL, name TEXT NOT NULL, overrides TEXT NOT NULL,
        PRIMARY KEY (round, name))""",
)
_SCHEMA += (
    """CREATE TABLE IF NOT EXISTS web_throttle (
        key TEXT PRIMARY KEY, failures INTEGER NOT NULL DEFAULT 0, wait_until REAL NOT NULL DEFAULT 0,
        last REAL NOT NULL DEFAULT 0)""",
    """CREATE TABLE IF NOT EXISTS web_security_log (
        id INTEGER PRIMARY KEY, at TEXT NOT NULL, what TEXT NOT NULL, name TEXT NOT NULL,
        address TEXT NOT NULL, wait_s REAL NOT NULL DEFAULT 0)""",
)
# What the security log records: a wrong password (or unknown or disabled name), the wait a failure
# starts, and an attempt refused unchecked while the name or the address waits.
SECURITY_EVENTS = ("failed", "lockout", "refused")

# Columns added since the first release: a database made then gets them when the app starts.
_ADDED_COLUMNS = {
    "web_drafts": (("version", "INTEGER NOT NULL DEFAULT 0"), ("change", "TEXT"), ("changed_at", "REAL"),
                   ("recommendation_event", "INTEGER")),
}

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("a password nobody has")
_hash_slots = threading.BoundedSemaphore(HASH_SLOTS)


class UserError(DigipuljeError):
    """A user command that cannot be done; the message says why."""


@dataclass(frozen=True)
class User:
    name: str
    roles: tuple[str, ...]
    department: str | None
    lang: str
    disabled: bool

    def can(self, role: str) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class Session:
    user: User
    csrf: str
    token_hash: str


class UserStore:
    """Users, sessions and decision drafts in the round database at `path`."""

    def __init__(self, path: Path, clock=time.time) -> None:
        self.path = Path(path)
        self.clock = clock
        self._throttle_lock = threading.Lock()
        with self._connect() as db:
            for statement in _SCHEMA:
                db.execute(statement)
            for table, columns in _ADDED_COLUMNS.items():
                have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
                for column, kind in columns:
                    if column not in have:
                        db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
        return _Closing(connection)

    # --- users --------------------------------------------------------------------------------

    def add(self, name: str, password: str, roles: tuple[str, ...], department: str | None = None,
            lang: str = "da", new_department: bool = False) -> User:
        """A new user. A department must be one the rounds know (`known_department`), spelled as
        they spell it; `new_department` takes one they do not know yet (a council member from a
        department that has not applied)."""
        name = _check_name(name)
        roles = _check_roles(roles)
        department = " ".join((department or "").split()) or None
        if department is not None and not new_department:
            department = known_department(department, self.known_departments())
        if department is None and any(r in DEPARTMENT_ROLES for r in roles):
            raise UserError(_("role {roles}: give the user's department with --department",
                              roles=", ".join(r for r in roles if r in DEPARTMENT_ROLES)))
        _check_password(password)
        with self._connect() as db:
            if db.execute("SELECT 1 FROM web_users WHERE name = ?", (name,)).fetchone():
                raise UserError(_("user '{name}' already exists: change the password with 'digipulje user passwd'",
                                  name=name))
            db.execute("INSERT INTO web_users (name, password_hash, roles, department, lang, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       (name, _hash(password), ",".join(roles), department or None, lang,
                        time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())))
        return self.get(name)  # type: ignore[return-value]

    def known_departments(self) -> list[str]:
        """The departments of the applications imported into this database's rounds (none before
        the first import: then any department is taken)."""
        from digipulje.web import service

        try:
            return service.known_departments(self.path)
        except (DigipuljeError, sqlite3.Error):
            return []

    def get(self, name: str) -> User | None:
        with self._connect() as db:
            row = db.execute("SELECT name, roles, department, lang, disabled FROM web_users WHERE name = ?",
                             (name,)).fetchone()
        if row is None:
            return None
        return User(row[0], tuple(r for r in row[1].split(",") if r), row[2], row[3], bool(row[4]))

    def list(self) -> list[User]:
        with self._connect() as db:
            names = [r[0] for r in db.execute("SELECT name FROM web_users ORDER BY name")]
        return [u for u in (self.get(n) for n in names) if u is not None]

    def set_password(self, name: str, password: str) -> None:
        _check_password(password)
        with self._connect() as db:
            changed = db.execute("UPDATE web_users SET password_hash = ?, failures = 0, wait_until = 0 "
                                 "WHERE name = ?", (_hash(password), name)).rowcount
            if not changed:
                raise UserError(_("there is no user '{name}': see 'digipulje user list'", name=name))
            db.execute("DELETE FROM web_sessions WHERE name = ?", (name,))
            db.execute("DELETE FROM web_throttle WHERE key = ?", (_name_key(name),))

    def set_disabled(self, name: str, disabled: bool = True) -> None:
        with self._connect() as db:
            if not db.execute("UPDATE web_users SET disabled = ? WHERE name = ?", (int(disabled), name)).rowcount:
                raise UserError(_("there is no user '{name}': see 'digipulje user list'", name=name))
            db.execute("DELETE FROM web_sessions WHERE name = ?", (name,))

    def set_lang(self, name: str, lang: str) -> None:
        with self._connect() as db:
            db.execute("UPDATE web_users SET lang = ? WHERE name = ?", (lang, name))

    # --- logging in ---------------------------------------------------------------------------

    def authenticate(self, name: str, password: str, address: str | None = None) -> tuple[User | None, float]:
        """The user if the password is right; else None and the seconds to wait before trying
        again (0 while the name has had fewer than five failures in a row, and the client
        `address` fewer than twenty)."""
        now = self.clock()
        keys = [_name_key(name)] + ([_address_key(address)] if address else [])
        with self._throttle_lock, self._connect() as db:
            db.execute("BEGIN IMMEDIATE")  # the count is read and written as one step, across processes too
            try:
                rows = {k: db.execute("SELECT failures, wait_until, last FROM web_throttle WHERE key = ?",
                                      (k,)).fetchone() or (0, 0.0, now) for k in keys}
                wait = max((until - now for _, until, _ in rows.values() if until > now), default=0.0)
                started = 0.0
                if not wait:  # this attempt counts as a failure until its password proves right
                    for key, (failures, until, last) in rows.items():
                        if key.startswith("address:") and now - last > ADDRESS_WINDOW_S:
                            failures = 0  # an office behind one address is not held to yesterday's typos
                        failures += 1
                        delay = _delay(failures, FREE_FAILURES if key.startswith("name:") else FREE_ADDRESS_FAILURES)
                        started = max(started, delay)
                        db.execute("INSERT OR REPLACE INTO web_throttle (key, failures, wait_until, last) "
                                   "VALUES (?, ?, ?, ?)", (key, failures, now + delay if delay else 0, now))
                else:
                    self._log(db, "refused", name, address, wait)
                row = db.execute("SELECT password_hash, disabled FROM web_users WHERE name = ?", (name,)).fetchone()
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        if wait:
            _verify(_DUMMY_HASH, password)  # the same work as a check: the time tells nothing
            return None, wait
        if row is None:
            _verify(_DUMMY_HASH, password)
            right = False
        else:
            right = _verify(row[0], password) and not row[1]
        with self._throttle_lock, self._connect() as db:
            if not right:
                self._log(db, "failed", name, address)
                if started:
                    self._log(db, "lockout", name, address, started)
                if secrets.randbelow(100) == 0:  # now and then: forget old counts, keep the log bounded
                    db.execute("DELETE FROM web_throttle WHERE last < ? AND wait_until < ?", (now - 86400, now))
                    db.execute("DELETE FROM web_security_log WHERE id <= (SELECT MAX(id) FROM web_security_log) - ?",
                               (KEEP_SECURITY_EVENTS,))
                return None, started
            db.execute("DELETE FROM web_throttle WHERE key = ?", (keys[0],))
            if address:  # a right password takes back its own count from the address, and the wait it set
                db.execute("UPDATE web_throttle SET failures = MAX(failures - 1, 0), wait_until = ? WHERE key = ?",
                           (rows[keys[1]][1], keys[1]))
            db.execute("UPDATE web_users SET failures = 0, wait_until = 0 WHERE name = ?", (name,))
            if _hasher.check_needs_rehash(row[0]):
                db.execute("UPDATE web_users SET password_hash = ? WHERE name = ?", (_hash(password), name))
        return self.get(name), 0.0

    def _log(self, db: sqlite3.Connection, what: str, name: str, address: str | None, wait: float = 0.0) -> None:
        db.execute("INSERT INTO web_security_log (at, what, name, address, wait_s) VALUES (?, ?, ?, ?, ?)",
                   (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.clock())), what, name[:100],
                    (address or "")[:100], round(wait, 1)))

    def security_log(self, limit: int = 100) -> list[dict[str, Any]]:
        """The latest failed logins, lockouts and refused attempts, newest first."""
        with self._connect() as db:
            rows = db.execute("SELECT at, what, name, address, wait_s FROM web_security_log ORDER BY id DESC LIMIT ?",
                              (limit,)).fetchall()
        return [{"at": at, "what": what, "name": name, "address": address, "wait_s": wait}
                for at, what, name, address, wait in rows]

    def start_session(self, user: User) -> tuple[str, str]:
        """A new session: (the cookie's token, the CSRF token)."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = self.clock()
        with self._connect() as db:
            db.execute("DELETE FROM web_sessions WHERE created < ? OR last_seen < ?",
                       (now - SESSION_HOURS * 3600, now - IDLE_MINUTES * 60))
            db.execute("INSERT INTO web_sessions (token_hash, name, csrf, created, last_seen) VALUES (?, ?, ?, ?, ?)",
                       (_digest(token), user.name, csrf, now, now))
        return token, csrf

    def session(self, token: str | None) -> Session | None:
        if not token or len(token) > 100:
            return None
        now = self.clock()
        digest = _digest(token)
        with self._connect() as db:
            row = db.execute("SELECT name, csrf, created, last_seen FROM web_sessions WHERE token_hash = ?",
                             (digest,)).fetchone()
            if row is None:
                return None
            name, csrf, created, last_seen = row
            if created < now - SESSION_HOURS * 3600 or last_seen < now - IDLE_MINUTES * 60:
                db.execute("DELETE FROM web_sessions WHERE token_hash = ?", (digest,))
                return None
            if now - last_seen > 60:  # write at most once a minute
                db.execute("UPDATE web_sessions SET last_seen = ? WHERE token_hash = ?", (now, digest))
        user = self.get(name)
        if user is None or user.disabled:
            return None
        return Session(user, csrf, digest)

    def end_session(self, token_hash: str) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM web_sessions WHERE token_hash = ?", (token_hash,))

    # --- the chiefs' draft overrides, before they are recorded ----------------------------------

    def draft(self, round: str, name: str) -> list[dict[str, Any]]:
        return self.draft_state(round, name).overrides

    def draft_state(self, round: str, name: str) -> Draft:
        """The chief's unrecorded changes with their version: every save counts it up, so a form
        made on an older version (another tab, another window) can be told apart."""
        with self._connect() as db:
            row = db.execute("SELECT overrides, version, change, changed_at, recommendation_event FROM web_drafts "
                             "WHERE round = ? AND name = ?", (round, name)).fetchone()
        if row is None:
            return Draft([], 0, None, None)
        return Draft(json.loads(row[0]), row[1], json.loads(row[2]) if row[2] else None, row[3], row[4])

    def save_draft(self, round: str, name: str, overrides: list[dict[str, Any]], version: int | None = None,
                   change: dict[str, Any] | None = None, recommendation_event: int | None = None) -> int:
        """Saves the draft if it is still at `version` (None: whatever it is), read and written under
        one write lock; else `DraftChanged` says what the other save changed. Returns the new version.
        The row stays when the draft is emptied, so its version never starts again from 0.
        `recommendation_event`: the recommendation the changes were made on."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute("SELECT version, change, changed_at FROM web_drafts WHERE round = ? AND name = ?",
                                 (round, name)).fetchone()
                current = 0 if row is None else row[0]
                if version is not None and version != current:
                    raise DraftChanged(Draft([], current, json.loads(row[1]) if row and row[1] else None,
                                             row[2] if row else None))
                db.execute("INSERT OR REPLACE INTO web_drafts (round, name, overrides, version, change, changed_at, "
                           "recommendation_event) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (round, name, json.dumps(overrides, ensure_ascii=False), current + 1,
                            json.dumps(change, ensure_ascii=False) if change else None, self.clock(),
                            recommendation_event))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return current + 1


@dataclass(frozen=True)
class Draft:
    """A chief's unrecorded changes, their version and the last change made to them."""

    overrides: list[dict[str, Any]]
    version: int
    change: dict[str, Any] | None  # {"application", "action", "amount_dkk"} or {"application", "removed": True}
    changed_at: float | None
    recommendation_event: int | None = None  # the recommendation the changes were made on


class DraftChanged(DigipuljeError):
    """The draft was saved from elsewhere (another tab) after the form was made; `draft` says how."""

    def __init__(self, draft: Draft) -> None:
        super().__init__(gettext("the changes were changed in another window"))
        self.draft = draft


class _Closing:
    """A connection used in a `with` block: closed at its end (sqlite3's own only commits)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        return self.connection

    def __exit__(self, *exc: object) -> None:
        self.connection.close()


def _verify(password_hash: str, password: str) -> bool:
    with _hash_slots:
        try:
            return _hasher.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


def _hash(password: str) -> str:
    with _hash_slots:
        return _hasher.hash(password)


def _delay(failures: int, free: int) -> float:
    """The wait after `failures` in a row: none below `free`, then 2 s doubling to `MAX_DELAY_S`."""
    if failures < free:
        return 0.0
    return float(min(2 ** min(failures - free + 1, 20), MAX_DELAY_S))


def _name_key(name: str) -> str:
    return "name:" + name.strip().casefold()[:100]


def _address_key(address: str) -> str:
    return "address:" + address[:100]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 60 or any(not (c.isalnum() or c in "._-@") for c in name):
        raise UserError(_("user name '{name}': use letters, digits, '.', '_', '-' or '@' (at most 60)", name=name))
    return name


def _check_roles(roles: tuple[str, ...]) -> tuple[str, ...]:
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        raise UserError(_("role {roles}: choose from {known}", roles=", ".join(unknown) or _("(none)"),
                          known=", ".join(ROLES)))
    return tuple(r for r in ROLES if r in roles)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(_("the password is shorter than {length} characters: choose a longer one", length=MIN_PASSWORD))


def known_department(department: str, known: list[str]) -> str:
    """The department as the rounds spell it ("Kultur og Fritid" is "Kultur & Fritid"); an unknown
    one is refused with the known ones named. With no known departments any name is taken."""
    from digipulje.web import service

    if not known:
        return department
    wanted = service.canonical_department(department)
    for name in known:
        if service.canonical_department(name) == wanted:
            return name
    raise UserError(_("department '{department}' is not one of the round's departments: choose one of {known} (a department without applications yet: add --new-department)",
                      department=department, known=", ".join(known)))
