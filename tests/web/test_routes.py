"""The web app page by page, through Starlette's TestClient: what each role sees and may do."""

from __future__ import annotations

import io
import re
import sqlite3
import zipfile

import pytest

from tests.web.conftest import OPEN_2025, PASSWORD, USERS, csrf_of, granted, sheet_2025

ROUND_PAGES = ["/runder/2025/import", "/runder/2025/bedoemmelse", "/runder/2025/indstilling", "/runder/2025/beslutning",
               "/runder/2025/scenarier", "/runder/2025/dokumenter", "/runder/2025/log",
               "/runder/2025/ansoegning/A1"]


def _events(db) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT seq, actor, kind, reason FROM events ORDER BY seq").fetchall()


# --- logging in -------------------------------------------------------------------------------------

def test_every_page_needs_a_login(app):
    from starlette.testclient import TestClient

    client = TestClient(app)
    for url in ["/", *ROUND_PAGES, "/runder/2025/dokumenter/notat.html"]:
        response = client.get(url, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")
    assert client.post("/runder", data=OPEN_2025).status_code == 403


def test_login_shows_danish_page_with_a_label_above_each_field(app):
    from starlette.testclient import TestClient

    page = TestClient(app).get("/login")
    assert page.status_code == 200
    assert '<html lang="da">' in page.text
    assert '<label class="form-label" for="name">Brugernavn</label>' in page.text
    assert '<label class="form-label" for="password">Adgangskode</label>' in page.text


@pytest.mark.parametrize("token", [None, "", "forkert"])
def test_login_without_the_right_csrf_token_is_forbidden(app, token):
    from starlette.testclient import TestClient

    client = TestClient(app)
    client.get("/login")
    data = {"name": "sara", "password": PASSWORD}
    if token is not None:
        data["csrf"] = token
    response = client.post("/login", data=data)
    assert response.status_code == 403
    assert "digipulje_session" not in client.cookies


def test_wrong_password_says_so_and_links_from_the_error_summary(app):
    from starlette.testclient import TestClient

    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"csrf": token, "name": "sara", "password": "forkert kodeord"})
    assert response.status_code == 200
    assert '<a href="#password">Adgangskode: Brugernavnet eller adgangskoden er forkert</a>' in response.text
    unknown = client.post("/login", data={"csrf": token, "name": "ingen", "password": "forkert kodeord"})
    assert "Brugernavnet eller adgangskoden er forkert" in unknown.text  # the same words: no user is revealed


def test_five_failed_logins_in_a_row_slow_the_account_down(db, app):
    from starlette.testclient import TestClient

    from digipulje.web import users as web_users

    now = [1_000_000.0]
    store = web_users.UserStore(db, clock=lambda: now[0])
    for _ in range(4):
        assert store.authenticate("sara", "forkert kodeord") == (None, 0.0)
    user, wait = store.authenticate("sara", "forkert kodeord")
    assert user is None and wait == 2.0
    assert store.authenticate("sara", PASSWORD) == (None, 2.0)  # even the right password waits
    now[0] += 2.5
    user, wait = store.authenticate("sara", "forkert igen")
    assert user is None and wait == 4.0  # doubling
    now[0] += 5
    user, _ = store.authenticate("sara", PASSWORD)
    assert user is not None and user.name == "sara"
    assert store.authenticate("sara", "forkert kodeord") == (None, 0.0)  # the count starts again
    # through the page: the sixth attempt in a row is told to wait
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    for _ in range(5):
        client.post("/login", data={"csrf": token, "name": "lise", "password": "forkert kodeord"})
    response = client.post("/login", data={"csrf": token, "name": "lise", "password": PASSWORD})
    assert response.status_code == 200
    assert "For mange forkerte forsøg: vent 2 sekunder" in response.text


def test_session_cookie_is_httponly_lax_and_secure_over_https(app):
    from starlette.testclient import TestClient

    for base, secure in (("http://testserver", False), ("https://testserver", True)):
        client = TestClient(app, base_url=base)
        token = csrf_of(client.get("/login").text)
        response = client.post("/login", data={"csrf": token, "name": "sara", "password": PASSWORD},
                               follow_redirects=False)
        assert response.status_code == 303
        cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("digipulje_session="))
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie
        assert ("Secure" in cookie) is secure


def test_sessions_expire(db, app):
    from digipulje.web import users as web_users

    now = [1_000_000.0]
    store = web_users.UserStore(db, clock=lambda: now[0])
    user, _ = store.authenticate("sara", PASSWORD)
    token, _ = store.start_session(user)
    assert store.session(token).user.name == "sara"
    now[0] += web_users.IDLE_MINUTES * 60 + 1
    assert store.session(token) is None


def test_logout_ends_the_session(login):
    sara = login("sara")
    response = sara.post("/logout", follow_redirects=False)
    assert response.status_code == 303
    assert sara.get("/", follow_redirects=False).status_code == 303


def test_next_after_login_stays_on_this_site(app):
    from starlette.testclient import TestClient

    def log_in(target: str) -> str:
        client = TestClient(app)
        token = csrf_of(client.get("/login").text)
        response = client.post("/login", data={"csrf": token, "name": "sara", "password": PASSWORD,
                                               "next": target}, follow_redirects=False)
        assert response.status_code == 303, target
        return response.headers["location"]

    for target in ["//evil.example/", "/\t/evil.example/", "/\\evil.example", "https://evil.example/"]:
        assert log_in(target) == "/", target
    assert log_in("/runder/2025/log") == "/runder/2025/log"


def test_a_disabled_user_is_logged_out_and_cannot_log_in(db, login):
    from digipulje.web import users as web_users

    lise = login("lise")
    web_users.UserStore(db).set_disabled("lise")
    assert lise.get("/", follow_redirects=False).status_code == 303
    with pytest.raises(AssertionError):
        login("lise")


# --- CSRF and roles on every action -------------------------------------------------------------

ACTIONS = [
    ("/runder", dict(OPEN_2025, round="2026"), "sekretariat"),
    ("/runder/2025/import", {}, "sekretariat"),
    ("/runder/2025/indstilling", {}, "sekretariat"),
    ("/runder/2025/beslutning/aendring", {"application": "A4", "action": "exclude", "reason": "r"}, "chef"),
    ("/runder/2025/beslutning/fjern", {"application": "A4"}, "chef"),
    ("/runder/2025/beslutning/registrer", {"decision_reason": "r"}, "chef"),
    ("/runder/2025/bedoemmelse", {"application": "A3", **{f"rating_{k}": "3" for k in
                                  ("citizen", "employee", "municipality", "evidence", "cross_cutting")}}, "bedømmer"),
]


@pytest.mark.parametrize("url,data,role", ACTIONS)
def test_every_action_needs_its_role(round_2025, login, db, url, data, role):
    for name, roles in USERS.items():
        if role in roles:
            continue
        before = _events(db)
        response = login(name).post(url, data)
        assert response.status_code == 403, (name, url)
        assert "Ikke tilladt" in response.text
        assert _events(db) == before


@pytest.mark.parametrize("url,data,role", ACTIONS + [("/logout", {}, None), ("/sprog", {"lang": "en"}, None)])
@pytest.mark.parametrize("token", [None, "forkert"])
def test_every_post_needs_the_sessions_csrf_token(round_2025, login, db, url, data, role, token):
    who = {"sekretariat": "sara", "chef": "carl", "bedømmer": "bent", None: "lise"}[role]
    browser = login(who)
    before = _events(db)
    form = dict(data)
    if token is not None:
        form["csrf"] = token
    response = browser.client.post(url, data=form)
    assert response.status_code == 403
    assert _events(db) == before
    assert browser.get("/", follow_redirects=False).status_code == 200  # still logged in


def test_every_role_reads_every_page(round_2025, login):
    for name in USERS:
        browser = login(name)
        assert browser.get("/").status_code == 200
        for url in ROUND_PAGES:
            response = browser.get(url)
            assert response.status_code == 200, (name, url)
            assert "Beslutningsloggen er intakt" in response.text


def test_forms_for_actions_are_shown_only_to_their_roles(round_2025, login):
    assert "Lav indstillingen igen" in login("sara").get("/runder/2025/indstilling").text
    assert "Lav indstillingen igen" not in login("lise").get("/runder/2025/indstilling").text
    assert "Registrér beslutning" in login("carl").get("/runder/2025/beslutning").text
    assert "Registrér beslutning" not in login("sara").get("/runder/2025/beslutning").text


# --- rounds ------------------------------------------------------------------------------------------

def test_open_round_lists_it_and_logs_the_user(login, db):
    sara = login("sara")
    response = sara.post("/runder", OPEN_2025)
    assert response.url.path == "/runder/2025/import"
    page = sara.get("/")
    assert re.search(r'<a href="/runder/2025/indstilling">2025</a></th><td>Digitaliseringspuljen</td>\s*'
                     r'<td class="num">kr. 250.000</td>', page.text)
    assert _events(db) == [(1, "sara", "open", None)]


def test_open_round_validates_as_the_pool_file_does(login, db):
    sara = login("sara")
    response = sara.post("/runder", dict(OPEN_2025, round="../x", budget="250,000", partial_floor="150",
                                         w_citizen="0", w_employee="0", w_municipality="0", w_evidence="0",
                                         w_cross_cutting="0"))
    assert response.status_code == 200
    summary = response.text.split('class="error-summary"')[1].split("</div>")[0]
    assert ('<a href="#round">Rundens navn: runden &#39;../x&#39;: giv runden et navn med bogstaver, cifre, '
            '&#39;.&#39;, &#39;-&#39; eller &#39;_&#39; (højst 40), fx 2026</a>') in summary
    assert ('<a href="#budget">Budget (kr.): &#39;250,000&#39; kan læses på to måder (tusinder eller decimaler?) — '
            'skriv fx 140000 eller 140.000</a>') in summary
    assert 'id="budget" name="budget" value="250,000"' in response.text  # the value is kept
    assert 'aria-invalid="true"' in response.text
    assert _events(db) == []
    response = sara.post("/runder", dict(OPEN_2025, partial_floor="150"))
    assert response.status_code == 200
    assert '<a href="#partial_floor">' in response.text
    response = sara.post("/runder", dict(OPEN_2025, w_citizen="0", w_employee="0", w_municipality="0",
                                         w_evidence="0", w_cross_cutting="0"))
    assert '<a href="#w_citizen">' in response.text and "mindst én principvægt skal være over 0" in response.text
    assert _events(db) == []


def test_a_round_is_opened_once(login, english):
    sara = login("sara")
    sara.post("/runder", OPEN_2025)
    response = sara.post("/runder", OPEN_2025)
    assert response.status_code == 200
    assert "er allerede åbnet i" in response.text


def test_unknown_round_and_path_like_names_are_not_found(login, english):
    lise = login("lise")
    assert lise.get("/runder/2030/indstilling").status_code == 404
    assert lise.get("/runder/..%2F..%2Fetc/log").status_code == 404
    assert lise.get("/runder/2030/dokumenter/notat.html").status_code == 404


# --- import ------------------------------------------------------------------------------------------

def test_import_stores_the_sheet_and_logs_the_user(login, db):
    sara = login("sara")
    sara.post("/runder", OPEN_2025)
    response = sara.post("/runder/2025/import", files={"files": ("ansoegninger-2025.xlsx", sheet_2025())})
    assert response.status_code == 200
    assert "7 ansøgninger er importeret" in response.text
    assert '<th scope="row" class="key"><a href="/runder/2025/ansoegning/A1">A1</a></th>' in response.text
    events = _events(db)
    assert events[1] == (2, "sara", "import", None)
    assert all(actor == "sara" for _, actor, _, _ in events)


def _problems(html: str) -> list[str]:
    return re.findall(r'<tr id="problem-\d+" tabindex="-1">(.*?)</tr>', html)


def test_a_sheet_with_problems_is_not_stored_and_each_problem_is_linked(login, db, tmp_path):
    from tests.applications.sheets import HEADER, write_xlsx

    sara = login("sara")
    sara.post("/runder", OPEN_2025)
    path = write_xlsx(tmp_path / "x.xlsx", [HEADER, ["B1", "Letdialog", "Børn", "140,000"]])
    good = ("ansoegninger-2025.xlsx", sheet_2025())
    response = sara.post("/runder/2025/import", files=[("files", good), ("files", ("afd/../b.xlsx", path.read_bytes()))])
    assert response.status_code == 200
    assert "Intet er importeret" in response.text
    rows = _problems(response.text)
    assert len(rows) == 1
    assert rows[0].startswith("<td>b.xlsx</td><td>Ansøgninger</td><td>2</td><td>Ansøgt beløb (kr.)</td>")
    assert '<a href="#problem-1">b.xlsx, ark Ansøgninger, række 2, kolonne Ansøgt beløb (kr.):' in response.text
    assert str(tmp_path) not in response.text and "upload-" not in response.text
    assert len(_events(db)) == 1  # only the opening: nothing of the good file either


def test_hostile_uploads_get_a_clear_message_and_nothing_is_stored(login, db):
    sara = login("sara")
    sara.post("/runder", OPEN_2025)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (210 * 1024 * 1024))
    cases = [
        (("bombe.xlsx", bomb.getvalue()), "fylder 210.0 MB udpakket"),
        (("gammel.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100), "gammel .xls-projektmappe"),
        (("virus.exe", b"MZ"), "kan ikke læse &#39;.exe&#39;-filer: brug .xlsx, .xlsm, .csv, .pb eller en .zip med dem"),
        (("tekst.xlsx", b"not a workbook"), "ikke en Excel-projektmappe (.xlsx)"),
        (("mappe.zip", b"PK\x03\x04broken"), "zip-filen er beskadiget: lav den igen"),
    ]
    for upload, message in cases:
        response = sara.post("/runder/2025/import", files={"files": upload})
        assert response.status_code == 200, upload[0]
        assert message in response.text, upload[0]
    assert len(_events(db)) == 1


def test_an_oversized_upload_is_refused_at_the_http_layer(db, tmp_path):
    from starlette.testclient import TestClient

    from tests.web.conftest import PASSWORD as password
    from digipulje.web.app import create_app
    from digipulje.web.users import UserStore

    app = create_app(db, max_request_bytes=100_000)
    UserStore(db).add("sara", password, ("sekretariat",))
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    page = client.post("/login", data={"csrf": token, "name": "sara", "password": password})
    token = csrf_of(page.text)
    client.post("/runder", data={"csrf": token, **OPEN_2025})
    response = client.post("/runder/2025/import", data={"csrf": token},
                           files={"files": ("stor.xlsx", b"x" * 200_000)})
    assert response.status_code == 413
    assert "For stor fil" in response.text and "Intet er gemt" in response.text
    assert len(_events(db)) == 1


def test_a_folder_as_zip_is_imported(login, db):
    sara = login("sara")
    sara.post("/runder", OPEN_2025)
    folder = io.BytesIO()
    with zipfile.ZipFile(folder, "w") as archive:
        archive.writestr("ansøgninger/ansoegninger-2025.xlsx", sheet_2025())
        archive.writestr("ansøgninger/~$lås.xlsx", b"lock")
        archive.writestr("../../etc/evil.txt", b"ignored")
    response = sara.post("/runder/2025/import", files={"files": ("ansøgninger.zip", folder.getvalue())})
    assert response.status_code == 200, response.text
    assert "ansøgninger.zip: ansoegninger-2025.xlsx" in response.text


def test_reimport_replaces_only_with_a_reason_that_is_logged(round_2025, db, english):
    sara = round_2025
    files = {"files": ("ansoegninger-2025.xlsx", sheet_2025())}
    response = sara.post("/runder/2025/import", files=files)
    assert response.status_code == 200 and "er allerede i runde 2025" in response.text
    response = sara.post("/runder/2025/import", {"replace": "1"}, files=files)
    assert response.status_code == 200 and "skriv begrundelsen for at erstatte" in response.text
    count = len(_events(db))
    response = sara.post("/runder/2025/import", {"replace": "1", "reason": "Ny version fra Ældre"}, files=files)
    assert response.status_code == 200
    assert _events(db)[count] == (count + 1, "sara", "import", "Ny version fra Ældre")


def test_text_from_files_is_escaped(login, tmp_path):
    from tests.applications.sheets import HEADER, write_xlsx

    sara = login("sara")
    sara.post("/runder", OPEN_2025)
    path = write_xlsx(tmp_path / "x.xlsx", [HEADER, ["B1", "<script>alert(1)</script>", "Børn", 75000]])
    response = sara.post("/runder/2025/import", files={"files": ("x.xlsx", path.read_bytes())})
    assert response.status_code == 200
    assert "<script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


# --- recommendation, decision, documents, log ------------------------------------------------------

def test_recommendation_shows_the_2025_grants(round_2025):
    page = round_2025.get("/runder/2025/indstilling").text
    assert granted(page) == {"A1": "kr. 122.500", "A2": "kr. 0", "A3": "kr. 75.000", "A4": "kr. 12.500",
                             "A5": "kr. 40.000", "A6": "kr. 0", "A7": "kr. 0"}
    assert "I alt mod puljen på kr. 250.000" in page


def test_explanation_of_an_application(round_2025, login):
    page = login("lise").get("/runder/2025/ansoegning/A2")
    assert page.status_code == 200
    assert "A2 " in page.text and "Score" in page.text
    missing = login("lise").get("/runder/2025/ansoegning/A99")
    assert missing.status_code == 404 and "Der er ingen ansøgning A99 i runden" in missing.text


def test_the_chiefs_exclude_a4_and_record_the_decision(round_2025, login, db):
    carl = login("carl")
    reason = "Webintegration til IST Tjenestetid udgår; beløbet overgår til TOBS og triagering"
    response = carl.post("/runder/2025/beslutning/aendring", {"application": "A4", "action": "exclude",
                                                              "reason": reason, "decided_by": "Chefforum"})
    assert response.status_code == 200
    assert granted(response.text)["A1"] == "kr. 135.000"
    assert granted(response.text)["A4"] == "kr. 0"
    assert re.search(r'<td class="num">\+kr. 12.500</td>', response.text)  # what moved
    assert "den samlede score er" in response.text  # what the change costs
    before = len(_events(db))
    response = carl.post("/runder/2025/beslutning/registrer", {"decision_reason": "Chefforum 7. maj 2025, pkt. 6"})
    assert response.status_code == 200
    assert "Der er registreret en beslutning" in response.text
    events = _events(db)[before:]
    assert events == [(before + 1, "carl", "override", reason),
                      (before + 2, "carl", "decision", "Chefforum 7. maj 2025, pkt. 6")]
    memo = carl.get("/runder/2025/dokumenter/notat.html")
    assert memo.status_code == 200 and "135.000" in memo.text
    log = carl.get("/runder/2025/log").text
    assert "udtag A4 (Chefforum)" in log  # who decided; the log's actor is the chief who recorded it
    assert "Udtaget af Chefforum" in memo.text


def test_each_change_needs_a_reason_and_a_valid_amount(round_2025, login):
    carl = login("carl")
    response = carl.post("/runder/2025/beslutning/aendring", {"application": "A4", "action": "exclude", "reason": ""})
    assert response.status_code == 200
    assert '<a href="#reason">Begrundelse: skriv begrundelsen for ændringen</a>' in response.text
    response = carl.post("/runder/2025/beslutning/aendring", {"application": "A2", "action": "fix", "amount": "abc",
                                                              "reason": "x"})
    assert response.status_code == 200 and '<a href="#amount">' in response.text
    response = carl.post("/runder/2025/beslutning/aendring", {"application": "A9", "action": "exclude", "reason": "x"})
    assert response.status_code == 200 and "vælg en af rundens ansøgninger" in response.text
    response = carl.post("/runder/2025/beslutning/registrer", {"decision_reason": ""})
    assert response.status_code == 200 and '<a href="#decision_reason">' in response.text


def test_a_fixed_amount_is_re_solved_and_can_be_removed(round_2025, login):
    carl = login("carl")
    response = carl.post("/runder/2025/beslutning/aendring",
                         {"application": "A5", "action": "fix", "amount": "30.000", "reason": "Kun første fase"})
    assert granted(response.text)["A5"] == "kr. 30.000"
    assert granted(response.text)["A1"] == "kr. 132.500"
    response = carl.post("/runder/2025/beslutning/fjern", {"application": "A5"})
    assert granted(response.text)["A5"] == "kr. 40.000"
    assert "Ingen ændringer endnu" in response.text


def test_overrides_that_cannot_hold_are_named(round_2025, login, english):
    carl = login("carl")
    response = carl.post("/runder/2025/beslutning/aendring",
                         {"application": "A1", "action": "fix", "amount": "999.999", "reason": "x"})
    assert response.status_code == 200
    assert "mere end de ansøgte 140.000 kr." in response.text


def test_reasons_are_escaped(round_2025, login):
    carl = login("carl")
    response = carl.post("/runder/2025/beslutning/aendring",
                         {"application": "A4", "action": "exclude", "reason": "<img src=x onerror=alert(1)>"})
    assert "<img src=x" not in response.text and "&lt;img src=x onerror=alert(1)&gt;" in response.text


@pytest.mark.parametrize("name,media,start", [
    ("notat.html", "text/html", b"<!DOCTYPE html>"), ("notat.md", "text/markdown", b"# "),
    ("arbejdsbog.xlsx", "application/vnd.openxmlformats", b"PK\x03\x04"), ("runde.json", "application/json", b"{"),
])
def test_documents_download(round_2025, login, name, media, start):
    response = login("lise").get(f"/runder/2025/dokumenter/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert response.content.startswith(start)
    assert "attachment" in response.headers["content-disposition"] or name.endswith(".html")


def test_only_the_listed_documents_can_be_downloaded(round_2025, login):
    lise = login("lise")
    for name in ["..%2F..%2Fetc%2Fpasswd", "runde.db", "notat.pdf"]:
        assert lise.get(f"/runder/2025/dokumenter/{name}").status_code == 404


def test_a_changed_log_is_shown_on_every_round_page(round_2025, db, login, english):
    with sqlite3.connect(db) as connection:
        connection.execute("DROP TRIGGER events_are_never_changed")
        connection.execute("UPDATE events SET actor = 'mallory' WHERE seq = 2")
    for url in ROUND_PAGES[:-1]:
        page = login("lise").get(url).text
        assert "Beslutningsloggen er ændret uden om digipulje" in page
        assert "hændelse 2 (import, runde 2025" in page


def test_the_web_tables_leave_the_log_verifiable_from_the_command_line(round_2025, db):
    from typer.testing import CliRunner

    from digipulje.cli import app as cli_app

    result = CliRunner().invoke(cli_app, ["round", "verify", "--db", str(db)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as connection:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"events", "meta", "web_users", "web_sessions", "web_drafts"} <= tables


# --- language, headers ------------------------------------------------------------------------------

def test_english_by_the_users_choice(login):
    lise = login("lise")
    response = lise.post("/sprog", {"lang": "en", "next": "/"})
    assert response.status_code == 200
    assert '<html lang="en">' in response.text and "<h1>Rounds</h1>" in response.text
    assert "<h1>Rounds</h1>" in login("lise").get("/").text  # kept with the user


def test_security_headers(login):
    response = login("lise").get("/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"


# --- scenarios ---------------------------------------------------------------------------------------

def _scenario_granted(html: str) -> dict[str, str]:
    return dict(re.findall(r'<td class="num scenario-granted" data-id="([^"]+)">([^<]*)</td>', html))


def test_scenarios_start_from_the_rounds_pool(round_2025, login):
    page = login("lise").get("/runder/2025/scenarier")
    assert page.status_code == 200
    assert 'id="budget" name="budget" value="250.000"' in page.text
    assert _scenario_granted(page.text)["A1"] == "kr. 122.500"
    assert '<span class="tag">ændret</span>' not in page.text
    assert "<svg" in page.text and "<title>250.000: 265,0</title>" in page.text  # values on hover
    assert re.search(r'<th scope="row" class="num">kr. 250.000 \(puljen\)</th><td class="num">265,0</td>', page.text)
    assert '<th scope="row">1</th><td>A1, A3, A4, A5</td>' in page.text  # the best funded set first


def test_a_larger_budget_is_compared_side_by_side_with_differences_marked(round_2025, login, db):
    before = _events(db)
    query = {"budget": "300.000", "partial_floor": "80", "max_grants": "", "w_citizen": "1", "w_employee": "1",
             "w_municipality": "1", "w_evidence": "1", "w_cross_cutting": "1", "robusthed": "1"}
    page = login("lise").get("/runder/2025/scenarier", params=query)
    assert page.status_code == 200
    granted_there = _scenario_granted(page.text)
    assert granted_there["A1"] == "kr. 140.000"
    assert re.search(r'<tr class="moved">\s*<th scope="row" class="key"><a href="/runder/2025/ansoegning/A1">A1</a> <span class="tag">ændret</span>', page.text)
    assert "Får tilskud, når vægtene varierer" in page.text and "100 %" in page.text
    assert "den andel af 100 vægttræk omkring scenariets vægte (spredning 0,25, frø 2025)" in page.text
    assert _events(db) == before  # a scenario stores nothing


def test_a_link_with_only_a_budget_keeps_the_rest_of_the_rounds_pool(round_2025, login):
    page = login("lise").get("/runder/2025/scenarier", params={"budget": "300.000"})
    assert page.status_code == 200
    assert 'id="budget" name="budget" value="300.000"' in page.text and 'value="80"' in page.text
    assert "error-summary" not in page.text
    assert _scenario_granted(page.text)["A1"] == "kr. 140.000"  # as with every field sent (above)
    sent_empty = login("lise").get("/runder/2025/scenarier", params={"budget": "300.000", "partial_floor": ""})
    assert "error-summary" in sent_empty.text  # a field sent empty is still a mistake


def test_a_scenario_with_mistakes_says_which_field(round_2025, login):
    page = login("lise").get("/runder/2025/scenarier", params={"budget": "mange", "partial_floor": "x",
                                                               "max_grants": "", "w_citizen": "1", "w_employee": "1",
                                                               "w_municipality": "1", "w_evidence": "1",
                                                               "w_cross_cutting": "1"})
    assert page.status_code == 200
    assert '<a href="#budget">' in page.text and '<a href="#partial_floor">' in page.text
    assert "scenario-granted" not in page.text


# --- the council members' ratings ---------------------------------------------------------------------

CRITERIA = ("citizen", "employee", "municipality", "evidence", "cross_cutting")


def _ratings(application: str, *values: int) -> dict[str, str]:
    return {"application": application, **{f"rating_{k}": str(v) for k, v in zip(CRITERIA, values)}}


def test_a_council_member_rates_with_the_anchored_scale_beside_each_choice(round_2025, login, db):
    bent = login("bent")
    page = bent.get("/runder/2025/bedoemmelse?ansoegning=A3")
    assert '<label for="rating_citizen-4"><strong>4</strong> – stor effekt for borgernes sikkerhed' in page.text
    response = bent.post("/runder/2025/bedoemmelse", _ratings("A3", 4, 3, 2, 1, 0))
    assert response.status_code == 200 and response.url.path == "/runder/2025/bedoemmelse"
    seq, actor, kind, _ = _events(db)[-1]
    assert (actor, kind) == ("bent", "rating")
    again = bent.get("/runder/2025/bedoemmelse?ansoegning=A3").text
    assert 'id="rating_citizen-4" name="rating_citizen" value="4" checked' in again  # the latest rating is shown
    assert "bedømmelse" in bent.get("/runder/2025/log").text
    from typer.testing import CliRunner

    from digipulje.cli import app as cli_app

    history = CliRunner().invoke(cli_app, ["round", "history", "2025", "--db", str(db)])
    assert history.exit_code == 0
    assert "bedømmelse" in history.stdout
    assert ("A3: Borger 4, Medarbejder 3, Kommune 2, Dokumenteret effekt 1, Tværgående behov 0 "
            "(bent, Ældre, Social & Sundhed)") in history.stdout
    assert CliRunner().invoke(cli_app, ["round", "show", "2025", "--db", str(db)]).exit_code == 0


def test_recusal_for_the_members_own_department_is_enforced_by_the_server(round_2025, login, db):
    bent = login("bent")  # from Ældre, Social & Sundhed, which applied for A1
    assert "bedømmer derfor ikke A1" in bent.get("/runder/2025/bedoemmelse?ansoegning=A1").text
    before = _events(db)
    response = bent.post("/runder/2025/bedoemmelse", _ratings("A1", 4, 4, 4, 4, 4))
    assert response.status_code == 403
    assert "Du er fra ansøgerens egen afdeling og bedømmer derfor ikke A1" in response.text
    assert _events(db) == before


def test_every_principle_must_be_rated(round_2025, login, db):
    bent = login("bent")
    before = _events(db)
    response = bent.post("/runder/2025/bedoemmelse", {"application": "A3", "rating_citizen": "5"})
    assert response.status_code == 200
    assert '<a href="#rating_citizen">Borger: vælg en bedømmelse fra 0 til 4</a>' in response.text
    assert _events(db) == before


def test_the_overview_shows_aggregates_spreads_and_who_has_not_rated(round_2025, login, db):
    from digipulje.web.users import UserStore

    UserStore(db).add("berit", PASSWORD, ("bedømmer",), department="Teknik og Miljø", new_department=True)
    login("bent").post("/runder/2025/bedoemmelse", _ratings("A3", 4, 3, 2, 1, 0))
    page = login("lise").get("/runder/2025/bedoemmelse").text
    row = page.split('ansoegning/A3">A3</a>')[1].split("</tr>")[0]
    assert '<td class="num">4,0</td>' in row and "<td>berit</td>" in row
    a1 = page.split('ansoegning/A1">A1</a>')[1].split("</tr>")[0]
    assert "berit" in a1 and "(inhabil: bent)" in a1
    login("berit").post("/runder/2025/bedoemmelse", _ratings("A3", 1, 3, 2, 1, 0))
    page = login("lise").get("/runder/2025/bedoemmelse").text
    row = page.split('ansoegning/A3">A3</a>')[1].split("</tr>")[0]
    assert '<span class="tag">drøftes</span>' in row and '<span class="tag">1–4</span>' in row
    assert '<td class="num">2,5 <span class="tag">1–4</span></td>' in row


def test_the_recommendation_is_scored_from_the_ratings_and_replays(round_2025, login, db):
    from typer.testing import CliRunner

    from digipulje.cli import app as cli_app

    login("bent").post("/runder/2025/bedoemmelse", _ratings("A5", 0, 0, 0, 0, 0))
    sara = round_2025
    sara.post("/runder/2025/indstilling")
    seq = _events(db)[-1][0]
    page = sara.get("/runder/2025/indstilling").text
    assert granted(page)["A5"] == "kr. 0"  # rated 0 everywhere by the council: not recommended any more
    result = CliRunner().invoke(cli_app, ["round", "replay", "2025", "--event", str(seq), "--db", str(db)])
    assert result.exit_code == 0, result.output


def test_every_page_in_english(round_2025, login):
    lise = login("lise")
    lise.post("/sprog", {"lang": "en", "next": "/"})
    for url in ["/", *ROUND_PAGES]:
        page = lise.get(url)
        assert page.status_code == 200, url
        assert '<html lang="en">' in page.text and "The decision log is intact" in page.text, url
    assert "<h1>The recommendation – round 2025</h1>" in lise.get("/runder/2025/indstilling").text
    assert "DKK 122,500" in lise.get("/runder/2025/indstilling").text


def test_a_scenario_can_hold_the_chiefs_recorded_changes(round_2025, login, english):
    carl = login("carl")
    carl.post("/runder/2025/beslutning/aendring", {"application": "A4", "action": "exclude",
                                                   "reason": "Udgår", "decided_by": "Chefforum"})
    carl.post("/runder/2025/beslutning/registrer", {"decision_reason": "Chefforum"})
    query = {"budget": "250.000", "partial_floor": "80", "max_grants": "", "w_citizen": "1", "w_employee": "1",
             "w_municipality": "1", "w_evidence": "1", "w_cross_cutting": "1"}
    page = carl.get("/runder/2025/scenarier", params=query).text
    assert "Med chefernes registrerede ændringer (1)" in page
    assert _scenario_granted(page)["A4"] == "kr. 12.500"  # the pool's own terms, no changes
    page = carl.get("/runder/2025/scenarier", params={**query, "beslutning": "1"}).text
    granted_there = _scenario_granted(page)
    assert granted_there["A4"] == "kr. 0"
    # with the chiefs' changes a scenario is their decision there, as `decide` gives it: the same
    # grants as the recorded decision (A4's 12.500 kr. to A1), never another tie's
    assert granted_there["A1"] == "kr. 135.000" and granted_there["A5"] == "kr. 40.000"
    # and the best funded sets there start from that decision, not from the recommendation
    assert '<th scope="row">1</th><td>A1, A3, A5</td>' in page
    carl.post("/runder/2025/beslutning/genaabn", {"reopen_reason": "Chefforum genoptager punktet"})
    carl.post("/runder/2025/beslutning/aendring", {"application": "A1", "action": "fix", "amount": "140.000",
                                                   "reason": "Fuldt beløb", "decided_by": "Chefforum"})
    carl.post("/runder/2025/beslutning/registrer", {"decision_reason": "Chefforum, igen"})
    page = carl.get("/runder/2025/scenarier", params={**query, "budget": "50.000", "beslutning": "1"}).text
    assert '<a href="#with_decision">Med chefernes registrerede ændringer: overstyringerne kan ikke alle overholdes' in page
    assert "scenario-granted" not in page


# --- the routes ------------------------------------------------------------------------------------

def test_every_route_has_a_name_of_its_own_and_templates_link_by_name(app):
    """A page's path is written once, where its family names its route: templates ask `url_for`."""
    from pathlib import Path

    from starlette.routing import Route

    router = app.app.app.app.router  # inside the security headers, the same-origin check and the body limit
    names = [r.name for r in router.routes if isinstance(r, Route)]
    assert len(names) == len(set(names)) and "decision" in names and "application_list" in names
    templates = Path(__file__).resolve().parents[2] / "web" / "templates"
    literal = [f"{t.name}: {m}" for t in sorted(templates.glob("*.html"))
               for m in re.findall(r'(?:href|action)="/[^"]*"', t.read_text(encoding="utf-8"))]
    assert literal == []



def test_a_round_named_in_danish_is_opened_linked_and_downloaded(login, db):
    sara = login("sara")
    response = sara.post("/runder", dict(OPEN_2025, round="prøve-2026"))
    assert response.url.path == "/runder/prøve-2026/import"
    sheet = {"files": ("ansoegninger-2025.xlsx", sheet_2025())}
    assert sara.post("/runder/prøve-2026/import", files=sheet).status_code == 200
    assert sara.post("/runder/prøve-2026/indstilling").status_code == 200
    assert 'href="/runder/pr%C3%B8ve-2026/indstilling">prøve-2026</a>' in sara.get("/").text
    download = sara.get("/runder/prøve-2026/dokumenter/runde.json")
    assert download.status_code == 200
    assert download.headers["content-disposition"] == (
        "attachment; filename=\"digipulje-pr_ve-2026-runde.json\"; filename*=UTF-8''digipulje-pr%C3%B8ve-2026-runde.json")
