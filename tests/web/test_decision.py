"""The recorded decision on its pages, its reopening, and no lost update: a change or a decision
made on a page that is no longer the round (or the chief's changes) as they are is refused,
saying who changed what, and the page shows things as they are now."""

from __future__ import annotations

import re
import sqlite3
import threading

import pytest

from tests.web.conftest import PASSWORD, granted

A4_OUT = {"application": "A4", "action": "exclude", "reason": "IST-integrationen udgår", "decided_by": "Chefforum"}


def _events(db):
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT seq, actor, kind, reason FROM events ORDER BY seq").fetchall()


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden field {name}"
    return match.group(1)


def _alert(html: str) -> str:
    match = re.search(r'<div class="alert alert-error" role="alert" id="conflict"><p>(.*?)</p>', html, re.S)
    assert match, "no refusal on the page"
    return match.group(1)


@pytest.fixture
def karen(app, db, login):
    """A second chief."""
    from digipulje.web.users import UserStore

    UserStore(db).add("karen", PASSWORD, ("chef",))
    return login("karen")


def _decide_a4_out(carl):
    assert carl.post("/runder/2025/beslutning/aendring", A4_OUT).status_code == 200
    return carl.post("/runder/2025/beslutning/registrer", {"decision_reason": "Chefforum 7. maj 2025, pkt. 6"})


def test_the_decision_page_shows_the_recorded_decision_not_the_recommendation(round_2025, login, db):
    carl = login("carl")
    page = _decide_a4_out(carl)
    assert page.status_code == 200
    shown = granted(page.text)
    assert shown == {"A1": "kr. 135.000", "A2": "kr. 0", "A3": "kr. 75.000", "A4": "kr. 0", "A5": "kr. 40.000",
                     **{k: v for k, v in shown.items() if k not in ("A1", "A2", "A3", "A4", "A5")}}
    assert "Den registrerede beslutning" in page.text
    assert "Registrér beslutning" not in page.text and "Genåbn beslutningen" in page.text
    assert "A4</strong>: udtaget – IST-integrationen udgår (Chefforum)" in page.text
    # every reader sees the decided amounts too, and the recommendation page names the decision
    for name in ("lise", "sara"):
        assert granted(login(name).get("/runder/2025/beslutning").text)["A1"] == "kr. 135.000"
    recommendation = login("lise").get("/runder/2025/indstilling").text
    notice = re.search(r'<div class="alert alert-success" role="status" id="recorded-decision">(.*?)</div>',
                       recommendation, re.S).group(1)
    assert "Cheferne registrerede deres beslutning" in notice
    assert "A1 kr. 135.000, A3 kr. 75.000, A5 kr. 40.000" in notice
    assert granted(recommendation)["A1"] == "kr. 122.500"  # the recommendation itself is unchanged


def test_recording_again_is_refused_until_the_decision_is_reopened(round_2025, login, db):
    carl = login("carl")
    _decide_a4_out(carl)
    before = _events(db)
    # no changes, a changed one: neither replaces the recorded decision
    again = carl.post("/runder/2025/beslutning/registrer", {"decision_reason": "Igen"})
    assert again.status_code == 409
    assert "har allerede en registreret beslutning" in _alert(again.text)
    assert "genåbn den med en begrundelse" in _alert(again.text)
    change = carl.post("/runder/2025/beslutning/aendring", {**A4_OUT, "application": "A1", "action": "include"})
    assert change.status_code == 409
    assert _alert(change.text) == "Der er registreret en beslutning: genåbn den med en begrundelse, før du ændrer den"
    assert granted(again.text)["A1"] == "kr. 135.000"
    assert _events(db) == before


def test_reopening_needs_a_reason_is_logged_and_starts_from_the_decision(round_2025, login, db):
    carl = login("carl")
    _decide_a4_out(carl)
    before = len(_events(db))
    empty = carl.post("/runder/2025/beslutning/genaabn", {"reopen_reason": "  "})
    assert empty.status_code == 200
    assert "Giv begrundelsen for at genåbne beslutningen, fx mødet og dagsordenspunktet" in empty.text
    assert len(_events(db)) == before
    assert login("lise").post("/runder/2025/beslutning/genaabn", {"reopen_reason": "x"}).status_code == 403

    page = carl.post("/runder/2025/beslutning/genaabn", {"reopen_reason": "Chefforum 14. maj, pkt. 3"})
    assert page.status_code == 200
    assert _events(db)[before:] == [(before + 1, "carl", "reopen", "Chefforum 14. maj, pkt. 3")]
    assert f"Beslutningen i hændelse {before} blev genåbnet" in page.text
    assert "Ingen beslutning gælder, før cheferne registrerer en ny." in page.text
    # the reopening chief's changes start from the decision's: the preview is the decision again
    assert granted(page.text)["A1"] == "kr. 135.000" and "Registrér beslutning" in page.text
    log = carl.get("/runder/2025/log").text
    assert "beslutning genåbnet" in log and f"beslutningen i hændelse {before} er sat til side" in log

    fix = carl.post("/runder/2025/beslutning/aendring", {"application": "A1", "action": "fix", "amount": "140.000",
                                                         "reason": "Fuldt beløb", "decided_by": "Chefforum"})
    assert granted(fix.text)["A1"] == "kr. 140.000"
    recorded = carl.post("/runder/2025/beslutning/registrer", {"decision_reason": "Chefforum 14. maj, pkt. 3"})
    assert recorded.status_code == 200 and granted(recorded.text)["A1"] == "kr. 140.000"
    kinds = [e[2] for e in _events(db)]
    assert kinds.count("decision") == 2 and kinds[-1] == "decision"


def test_a_decision_on_a_page_that_is_out_of_date_is_refused_naming_who(round_2025, login, karen, db):
    carl = login("carl")
    page = carl.get("/runder/2025/beslutning").text
    seen = _hidden(page, "seen_event")
    assert _decide_a4_out(karen).status_code == 200  # karen records while carl's page is open
    before = _events(db)
    late = carl.post("/runder/2025/beslutning/registrer", {"decision_reason": "Chefforum", "seen_event": seen,
                                                           "draft_version": _hidden(page, "draft_version")})
    assert late.status_code == 409
    message = _alert(late.text)
    assert message.startswith(f"Runden er ændret, efter siden blev vist: hændelse {int(seen) + 1} (ændring) af karen")
    assert "udtag A4 (Chefforum)" in message and "Intet er gemt." in message
    assert granted(late.text)["A1"] == "kr. 135.000"  # the page shows the decision as it is
    assert _events(db) == before


def test_a_change_from_a_tab_shown_before_another_change_is_refused(round_2025, login, db):
    carl = login("carl")
    page = carl.get("/runder/2025/beslutning").text
    version = _hidden(page, "draft_version")
    first = carl.post("/runder/2025/beslutning/aendring", {**A4_OUT, "draft_version": version}, follow_redirects=False)
    assert first.status_code == 303
    second = carl.post("/runder/2025/beslutning/aendring",
                       {"application": "A2", "action": "include", "reason": "r", "draft_version": version})
    assert second.status_code == 409
    message = _alert(second.text)
    assert message.startswith("Dine ændringer blev ændret i et andet vindue eller faneblad (")
    assert "): udtag A4. Intet er gemt fra dette." in message
    assert re.search(r"\d{4} kl\. \d\d\.\d\d\)", message)  # Danish local time
    assert "<strong>A4</strong>" in second.text and "<strong>A2</strong>" not in second.text
    removed = carl.post("/runder/2025/beslutning/fjern", {"application": "A4", "draft_version": version})
    assert removed.status_code == 409  # a removal from the old tab too
    assert "<strong>A4</strong>" in removed.text


def _client_of(browser):
    from starlette.testclient import TestClient

    client = TestClient(browser.client.app, base_url="http://testserver")
    client.cookies = browser.client.cookies
    return client


def test_one_chief_in_eight_tabs_making_eight_changes_at_once(round_2025, login, db):
    carl = login("carl")
    page = carl.get("/runder/2025/beslutning").text
    shown = {"seen_event": _hidden(page, "seen_event"), "draft_version": _hidden(page, "draft_version")}
    ids = re.findall(r'<option value="([^"]+)"', page)
    tabs = [(i, "include") for i in ids[:7]] + [("A1", "exclude")]  # the round has 7 applications
    results: dict[tuple[str, str], int] = {}
    texts: dict[tuple[str, str], str] = {}
    start = threading.Barrier(8)

    def change(application: str, action: str) -> None:
        client = _client_of(carl)
        start.wait()
        response = client.post("/runder/2025/beslutning/aendring", follow_redirects=False,
                               data={"csrf": carl.csrf, "application": application, "action": action,
                                     "reason": f"faneblad {application}", **shown})
        results[application, action], texts[application, action] = response.status_code, response.text

    threads = [threading.Thread(target=change, args=tab) for tab in tabs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    accepted = [a for a, status in results.items() if status == 303]
    assert len(accepted) == 1 and sorted(results.values()) == [303] + [409] * 7
    from digipulje.web.users import UserStore

    kept = UserStore(db).draft("2025", "carl")
    assert [(o["application"], o["action"]) for o in kept] == accepted  # what was answered OK is what was kept
    application, action = accepted[0]
    said = {"include": f"tag {application} med", "exclude": f"udtag {application}"}[action]
    for tab, status in results.items():
        if status == 409:
            assert f"{said}. Intet er gemt fra dette." in _alert(texts[tab])


def test_two_chiefs_recording_at_once(round_2025, login, karen, db):
    carl = login("carl")
    assert carl.post("/runder/2025/beslutning/aendring", A4_OUT).status_code == 200
    pages = {"carl": carl.get("/runder/2025/beslutning").text, "karen": karen.get("/runder/2025/beslutning").text}
    browsers = {"carl": carl, "karen": karen}
    results: dict[str, tuple[int, str]] = {}
    start = threading.Barrier(2)

    def record(name: str) -> None:
        client = _client_of(browsers[name])
        start.wait()
        response = client.post("/runder/2025/beslutning/registrer", follow_redirects=False,
                               data={"csrf": browsers[name].csrf, "decision_reason": f"Chefforum ({name})",
                                     "seen_event": _hidden(pages[name], "seen_event"),
                                     "draft_version": _hidden(pages[name], "draft_version")})
        results[name] = (response.status_code, response.text)

    threads = [threading.Thread(target=record, args=(n,)) for n in browsers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(status for status, _ in results.values()) == [303, 409]
    winner = next(n for n, (status, _) in results.items() if status == 303)
    loser = next(n for n in browsers if n != winner)
    assert f"af {winner}" in _alert(results[loser][1])
    decisions = [e for e in _events(db) if e[2] == "decision"]
    assert [(actor, reason) for _, actor, _, reason in decisions] == [(winner, f"Chefforum ({winner})")]


def test_changes_made_on_an_older_recommendation_are_flagged(round_2025, login, db):
    carl = login("carl")
    page = carl.post("/runder/2025/beslutning/aendring", A4_OUT).text
    assert 'id="remade"' not in page
    made_on = next(seq for seq, _, kind, _ in _events(db) if kind == "allocation")
    assert round_2025.post("/runder/2025/indstilling").status_code == 200  # the secretariat makes it again
    again = max(seq for seq, _, kind, _ in _events(db) if kind == "allocation")
    page = carl.get("/runder/2025/beslutning").text
    assert (f"Dine ændringer blev lavet på indstillingen i hændelse {made_on}; sekretariatet har lavet den igen "
            f"siden (hændelse {again}). Se dem igennem, før du registrerer beslutningen.") in page
    assert "<strong>A4</strong>" in page  # kept, to be looked over
    page = carl.post("/runder/2025/beslutning/aendring", {**A4_OUT, "reason": "Set igen"}).text
    assert 'id="remade"' not in page  # a change made now is made on the recommendation as it is
