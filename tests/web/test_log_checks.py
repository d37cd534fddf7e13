"""The server checks the decision log on every page without reading all of it each time: only the
events after the head it verified last; and a `.pb` file is held to the sheets' 10,000 applications."""

from __future__ import annotations

import sqlite3

import pytest

from tests.web.conftest import OPEN_2025


@pytest.fixture
def hashes(monkeypatch):
    """How many events' hashes are computed."""
    from digipulje.rounds import log

    counted = {"n": 0}
    real = log.event_hash

    def counting(*args):
        counted["n"] += 1
        return real(*args)

    monkeypatch.setattr(log, "event_hash", counting)
    return counted


def _events(db) -> int:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT COUNT(*) FROM events").fetchone()[0]


PAGES = ["/", "/runder/2025/indstilling", "/runder/2025/beslutning", "/runder/2025/log", "/runder/2025/bedoemmelse"]


def test_pages_check_only_the_events_after_the_verified_head(round_2025, login, db, hashes):
    lise = login("lise")
    for url in PAGES:
        assert lise.get(url).status_code == 200
    hashes["n"] = 0
    for url in PAGES * 3:
        page = lise.get(url)
        assert page.status_code == 200 and "Beslutningsloggen er ændret" not in page.text
    assert hashes["n"] == 0  # nothing new: no event is hashed again
    before = _events(db)
    assert round_2025.post("/runder/2025/indstilling").status_code == 200  # the recommendation made again
    new = _events(db) - before
    assert new == 1 and hashes["n"] == 2 * new  # written once, checked once, then the page shown
    hashes["n"] = 0
    for url in PAGES:
        lise.get(url)
    assert hashes["n"] == 0


def test_an_event_changed_after_it_was_verified_is_still_found(round_2025, login, db):
    lise = login("lise")
    assert "Beslutningsloggen er ændret" not in lise.get("/runder/2025/indstilling").text
    last = _events(db)
    with sqlite3.connect(db) as connection:  # changed by hand, the trigger put back afterwards
        trigger = connection.execute("SELECT sql FROM sqlite_master WHERE name = 'events_are_never_changed'"
                                     ).fetchone()[0]
        connection.execute("DROP TRIGGER events_are_never_changed")
        connection.execute("UPDATE events SET actor = 'mallory' WHERE seq = ?", (last,))
        connection.execute(trigger)
    page = lise.get("/runder/2025/indstilling").text
    assert "Beslutningsloggen er ændret uden om digipulje" in page
    assert f"hændelse {last} (allocation, runde 2025" in page  # the full check names the event


def _pb(projects: int) -> bytes:
    lines = ["META", "key;value", "description;Mange projekter", "budget;1000000", "vote_type;approval",
             "currency;DKK", "PROJECTS", "project_id;cost;votes;name;category"]
    lines += [f"P{i};1000;1;Projekt {i};" for i in range(projects)]
    lines += ["VOTES", "voter_id;vote", "v1;P0"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_a_pb_file_is_held_to_ten_thousand_applications(login, db):
    sara = login("sara")
    assert sara.post("/runder", {**OPEN_2025, "round": "stor"}).status_code == 200
    before = _events(db)
    response = sara.post("/runder/stor/import", files={"files": ("stor.pb", _pb(10_001))})
    assert response.status_code == 200
    assert ("filen har 10.001 projekter, flere end de 10.000 ansøgninger, digipulje læser fra én fil: del den op"
            in response.text)
    assert _events(db) == before
    small = sara.post("/runder/stor/import", files={"files": ("lille.pb", _pb(3))}, follow_redirects=False)
    assert small.status_code == 303 and _events(db) > before
