"""Departments apply in a real browser (Chromium through chromium-driver and Selenium).

An applicant reads the call, drafts an application, attaches a PDF and submits it; the head of
department sends it back with a comment; the applicant fixes it and submits again; the head
approves; the secretariat screens it; the council recommends and the chiefs decide; the applicant
sees the outcome. Every new page is checked with axe-core at 1280 and 390 px: no violations at all
(not only no serious ones), no horizontal overflow.

Skips when Chromium, chromium-driver or Selenium is not installed.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from pathlib import Path

import pytest

from tests.web.conftest import OPEN_2025, PASSWORD
from tests.web.test_applicants import AELDRE, ANSWERS, pdf_bytes
from tests.web.test_browser import AXE, CHROMIUM, DRIVER, WIDTHS, _free_port, browser  # noqa: F401  (a fixture)

pytestmark = pytest.mark.skipif(not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)),
                                reason="Chromium and chromium-driver are not installed")


@pytest.fixture
def server(tmp_path, quick_hashes, monkeypatch):
    import uvicorn

    from digipulje.rounds import submissions
    from digipulje.web import service
    from digipulje.web.app import create_app
    from digipulje.web.users import UserStore

    from tests.kitos.export import usage_row, write_export

    monkeypatch.setattr(submissions, "today", lambda: dt.date(2026, 11, 20))
    kitos = write_export(tmp_path / "kitos.xlsx", [usage_row(
        "Cura", ansv_organisationsenhed=AELDRE, relevante_organisationsenheder="Børn & Familie", livscyklus="I drift",
        sidst_redigeret_dato="01-02-2026")])
    monkeypatch.setenv("DIGIPULJE_KITOS", str(kitos))
    db = tmp_path / "runde.db"
    app = create_app(db)
    users = UserStore(db)
    users.add("anne", PASSWORD, ("ansøger",), department=AELDRE)
    users.add("hans", PASSWORD, ("afdelingschef",), department=AELDRE)
    users.add("sara", PASSWORD, ("sekretariat", "chef"))
    pool, errors = service.validate_pool(dict(OPEN_2025, round="2026", deadline="2026-12-01"))
    assert not errors
    service.open_round(db, "2026", pool, "sara")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_an_application_from_draft_to_outcome_in_chromium(server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    folder = Path(os.environ.get("DIGIPULJE_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    axe = AXE.read_text(encoding="utf-8")
    find = browser.find_element
    checked = []

    def check(name: str) -> None:
        for width in WIDTHS:
            browser.set_window_size(width, 900)
            browser.execute_script(axe)
            violations = browser.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
                " 'best-practice']}}).then(r => done(r.violations.map(v => [v.id, v.impact, v.help,"
                " v.nodes.map(n => n.target.join(' ')).slice(0, 3)])), e => done([['axe-error', 'critical', String(e), []]]));")
            assert violations == [], f"{name} at {width} px: {violations}"
            scroll, client = browser.execute_script(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];")
            assert scroll <= client, f"{name} at {width} px: the page is {scroll} px wide"
            browser.save_screenshot(str(folder / f"ansoegning-{name}-{width}.png"))
        browser.set_window_size(1280, 900)
        checked.append(name)

    def go(element) -> None:
        browser.execute_script("window.digipuljeOldPage = true;")
        element.click()
        WebDriverWait(browser, 20).until(lambda d: d.execute_script(
            "return window.digipuljeOldPage === undefined && document.readyState === 'complete';"))

    def button(text: str):
        return find(By.XPATH, f"//main//button[normalize-space()='{text}']")

    def log_in(name: str) -> None:
        browser.delete_all_cookies()
        browser.get(server + "/login")
        find(By.ID, "name").send_keys(name)
        find(By.ID, "password").send_keys(PASSWORD)
        go(find(By.CSS_SELECTOR, "main button"))

    def fill(answers: dict[str, str]) -> None:
        from selenium.webdriver.support.ui import Select

        for field, value in answers.items():
            element = find(By.ID, field) if field != "running_cost_paid_by_applicant" else None
            if element is None:
                find(By.ID, f"{field}-{value.lower()}").click()
            elif element.tag_name == "select":
                Select(element).select_by_value(value)
            else:
                element.clear()
                element.send_keys(value)

    pdf = tmp_path / "tilbud.pdf"
    pdf.write_bytes(pdf_bytes())

    # the applicant reads the call and drafts an application
    log_in("anne")
    browser.get(server + "/runder/2026/opslag")
    assert "1. december 2026" in find(By.ID, "frist").text
    check("opslag")
    go(button("Start en ansøgning for Ældre, Social & Sundhed"))
    assert browser.current_url == server + "/runder/2026/ansoegninger/W1"
    check("kladde")
    fill({"title": ANSWERS["title"], "requested_dkk": "140,000"})
    go(button("Send til afdelingschefen"))
    summary = find(By.CLASS_NAME, "error-summary")
    assert "kan læses på to måder" in summary.text
    check("kladde-fejl")
    summary.find_element(By.CSS_SELECTOR, "a[href='#requested_dkk']").click()
    assert browser.switch_to.active_element.get_attribute("id") == "requested_dkk"
    fill(ANSWERS)
    go(button("Gem kladde"))
    assert "Kladden er gemt." in find(By.CSS_SELECTOR, "[role=status]").text
    assert "allerede registreret i KITOS" in find(By.ID, "kitos").text
    find(By.ID, "attachments").send_keys(str(pdf))
    go(button("Vedhæft"))
    assert find(By.LINK_TEXT, "tilbud.pdf").get_attribute("href").endswith("/runder/2026/ansoegninger/W1/bilag/1")
    go(button("Send til afdelingschefen"))
    assert find(By.ID, "status").text == "sendt til afdelingschefen"
    check("indsendt")

    # the head sends it back
    log_in("hans")
    browser.get(server + "/indbakke")
    check("indbakke-chef")
    go(find(By.PARTIAL_LINK_TEXT, "W1"))
    check("til-godkendelse")
    find(By.ID, "comment").send_keys("Beskriv gevinsten for medarbejderne nærmere")
    go(button("Send tilbage til ansøgeren"))
    assert find(By.ID, "status").text == "sendt tilbage til ansøgeren"

    # the applicant fixes it and submits again
    log_in("anne")
    browser.get(server + "/runder/2026/ansoegninger/W1")
    assert find(By.ID, "comment-text").text == "Beskriv gevinsten for medarbejderne nærmere"
    check("sendt-tilbage")
    fill({"note-employee": "Sparer to timer om ugen pr. medarbejder"})
    go(button("Send til afdelingschefen"))

    # the head approves
    log_in("hans")
    browser.get(server + "/runder/2026/ansoegninger/W1")
    go(button("Godkend"))
    assert find(By.ID, "status").text == "godkendt og hos rådet"

    # the secretariat screens it, recommends, and (as a chief) records the decision
    log_in("sara")
    browser.get(server + "/runder/2026/ansoegninger")
    check("ansoegninger-sekretariat")
    go(find(By.LINK_TEXT, "W1"))
    check("screening")
    find(By.ID, "verdict-eligible").click()
    go(button("Registrér screeningen"))
    assert "støttes" in find(By.ID, "council-verdict").text
    browser.get(server + "/runder/2026/indstilling")
    go(find(By.XPATH, "//button[normalize-space()='Lav indstillingen']"))
    browser.get(server + "/runder/2026/beslutning")
    find(By.ID, "decision_reason").send_keys("Chefforum 6. januar 2027, punkt 3")
    go(find(By.XPATH, "//button[normalize-space()='Registrér beslutning']"))

    # the applicant sees the outcome and the inbox
    log_in("anne")
    browser.get(server + "/runder/2026/ansoegninger/W1")
    assert find(By.ID, "bevilget").text.startswith("kr. ")
    assert find(By.ID, "begrundelse").text
    check("udfald")
    browser.get(server + "/indbakke")
    assert "besluttet" in find(By.TAG_NAME, "main").text
    check("indbakke-ansoeger")
    assert len(checked) == 11
