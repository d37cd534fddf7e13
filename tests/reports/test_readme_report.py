"""The `digipulje report` examples in docs/reports.md run as written."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from digipulje.cli import app

README = Path(__file__).parent.parent.parent / "docs" / "reports.md"


def readme_commands() -> list[list[str]]:
    section = README.read_text(encoding="utf-8").split("# The decision memo and workbook", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, flags=re.DOTALL)[1].replace("\\\n", " ")
    return [shlex.split(line)[1:] for line in block.splitlines() if line.startswith("digipulje ")]


def test_readme_report_examples_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    commands = readme_commands()
    assert [c[0] for c in commands] == ["demo", "report", "report", "report"]
    for command in commands:
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 0, (command, result.output)
    assert {p.name for p in tmp_path.iterdir()} >= {"indstilling.html", "beslutning.md", "beslutning.xlsx"}
