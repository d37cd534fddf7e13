"""A made-up round on disk with every kind of input a command takes, copied for each test."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from digipulje.cli import app

runner = CliRunner()

SCENARIOS = """\
[base]
name = "Indstilling"
applications = ["ansoegninger-2025.xlsx"]
pool = "pulje-2025.toml"
overrides = "chefforum-2025-05-07.toml"

[[scenario]]
name = "Budget 400.000"
budget_dkk = 400000
"""


@pytest.fixture(scope="session")
def round_files(tmp_path_factory):
    """The 2025 example's files, a baseline, a column mapping, ratings, a KITOS export, a scenario
    file and a round database: everything a command can be given to read."""
    folder = tmp_path_factory.mktemp("round")
    assert runner.invoke(app, ["demo", "--export", str(folder)]).exit_code == 0
    sheets = folder / "ark"
    sheets.mkdir()
    shutil.copyfile(folder / "ansoegninger-2025.xlsx", sheets / "ansoegninger-2025.xlsx")
    result = runner.invoke(app, ["allocate", str(folder / "ansoegninger-2025.xlsx"), "--pool",
                                 str(folder / "pulje-2025.toml"), "--format", "json",
                                 "--out", str(folder / "indstilling.json")])
    assert result.exit_code == 0, result.output
    (folder / "kolonner.toml").write_text('[columns]\n"Bevilling søgt" = "requested_dkk"\n', encoding="utf-8")
    (folder / "vurderinger.csv").write_text("Ansøgning;Princip;Vurdering;Bedømmer\nA1;1;3;ITP\n", encoding="utf-8")
    (folder / "kitos.json").write_text("[]\n", encoding="utf-8")
    (folder / "scenarier.toml").write_text(SCENARIOS, encoding="utf-8")
    db = folder / "runde.db"
    for args in (["open", "2025", "--pool", str(folder / "pulje-2025.toml")],
                 ["import", "2025", str(folder / "ansoegninger-2025.xlsx")]):
        result = runner.invoke(app, ["round", *args, "--db", str(db)])
        assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def files(tmp_path, round_files):
    """A fresh copy of the round's files."""
    folder = tmp_path / "runde"
    shutil.copytree(round_files, folder)
    return folder
