"""The round workspace: one SQLite file per pool holding every round and its decision log.

    store.py     the database file: schema, BEGIN IMMEDIATE transactions, busy handling
    log.py       append-only, hash-chained events; verify_log names any edited or deleted event,
                 and every read checks the log first (require_intact)
    rounds.py    open, import, allocate, decide; read_round rebuilds a round from its events
    replay.py    recompute a stored allocation from its stored inputs and compare
    followup.py  status of funded projects, money returned, realised benefits
    render.py    the text a council member or chief reads (Danish or English)

Errors are `WorkspaceError` (and `DatabaseBusy`), both `DigipuljeError`s.
"""
