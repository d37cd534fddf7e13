"""The council's overview sheet as departments really send it: title rows, merged cells, blank
rows, totals, trailing spaces, typos in headers, and every kind of bad amount."""

from __future__ import annotations

import datetime as dt

import pytest

from digipulje.applications.columns import read_column_map
from digipulje.applications.model import Approval
from digipulje.applications.problems import ApplicationsError, Problem
from digipulje.applications.spreadsheet import collect_applications, read_applications
from digipulje.base.errors import InputError
from tests.applications.sheets import HEADER, write_xlsx

pytestmark = pytest.mark.usefixtures("english")  # English texts; Danish: test_danish_errors.py

SHEET = "Ansøgninger"


def test_a_messy_sheet_reads_as_its_applications(tmp_path):
    path = write_xlsx(tmp_path / "ansøgninger.xlsx", [
        ["Digitaliseringspuljen 2026"],
        ["Ansøgninger modtaget til 1. december 2025"],
        [],
        [" ID ", "Titel ", "AFDELING", "Ansøgt beløb (kr.)", "Årlige driftsudgifter", "Godkendt af afdelingschef",
         "Godkendt dato", "Drift dækkes af ansøger"],
        ["B1", "Letdialog  ", "Børn & Familie ", "kr. 75.000", "18.750", "Anne Hansen", "1.12.2025", "Ja"],
        [],
        [None, None, None, None],
        ["B2", "Tjek ind og ud", "Materialegården", 40000, None, None, None, "x"],
        ["B3", "GPS", "Materialegården", "140 000 kr.", "DKK 9858", None, None, "nej"],
        ["I alt", None, None, 255000, 28608],
    ], merged=("A1:H1", "A2:H2"))
    apps, problems = collect_applications([path])
    assert problems == []
    assert [(a.id, a.title, a.department, a.requested_dkk, a.yearly_running_cost_dkk) for a in apps] == [
        ("B1", "Letdialog", "Børn & Familie", 75_000, 18_750),
        ("B2", "Tjek ind og ud", "Materialegården", 40_000, None),
        ("B3", "GPS", "Materialegården", 140_000, 9_858),
    ]
    assert apps[0].approval == Approval(name="Anne Hansen", date=dt.date(2025, 12, 1))
    assert [a.running_cost_paid_by_applicant for a in apps] == [True, True, False]


def test_a_totals_row_is_never_an_application_but_an_id_called_sum_is(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [
        HEADER,
        ["SUM", "Sum-beregner", "Økonomi", 20000],
        [None, "Total", None, 20000],
        ["Sum i alt", None, None, 20000],
    ])
    assert [a.id for a in read_applications([path])] == ["SUM"]


def test_a_row_that_repeats_the_headings_is_one_line_not_one_per_cell(tmp_path):
    """Two sheets pasted together: the second's headings are said once, naming the header row; the
    rows around them are read. An application whose title is a heading is still an application."""
    path = write_xlsx(tmp_path / "a.xlsx", [
        HEADER, ["B1", "Et", "X", 1000], [" id", "TITEL", "Afdeling ", "Ansøgt beløb (kr.)"], ["B2", "To", "X", 2000],
        ["B3", "Titel", "Afdeling", 3000]])
    apps, problems = collect_applications([path])
    assert [a.id for a in apps] == ["B1", "B2", "B3"]
    assert [(p.row, p.column, p.message) for p in problems] == [(3, None, (
        "the row repeats the column headings (row 1), as where two sheets are pasted together: delete it"))]


def test_headings_repeated_in_another_order_are_one_line_and_the_rows_below_are_read_by_them(tmp_path):
    """The second sheet's columns in another order: one line says so, and its rows are read by its
    own headings (they were read by the first's: titles as IDs, amounts as ratings)."""
    path = write_xlsx(tmp_path / "a.xlsx", [
        HEADER, ["B1", "Et", "X", 1000], ["Ansøgt beløb (kr.)", "Titel", "ID", "Afdeling"], [2000, "To", "B2", "Y"]])
    apps, problems = collect_applications([path])
    assert [(a.id, a.title, a.department, a.requested_dkk) for a in apps] == [("B1", "Et", "X", 1000),
                                                                               ("B2", "To", "Y", 2000)]
    assert [(p.row, p.message) for p in problems] == [(3, (
        "the row repeats the column headings of row 1 in another order, as where two sheets are pasted together: "
        "the rows below it are read by its headings; put them in a sheet of their own and delete this row"))]


def test_a_duplicate_id_is_named_with_the_other_problems_of_its_row(tmp_path):
    """Every problem at once: a row with a bad amount and an ID named again in the next row gives
    both lines (the duplicate was said only once the amount was mended)."""
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["B1", "Et", "X", "tusind"], ["B1", "To", "X", 2000],
                                            ["B2", "Tre", "X", 3000], ["B3", "Fire", "X", "x"], ["B3", "Fem", "X", "y"]])
    _, problems = collect_applications([path])
    duplicates = [(p.row, p.message) for p in problems if "more than once" in p.message]
    assert duplicates == [
        (3, "application id 'B1' appears more than once (also in this file, row 2): ids must be unique"),
        (6, "application id 'B3' appears more than once (also in this file, row 5): ids must be unique")]
    assert [p.row for p in problems if "more than once" not in p.message] == [2, 5, 6]


def test_ids_that_differ_only_in_capital_letters_are_two_applications_with_a_warning(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["P4", "Et", "X", 1000], [" p4 ", "To", "X", 2000]])
    other = write_xlsx(tmp_path / "b.xlsx", [HEADER, ["p4", "Tre", "Y", 3000]])
    apps, problems = collect_applications([path, other])
    assert [a.id for a in apps] == ["P4", "p4", "p4"]
    assert [(p.file, p.row, p.severity, p.message) for p in problems] == [
        (str(path), 3, "warning", "application id 'p4' differs from 'P4' (this file, row 2) only in capital letters: "
                                  "they are read as two applications; if they are one, write its id the same way in both"),
        (str(other), 2, "error", f"application id 'p4' appears more than once (also in {path}, row 3): ids must be "
                                 "unique")]


def test_duplicate_ids_name_both_rows(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["B1", "Et", "X", 1000], ["B1", "To", "X", 2000]])
    other = write_xlsx(tmp_path / "b.xlsx", [HEADER, ["B1", "Tre", "Y", 3000]])
    _, problems = collect_applications([path, other])
    assert problems == [
        Problem(str(path), SHEET, 3, "ID",
                "application id 'B1' appears more than once (also in this file, row 2): ids must be unique"),
        Problem(str(other), SHEET, 2, "ID",
                f"application id 'B1' appears more than once (also in {path}, row 2): ids must be unique"),
    ]


def test_every_bad_amount_is_named_with_how_to_write_it(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [
        HEADER,
        ["B1", "Tekst", "X", "ca. 100.000"],
        ["B2", "Negativ", "X", -5000],
        ["B3", "Tvetydig", "X", "140,000"],
        ["B4", "Øre", "X", "1.500,50"],
        ["B5", "Øre i tal", "X", 1500.25],
        ["B6", "Tom", "X", "  "],
        ["B7", "Negativ tekst", "X", "-kr. 5.000"],
    ])
    with pytest.raises(ApplicationsError) as caught:
        read_applications([path])
    column = "Ansøgt beløb (kr.)"
    assert [(p.row, p.column, p.message) for p in caught.value.problems] == [
        (2, column, "'ca. 100.000' is not an amount: write it as a whole number of kroner, e.g. 140000 or 140.000"),
        (3, column, "'-5000' is negative: amounts are whole kroner of 0 or more, write it without a minus sign"),
        (4, column, "'140,000' is ambiguous (thousands or decimals?): write it as a whole number of kroner, "
                    "e.g. 140000 or 140.000"),
        (5, column, "'1.500,50' has øre: amounts are whole kroner, write it as a whole number of kroner, "
                    "e.g. 140000 or 140.000"),
        (6, column, "1500.25 has øre: amounts are whole kroner, write 1500"),
        (7, column, "missing: this column is required"),
        (8, column, "'-kr. 5.000' is negative: amounts are whole kroner of 0 or more, write it without a minus sign"),
    ]
    assert caught.value.lines[0] == (
        f"{path}, sheet '{SHEET}', row 2, column '{column}': 'ca. 100.000' is not an amount: write it as a whole "
        "number of kroner, e.g. 140000 or 140.000")


def test_the_first_fifty_problems_and_a_count(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER] + [[f"B{i}", "T", "X", "mange penge"] for i in range(60)])
    with pytest.raises(ApplicationsError) as caught:
        read_applications([path])
    assert len(caught.value.problems) == 60
    assert len(caught.value.lines) == 51
    assert caught.value.lines[-1] == "... and 10 more problems"


def test_unknown_headers_are_kept_as_notes_with_one_warning(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [
        HEADER + ["Kommentar", "Kontaktperon"],
        ["B1", "Letdialog", "Børn & Familie", 75000, "haster", "Bo"],
        ["B2", "Tjek ind", "Materialegården", 40000, None, None],
    ])
    apps, problems = collect_applications([path])
    assert apps[0].notes == (("Kommentar", "haster"), ("Kontaktperon", "Bo"))
    assert apps[1].notes == ()
    assert problems == [Problem(str(path), SHEET, 1, None,
                                "columns not recognised, kept as notes: 'Kommentar', 'Kontaktperon' "
                                "(did you mean 'Kontaktperson'?)", severity="warning")]
    assert len(read_applications([path])) == 2  # a warning does not stop the reading


def test_a_missing_required_column_suggests_the_near_miss(tmp_path):
    typo = write_xlsx(tmp_path / "typo.xlsx", [["ID", "Titel", "Afdeling", "Ansøgt belob"], ["B1", "T", "X", 1]])
    absent = write_xlsx(tmp_path / "absent.xlsx", [["ID", "Titel", "Afdeling", "Pengene"], ["B1", "T", "X", 1]])
    _, problems = collect_applications([typo, absent])
    assert [p.line() for p in problems] == [
        f"{typo}, sheet '{SHEET}', row 1: the required column 'Ansøgt beløb' is missing (the header row has 'Afdeling', 'Ansøgt belob', 'ID', 'Titel'); is it 'Ansøgt belob'? "
        "Rename that column, or map it with --columns",
        f"{absent}, sheet '{SHEET}', row 1: the required column 'Ansøgt beløb' is missing (the header row has 'Afdeling', 'ID', 'Pengene', 'Titel'): add it, or name the "
        "column that holds it with --columns",
    ]


def test_headers_match_whatever_their_case_spacing_punctuation_and_suffix(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [
        ["application id", "TITLE", "Department:", "Pris i alt (i kr.)", "Smallest workable grant (DKK)",
         "Egen-investering"],
        ["E1", "Booking", "Culture", "DKK 50,000.00", 40000, "10.000"],
    ])
    (app,) = read_applications([path])
    assert (app.requested_dkk, app.min_dkk, app.own_investment_dkk) == (50_000, 40_000, 10_000)


def test_a_sheet_that_is_not_there(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["B1", "T", "X", 1000]])
    _, problems = collect_applications([path], sheet="Ark2")
    assert [p.line() for p in problems] == [
        f"{path}, sheet 'Ark2': there is no sheet 'Ark2' in this workbook; its sheets are '{SHEET}'"]


def test_the_first_sheet_with_a_header_is_read(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [["Vejledning: udfyld arket Ansøgninger"]], title="Vejledning",
                      more_sheets={"Ansøgninger": [HEADER, ["B1", "T", "X", 1000]]})
    assert [a.id for a in read_applications([path])] == ["B1"]
    assert [a.id for a in read_applications([path], sheet="Ansøgninger")] == ["B1"]


def test_a_sheet_without_a_header(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [["noget"], ["andet"]])
    _, problems = collect_applications([path])
    assert [p.line() for p in problems] == [
        f"{path}, sheet '{SHEET}': no header row found in the first 20 rows: the sheet needs the columns "
        "'ID', 'Titel', 'Afdeling', 'Ansøgt beløb'"]


def test_a_formula_without_a_saved_value_is_a_problem_not_a_blank(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["B1", "T", "X", "=1000*75"], ["B2", "T", "X", 1000]])
    _, problems = collect_applications([path])
    assert problems == [Problem(str(path), SHEET, 2, "Ansøgt beløb (kr.)",
                                "the formula '=1000*75' has no saved value, and digipulje never calculates "
                                "formulas: open the file in Excel and save it, or type the value instead")]


def test_a_rule_of_the_application_names_its_row(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER + ["Mindste tilskud"], ["B1", "T", "X", 1000, 2000]])
    _, problems = collect_applications([path])
    assert [p.line() for p in problems] == [
        f"{path}, sheet '{SHEET}', row 2: the smallest workable grant (2000) is larger than the amount requested (1000)"]


def test_a_column_map_names_ones_own_headers(tmp_path):
    mapping = tmp_path / "kolonner.toml"
    mapping.write_text('[columns]\n"Bevilling søgt" = "requested_dkk"\n"Hvem" = "Afdeling"\n', encoding="utf-8")
    path = write_xlsx(tmp_path / "a.xlsx", [["ID", "Titel", "Hvem", "Bevilling søgt"], ["B1", "T", "Skole", 5000]])
    (app,) = read_applications([path], columns=read_column_map(mapping))
    assert (app.department, app.requested_dkk) == ("Skole", 5000)


def test_a_column_map_with_an_unknown_target(tmp_path):
    mapping = tmp_path / "kolonner.toml"
    mapping.write_text('[columns]\n"Bevilling søgt" = "penge"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_column_map(mapping)
    assert caught.value.lines[0].startswith(
        f"{mapping}: 'Bevilling søgt' = 'penge': not a known column; use one of id, title, department, unit, "
        "requested_dkk,")


def test_files_that_are_not_sheets(tmp_path):
    missing = tmp_path / "findes-ikke.xlsx"
    pdf = tmp_path / "bilag.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    _, problems = collect_applications([missing, pdf])
    assert [p.line() for p in problems] == [
        f"{missing}: file not found",
        f"{pdf}: cannot read '.pdf' files: use .xlsx, .xlsm or .csv",
    ]


def test_a_formula_with_the_value_excel_saved_is_read_as_that_value(tmp_path):
    import zipfile

    written = write_xlsx(tmp_path / "written.xlsx", [HEADER, ["B1", "T", "X", "=1000*75"], ["I alt", None, None, "=D2"]])
    path = tmp_path / "saved.xlsx"
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":  # as Excel saves it: the formula and its value
                data = data.replace(b"<f>1000*75</f><v />", b"<f>1000*75</f><v>75000</v>")
                data = data.replace(b"<f>D2</f><v />", b"<f>D2</f><v>75000</v>")
            target.writestr(entry, data)
    (app,) = read_applications([path])
    assert app.requested_dkk == 75_000
