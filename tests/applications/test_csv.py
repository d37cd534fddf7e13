"""CSV as Danish Excel writes it (semicolons, Windows-1252) and as other programs do (commas, UTF-8)."""

from __future__ import annotations

import pytest

from digipulje.applications.problems import Problem
from digipulje.applications.spreadsheet import collect_applications, read_applications
from tests.applications.sheets import write_csv

pytestmark = pytest.mark.usefixtures("english")  # English texts; Danish: test_danish_errors.py

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


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_as_other_programs_write_it(tmp_path, encoding):
    path = write_csv(tmp_path / "u16.csv", ROWS, ";", encoding)
    assert not path.read_bytes().startswith((b"\xff\xfe", b"\xfe\xff"))
    assert _read(path) == EXPECTED


def test_binary_with_zero_bytes_is_still_not_read_as_text(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"ID;Titel\x00\x00\x01\x02" * 10)
    _, problems = collect_applications([path])
    assert [p.message for p in problems] == ["not a text file: save the sheet as CSV UTF-8"]


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


def test_a_csv_mixing_utf8_and_windows_1252_is_read_line_by_line_with_a_warning(tmp_path):
    path = tmp_path / "blandet.csv"
    lines = ["ID;Titel;Afdeling;Ansøgt beløb".encode("utf-8"),
             "A1;Ældre borgere;Social;10.000".encode("utf-8"),
             "A2;Ældrepleje;Sundhed;20.000".encode("cp1252"),
             "A3;Skoleporten;Børn;30.000".encode("utf-8"),
             "A4;Rådhusets app;Økonomi;40.000".encode("cp1252")]
    path.write_bytes(b"\r\n".join(lines) + b"\r\n")
    applications, problems = collect_applications([path])
    assert [(a.title, a.department) for a in applications] == [
        ("Ældre borgere", "Social"), ("Ældrepleje", "Sundhed"), ("Skoleporten", "Børn"), ("Rådhusets app", "Økonomi")]
    assert [p.line() for p in problems] == [
        f"warning: {path}: the file mixes two text encodings: lines 3, 5 read as Windows-1252, the others as "
        "UTF-8: check the letters æ, ø, å on those rows, and save the file as CSV UTF-8"]


def test_an_ascii_header_does_not_hide_mixed_rows(tmp_path):
    path = tmp_path / "blandet.csv"
    path.write_bytes(b"ID;Titel;Afdeling;Amount\n" + "A1;Ældre;Social;1000\n".encode("utf-8")
                     + "A2;Ældre;Social;1000\n".encode("cp1252"))
    applications, problems = collect_applications([path])
    assert [a.title for a in applications] == ["Ældre", "Ældre"]
    assert [p.message for p in problems] == [
        "the file mixes two text encodings: line 3 read as Windows-1252, the others as UTF-8: check the letters "
        "æ, ø, å on those rows, and save the file as CSV UTF-8"]


def test_a_clean_windows_1252_file_is_read_without_a_word(tmp_path):
    path = write_csv(tmp_path / "a.csv", [["ID", "Titel", "Afdeling", "Ansøgt beløb"], ["A1", "Ældre", "Ø", "1.000"]],
                     ";", "cp1252")
    applications, problems = collect_applications([path])
    assert [a.title for a in applications] == ["Ældre"] and problems == []
