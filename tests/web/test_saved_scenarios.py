"""Named scenarios saved in a round: side by side on the scenario page, logged, in the workbook."""

from __future__ import annotations

import io
import re
import sqlite3

import pytest

QUERY = {"budget": "250.000", "partial_floor": "80", "max_grants": "", "w_citizen": "1", "w_employee": "1",
         "w_municipality": "1", "w_evidence": "1", "w_cross_cutting": "1"}


def _events(db) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT seq, actor, kind, reason FROM events ORDER BY seq").fetchall()


def _saved_grants(html: str) -> dict[tuple[str, int], str]:
    return {(i, int(c)): text for i, c, text in re.findall(
        r'<td class="num saved-granted" data-id="([^"]+)" data-column="(\d+)">([^<]*)</td>', html)}


def _state(db, round="2025"):
    from digipulje.rounds.rounds import read_round
    from digipulje.rounds.store import RoundStore

    store = RoundStore.open(db)
    try:
        return read_round(store, round)
    finally:
        store.close()


def _compared(db, *scenarios):
    """The saved scenarios as `meeting.compare_saved` gives them, in-process."""
    from digipulje.meeting.scenarios import compare_saved
    from digipulje.analyses.scenarios import Round

    state = _state(db)
    base = Round(tuple(state.applications.values()), state.pool, (), tuple(state.assessments()))
    return compare_saved(base, scenarios)


def test_a_reader_saves_a_scenario_and_sees_it_beside_the_rounds_pool(round_2025, login, db):
    from digipulje.analyses.scenarios import Scenario

    lise = login("lise")
    before = _events(db)
    response = lise.post("/runder/2025/scenarier/gem", {**QUERY, "budget": "300.000", "scenario_name": "Pulje 300.000"})
    assert response.status_code == 200 and response.url.path == "/runder/2025/scenarier"
    _seq, actor, kind, _reason = _events(db)[-1]
    assert len(_events(db)) == len(before) + 1 and (actor, kind) == ("lise", "scenario")
    page = response.text
    assert "<h2 id=\"gemte\">Gemte scenarier side om side</h2>" in page
    assert re.search(r'<th scope="col" class="num">Rundens pulje</th><th scope="col" class="num">Pulje 300.000<br>',
                     page)
    expected = _compared(db, Scenario(name="Pulje 300.000", budget_dkk=300_000))
    shown = _saved_grants(page)
    for column, result in enumerate(expected.results):
        for d in result.allocation.decisions:
            assert shown[(d.id, column)] == f"kr. {d.granted_dkk:,}".replace(",", "."), (d.id, column)
    assert shown[("A1", 0)] == "kr. 122.500" and shown[("A1", 1)] == "kr. 140.000"
    assert "gemt af lise" in page
    log = lise.get("/runder/2025/log").text
    assert "scenariet &#39;Pulje 300.000&#39; er gemt: kr. 300.000" in log


def test_a_scenario_saved_with_the_chiefs_changes_is_their_decision_under_its_terms(round_2025, login, db):
    carl = login("carl")
    carl.post("/runder/2025/beslutning/aendring", {"application": "A4", "action": "exclude",
                                                   "reason": "Udgår", "decided_by": "Chefforum"})
    carl.post("/runder/2025/beslutning/registrer", {"decision_reason": "Chefforum"})
    page = carl.post("/runder/2025/scenarier/gem", {**QUERY, "beslutning": "1", "scenario_name": "Med ændringer"}).text
    shown = _saved_grants(page)
    # the recorded decision's grants (A4's 12.500 kr. to A1), as decide gives them
    decision = _state(db).decision.allocation.granted_by_id()
    assert {i: g for (i, c), g in shown.items() if c == 1} == {
        i: f"kr. {v:,}".replace(",", ".") for i, v in decision.items()}
    assert shown[("A4", 1)] == "kr. 0" and shown[("A4", 0)] == "kr. 12.500"
    assert "med chefernes ændringer (1)" in page


def test_at_most_four_are_saved_and_a_name_saved_again_replaces_it(round_2025, login, db):
    sara = login("sara")
    for n, budget in enumerate(("200.000", "225.000", "275.000", "300.000")):
        assert sara.post("/runder/2025/scenarier/gem", {**QUERY, "budget": budget,
                                                        "scenario_name": f"S{n}"}).status_code == 200
    count = len(_events(db))
    page = sara.post("/runder/2025/scenarier/gem", {**QUERY, "budget": "310.000", "scenario_name": "S5"}).text
    assert ('<a href="#scenario_name">Scenariets navn: runde 2025 har allerede 4 gemte scenarier (S0, S1, S2, S3): '
            'slet et først</a>') in page
    assert len(_events(db)) == count
    page = sara.post("/runder/2025/scenarier/gem", {**QUERY, "budget": "150.000", "scenario_name": "S0"}).text
    table = page[page.index('<table class="table saved-scenarios">'):]
    headers = re.findall(r'<th scope="col" class="num">([^<]+)<', table[:table.index("</thead>")])
    assert headers == ["Rundens pulje", "S1", "S2", "S3", "S0"]  # saved again: moved last, with its new terms
    assert "kr. 150.000" in page


def test_a_scenario_is_deleted_and_the_log_says_who_deleted_it(round_2025, login, db):
    lise = login("lise")
    lise.post("/runder/2025/scenarier/gem", {**QUERY, "budget": "300.000", "scenario_name": "Stor pulje"})
    page = lise.post("/runder/2025/scenarier/slet", {"scenario_name": "Stor pulje"}).text
    assert "Gemte scenarier side om side" not in page
    assert _events(db)[-1][1:3] == ("lise", "scenario")
    assert "scenariet &#39;Stor pulje&#39; er slettet" in lise.get("/runder/2025/log").text
    again = lise.post("/runder/2025/scenarier/slet", {"scenario_name": "Stor pulje"})
    assert again.status_code == 400 and "runde 2025 har intet gemt scenarie ved navn &#39;Stor pulje&#39;" in again.text


def test_saving_needs_a_name_and_sound_terms(round_2025, login, db):
    lise = login("lise")
    count = len(_events(db))
    page = lise.post("/runder/2025/scenarier/gem", {**QUERY, "scenario_name": "  "}).text
    assert '<a href="#scenario_name">Scenariets navn: giv scenariet et navn' in page
    page = lise.post("/runder/2025/scenarier/gem", {**QUERY, "budget": "mange", "scenario_name": "X"}).text
    assert '<a href="#budget">' in page
    assert len(_events(db)) == count


@pytest.mark.parametrize("name", ["bent"])
def test_an_assessor_may_not_save_or_delete(round_2025, login, name):
    bent = login(name)
    assert bent.post("/runder/2025/scenarier/gem", {**QUERY, "scenario_name": "X"}).status_code == 403
    assert bent.post("/runder/2025/scenarier/slet", {"scenario_name": "X"}).status_code == 403
    assert "Gem dette scenarie" not in bent.get("/runder/2025/scenarier").text


def test_the_workbook_holds_the_saved_scenarios_and_the_budget_curve(round_2025, login, db):
    from digipulje.meeting.scenarios import budget_curve_of
    from digipulje.analyses.scenarios import Round, Scenario
    from openpyxl import load_workbook

    lise = login("lise")
    lise.post("/runder/2025/scenarier/gem", {**QUERY, "budget": "300.000", "scenario_name": "Pulje 300.000"})
    response = lise.get("/runder/2025/dokumenter/arbejdsbog.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Scenarier"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    expected = _compared(db, Scenario(name="Pulje 300.000", budget_dkk=300_000))
    assert [r[0] for r in body] == ["Rundens pulje", "Pulje 300.000"]
    for row, result in zip(body, expected.results):
        granted = result.allocation.granted_by_id()
        assert row[1:3] == (result.allocation.budget_dkk, result.allocation.granted_dkk)
        assert {h: v for h, v in zip(header[6:], row[6:])} == {i: granted.get(i) for i in header[6:]}
    state = _state(db)
    stored = state.recommendation
    curve = budget_curve_of(Round(stored.applications, stored.pool, stored.overrides, stored.assessments),
                            stored.with_details)
    points = list(book["Budgetkurve"].iter_rows(values_only=True))[1:]
    assert len(points) > 3
    assert [(b, pytest.approx(s)) for b, s in points] == sorted((p.budget_dkk, p.total_score) for p in curve.points)


def test_the_long_steps_say_they_are_busy_without_needing_javascript(round_2025, login):
    sara = login("sara")
    for url in ("/runder/2025/scenarier", "/runder/2025/import", "/runder/2025/indstilling", "/runder/2025/dokumenter"):
        page = sara.get(url).text
        assert 'data-busy' in page, url
        assert '<p class="busy-status" role="status" aria-live="polite" data-busy-text="Beregner …"></p>' in page, url
        assert '<script src="/static/busy.js" defer></script>' in page
    scenario_form = re.search(r'<form method="get" action="/runder/2025/scenarier"[^>]*>', sara.get(
        "/runder/2025/scenarier").text).group(0)
    assert "data-busy" in scenario_form  # an ordinary form: it is sent without the script
    assert sara.get("/static/busy.js").status_code == 200


def test_the_round_report_command_writes_the_same_scenario_sheets_as_the_web(round_2025, login, db, tmp_path):
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from digipulje.cli import app as cli_app

    lise = login("lise")
    lise.post("/runder/2025/scenarier/gem", {**QUERY, "w_citizen": "3", "scenario_name": "Borgerne vægter tre"})
    web = load_workbook(io.BytesIO(lise.get("/runder/2025/dokumenter/arbejdsbog.xlsx").content))
    out = tmp_path / "arbejdsbog.xlsx"
    result = CliRunner().invoke(cli_app, ["round", "report", "2025", "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    for sheet in ("Scenarier", "Budgetkurve"):
        rows = list(book[sheet].iter_rows(values_only=True))
        assert rows == list(web[sheet].iter_rows(values_only=True)) and len(rows) > 2, sheet
    assert [r[0] for r in list(book["Scenarier"].iter_rows(values_only=True))[1:]] == ["Rundens pulje",
                                                                                        "Borgerne vægter tre"]
