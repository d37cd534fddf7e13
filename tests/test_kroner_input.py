"""Kroner as people write them, read by one function (`base.money.parse_kroner`) wherever an amount
comes in: the --budget option, the pool file and the overrides file. Danish, the default."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from digipulje.base.errors import InputError
from digipulje.base.money import parse_kroner
from digipulje.cli import app
from digipulje.pool.config import read_overrides, read_pool
from tests.applications.sheets import HEADER, write_xlsx

runner = CliRunner()


@pytest.fixture(autouse=True)
def danish(monkeypatch):
    monkeypatch.delenv("DIGIPULJE_LANG", raising=False)


@pytest.mark.parametrize(("written", "amount"), [
    ("3.000.000", 3_000_000), ("3 000 000", 3_000_000), ("3,000,000", 3_000_000), ("250000", 250_000),
    ("250.000 kr.", 250_000), ("3\u00a0000\u00a0000", 3_000_000), ("DKK 1,250,000", 1_250_000),
    ("1,250,000.00", 1_250_000), (300_000, 300_000), (300_000.0, 300_000),
])
def test_thousands_grouped_the_danish_or_the_english_way_are_read(written, amount):
    assert parse_kroner(written) == amount


@pytest.mark.parametrize(("written", "line"), [
    ("3,5", "'3,5' har øre: beløb er i hele kroner — skriv fx 140000 eller 140.000"),
    ("250,000", "'250,000' kan læses på to måder (tusinder eller decimaler?) — skriv fx 140000 eller 140.000"),
    ("3,000,00", "'3,000,00' kan læses på to måder (tusinder eller decimaler?) — skriv fx 140000 eller 140.000"),
    ("3.000,000", "'3.000,000' kan læses på to måder (tusinder eller decimaler?) — skriv fx 140000 eller 140.000"),
    (300_000.5, "300000.5 har øre: beløb er i hele kroner — skriv 300000"),
])
def test_what_could_mean_two_things_is_refused_with_how_to_write_it(written, line):
    with pytest.raises(ValueError) as caught:
        parse_kroner(written)
    assert str(caught.value) == line


def _sheet(tmp_path):
    rows = [HEADER] + [[f"A{i}", f"Løsning {i}", "Ældre", 1_000_000 + i, "Støttes", 3, 2, 2, 2, 1]
                       for i in range(1, 5)]
    return str(write_xlsx(tmp_path / "ansoegninger.xlsx", rows))


@pytest.mark.parametrize("written", ["3,000,000", "3.000.000", "3 000 000", "3.000.000 kr."])
def test_the_budget_option_takes_thousands_grouped_either_way(tmp_path, written):
    result = runner.invoke(app, ["allocate", _sheet(tmp_path), "--budget", written, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["budget_dkk"] == 3_000_000


def test_a_budget_with_a_decimal_comma_is_one_danish_line(tmp_path):
    result = runner.invoke(app, ["allocate", _sheet(tmp_path), "--budget", "3,5"])
    assert (result.exit_code, result.stderr) == (
        1, "fejl: --budget: '3,5' har øre: beløb er i hele kroner — skriv fx 140000 eller 140.000\n")


def _override(tmp_path, amount: str):
    path = tmp_path / "overstyringer.toml"
    path.write_text(f'[[override]]\napplication = "A1"\naction = "fix"\namount_dkk = {amount}\nreason = "r"\n'
                    'decided_by = "Chefforum"\n', encoding="utf-8")
    return path


@pytest.mark.parametrize(("written", "amount"), [('"300.000"', 300_000), ('"300.000 kr."', 300_000),
                                                  ('"300,000,000"', 300_000_000), ("300000", 300_000)])
def test_an_override_amount_may_be_written_as_danish_text(tmp_path, written, amount):
    [override] = read_overrides(_override(tmp_path, written))
    assert override.amount_dkk == amount


@pytest.mark.parametrize(("written", "message"), [
    ("300000.5", "300000.5 har øre: beløb er i hele kroner — skriv 300000"),
    ('"300,5"', "'300,5' har øre: beløb er i hele kroner — skriv fx 140000 eller 140.000"),
    ('"tre hundrede"', "'tre hundrede' er ikke et beløb i hele kroner — skriv fx 140000 eller 140.000"),
])
def test_an_override_amount_with_ore_or_no_number_is_one_line(tmp_path, written, message):
    path = _override(tmp_path, written)
    with pytest.raises(InputError) as caught:
        read_overrides(path)
    assert caught.value.lines == (f"{path}: overstyring 1: amount_dkk: {message}",)


def test_the_pool_file_reads_its_amounts_the_same_way(tmp_path):
    path = tmp_path / "pulje.toml"
    path.write_text('budget_dkk = "3.000.000 kr."\n[rules]\nmin_grant_dkk = "10.000"\n', encoding="utf-8")
    pool = read_pool(path)
    assert (pool.budget_dkk, pool.rules.min_grant_dkk) == (3_000_000, 10_000)
    path.write_text('budget_dkk = "3,5"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_pool(path)
    assert caught.value.lines == (
        f"{path}: budget_dkk: '3,5' har øre: beløb er i hele kroner — skriv fx 140000 eller 140.000",)
