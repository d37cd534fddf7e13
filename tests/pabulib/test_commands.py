"""Every command reads a Pabulib `.pb` file and optimises the voters' support, saying so."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from digipulje.cli import app

PB = """META
key;value
description;Test instance
country;Denmark
unit;Albertslund
instance;2026
num_projects;4
num_votes;5
budget;100000
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;name
1;60000;Legeplads
2;50000;Cykelskur
3;40000;Bænke
4;30000;Lys
VOTES
voter_id;vote
v1;1,2
v2;1,3
v3;1,4
v4;2,3
v5;3,4
"""
SUPPORT = {"1": 3, "2": 2, "3": 3, "4": 2}  # ballots naming each project
BEST = ("3", "4")  # 70,000 kr for support 5; 1+3 would need 100,000 kr for support 6


@pytest.fixture
def pb(tmp_path):
    path = tmp_path / "albertslund.pb"
    path.write_text(PB, encoding="utf-8")
    return path


def run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_allocate_says_support_and_funds_the_most_support(pb):
    payload = json.loads(run("allocate", pb, "--format", "json"))
    assert payload["value_kind"] == "support"
    assert {a["id"]: a["support"] for a in payload["applications"]} == SUPPORT
    funded = tuple(a["id"] for a in payload["applications"] if a["granted_dkk"])
    assert funded == ("1", "3") and payload["total_support"] == 6
    assert "Støtte" in run("allocate", pb).splitlines()[2]
    # nothing is rated in such a round: no score beside the support, and what it would take is in support
    assert "total_score" not in payload and not any("score" in a for a in payload["applications"])
    lost = [a for a in payload["applications"] if not a["granted_dkk"] and "if_funded" in a]
    assert lost and all(set(a["if_funded"]) == {"total_support", "funded"} and a["if_funded"]["total_support"] < 6
                        for a in lost)


def test_alternatives_list_sets_by_support(pb):
    payload = json.loads(run("alternatives", pb, "--top", "2", "--format", "json"))
    options = payload["alternatives"]
    assert payload["value_kind"] == "support" and len(options) == 2
    assert options[0]["funded"] == ["1", "3"] and options[0]["total_support"] == 6
    assert options[1]["total_support"] <= 6 and options[1]["gap"] == 6 - options[1]["total_support"]
    assert "Samlet støtte" in run("alternatives", pb, "--top", "2")


def test_the_budget_curve_rises_with_support(pb):
    payload = json.loads(run("sweep", pb, "--budget", "0:100000:10000", "--format", "json"))
    assert payload["value_kind"] == "support"
    totals = [p["total_support"] for p in payload["points"]]
    assert totals[0] == 0 and totals[-1] == 6 and totals == sorted(totals)
    at = {p["budget_dkk"]: p for p in payload["points"]}
    assert at[70_000]["funded"] == list(BEST) and at[70_000]["total_support"] == 5
    # A larger pool picks another set: 3 and 4 at 70,000 kr, then 1 and 3 at 100,000 kr.
    assert "4" in payload["drops_out"] and 100_000 in payload["drops_out"]["4"]
    assert "Samlet støtte" in run("sweep", pb, "--budget", "0:100000:10000")


def test_robustness_and_compare_read_pb(pb, tmp_path):
    payload = json.loads(run("robustness", pb, "--draws", "20", "--format", "json"))
    shares = {a["id"]: a["funded_share"] for a in payload["applications"]}
    assert shares == {"1": 1.0, "2": 0.0, "3": 1.0, "4": 0.0}  # the weights do not move support
    scenarios = tmp_path / "scenarier.toml"
    scenarios.write_text(f'[base]\napplications = ["{pb.name}"]\n\n[[scenario]]\nname = "Mindre"\n'
                         'budget_dkk = 70000\n', encoding="utf-8")
    text = run("compare", scenarios, "--lang", "en", "--workers", "1")
    assert "Total support" in text and "Total score" not in text


def test_the_workbook_gives_the_support(pb, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "fordeling.xlsx"
    CliRunner().invoke(app, ["report", str(pb), "--out", str(out)])
    rows = list(load_workbook(out).worksheets[0].iter_rows(values_only=True))
    header = list(rows[0])
    assert "Støtte" in header and "Score" not in header
    column = header.index("Støtte")
    assert {r[0]: r[column] for r in rows[1:] if r[0] in SUPPORT} == SUPPORT
