"""Words and times on the pages as Danes read them: one event is "1 hændelse", a time is local."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from zoneinfo import ZoneInfo

from tests.web.conftest import OPEN_2025


def test_one_event_and_many(login, db):
    sara = login("sara")
    assert sara.post("/runder", OPEN_2025).status_code == 200
    assert "Beslutningsloggen er intakt (1 hændelse)." in sara.get("/").text
    sara.post("/runder", {**OPEN_2025, "round": "2026"})
    assert "Beslutningsloggen er intakt (2 hændelser)." in sara.get("/").text


def test_times_are_danish_local_time(round_2025, login, db):
    with sqlite3.connect(db) as connection:
        at = connection.execute("SELECT at FROM events WHERE kind = 'allocation'").fetchone()[0]
    local = dt.datetime.fromisoformat(at.replace("Z", "+00:00")).astimezone(ZoneInfo("Europe/Copenhagen"))
    months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
              "november", "december"]
    shown = f"{local.day}. {months[local.month - 1]} {local.year} kl. {local:%H.%M}"
    page = login("lise").get("/runder/2025/indstilling").text
    assert f"Lavet {shown} af sara" in page
    log = login("lise").get("/runder/2025/log").text
    assert f'<time datetime="{at}">{shown}</time>' in log
    assert not re.search(r">\d{4}-\d\d-\d\dT", log)  # no ISO UTC time is shown


def test_one_application_and_many(login):
    from tests.web.test_log_checks import _pb

    sara = login("sara")
    sara.post("/runder", OPEN_2025)
    page = sara.post("/runder/2025/import", files={"files": ("en.pb", _pb(1))}).text
    assert "1 ansøgning er importeret." in page
    page = sara.post("/runder/2025/import", files={"files": ("to.pb", _pb(3).replace(b"P0;", b"Q0;").replace(
        b"P1;", b"Q1;").replace(b"P2;", b"Q2;").replace(b"v1;P0", b"v1;Q0"))}).text
    assert "3 ansøgninger er importeret." in page
    assert "Digitaliseringspuljen: pulje på kr. 250.000, 4 ansøgninger." in sara.get("/runder/2025/indstilling").text


def test_a_long_date_is_not_repeated_whole(login):
    page = login("sara").post("/runder", {**OPEN_2025, "deadline": "2" * 5000}).text
    assert "&#39;22222222222222222222…&#39; er ikke en dato" in page
