"""The budget curve: one dynamic programme, checked point by point against the integer program."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from digipulje.base.errors import InputError, OverrideConflict
from digipulje.cli import app
from digipulje.pool.allocating import allocate
from digipulje.pool.candidates import allocation_problem
from digipulje.analyses.curve import budget_curve, parse_budget_range
from digipulje.pool.model import Pool, Rules
from digipulje.pool.overrides import Action, Override
from digipulje.solver.constraints import violated_constraints
from digipulje.solver.sweep import sweep_budgets
from tests.factories import application, small_rounds

STAGES = ("total value", "kroner granted", "partial grants", "tie-break: kroner to higher-ranked")


def _objectives(allocation):
    stages = dict(allocation.solver.stages)
    return tuple(stages.get(name, 0) for name in STAGES)


def _assert_same_as_allocate(point, apps, pool, overrides=()):
    """The point equals `allocate` at its budget: every stage's optimum, and the grants.

    The tie-break (kroner to the higher-ranked, Σ rank weight × kroner) can itself tie: two
    allocations may reach the same sum, and the curve and the solver may then pick different
    ones (CBC and HiGHS too). Where the grants differ, both must be optimal at every stage and
    keep every rule.
    """
    allocation = allocate(apps, pool.with_budget(point.budget_dkk), overrides)
    expected = _objectives(allocation)
    assert (point.value, point.kroner, point.partials, point.tie_break) == expected
    granted = {i: v for i, v in point.granted.items() if v}
    if granted != {i: v for i, v in allocation.granted_by_id().items() if v}:
        _, problem = allocation_problem(apps, pool.with_budget(point.budget_dkk), overrides)
        assert violated_constraints(problem, point.granted) == []


@settings(max_examples=30)
@given(small_rounds(), st.lists(st.integers(0, 160), min_size=1, max_size=5, unique=True))
def test_every_point_equals_a_milp_solve(round_, thousands):
    """At every budget: the same four objective values and the same grants as `allocate`."""
    apps, pool = round_
    budgets = sorted(k * 1000 for k in thousands)
    _, problem = allocation_problem(apps, pool.with_budget(max(budgets)))
    for point in sweep_budgets(problem.candidates, budgets, pool.rules.max_grants):
        _assert_same_as_allocate(point, apps, pool)


@settings(max_examples=15)
@given(st.lists(st.tuples(st.integers(10_000, 90_000), st.integers(1, 4)), min_size=1, max_size=6),
       st.lists(st.integers(10_000, 300_000), min_size=1, max_size=3, unique=True))
def test_whole_krone_amounts_and_overrides(requests, budgets):
    """Amounts that share no divisor (the programme runs in whole kroner), with an include and a fix."""
    apps = [application(f"K{i}", r, ratings=(q, 3, 3, q, 2)) for i, (r, q) in enumerate(requests)]
    overrides = [Override(application="K0", action=Action.INCLUDE, reason="r", decided_by="CF")]
    if len(apps) > 1:
        overrides.append(Override(application="K1", action=Action.FIX, amount_dkk=requests[1][0] // 2 + 1,
                                  reason="r", decided_by="CF"))
    pool = Pool(budget_dkk=max(budgets), rules=Rules(max_partial_grants="any"))  # the curve has no partial-grant limit yet
    try:
        _, problem = allocation_problem(apps, pool, overrides)
        points = sweep_budgets(problem.candidates, sorted(budgets))
    except OverrideConflict:
        return
    for point in points:
        _assert_same_as_allocate(point, apps, pool, overrides)


def test_the_2025_curve_with_one_partial_grant(example):
    """The pool's default: at most one grant below its request. Four grants need 239,500 kr then."""
    curve = budget_curve(example.applications, example.pool, parse_budget_range("0:700000:25000"))
    at = {p.budget_dkk: p for p in curve.points}
    for budget in (200_000, 225_000, 250_000):
        assert at[budget].granted == allocate(example.applications, example.pool.with_budget(budget)).granted_by_id()
    assert at[225_000].funded == ("A1", "A3", "A4") and at[225_000].total_score == 210.0
    assert at[250_000].funded == ("A1", "A3", "A4", "A5") and at[250_000].total_score == 265.0


def test_the_2025_curve(example):
    """With any number of partial grants (the rule the pool file can choose: "any")."""
    example = type(example)(**{**example.__dict__, "pool": example.pool.model_validate(
        {**example.pool.model_dump(), "rules": {**example.pool.rules.model_dump(), "max_partial_grants": "any"}})})
    curve = budget_curve(example.applications, example.pool, parse_budget_range("0:700000:25000"))
    at = {p.budget_dkk: p for p in curve.points}
    recommendation = allocate(example.applications, example.pool)
    assert at[250_000].granted == recommendation.granted_by_id()
    assert at[250_000].total_score == 265.0
    assert at[225_000].funded == ("A1", "A3", "A4", "A5")
    assert at[700_000].granted_dkk == 267_500  # everything recommended is funded in full
    # A larger pool changes the best set: A3 and A5 each get money at a small budget, lose it higher up
    # (A1 needs the room) and come back. They "come in" only where they stay funded.
    assert curve.entries == {"A1": 175_000, "A2": None, "A3": 200_000, "A4": 25_000, "A5": 225_000, "A6": None,
                             "A7": None}
    assert [(c.budget_dkk, c.came_in, c.dropped_out) for c in curve.changes] == [
        (25_000, ("A4",), ()), (50_000, ("A5",), ()), (75_000, ("A3",), ("A5",)), (125_000, ("A5",), ()),
        (175_000, ("A1",), ("A3",)), (200_000, ("A3",), ("A5",)), (225_000, ("A5",), ())]
    assert curve.unstable == ("A3", "A5")
    assert curve.drops_out["A5"] == (75_000, 200_000)
    for change in curve.changes:  # each change is what the points say
        before = next(p for p in reversed(curve.points) if p.budget_dkk < change.budget_dkk)
        assert set(at[change.budget_dkk].funded) == (set(before.funded) | set(change.came_in)) - set(change.dropped_out)
    assert at[0].marginal_per_10k is None
    assert at[25_000].marginal_per_10k == 26.0  # A4's 65 points for the first 25,000 kr
    assert all(p.total_score <= q.total_score for p, q in zip(curve.points, curve.points[1:]))


def test_budget_range_text(english):
    assert parse_budget_range("100000:130000:10000") == [100_000, 110_000, 120_000, 130_000]
    assert parse_budget_range("100.000:120.000:10.000") == [100_000, 110_000, 120_000]
    with pytest.raises(InputError) as caught:
        parse_budget_range("100000-200000")
    assert caught.value.lines == ("budget range '100000-200000': write FROM:TO:STEP in whole kroner, "
                                  "e.g. 100000:600000:10000",)
    with pytest.raises(InputError) as caught:
        parse_budget_range("200000:100000:1000")
    assert caught.value.lines == ("budget range '200000:100000:1000': FROM must be at least 0, TO at least FROM and "
                                  "STEP above 0; write FROM:TO:STEP in whole kroner, e.g. 100000:600000:10000",)


def test_overrides_that_need_more_than_the_lowest_budget(english):
    apps = [application("A", 100_000), application("B", 50_000)]
    fix = Override(application="A", action=Action.FIX, amount_dkk=90_000, reason="r", decided_by="CF")
    with pytest.raises(OverrideConflict) as caught:
        budget_curve(apps, Pool(), [50_000, 150_000], [fix])
    assert caught.value.lines == ("the overrides need at least 90,000 kr: start the budget range there",)


def test_cli_sweep_outputs(round_2025):
    runner = CliRunner()
    sheet, pool = str(round_2025 / "ansoegninger-2025.xlsx"), str(round_2025 / "pulje-2025.toml")
    chart = round_2025 / "kurve.svg"
    result = runner.invoke(app, ["sweep", sheet, "--pool", pool, "--budget", "200000:300000:50000",
                                 "--chart", str(chart)])
    assert result.exit_code == 0, result.output
    rows = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert "kr. 250.000 265,0 kr. 250.000 11,00 A1 A3 A4 A5" in rows
    assert "A1 TOBS og triagering tilkøbsmodul: kr. 200.000" in rows
    svg = chart.read_text(encoding="utf-8")
    assert svg.startswith("<svg ") and "Budgetkurve" in svg and "Digitaliseringspuljen 2025" in svg

    result = runner.invoke(app, ["sweep", sheet, "--pool", pool, "--budget", "200000:300000:50000", "--format", "json"])
    payload = json.loads(result.stdout)
    assert [p["total_score"] for p in payload["points"]] == [210.0, 265.0, 265.0]
    assert payload["points"][1]["granted"] == {"A1": 122_500, "A3": 75_000, "A4": 12_500, "A5": 40_000}

    result = runner.invoke(app, ["sweep", sheet, "--pool", pool, "--budget", "200000:300000:50000", "--format", "csv"])
    rows = result.stdout.splitlines()
    assert rows[0].startswith("budget_dkk;total_score;granted_dkk;marginal_score_per_10000_dkk;A1_dkk")
    assert rows[2] == "250000;265.00;250000;11.0000;122500;0;75000;12500;40000;0;0"

    # one budget: the point alone, no "funded from" or "changes" along a range that has none
    result = runner.invoke(app, ["sweep", sheet, "--pool", pool, "--budget", "250000:250000:1"])
    assert result.exit_code == 0, result.output
    rows = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert rows[-1] == "kr. 250.000 265,0 kr. 250.000 A1 A3 A4 A5" and len(rows) == 3


@pytest.mark.usefixtures("english")
def test_cli_sweep_bad_range(round_2025):
    result = CliRunner().invoke(app, ["sweep", str(round_2025 / "ansoegninger-2025.xlsx"), "--budget", "abc"])
    assert result.exit_code == 1
    assert result.stderr == ("error: budget range 'abc': write FROM:TO:STEP in whole kroner, "
                             "e.g. 100000:600000:10000\n")


def test_too_large_for_one_pass_falls_back_to_one_solve_per_budget(example, monkeypatch):
    from digipulje.solver import sweep as solver_sweep

    budgets = [200_000, 250_000]
    one_pass = budget_curve(example.applications, example.pool, budgets)
    monkeypatch.setattr(solver_sweep, "MAX_BYTES", 0)
    with pytest.raises(solver_sweep.SweepTooLarge):
        _, problem = allocation_problem(example.applications, example.pool)
        sweep_budgets(problem.candidates, budgets)
    assert budget_curve(example.applications, example.pool, budgets) == one_pass


def test_the_chart_is_well_formed_with_round_ticks(example):
    import xml.etree.ElementTree as ET

    from digipulje.reports.curve import render_curve_svg

    curve = budget_curve(example.applications, example.pool, parse_budget_range("0:700000:25000"))
    root = ET.fromstring(render_curve_svg(curve, "da", {"Pulje 2025": 250_000}))
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[1:5] == ["0", "200.000", "400.000", "600.000"]
    assert texts[5:12] == ["0,0", "50,0", "100,0", "150,0", "200,0", "250,0", "300,0"]
    assert "Pulje 2025" in texts
    path = root.find("{http://www.w3.org/2000/svg}path").get("d")
    assert path.startswith("M70.0,370.0H")  # the curve starts at no money and no score


def test_a_chart_is_written_only_to_an_svg_file(round_2025, tmp_path):
    """`--chart` names a drawing: any other file, say the chiefs' overrides, is left alone."""
    files = [str(round_2025 / "ansoegninger-2025.xlsx"), "--pool", str(round_2025 / "pulje-2025.toml")]
    other = tmp_path / "chefforum.toml"
    other.write_text("[[override]]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["sweep", *files, "--budget", "0:250000:50000", "--chart", str(other)])
    assert result.exit_code == 1
    assert result.stderr == (f"fejl: --chart {other}: diagrammet er en SVG-tegning — giv et filnavn, der ender på "
                             ".svg\n")
    assert other.read_text(encoding="utf-8") == "[[override]]\n"
    chart = tmp_path / "kurve.SVG"
    assert CliRunner().invoke(app, ["sweep", *files, "--budget", "0:250000:50000", "--chart", str(chart)]).exit_code == 0
    assert chart.read_text(encoding="utf-8").startswith("<svg")


def test_both_ends_of_a_range_are_points_whatever_the_step(danish):
    """docs/scenarios.md: FRA and TIL are both points. With a step that does not divide the range
    the curve used to end short of TIL (0:600000:7 ended at 599.998, not the pool's 600.000)."""
    from digipulje.analyses.curve import parse_budget_range
    from digipulje.base.errors import InputError

    assert parse_budget_range("0:600000:7")[-2:] == [599_998, 600_000]
    assert parse_budget_range("0:10:5") == [0, 5, 10]
    assert parse_budget_range("5:5:1") == [5]
    with pytest.raises(InputError, match="FRA: '1e6' er ikke et beløb"):
        parse_budget_range("1e6:2e6:1e5")


def test_too_many_budgets_are_refused_before_they_are_listed(danish):
    """A range of 10^9 one-krone steps once took every gigabyte of the machine before it was refused;
    counting first, it is refused at once. The count includes TO where STEP does not divide the range."""
    import tracemalloc

    from digipulje.analyses.curve import MAX_POINTS, parse_budget_range
    from digipulje.base.errors import InputError

    tracemalloc.start()
    with pytest.raises(InputError) as caught:
        parse_budget_range("0:1.000.000.000:1")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert caught.value.lines == ("budgetintervallet '0:1.000.000.000:1': 1.000.000.001 budgetter, flere end 100.000 — "
                                  "brug et større TRIN",)
    assert peak < 10 * 2**20
    assert len(parse_budget_range(f"0:{MAX_POINTS - 2}:1")) == MAX_POINTS - 1
    assert len(parse_budget_range(f"0:{MAX_POINTS - 1}:2")) == MAX_POINTS // 2 + 1  # TO added: a point more
    with pytest.raises(InputError):
        parse_budget_range(f"0:{MAX_POINTS}:1")


def test_a_curve_solved_in_worker_processes_is_the_serial_curve(example):
    """Enough budgets for two parts (`PART`): the points, with the chiefs' overrides, are those of one
    serial run, in the budgets' order, and progress counts every budget."""
    from digipulje.analyses.curve import PART
    from tests.limits import hard_limit

    budgets = list(range(180_000, 180_000 + 2 * PART * 100 + 1, 100))
    heard = []
    with hard_limit(120):
        serial = budget_curve(example.applications, example.pool, budgets, example.overrides, workers=1)
        parallel = budget_curve(example.applications, example.pool, budgets, example.overrides, workers=2,
                                progress=lambda done, total: heard.append((done, total)))
    assert parallel == serial
    assert len(serial.points) == len(budgets) and serial.changes
    assert heard[-1] == (len(budgets), len(budgets)) and len(heard) == 3
