"""`digipulje report`: every format from the command line, its errors word for word, and money
formatting checked against Babel's CLDR rules as an independent oracle."""

from __future__ import annotations

import pytest
import io

from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from digipulje.base.money import format_dkk, format_number
from digipulje.cli import app
from digipulje.pool.example import APPLICATIONS_FILE, OVERRIDES_FILE, POOL_FILE, example_path

runner = CliRunner()


def example_args(*extra: str) -> list[str]:
    return ["report", str(example_path(APPLICATIONS_FILE)), "--pool", str(example_path(POOL_FILE)),
            "--overrides", str(example_path(OVERRIDES_FILE)), "--date", "2025-05-07", *extra]


def test_report_writes_html_and_xlsx(tmp_path):
    html, book = tmp_path / "memo.html", tmp_path / "memo.xlsx"
    for out, lang in ((html, "en"), (book, "da")):
        result = runner.invoke(app, example_args("--out", str(out), "--lang", lang))
        assert result.exit_code == 0, result.output
        assert result.stderr == {"en": f"wrote {out}\n", "da": f"skrev {out}\n"}[lang]
    text = html.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert "<title>Decision on the allocation of Digitaliseringspuljen 2025</title>" in text
    assert "src=" not in text and "href=" not in text and "<script" not in text  # self-contained
    assert load_workbook(io.BytesIO(book.read_bytes())).sheetnames[0] == "Fordeling"


@pytest.mark.usefixtures("english")
def test_an_unknown_suffix_is_refused_before_any_work(tmp_path):
    out = tmp_path / "memo.pdf"
    result = runner.invoke(app, example_args("--out", str(out)))
    assert result.exit_code == 1
    assert result.stderr == (f"error: {out}: cannot tell which report to write from '.pdf': name the file .html "
                             "or .md (the memo) or .xlsx (the workbook)\n")
    assert not out.exists()


@pytest.mark.usefixtures("english")
def test_the_report_never_overwrites_an_input(tmp_path):
    runner.invoke(app, ["demo", "--export", str(tmp_path)])
    sheet = tmp_path / "ansoegninger-2025.xlsx"
    before = sheet.read_bytes()
    result = runner.invoke(app, ["report", str(sheet), "--out", str(sheet)])
    assert result.exit_code == 1
    assert result.stderr == (f"error: --out {sheet}: is an applications file, and digipulje never writes over its "
                             "inputs: choose another name for --out\n")
    assert sheet.read_bytes() == before


@pytest.mark.usefixtures("english")
def test_bad_input_is_one_line_per_problem(tmp_path):
    pool = tmp_path / "pulje.toml"
    pool.write_text("budget_dkk = -5\n", encoding="utf-8")
    result = runner.invoke(app, ["report", str(example_path(APPLICATIONS_FILE)), "--pool", str(pool),
                                 "--out", str(tmp_path / "memo.md")])
    assert result.exit_code == 1
    assert result.stderr == f"error: {pool}: budget_dkk: Input should be greater than or equal to 0\n"
    assert not (tmp_path / "memo.md").exists()


def test_report_has_help():
    result = runner.invoke(app, ["report", "--help"])
    assert result.exit_code == 0
    for option in ("--out", "--pool", "--overrides", "--baseline", "--lang", "--with-names", "--date"):
        assert option in result.stdout


@given(st.integers(-10**15, 10**15))
def test_kroner_are_grouped_as_cldr_says(amount):
    assert format_number(amount, "da") == format_decimal(amount, locale="da_DK")
    assert format_number(amount, "en") == format_decimal(amount, locale="en_GB")
    assert format_dkk(amount, "da") == "kr. " + format_decimal(amount, locale="da_DK")
