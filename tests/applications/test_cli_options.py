"""Options as the sheets are read: kroner options take what an amount cell takes, with the same
errors; every command that reads applications takes --columns, and a pool file's [columns]
table maps a round's own headers once."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from digipulje.cli import app
from tests.applications.sheets import write_csv

pytestmark = pytest.mark.usefixtures("english")  # English texts; Danish: test_danish_errors.py

runner = CliRunner()

OWN = ["Løbenr.", "Projektets navn", "Afdeling", "Bevilling søgt", "ITP indstilling", "Borger", "Medarbejder",
       "Kommune", "Dokumenteret effekt", "Tværgående"]
MAPPING = '[columns]\n"Projektets navn" = "title"\n"Bevilling søgt" = "requested_dkk"\n'


def _own_sheet(tmp_path):
    rows = [OWN] + [[f"A{i}", f"Løsning {i}", "Ældre", f"{20 + 10 * i}.000", "Støttes", 3, 2, i % 5, 2, 1]
                    for i in range(1, 7)]
    return write_csv(tmp_path / "egne-overskrifter.csv", rows)


def _sheet(tmp_path):
    return _own_sheet(tmp_path), _mapping(tmp_path)


def _mapping(tmp_path):
    path = tmp_path / "kolonner.toml"
    path.write_text(MAPPING, encoding="utf-8")
    return path


def _allocate(tmp_path, *args):
    sheet, mapping = _sheet(tmp_path)
    return runner.invoke(app, ["allocate", str(sheet), "--columns", str(mapping), "--format", "json", *args])


@pytest.mark.parametrize("written", ["250000", "250.000", "250 000", "kr. 250.000", "250.000 kr.", "DKK 250,000.00"])
def test_budget_takes_what_an_amount_cell_takes(tmp_path, written):
    result = _allocate(tmp_path, "--budget", written)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["budget_dkk"] == 250_000


@pytest.mark.parametrize(("written", "message"), [
    ("-5000", "'-5000' is negative: amounts are whole kroner of 0 or more, write it without a minus sign"),
    ("250,000", "'250,000' is ambiguous (thousands or decimals?): write it as a whole number of kroner, "
                "e.g. 140000 or 140.000"),
    ("250.5", "'250.5' is not an amount: write it as a whole number of kroner, e.g. 140000 or 140.000"),
    ("250.000,50", "'250.000,50' has øre: amounts are whole kroner, write it as a whole number of kroner, "
                   "e.g. 140000 or 140.000"),
    ("2.000.000.000", "'2.000.000.000' is more than 1.000.000.000 kr.: check the amount"),
])
@pytest.mark.usefixtures("english")
def test_a_budget_an_amount_cell_would_refuse_is_one_line(tmp_path, written, message):
    result = _allocate(tmp_path, "--budget", written)
    assert (result.exit_code, result.stderr) == (1, f"error: --budget: {message}\n")


@pytest.mark.usefixtures("english")
def test_a_budget_of_0_warns(tmp_path):
    result = _allocate(tmp_path, "--budget", "0")
    assert result.exit_code == 0
    assert result.stderr == "warning: --budget is 0 kr.: nothing can be granted\n"
    assert json.loads(result.stdout)["granted_dkk"] == 0


@pytest.mark.usefixtures("english")
def test_the_other_kroner_options_read_the_same_way(tmp_path):
    sheet, mapping = _sheet(tmp_path)
    common = [str(sheet), "--columns", str(mapping), "--format", "json"]
    alternatives = runner.invoke(app, ["alternatives", *common, "--budget", "kr. 100.000", "--top", "2"])
    assert alternatives.exit_code == 0, alternatives.output
    robustness = runner.invoke(app, ["robustness", *common, "--budget", "100 000", "--draws", "3", "--workers", "1"])
    assert robustness.exit_code == 0, robustness.output
    sweep = runner.invoke(app, ["sweep", *common, "--budget", "100.000:120.000:10.000"])
    assert sweep.exit_code == 0, sweep.output
    assert [p["budget_dkk"] for p in json.loads(sweep.stdout)["points"]] == [100_000, 110_000, 120_000]
    negative = runner.invoke(app, ["alternatives", *common, "--budget", "-1"])
    assert (negative.exit_code, negative.stderr) == (
        1, "error: --budget: '-1' is negative: amounts are whole kroner of 0 or more, write it without a minus sign\n")
    bad_range = runner.invoke(app, ["sweep", *common, "--budget", "100.000:-5:10.000"])
    assert (bad_range.exit_code, bad_range.stderr) == (
        1, "error: budget range '100.000:-5:10.000': TO: '-5' is negative: amounts are whole kroner of 0 or more, "
           "write it without a minus sign\n")
    returned = runner.invoke(app, ["round", "followup", "2026", "A1", "--status", "cancelled", "--returned", "-5",
                                   "--db", str(tmp_path / "r.db")])
    assert (returned.exit_code, returned.stderr) == (
        1, "error: --returned: '-5' is negative: amounts are whole kroner of 0 or more, write it without a minus sign\n")


APPLICATION_COMMANDS = [["validate"], ["allocate"], ["explain"], ["sweep"], ["alternatives"], ["robustness"],
                        ["report"], ["kitos", "check"], ["compare"], ["round", "import"]]


@pytest.mark.parametrize("command", APPLICATION_COMMANDS)
def test_every_command_that_reads_applications_takes_columns(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and "--columns" in result.output


@pytest.mark.usefixtures("english")
def test_without_the_mapping_the_error_points_to_columns(tmp_path):
    sheet = _own_sheet(tmp_path)
    result = runner.invoke(app, ["explain", str(sheet)])
    found = ("(the header row has 'Afdeling', 'Bevilling søgt', 'Borger', 'Dokumenteret effekt', 'ITP indstilling', "
             "'Kommune', 'Løbenr.', 'Medarbejder', 'Projektets navn', 'Tværgående')")
    assert result.exit_code == 1
    assert result.stderr == (  # 'Projektets navn' is a title as offices write it; 'Bevilling søgt' is not known
        f"error: {sheet}, row 1: the required column 'Ansøgt beløb' is missing {found}: add it, or name the "
        "column that holds it with --columns\n")


@pytest.mark.parametrize("command", [
    ["validate"], ["explain", "--id", "A1"], ["sweep", "--budget", "0:100.000:50.000"], ["alternatives", "--top", "2"],
    ["robustness", "--draws", "3", "--workers", "1"], ["report", "--out", "memo.md"],
])
def test_each_command_reads_ones_own_headers_with_columns_or_the_pool_file(tmp_path, command):
    sheet, mapping = _sheet(tmp_path)
    args = [a if a != "memo.md" else str(tmp_path / "memo.md") for a in command]
    with_columns = runner.invoke(app, [args[0], str(sheet), *args[1:], "--columns", str(mapping)])
    assert with_columns.exit_code == 0, with_columns.output
    pool = tmp_path / "pulje.toml"
    pool.write_text("budget_dkk = 100000\n\n" + MAPPING, encoding="utf-8")
    with_pool = runner.invoke(app, [args[0], str(sheet), *args[1:], "--pool", str(pool)])
    assert with_pool.exit_code == 0, with_pool.output
    without = runner.invoke(app, [args[0], str(sheet), *args[1:]])
    assert without.exit_code == 1 and "is missing" in without.stderr + without.stdout  # validate reports on stdout


def test_a_pool_files_columns_apply_to_the_allocation_and_its_budget_stays(tmp_path):
    sheet = _own_sheet(tmp_path)
    pool = tmp_path / "pulje.toml"
    pool.write_text("budget_dkk = 100000\n\n" + MAPPING, encoding="utf-8")
    result = runner.invoke(app, ["allocate", str(sheet), "--pool", str(pool), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["budget_dkk"] == 100_000 and len(payload["applications"]) == 6
    assert payload["applications"][0]["requested_dkk"] == 30_000


@pytest.mark.usefixtures("english")
def test_a_bad_columns_table_in_the_pool_file_is_named(tmp_path):
    sheet = _own_sheet(tmp_path)
    pool = tmp_path / "pulje.toml"
    pool.write_text('[columns]\n"Bevilling søgt" = "beløbet"\n', encoding="utf-8")
    result = runner.invoke(app, ["allocate", str(sheet), "--pool", str(pool)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {pool}: 'Bevilling søgt' = 'beløbet': not a known column; use one of id, ")


def test_compare_reads_the_base_pool_files_columns(tmp_path):
    sheet = _own_sheet(tmp_path)
    pool = tmp_path / "pulje.toml"
    pool.write_text("budget_dkk = 100000\n\n" + MAPPING, encoding="utf-8")
    scenarios = tmp_path / "scenarier.toml"
    scenarios.write_text(f'[base]\nname = "Basis"\napplications = ["{sheet.name}"]\npool = "pulje.toml"\n\n'
                         '[[scenario]]\nname = "Mere"\nbudget_dkk = 150000\n', encoding="utf-8")
    result = runner.invoke(app, ["compare", str(scenarios), "--format", "json", "--workers", "1"])
    assert result.exit_code == 0, result.output
