"""The web app's users and sessions, kept in tables of the round database beside its log.

The tables are the web's own (`web_users`, `web_sessions`, `web_drafts`); the decision log's
tables, triggers and hash chain are not touched, so `round verify` reads the file as before.

- Passwords are hashed with Argon2id (argon2-cffi's defaults); only the hash is stored.
- A session is a random token in an HttpOnly cookie; the database keeps only its SHA-256, so a
  copy of the file does not log anyone in. Sessions expire after `SESSION_HOURS` (and after
  `IDLE_MINUTES` without use); disabling a user or changing the password ends their sessions.
- Five failed logins in a row slow the account down: each further attempt must wait, doubling
  from 2 seconds up to 5 minutes, until a correct login.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from digipulje.base.errors import DigipuljeError

ROLES = ("sekretariat", "bedømmer", "chef", "læser", "ansøger", "afdelingschef")
# An applicant applies for, and a head of department approves for, their own department only.
DEPARTMENT_ROLES = ("ansøger", "afdelingschef")
SESSION_HOURS = 10
IDLE_MINUTES = 120
FREE_FAILURES = 5
MAX_DELAY_S = 300
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

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("a password nobody has")


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
        with self._connect() as db:
            for statement in _SCHEMA:
                db.execute(statement)

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
        return _Closing(connection)

    # --- users --------------------------------------------------------------------------------

    def add(self, name: str, password: str, roles: tuple[str, ...], department: str | None = None,
            lang: str = "da") -> User:
        name = _check_name(name)
        roles = _check_roles(roles)
        department = " ".join((department or "").split()) or None
        if department is None and any(r in DEPARTMENT_ROLES for r in roles):
            raise UserError(f"role {', '.join(r for r in roles if r in DEPARTMENT_ROLES)}: give the user's "
                            f"department with --department")
        _check_password(password)
        with self._connect() as db:
            if db.execute("SELECT 1 FROM web_users WHERE name = ?", (name,)).fetchone():
                raise UserError(f"user '{name}' already exists: change the password with 'digipulje user passwd'")
            db.execute("INSERT INTO web_users (name, password_hash, roles, department, lang, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       (name, _hasher.hash(password), ",".join(roles), department or None, lang,
                        time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())))
        return self.get(name)  # type: ignore[return-value]

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
                                 "WHERE name = ?", (_hasher.hash(password), name)).rowcount
            if not changed:
                raise UserError(f"there is no user '{name}': see 'digipulje user list'")
            db.execute("DELETE FROM web_sessions WHERE name = ?", (name,))

    def set_disabled(self, name: str, disabled: bool = True) -> None:
        with self._connect() as db:
            if not db.execute("UPDATE web_users SET disabled = ? WHERE name = ?", (int(disabled), name)).rowcount:
                raise UserError(f"there is no user '{name}': see 'digipulje user list'")
            db.execute("DELETE FROM web_sessions WHERE name = ?", (name,))

    def set_lang(self, name: str, lang: str) -> None:
        with self._connect() as db:
            db.execute("UPDATE web_users SET lang = ? WHERE name = ?", (lang, name))

    # --- logging in ---------------------------------------------------------------------------

    def authenticate(self, name: str, password: str) -> tuple[User | None, float]:
        """The user if the password is right; else None and the seconds to wait before trying
        again (0 while the account has had fewer than five failures in a row)."""
        now = self.clock()
        with self._connect() as db:
            row = db.execute("SELECT password_hash, disabled, failures, wait_until FROM web_users WHERE name = ?",
                             (name,)).fetchone()
        if row is None:
            _verify(_DUMMY_HASH, password)  # the same work as for a real user: no timing tells
            return None, 0.0
        password_hash, disabled, failures, wait_until = row
        if wait_until > now:
            return None, wait_until - now
        if disabled or not _verify(password_hash, password):
            failures += 1
            delay = 0.0 if failures < FREE_FAILURES else min(2.0 ** (failures - FREE_FAILURES + 1), MAX_DELAY_S)
            with self._connect() as db:
                db.execute("UPDATE web_users SET failures = ?, wait_until = ? WHERE name = ?",
                           (failures, now + delay if delay else 0, name))
            return None, delay
        with self._connect() as db:
            db.execute("UPDATE web_users SET failures = 0, wait_until = 0 WHERE name = ?", (name,))
            if _hasher.check_needs_rehash(password_hash):
                db.execute("UPDATE web_users SET password_hash = ? WHERE name = ?", (_hasher.hash(password), name))
        return self.get(name), 0.0

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
        with self._connect() as db:
            row = db.execute("SELECT overrides FROM web_drafts WHERE round = ? AND name = ?", (round, name)).fetchone()
        return [] if row is None else json.loads(row[0])

    def save_draft(self, round: str, name: str, overrides: list[dict[str, Any]]) -> None:
        with self._connect() as db:
            if overrides:
                db.execute("INSERT OR REPLACE INTO web_drafts (round, name, overrides) VALUES (?, ?, ?)",
                           (round, name, json.dumps(overrides, ensure_ascii=False)))
            else:
                db.execute("DELETE FROM web_drafts WHERE round = ? AND name = ?", (round, name))


class _Closing:
    """A connection used in a `with` block: closed at its end (sqlite3's own only commits)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        return self.connection

    def __exit__(self, *exc: object) -> None:
        self.connection.close()


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 60 or any(not (c.isalnum() or c in "._-@") for c in name):
        raise UserError(f"user name '{name}': use letters, digits, '.', '_', '-' or '@' (at most 60)")
    return name


def _check_roles(roles: tuple[str, ...]) -> tuple[str, ...]:
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        raise UserError(f"role {', '.join(unknown) or '(none)'}: choose from {', '.join(ROLES)}")
    return tuple(r for r in ROLES if r in roles)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password is shorter than {MIN_PASSWORD} characters: choose a longer one")
