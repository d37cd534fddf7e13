"""A round database with one user per role, and a client that logs in as any of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PASSWORD = "korrekt hest batteri"
USERS = {
    "sara": ("sekretariat",),
    "bent": ("bedømmer",),
    "carl": ("chef",),
    "lise": ("læser",),
}


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def granted(html: str, prefix: str = "") -> dict[str, str]:
    """The granted column of an allocation table on a page: id -> the text shown."""
    return dict(re.findall(r'<td class="num granted" data-id="([^"]+)">([^<]*)</td>', html))


class Browser:
    """A logged-in TestClient: get/post with the session's CSRF token filled in."""

    def __init__(self, client, csrf: str) -> None:
        self.client, self.csrf = client, csrf

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict | None = None, **kwargs):
        return self.client.post(url, data={"csrf": self.csrf, **(data or {})}, **kwargs)


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """Argon2 with small costs, so the tests do not spend their time hashing (same code path)."""
    from argon2 import PasswordHasher

    from digipulje.web import users as web_users

    monkeypatch.setattr(web_users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "runde.db"


@pytest.fixture
def app(db):
    from digipulje.web.app import create_app
    from digipulje.web.users import UserStore

    application = create_app(db)
    store = UserStore(db)
    for name, roles in USERS.items():
        store.add(name, PASSWORD, roles, department="Ældre, Social & Sundhed" if name == "bent" else None)
    return application


@pytest.fixture
def login(app):
    from starlette.testclient import TestClient

    def log_in(name: str, base_url: str = "http://testserver") -> Browser:
        client = TestClient(app, base_url=base_url)
        page = client.get("/login")
        response = client.post("/login", data={"csrf": csrf_of(page.text), "name": name,
                                               "password": PASSWORD, "next": "/"}, follow_redirects=False)
        assert response.status_code == 303, response.text
        return Browser(client, csrf_of(client.get("/").text))

    return log_in


OPEN_2025 = {"round": "2025", "name": "Digitaliseringspuljen", "budget": "250.000", "deadline": "2025-04-01",
             "min_grant": "10.000", "partial_floor": "80", "eligibility_threshold": "50", "max_grants": "",
             "aggregation": "mean", "w_citizen": "1", "w_employee": "1", "w_municipality": "1",
             "w_evidence": "1", "w_cross_cutting": "1"}


def sheet_2025() -> bytes:
    from digipulje.pool.example import example_path

    return example_path("ansoegninger-2025.xlsx").read_bytes()


@pytest.fixture
def round_2025(login):
    """Round 2025 opened, the sheet imported and the recommendation made, by the secretariat."""
    sara = login("sara")
    assert sara.post("/runder", OPEN_2025).status_code == 200
    response = sara.post("/runder/2025/import", files={"files": ("ansoegninger-2025.xlsx", sheet_2025())})
    assert response.status_code == 200, response.text
    assert sara.post("/runder/2025/indstilling").status_code == 200
    return sara
