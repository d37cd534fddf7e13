"""Reading the Excel export of KITOS's system-usage overview, and refusing a bad one precisely."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from digipulje.applications import kitos
from digipulje.applications.kitos import (KitosError, LifeCycle, Sensitivity, SystemUsage, UserCount, parse_rows,
                                read_kitos)
from tests.kitos.export import usage_row, write_export

pytestmark = pytest.mark.usefixtures("english")  # English texts; Danish: test_danish_errors.py


def test_a_kitos_export_is_read_with_the_columns_as_kitos_writes_them(tmp_path):
    path = write_export(tmp_path / "kitos.xlsx", [
        usage_row("Cura", lokal_system_id="SYS-012", it_system_uuid="3f1c2a9e-0000-4000-8000-000000000001",
                  ansv_organisationsenhed="Ældre, Social & Sundhed",
                  relevante_organisationsenheder="Hjemmeplejen, Sygeplejen, Ældre, Social & Sundhed",
                  kle_id="27.24.00, 27.36.00", kle_navn="Hjemmehjælp", datatype="Følsomme personoplysninger",
                  leverandør="Systematic A/S", rettighedshaver="Systematic A/S",
                  sidst_redigeret_dato="05-03-2024", livscyklus="I drift", noter="Fagsystem"),
        usage_row("IST Tjenestetid", ansv_organisationsenhed="Dagtilbud & Skole",
                  sidst_redigeret_dato=dt.datetime(2025, 9, 1, 10, 15), livscyklus="Under udfasning",
                  tidligere_systemnavn="Tabulex Tjenestetid", lokal_kaldenavn="Tjenestetid"),
    ], title_rows=2)

    export = read_kitos(path)

    assert export.warnings == ()
    assert export.usages == (
        SystemUsage(system_name="Cura", local_id="SYS-012", system_uuid="3f1c2a9e-0000-4000-8000-000000000001",
                    responsible_unit="Ældre, Social & Sundhed",
                    relevant_units=("Hjemmeplejen", "Sygeplejen", "Ældre, Social & Sundhed"),
                    supplier="Systematic A/S", rights_holder="Systematic A/S", life_cycle=LifeCycle.OPERATIONAL,
                    kle_codes=("27.24.00", "27.36.00"), kle_names=("Hjemmehjælp",),
                    sensitivity=(Sensitivity.SENSITIVE,), last_changed=dt.date(2024, 3, 5), row=4),
        SystemUsage(system_name="IST Tjenestetid", local_call_name="Tjenestetid",
                    previous_name="Tabulex Tjenestetid", responsible_unit="Dagtilbud & Skole",
                    life_cycle=LifeCycle.PHASING_OUT, last_changed=dt.date(2025, 9, 1), row=5),
    )
    assert export.usages[0].units() == ("Ældre, Social & Sundhed", "Hjemmeplejen", "Sygeplejen")


def test_a_unit_name_with_a_comma_is_kept_whole_when_kitos_knows_it_as_a_unit():
    rows = [["IT System", "Ansv. organisationsenhed", "Relevante organisationsenheder"],
            ["Cura", "Ældre, Social & Sundhed", "Hjemmeplejen, Ældre, Social & Sundhed"],
            ["Nexus", "Sundhed", "Social, Sundhed"]]
    export = parse_rows(rows, "kitos.xlsx", "IT Systemer")
    assert [u.relevant_units for u in export.usages] == [("Hjemmeplejen", "Ældre, Social & Sundhed"),
                                                          ("Social", "Sundhed")]


def test_missing_columns_that_some_hints_need_are_said_as_warnings():
    export = parse_rows([["IT System", "Leverandør"], ["Cura", "Systematic"]], "kitos.xlsx", "IT Systemer")
    assert [w.line() for w in export.warnings] == [
        "warning: kitos.xlsx, sheet 'IT Systemer', row 1: no column 'KLE ID': KLE numbers cannot be compared "
        "with the applications' (show the column in KITOS before exporting)",
        "warning: kitos.xlsx, sheet 'IT Systemer', row 1: no column 'Sidst redigeret: Dato': it cannot be seen "
        "whether a registration is up to date (show the column in KITOS before exporting)",
        "warning: kitos.xlsx, sheet 'IT Systemer', row 1: no column 'Relevante organisationsenheder': only the "
        "responsible unit of each system is known (show the column in KITOS before exporting)",
    ]


@pytest.mark.parametrize(("text", "users"), [
    ("10-49", UserCount(lower=10, upper=49)), ("10–50", UserCount(lower=10, upper=50)),
    ("100+", UserCount(lower=100)), (">100", UserCount(lower=100)), ("<10", UserCount(lower=0, upper=9)),
    (25, UserCount(lower=25, upper=25)), ("1.200", UserCount(lower=1200, upper=1200)),
])
def test_user_counts_as_kitos_and_people_write_them(text, users):
    export = parse_rows([["IT System", "Antal brugere"], ["Cura", text]], "k.xlsx", None)
    assert export.usages[0].users == users


def test_a_malformed_export_is_refused_with_every_problem_located(tmp_path):
    path = write_export(tmp_path / "kitos.xlsx", [
        usage_row("Cura", sidst_redigeret_dato="31-02-2024", livscyklus="Kører"),
        usage_row("Nexus", kle_id="27.24.00, 2724"),
        {"Status": "Aktivt", "Leverandør": "KMD A/S"},
        usage_row("Outlook", datatype="Hemmelige oplysninger"),
    ])
    with pytest.raises(KitosError) as caught:
        read_kitos(path)
    assert caught.value.lines == (
        f"{path}, sheet 'IT Systemer', row 2, column 'Sidst redigeret: Dato': '31-02-2024' is not a date: "
        "write it as 2025-12-01 or 1.12.2025",
        f"{path}, sheet 'IT Systemer', row 2, column 'Livscyklus': 'Kører' is not a KITOS life-cycle status: "
        "write one of Under indfasning, I drift, Under udfasning, Ikke i drift",
        f"{path}, sheet 'IT Systemer', row 3, column 'KLE ID': '2724' is not a KLE number: write it as 27.24.00 "
        "(or 27.24 for a group)",
        f"{path}, sheet 'IT Systemer', row 4, column 'IT System': missing: every system usage needs the "
        "system's name",
        f"{path}, sheet 'IT Systemer', row 5, column 'DataType': 'Hemmelige oplysninger' is not a KITOS data "
        "type: write one of Ingen personoplysninger, Almindelige personoplysninger, Følsomme personoplysninger, "
        "Straffedomme og lovovertrædelser",
    )


def test_a_sheet_without_the_kitos_header_is_refused(tmp_path):
    path = write_export(tmp_path / "kitos.xlsx", [{"ID": "A1"}], headers=("ID", "Titel", "Afdeling"))
    with pytest.raises(KitosError) as caught:
        read_kitos(path)
    assert caught.value.lines == (
        f"{path}, sheet 'IT Systemer': no KITOS header row found in the first 20 rows: export the overview "
        "'IT Systemer' from KITOS to Excel; the sheet needs the column 'IT System'",)


def test_two_columns_meaning_the_same_are_refused():
    with pytest.raises(KitosError) as caught:
        parse_rows([["IT System", "Sidst redigeret: Dato", "Sidst ændret"]], "k.xlsx", "Ark1")
    assert caught.value.lines == (
        "k.xlsx, sheet 'Ark1', row 1, column 'Sidst ændret': two columns mean the same "
        "('Sidst redigeret: Dato' too): keep one",)


def test_files_that_are_not_a_kitos_export_are_refused_in_plain_words(tmp_path, monkeypatch):
    damaged = tmp_path / "kitos.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really a workbook")
    old = tmp_path / "kitos.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    text = tmp_path / "kitos.csv"
    text.write_text("IT System\nCura\n")
    messages = {}
    for path in (damaged, old, text, tmp_path / "missing.xlsx"):
        with pytest.raises(KitosError) as caught:
            read_kitos(path)
        messages[path.name] = caught.value.lines
    assert messages == {
        "kitos.xlsx": (f"{damaged}: the workbook is damaged (not a readable .xlsx package): open it in Excel and "
                       "save it again",),
        "kitos.xls": (f"{old}: the old .xls format is not read: open it in Excel and save it as .xlsx",),
        "kitos.csv": (f"{text}: cannot read '.csv' files as a KITOS export: use the Excel export (.xlsx) or the "
                      "API's JSON (.json)",),
        "missing.xlsx": (f"{tmp_path / 'missing.xlsx'}: file not found",),
    }


def test_a_file_larger_than_any_kitos_export_is_not_opened(tmp_path, monkeypatch):
    path = write_export(tmp_path / "kitos.xlsx", [usage_row("Cura")])
    size = path.stat().st_size
    monkeypatch.setattr(kitos, "MAX_FILE_BYTES", size - 1)
    with pytest.raises(KitosError) as caught:
        read_kitos(path)
    assert caught.value.lines == (
        f"{path}: the file is {size:,} bytes, more than the {size - 1:,} a KITOS export is expected to be: "
        "is this the right file?",)


def test_more_rows_than_any_kitos_export_holds_are_refused(monkeypatch):
    monkeypatch.setattr(kitos, "MAX_USAGES", 2)
    rows = [["IT System", "Leverandør"]] + [[f"System {i}", "KMD"] for i in range(3)]
    with pytest.raises(KitosError) as caught:
        parse_rows(rows, "k.xlsx", "Ark1")
    assert caught.value.lines == (
        "k.xlsx, sheet 'Ark1': 3 rows is more than the 2 system usages a KITOS export is expected to hold: "
        "is this the right file?",)


def test_the_export_file_is_not_changed_by_reading_it(tmp_path):
    path = write_export(tmp_path / "kitos.xlsx", [usage_row("Cura")])
    before = path.read_bytes()
    read_kitos(path)
    assert path.read_bytes() == before


def test_the_readme_lists_the_columns_as_the_reader_knows_them():
    readme = (Path(__file__).resolve().parents[2] / "docs" / "kitos.md").read_text(encoding="utf-8")
    section = readme.split("**Columns read from the Excel export**", 1)[1].split("From the API JSON", 1)[0]
    listed = re.findall(r"`([^`]+)`", section.split("(other columns are\nignored):", 1)[1].split(". `KLE ID`", 1)[0])
    assert listed == [column.headers[0] for column in kitos.USAGE_COLUMNS]


def test_the_system_names_alone_are_a_usable_export():
    export = parse_rows([["IT Systemer i Testkommune"], [], ["IT System"], ["Cura"], [None], ["Nexus"]], "k.xlsx", "A")
    assert [(u.system_name, u.row) for u in export.usages] == [("Cura", 4), ("Nexus", 6)]
    assert len(export.warnings) == 3


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_first_sheet_is_not_read_instead_of_the_visible_export(tmp_path, state):
    import openpyxl

    path = write_export(tmp_path / "kitos.xlsx", [usage_row("Cura")])
    workbook = openpyxl.load_workbook(path)
    old = workbook.create_sheet("Gammel eksport", 0)
    for row in workbook["IT Systemer"].iter_rows(values_only=True):
        old.append(list(row))
    old.append(["Aktivt", "Gammelt system"])
    old.sheet_state = state
    workbook.active = 1
    workbook.save(path)
    assert [u.system_name for u in read_kitos(path).usages] == ["Cura"]
