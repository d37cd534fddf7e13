"""The command line: every command has help, errors are one clear line and exit code 1."""

from __future__ import annotations

import json

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from digipulje.cli import app

runner = CliRunner()


def _all_command_paths(command=None, prefix=()):
    command = command or get_command(app)
    subcommands = getattr(command, "commands", {})
    if not subcommands:
        return [prefix]
    paths = [prefix] if prefix else []
    for name, sub in sorted(subcommands.items()):
        paths += _all_command_paths(sub, (*prefix, name))
    return paths


@pytest.mark.parametrize("path", _all_command_paths(), ids=lambda p: " ".join(p) or "digipulje")
def test_every_command_has_help(path):
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Brug:" in result.output
    command = get_command(app)
    for name in path:
        command = command.commands[name]
    assert (command.help or "").strip(), f"'{' '.join(path)}' has no help text"


@pytest.mark.usefixtures("english")
def test_missing_application_file_is_one_line(tmp_path):
    missing = tmp_path / "nope.xlsx"
    result = runner.invoke(app, ["allocate", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {missing}: file not found\n"


@pytest.mark.usefixtures("english")
def test_unknown_pool_setting_names_the_key(tmp_path, example):
    from digipulje.pool.example import APPLICATIONS_FILE, example_path

    pool = tmp_path / "pool.toml"
    pool.write_text("budget_dkk = 100000\n[rules]\nmin_grant = 5\n", encoding="utf-8")
    result = runner.invoke(app, ["allocate", str(example_path(APPLICATIONS_FILE)), "--pool", str(pool)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {pool}: rules.min_grant: unknown setting: check the spelling "
        "(see the README for the pool file)\n"
    )


@pytest.mark.usefixtures("english")
def test_budget_in_ore_is_refused(tmp_path):
    from digipulje.pool.example import APPLICATIONS_FILE, example_path

    pool = tmp_path / "pool.toml"
    pool.write_text("budget_dkk = 250000.5\n", encoding="utf-8")
    result = runner.invoke(app, ["allocate", str(example_path(APPLICATIONS_FILE)), "--pool", str(pool)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {pool}: budget_dkk: ")


@pytest.mark.usefixtures("english")
def test_override_for_an_unknown_application(tmp_path):
    from digipulje.pool.example import APPLICATIONS_FILE, example_path

    overrides = tmp_path / "o.toml"
    overrides.write_text('[[override]]\napplication = "A9"\naction = "include"\nreason = "r"\n'
                         'decided_by = "Chefforum"\n', encoding="utf-8")
    result = runner.invoke(app, ["allocate", str(example_path(APPLICATIONS_FILE)), "--overrides", str(overrides)])
    assert result.exit_code == 1
    # naming the file the override is in (it was said without it)
    assert result.stderr == (f"error: {overrides}: override 'include A9 (Chefforum: r)': there is no application "
                             "'A9': the ids are A1, A2, A3, A4, A5, A6, A7\n")


@pytest.mark.usefixtures("english")
def test_fix_without_amount(tmp_path):
    from digipulje.pool.example import APPLICATIONS_FILE, example_path

    overrides = tmp_path / "o.toml"
    overrides.write_text('[[override]]\napplication = "A1"\naction = "fix"\nreason = "r"\n'
                         'decided_by = "Chefforum"\n', encoding="utf-8")
    result = runner.invoke(app, ["allocate", str(example_path(APPLICATIONS_FILE)), "--overrides", str(overrides)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {overrides}: override 1: a 'fix' override needs amount_dkk\n"


def test_budget_flag_and_csv_output_are_formula_safe(tmp_path):
    sheet = tmp_path / "apps.csv"
    sheet.write_text(
        "ID;Titel;Afdeling;Ansøgt beløb;Borger;Medarbejder;Kommune;Dokumenteret effekt;Tværgående;ITP indstilling\n"
        "X1;=HYPERLINK(\"http://evil\");Afd;10000;4;4;4;4;4;Vurderet\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["allocate", str(sheet), "--budget", "10000", "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8-sig")
    assert 'X1;"\'=HYPERLINK' in text
    assert ";10000;" in text


def test_json_output_is_the_documented_shape(example):
    from digipulje.pool.example import APPLICATIONS_FILE, POOL_FILE, example_path

    result = runner.invoke(app, ["allocate", str(example_path(APPLICATIONS_FILE)), "--pool",
                                 str(example_path(POOL_FILE)), "--format", "json"])
    payload = json.loads(result.stdout)
    assert set(payload) >= {"budget_dkk", "granted_dkk", "applications", "solver", "fingerprint"}
    assert set(payload["applications"][0]) >= {"id", "title", "department", "requested_dkk", "granted_dkk",
                                               "status", "score", "reasons"}
    assert set(payload["solver"]) >= {"name", "status", "seconds"}
    assert all(isinstance(a["granted_dkk"], int) for a in payload["applications"])


@pytest.mark.usefixtures("english")
def test_a_sheet_without_applications_is_said_plainly(tmp_path):
    sheet = tmp_path / "tom.csv"
    sheet.write_text("ID;Titel;Afdeling;Ansøgt beløb\n", encoding="utf-8")
    result = runner.invoke(app, ["allocate", str(sheet), "--format", "json"])
    assert result.exit_code == 0
    assert result.stderr == (f"warning: no applications found in {sheet}: is the header row there, "
                             "and the rows below it?\n")
    assert json.loads(result.stdout)["applications"] == []
