"""Logins under load and from strangers, numbers nobody meant, bodies too large, forms from other
sites: each answered plainly, never a 500, and the operator can read what happened."""

from __future__ import annotations

import html
import sqlite3
import threading
import time

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from tests.web.conftest import OPEN_2025, PASSWORD, csrf_of


class CountingHasher:
    """The tests' quick hasher, counting the checks and how many ran at once."""

    def __init__(self, hasher, pause: float = 0.0) -> None:
        self.hasher, self.pause = hasher, pause
        self.checks: list[str] = []
        self.running = self.most = 0
        self.lock = threading.Lock()

    def verify(self, password_hash, password):
        with self.lock:
            self.checks.append(password_hash)
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            time.sleep(self.pause)
            return self.hasher.verify(password_hash, password)
        finally:
            with self.lock:
                self.running -= 1

    def __getattr__(self, name):
        return getattr(self.hasher, name)


@pytest.fixture
def hasher(monkeypatch, quick_hashes):
    from digipulje.web import users as web_users

    counting = CountingHasher(web_users._hasher)
    monkeypatch.setattr(web_users, "_hasher", counting)
    monkeypatch.setattr(web_users, "_DUMMY_HASH", counting.hasher.hash("a password nobody has"))
    return counting


def _at_once(count: int, call) -> list:
    results: list = [None] * count
    start = threading.Barrier(count)

    def run(i: int) -> None:
        start.wait()
        results[i] = call(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_twenty_wrong_passwords_at_once_check_only_five(app, db, hasher):
    from digipulje.web.users import UserStore

    store = UserStore(db)
    real = store_hash(db, "sara")
    results = _at_once(20, lambda i: store.authenticate("sara", f"forkert {i}", "10.0.0.7"))
    assert all(user is None for user, _ in results)
    assert hasher.checks.count(real) == 5  # the other fifteen were refused before any check
    assert sorted(wait for _, wait in results).count(0.0) == 4
    log = store.security_log(100)
    assert sorted(e["what"] for e in log) == ["failed"] * 5 + ["lockout"] + ["refused"] * 15
    assert {e["name"] for e in log} == {"sara"} and {e["address"] for e in log} == {"10.0.0.7"}
    # and the right password now waits too
    user, wait = store.authenticate("sara", PASSWORD, "10.0.0.8")
    assert user is None and 0 < wait <= 2.0


def store_hash(db, name: str) -> str:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT password_hash FROM web_users WHERE name = ?", (name,)).fetchone()[0]


def test_at_most_two_passwords_are_hashed_at_once(app, db, hasher):
    from digipulje.web.users import HASH_SLOTS, UserStore

    hasher.pause = 0.05
    store = UserStore(db)
    _at_once(12, lambda i: store.authenticate(f"fremmed{i}", "et gæt", f"10.0.1.{i}"))
    assert len(hasher.checks) == 12 and hasher.most == HASH_SLOTS == 2


def test_unknown_wrong_and_waiting_names_get_the_same_answer_and_the_same_work(app, hasher):
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)

    def attempt(name: str, password: str = "forkert kodeord") -> str:
        before = len(hasher.checks)
        text = client.post("/login", data={"csrf": token, "name": name, "password": password}).text
        assert len(hasher.checks) == before + 1  # one hash, whatever the case
        return text.replace(f'value="{name}"', 'value=""')

    assert attempt("sara") == attempt("ingen")  # a wrong password and a name nobody has
    for _ in range(4):
        attempt("sara"), attempt("ingen")
    waiting = attempt("sara", PASSWORD)
    assert "For mange forkerte forsøg: vent 2 sekunder" in waiting
    assert attempt("ingen") == waiting  # the unknown name waits just as long


def test_one_address_trying_many_names_is_slowed_down(app, hasher):
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    for i in range(20):
        client.post("/login", data={"csrf": token, "name": f"gæt{i}", "password": "forkert kodeord"})
    response = client.post("/login", data={"csrf": token, "name": "lise", "password": PASSWORD},
                           follow_redirects=False)
    assert response.status_code == 200 and "For mange forkerte forsøg: vent 2 sekunder" in response.text
    other = TestClient(app, client=("10.0.0.9", 50000))  # another address is not held up
    token = csrf_of(other.get("/login").text)
    assert other.post("/login", data={"csrf": token, "name": "lise", "password": PASSWORD},
                      follow_redirects=False).status_code == 303


def test_the_operator_reads_failed_logins_and_lockouts(app, db, hasher):
    from digipulje.cli import app as cli

    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    for _ in range(6):
        client.post("/login", data={"csrf": token, "name": "sara", "password": "forkert kodeord"})
    result = CliRunner().invoke(cli, ["user", "log", "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = [line.split("  ")[1:] for line in result.stdout.splitlines()]
    assert lines == [["afvist uden kontrol: venter 2 s endnu", "sara", "testclient"],
                     ["login venter 2 s", "sara", "testclient"],
                     *[["mislykket login", "sara", "testclient"]] * 5]
    assert "Vis sikkerhedsloggen: mislykkede login" in " ".join(CliRunner().invoke(cli, ["user", "log", "--help"]).stdout.split())


NUMBERS = [
    ("max_grants", "²", "'²' er ikke et helt tal fra 1 til 10000: lad feltet stå tomt for intet maksimum"),
    ("max_grants", "1" * 5000, "'11111111111111111111…' er ikke et helt tal fra 1 til 10000: lad feltet stå tomt for "
                               "intet maksimum"),
    ("budget", "9" * 5000, "'99999999999999999999…' er ikke et beløb i hele kroner — skriv fx 140000 eller 140.000"),
    ("budget", "²", "'²' er ikke et beløb i hele kroner — skriv fx 140000 eller 140.000"),
    ("w_citizen", "inf", "'inf' er ikke et tal fra 0 til 100: skriv det med cifre og decimalkomma, fx 0,5"),
    ("w_citizen", "nan", "'nan' er ikke et tal fra 0 til 100: skriv det med cifre og decimalkomma, fx 0,5"),
    ("w_citizen", "1e400", "'1e400' er ikke et tal fra 0 til 100: skriv det med cifre og decimalkomma, fx 0,5"),
    ("w_employee", "-1", "'-1' er ikke et tal fra 0 til 100: skriv det med cifre og decimalkomma, fx 0,5"),
    ("partial_floor", "٨٠", "'٨٠' er ikke et tal fra 0 til 100: skriv det med cifre og decimalkomma, fx 0,5"),
    ("eligibility_threshold", "1" * 5000, "'11111111111111111111…' er ikke et tal fra 0 til 100: skriv det med cifre "
                                          "og decimalkomma, fx 0,5"),
]


@pytest.mark.parametrize("field,value,message", NUMBERS)
def test_a_number_nobody_meant_is_one_clear_message_in_every_form(round_2025, login, db, field, value, message):
    sara = login("sara")
    with sqlite3.connect(db) as connection:
        before = connection.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    response = sara.post("/runder", {**OPEN_2025, "round": "2026", field: value})
    assert response.status_code == 200
    assert message in html.unescape(response.text)
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM events").fetchone()[0] == before
    if field in ("budget", "max_grants", "w_citizen", "w_employee", "partial_floor"):
        query = {k: OPEN_2025[k] for k in ("budget", "partial_floor", "max_grants", "w_citizen", "w_employee",
                                           "w_municipality", "w_evidence", "w_cross_cutting")}
        scenario = sara.get("/runder/2025/scenarier", params={**query, field: value})
        assert scenario.status_code == 200 and message in html.unescape(scenario.text)


def test_danish_numbers_are_read_as_meant(login, db):
    sara = login("sara")
    form = {**OPEN_2025, "round": "2026", "budget": "kr. 1.250.000", "w_citizen": "1,5", "w_evidence": "0.5",
            "partial_floor": "75", "max_grants": "4"}
    assert sara.post("/runder", form, follow_redirects=False).status_code == 303
    with sqlite3.connect(db) as connection:
        pool = connection.execute("SELECT payload FROM events WHERE kind = 'open'").fetchone()[0]
    assert '"budget_dkk":1250000' in pool and '"citizen":1.5' in pool and '"evidence":0.5' in pool
    assert '"max_grants":4' in pool and '"partial_floor":0.75' in pool


def test_an_override_amount_nobody_meant(round_2025, login):
    carl = login("carl")
    for amount, message in (("1" * 5000, "'11111111111111111111…' er ikke et beløb i hele kroner"),
                            ("inf", "'inf' er ikke et beløb i hele kroner"), ("²", "'²' er ikke et beløb i hele kroner")):
        response = carl.post("/runder/2025/beslutning/aendring", {"application": "A2", "action": "fix",
                                                                  "amount": amount, "reason": "r"})
        assert response.status_code == 200 and message in html.unescape(response.text)


def test_an_oversized_body_is_413_with_or_without_its_length(db, quick_hashes):
    from digipulje.web.app import create_app
    from digipulje.web.users import UserStore

    app = create_app(db, max_request_bytes=20_000)
    UserStore(db).add("sara", PASSWORD, ("sekretariat",))
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    client.post("/login", data={"csrf": token, "name": "sara", "password": PASSWORD})
    csrf = csrf_of(client.get("/").text)

    def chunks():
        yield b"--grens\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf.encode() + b"\r\n"
        yield b"--grens\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.csv\"\r\n\r\n"
        for _ in range(100):
            yield b"x" * 1000

    multipart = {"content-type": "multipart/form-data; boundary=grens"}
    for url in ("/runder/2025/import", "/login", "/sprog", "/runder"):
        chunked = client.post(url, content=chunks(), headers=multipart)
        assert chunked.status_code == 413, url
        assert "Intet er gemt" in chunked.text
    announced = client.post("/runder/2025/import", content=b"x" * 30_000, headers=multipart)
    assert announced.status_code == 413


def test_a_form_from_another_site_is_refused(round_2025, login, db):
    carl = login("carl")
    with sqlite3.connect(db) as connection:
        before = connection.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    for headers in ({"origin": "https://ond.example"}, {"origin": "null"}, {"sec-fetch-site": "cross-site"},
                    {"origin": "http://testserver.ond.example"}):
        response = carl.post("/runder/2025/beslutning/registrer", {"decision_reason": "r"}, headers=headers)
        assert response.status_code == 403, headers
        assert "Formularen blev sendt fra et andet websted: intet er gjort." in response.text
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM events").fetchone()[0] == before
    same = carl.post("/runder/2025/beslutning/registrer", {"decision_reason": "Chefforum"},
                     headers={"origin": "http://testserver", "sec-fetch-site": "same-origin"})
    assert same.status_code == 200 and "Den registrerede beslutning" in same.text


def test_an_address_near_its_limit_still_logs_its_people_in_and_forgets_old_failures(app, db, hasher):
    from digipulje.web.users import ADDRESS_WINDOW_S, FREE_ADDRESS_FAILURES, UserStore

    now = [1_000_000.0]
    store = UserStore(db, clock=lambda: now[0])
    office = "10.1.1.1"  # a town hall behind one address
    for i in range(FREE_ADDRESS_FAILURES - 1):
        assert store.authenticate(f"tastefejl{i}", "forkert", office) == (None, 0.0)
    for name in ("sara", "lise", "carl"):  # right passwords neither wait nor leave a wait behind
        user, wait = store.authenticate(name, PASSWORD, office)
        assert user is not None and user.name == name and wait == 0.0
    assert store.authenticate("gæt", "forkert", office) == (None, 2.0)  # the twentieth failure
    assert store.authenticate("lise", PASSWORD, office)[0] is None  # the address waits
    now[0] += ADDRESS_WINDOW_S + 1  # a quarter of an hour later the count starts again
    assert store.authenticate("gæt", "forkert", office) == (None, 0.0)
    assert store.authenticate("lise", PASSWORD, office)[0].name == "lise"
