"""The meeting's pages in Chromium: the application's page, the chart and the sorted and filtered
tables pass axe-core at 1280 and 390 px, and at a phone's width the tables keep the application's
id and its grant in view."""

from __future__ import annotations

import os
from pathlib import Path

from tests.web.conftest import OPEN_2025
from tests.web.test_browser import Visit, browser, pytestmark, server  # noqa: F401  (the fixtures, the skip)


def _in_view(driver, selector: str) -> bool:
    """Whether the element is shown and lies within the window's width (not scrolled out of sight)."""
    return driver.execute_script(
        "const e = document.querySelector(arguments[0]); if (!e) return false;"
        "const r = e.getBoundingClientRect(); const s = getComputedStyle(e);"
        "return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.left >= 0"
        " && r.right <= document.documentElement.clientWidth;", selector)


def test_the_meetings_pages_in_chromium(server, browser, tmp_path):  # noqa: F811
    from digipulje.pool.example import export_example
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    export_example(tmp_path / "eksempel")
    folder = Path(os.environ.get("DIGIPULJE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    visit = Visit(browser, folder)
    find = browser.find_element

    def go(element) -> None:
        browser.execute_script("window.digipuljeOldPage = true;")
        element.click()
        WebDriverWait(browser, 20).until(lambda d: d.execute_script(
            "return window.digipuljeOldPage === undefined && document.readyState === 'complete';"))

    browser.get(server + "/login")
    find(By.ID, "name").send_keys("anna")
    find(By.ID, "password").send_keys("korrekt hest batteri")
    go(find(By.CSS_SELECTOR, "main button"))
    for key in ("round", "deadline"):
        find(By.ID, key).send_keys(OPEN_2025[key])
    go(find(By.CSS_SELECTOR, "form[action='/runder'] button"))
    find(By.ID, "files").send_keys(str(tmp_path / "eksempel" / "ansoegninger-2025.xlsx"))
    go(find(By.CSS_SELECTOR, "main form button"))
    go(find(By.LINK_TEXT, "Gå til indstillingen"))
    go(find(By.XPATH, "//button[normalize-space()='Lav indstillingen']"))

    # the recommendation with its chart; at 390 px the id and the grant of every row stay in view
    assert find(By.CSS_SELECTOR, "svg.allocation-chart").get_attribute("role") == "img"
    browser.set_window_size(390, 900)
    for application in ("A1", "A4", "A7"):
        assert _in_view(browser, f"#row-{application} th.key"), application
        assert _in_view(browser, f'td.granted[data-id="{application}"]'), application
    browser.set_window_size(1280, 900)
    visit.check("recommendation-chart")

    # filtered and sorted through the form and the column headers
    Select(find(By.ID, "filter-status")).select_by_value("funded")
    go(find(By.XPATH, "//form[@id='filter']//button"))
    assert [e.get_attribute("data-id") for e in browser.find_elements(By.CSS_SELECTOR, "td.granted")] == ["A3", "A4", "A5"]
    go(find(By.XPATH, "//th/a[normalize-space()='Bevilget']"))
    go(find(By.XPATH, "//th/a[starts-with(normalize-space(), 'Bevilget')]"))
    assert find(By.XPATH, "//th[@aria-sort='descending']").text.startswith("Bevilget")
    assert [e.get_attribute("data-id") for e in browser.find_elements(By.CSS_SELECTOR, "td.granted")] == ["A3", "A5", "A4"]
    visit.check("recommendation-sorted")

    # the chiefs include A7, which the council rejected: flagged
    browser.get(server + "/runder/2025/beslutning")
    Select(find(By.ID, "application")).select_by_value("A7")
    find(By.ID, "action-include").click()
    find(By.ID, "reason").send_keys("Chefforum vil have iPads")
    go(find(By.XPATH, "//button[normalize-space()='Tilføj og beregn igen']"))
    assert "ITP sagde nej" in find(By.ID, "decision-row-A7").text
    browser.set_window_size(390, 900)
    for application in ("A1", "A7"):
        assert _in_view(browser, f"#decision-row-{application} th.key"), application
        assert _in_view(browser, f'#decision-row-{application} td.granted'), application
    browser.set_window_size(1280, 900)
    visit.check("decision-flagged")

    # a scenario beside the round's pool: at 390 px too the id and the scenario's grant stay in view
    browser.get(server + "/runder/2025/scenarier?budget=400.000")
    browser.set_window_size(390, 900)
    for application in ("A1", "A7"):
        assert _in_view(browser, f'td.scenario-granted[data-id="{application}"]'), application
    assert _in_view(browser, "table.table th.key")
    browser.set_window_size(1280, 900)

    # the application's own page
    browser.get(server + "/runder/2025/beslutning")
    go(find(By.CSS_SELECTOR, "#decision-row-A7 th a"))
    assert find(By.TAG_NAME, "h1").text.startswith("A7")
    assert find(By.ID, "council-overruled")
    visit.check("application")
    assert len(visit.checked) == 4
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == [], errors
