"""Pabulib instances through `allocate`: the optimum is the total support, checked independently."""

from __future__ import annotations

import itertools
import json

import pytest
from typer.testing import CliRunner

from digipulje.applications.pabulib import read_pabulib
from bench.exact import best_support
from digipulje.cli import app
from digipulje.pool.allocating import allocate
from digipulje.pool.pabulib import RULES
from digipulje.pool.model import Pool

from tests.pabulib.shared import SHARED, shared_instances
from tests.pabulib.test_reader import APPROVAL

needs_shared = pytest.mark.skipif(SHARED is None, reason="the shared Pabulib instances are not beside the checkout")


def _brute_force(costs, supports, budget):
    best = 0
    for chosen in itertools.product((0, 1), repeat=len(costs)):
        if sum(c for c, x in zip(costs, chosen) if x) <= budget:
            best = max(best, sum(s for s, x in zip(supports, chosen) if x))
    return best


def test_the_dynamic_programme_agrees_with_brute_force():
    costs, supports = [5, 4, 3, 7, 2, 9, 6], [10, 7, 6, 12, 1, 15, 0]
    for budget in range(0, 40):
        assert best_support(costs, supports, budget) == _brute_force(costs, supports, budget)


@needs_shared
@pytest.mark.parametrize("path", shared_instances(), ids=lambda p: p.stem)
def test_the_optimum_is_the_best_total_support(path):
    instance = read_pabulib(path)
    allocation = allocate(instance.applications, Pool(budget_dkk=instance.budget, rules=RULES))
    funded = [d for d in allocation.decisions if d.granted_dkk > 0]
    assert all(d.granted_dkk == d.requested_dkk for d in funded)  # all or nothing
    assert allocation.granted_dkk <= instance.budget
    support = {a.id: a.support for a in instance.applications}
    costs = [a.requested_dkk for a in instance.applications]
    supports = [a.support for a in instance.applications]
    assert sum(support[d.id] for d in funded) == best_support(costs, supports, instance.budget)
    if len(costs) <= 12:
        assert best_support(costs, supports, instance.budget) == _brute_force(costs, supports, instance.budget)


def _granted(result):
    assert result.exit_code == 0, result.output
    allocation = json.loads(result.stdout)
    return allocation["budget_dkk"], {a["id"]: a["granted_dkk"] for a in allocation["applications"]}


def test_allocate_takes_the_budget_from_the_file_unless_given(tmp_path):
    path = tmp_path / "round.pb"
    path.write_text(APPROVAL, encoding="utf-8")
    runner = CliRunner()
    # 1,000.75 in META: the park (support 2) is funded; the unvoted project uses the rest
    assert _granted(runner.invoke(app, ["allocate", str(path), "--format", "json"])) == (
        1000, {"BO.1/23": 401, "7": 0, "8": 300})
    # one krone more and the park and the lights (support 1) both fit
    assert _granted(runner.invoke(app, ["allocate", str(path), "--budget", "1001", "--format", "json"])) == (
        1001, {"BO.1/23": 401, "7": 600, "8": 0})


@pytest.mark.usefixtures("english")
def test_several_instances_need_a_budget(tmp_path):
    first, second = tmp_path / "a.pb", tmp_path / "b.pb"
    first.write_text(APPROVAL, encoding="utf-8")
    second.write_text(APPROVAL.replace("BO.1/23", "X1").replace("7;", "X7;").replace(",7,", ",X7,")
                      .replace("8;300", "X8;300"), encoding="utf-8")
    result = CliRunner().invoke(app, ["allocate", str(first), str(second)])
    assert result.exit_code == 1
    assert result.stderr == "error: 2 Pabulib files, each with its own budget: give the budget with --budget\n"
    assert _granted(CliRunner().invoke(app, ["allocate", str(first), str(second), "--budget", "1500",
                                             "--format", "json"]))[0] == 1500
