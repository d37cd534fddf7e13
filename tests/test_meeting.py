"""The meeting's questions answered once: the web's pages, `digipulje compare` and `decide` give the
same grants to the krone and the same price for each change, on the 2025 round and on a round
full of ties."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from digipulje.base.money import format_dkk, format_score
from digipulje.cli import app as cli
from digipulje.meeting import compare_scenarios, memo_case, preview_decision, price_changes
from digipulje.pool.allocating import allocate, decide
from digipulje.pool.config import read_overrides, read_pool
from digipulje.pool.example import example_path
from digipulje.analyses.scenarios import Round, Scenario
from openpyxl import Workbook
from typer.testing import CliRunner

from tests.web.conftest import OPEN_2025, app, db, granted, login, quick_hashes, sheet_2025  # noqa: F401

COMPARE_FILE = """\
[base]
name = "Beslutning"
applications = ["{sheet}"]
pool = "pulje.toml"
overrides = "chefforum.toml"
stay_close_to_base = false

[[scenario]]
name = "Anden pulje"
budget_dkk = {budget}
"""

# A made-up round full of ties: six applications asking the same, four rated the same and two a step
# lower, for a pool of two and a half grants; the chiefs take one of the four out and put one of the
# two lower ones in.
TIES_POOL = """\
name = "Tiepuljen"
budget_dkk = 50000

[rules]
min_grant_dkk = 10000
partial_floor = 0.8
eligibility_threshold = 50
"""
TIES_OVERRIDES = """\
[[override]]
application = "T1"
action = "exclude"
reason = "Udgår"
decided_by = "Chefforum"

[[override]]
application = "T6"
action = "include"
reason = "Skal med"
decided_by = "Chefforum"
"""
HEADER = ["ID", "Titel", "Afdeling", "Ansøgt beløb (kr.)", "Drift dækkes af ansøger", "Borger", "Medarbejder",
          "Kommune", "Dokumenteret effekt", "Tværgående", "ITP indstilling"]


def _write_ties(folder: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for i in range(1, 7):
        sheet.append([f"T{i}", f"Projekt {i}", "Afdeling A" if i % 2 else "Afdeling B", 20000, "Ja",
                      3, 3, 3, 3, 3 if i < 5 else 2, "Vurderet"])
    path = folder / "ties.xlsx"
    book.save(path)
    (folder / "pulje.toml").write_text(TIES_POOL, encoding="utf-8")
    (folder / "chefforum.toml").write_text(TIES_OVERRIDES, encoding="utf-8")
    return path


def _write_2025(folder: Path) -> Path:
    path = folder / "ansoegninger-2025.xlsx"
    path.write_bytes(sheet_2025())
    (folder / "pulje.toml").write_text(example_path("pulje-2025.toml").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "chefforum.toml").write_text(example_path("chefforum-2025-05-07.toml").read_text(encoding="utf-8"),
                                           encoding="utf-8")
    return path


ROUNDS = {
    "2025": (_write_2025, {**OPEN_2025}, 300_000),
    "ties": (_write_ties, {**OPEN_2025, "round": "ties", "name": "Tiepuljen", "budget": "50.000",
                           "deadline": ""}, 70_000),
}


def _web_preview(log_in, name: str, sheet: Path, overrides) -> tuple[str, object]:
    """The round opened, imported and recommended on the web, and the chief's changes entered:
    the decision page, and the chief's client."""
    sara = log_in("sara")
    assert sara.post("/runder", ROUNDS[name][1]).status_code == 200
    assert sara.post(f"/runder/{name}/import", files={"files": (sheet.name, sheet.read_bytes())}).status_code == 200
    assert sara.post(f"/runder/{name}/indstilling").status_code == 200
    carl = log_in("carl")
    for o in overrides:
        response = carl.post(f"/runder/{name}/beslutning/aendring", {
            "application": o.application, "action": o.action.value, "reason": o.reason, "decided_by": o.decided_by})
        assert response.status_code == 200, response.text
    return carl.get(f"/runder/{name}/beslutning").text, carl


def _web_prices(page: str) -> dict[str, str]:
    """The decision page's price of each change: application -> the points it costs as shown."""
    return dict(re.findall(r"<li>([A-Z]\d+): den samlede score er ([0-9.,−-]+) point lavere end uden denne ændring",
                           page))


def _cli_prices(table: str, scenario: str) -> dict[str, str]:
    """`digipulje compare`'s price lines of one scenario: application -> the points it costs."""
    return dict(re.findall(rf"^  {re.escape(scenario)}: ([A-Z]\d+) \w+ .*? koster ([0-9.,−-]+) point;", table, re.MULTILINE))


def _shown(grants: dict[str, int]) -> dict[str, str]:
    return {i: format_dkk(g, "da") for i, g in grants.items()}


@pytest.mark.parametrize("name", sorted(ROUNDS))
def test_the_web_the_command_line_and_decide_give_one_decision_and_one_price(name, tmp_path, login):  # noqa: F811
    write, _form, other_budget = ROUNDS[name]
    sheet = write(tmp_path)
    from digipulje.applications.spreadsheet import read_applications

    apps = read_applications([sheet])
    pool, overrides = read_pool(tmp_path / "pulje.toml"), read_overrides(tmp_path / "chefforum.toml")
    decision = decide(apps, pool, overrides)
    prices = price_changes(apps, pool, overrides, decision, allocate(apps, pool).granted_by_id())
    assert len(prices) == len(overrides)

    # the web: the chief's changes previewed on the decision page, each priced
    page, carl = _web_preview(login, name, sheet, overrides)
    assert granted(page) == _shown(decision.granted_by_id())
    web_prices = _web_prices(page)
    assert web_prices == {p.override.application: format_score(p.score_lost, "da") for p in prices}

    # the command line: the same changes as the base of a scenario file
    (tmp_path / "scenarier.toml").write_text(COMPARE_FILE.format(sheet=sheet.name, budget=other_budget),
                                             encoding="utf-8")
    table = CliRunner().invoke(cli, ["compare", str(tmp_path / "scenarier.toml")])
    assert table.exit_code == 0, table.output
    assert _cli_prices(table.stdout, "Beslutning") == web_prices
    shown = CliRunner().invoke(cli, ["compare", str(tmp_path / "scenarier.toml"), "--format", "json"])
    assert shown.exit_code == 0, shown.output
    base, other = json.loads(shown.stdout)["scenarios"]
    assert {a["id"]: a["granted_dkk"] for a in base["allocation"]["applications"]} == decision.granted_by_id()
    assert [p["score_lost"] for p in base["override_prices"]] == [p.score_lost for p in prices]

    # the web's scenario with the chiefs' recorded changes, at another budget: compare's scenario,
    # which is `decide` on that pool
    assert carl.post(f"/runder/{name}/beslutning/registrer", {"decision_reason": "Chefforum"}).status_code == 200
    other_pool = pool.model_copy(update={"budget_dkk": other_budget})
    there = decide(apps, other_pool, overrides).granted_by_id()
    assert {a["id"]: a["granted_dkk"] for a in other["allocation"]["applications"]} == there
    scenario = carl.get(f"/runder/{name}/scenarier", params={
        "budget": format_dkk(other_budget, "da").removeprefix("kr. "), "partial_floor": "80", "max_grants": "",
        **{f"w_{w}": "1" for w in ("citizen", "employee", "municipality", "evidence", "cross_cutting")},
        "beslutning": "1"}).text
    assert dict(re.findall(r'<td class="num scenario-granted" data-id="([^"]+)">([^<]*)</td>', scenario)) == \
        _shown(there)


def test_the_chiefs_2025_decision_funds_a1_135000(example):
    preview = preview_decision(example.applications, example.pool, example.overrides)
    assert {i: g for i, g in preview.decision.granted_by_id().items() if g} == {
        "A1": 135_000, "A3": 75_000, "A5": 40_000}
    assert preview.decision.granted_by_id() == decide(example.applications, example.pool,
                                                      example.overrides).granted_by_id()
    assert preview.moved_dkk()["A1"] == 12_500 and preview.moved_dkk()["A4"] == -12_500
    (price,) = preview.prices
    assert (price.override.application, price.score_lost, price.changes) == ("A4", 65.0, {"A1": 12_500, "A4": -12_500})
    case = memo_case(example.applications, example.pool, example.overrides)
    assert case.decision.granted_by_id() == preview.decision.granted_by_id()
    assert case.recommendation.granted_by_id() == preview.recommendation.granted_by_id()


def test_a_preview_on_a_stored_recommendation_stays_close_to_it(example):
    """The web previews on the recommendation the round stored: that is the baseline, not a new solve."""
    recommendation = allocate(example.applications, example.pool)
    preview = preview_decision(example.applications, example.pool, example.overrides, recommendation=recommendation)
    assert preview.recommendation is recommendation
    assert preview.decision.granted_by_id()["A1"] == 135_000
    assert preview_decision(example.applications, example.pool, ()).decision is not None
    assert preview_decision(example.applications, example.pool, (), recommendation=recommendation).prices == ()


def test_compare_prices_each_scenario_by_the_same_function(example):
    base = Round(tuple(example.applications), example.pool, tuple(example.overrides))
    comparison = compare_scenarios(base, [Scenario(name="300", budget_dkk=300_000)], stay_close_to_base=False)
    decision = comparison.base.allocation
    assert comparison.base.prices == price_changes(example.applications, example.pool, example.overrides, decision,
                                                   comparison.recommendation.granted_by_id())
    other_pool = example.pool.model_copy(update={"budget_dkk": 300_000})
    other = comparison.results[1].allocation
    assert comparison.results[1].prices == price_changes(example.applications, other_pool, example.overrides, other)
    unpriced = compare_scenarios(base, [Scenario(name="300", budget_dkk=300_000)], stay_close_to_base=False,
                                 price=False)
    assert [r.prices for r in unpriced.results] == [(), ()]
    assert [r.allocation.granted_by_id() for r in unpriced.results] == [
        r.allocation.granted_by_id() for r in comparison.results]
