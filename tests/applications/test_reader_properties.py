"""Whatever a department puts in its sheet, the reader answers with applications or problems:
never an unhandled exception. And the order of the columns never changes what is read."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from digipulje.applications.columns import COLUMNS, match_header
from digipulje.applications.model import Application
from digipulje.applications.problems import Problem
from digipulje.applications.spreadsheet import collect_applications, parse_rows

KNOWN = [h for c in COLUMNS for h in c.headers[:2]]
printable = st.characters(blacklist_categories=("Cs", "Cc"))
cell_values = st.one_of(
    st.none(),
    st.text(printable, max_size=12),
    st.sampled_from(["kr. 140.000", "140.000,00", "140,000", "-5", "Ja", "nej", "x", "I alt", "3", "4.0",
                     "1.12.2025", "2025-13-01", "Støttes", "Afvist", " ", "=SUM(A1)", "DKK 1,000.00"]),
    st.integers(-10**12, 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1)),
)


@st.composite
def sheets(draw, values=cell_values):
    """Title rows, then a header of known and unknown columns in random order, then rows."""
    headers = draw(st.lists(st.one_of(st.sampled_from(KNOWN), st.text(printable, min_size=1, max_size=10)),
                            min_size=1, max_size=10, unique=True))
    width = len(headers)
    titles = draw(st.lists(st.lists(values, max_size=3), max_size=2))
    body = draw(st.lists(st.lists(values, min_size=width, max_size=width), max_size=6))
    return titles, headers, body


def _check(applications, problems, file):
    assert all(isinstance(a, Application) for a in applications)
    assert all(isinstance(p, Problem) and p.file == file and p.message for p in problems)


@settings(max_examples=200)
@given(sheets(), st.randoms(use_true_random=False))
def test_any_cells_in_any_column_order_give_applications_or_problems(sheet, random):
    titles, headers, body = sheet
    rows = [*titles, headers, *body]
    applications, problems = parse_rows(rows, "a.xlsx", "Ark1")
    _check(applications, problems, "a.xlsx")

    order = list(range(len(headers)))
    random.shuffle(order)
    shuffled = [*titles, [headers[i] for i in order], *[[row[i] for i in order] for row in body]]
    again, again_problems = parse_rows(shuffled, "a.xlsx", "Ark1")
    assert _same(again) == _same(applications)
    errors = lambda ps: sorted((p.row, p.column or "", p.message) for p in ps if p.severity == "error")  # noqa: E731
    fields = [match_header(h).candidates for h in headers]
    meanings = [c for f in fields for c in f]
    if len(meanings) == len(set(meanings)):  # else which column is "the other one" depends on the order
        assert errors(again_problems) == errors(problems)


def _same(applications):
    return sorted((a.model_copy(update={"notes": tuple(sorted(a.notes))}) for a in applications), key=repr)


@settings(max_examples=25)
@given(sheets(st.one_of(st.none(), st.text(printable, max_size=12), st.integers(-10**6, 10**6),
                        st.floats(allow_nan=False, allow_infinity=False), st.dates(min_value=dt.date(1900, 1, 1)))))
def test_any_workbook_or_csv_file_gives_applications_or_problems(sheet):
    titles, headers, body = sheet
    rows = [*titles, headers, *body]
    with tempfile.TemporaryDirectory() as folder:
        xlsx, text = Path(folder) / "a.xlsx", Path(folder) / "a.csv"
        workbook = openpyxl.Workbook()
        for row in rows:
            workbook.active.append(row)
        workbook.save(xlsx)
        with text.open("w", encoding="cp1252", errors="replace", newline="") as handle:
            csv.writer(handle, delimiter=";").writerows(rows)
        for path in (xlsx, text):
            applications, problems = collect_applications([path])
            _check(applications, problems, str(path))
