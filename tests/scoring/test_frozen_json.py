"""The allocation's JSON says whether it is its frozen round's allocation or a scenario."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from digipulje.cli import app
from digipulje.pool.example import APPLICATIONS_FILE, POOL_FILE, example_path
from digipulje.pool.freeze import frozen_path, read_frozen

runner = CliRunner()


def allocate_json(pool_file, *extra):
    result = runner.invoke(app, ["allocate", str(example_path(APPLICATIONS_FILE)), "--pool", str(pool_file),
                                 "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), result.stderr


def test_the_json_notes_the_frozen_round_and_a_changed_weight_makes_it_a_scenario(tmp_path, english):
    pool_file = tmp_path / "pulje-2025.toml"
    original = example_path(POOL_FILE).read_text(encoding="utf-8")
    pool_file.write_text(original, encoding="utf-8")

    unfrozen, _ = allocate_json(pool_file)
    assert "frozen_round" not in unfrozen  # no frozen round: the format is as it always was

    assert runner.invoke(app, ["pool", "freeze", str(pool_file)]).exit_code == 0
    entry = read_frozen(frozen_path(pool_file))["rounds"]["2025"]
    same, stderr = allocate_json(pool_file, "--budget", "300000")  # the budget is not a term of the round
    assert stderr == ""
    assert same["frozen_round"] == {"round": "2025", "frozen_on": entry["frozen_on"],
                                    "fingerprint": entry["fingerprint"], "scenario": False, "differences": []}
    assert list(same)[-1] == "frozen_round"
    assert {k: v for k, v in same.items() if k != "frozen_round"}.keys() == unfrozen.keys()

    assert "\nevidence = 1\n" in original
    pool_file.write_text(original.replace("\nevidence = 1\n", "\nevidence = 2\n", 1), encoding="utf-8")
    scenario, stderr = allocate_json(pool_file)
    assert scenario["frozen_round"]["scenario"] is True
    assert scenario["frozen_round"]["differences"] == ["weights.evidence: 1.0 when frozen, now 2.0"]
    assert "this allocation is a scenario, not the round's" in stderr
