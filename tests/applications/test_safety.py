"""Department files are untrusted: size limits, zip bombs, XML attacks, old formats, and the
input file left exactly as it was."""

from __future__ import annotations

import hashlib
import zipfile

import pytest

import openpyxl.xml

from digipulje.applications import safety
from digipulje.applications.spreadsheet import collect_applications, read_applications
from tests.applications.sheets import HEADER, write_csv, write_xlsx

pytestmark = pytest.mark.usefixtures("english")  # English texts; Danish: test_danish_errors.py


def _lines(paths):
    return [p.line() for p in collect_applications(paths)[1]]


def test_openpyxl_parses_workbook_xml_with_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True
    assert openpyxl.xml.functions.iterparse.__module__.startswith("defusedxml")
    assert safety.check_xml_parser() is None


def test_a_workbook_is_not_opened_without_defusedxml(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["B1", "T", "X", 1000]])
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    assert _lines([path]) == [
        f"{path}: cannot read Excel files safely: the defusedxml package is missing or switched off "
        "(install it with pip install defusedxml, and do not set OPENPYXL_DEFUSEDXML=False)"]


def test_xml_entities_are_refused(tmp_path):
    plain = write_xlsx(tmp_path / "plain.xlsx", [HEADER, ["B1", "T", "X", 1000]])
    path = tmp_path / "laughs.xlsx"
    doctype = b'<!DOCTYPE worksheet [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = doctype + data.replace(b">T<", b">&b;<")
            target.writestr(entry.filename, data)
    assert _lines([path]) == [
        f"{path}: the workbook's XML declares entities or external references, which digipulje never reads: "
        "open it in Excel and save it as a new .xlsx"]


def test_a_file_over_the_size_limit_is_not_opened(tmp_path, monkeypatch):
    path = write_csv(tmp_path / "a.csv", [HEADER, ["B1", "T", "X", 1000]])
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 10)
    assert _lines([path]) == [
        f"{path}: the file is 0.0 MB, more than the 0.0 MB digipulje reads: remove pictures and other sheets, "
        "or split it"]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, monkeypatch):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (3 * 1024 * 1024))
    assert path.stat().st_size < 20_000
    monkeypatch.setattr(safety, "MAX_UNPACKED_BYTES", 1024 * 1024)
    assert _lines([path]) == [
        f"{path}: the workbook unpacks to 3.0 MB, more than the 1.0 MB digipulje reads (it may be damaged or "
        "built to exhaust memory): save the sheet on its own as a new .xlsx"]


def test_old_and_false_workbooks_get_advice_not_a_crash(tmp_path):
    xls = tmp_path / "gammel.xls"
    xls.write_bytes(safety.OLE2_MAGIC + b"\0" * 100)
    disguised = tmp_path / "forklædt.xlsx"
    disguised.write_bytes(safety.OLE2_MAGIC + b"\0" * 100)
    text = tmp_path / "tekst.xlsx"
    text.write_text("ID;Titel\n", encoding="utf-8")
    damaged = tmp_path / "skadet.xlsx"
    damaged.write_bytes(b"PK\x03\x04" + b"\x00" * 50)
    assert _lines([xls, disguised, text, damaged]) == [
        f"{xls}: the old .xls format is not read: open it in Excel and save it as .xlsx",
        f"{disguised}: this is an old .xls workbook or a password-protected one: open it in Excel and save it "
        "as .xlsx without a password",
        f"{text}: not an Excel workbook (.xlsx): open it in Excel and save it as .xlsx",
        f"{damaged}: the workbook is damaged (not a readable .xlsx package): open it in Excel and save it again",
    ]


def test_a_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "arkiv.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hej")
    assert _lines([path]) == [
        f"{path}: not a readable Excel workbook (KeyError): open it in Excel and save it again"]


def test_reading_never_changes_the_input(tmp_path):
    xlsx = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["B1", "T", "X", "=1+1"], ["B2", "T", "X", 1000]])
    xlsm = write_xlsx(tmp_path / "b.xlsm", [HEADER, ["C1", "T", "X", 1000]])
    csv = write_csv(tmp_path / "c.csv", [HEADER, ["D1", "T", "X", 1000]])
    before = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in (xlsx, xlsm, csv)}
    collect_applications([xlsx, xlsm, csv])
    assert [a.id for a in read_applications([xlsm, csv])] == ["C1", "D1"]
    after = {p: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in (xlsx, xlsm, csv)}
    assert after == before
    assert sorted(q.name for q in tmp_path.iterdir()) == ["a.xlsx", "b.xlsm", "c.csv"]
