"""Reading the assessors' sheet: both layouts, and every problem with its place."""

from __future__ import annotations

import openpyxl
import pytest

from digipulje.applications.assessments import AssessorRating, read_assessments
from digipulje.applications.problems import ApplicationsError

pytestmark = pytest.mark.usefixtures("english")  # English texts; Danish: test_danish_errors.py


def workbook(path, *sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def test_one_row_per_rating(tmp_path):
    path = workbook(tmp_path / "v.xlsx", ("ITP", [
        ["ITP's vurderinger 2026"],
        [],
        ["Bedømmer", "Afdeling", "Ansøgning", "Princip", "Vurdering", "Kommentar"],
        ["Anna", "Ældre", "A1", "Borger", 4, "stor effekt"],
        ["Anna", "Ældre", "A1", "dokumenteret effekt", "3", None],
        [None, None, None, None, None, None],
        ["Bo", "Børn", "A1", "Cross-cutting", 2.0, None],
    ]))
    sheet = read_assessments(path)
    assert sheet.ratings == (
        AssessorRating("Anna", "Ældre", "A1", "citizen", 4, f"{path}, sheet 'ITP', row 4"),
        AssessorRating("Anna", "Ældre", "A1", "evidence", 3, f"{path}, sheet 'ITP', row 5"),
        AssessorRating("Bo", "Børn", "A1", "cross_cutting", 2, f"{path}, sheet 'ITP', row 7"),
    )
    assert sheet.warnings == ()


def test_one_column_per_principle_on_one_sheet_per_assessor(tmp_path):
    header = ["Assessor", "Department", "Application", "Citizen", "Employee", "Municipality", "Evidence",
              "Cross-cutting", "Borgr"]
    path = workbook(tmp_path / "v.xlsx",
                    ("Anna", [header, ["Anna", "Ældre", "A1", 4, 3, None, 2, 1]]),
                    ("Bo", [header, ["Bo", "Børn", "A1", 1, 1, 1, 1, 1]]))
    sheet = read_assessments(path)
    assert [(r.assessor, r.criterion, r.rating) for r in sheet.ratings] == [
        ("Anna", "citizen", 4), ("Anna", "employee", 3), ("Anna", "evidence", 2), ("Anna", "cross_cutting", 1),
        ("Bo", "citizen", 1), ("Bo", "employee", 1), ("Bo", "municipality", 1), ("Bo", "evidence", 1),
        ("Bo", "cross_cutting", 1)]
    assert [p.line() for p in sheet.warnings] == [
        f"warning: {path}, sheet 'Anna', row 1, column 'Borgr': unknown column, ignored: did you mean 'Borger'?",
        f"warning: {path}, sheet 'Bo', row 1, column 'Borgr': unknown column, ignored: did you mean 'Borger'?",
    ]


def test_csv_with_semicolons(tmp_path):
    path = tmp_path / "v.csv"
    path.write_text("Bedømmer;Afdeling;Ansøgning;Borger;Kommune\nAnna;Ældre;A1;4;\n", encoding="utf-8-sig")
    assert read_assessments(path).ratings == (
        AssessorRating("Anna", "Ældre", "A1", "citizen", 4, f"{path}, row 2"),)


def test_every_problem_is_reported_with_its_row_and_column(tmp_path):
    path = workbook(tmp_path / "v.xlsx", ("ITP", [
        ["Bedømmer", "Afdeling", "Ansøgning", "Princip", "Vurdering"],
        ["Anna", "Ældre", "A1", "Borger", 5],
        ["Anna", None, "A1", "Kommune", 3],
        ["Bo", "Børn", "A1", "Pris", 3],
        ["Bo", "Børn", "A1", "Borger", None],
        ["Anna", "Børn", "A2", "Borger", 2],
        ["Anna", "Ældre", "A2", "borger", 1],
    ]))
    with pytest.raises(ApplicationsError) as error:
        read_assessments(path)
    where = f"{path}, sheet 'ITP'"
    assert error.value.lines == (
        f"{where}, row 2, column 'Vurdering': '5' is not a rating: write a whole number from 0 to 4",
        f"{where}, row 3, column 'Afdeling': missing: this column is required (it decides recusal)",
        f"{where}, row 4, column 'Princip': 'Pris' is not a rated principle: write one of Borger, "
        "Medarbejder, Kommune, Dokumenteret effekt, Tværgående",
        f"{where}, row 5, column 'Vurdering': missing: write a rating from 0 to 4",
        f"{where}, row 7: assessor 'Anna' is from 'Børn' in {where}, row 6 but from 'Ældre' here: "
        "use one department",
        f"{where}, row 7: assessor 'Anna' rates 'Borger' of 'A2' again (also in {where}, row 6): keep one rating",
    )


def test_a_sheet_without_the_columns_says_which_are_needed(tmp_path):
    path = workbook(tmp_path / "v.xlsx", ("Ark1", [["Navn", "Afdeling"], ["Anna", "Ældre"]]))
    with pytest.raises(ApplicationsError) as error:
        read_assessments(path)
    assert error.value.lines == (
        f"{path}, sheet 'Ark1', row 1: the required column 'Ansøgning' is missing",
        f"{path}, sheet 'Ark1', row 1: no ratings: add 'Princip' and 'Vurdering' columns, or one column "
        "per principle",
    )
    with pytest.raises(ApplicationsError) as error:
        read_assessments(tmp_path / "none.xlsx")
    assert error.value.lines == (f"{tmp_path / 'none.xlsx'}: file not found",)
