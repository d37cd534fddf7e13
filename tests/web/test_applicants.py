"""Departments apply in the browser: roles bound to a department, the call and its deadline, the
application read as a filled form is read, approval, screening, the log, the outcome and the inbox."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest

from tests.web.conftest import OPEN_2025, PASSWORD

AELDRE = "Ældre, Social & Sundhed"
BOERN = "Børn & Familie"
APPLY_USERS = {
    "anne": (("ansøger",), AELDRE),
    "hans": (("afdelingschef",), AELDRE),
    "bo": (("ansøger",), BOERN),
    "birgit": (("afdelingschef",), BOERN),
}
OPEN_2026 = dict(OPEN_2025, round="2026", deadline="2026-12-01")

ANSWERS = {
    "title": "TOBS og triagering", "note-description": "Tidlig opsporing i omsorgsjournalen.",
    "requested_dkk": "140.000", "min_dkk": "100.000", "note-noticeable": "Færre indlæggelser.",
    "note-citizen": "Tidligere hjælp.", "note-employee": "Fælles sprog.", "note-municipality": "Færre indlæggelser.",
    "indicator-1-name": "Akutte indlæggelser", "indicator-1-unit": "pr. måned", "indicator-1-baseline": "40",
    "indicator-1-target": "30", "indicator-1-bottom_line": "Borger",
    "note-evidence": "Målt i to kommuner.", "other_departments": "Børn & Familie", "note-spread": "Kan bruges i hjemmeplejen.",
    "systems": "Cura", "kle_codes": "27.36.00", "own_investment_dkk": "0", "yearly_running_cost_dkk": "18.750",
    "running_cost_paid_by": "Ældre, Social & Sundhed", "running_cost_paid_by_applicant": "Ja",
}


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def office(kind: str = "docx", extra: dict[str, bytes] | None = None) -> bytes:
    part = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(part, "<document/>")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buffer.getvalue()


TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch):
    """Today is 20 November 2026, eleven days before the deadline of round 2026."""
    from digipulje.rounds import submissions

    day = {"today": TODAY}
    monkeypatch.setattr(submissions, "today", lambda: day["today"])
    return day


@pytest.fixture
def apply_app(app, db):
    from digipulje.web.users import UserStore

    store = UserStore(db)
    for name, (roles, department) in APPLY_USERS.items():
        store.add(name, PASSWORD, roles, department=department)
    return app


@pytest.fixture
def round_2026(apply_app, login):
    sara = login("sara")
    assert sara.post("/runder", OPEN_2026).status_code == 200
    return sara


def new_draft(who, round: str = "2026") -> str:
    response = who.post(f"/runder/{round}/ansoegninger", follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"]


def events(db, round: str = "2026"):
    from digipulje.rounds.log import read_events
    from digipulje.rounds.store import Workspace

    with Workspace.open(db) as ws:
        return read_events(ws, round)


def test_smoke(round_2026, login, db):
    anne = login("anne")
    where = new_draft(anne)
    assert where == "/runder/2026/ansoegninger/W1"
    page = anne.get(where)
    assert page.status_code == 200, page.text
    r = anne.post(where, dict(ANSWERS, action="save"), follow_redirects=False)
    assert r.status_code == 303, r.text
    r = anne.post(where + "/bilag", files={"attachments": ("tilbud.pdf", pdf_bytes(), "application/pdf")}, follow_redirects=False)
    assert r.status_code == 303, r.text
    r = anne.post(where, dict(ANSWERS, action="submit"), follow_redirects=False)
    assert r.status_code == 303, r.text
    hans = login("hans")
    page = hans.get(where)
    assert "/godkend" in page.text
    r = hans.post(where + "/godkend", follow_redirects=False)
    assert r.status_code == 303, r.text
    sara = login("sara")
    print(sara.get("/runder/2026/import").text[-1500:])
    print(anne.get("/indbakke").text[-1500:])
    print(sara.get("/runder/2026/log").text[-2500:])
    print(sara.get("/runder/2026/opslag").text[-3000:])
