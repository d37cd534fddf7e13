"""Scenarios side by side on the 2025 round, the price of an override, and the scenario file."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from digipulje.base.errors import InputError
from digipulje.cli import app
from digipulje.pool.allocation import Status
from digipulje.pool.model import Pool, Rules
from digipulje.pool.overrides import Action, Override
from digipulje.meeting.scenarios import compare_scenarios
from digipulje.analyses.scenarios import (
    Round,
    Scenario,
    apply_scenario,
    bottom_line_shares,
    department_shares,
    parse_scenario_file,
    read_scenario_file,
)

EXCLUDE_A4 = Override(application="A4", action=Action.EXCLUDE, reason="Udgår", decided_by="Chefforum")
THREE = [Scenario(name="budget 400,000", budget_dkk=400_000), Scenario(name="A4 excluded", override=(EXCLUDE_A4,))]


def _grants(allocation):
    return {d.id: (d.granted_dkk, d.status.value) for d in allocation.decisions}


def test_three_scenarios_of_2025_to_the_krone(example):
    comparison = compare_scenarios(Round(tuple(example.applications), example.pool), THREE)
    base, bigger, without_a4 = comparison.results
    assert [r.name for r in comparison.results] == ["base", "budget 400,000", "A4 excluded"]
    assert _grants(base.allocation) == {
        "A1": (122_500, "partial"), "A2": (0, "not_recommended"), "A3": (75_000, "funded"),
        "A4": (12_500, "funded"), "A5": (40_000, "funded"), "A6": (0, "not_recommended"), "A7": (0, "rejected")}
    assert _grants(bigger.allocation) == {
        "A1": (140_000, "funded"), "A2": (0, "not_recommended"), "A3": (75_000, "funded"),
        "A4": (12_500, "funded"), "A5": (40_000, "funded"), "A6": (0, "not_recommended"), "A7": (0, "rejected")}
    assert _grants(without_a4.allocation) == {
        "A1": (135_000, "partial"), "A2": (0, "not_recommended"), "A3": (75_000, "funded"),
        "A4": (0, "excluded"), "A5": (40_000, "funded"), "A6": (0, "not_recommended"), "A7": (0, "rejected")}
    assert [r.allocation.granted_dkk for r in comparison.results] == [250_000, 267_500, 250_000]
    assert [(d.scenario, d.application, d.base_granted_dkk, d.granted_dkk, d.status) for d in comparison.differences] == [
        ("budget 400,000", "A1", 122_500, 140_000, Status.FUNDED),
        ("A4 excluded", "A1", 122_500, 135_000, Status.PARTIAL),
        ("A4 excluded", "A4", 12_500, 0, Status.EXCLUDED),
    ]


def test_the_price_of_dropping_a4(example):
    """The chiefs' override costs A4's 65 points; its 12,500 kr go to A1."""
    comparison = compare_scenarios(Round(tuple(example.applications), example.pool), THREE)
    (price,) = comparison.results[2].prices
    assert price.override == EXCLUDE_A4
    assert price.score_lost == 65.0
    assert price.changes == {"A1": 12_500, "A4": -12_500}
    assert comparison.results[0].prices == comparison.results[1].prices == ()


def test_without_staying_close_each_scenario_is_decided_on_its_own_terms(example):
    """Not the base's allocation but the scenario's own recommendation is what its overrides move
    money from: the scenario is `decide` there, as `allocate --overrides` gives it."""
    from digipulje.pool.allocating import decide

    bigger = Scenario(name="budget 300,000, A4 excluded", budget_dkk=300_000, override=(EXCLUDE_A4,))
    comparison = compare_scenarios(Round(tuple(example.applications), example.pool), [*THREE[1:], bigger],
                                   stay_close_to_base=False)
    assert comparison.results[1].allocation.granted_by_id() == decide(
        example.applications, example.pool, [EXCLUDE_A4]).granted_by_id() == {
        "A1": 135_000, "A2": 0, "A3": 75_000, "A4": 0, "A5": 40_000, "A6": 0, "A7": 0}
    assert comparison.results[2].allocation.granted_by_id() == decide(
        example.applications, example.pool.model_copy(update={"budget_dkk": 300_000}), [EXCLUDE_A4]).granted_by_id()
    (price,) = comparison.results[1].prices
    assert (price.score_lost, price.changes) == (65.0, {"A1": 12_500, "A4": -12_500})


def test_parallel_comparison_equals_serial(example):
    base = Round(tuple(example.applications), example.pool, tuple(example.overrides))
    scenarios = [*THREE, Scenario(name="weights", weights={"citizen": 3}), Scenario(name="all or nothing",
                                                                                  rules={"partial_floor": 1.0})]
    serial, parallel = compare_scenarios(base, scenarios, workers=1), compare_scenarios(base, scenarios, workers=2)
    assert [r.allocation.granted_by_id() for r in serial.results] == [r.allocation.granted_by_id() for r in parallel.results]
    assert serial.differences == parallel.differences
    assert [r.prices for r in serial.results] == [r.prices for r in parallel.results]


def test_a_scenario_changes_only_what_it_names():
    pool = Pool(budget_dkk=250_000)
    base_overrides = (EXCLUDE_A4,)
    include_a4 = Override(application="A4", action=Action.INCLUDE, reason="Alligevel", decided_by="Chefforum")
    changed, overrides = apply_scenario(pool, base_overrides, Scenario(
        name="s", weights={"evidence": 2}, rules={"max_grants": 3}, override=(include_a4,)))
    assert changed.budget_dkk == 250_000
    assert changed.weights.evidence == 2 and changed.weights.citizen == 1
    assert changed.rules.max_grants == 3 and changed.rules.partial_floor == 0.8
    assert overrides == (include_a4,)  # the scenario's override for A4 replaces the base's


def test_shares_per_department_and_bottom_line(example):
    from digipulje.pool.allocating import allocate

    allocation = allocate(example.applications, example.pool)
    assert department_shares(allocation) == {
        "Børn & Familie": 0.3, "Dagtilbud & Skole": 0.05, "Materialegården": 0.16, "Ældre, Social & Sundhed": 0.49}
    lines = bottom_line_shares(allocation, example.applications)
    assert sum(lines.values()) == pytest.approx(1.0)
    ratings = {a.id: a.ratings for a in example.applications}
    expected_citizen = sum(
        allocation.decision(i).granted_dkk * r.citizen / (r.citizen + r.employee + r.municipality)
        for i, r in ratings.items() if allocation.decision(i).granted_dkk) / 250_000
    assert lines["citizen"] == pytest.approx(expected_citizen)


def test_scenario_file_errors_name_the_file_and_key(english):
    with pytest.raises(InputError) as caught:
        parse_scenario_file({"base": {"applications": ["a.xlsx"]},
                             "scenario": [{"name": "x", "budget": 1}, {"name": "y", "weights": {"citizens": 2}}]},
                            "s.toml")
    assert caught.value.lines == (
        "s.toml: scenario.0.budget: unknown setting: check the spelling (see the README, 'Scenarios and alternatives')",)
    with pytest.raises(InputError) as caught:
        parse_scenario_file({"base": {"applications": ["a.xlsx"]},
                             "scenario": [{"name": "y", "weights": {"citizens": 2}, "rules": {"floor": 1}}]}, "s.toml")
    assert caught.value.lines == (
        "s.toml: scenario 'y': unknown weight 'citizens': use one of citizen, cross_cutting, employee, evidence, "
        "municipality",
        f"s.toml: scenario 'y': unknown rule 'floor': use one of {', '.join(sorted(Rules.model_fields))}",
    )
    assert "max_grants, max_partial_grants, min_grant_dkk, partial_floor" in caught.value.lines[1]
    with pytest.raises(InputError) as caught:
        parse_scenario_file({"base": {"applications": ["a.xlsx"]}, "scenario": [{"name": "base"}]}, "s.toml")
    assert caught.value.lines == ("s.toml: the scenario name 'base' is used more than once: names must be unique",)


def test_a_scenario_with_an_impossible_rule_is_named(example, english):
    with pytest.raises(InputError) as caught:
        apply_scenario(example.pool, (), Scenario(name="tight", rules={"partial_floor": 1.5}))
    assert caught.value.lines == ("scenario 'tight': rules.partial_floor: Input should be less than or equal to 1",)


def test_read_scenario_file_reads_the_base_relative_to_it(round_2025):
    parsed, base = read_scenario_file(round_2025 / "scenarier.toml")
    assert parsed.base.name == "Indstilling"
    assert [s.name for s in parsed.scenario] == ["Pulje 400.000", "A4 udtaget"]
    assert len(base.applications) == 7 and base.pool.budget_dkk == 250_000 and base.overrides == ()


def test_cli_compare_table_is_danish_and_marks_differences(round_2025):
    result = CliRunner().invoke(app, ["compare", str(round_2025 / "scenarier.toml"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    a1 = next(line for line in lines if line.startswith("A1 "))
    assert a1.split("  ")[0] == "A1 TOBS og triagering tilkøbsmodul"
    assert "kr. 122.500 (delvist bevilget)" in a1 and "kr. 140.000 (bevilget)*" in a1
    assert "kr. 135.000 (delvist bevilget)*" in a1
    assert "* afviger fra Indstilling" in lines
    assert ("  A4 udtaget: A4 udtaget (Chefforum: Webintegration til IST Tjenestetid udgår) koster 65,0 point; "
            "A1 +kr. 12.500, A4 −kr. 12.500") in lines


def test_cli_compare_json(round_2025):
    result = CliRunner().invoke(app, ["compare", str(round_2025 / "scenarier.toml"), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert [s["name"] for s in payload["scenarios"]] == ["Indstilling", "Pulje 400.000", "A4 udtaget"]
    assert [s["allocation"]["granted_dkk"] for s in payload["scenarios"]] == [250_000, 267_500, 250_000]
    assert payload["scenarios"][1]["changes"]["budget_dkk"] == 400_000
    assert payload["scenarios"][2]["override_prices"][0]["changes_dkk"] == {"A1": 12_500, "A4": -12_500}
    assert payload["differences"][0] == {"scenario": "Pulje 400.000", "id": "A1", "base_granted_dkk": 122_500,
                                         "granted_dkk": 140_000, "base_status": "partial", "status": "funded"}


def test_cli_compare_csv_and_xlsx(round_2025):
    runner = CliRunner()
    out = round_2025 / "sammenligning.csv"
    assert runner.invoke(app, ["compare", str(round_2025 / "scenarier.toml"), "--format", "csv", "--out", str(out)]).exit_code == 0
    rows = [line.split(";") for line in out.read_text(encoding="utf-8-sig").splitlines()]
    assert rows[0][:5] == ["id", "title", "Indstilling: granted_dkk", "Pulje 400.000: granted_dkk", "A4 udtaget: granted_dkk"]
    assert rows[1][:5] == ["A1", "TOBS og triagering tilkøbsmodul", "122500", "140000", "135000"]
    assert rows[-3:] == [["total", "", "250000", "267500", "250000"], ["total_score", "", "265.00", "265.00", "200.00"],
                         ["grants", "", "4", "4", "3"]]

    book = round_2025 / "sammenligning.xlsx"
    result = runner.invoke(app, ["compare", str(round_2025 / "scenarier.toml"), "--format", "xlsx", "--out", str(book)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(book).active
    assert [c.value for c in sheet[1]] == ["Ansøgning", "Indstilling", "Pulje 400.000", "A4 udtaget"]
    assert sheet["B2"].value == "kr. 122.500 (delvist bevilget)"
    assert sheet["C2"].fill.fgColor.rgb.endswith("FFF2CC") and sheet["B2"].fill.fill_type is None


@pytest.mark.usefixtures("english")
def test_cli_compare_xlsx_needs_an_out_file(round_2025):
    result = CliRunner().invoke(app, ["compare", str(round_2025 / "scenarier.toml"), "--format", "xlsx"])
    assert result.exit_code == 1
    assert result.stderr == "error: --format xlsx writes a workbook: give the file with --out, e.g. --out sammenligning.xlsx\n"


@pytest.mark.usefixtures("english")
def test_cli_compare_missing_file(tmp_path):
    result = CliRunner().invoke(app, ["compare", str(tmp_path / "nope.toml")])
    assert result.exit_code == 1
    assert result.stderr == f"error: {tmp_path / 'nope.toml'}: file not found\n"


def test_the_readme_scenario_file_runs(round_2025):
    """The README's example file, as written there, gives the three columns it describes."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "docs" / "scenarios.md").read_text(encoding="utf-8")
    section = readme[readme.index("# Scenarios and alternatives"):]
    toml = re.search(r"```toml\n(.*?)```", section, re.S).group(1)
    (round_2025 / "readme.toml").write_text(toml, encoding="utf-8")
    result = CliRunner().invoke(app, ["compare", str(round_2025 / "readme.toml"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    price = re.search(r"```\n(A4 udtaget: .*?)\n```", section).group(1)
    assert f"  {price}" in result.stdout.splitlines()


def test_a_scenario_whose_overrides_collide_is_named(example, english):
    fix = Override(application="A1", action=Action.FIX, amount_dkk=140_000, reason="r", decided_by="CF")
    include = Override(application="A2", action=Action.INCLUDE, reason="r", decided_by="CF")
    from digipulje.base.errors import OverrideConflict

    with pytest.raises(OverrideConflict) as caught:
        compare_scenarios(Round(tuple(example.applications), example.pool), [Scenario(name="both", override=(fix, include))],
                workers=2)
    assert caught.value.lines == (
        "scenario 'both': overrides cannot all hold: together they need at least 302,612 kr, more than the "
        "budget of 250,000 kr (fix A1 at 140,000 kr (CF: r); include A2 (CF: r))",)
