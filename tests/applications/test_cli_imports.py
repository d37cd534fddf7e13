"""The commands around application files: validate, form new, and allocate writing .xlsx."""

from __future__ import annotations

import csv
import json
import zipfile

import openpyxl
import pytest
from typer.testing import CliRunner

from digipulje.cli import app
from tests.applications.sheets import HEADER, write_xlsx

pytestmark = pytest.mark.usefixtures("english")  # English texts; Danish: test_danish_errors.py

runner = CliRunner()


@pytest.mark.parametrize("command", [["validate"], ["form"], ["form", "new"], ["allocate"]])
def test_every_command_has_help(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout


def _sheet(tmp_path, rows):
    return write_xlsx(tmp_path / "ansøgninger.xlsx", [HEADER + ["Noter"], *rows])


@pytest.mark.usefixtures("danish")
def test_validate_lists_applications_and_problems_as_text(tmp_path):
    path = _sheet(tmp_path, [["B1", "Letdialog", "Børn & Familie", 75000, "ok"],
                             ["B2", "GPS", "Materialegården", "140,000", None]])
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout == (
        "1 ansøgning læst\n"
        "  B1  Letdialog  Børn & Familie: kr. 75.000\n"
        "1 fejl, 1 advarsel:\n"
        f"  advarsel: Arket 'Ansøgninger' i {path}, række 1: kolonner, der ikke genkendes, gemmes som noter: 'Noter'\n"
        f"  fejl: Arket 'Ansøgninger' i {path}, række 3, kolonne 'Ansøgt beløb (kr.)': '140,000' kan læses på to "
        "måder (tusinder eller decimaler?) — skriv fx 140000 eller 140.000\n"
    )


def test_validate_json_and_exit_code_0_without_errors(tmp_path):
    path = _sheet(tmp_path, [["B1", "Letdialog", "Børn & Familie", 75000, "ok"]])
    result = runner.invoke(app, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    (application,) = payload["applications"]
    assert {k: application[k] for k in ("id", "title", "department", "requested_dkk")} == {
        "id": "B1", "title": "Letdialog", "department": "Børn & Familie", "requested_dkk": 75000}
    assert application["notes"] == [["Noter", "ok"]]
    assert payload["problems"] == [{"file": str(path), "sheet": "Ansøgninger", "row": 1, "column": None,
                                    "message": "columns not recognised, kept as notes: 'Noter'",
                                    "severity": "warning"}]


@pytest.mark.usefixtures("english")
def test_validate_with_a_bad_column_map(tmp_path):
    mapping = tmp_path / "kolonner.toml"
    mapping.write_text("columns = 1\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(tmp_path), "--columns", str(mapping)])
    assert result.exit_code == 1
    assert result.stderr == (f"error: {mapping}: needs a [columns] table, e.g. \"Bevilling søgt\" = "
                             "\"requested_dkk\"\n")


HOSTILE = ["=HYPERLINK(\"http://x\",\"klik\")", "+1+1", "-2+3", "@SUM(A1)", "=1+1", "-"]


def _csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    return path


@pytest.mark.usefixtures("danish")
def test_allocate_writes_a_workbook_where_formulas_stay_text(tmp_path):
    rows = [[f"H{i}", title, "Afdeling", 10000 + i] for i, title in enumerate(HOSTILE)]
    ratings = ["Borger", "Medarbejder", "Kommune", "Dokumenteret effekt", "Tværgående"]
    path = _csv(tmp_path / "a.csv", [HEADER + ["ITP indstilling", *ratings], *[r + ["Støttes", 4, 4, 4, 4, 4] for r in rows]])
    out = tmp_path / "resultat.xlsx"
    result = runner.invoke(app, ["allocate", str(path), "--out", str(out), "--budget", "30000"])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).worksheets[0]
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    assert table[0][:7] == ["ID", "Ansøgning", "Afdeling", "Ansøgt", "Mindste tilskud", "Bevilget", "Status"]
    titles = {row[0]: row[1] for row in table[1:7]}
    assert titles == {f"H{i}": title for i, title in enumerate(HOSTILE)}
    assert all(sheet.cell(row=r, column=2).quotePrefix for r in range(2, 8))
    assert table[7][0] == "I alt" and table[8][0] == "Pulje" and table[8][5] == 30000
    assert sum(row[5] for row in table[1:7]) == table[7][5] <= 30000
    with zipfile.ZipFile(out) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_allocate_csv_output_guards_formulas_too(tmp_path):
    path = _csv(tmp_path / "a.csv", [HEADER + ["ITP indstilling"], ["H1", HOSTILE[0], "-Afd", 10000, "Støttes"]])
    result = runner.invoke(app, ["allocate", str(path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    row = result.stdout.splitlines()[1].split(";")
    assert row[1:3] == ['"\'=HYPERLINK(""http://x"",""klik"")"', "'-Afd"]


@pytest.mark.usefixtures("danish")
def test_allocate_reads_a_folder_of_forms(tmp_path):
    from tests.applications.test_form import ANSWERS, fill

    blank = tmp_path / "skema.xlsx"
    assert runner.invoke(app, ["form", "new", "--out", str(blank)]).exit_code == 0
    folder = tmp_path / "indkomne"
    folder.mkdir()
    fill(blank, {**ANSWERS, "id": None}, folder / "letdialog.xlsx")
    fill(blank, {**ANSWERS, "id": None, "approved_by": None, "approved_on": None}, folder / "gps.xlsx")
    result = runner.invoke(app, ["allocate", str(folder), "--format", "json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    outcome = {a["id"]: (a["status"], a["granted_dkk"]) for a in json.loads(result.stdout)["applications"]}
    assert outcome == {"letdialog": ("funded", 75000), "gps": ("incomplete", 0)}
    assert result.stderr.startswith(f"warning: {folder / 'gps.xlsx'}, sheet 'Ansøgning', row ")
    assert result.stderr.endswith(": not approved by the department head: the application is incomplete and "
                                  "cannot be funded until it is\n")


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1"])
def test_every_formula_start_is_written_as_text(text):
    from digipulje.reports.workbook_out import set_text

    cell = openpyxl.Workbook().active["A1"]
    set_text(cell, text)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


@pytest.mark.parametrize("text, shown", [("\tfane", "\\x09fane"), ("\rretur", "\\x0dretur"), ("\x1b[2Jryd", "\\x1b[2Jryd")])
def test_a_control_character_is_written_escaped_as_text(text, shown):
    from digipulje.reports.workbook_out import set_text

    cell = openpyxl.Workbook().active["A1"]
    set_text(cell, text)
    assert (cell.value, cell.data_type) == (shown, "s")


@pytest.mark.usefixtures("english")
def test_allocate_never_writes_over_its_input(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [HEADER, ["B1", "T", "X", 1000]])
    before = path.read_bytes()
    result = runner.invoke(app, ["allocate", str(tmp_path), "--out", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (f"error: --out {path}: is a file in the input folder {tmp_path}, and digipulje never "
                             "writes over its inputs: choose another name for --out\n")
    assert path.read_bytes() == before
