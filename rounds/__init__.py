"""The round store: one SQLite file per pool holding every round and its decision log.

    store.py     the database file: schema, BEGIN IMMEDIATE transactions, busy handling
    log.py       append-only, hash-chained events; verify_log names any edited or deleted event,
                 and every read checks the log first (require_intact)
    rounds.py    open, import, allocate, decide; read_round rebuilds a round from its events
    replay.py    recompute a stored allocation from its stored inputs and compare
    followup.py  status of funded projects, money returned, realised benefits
    scenarios.py named scenarios saved in a round (their terms; at most four), and deleted

The text a council member or chief reads is rendered in `reports.rounds`.
Errors are `RoundStoreError` (and `DatabaseBusy`), both `DigipuljeError`s.
"""

from __future__ import annotations

from digipulje.base.exports import lazy_exports

__all__ = [
    "DatabaseBusy", "LogTampered", "RecusedError", "RoundState", "RoundStore", "RoundStoreError",
    "allocate_round", "decide_round", "import_applications", "open_round", "read_round", "read_source",
    "replay_allocation", "summarise_followup", "verify_log",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "followup": ("summarise_followup",),
    "log": ("LogTampered", "verify_log"),
    "replay": ("replay_allocation",),
    "rounds": ("RecusedError", "RoundState", "allocate_round", "decide_round", "import_applications", "open_round", "read_round", "read_source"),
    "store": ("DatabaseBusy", "RoundStore", "RoundStoreError"),
})
