"""A pool file has the bounds of `--budget`: an amount above 1.000.000.000 kr. and a weight that is not
a number from 0 to 1000 are refused in one Danish line naming the file and the key — when the file is
read, and so before `round open` stores it."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from digipulje.applications.cells import MAX_AMOUNT
from digipulje.base.errors import InputError
from digipulje.cli import app
from digipulje.pool.config import read_overrides, read_pool
from digipulje.pool.example import APPLICATIONS_FILE, example_path
from digipulje.pool.model import MAX_WEIGHT, Pool
from digipulje.scoring.weights import Weights

runner = CliRunner()
TOO_MUCH = "'1000000001' er mere end 1.000.000.000 kr. — tjek beløbet"


def refusal(path, text: str) -> list[str]:
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read_pool(path)
    return list(refused.value.lines)


def test_the_pool_s_amounts_have_the_bound_of_budget(tmp_path):
    path = tmp_path / "pulje.toml"
    assert refusal(path, f"budget_dkk = {MAX_AMOUNT + 1}\n") == [f"{path}: budget_dkk: {TOO_MUCH}"]
    assert refusal(path, f"[rules]\nmin_grant_dkk = {MAX_AMOUNT + 1}\n") == [f"{path}: rules.min_grant_dkk: {TOO_MUCH}"]
    # written as a float (1e12, 1000000001.0): said as the whole kroner it is, not as '1000000000000.0'
    assert refusal(path, "budget_dkk = 1000000001.0\n") == [f"{path}: budget_dkk: {TOO_MUCH}"]
    assert refusal(path, "budget_dkk = 1e12\n") == [
        f"{path}: budget_dkk: '1000000000000' er mere end 1.000.000.000 kr. — tjek beløbet"]
    path.write_text(f"budget_dkk = {MAX_AMOUNT}\n[rules]\nmin_grant_dkk = {MAX_AMOUNT}\n", encoding="utf-8")
    assert read_pool(path).budget_dkk == MAX_AMOUNT == read_pool(path).rules.min_grant_dkk


def test_budget_and_the_pool_file_say_the_same(tmp_path):
    sheet = str(example_path(APPLICATIONS_FILE))
    by_option = runner.invoke(app, ["allocate", sheet, "--budget", str(MAX_AMOUNT + 1)])
    path = tmp_path / "pulje.toml"
    path.write_text(f"budget_dkk = {MAX_AMOUNT + 1}\n", encoding="utf-8")
    by_file = runner.invoke(app, ["allocate", sheet, "--pool", str(path)])
    assert by_option.exit_code == by_file.exit_code == 1
    assert by_option.stderr == f"fejl: --budget: {TOO_MUCH}\n"
    assert by_file.stderr == f"fejl: {path}: budget_dkk: {TOO_MUCH}\n"


@pytest.mark.parametrize("written, shown", [("inf", "inf"), ("nan", "nan"), ("-inf", "-inf"), ("1e308", "1e+308"),
                                            ("1001", "1001")])
def test_a_weight_must_be_finite_and_bounded(tmp_path, written, shown):
    path = tmp_path / "pulje.toml"
    assert refusal(path, f"[weights]\ncitizen = {written}\n") == [
        f"{path}: weights: vægten for 'citizen' er {shown}: skriv et tal fra 0 til 1000 (kun forholdet mellem "
        "vægtene tæller, fx 1, 2 eller 3)"]


def test_a_weight_at_the_bound_is_read(tmp_path):
    path = tmp_path / "pulje.toml"
    path.write_text(f"[weights]\ncitizen = {MAX_WEIGHT}\nemployee = 0\n", encoding="utf-8")
    assert read_pool(path).weights.citizen == MAX_WEIGHT


def test_a_pool_built_in_python_is_bounded_too():
    with pytest.raises(ValueError, match="vægten for 'citizen' er inf"):
        Pool(weights=Weights(citizen=float("inf")))
    with pytest.raises(ValueError, match="er mere end 1.000.000.000 kr."):
        Pool(budget_dkk=MAX_AMOUNT + 1)


def test_round_open_refuses_an_infinite_weight_and_stores_nothing(tmp_path):
    path = tmp_path / "pulje.toml"
    path.write_text("budget_dkk = 250000\n[weights]\ncitizen = inf\n", encoding="utf-8")
    db = tmp_path / "runde.db"
    result = runner.invoke(app, ["round", "open", "2026", "--pool", str(path), "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == (f"fejl: {path}: weights: vægten for 'citizen' er inf: skriv et tal fra 0 til 1000 (kun "
                             "forholdet mellem vægtene tæller, fx 1, 2 eller 3)\n")
    assert not db.exists()


def test_an_override_amount_has_the_bound_too(tmp_path):
    path = tmp_path / "chefforum.toml"
    path.write_text(f'[[override]]\napplication = "A1"\naction = "fix"\namount_dkk = {MAX_AMOUNT + 1}\n'
                    'reason = "r"\ndecided_by = "Chefforum"\n', encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read_overrides(path)
    assert list(refused.value.lines) == [f"{path}: overstyring 1: amount_dkk: {TOO_MUCH}"]


def test_a_number_of_thousands_of_digits_is_one_clear_line(tmp_path):
    path = tmp_path / "pulje.toml"
    assert refusal(path, "budget_dkk = " + "9" * 100_001 + "\n") == [
        f"{path}: et tal i filen har tusindvis af cifre, flere end noget beløb eller nogen vægt, digipulje læser: "
        "tjek filen"]


@pytest.mark.parametrize("written, shown", [('"inf"', '"inf"'), ('"1e308"', '"1e308"'), ('"1001"', '"1001"'),
                                            ('"1_000"', '"1_000"'), ("true", "true"), ("[1]", "[1]"),
                                            ("-1", "-1")])
def test_a_weight_that_is_not_a_number_in_range_is_refused_as_written(tmp_path, written, shown):
    """Text in quotes, true and lists are not weights, even where Python could read them as one
    (a quoted "1e308" used to pass the bound and overflow every score)."""
    path = tmp_path / "pulje.toml"
    assert refusal(path, f"[weights]\ncitizen = {written}\n") == [
        f"{path}: weights: vægten for 'citizen' er {shown}: skriv et tal fra 0 til 1000 (kun forholdet mellem "
        "vægtene tæller, fx 1, 2 eller 3)"]


@pytest.mark.parametrize("command", [["allocate"], ["explain", "A1"], ["robustness", "--draws", "5"],
                                     ["sweep", "--budget", "100000:200000:50000"]])
def test_every_command_refuses_a_quoted_infinite_weight_in_one_line(tmp_path, command):
    path = tmp_path / "pulje.toml"
    path.write_text('budget_dkk = 250000\n[weights]\ncitizen = "inf"\n', encoding="utf-8")
    result = runner.invoke(app, [command[0], str(example_path(APPLICATIONS_FILE)), *command[1:], "--pool", str(path)])
    assert result.exit_code == 1, result.output
    assert result.stderr == (f"fejl: {path}: weights: vægten for 'citizen' er \"inf\": skriv et tal fra 0 til 1000 "
                             "(kun forholdet mellem vægtene tæller, fx 1, 2 eller 3)\n")
