"""A 2025 round in a database, built once through the library and copied for each test."""

from __future__ import annotations

import shutil

import pytest

from digipulje.pool.example import APPLICATIONS_FILE, example_path
from digipulje.rounds.rounds import allocate_round, decide_round, import_applications, open_round, read_source
from digipulje.rounds.store import RoundStore


class Clock:
    """Event times that a test can predict: one minute apart from 7 May 2025, 09:00 UTC."""

    def __init__(self) -> None:
        self.minute = 0

    def __call__(self) -> str:
        self.minute += 1
        return f"2025-05-07T{9 + (self.minute - 1) // 60:02d}:{(self.minute - 1) % 60:02d}:00Z"


@pytest.fixture(scope="session")
def decided_2025(tmp_path_factory, example):
    """Round 2025 opened, imported, allocated by ITP and decided by Chefforum (events 1-12)."""
    path = tmp_path_factory.mktemp("rounds") / "decided.db"
    clock = Clock()
    with RoundStore.create(path) as ws:
        open_round(ws, "2025", example.pool, "ITP", clock=clock)
        import_applications(ws, "2025", [read_source(example_path(APPLICATIONS_FILE))], "ITP", clock=clock)
        allocate_round(ws, "2025", "ITP", clock=clock)
        decide_round(ws, "2025", "Chefforum", example.overrides, reason="Chefforum 7. maj 2025, punkt 6",
                     clock=clock)
    return path


@pytest.fixture
def db(tmp_path, decided_2025):
    """A fresh copy of the decided 2025 round."""
    path = tmp_path / "digipulje.db"
    shutil.copyfile(decided_2025, path)
    return path


@pytest.fixture
def store(db):
    with RoundStore.open(db) as ws:
        yield ws

