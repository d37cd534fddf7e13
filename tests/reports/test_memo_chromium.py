"""The HTML memo of the 2025 case in a real browser (Debian's headless Chromium).

The memo is laid out so that its content box on screen (an A4-wide page, 794 px at 96 dpi, with
15 mm padding) is exactly the printable width of an A4 page with 15 mm margins. So measuring in
a 794 px window that no element reaches past the content box is measuring that nothing overflows
when printed. A copy of the memo gets a small probe script (the memo itself has none) that writes
the measurements and the page's text into the DOM, which `--dump-dom` returns.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import subprocess
from pathlib import Path

import pytest

from digipulje.reports.memo.document import build_memo
from digipulje.meeting.memo import memo_case
from digipulje.reports.memo.html import render_html
from digipulje.meeting.scenarios import scenarios_for_memo

CHROMIUM = Path("/usr/bin/chromium")
A4_WIDTH_PX = 794

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed (apt-get install chromium)")

PROBE = """
<script>
window.addEventListener("load", () => {
  const body = document.body;
  const style = getComputedStyle(body);
  const box = body.getBoundingClientRect();
  const left = box.left + parseFloat(style.paddingLeft), right = box.right - parseFloat(style.paddingRight);
  const over = [];
  for (const el of body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > right + 0.5 || r.left < left - 0.5)) {
      over.push(el.tagName + " " + Math.round(r.right) + ": " + (el.textContent || "").trim().slice(0, 60));
    }
  }
  const probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = JSON.stringify({
    scrollWidth: document.documentElement.scrollWidth, contentWidth: right - left, over: over,
    charts: document.querySelectorAll("svg.chart").length,
    chartWidth: Math.max(0, ...[...document.querySelectorAll("svg.chart")].map(s => s.getBoundingClientRect().width)),
    text: body.innerText,
  });
  body.appendChild(probe);
});
</script>
"""


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         f"--user-data-dir={profile}", f"--window-size={A4_WIDTH_PX},1123", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )


@pytest.fixture(scope="module")
def memo_page(example, scenario_file_2025, tmp_path_factory):
    """The 2025 memo with the scenario file's comparison and budget curve, as `report --scenarios`
    writes it, so that the widest table and the chart are measured too."""
    case = memo_case(example.applications, example.pool, example.overrides, memo_date=dt.date(2025, 5, 7),
                        scenarios=scenarios_for_memo(scenario_file_2025))
    folder = tmp_path_factory.mktemp("memo")
    page = folder / "memo.html"
    page.write_text(render_html(build_memo(case, "da", version="digipulje 0.1.0")), encoding="utf-8")
    return page


def test_memo_in_chromium_has_the_text_and_fits_a4(memo_page, tmp_path):
    probed = tmp_path / "probed.html"
    probed.write_text(memo_page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    result = chromium("--virtual-time-budget=10000", "--dump-dom", probed.as_uri(), profile=tmp_path / "profile")
    found = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout, flags=re.DOTALL)
    assert found, result.stderr[-2000:]
    probe = json.loads(html.unescape(found[1]))
    assert probe["over"] == []
    assert probe["scrollWidth"] <= A4_WIDTH_PX
    assert abs(probe["contentWidth"] - 180 / 25.4 * 96) < 2  # 180 mm: A4 less two 15 mm margins
    text = probe["text"]
    for line in ("Beslutning om udmøntning af Digitaliseringspuljen 2025",
                 "IT-projektrådet (ITP) indstiller 4 tilskud på i alt kr. 250.000:",
                 "TOBS og triagering tilkøbsmodul, Ældre, Social & Sundhed: kr. 135.000 (delvist)",
                 "Chefforum, 7. maj 2025",
                 "Administrativt afviste ansøgninger",
                 "Falder ind under afdelingens ordinære driftsbudget",
                 "Puljen er ikke overskredet.",
                 "Budgetkurve",
                 "* afviger fra Indstilling",
                 "A4 udtaget: A4 udtaget (Chefforum: Webintegration til IST Tjenestetid udgår) koster 65,0 point; "
                 "A1 +kr. 12.500, A4 −kr. 12.500"):
        assert line in text
    assert probe["charts"] == 2 and probe["chartWidth"] <= probe["contentWidth"] + 0.5


def test_screenshot_of_the_first_page(memo_page, tmp_path):
    shot = tmp_path / "memo.png"
    result = chromium(f"--screenshot={shot}", memo_page.as_uri(), profile=tmp_path / "profile")
    assert shot.exists(), result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000  # a page of text, not a blank image
