"""CSV as Danish Excel writes it (semicolons, Windows-1252) and as other programs do (commas, UTF-8)."""

from __future__ import annotations

from applications.problems import Problem
from applications.spreadsheet import collect_applications, read_applications
from tests.applications.sheets import write_csv

ROWS = [
    ["ID", "Titel", "Afdeling", "Ansøgt beløb", "Årlige driftsudgifter"],
    ["A1", "Løn og ærinder på én skærm", "Ældre, Social & Sundhed", "140.000,00", "18 750 kr."],
    ["A2", "Tjek ind og ud", "Materialegården", "kr. 40.000", ""],
]


def _read(path):
    return [(a.id, a.title, a.department, a.requested_dkk, a.yearly_running_cost_dkk) for a in read_applications([path])]


EXPECTED = [
    ("A1", "Løn og ærinder på én skærm", "Ældre, Social & Sundhed", 140_000, 18_750),
    ("A2", "Tjek ind og ud", "Materialegården", 40_000, None),
]


def test_windows_1252_with_semicolons_reads_without_mojibake(tmp_path):
    path = write_csv(tmp_path / "a.csv", ROWS, ";", "cp1252")
    assert _read(path) == EXPECTED


def test_utf8_with_and_without_bom(tmp_path):
    assert _read(write_csv(tmp_path / "bom.csv", ROWS, ";", "utf-8-sig")) == EXPECTED
    assert _read(write_csv(tmp_path / "plain.csv", ROWS, ";", "utf-8")) == EXPECTED


def test_utf16_as_excel_writes_unicode_text(tmp_path):
    assert _read(write_csv(tmp_path / "u16.csv", ROWS, ";", "utf-16")) == EXPECTED


def test_commas_with_quoted_fields(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('Id,Title,Department,Requested\r\nE1,"Booking, rooms",Culture,"DKK 50,000.00"\r\n'
                    'E2,Chat,Culture,"50,000"\r\n', encoding="utf-8")
    apps, problems = collect_applications([path])
    assert [(a.title, a.requested_dkk) for a in apps] == [("Booking, rooms", 50_000)]
    assert problems == [Problem(str(path), None, 3, "Requested",
                                "'50,000' is ambiguous (thousands or decimals?): write it as a whole number of "
                                "kroner, e.g. 140000 or 140.000")]


def test_a_file_that_is_not_text(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"ID;Titel\x00\x00;Afdeling\r\n")
    _, problems = collect_applications([path])
    assert [p.line() for p in problems] == [f"{path}: not a text file: save the sheet as CSV UTF-8"]
