"""How the decision log scales: appending events, verifying the chain, rebuilding a round.

    python -m bench.rounds_log [EVENTS]

Builds the decided 2025 round in a temporary database, appends EVENTS follow-up and benefit
events (default 10,000, far more than a real round gets), and times each step.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from digipulje.pool.example import APPLICATIONS_FILE, example_path, load_example
from digipulje.rounds.followup import summarise_followup
from digipulje.rounds.log import Kind, append_event, verify_log
from digipulje.rounds.replay import replay_allocation
from digipulje.rounds.rounds import allocate_round, decide_round, import_applications, open_round, read_round, read_source
from digipulje.rounds.store import RoundStore


def timed(label: str, action):
    start = time.perf_counter()
    result = action()
    print(f"{label:<48} {time.perf_counter() - start:8.3f} s")
    return result


def main(events: int) -> None:
    example = load_example()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        with RoundStore.create(db) as ws:
            timed("open round", lambda: open_round(ws, "2025", example.pool, "ITP"))
            source = read_source(example_path(APPLICATIONS_FILE))
            timed("import 7 applications (one transaction)", lambda: import_applications(ws, "2025", [source], "ITP"))
            timed("allocate (recommendation, CBC)", lambda: allocate_round(ws, "2025", "ITP"))
            timed("decide (Chefforum's override)", lambda: decide_round(ws, "2025", "Chefforum", example.overrides))

            def append_many():
                with ws.transaction():
                    for n in range(events):
                        append_event(ws, "2025", Kind.BENEFIT, "ITP", {
                            "application": "A1", "indicator": "citizen", "realised": f"måling {n}",
                            "measured_on": dt.date(2026, 1, 1).isoformat()})

            timed(f"append {events:,} events (one transaction)", append_many)
            timed("append 100 events, one transaction each", lambda: [_one(ws) for _ in range(100)])
            verification = timed(f"verify the chain ({events + 112:,} events)", lambda: verify_log(ws))
            assert verification.intact
            state = timed("rebuild the round from its events", lambda: read_round(ws, "2025"))
            timed("follow-up summary", lambda: summarise_followup(state))
            timed("replay the decision", lambda: replay_allocation(ws, 12))
        print(f"database size: {db.stat().st_size / 1e6:.1f} MB")


def _one(ws: RoundStore) -> None:
    with ws.transaction():
        append_event(ws, "2025", Kind.BENEFIT, "ITP", {"application": "A1", "indicator": "citizen",
                                                       "realised": "måling", "measured_on": "2026-01-01"})


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
