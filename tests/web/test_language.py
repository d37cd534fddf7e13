"""A page and the core's messages on it speak the same language: the user's choice, Danish by default."""

from __future__ import annotations

import pytest

from messages import _


@pytest.fixture
def refusing_history(monkeypatch):
    """The log page's call into the core refuses, with a message written as the core writes one."""
    from web import service

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
