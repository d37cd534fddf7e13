"""The round example in docs/rounds.md runs as written."""

from __future__ import annotations

import shlex
from pathlib import Path

from typer.testing import CliRunner

from digipulje.cli import app

README = Path(__file__).resolve().parents[2] / "docs" / "rounds.md"


def round_example() -> list[list[str]]:
    section = README.read_text(encoding="utf-8").split("# Rounds and the decision log", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [shlex.split(line)[1:] for line in block.splitlines() if line.startswith("digipulje ")]


def test_the_readme_round_example_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DIGIPULJE_DB", raising=False)
    runner = CliRunner()
    commands = round_example()
    assert len(commands) == 14
    for args in commands:
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
    assert "identisk med det gemte resultat" in runner.invoke(app, ["round", "replay", "2025", "--event", "12"]).stdout
    listed = runner.invoke(app, ["round", "followup", "2025"]).stdout
    assert "kr. 40.000 til rådighed i puljen" in listed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["digipulje.db", "mypool"]
