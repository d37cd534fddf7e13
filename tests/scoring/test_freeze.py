"""A frozen round: its fingerprint, a changed weight detected, never re-frozen with other terms."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from digipulje.base.errors import InputError
from digipulje.cli import app
from digipulje.pool.example import APPLICATIONS_FILE, POOL_FILE, example_path
from digipulje.pool.freeze import check_frozen, freeze_round, frozen_path, terms_fingerprint
from digipulje.pool.model import Pool, Rules
from digipulje.scoring.weights import Weights

DAY = dt.date(2025, 3, 1)


def test_freezing_records_the_terms_and_a_changed_weight_is_detected(english):
    record, new = freeze_round(Pool(year=2025), None, DAY)
    assert new
    entry = record["rounds"]["2025"]
    assert entry["frozen_on"] == "2025-03-01"
    assert entry["fingerprint"] == terms_fingerprint(entry["terms"])
    assert sorted(entry["terms"]) == ["rules", "scales", "weights"]
    assert check_frozen(Pool(year=2025), record)[1] == []
    # The budget is not a term of the round: another budget is no change of rules.
    assert check_frozen(Pool(year=2025, budget_dkk=300_000), record)[1] == []
    changed = Pool(year=2025, weights=Weights(evidence=2), rules=Rules(aggregation="median"))
    assert check_frozen(changed, record)[1] == [
        "rules.aggregation: 'mean' when frozen, now 'median'",
        "weights.evidence: 1.0 when frozen, now 2.0",
    ]
    # Another round of the same pool file is not affected.
    assert check_frozen(Pool(year=2026, weights=Weights(evidence=2)), record) == (None, [])


def test_a_frozen_round_is_not_frozen_again_with_other_terms(english):
    record, _ = freeze_round(Pool(round="2026"), None, DAY)
    assert freeze_round(Pool(round="2026"), record, dt.date(2025, 4, 1)) == (record, False)
    with pytest.raises(InputError) as error:
        freeze_round(Pool(round="2026", weights=Weights(citizen=3)), record, DAY, source="pulje.toml")
    assert error.value.lines == (
        "pulje.toml: round 2026 was frozen on 2025-03-01 with other terms; a frozen round is not changed "
        "(remove its entry from the frozen file to unfreeze it deliberately):",
        "  weights.citizen: 1.0 when frozen, now 3.0",
    )
    with pytest.raises(InputError) as error:
        freeze_round(Pool(), None, DAY, source="pulje.toml")
    assert error.value.lines == (
        "pulje.toml: the pool has no 'round' or 'year': add one (e.g. round = \"2026\") so the round can be frozen",)


@pytest.mark.usefixtures("english")
def test_pool_freeze_on_the_command_line_and_allocate_warns_of_a_change(tmp_path):
    pool_file = tmp_path / "pulje-2025.toml"
    pool_file.write_text(example_path(POOL_FILE).read_text(encoding="utf-8"), encoding="utf-8")
    runner = CliRunner()
    frozen = runner.invoke(app, ["pool", "freeze", str(pool_file)])
    assert frozen.exit_code == 0, frozen.output
    record = json.loads((tmp_path / "pulje-2025.frozen.json").read_text(encoding="utf-8"))
    fingerprint = record["rounds"]["2025"]["fingerprint"]
    assert frozen.stdout == f"froze round 2025: {fingerprint} in {tmp_path / 'pulje-2025.frozen.json'}\n"
    assert frozen_path(pool_file) == tmp_path / "pulje-2025.frozen.json"

    args = ["allocate", str(example_path(APPLICATIONS_FILE)), "--pool", str(pool_file)]
    unchanged = runner.invoke(app, args)
    assert unchanged.exit_code == 0 and unchanged.stderr == ""

    pool_file.write_text(pool_file.read_text(encoding="utf-8").replace("evidence = 1", "evidence = 2"),
                         encoding="utf-8")
    scenario = runner.invoke(app, args)
    assert scenario.exit_code == 0, scenario.output
    today = dt.date.today().isoformat()
    assert scenario.stderr == (
        f"warning: {pool_file}: round 2025 was frozen on {today} with other weights, scales or rules; this "
        "allocation is a scenario, not the round's:\n"
        "warning:   weights.evidence: 1.0 when frozen, now 2.0\n")
    refused = runner.invoke(app, ["pool", "freeze", str(pool_file)])
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[1] == "error:   weights.evidence: 1.0 when frozen, now 2.0"


@pytest.mark.usefixtures("english")
def test_a_damaged_record_is_an_error_not_a_traceback(tmp_path):
    pool_file = tmp_path / "pulje.toml"
    pool_file.write_text('round = "2026"\n', encoding="utf-8")
    (tmp_path / "pulje.frozen.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(app, ["pool", "freeze", str(pool_file)])
    assert result.exit_code == 1
    assert result.stderr == (f"error: {tmp_path / 'pulje.frozen.json'}: not a record of frozen rounds: it is "
                             "written by 'digipulje pool freeze'; restore it from a backup or remove it\n")


def test_every_new_command_has_help():
    runner = CliRunner()
    for command in (["explain"], ["pool"], ["pool", "freeze"], ["scales"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0
        assert "Brug:" in result.stdout


def test_the_readme_pool_file_example_is_a_valid_pool():
    import re
    import tomllib
    from pathlib import Path

    from digipulje.pool.config import parse_pool

    readme = (Path(__file__).resolve().parents[2] / "docs" / "scoring.md").read_text(encoding="utf-8")
    section = readme[readme.index("# Scoring and explanations"):]
    snippet = re.search(r"```toml\n(.*?)```", section, re.S).group(1)
    pool = parse_pool(tomllib.loads(snippet), "README.md")
    assert pool.rules.aggregation == "mean"
    assert [(r.criteria, r.min_rating, r.min_count) for r in pool.rules.thresholds] == [
        (("citizen", "employee", "municipality"), 3, 1), (("evidence",), 2, 1)]
