"""The acceptance test: the real 2025 round, recommendation and decision, to the krone."""

from __future__ import annotations

import pytest
import json

from typer.testing import CliRunner

from digipulje.cli import app
from digipulje.pool.allocating import allocate

RECOMMENDATION = {
    "A1": (122_500, "partial"), "A2": (0, "not_recommended"), "A3": (75_000, "funded"),
    "A4": (12_500, "funded"), "A5": (40_000, "funded"), "A6": (0, "not_recommended"), "A7": (0, "rejected"),
}
DECISION = {
    "A1": (135_000, "partial"), "A2": (0, "not_recommended"), "A3": (75_000, "funded"),
    "A4": (0, "excluded"), "A5": (40_000, "funded"), "A6": (0, "not_recommended"), "A7": (0, "rejected"),
}


def _outcome(allocation_json):
    return {a["id"]: (a["granted_dkk"], a["status"]) for a in allocation_json["applications"]}


def test_the_example_sheet_holds_the_seven_applications_of_the_minutes(example):
    asked = {a.id: a.requested_dkk for a in example.applications}
    assert asked == {"A1": 140_000, "A2": 203_264, "A3": 75_000, "A4": 12_500, "A5": 40_000,
                     "A6": 100_000, "A7": 30_000}
    assert sum(asked.values()) == 600_764
    assert len({a.department for a in example.applications}) == 4
    assert example.pool.budget_dkk == 250_000


def test_recommendation_and_decision(example):
    recommendation = allocate(example.applications, example.pool)
    assert _outcome(recommendation.to_json()) == RECOMMENDATION
    assert recommendation.granted_dkk == 250_000
    decision = allocate(example.applications, example.pool, example.overrides,
                        baseline=recommendation.granted_by_id())
    assert _outcome(decision.to_json()) == DECISION
    assert decision.granted_dkk == 250_000


def test_without_the_baseline_the_chiefs_money_could_go_elsewhere(example):
    """Stage 4 is what sends the 12,500 kr to A1: the decision moves as little as it must."""
    decision = allocate(example.applications, example.pool, example.overrides,
                        baseline=allocate(example.applications, example.pool).granted_by_id())
    moved = dict(decision.solver.stages)["kroner moved from baseline"]
    assert moved == 12_500


def test_demo_json_is_the_golden_case():
    result = CliRunner().invoke(app, ["demo", "--format", "json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert _outcome(payload["recommendation"]) == RECOMMENDATION
    assert _outcome(payload["decision"]) == DECISION
    assert payload["recommendation"]["granted_dkk"] == payload["decision"]["granted_dkk"] == 250_000
    a6 = next(a for a in payload["recommendation"]["applications"] if a["id"] == "A6")
    assert a6["reasons"] == [
        "Not recommended by the council: Der er muligvis andre alternativer, som vil være billigere og "
        "lettere at implementere; det bør afklares nærmere, herunder evt. anvendelse af samme løsning "
        "på kommunens øvrige biler"
    ]
    assert payload["decision"]["solver"]["name"] == "exact"


def test_demo_table_is_danish():
    result = CliRunner().invoke(app, ["demo"])
    assert result.exit_code == 0
    assert "kr. 122.500" in result.stdout
    assert "kr. 135.000" in result.stdout
    assert "Chefforums beslutning" in result.stdout


def test_exported_example_allocates_like_the_demo(tmp_path):
    runner = CliRunner()
    assert runner.invoke(app, ["demo", "--export", str(tmp_path)]).exit_code == 0
    rec = runner.invoke(app, ["allocate", str(tmp_path / "ansoegninger-2025.xlsx"),
                              "--pool", str(tmp_path / "pulje-2025.toml"), "--format", "json",
                              "--out", str(tmp_path / "rec.json")])
    assert rec.exit_code == 0, rec.output
    dec = runner.invoke(app, ["allocate", str(tmp_path / "ansoegninger-2025.xlsx"),
                              "--pool", str(tmp_path / "pulje-2025.toml"),
                              "--overrides", str(tmp_path / "chefforum-2025-05-07.toml"),
                              "--baseline", str(tmp_path / "rec.json"), "--format", "json"])
    assert dec.exit_code == 0, dec.output
    assert _outcome(json.loads((tmp_path / "rec.json").read_text())) == RECOMMENDATION
    assert _outcome(json.loads(dec.stdout)) == DECISION


@pytest.mark.usefixtures("english")
def test_export_never_overwrites(tmp_path):
    runner = CliRunner()
    runner.invoke(app, ["demo", "--export", str(tmp_path)])
    again = runner.invoke(app, ["demo", "--export", str(tmp_path)])
    assert again.exit_code == 1
    assert f"error: {tmp_path / 'ansoegninger-2025.xlsx'}: already exists" in again.stderr


def test_overrides_without_a_baseline_change_the_recommendation_only_where_they_must(tmp_path):
    """`allocate --overrides` is a decision on the recommendation, like `demo` and `report`."""
    from digipulje.pool.example import APPLICATIONS_FILE, OVERRIDES_FILE, POOL_FILE, example_path

    result = CliRunner().invoke(app, ["allocate", str(example_path(APPLICATIONS_FILE)),
                                      "--pool", str(example_path(POOL_FILE)),
                                      "--overrides", str(example_path(OVERRIDES_FILE)), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert _outcome(json.loads(result.stdout)) == DECISION


def test_decide_with_an_explicit_baseline_follows_it(example):
    from digipulje.pool.allocating import decide

    baseline = {"A1": 140_000, "A3": 70_000, "A4": 0, "A5": 40_000}
    decision = decide(example.applications, example.pool, example.overrides, baseline=baseline)
    assert decision.granted_by_id()["A1"] == 140_000
    assert decision.granted_by_id()["A3"] == 70_000
