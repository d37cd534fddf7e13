"""A made-up round in Chromium, from the sheet to the recorded decision, checked against `decide`.

Sixteen applications written as departments write them, with ties (equal ratings, equal
requests), are imported through the import page as a file; one is rated in the browser; the
recommendation is made; the chiefs include one the council did not fund and exclude one it did,
and record the decision. The decision page must show exactly what `decide` gives in-process for
the same round and overrides. On the way two scenarios are saved and shown side by side, and the
busy state of a long step is checked. Every new page state is checked with axe-core at 1280 and
390 px (`Visit`).
"""

from __future__ import annotations

import os
from pathlib import Path

from digipulje.base.money import format_dkk

from tests.web.made_up_round import BUDGET, write_sheet
from tests.web.test_browser import Visit, browser, pytestmark, server  # noqa: F401 (fixtures, the skip)

CHANGED_BY = "Chefforum 12. juni 2025, punkt 4"


def _state(db: Path, round: str = "2026"):
    from digipulje.rounds.rounds import read_round
    from digipulje.rounds.store import RoundStore

    store = RoundStore.open(db)
    try:
        return read_round(store, round)
    finally:
        store.close()


def test_a_made_up_round_from_its_sheet_to_a_decision_equal_to_decide(server, browser, tmp_path):  # noqa: F811
    from digipulje.pool.allocating import decide
    from digipulje.pool.allocation import Status
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    folder = Path(os.environ.get("DIGIPULJE_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    sheet = write_sheet(tmp_path / "ansøgninger 2026 (rettet).xlsx")
    db = tmp_path / "runde.db"  # the server's database
    visit = Visit(browser, folder)
    find, find_all = browser.find_element, browser.find_elements

    def go(element) -> None:
        browser.execute_script("window.digipuljeOldPage = true;")
        element.click()
        WebDriverWait(browser, 60).until(lambda d: d.execute_script(
            "return window.digipuljeOldPage === undefined && document.readyState === 'complete';"))

    def button(text: str):
        return find(By.XPATH, f"//button[normalize-space()='{text}']")

    def shown_grants() -> dict[str, str]:
        return {td.get_attribute("data-id"): td.text for td in find_all(By.CSS_SELECTOR, "td.granted[data-id]")}

    from tests.web.conftest import PASSWORD

    browser.get(server + "/")
    find(By.ID, "name").send_keys("anna")
    find(By.ID, "password").send_keys(PASSWORD)
    go(find(By.CSS_SELECTOR, "main button"))

    # open the round and import the sheet as a file
    find(By.ID, "round").send_keys("2026")
    budget = find(By.ID, "budget")
    budget.clear()
    budget.send_keys(BUDGET)
    go(find(By.CSS_SELECTOR, "form[action='/runder'] button"))
    find(By.ID, "files").send_keys(str(sheet))
    form = find(By.CSS_SELECTOR, "form[data-busy]")
    # the busy state, seen while the form is being sent (after the page's own handler: on the window)
    browser.execute_script("window.digipuljeOldPage = true;"
                           "window.addEventListener('submit', () => { window.digipuljeBusy ="
                           " [arguments[0].getAttribute('aria-busy'), arguments[0].querySelector('[role=status]')"
                           ".textContent]; sessionStorage.setItem('busy', JSON.stringify(window.digipuljeBusy)); });",
                           form)
    form.find_element(By.TAG_NAME, "button").click()
    WebDriverWait(browser, 60).until(lambda d: d.execute_script(
        "return window.digipuljeOldPage === undefined && document.readyState === 'complete';"))
    assert browser.execute_script("return JSON.parse(sessionStorage.getItem('busy'));") == ["true", "Beregner …"]
    assert "16 ansøgninger er importeret" in find(By.CSS_SELECTOR, "[role=status]").text
    visit.check("made-up-import")
    state = _state(db)
    assert state.applications["B01"].title == "Digital post til pårørende"  # the blanks around it are gone
    assert state.applications["B02"].requested_dkk == state.applications["B01"].requested_dkk == 120_000

    # one council member rates an application in the browser
    browser.get(server + "/runder/2026/bedoemmelse?ansoegning=B16")
    for criterion, rating in zip(("citizen", "employee", "municipality", "evidence", "cross_cutting"), (3, 2, 3, 2, 4)):
        find(By.CSS_SELECTOR, f"label[for='rating_{criterion}-{rating}']").click()
    go(button("Gem bedømmelserne"))
    visit.check("made-up-assessment")

    # the recommendation
    browser.get(server + "/runder/2026/indstilling")
    go(button("Lav indstillingen"))
    visit.check("made-up-recommendation")
    recommendation = _state(db).recommendation
    decisions = recommendation.allocation.decisions
    unfunded = [d for d in decisions if d.status is Status.NOT_FUNDED]
    funded = sorted((d for d in decisions if d.granted_dkk > 0), key=lambda d: (d.score, d.id))
    assert unfunded and funded
    include, exclude = unfunded[0].id, funded[0].id

    # the chiefs include one the council did not fund and exclude one it did, and record it
    browser.get(server + "/runder/2026/beslutning")
    for application, action, reason in ((include, "include", "Chefforum prioriterer projektet"),
                                        (exclude, "exclude", "Dækkes af afdelingens egen ramme")):
        Select(find(By.ID, "application")).select_by_value(application)
        find(By.ID, f"action-{action}").click()
        find(By.ID, "reason").send_keys(reason)
        decided_by = find(By.ID, "decided_by")
        decided_by.clear()
        decided_by.send_keys("Chefforum")
        go(button("Tilføj og beregn igen"))
    visit.check("made-up-decision-changed")
    find(By.ID, "decision_reason").send_keys(CHANGED_BY)
    go(button("Registrér beslutning"))
    assert "Der er registreret en beslutning" in find(By.CSS_SELECTOR, "[role=status]").text
    visit.check("made-up-decision-recorded")

    state = _state(db)
    recorded = state.decision
    assert sorted((o.application, o.action.value) for o in recorded.overrides) == sorted(
        [(include, "include"), (exclude, "exclude")])
    expected = decide(recommendation.applications, recommendation.pool, recorded.overrides,
                      baseline=recommendation.allocation.granted_by_id(), assessments=recommendation.assessments)
    assert shown_grants() == {d.id: format_dkk(d.granted_dkk) for d in expected.decisions}
    assert expected.decision(include).granted_dkk > 0 and expected.decision(exclude).granted_dkk == 0
    # the time of the decision in Danish local time, never the log's UTC
    assert recorded.event.at not in find(By.TAG_NAME, "main").text and " kl. " in find(By.TAG_NAME, "main").text

    # two scenarios saved and shown side by side
    browser.get(server + "/runder/2026/scenarier")
    go(button("Gem scenariet"))  # no name: the error summary names the field
    assert "giv scenariet et navn" in find(By.CLASS_NAME, "error-summary").text
    visit.check("made-up-save-error")
    for name, budget in (("Pulje 500.000", "500.000"), ("Pulje 700.000", "700.000")):
        field = find(By.ID, "budget")
        field.clear()
        field.send_keys(budget)
        go(button("Sammenlign"))
        find(By.ID, "scenario_name").send_keys(name)
        go(button("Gem scenariet"))
    headers = [th.text.split("\n")[0] for th in find_all(By.CSS_SELECTOR, "table.saved-scenarios thead th.num")]
    assert headers == ["Rundens pulje", "Pulje 500.000", "Pulje 700.000"]
    visit.check("made-up-saved-scenarios")
    go(find(By.LINK_TEXT, "Log"))
    assert "scenariet 'Pulje 700.000' er gemt" in find(By.TAG_NAME, "table").text
    visit.check("made-up-log")

    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == [], errors
