"""Near-best alternatives: distinct, sorted, the first is `allocate`'s, and an exhaustive oracle."""

from __future__ import annotations

import itertools
import json

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from digipulje.cli import app
from digipulje.pool.allocating import allocate, decide
from digipulje.analyses.alternatives import near_best
from digipulje.pool.candidates import allocation_problem
from digipulje.pool.overrides import Action, Override
from digipulje.solver.alternatives import best_funded_sets
from tests.factories import small_rounds


def every_funded_set(problem):
    """Exhaustive oracle: every feasible funded set with its objective, by brute force over amounts' rules.

    For a set S: the kroner are min(budget, Σ requests); the fewest partial grants are the fewest
    largest slacks covering the shortfall. (Value, kroner, -partials) is what the enumeration ranks first.
    """
    cands = [c for c in problem.candidates if c.min_dkk <= c.max_dkk]
    out = {}
    for size in range(len(cands) + 1):
        if problem.max_grants is not None and size > problem.max_grants:
            break
        for chosen in itertools.combinations(cands, size):
            if sum(c.min_dkk for c in chosen) > problem.budget_dkk:
                continue
            kroner = min(problem.budget_dkk, sum(c.max_dkk for c in chosen))
            shortfall, partials = sum(c.max_dkk for c in chosen) - kroner, 0
            for slack in sorted((c.max_dkk - c.min_dkk for c in chosen), reverse=True):
                if shortfall <= 0:
                    break
                shortfall, partials = shortfall - slack, partials + 1
            out[tuple(sorted(c.id for c in chosen))] = (sum(c.value for c in chosen), kroner, -partials)
    return out


@settings(max_examples=40)
@given(small_rounds(), st.integers(1, 8))
def test_distinct_sorted_and_first_is_allocate(round_, top):
    apps, pool = round_
    options = near_best(apps, pool, top=top)
    allocation = allocate(apps, pool)
    assert options[0].granted == allocation.granted_by_id()
    assert options[0].gap == 0
    assert len({o.funded for o in options}) == len(options) <= top
    keys = [(o.total_score, o.granted_dkk, -o.partials) for o in options]
    assert keys == sorted(keys, reverse=True)
    assert [o.rank for o in options] == list(range(1, len(options) + 1))
    for o in options:
        assert o.granted_dkk == sum(o.granted.values()) <= pool.budget_dkk
        assert o.gap == round(options[0].total_score - o.total_score, 2)


@settings(max_examples=40)
@given(small_rounds(max_apps=7), st.integers(1, 6))
def test_the_k_best_are_the_k_best_of_all_sets(round_, top):
    """Against every feasible set: the same objective values, in the same order, none better left out."""
    apps, pool = round_
    _, problem = allocation_problem(apps, pool)
    everything = every_funded_set(problem)
    options = best_funded_sets(problem.candidates, pool.budget_dkk, pool.rules.max_grants, top)
    assert [(o.value, o.kroner, -o.partials) for o in options] == sorted(everything.values(), reverse=True)[:top]
    for o in options:
        assert everything[o.funded] == (o.value, o.kroner, -o.partials)


def test_overrides_hold_in_every_option(example):
    include_a6 = Override(application="A6", action=Action.INCLUDE, reason="r", decided_by="Chefforum")
    # The alternatives know no partial-grant limit yet: compare them with allocate without one.
    pool = example.pool.model_copy(update={"rules": example.pool.rules.model_copy(update={"max_partial_grants": "any"})})
    options = near_best(example.applications, pool, [*example.overrides, include_a6], top=6)
    assert options[0].granted == decide(example.applications, pool,
                                        [*example.overrides, include_a6]).granted_by_id()
    for o in options:
        assert "A6" in o.funded and "A4" not in o.funded


def test_cli_alternatives_2025(round_2025):
    runner = CliRunner()
    sheet, pool = str(round_2025 / "ansoegninger-2025.xlsx"), str(round_2025 / "pulje-2025.toml")
    result = runner.invoke(app, ["alternatives", sheet, "--pool", pool, "--top", "3"])
    assert result.exit_code == 0, result.output
    rows = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert rows[2:] == [
        "1 265,0 0,0 kr. 250.000 1 A1 kr. 122.500, A3 kr. 75.000, A4 kr. 12.500, A5 kr. 40.000",
        "2 210,0 55,0 kr. 227.500 0 A1 kr. 140.000, A3 kr. 75.000, A4 kr. 12.500",
        "3 200,0 65,0 kr. 250.000 1 A1 kr. 140.000, A3 kr. 75.000, A5 kr. 35.000",
    ]
    payload = json.loads(runner.invoke(app, ["alternatives", sheet, "--pool", pool, "--top", "2", "--format", "json"]).stdout)
    assert payload["alternatives"][1] == {"rank": 2, "funded": ["A1", "A3", "A4"],
                                          "granted": {"A1": 140_000, "A3": 75_000, "A4": 12_500},
                                          "total_score": 210.0, "gap": 55.0, "granted_dkk": 227_500,
                                          "partial_grants": 0}


def test_the_first_alternative_with_the_chiefs_changes_is_their_decision(example):
    """2025 with the chiefs' changes: A1 135.000 and A5 40.000 as decided (close to the
    recommendation), not the 140.000 and 35.000 that the same overrides give without it."""
    options = near_best(example.applications, example.pool, example.overrides, top=3)
    decided = decide(example.applications, example.pool, example.overrides).granted_by_id()
    assert options[0].granted == decided
    assert (decided["A1"], decided["A5"]) == (135_000, 40_000)
