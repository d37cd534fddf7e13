"""Results as DataFrames: the same numbers as the result they come from, money as whole kroner."""

from __future__ import annotations

import math

import pandas as pd

from digipulje.messages import use_language
from digipulje.pool.allocating import allocate
from digipulje.analyses.curve import budget_curve
from digipulje.analyses.robustness import weight_robustness
from digipulje.meeting.scenarios import compare_scenarios
from digipulje.analyses.scenarios import read_scenario_file

MONEY = ["requested_dkk", "min_dkk", "granted_dkk"]


def test_an_allocation_frame_has_a_row_per_application_indexed_by_id(example):
    recommendation = allocate(example.applications, example.pool)
    frame = recommendation.to_frame()
    assert frame.index.name == "id" and list(frame.index) == [d.id for d in recommendation.decisions]
    assert list(frame.columns) == ["title", "department", "requested_dkk", "min_dkk", "granted_dkk", "status",
                                   "score", "reason", "reason_code"]
    assert all(frame[c].dtype == "int64" for c in MONEY)
    assert frame["granted_dkk"].to_dict() == recommendation.granted_by_id()
    assert int(frame["granted_dkk"].sum()) == recommendation.granted_dkk == 250_000
    assert frame.loc["A1", "status"] == "partial" and frame.loc["A7", "status"] == "rejected"
    assert frame.loc["A1", "reason"].startswith("Delvist bevilget: kr. 122.500 af kr. 140.000")
    with use_language("en"):
        assert recommendation.to_frame().loc["A1", "reason"].startswith("Partly granted: DKK 122,500 of DKK 140,000")


def test_a_participatory_budgeting_round_has_the_support(tmp_path):
    from digipulje.applications.spreadsheet import read_applications
    from digipulje.pool.pabulib import pabulib_pool

    path = tmp_path / "tiny.pb"
    path.write_text("META\nkey;value\ndescription;tiny\nnum_projects;3\nnum_votes;3\nbudget;100\nvote_type;approval\n"
                    "PROJECTS\nproject_id;cost;name\np1;60;Park\np2;50;Bænke\np3;40;Lys\n"
                    "VOTES\nvoter_id;vote\nv1;p1,p2\nv2;p2,p3\nv3;p2\n", encoding="utf-8")
    applications = read_applications([path])
    frame = allocate(applications, pabulib_pool([path])).to_frame()
    assert frame["support"].to_dict() == {"p1": 1, "p2": 3, "p3": 1}
    assert frame["support"].dtype == "int64"
    assert frame["granted_dkk"].to_dict() == {"p1": 0, "p2": 50, "p3": 40}


def test_a_comparison_frame_gives_each_scenario_beside_the_base(round_2025):
    scenarios, base = read_scenario_file(round_2025 / "scenarier.toml")
    comparison = compare_scenarios(base, scenarios.scenario, base_name=scenarios.base.name)
    frame = comparison.to_frame()
    assert frame.index.names == ["scenario", "id"]
    wide = frame["granted_dkk"].unstack("scenario")
    assert list(wide.columns) == ["Indstilling", "Pulje 400.000", "A4 udtaget"]
    for result in comparison.results:
        assert wide[result.name].to_dict() == result.allocation.granted_by_id()
    dropped = frame.loc[("A4 udtaget", "A4")]
    assert (dropped["base_granted_dkk"], dropped["granted_dkk"], dropped["difference_dkk"]) == (12_500, 0, -12_500)
    assert (dropped["base_status"], dropped["status"]) == ("funded", "excluded")
    changed = frame[frame["difference_dkk"] != 0].index.tolist()
    assert changed == [(d.scenario, d.application) for d in comparison.differences
                       if d.granted_dkk != d.base_granted_dkk]
    assert all(frame[c].dtype == "int64" for c in ["requested_dkk", "base_granted_dkk", "granted_dkk",
                                                  "difference_dkk"])


def test_a_curve_frame_agrees_with_allocate_at_every_budget(example):
    budgets = list(range(0, 400_001, 50_000))
    frame = budget_curve(example.applications, example.pool, budgets).to_frame()
    assert frame.index.name == "budget_dkk" and list(frame.index) == budgets
    assert list(frame.columns) == ["total_score", "granted_dkk", "remainder_dkk", "grants", "marginal_per_10k",
                                   "funded"]
    assert math.isnan(frame.loc[0, "marginal_per_10k"])
    for budget in budgets:
        allocation = allocate(example.applications, example.pool.with_budget(budget))
        row = frame.loc[budget]
        assert (row["total_score"], row["granted_dkk"], row["remainder_dkk"]) == (
            allocation.total_score, allocation.granted_dkk, allocation.remainder_dkk)
        assert row["funded"] == ", ".join(d.id for d in allocation.decisions if d.granted_dkk > 0)
    assert frame["granted_dkk"].dtype == "int64"


def test_a_robustness_frame_counts_the_draws(example):
    result = weight_robustness(example.applications, example.pool, draws=40, seed=7)
    frame = result.to_frame()
    assert list(frame.index) == sorted(result.funded_share)
    assert list(frame.columns) == ["title", "funded_share", "funded_draws", "funded_at_pool_weights"]
    assert frame["funded_draws"].dtype == "int64" and frame["funded_draws"].between(0, 40).all()
    assert (frame["funded_draws"] / 40).tolist() == frame["funded_share"].tolist()
    assert frame.index[frame["funded_at_pool_weights"]].tolist() == sorted(result.base_funded)
    assert isinstance(frame, pd.DataFrame)
