"""`digipulje report --scenarios`: a scenario file's comparison and the budget curve in the memo
and the workbook, computed as `compare` and `sweep` compute them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from digipulje.cli import app
from digipulje.pool.allocation import Status
from digipulje.analyses.curve import REPORT_POINTS, report_budgets
from digipulje.pool.model import Pool, Rules
from tests.factories import application


def run_report(scenario_file, out, *extra):
    folder = scenario_file.parent
    result = CliRunner().invoke(app, [
        "report", str(folder / "ansoegninger-2025.xlsx"), "--pool", str(folder / "pulje-2025.toml"),
        "--overrides", str(folder / "chefforum-2025-05-07.toml"), "--date", "2025-05-07",
        "--scenarios", str(scenario_file), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def memo_md(scenario_file_2025, tmp_path_factory):
    out = run_report(scenario_file_2025, tmp_path_factory.mktemp("memo") / "memo.md")
    text = out.read_text(encoding="utf-8")
    return text[text.index("## Scenarier og budgetkurve"):text.index("## Metode")]


def test_memo_compares_the_three_scenarios_to_the_krone(memo_md):
    for line in (
        "| Indstilling | kr. 250.000 | kr. 250.000 | kr. 0 | 4 | 265,0 |",
        "| Pulje 400.000 | kr. 400.000 | kr. 267.500 | kr. 132.500 | 4 | 265,0 |",
        "| A4 udtaget | kr. 250.000 | kr. 250.000 | kr. 0 | 3 | 200,0 |",
        "| Ansøgning | Indstilling | Pulje 400.000 | A4 udtaget |",
        "| A1 TOBS og triagering tilkøbsmodul | kr. 122.500 (delvist bevilget) | kr. 140.000 (bevilget)\\* "
        "| kr. 135.000 (delvist bevilget)\\* |",
        "| A4 Webintegration til IST Tjenestetid | kr. 12.500 (bevilget) | kr. 12.500 (bevilget) "
        "| kr. 0 (udtaget)\\* |",
        "| A5 Tjek ind og ud system | kr. 40.000 (bevilget) | kr. 40.000 (bevilget) | kr. 40.000 (bevilget) |",
        "| Bevilget i alt | kr. 250.000 | kr. 267.500\\* | kr. 250.000 |",
        "| Samlet score | 265,0 | 265,0 | 200,0\\* |",
        "| Antal bevillinger | 4 | 4 | 3\\* |",
        "\\* afviger fra Indstilling",
        "**Prisen for hver overstyring**",
        "- A4 udtaget: A4 udtaget (Chefforum: Webintegration til IST Tjenestetid udgår) koster 65,0 point; "
        "A1 +kr. 12.500, A4 −kr. 12.500",
    ):
        assert line in memo_md.splitlines(), line


def test_memo_curve_runs_from_no_money_to_twice_the_pool(memo_md, example):
    from digipulje.pool.allocating import allocate

    rows = re.findall(r"^\| (kr\. [\d.]+) \| ([\d,]+) \|$", memo_md, flags=re.MULTILINE)
    assert len(rows) == 51
    assert rows[0] == ("kr. 0", "0,0") and rows[-1] == ("kr. 500.000", "265,0")
    # At most one partial grant (the pool's default): at 220,000 kr four grants would need three of
    # them cut, so the curve reaches 265 points only at 240,000 kr — as allocate says at each budget.
    assert ("kr. 220.000", "210,0") in rows and ("kr. 230.000", "210,0") in rows and ("kr. 240.000", "265,0") in rows
    for budget, text in [(170_000, "kr. 170.000"), (220_000, "kr. 220.000"), (240_000, "kr. 240.000")]:
        score = allocate(example.applications, example.pool.with_budget(budget)).total_score
        assert (text, f"{score:.1f}".replace(".", ",")) in rows


def test_workbook_has_the_scenarios_and_the_curve_as_numbers(scenario_file_2025, tmp_path):
    book = load_workbook(run_report(scenario_file_2025, tmp_path / "beslutning.xlsx"))
    scenarios = [dict(zip([c.value for c in book["Scenarier"][1]], (c.value for c in row)))
                 for row in book["Scenarier"].iter_rows(min_row=2)]
    assert [(r["Scenarie"], r["Puljen"], r["Bevilget"], r["Tilskud"], r["A1"], r["A4"]) for r in scenarios] == [
        ("Indstilling", 250_000, 250_000, 4, 122_500, 12_500),
        ("Pulje 400.000", 400_000, 267_500, 4, 140_000, 12_500),
        ("A4 udtaget", 250_000, 250_000, 3, 135_000, 0)]
    assert [r["Samlet score"] for r in scenarios] == [265, 265, 200]
    curve = [tuple(c.value for c in row) for row in book["Budgetkurve"].iter_rows(min_row=2)]
    assert curve[0] == (0, 0) and curve[-1] == (500_000, 265) and len(curve) == 51
    assert all(isinstance(b, int) and isinstance(s, (int, float)) for b, s in curve)


def test_english_memo_marks_the_differences_in_english(scenario_file_2025, tmp_path):
    text = run_report(scenario_file_2025, tmp_path / "memo.md", "--lang", "en").read_text(encoding="utf-8")
    assert "## Scenarios and budget curve" in text
    assert "\\* differs from Indstilling" in text
    assert ("- A4 udtaget: A4 excluded (Chefforum: Webintegration til IST Tjenestetid udgår) costs 65.0 points; "
            "A1 +DKK 12,500, A4 −DKK 12,500") in text.splitlines()


@pytest.mark.usefixtures("english")
def test_a_missing_scenario_file_is_named(scenario_file_2025, tmp_path):
    folder = scenario_file_2025.parent
    result = CliRunner().invoke(app, ["report", str(folder / "ansoegninger-2025.xlsx"),
                                      "--scenarios", str(tmp_path / "ingen.toml"), "--out", str(tmp_path / "m.md")])
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'ingen.toml'}: file not found\n"
    assert not (tmp_path / "m.md").exists()


# --- the budgets of the memo's curve ------------------------------------------------------------


def test_report_budgets_of_2025_are_the_smallest_grant_apart(example):
    from digipulje.pool.allocating import allocate

    allocation = allocate(example.applications, example.pool)
    assert report_budgets(allocation, example.pool) == list(range(0, 500_001, 10_000))


@settings(deadline=None, max_examples=40)
@given(st.integers(0, 2_000_000), st.integers(0, 50_000),
       st.lists(st.integers(10_000, 900_000), min_size=1, max_size=6))
def test_report_budgets_cover_the_pool_and_every_eligible_request(budget, min_grant, asked):
    from digipulje.pool.allocating import allocate

    pool = Pool(budget_dkk=budget, rules=Rules(min_grant_dkk=min_grant))
    apps = [application(f"X{i}", amount) for i, amount in enumerate(asked)]
    allocation = allocate(apps, pool)
    budgets = report_budgets(allocation, pool)
    eligible = sum(d.requested_dkk for d in allocation.decisions
                   if d.status in (Status.FUNDED, Status.PARTIAL, Status.NOT_FUNDED))
    step = budgets[1] - budgets[0]
    assert budgets[0] == 0 and budgets[-1] >= max(2 * budget, eligible)
    assert budgets[-1] - step < max(2 * budget, eligible, 1)  # ends on the first whole step past the top
    assert len(budgets) <= REPORT_POINTS
    assert step % (min_grant or 10_000) == 0
    assert all(b - a == step for a, b in zip(budgets, budgets[1:]))


def test_the_readme_example_with_scenarios_runs(tmp_path, monkeypatch):
    import shlex
    from pathlib import Path

    from tests.scenarios.conftest import SCENARIOS_2025

    readme = (Path(__file__).parent.parent.parent / "docs" / "reports.md").read_text(encoding="utf-8")
    section = readme.split("# The decision memo and workbook", 1)[1]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    (command,) = [c for b in blocks for c in b.replace("\\\n", " ").splitlines() if "--scenarios" in c]
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(app, ["demo", "--export", "mypool/"]).exit_code == 0
    (tmp_path / "mypool" / "scenarier.toml").write_text(SCENARIOS_2025, encoding="utf-8")
    result = CliRunner().invoke(app, shlex.split(command)[1:])
    assert result.exit_code == 0, result.output
    assert "Prisen for hver overstyring" in (tmp_path / "beslutning.html").read_text(encoding="utf-8")


def test_a_base_of_other_applications_is_warned_of(example, scenario_file_2025):
    from digipulje.meeting.memo import memo_case
    from digipulje.meeting.scenarios import scenarios_for_memo
    from digipulje.reports.formats import scenario_warnings

    scenarios = scenarios_for_memo(scenario_file_2025)
    same = memo_case(example.applications, example.pool, scenarios=scenarios)
    assert scenario_warnings(same, scenario_file_2025) == []
    fewer = memo_case([a for a in example.applications if a.id not in ("A2", "A6")], example.pool,
                         scenarios=scenarios)
    assert scenario_warnings(fewer, scenario_file_2025) == [
        f"{scenario_file_2025}: grundlagets ansøgninger er ikke rapportens (A2, A6 findes kun i den ene) — angiv de "
        "samme ansøgningsark i begge"]
