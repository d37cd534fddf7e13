"""The applications' KITOS references: systems and KLE numbers, in the overview sheet and the form."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from digipulje.applications.form import write_form
from digipulje.applications.problems import Problem
from digipulje.applications.spreadsheet import collect_applications, read_applications
from tests.applications.sheets import HEADER, write_csv, write_xlsx

pytestmark = pytest.mark.usefixtures("english")  # English texts; Danish: test_danish_errors.py


@pytest.mark.parametrize("systems_header, kle_header", [
    ("KITOS-systemer", "KLE-numre"),
    ("Systemer", "KLE"),
    ("IT-systemer", "KLE codes"),
    ("Systems", "KLE numbers"),
])
def test_the_overview_sheet_reads_systems_and_kle_numbers_under_their_synonyms(tmp_path, systems_header, kle_header):
    path = write_xlsx(tmp_path / "a.xlsx", [
        [*HEADER, systems_header, kle_header],
        ["A1", "Mit Team i Cura", "Ældre, Social & Sundhed", 90000, "Cura; Nexus", "27.24.00, 27.36"],
        ["A2", "Letdialog", "Børn & Familie", 75000, "Letdialog\nSBSYS,Outlook", "05.13.00;\n05.13.02"],
        ["A3", "GPS", "Materialegården", 140000, None, None],
    ])
    apps, problems = collect_applications([path])
    assert problems == []
    assert [(a.id, a.systems, a.kle_codes) for a in apps] == [
        ("A1", ("Cura", "Nexus"), ("27.24.00", "27.36")),
        ("A2", ("Letdialog", "SBSYS", "Outlook"), ("05.13.00", "05.13.02")),
        ("A3", (), ()),
    ]


def test_a_csv_reads_the_same_columns(tmp_path):
    path = write_csv(tmp_path / "a.csv", [
        [*HEADER, "Systemer i KITOS", "KLE-nummer"],
        ["A1", "Mit Team i Cura", "Ældre", 90000, "Cura, Nexus", "27.24.00"],
    ])
    [app] = read_applications([path])
    assert (app.systems, app.kle_codes) == (("Cura", "Nexus"), ("27.24.00",))


def test_a_kle_number_excel_changed_or_mistyped_is_a_problem_naming_the_cell(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [
        [*HEADER, "KLE-numre"],
        ["A1", "Et", "X", 1000, "2724"],
        ["A2", "To", "X", 1000, dt.datetime(2026, 10, 27)],
        ["A3", "Tre", "X", 1000, 27.2],
        ["A4", "Fire", "X", 1000, 27.24],
    ])
    apps, problems = collect_applications([path])
    assert [(a.id, a.kle_codes) for a in apps] == [("A4", ("27.24",))]
    assert problems == [
        Problem(str(path), "Ansøgninger", 2, "KLE-numre",
                "'2724' is not a KLE number: write it as 27.24.00 (or 27.24 for a group)"),
        Problem(str(path), "Ansøgninger", 3, "KLE-numre",
                "found a date, not a KLE number: Excel turns numbers such as 27.10 into dates; "
                "format the cell as text and write 27.10.00"),
        Problem(str(path), "Ansøgninger", 4, "KLE-numre",
                "found the number 27.2, not a KLE number: format the cell as text and write it with two "
                "digits per level, such as 27.20.00"),
    ]


def test_the_form_asks_for_kle_numbers_as_text_and_reads_back_systems_and_kle(tmp_path):
    form = write_form(tmp_path / "skema.xlsx", "da")
    workbook = openpyxl.load_workbook(form)
    answers = {"title": "Letdialog", "department": "Børn & Familie", "requested_dkk": 75000,
               "systems": "Letdialog; Nexus", "kle_codes": "05.13.00; 27.24", "approved_by": "Anne Hansen",
               "approved_on": dt.datetime(2025, 11, 28)}
    labels = {}
    for row in workbook.worksheets[0].iter_rows():
        if row[0].value in answers:
            row[2].value = answers[row[0].value]
            labels[row[0].value] = (row[1].value, row[2].number_format)
    assert labels["kle_codes"] == ("KLE-numre for opgaven", "@")
    workbook.save(tmp_path / "letdialog.xlsx")
    [app] = read_applications([tmp_path / "letdialog.xlsx"])
    assert (app.systems, app.kle_codes) == (("Letdialog", "Nexus"), ("05.13.00", "27.24"))
