"""Single cells: amounts, dates, flags and ratings as people type them."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digipulje.applications.cells import (CellError, parse_amount, parse_bottom_line, parse_date, parse_flag,
                                parse_quantity, parse_rating)
from digipulje.applications.model import BottomLine

pytestmark = pytest.mark.usefixtures("english")  # English texts; Danish: test_danish_errors.py


@pytest.mark.parametrize("value", [140000, 140000.0, "140000", "kr. 140.000", "140.000,00", "140 000 kr.",
                                   "DKK 140000", "140.000,-", "kr 140.000", "140\u00a0000", "DKK 140,000.00"])
def test_amounts_as_people_write_them(value):
    assert parse_amount(value) == 140_000


@pytest.mark.parametrize("value, message", [
    ("140,000", "'140,000' is ambiguous (thousands or decimals?): write it as a whole number of kroner, "
                "e.g. 140000 or 140.000"),
    ("14.00.00", "'14.00.00' is not an amount: write it as a whole number of kroner, e.g. 140000 or 140.000"),
    (True, "expected an amount in kroner, found a yes/no value"),
    (float("nan"), "expected an amount in kroner, found no number"),
    (2_000_000_000, "'2000000000' is more than 1.000.000.000 kr.: check the amount"),
    ("1,500.50", "'1,500.50' has øre: amounts are whole kroner, write it as a whole number of kroner, "
                 "e.g. 140000 or 140.000"),
])
def test_amounts_that_are_refused(value, message):
    with pytest.raises(CellError) as caught:
        parse_amount(value)
    assert str(caught.value) == message


@pytest.mark.parametrize("value", ["2025-12-01", "1.12.2025", "01-12-2025", "1. december 2025", "1 dec. 2025",
                                   dt.datetime(2025, 12, 1, 0, 0), dt.date(2025, 12, 1), 45_992])
def test_dates_danish_iso_and_excel(value):
    assert parse_date(value) == dt.date(2025, 12, 1)


def test_a_date_that_is_not_one():
    with pytest.raises(CellError) as caught:
        parse_date("31.2.2025")
    assert str(caught.value) == "'31.2.2025' is not a date: write it as 2025-12-01 or 1.12.2025"


@pytest.mark.parametrize("value, expected", [("Ja", True), ("x", True), ("yes", True), (" NEJ ", False),
                                             ("no", False), (False, False)])
def test_flags(value, expected):
    assert parse_flag(value) is expected


def test_ratings_are_whole_numbers_from_0_to_4():
    assert [parse_rating(v) for v in (0, 4.0, " 3 ")] == [0, 4, 3]
    with pytest.raises(CellError) as caught:
        parse_rating(2.5)
    assert str(caught.value) == "'2.5' is not a rating: write a whole number from 0 to 4"


@pytest.mark.parametrize("value, quantity", [
    (12, "12"), (12.0, "12"), (2.5, "2.5"), (0.1, "0.1"), ("2,5", "2.5"), ("2.5", "2.5"), ("-3", "-3"),
    ("1.500,5", "1500.5"), ("1,500.5", "1500.5"), ("1.500.000", "1500000"), ("1 500", "1500"),
    ("1\u00a0500,25", "1500.25"), ("12,50", "12.50"), (Decimal("7.25"), "7.25"),
])
def test_indicator_values_as_people_write_them(value, quantity):
    assert parse_quantity(value) == Decimal(quantity)


@pytest.mark.parametrize("value, message", [
    ("1,500", "'1,500' is ambiguous (thousands or decimals?): write it without a thousands separator and with "
              "a decimal comma, e.g. 1500 or 1,5"),
    ("10 dage", "'10 dage' is not a number: write the number alone, e.g. 12 or 2,5 (the unit has its own question)"),
    ("1.5.0", "'1.5.0' is not a number: write the number alone, e.g. 12 or 2,5 (the unit has its own question)"),
    (True, "expected a number, found a yes/no value: write the number alone, e.g. 12 or 2,5 (the unit has its "
           "own question)"),
    (float("inf"), "expected a number, found no number: write the number alone, e.g. 12 or 2,5 (the unit has "
                   "its own question)"),
])
def test_indicator_values_that_are_refused(value, message):
    with pytest.raises(CellError) as caught:
        parse_quantity(value)
    assert str(caught.value) == message


@settings(deadline=None, max_examples=200)
@given(st.decimals(min_value=-10**9, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_a_danish_number_reads_back_as_the_same_decimal(number):
    whole, _, decimals = f"{abs(number):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    text = ("-" if number < 0 else "") + grouped + ("," + decimals if decimals else "")
    if re.fullmatch(r"-?[1-9]\d{0,2}[.,]\d{3}", text):
        return  # "1.500" and "1,500" are refused as ambiguous (tested above)
    assert parse_quantity(text) == number


@pytest.mark.parametrize("value, line", [("Borger", "citizen"), ("medarbejderne", "employee"),
                                         (" Kommune ", "municipality"), ("Citizen", "citizen")])
def test_bottom_lines_in_danish_and_english(value, line):
    assert parse_bottom_line(value) == BottomLine(line)
