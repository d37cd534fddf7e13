"""The decision log: append-only events, each chained to the one before it by a SHA-256 hash.

Good administrative practice asks for a trail that shows who did what, when and why, and that
cannot be changed quietly. Every event stores its time (UTC), actor, kind, reason and a JSON
payload, plus `prev_hash` (the hash of the event before it) and its own `hash`, computed over
all of that. Changing any stored byte of an event breaks its hash; deleting an event breaks the
numbering and the next event's link; deleting the last events is caught by the head kept in the
`meta` table. Triggers refuse UPDATE and DELETE, so only someone editing the file by hand can
change the log, and `verify_log` then says which event was touched (and which trigger is gone).
Every command checks the whole log this way before it uses it (`read_events`,
`require_intact`): a log changed outside digipulje is never shown, allocated from or appended
to. (Someone who rewrites an event and then every later hash and the head can make a consistent
forgery; the last hash that `verify` prints, written in the minutes of a meeting, is what proves
the log as it stood then.)

The payload is the data itself (the applications as read, the allocation's inputs and result),
so the log alone is enough to rebuild a round and to replay any allocation in it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from digipulje.messages import _
from digipulje.rounds.store import APPEND_ONLY_TRIGGERS, RoundStore, RoundStoreError

GENESIS = "sha256:" + "0" * 64


class Kind(str, Enum):
    OPEN = "open"
    IMPORT = "import"
    ASSESSMENT = "assessment"
    REJECTION = "rejection"
    OVERRIDE = "override"
    ALLOCATION = "allocation"
    DECISION = "decision"
    FOLLOWUP = "followup"
    BENEFIT = "benefit"
    RATING = "rating"  # one council member's 0–4 ratings of one application
    SUBMISSION = "submission"  # a step of an application made in the browser (rounds.submissions)
    REOPEN = "reopen"  # the chiefs reopen their recorded decision, with a reason, to record it again
    SCENARIO = "scenario"  # a named scenario saved in the round, or deleted from it (rounds.scenarios)


@dataclass(frozen=True)
class Event:
    seq: int
    round: str
    at: str  # UTC, ISO 8601, e.g. 2025-05-07T10:15:00Z
    actor: str
    kind: Kind
    reason: str | None
    payload: dict[str, Any]
    prev_hash: str
    hash: str


def canonical_json(value: Any) -> str:
    """The one text form of a payload: sorted keys, no spaces, UTF-8 as is."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def event_hash(seq: int, round: str, at: str, actor: str, kind: str, reason: str | None,
               payload_text: str, prev_hash: str) -> str:
    blob = canonical_json([seq, round, at, actor, kind, reason, payload_text, prev_hash])
    return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


Clock = Callable[[], str]


def append_event(store: RoundStore, round: str, kind: Kind, actor: str, payload: dict[str, Any],
                 reason: str | None = None, clock: Clock = utc_now) -> Event:
    """Appends one event; call it inside `store.transaction()` so a command's events land together."""
    connection = store.connection
    if not connection.in_transaction:
        raise RuntimeError("append_event needs an open transaction")
    last = connection.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev_hash = (1, GENESIS) if last is None else (last[0] + 1, last[1])
    at = clock()
    payload_text = canonical_json(payload)
    digest = event_hash(seq, round, at, actor, kind.value, reason, payload_text, prev_hash)
    connection.execute(
        "INSERT INTO events (seq, round, at, actor, kind, reason, payload, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, round, at, actor, kind.value, reason, payload_text, prev_hash, digest))
    connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('head', ?)",
                       (canonical_json({"seq": seq, "hash": digest}),))
    return Event(seq, round, at, actor, kind, reason, payload, prev_hash, digest)


def read_events(store: RoundStore, round: str | None = None) -> list[Event]:
    """The events in order, all of them or one round's, after checking the whole log
    (`require_intact`): a log changed outside digipulje is never used."""
    require_intact(store, round)
    return read_events_unchecked(store, round)


def read_events_unchecked(store: RoundStore, round: str | None = None) -> list[Event]:
    """The events in order, without checking the log: for `verify` and tests, never for a decision."""
    sql = "SELECT seq, round, at, actor, kind, reason, payload, prev_hash, hash FROM events"
    args: tuple[Any, ...] = ()
    if round is not None:
        sql += " WHERE round = ?"
        args = (round,)
    with store.busy_guard():
        rows = store.connection.execute(sql + " ORDER BY seq", args).fetchall()
    events = []
    for seq, rnd, at, actor, kind, reason, payload, prev, digest in rows:
        try:
            events.append(Event(seq, rnd, at, actor, Kind(kind), reason, json.loads(payload), prev, digest))
        except (TypeError, ValueError):
            raise RoundStoreError(_("{file}: event {seq} cannot be read: the file was edited by hand; run "
                                    "'digipulje round verify'", file=store.path, seq=seq)) from None
    return events


@dataclass(frozen=True)
class Verification:
    events: int
    head: str  # the last event's hash: write it in the minutes to anchor the log
    problems: tuple[str, ...]
    last_row: tuple | None = field(default=None, compare=False, repr=False)  # the last event as stored

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_log(store: RoundStore, since: tuple[int, str, tuple] | None = None) -> Verification:
    """Checks every event's hash, the chain and the numbering, and that the triggers that keep the
    log append-only are in place; names each event that was touched.

    `since`: a head verified before (seq, hash, the event's stored row); then only the events
    after it are read and checked, with that event as it was verified (the anchor), the head
    record and the triggers. An earlier event changed by hand with the triggers dropped and put
    back is found by a full check (`digipulje round verify`), not by this one."""
    connection = store.connection
    first_seq, anchor = (1, GENESIS) if since is None else (since[0] + 1, since[1])
    columns = "seq, round, at, actor, kind, reason, payload, prev_hash, hash"
    with store.busy_guard():
        own_snapshot = not connection.in_transaction  # inside a write transaction it is one already
        if own_snapshot:
            connection.execute("BEGIN")  # one consistent snapshot of events, head and triggers
        try:
            rows = connection.execute(f"SELECT {columns} FROM events WHERE seq >= ? ORDER BY seq",
                                      (first_seq,)).fetchall()
            anchor_row = None if since is None else connection.execute(
                f"SELECT {columns} FROM events WHERE seq = ?", (since[0],)).fetchone()
            head_row = connection.execute("SELECT value FROM meta WHERE key = 'head'").fetchone()
            triggers = dict(connection.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'").fetchall())
            foreign = connection.execute(
                "SELECT type, name, tbl_name FROM sqlite_master WHERE (type = 'trigger' AND tbl_name IN ('events', "
                "'meta')) OR type = 'view' ORDER BY type, name").fetchall()
        finally:
            if own_snapshot:
                connection.execute("ROLLBACK")
    problems: list[str] = []
    if since is not None and (anchor_row is None or tuple(anchor_row) != since[2]):
        problems.append(_("event {seq} was changed after it was checked: its hash is not the one verified",
                          seq=since[0]))
    expected_seq, expected_prev = first_seq, anchor
    for row in rows:
        seq, rnd, at, actor, kind, reason, payload, prev_hash, digest = row
        if seq > expected_seq:
            problems.append(_("{events} deleted: the log jumps to event {seq}",
                              events=_events(expected_seq, seq - 1), seq=seq))
        try:
            recomputed = event_hash(seq, rnd, at, actor, kind, reason, payload, prev_hash)
        except (TypeError, ValueError):
            recomputed = None
        if recomputed != digest:
            problems.append(_("event {seq} ({kind}, round {round}, {at}) was changed after it was written: its "
                              "contents do not match its hash", seq=seq, kind=kind, round=rnd, at=at))
        elif prev_hash != expected_prev and seq == expected_seq:
            problems.append(_("event {earlier} was changed after it was written: event {seq}'s link to it no "
                              "longer matches", earlier=seq - 1, seq=seq))
        expected_seq, expected_prev = seq + 1, digest
    head = _parse_head(head_row[0] if head_row else None)
    last_seq = rows[-1][0] if rows else first_seq - 1
    if last_seq > 0 and head is None:
        problems.append(_("the log's head record is missing or changed: the last event cannot be checked"))
    elif head is not None:
        if head["seq"] > last_seq:
            problems.append(_("{events} deleted: the log ends at event {last}, but event {seq} was written",
                              events=_events(last_seq + 1, head["seq"]), last=last_seq, seq=head["seq"]))
        elif head["seq"] < last_seq or head["hash"] != expected_prev:
            problems.append(_("the log's head record does not match event {seq}: events were added or changed "
                              "outside digipulje", seq=last_seq))
    problems += _trigger_problems(triggers)
    problems += _foreign_problems(foreign)
    return Verification(events=len(rows) + first_seq - 1, head=expected_prev, problems=tuple(problems),
                        last_row=tuple(rows[-1]) if rows else (None if since is None else since[2]))


# The heads this process verified, by database file, for the files opted in with
# `remember_verified_heads` (the web app's): a later check reads only the events after the head.
# A file replaced on disk (a copy restored) has another inode, and is checked in full again.
_verified_heads: dict[tuple[str, int, int], tuple[int, str, tuple]] = {}
_opted_in: set[str] = set()
_heads_lock = threading.Lock()


def remember_verified_heads(path: Path | str) -> None:
    """Checks of the log in `path` from now on in this process read only the events after the
    last head verified (a server showing the log on every page); see `verify_log`."""
    with _heads_lock:
        _opted_in.add(str(Path(path).resolve()))


def _file_key(path: Path | str) -> tuple[str, int, int] | None:
    resolved = str(Path(path).resolve())
    if resolved not in _opted_in:
        return None
    try:
        stat = os.stat(resolved)
    except OSError:
        return None
    return resolved, stat.st_dev, stat.st_ino


def verify_log_since_verified(store: RoundStore) -> Verification:
    """`verify_log`, from the head verified last time for a file opted in; a problem found so is
    reported by a full check, which names every event touched."""
    key = _file_key(store.path)
    if key is None:
        return verify_log(store)
    with _heads_lock:
        since = _verified_heads.get(key)
    result = verify_log(store, since)
    if since is not None and not result.intact:
        result = verify_log(store)
    if result.intact:
        with _heads_lock:
            known = _verified_heads.get(key)
            if result.last_row is not None and (known is None or known[0] <= result.events):
                _verified_heads[key] = (result.events, result.head, result.last_row)
    return result


def _events(first: int, last: int) -> str:
    """"event 4", or "events 4 to 6"."""
    return (_("event {seq}", seq=first) if first == last else
            _("events {first} to {last}", first=first, last=last))


def _trigger_problems(found: dict[str, str | None]) -> list[str]:
    problems = []
    for name, statement in APPEND_ONLY_TRIGGERS.items():
        action = _("changed") if "UPDATE" in statement.split("\n")[0] else _("deleted")
        if name not in found:
            problems.append(_("the trigger {name} is missing: events can be {action} without a word, so the log is "
                              "no longer append-only (it was dropped outside digipulje)", name=name, action=action))
        elif " ".join((found[name] or "").split()) != " ".join(statement.split()):
            problems.append(_("the trigger {name} was changed outside digipulje: it may no longer stop events from "
                              "being {action}", name=name, action=action))
    return problems


def _foreign_problems(found: list[tuple[str, str, str]]) -> list[str]:
    """Triggers on the log's tables and views that digipulje never creates: a trigger can change, drop
    or add events as they are written (SQLite runs it inside digipulje's own writes)."""
    problems = []
    for kind, name, table in found:
        if kind == "trigger" and name not in APPEND_ONLY_TRIGGERS:
            problems.append(_("the trigger {name} on the table {table} was not created by digipulje: it can change, "
                              "drop or add events as they are written, so the log is no longer append-only (it was "
                              "added outside digipulje)", name=name, table=table))
        elif kind == "view":
            problems.append(_("the view {name} was not created by digipulje: a tool that reads it may be shown "
                              "another log than the one stored (it was added outside digipulje)", name=name))
    return problems


class LogTampered(RoundStoreError):
    """The decision log fails its check: an event, the head or a trigger was changed by hand."""


def require_intact(store: RoundStore, round: str | None = None) -> Verification:
    """Verifies the whole log (`verify_log`) before a command uses it; a log changed outside
    digipulje stops the command with every problem named."""
    verification = verify_log_since_verified(store)
    if not verification.intact:
        what = _("the decision log") if round is None else _("round {round}", round=round)
        raise LogTampered(
            _("{file}: the decision log was changed outside digipulje, so {what} is not used",
              file=store.path, what=what),
            *verification.problems,
            _("restore the database from a copy you trust (its last hash is in the minutes), and run "
              "'digipulje round verify'"))
    return verification


def _parse_head(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    try:
        head = json.loads(text)
        if isinstance(head, dict) and isinstance(head.get("seq"), int) and isinstance(head.get("hash"), str):
            return head
    except ValueError:
        pass
    return None


__all__ = ["Clock", "Event", "GENESIS", "Kind", "LogTampered", "Verification", "append_event", "canonical_json",
           "event_hash", "read_events", "read_events_unchecked", "remember_verified_heads", "require_intact", "utc_now",
           "verify_log", "verify_log_since_verified"]
