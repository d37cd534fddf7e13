"""The web app in a real browser (Debian's Chromium through chromium-driver and Selenium).

What a secretariat member and a chief do in 2025: log in, open the round, upload the sheet, make
the recommendation (A1 at 122.500, A4 at 12.500), exclude A4 with the chiefs' reason (A1 at
135.000), record the decision and open the memo. Every page is checked with axe-core (no serious
or critical violations), at 1280 and 390 px wide without horizontal overflow, with no errors in
the browser's console. Screenshots go to the test's folder (DIGIPULJE_SCREENSHOTS to keep them).

Skips when Chromium, chromium-driver or Selenium is not installed.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from tests.web.conftest import OPEN_2025, PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
AXE = Path(__file__).parent / "fixtures" / "axe.min.js"
WIDTHS = (1280, 390)

pytestmark = pytest.mark.skipif(not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)),
                                reason="Chromium and chromium-driver are not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path, quick_hashes):
    import uvicorn

    from digipulje.web.app import create_app
    from digipulje.web.users import UserStore

    db = tmp_path / "runde.db"
    app = create_app(db)
    UserStore(db).add("anna", PASSWORD, ("sekretariat", "chef", "bedømmer"))
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


@pytest.fixture
def browser(tmp_path):
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                     f"--user-data-dir={tmp_path / 'chromium-profile'}", "--window-size=1280,900", "--lang=da"):
        options.add_argument(argument)
    options.set_capability("goog:loggingOptions", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    yield driver
    driver.quit()


class Visit:
    """Checks each page it is shown: axe-core, no overflow at both widths, a screenshot at each."""

    def __init__(self, driver, folder: Path) -> None:
        self.driver, self.folder = driver, folder
        self.axe = AXE.read_text(encoding="utf-8")
        self.checked: list[str] = []

    def check(self, name: str) -> None:
        driver = self.driver
        driver.execute_script(self.axe)
        result = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
            " 'best-practice']}}).then(r => done(r.violations.map(v => [v.id, v.impact, v.help,"
            " v.nodes.map(n => n.target.join(' ')).slice(0, 3)])), e => done([['axe-error', 'critical', String(e), []]]));")
        serious = [v for v in result if v[1] in ("serious", "critical")]
        assert not serious, f"{name}: accessibility violations {serious}"
        for width in WIDTHS:
            driver.set_window_size(width, 900)
            overflow = driver.execute_script(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];")
            assert overflow[0] <= overflow[1], f"{name} at {width} px: the page is {overflow[0]} px wide"
            driver.save_screenshot(str(self.folder / f"{name}-{width}.png"))
        driver.set_window_size(1280, 900)
        self.checked.append(name)


def test_a_round_from_login_to_memo_in_chromium(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    from digipulje.pool.example import export_example

    folder = Path(os.environ.get("DIGIPULJE_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    export_example(tmp_path / "eksempel")
    sheet = tmp_path / "eksempel" / "ansoegninger-2025.xlsx"
    visit = Visit(browser, folder)
    find = browser.find_element

    def go(element) -> None:
        """Clicks a link or button that loads a new page, and waits until the new page is there."""
        browser.execute_script("window.digipuljeOldPage = true;")
        element.click()
        wait_for_new_page()

    def wait_for_new_page() -> None:
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(browser, 20).until(lambda d: d.execute_script(
            "return window.digipuljeOldPage === undefined && document.readyState === 'complete';"))

    def granted(application: str) -> str:
        return find(By.CSS_SELECTOR, f'td.granted[data-id="{application}"]').text

    browser.get(server + "/")
    assert browser.current_url.startswith(server + "/login")
    visit.check("login")
    find(By.ID, "name").send_keys("anna")
    find(By.ID, "password").send_keys("forkert kodeord")
    go(find(By.CSS_SELECTOR, "main button"))
    assert "Brugernavnet eller adgangskoden er forkert" in find(By.CLASS_NAME, "error-summary").text
    visit.check("login-error")
    find(By.ID, "password").send_keys(PASSWORD)
    go(find(By.CSS_SELECTOR, "main button"))
    assert find(By.TAG_NAME, "h1").text == "Runder"

    # open the round, first with a mistake
    find(By.ID, "round").send_keys("2025")
    budget = find(By.ID, "budget")
    budget.clear()
    budget.send_keys("250,000")
    go(find(By.CSS_SELECTOR, "form[action='/runder'] button"))
    summary = find(By.CLASS_NAME, "error-summary")
    summary.find_element(By.CSS_SELECTOR, "a[href='#budget']").click()  # a link within the page
    assert browser.switch_to.active_element.get_attribute("id") == "budget"
    visit.check("rounds-error")
    budget = find(By.ID, "budget")
    budget.clear()
    budget.send_keys(OPEN_2025["budget"])
    find(By.ID, "deadline").send_keys(OPEN_2025["deadline"])
    go(find(By.CSS_SELECTOR, "form[action='/runder'] button"))
    assert browser.current_url == server + "/runder/2025/import"
    visit.check("import")

    # upload the 2025 sheet
    find(By.ID, "files").send_keys(str(sheet))
    go(find(By.CSS_SELECTOR, "main form button"))
    assert "7 ansøgninger er importeret" in find(By.CSS_SELECTOR, "[role=status]").text
    go(find(By.LINK_TEXT, "Gå til indstillingen"))
    go(find(By.XPATH, "//button[normalize-space()='Lav indstillingen']"))
    assert granted("A1") == "kr. 122.500"
    assert granted("A4") == "kr. 12.500"
    visit.check("recommendation")
    go(find(By.LINK_TEXT, "A1"))
    assert "A1" in find(By.TAG_NAME, "h1").text
    visit.check("explanation")

    # the chiefs exclude A4 and record the decision
    browser.get(server + "/runder/2025/beslutning")
    visit.check("decision")
    from selenium.webdriver.support.ui import Select

    Select(find(By.ID, "application")).select_by_value("A4")
    find(By.ID, "action-exclude").click()
    find(By.ID, "reason").send_keys("Webintegration til IST Tjenestetid udgår; beløbet overgår til TOBS og triagering")
    go(find(By.XPATH, "//button[normalize-space()='Tilføj og beregn igen']"))
    assert granted("A1") == "kr. 135.000"
    assert granted("A4") == "kr. 0"
    visit.check("decision-changed")
    find(By.ID, "decision_reason").send_keys("Chefforum 7. maj 2025, punkt 6")
    go(find(By.XPATH, "//button[normalize-space()='Registrér beslutning']"))
    assert "Der er registreret en beslutning" in find(By.CSS_SELECTOR, "[role=status]").text
    # the page now shows the recorded decision's amounts, and offers only a reopening with a reason
    assert granted("A1") == "kr. 135.000" and granted("A4") == "kr. 0"
    assert find(By.XPATH, "//button[normalize-space()='Genåbn beslutningen']")
    assert not browser.find_elements(By.XPATH, "//button[normalize-space()='Registrér beslutning']")
    visit.check("decision-recorded")
    # reopened with a reason, the changes start from the decision's, and it is recorded again
    find(By.ID, "reopen_reason").send_keys("Chefforum 7. maj 2025, punkt 6, genoptaget")
    go(find(By.XPATH, "//button[normalize-space()='Genåbn beslutningen']"))
    assert "blev genåbnet" in find(By.CSS_SELECTOR, "[role=status]").text
    assert granted("A1") == "kr. 135.000"
    visit.check("decision-reopened")
    find(By.ID, "decision_reason").send_keys("Chefforum 7. maj 2025, punkt 6")
    go(find(By.XPATH, "//button[normalize-space()='Registrér beslutning']"))
    assert granted("A1") == "kr. 135.000"

    # the council members' ratings: the overview and the form with the anchored scales
    go(find(By.LINK_TEXT, "Bedømmelse"))
    visit.check("assessment")
    go(find(By.XPATH, "//a[contains(@href, 'ansoegning=A3')]"))
    assert "stor effekt for borgernes sikkerhed" in find(By.CSS_SELECTOR, "main form").text
    visit.check("assessment-form")

    # a scenario: a larger pool
    go(find(By.LINK_TEXT, "Scenarier"))
    budget = find(By.ID, "budget")
    budget.clear()
    budget.send_keys("300.000")
    go(find(By.XPATH, "//button[normalize-space()='Sammenlign']"))
    assert find(By.CSS_SELECTOR, 'td.scenario-granted[data-id="A1"]').text == "kr. 140.000"
    visit.check("scenarios")

    # documents and the log
    go(find(By.LINK_TEXT, "Dokumenter"))
    visit.check("documents")
    go(find(By.PARTIAL_LINK_TEXT, "Notatet (HTML"))
    assert "135.000" in browser.page_source
    browser.get(server + "/runder/2025/dokumenter")
    go(find(By.LINK_TEXT, "Log"))
    assert "Chefforum 7. maj 2025, punkt 6" in find(By.TAG_NAME, "table").text
    visit.check("log")
    browser.get(server + "/")
    visit.check("rounds")

    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == [], errors
    assert len(visit.checked) == 16
