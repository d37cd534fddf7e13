"""A Pabulib instance's amounts are in the currency its META names: tables, the memo and the JSON
say so ("PLN 60.000", "currency": "PLN"); an instance in DKK, or naming none, shows kroner."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from digipulje.applications.pabulib import read_currency
from digipulje.base.money import format_dkk, use_currency
from digipulje.cli import app
from tests.pabulib.test_commands import PB

runner = CliRunner()


@pytest.fixture(autouse=True)
def danish(monkeypatch):
    monkeypatch.delenv("DIGIPULJE_LANG", raising=False)


def _instance(tmp_path, currency: str | None):
    text = PB if currency is None else PB.replace("rule;greedy\n", f"rule;greedy\ncurrency;{currency}\n")
    path = tmp_path / "krakow.pb"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_currency_is_read_from_meta(tmp_path):
    assert read_currency(_instance(tmp_path, "pln")) == "PLN"
    assert read_currency(_instance(tmp_path, None)) == ""


def test_amounts_are_written_in_the_currency_in_force():
    assert (format_dkk(60_000, "da"), format_dkk(60_000, "en")) == ("kr. 60.000", "DKK 60,000")
    with use_currency("PLN"):
        assert (format_dkk(60_000, "da"), format_dkk(60_000, "en")) == ("PLN 60.000", "PLN 60,000")
    assert format_dkk(60_000, "da") == "kr. 60.000"


def test_the_table_shows_the_instances_currency(tmp_path):
    result = runner.invoke(app, ["allocate", _instance(tmp_path, "PLN")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "krakow: pulje PLN 100.000, bevilget PLN 100.000, rest PLN 0"
    assert "kr." not in result.stdout
    english = runner.invoke(app, ["allocate", _instance(tmp_path, "PLN"), "--lang", "en"])
    assert english.stdout.splitlines()[0] == "krakow: pool PLN 100,000, granted PLN 100,000, remainder PLN 0"


def test_the_json_names_the_currency(tmp_path):
    result = runner.invoke(app, ["allocate", _instance(tmp_path, "PLN"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["currency"], data["budget_dkk"]) == ("PLN", 100_000)
    assert all("kr." not in reason for row in data["applications"] for reason in row["reasons"])


def test_the_memo_shows_the_instances_currency(tmp_path):
    memo = tmp_path / "notat.md"
    result = runner.invoke(app, ["report", _instance(tmp_path, "PLN"), "--out", str(memo)])
    assert result.exit_code == 0, result.output
    text = memo.read_text(encoding="utf-8")
    assert "PLN 100.000" in text and "kr." not in text


@pytest.mark.parametrize("currency", ["DKK", None])
def test_an_instance_in_kroner_or_naming_no_currency_shows_kroner(tmp_path, currency):
    result = runner.invoke(app, ["allocate", _instance(tmp_path, currency), "--format", "json"])
    data = json.loads(result.stdout)
    assert data["currency"] == "DKK"
    table = runner.invoke(app, ["allocate", _instance(tmp_path, currency)])
    assert table.stdout.splitlines()[0] == "krakow: pulje kr. 100.000, bevilget kr. 100.000, rest kr. 0"


@pytest.mark.parametrize("command", ["allocate", "report"])
def test_the_workbooks_show_the_instances_currency(tmp_path, command):
    import openpyxl

    book = tmp_path / "bog.xlsx"
    result = runner.invoke(app, [command, _instance(tmp_path, "PLN"), "--out", str(book)])
    assert result.exit_code == 0, result.output
    formats = {cell.number_format for sheet in openpyxl.load_workbook(book).worksheets
               for row in sheet.iter_rows() for cell in row if isinstance(cell.value, int)}
    assert '"PLN" #,##0' in formats
    assert not any("kr." in f or "DKK" in f for f in formats)
