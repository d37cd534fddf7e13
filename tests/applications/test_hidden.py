"""What Excel hides is never read without a word: a hidden sheet (also "veryHidden") is not read in
place of the visible one, and hidden rows and columns that hold something are named in a warning."""

from __future__ import annotations

import openpyxl
import pytest
from typer.testing import CliRunner

from digipulje.applications.spreadsheet import collect_applications
from digipulje.cli import app

HEADER = ["ID", "Titel", "Afdeling", "Ansøgt beløb"]


def workbook(path, first_state: str, visible_has_header: bool = True, hide_rows=(), hide_columns=()):
    """A first sheet in `first_state` with an old round, and a visible sheet 'Ansøgninger'."""
    book = openpyxl.Workbook()
    old = book.active
    old.title = "Sidste år"
    old.append(HEADER)
    old.append(["X1", "Gammel ansøgning", "IT", 99_000])
    old.sheet_state = first_state
    sheet = book.create_sheet("Ansøgninger")
    if visible_has_header:
        sheet.append([*HEADER, "Bemærkning"])
        sheet.append(["A1", "Ny portal", "Borgerservice", 140_000, "hastesag"])
        sheet.append(["A2", "Tjek ind", "Materialegården", 40_000, ""])
        sheet.append(["A3", "Robot", "Økonomi", 60_000, ""])
    else:
        sheet.append(["Se arket 'Sidste år'"])
    for row in hide_rows:
        sheet.row_dimensions[row].hidden = True
    for column in hide_columns:
        sheet.column_dimensions[column].hidden = True
    book.save(path)
    return path


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_first_sheet_is_not_read_instead_of_the_visible_one(tmp_path, state):
    path = workbook(tmp_path / "ansoegninger.xlsx", state)
    applications, problems = collect_applications([path])
    assert [a.id for a in applications] == ["A1", "A2", "A3"]
    assert {p.sheet for p in problems} == {"Ansøgninger"}


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_only_a_hidden_sheet_with_the_header_is_refused_in_one_danish_line(tmp_path, state):
    path = workbook(tmp_path / "ansoegninger.xlsx", state, visible_has_header=False)
    result = CliRunner().invoke(app, ["allocate", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (f"fejl: Arket 'Sidste år' i {path}: arket med ansøgningerne er skjult i Excel, og digipulje "
                             "læser kun synlige ark — vis det (højreklik på en arkfane, Vis), eller angiv det med "
                             "--sheet 'Sidste år'\n")


def test_sheet_reads_the_hidden_sheet_it_names(tmp_path):
    path = workbook(tmp_path / "ansoegninger.xlsx", "veryHidden", visible_has_header=False)
    applications, problems = collect_applications([path], sheet="Sidste år")
    assert [a.id for a in applications] == ["X1"] and problems == []


def test_a_visible_sheet_is_read_as_before(tmp_path):
    path = workbook(tmp_path / "ansoegninger.xlsx", "visible")
    applications, _ = collect_applications([path])
    assert [a.id for a in applications] == ["X1"]  # the first visible sheet with a header row


def test_hidden_rows_and_columns_that_hold_something_are_named_in_one_warning_each(tmp_path):
    path = workbook(tmp_path / "ansoegninger.xlsx", "hidden", hide_rows=(3, 4, 9), hide_columns=("E", "G"))
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    applications, problems = collect_applications([path])
    assert [a.id for a in applications] == ["A1", "A2", "A3"]  # read, as before, but not without a word
    warnings = [p.line() for p in problems if "skjult" in p.message]
    assert warnings == [
        f"advarsel: Arket 'Ansøgninger' i {path}: rækkerne 3, 4 er skjult i Excel, men læses som de andre — vis dem, "
        "og tjek at de hører til runden",
        f"advarsel: Arket 'Ansøgninger' i {path}: kolonne E er skjult i Excel, men læses som de andre — vis den, og "
        "tjek hvad den indeholder",
    ]
    assert "rækkerne 3, 4 er skjult i Excel" in result.output


def test_allocate_warns_of_a_hidden_row_on_stderr(tmp_path):
    path = workbook(tmp_path / "ansoegninger.xlsx", "visible", hide_rows=(2,))
    book = openpyxl.load_workbook(path)
    book.remove(book["Sidste år"])
    book.save(path)
    result = CliRunner().invoke(app, ["allocate", str(path), "--solver", "highs"])
    assert result.exit_code == 0, result.output
    assert (f"advarsel: Arket 'Ansøgninger' i {path}: række 2 er skjult i Excel, men læses som de andre — vis den, og "
            "tjek at den hører til runden\n") in result.stderr


def test_the_form_s_own_hidden_key_column_is_no_warning(tmp_path):
    from digipulje.applications.form import write_form

    form = write_form(tmp_path / "skema.xlsx")
    _, problems = collect_applications([form])
    assert not [p for p in problems if "skjult" in p.message]
