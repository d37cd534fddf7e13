"""A page and the core's messages on it speak the same language: the user's choice, Danish by default."""

from __future__ import annotations

import pytest

from digipulje.messages import _


@pytest.fixture
def refusing_history(monkeypatch):
    """The log page's call into the core refuses, with a message written as the core writes one."""
    from digipulje.web import service

    def refuse(*args, **kwargs):
        raise service.ServiceError(_("There is no recommendation yet: the secretariat makes it first."))

    monkeypatch.setattr(service, "history", refuse)


def test_a_message_from_the_core_follows_the_pages_language(round_2025, login, refusing_history):
    lise = login("lise")
    danish = lise.get("/runder/2025/log")
    assert danish.status_code == 400
    assert "Der er endnu ingen indstilling: sekretariatet laver den først." in danish.text
    lise.post("/sprog", {"lang": "en", "next": "/"})
    english = lise.get("/runder/2025/log")
    assert english.status_code == 400
    assert '<html lang="en">' in english.text
    assert "There is no recommendation yet: the secretariat makes it first." in english.text
    assert "Der er endnu ingen" not in english.text


def test_an_unknown_round_is_not_found_in_either_language(login):
    lise = login("lise")
    lise.post("/sprog", {"lang": "en", "next": "/"})
    assert lise.get("/runder/2030/indstilling").status_code == 404
    assert lise.get("/runder/2030/log").status_code == 404
    assert lise.get("/runder/..%2F..%2Fetc/log").status_code == 404


def test_one_users_language_does_not_leak_into_anothers_request(round_2025, login, refusing_history):
    lise, carl = login("lise"), login("carl")
    lise.post("/sprog", {"lang": "en", "next": "/"})
    assert "There is no recommendation yet" in lise.get("/runder/2025/log").text
    assert "Der er endnu ingen indstilling" in carl.get("/runder/2025/log").text


def test_the_web_apps_own_messages_are_in_the_pages_language(login):
    from tests.web.conftest import OPEN_2025

    sara = login("sara")
    wrong = dict(OPEN_2025, partial_floor="otte", max_grants="fem", deadline="1. april")
    danish = sara.post("/runder", wrong).text
    assert "&#39;otte&#39; er ikke et tal" in danish
    assert "&#39;fem&#39; er ikke et helt tal fra 1 til 10000: lad feltet stå tomt for intet maksimum" in danish
    assert "&#39;1. april&#39; er ikke en dato: skriv den som ÅÅÅÅ-MM-DD, fx 2026-04-01" in danish
    sara.post("/sprog", {"lang": "en", "next": "/"})
    english = sara.post("/runder", wrong).text
    assert "&#39;otte&#39; is not a number" in english
    assert "&#39;1. april&#39; is not a date: write it as YYYY-MM-DD, e.g. 2026-04-01" in english
    files = {"files": ("virus.exe", b"MZ")}
    sara.post("/runder", OPEN_2025)
    assert "cannot read &#39;.exe&#39; files: use .xlsx" in sara.post("/runder/2025/import", files=files).text
