"""One guard for every untrusted file: sheets, forms, KITOS exports, assessors' sheets and .pb
files are refused on size, unpacked size, rows, columns or an over-long cell, before the heavy work."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from digipulje.applications import safety
from digipulje.applications.assessments import read_assessments
from digipulje.applications.kitos import KitosError, read_kitos
from digipulje.applications.pabulib import read_pabulib_file
from digipulje.applications.problems import ApplicationsError
from digipulje.applications.spreadsheet import collect_applications
from tests.applications.sheets import HEADER, write_csv, write_xlsx
from tests.kitos.export import usage_row, write_export

pytestmark = pytest.mark.usefixtures("english")  # English texts; Danish: test_danish_errors.py

ASSESSORS = ["Bedømmer", "Afdeling", "Ansøgning", "Borger", "Medarbejder", "Kommune", "Dokumenteret effekt",
             "Tværgående"]


def _lines(paths):
    return [p.line() for p in collect_applications(paths)[1]]


def _bomb(path, inner="xl/worksheets/sheet1.xml", size=3 * 1024 * 1024):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(inner, b"\0" * size)
    return path


BOMB = ("the workbook unpacks to 3.0 MB, more than the 1.0 MB digipulje reads (it may be damaged or built to "
        "exhaust memory): save the sheet on its own as a new .xlsx")


def test_a_kitos_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, monkeypatch):
    path = _bomb(tmp_path / "kitos.xlsx")
    monkeypatch.setattr(safety, "MAX_KITOS_UNPACKED_BYTES", 1024 * 1024)
    with pytest.raises(KitosError) as caught:
        read_kitos(path)
    assert caught.value.lines == (f"{path}: {BOMB}",)


def test_an_assessments_zip_bomb_and_an_oversized_file_are_refused(tmp_path, monkeypatch):
    bomb = _bomb(tmp_path / "bedømmelser.xlsx")
    monkeypatch.setattr(safety, "MAX_UNPACKED_BYTES", 1024 * 1024)
    with pytest.raises(ApplicationsError) as caught:
        read_assessments(bomb)
    assert caught.value.lines == (f"{bomb}: {BOMB}",)
    big = tmp_path / "bedømmelser.csv"
    big.write_text(";".join(ASSESSORS) + "\n" + "Anna;Ældre;A1;4;3;2;1;0\n" * 100, encoding="utf-8")
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ApplicationsError) as caught:
        read_assessments(big)
    assert caught.value.lines == (f"{big}: the file is 0.0 MB, more than the 0.0 MB digipulje reads: remove "
                                  "pictures and other sheets, or split it",)


def test_a_sheet_that_claims_excels_last_row_is_refused_by_name_before_it_is_opened(tmp_path):
    path = tmp_path / "a.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Ansøgninger"
    sheet.append(HEADER)
    sheet.append(["A1", "T", "X", 1000])
    sheet.cell(row=1_048_576, column=1, value="x")
    workbook.save(path)
    assert _lines([path]) == [
        f"{path}: the sheet 'Ansøgninger' has 1,048,576 rows, more than the 10,000 digipulje reads: delete the "
        "empty rows below the table (select them, Delete rows) or split the sheet, and save it"]


def test_a_sheet_as_wide_as_excel_is_refused(tmp_path):
    path = tmp_path / "a.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.cell(row=2, column=16_384, value="x")
    workbook.save(path)
    assert _lines([path]) == [
        f"{path}: the sheet 'Sheet' has 16,384 columns, more than the 1,000 digipulje reads: delete the empty "
        "columns to the right of the table, and save it"]


def test_assessments_and_kitos_count_rows_too(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_ASSESSMENT_ROWS", 3)
    sheet = write_xlsx(tmp_path / "b.xlsx", [ASSESSORS] + [["Anna", "Ældre", f"A{i}", 4, 3, 2, 1, 0]
                                                            for i in range(5)], title="Bedømmelser")
    with pytest.raises(ApplicationsError) as caught:
        read_assessments(sheet)
    assert caught.value.lines == (
        f"{sheet}: the sheet 'Bedømmelser' has 6 rows, more than the 3 digipulje reads: delete the empty rows "
        "below the table (select them, Delete rows) or split the sheet, and save it",)
    text = tmp_path / "b.csv"
    text.write_text(";".join(ASSESSORS) + "\n" + "Anna;Ældre;A1;4;3;2;1;0\n" * 5, encoding="utf-8")
    with pytest.raises(ApplicationsError) as caught:
        read_assessments(text)
    assert caught.value.lines == (f"{text}: the file has 6 lines, more than the 3 digipulje reads: split it, or "
                                  "remove the empty lines at its end",)
    export = write_export(tmp_path / "kitos.xlsx", [usage_row("Cura")])
    monkeypatch.setattr(safety, "MAX_COLUMNS", 3)
    with pytest.raises(KitosError) as caught:
        read_kitos(export)
    assert len(caught.value.lines) == 1 and "columns, more than the 3 digipulje reads" in caught.value.lines[0]


def test_a_csv_with_more_lines_than_the_limit_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_ROWS", 10)
    path = write_csv(tmp_path / "a.csv", [HEADER] + [[f"A{i}", "T", "X", "1.000"] for i in range(20)])
    assert _lines([path]) == [f"{path}: the file has 21 lines, more than the 10 digipulje reads: split it, or "
                              "remove the empty lines at its end"]


def _with_text(source, target, placeholder: bytes, text: bytes):
    """openpyxl cuts a cell it writes at 32,767 characters; another program may not."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for entry in old.infolist():
            new.writestr(entry.filename, old.read(entry).replace(placeholder, text))
    return target


def test_a_cell_longer_than_excel_allows_is_named(tmp_path):
    long = "x" * 32_768
    written = write_xlsx(tmp_path / "written.xlsx", [HEADER, ["A1", "LONGCELL", "X", 1000]])
    sheet = _with_text(written, tmp_path / "a.xlsx", b"LONGCELL", long.encode())
    text = write_csv(tmp_path / "a.csv", [HEADER, ["A1", "T", "X", "1.000"], ["A2", "T", long, "1.000"]])
    message = "the cell holds 32,768 characters, more than the 32,767 a cell can hold: shorten it"
    assert _lines([sheet, text]) == [f"{sheet}, sheet 'Ansøgninger', row 2, column 'B': {message}",
                                     f"{text}, row 3, column 'C': {message}"]
    ok = write_xlsx(tmp_path / "ok.xlsx", [HEADER, ["A1", "x" * 32_767, "X", 1000]])
    assert _lines([ok]) == []


def test_a_pb_file_is_held_to_its_limits(tmp_path, monkeypatch):
    path = tmp_path / "a.pb"
    path.write_text("META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;50\n"
                    "VOTES\nvoter_id;vote\n1;1\n", encoding="utf-8")
    monkeypatch.setattr(safety, "MAX_PABULIB_LINES", 5)
    assert read_pabulib_file(path)[1][0].line() == (
        f"{path}: the file has 10 lines, more than the 5 digipulje reads: split it, or remove the empty lines "
        "at its end")
    monkeypatch.setattr(safety, "MAX_PABULIB_BYTES", 10)
    assert read_pabulib_file(path)[1][0].line() == (
        f"{path}: the file is 0.0 MB, more than the 0.0 MB digipulje reads: remove pictures and other sheets, "
        "or split it")


def test_the_readme_states_the_limits_the_guard_applies():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "docs" / "import.md").read_text(encoding="utf-8")
    mb = lambda n: f"{n // (1024 * 1024)} MB"  # noqa: E731
    assert (f"| application sheets and forms | {mb(safety.MAX_FILE_BYTES)} | {mb(safety.MAX_UNPACKED_BYTES)} | "
            f"{safety.MAX_ROWS:,} | {safety.MAX_COLUMNS:,} | {safety.EXCEL_MAX_CELL_CHARS:,} characters |") in readme
    assert (f"| assessors' sheets | {mb(safety.MAX_FILE_BYTES)} | {mb(safety.MAX_UNPACKED_BYTES)} | "
            f"{safety.MAX_ASSESSMENT_ROWS:,} |") in readme
    assert (f"| KITOS exports | 25 MB ({safety.MAX_KITOS_BYTES:,} bytes) | {mb(safety.MAX_KITOS_UNPACKED_BYTES)} |"
            in readme)
    assert f"| Pabulib `.pb` | {mb(safety.MAX_PABULIB_BYTES)} | – | {safety.MAX_PABULIB_LINES:,} lines |" in readme
