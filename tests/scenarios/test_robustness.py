"""Robustness to the weights: reproducible draws, the same shares in parallel, exact per draw."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from digipulje.base.errors import SolverFailure
from digipulje.cli import app
from digipulje.pool.allocating import allocate
from digipulje.analyses.robustness import draw_weights, funded_with, weight_robustness
from digipulje.scoring.weights import Weights
from tests.factories import small_rounds


def test_a_fixed_seed_gives_the_same_result(example):
    first = weight_robustness(example.applications, example.pool, draws=60, seed=7)
    again = weight_robustness(list(reversed(example.applications)), example.pool, draws=60, seed=7)
    assert first == again
    other = draw_weights(example.pool.weights, 60, seed=8)
    assert other != draw_weights(example.pool.weights, 60, seed=7)


def test_parallel_equals_serial(example):
    serial = weight_robustness(example.applications, example.pool, draws=80, seed=3, workers=1)
    parallel = weight_robustness(example.applications, example.pool, draws=80, seed=3, workers=2)
    assert serial == parallel


def test_the_2025_shares(example):
    result = weight_robustness(example.applications, example.pool, draws=200, seed=2025)
    assert result.base_funded == ("A1", "A3", "A4", "A5")
    assert {i: result.funded_share[i] for i in ("A2", "A6", "A7")} == {"A2": 0.0, "A6": 0.0, "A7": 0.0}
    assert result.funded_share["A1"] == result.funded_share["A3"] == 1.0
    assert all(0.0 <= s <= 1.0 and math.isclose(s * 200, round(s * 200)) for s in result.funded_share.values())


def test_the_distribution_keeps_zero_weights_and_centres_on_the_pool():
    weights = Weights(citizen=2, employee=1, municipality=1, evidence=0, cross_cutting=1)
    drawn = draw_weights(weights, 2000, spread=0.25, seed=1)
    assert all(w.evidence == 0 for w in drawn)
    logs = [math.log(w.citizen / 2) for w in drawn]
    mean = sum(logs) / len(logs)
    sd = math.sqrt(sum((x - mean) ** 2 for x in logs) / len(logs))
    assert abs(mean) < 0.02 and abs(sd - 0.25) < 0.02
    assert draw_weights(weights, 5, spread=0.0, seed=1) == [weights] * 5


@settings(max_examples=25)
@given(small_rounds(), st.integers(0, 10_000))
def test_each_draw_funds_what_allocate_funds(round_, seed):
    """The fast per-draw answer is the integer program's, for weights drawn far from the pool's."""
    apps, pool = round_
    for weights in draw_weights(pool.weights, 3, spread=0.8, seed=seed):
        drawn = pool.model_copy(update={"weights": weights})
        try:
            allocation = allocate(apps, drawn)
        except SolverFailure:  # CBC sometimes calls a feasible tie-break stage infeasible: ask HiGHS
            allocation = allocate(apps, drawn, solver="highs")
        expected = tuple(d.id for d in allocation.decisions if d.granted_dkk > 0)
        assert funded_with(tuple(apps), drawn, ()) == expected


def test_cli_robustness(round_2025):
    runner = CliRunner()
    sheet, pool = str(round_2025 / "ansoegninger-2025.xlsx"), str(round_2025 / "pulje-2025.toml")
    result = runner.invoke(app, ["robustness", sheet, "--pool", pool, "--draws", "50", "--seed", "1", "--workers", "1"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "50 trækninger af vægtene, spredning 0,25, frø 1"
    assert " ".join(lines[4].split()) == "A1 TOBS og triagering tilkøbsmodul delvist bevilget 100,0 %"
    payload = json.loads(runner.invoke(app, ["robustness", sheet, "--pool", pool, "--draws", "50", "--seed", "1",
                                             "--format", "json"]).stdout)
    assert payload["draws"] == 50 and payload["seed"] == 1
    assert {a["id"]: a["funded_with_pool_weights"] for a in payload["applications"]}["A4"] is True
    assert result.stderr == ""  # no progress bar when not on a terminal


def test_every_new_command_has_help():
    for command in ("compare", "sweep", "alternatives", "robustness"):
        result = CliRunner().invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "Brug:" in result.stdout


def test_applications_alike_in_ratings_and_amounts_are_said_to_be_decided_by_their_rank():
    """They score alike under any weights: in every draw their rank decides between them, so
    their shares differ without the weights having anything to do with it; the output says so."""
    from digipulje.pool.model import Pool
    from digipulje.reports.alternatives import render_robustness_table, robustness_json
    from tests.factories import application

    apps = [application(i, 100_000, ratings=(4, 3, 3, 2, 2), min_dkk=100_000) for i in ("P2", "P8", "P11", "P15")]
    apps += [application("Q1", 60_000, ratings=(4, 4, 1, 1, 1), min_dkk=60_000),
             application("Q2", 60_000, ratings=(1, 1, 4, 4, 4), min_dkk=60_000)]
    result = weight_robustness(apps, Pool(budget_dkk=260_000), draws=40, seed=1)
    assert result.funded_share["P11"] == result.funded_share["P15"] == 1.0  # first as text: P11, P15, P2, P8
    assert result.funded_share["P8"] < 1.0
    assert result.alike == (("P11", "P15", "P2", "P8"),)
    assert ("P11, P15, P2 og P8 har samme vurderinger og beløb: de får samme score uanset vægtene, så i hver "
            "trækning afgør deres rækkefølge (ID sorteret som tekst) mellem dem.") in render_robustness_table(result)
    assert robustness_json(result)["alike"] == [["P11", "P15", "P2", "P8"]]


def test_an_application_the_chiefs_include_is_not_said_to_be_decided_by_its_rank():
    from digipulje.pool.model import Pool
    from digipulje.pool.overrides import Action, Override
    from tests.factories import application

    apps = [application(i, 100_000, ratings=(4, 3, 3, 2, 2), min_dkk=100_000) for i in ("P2", "P8", "P11", "P15")]
    include = Override(application="P8", action=Action.INCLUDE, reason="skal med", decided_by="Chefforum")
    result = weight_robustness(apps, Pool(budget_dkk=260_000), [include], draws=20, seed=1)
    assert result.funded_share["P8"] == 1.0 and result.funded_share["P2"] == 0.0
    assert result.alike == (("P11", "P15", "P2"),)  # P8 is the chiefs' decision, not its rank's


def test_the_table_shows_each_status_with_the_pools_weights(example, danish):
    """Not only funded or not: a partial grant, a rejection and the council's "not recommended" are
    said as such (a partial grant read "bevilget", a rejected application "ikke bevilget")."""
    from digipulje.reports.alternatives import render_robustness_table

    result = weight_robustness(example.applications, example.pool, example.overrides, draws=20, seed=1)
    rows = {line.split()[0]: line for line in render_robustness_table(result, "da").splitlines()
            if line[:2] in {"A1", "A2", "A4", "A7"}}
    assert "delvist bevilget" in rows["A1"]
    assert "ikke anbefalet" in rows["A2"]
    assert "udtaget" in rows["A4"]
    assert "afvist" in rows["A7"]
