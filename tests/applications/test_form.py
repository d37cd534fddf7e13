"""The structured application form: written by `form new`, filled in, read back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from digipulje.applications.form import QUESTIONS, write_form
from digipulje.applications.model import Application, Approval, Assessment, BottomLine, Indicator, Ratings, Verdict
from digipulje.applications.problems import Problem
from digipulje.applications.spreadsheet import collect_applications, read_applications
from digipulje.cli import app
from digipulje.pool.allocating import allocate
from digipulje.pool.model import Pool
from digipulje.pool.overrides import Override

pytestmark = pytest.mark.usefixtures("english")  # English texts; Danish: test_danish_errors.py

ANSWERS = {
    "id": "2026-03",
    "title": "Letdialog",
    "department": "Børn & Familie",
    "unit": "Familieafdelingen",
    "contact": "Bo Jensen, boj@kommune.dk",
    "note:description": "Opkald, beskeder og videomøder mellem borgere og rådgivere.",
    "requested_dkk": 75000,
    "min_dkk": "kr. 60.000",
    "note:citizen": "Hurtigere svar.",
    "citizen": 3,
    "employee": "3",
    "municipality": 2,
    "evidence": 2,
    "cross_cutting": 4,
    "other_departments": "Jobcenter; Handicap & Psykiatri",
    "systems": "KITOS 1234 Letdialog; KITOS 88 Nexus",
    "own_investment_dkk": 10000,
    "yearly_running_cost_dkk": "18.750",
    "running_cost_paid_by": "Børn & Familie",
    "running_cost_paid_by_applicant": "Ja",
    "approved_by": "Anne Hansen",
    "approved_on": dt.datetime(2025, 11, 28),
    "verdict": "Støttes",
    "assessment_text": "Tværgående potentiale.",
}


def fill(form: Path, answers: dict[str, object], out: Path) -> Path:
    workbook = openpyxl.load_workbook(form)
    for row in workbook.worksheets[0].iter_rows():
        if row[0].value in answers:
            row[2].value = answers[row[0].value]
    workbook.save(out)
    return out


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    folder = tmp_path_factory.mktemp("forms")
    return {lang: write_form(folder / f"skema-{lang}.xlsx", lang) for lang in ("da", "en")}


def expected(notes: tuple[tuple[str, str], ...]) -> Application:
    return Application(
        id="2026-03", title="Letdialog", department="Børn & Familie", unit="Familieafdelingen",
        requested_dkk=75_000, min_dkk=60_000, own_investment_dkk=10_000, yearly_running_cost_dkk=18_750,
        running_cost_paid_by="Børn & Familie", running_cost_paid_by_applicant=True,
        ratings=Ratings(citizen=3, employee=3, municipality=2, evidence=2, cross_cutting=4),
        assessment=Assessment(verdict=Verdict.ELIGIBLE, text="Tværgående potentiale."),
        approval=Approval(name="Anne Hansen", date=dt.date(2025, 11, 28)),
        other_departments=("Jobcenter", "Handicap & Psykiatri"), contact="Bo Jensen, boj@kommune.dk",
        notes=notes, systems=("KITOS 1234 Letdialog", "KITOS 88 Nexus"), approval_required=True,
    )


def test_a_filled_danish_form_reads_back_to_the_same_application(forms, tmp_path):
    path = fill(forms["da"], ANSWERS, tmp_path / "letdialog.xlsx")
    assert read_applications([path]) == [expected((
        ("Kort beskrivelse af løsningen", "Opkald, beskeder og videomøder mellem borgere og rådgivere."),
        ("Gevinst for borgerne", "Hurtigere svar."),
    ))]


def test_a_filled_english_form_reads_back_to_the_same_application(forms, tmp_path):
    answers = {**ANSWERS, "running_cost_paid_by_applicant": "Yes", "verdict": "Eligible"}
    path = fill(forms["en"], answers, tmp_path / "letdialog.xlsx")
    assert read_applications([path]) == [expected((
        ("Short description of the solution", "Opkald, beskeder og videomøder mellem borgere og rådgivere."),
        ("Gains for citizens", "Hurtigere svar."),
    ))]


def test_the_form_has_guidance_dropdowns_and_a_hidden_key_column(forms):
    sheet = openpyxl.load_workbook(forms["da"]).worksheets[0]
    rows = {row[0].value: row for row in sheet.iter_rows() if row[0].value in QUESTIONS}
    assert set(rows) == set(QUESTIONS)
    assert all(rows[key][3].value for key in QUESTIONS)  # guidance beside every question
    lists = {dv.formula1: {str(r) for r in dv.sqref.ranges} for dv in sheet.data_validations.dataValidation
             if dv.type == "list"}
    assert lists['"0,1,2,3,4"'] == {rows[k][2].coordinate for k in
                                   ("citizen", "employee", "municipality", "evidence", "cross_cutting")}
    assert lists['"Ja,Nej"'] == {rows["running_cost_paid_by_applicant"][2].coordinate}
    assert lists['"Støttes,Ikke anbefalet,Afvist"'] == {rows["verdict"][2].coordinate}
    assert lists['"Borger,Medarbejder,Kommune"'] == {rows[f"indicator:{n}:bottom_line"][2].coordinate
                                                     for n in (1, 2, 3)}
    assert sheet.column_dimensions["A"].hidden
    assert sheet.protection.sheet and not rows["title"][2].protection.locked


def test_a_form_without_approval_is_incomplete_unless_an_override_gives_a_reason(forms, tmp_path):
    answers = {k: v for k, v in ANSWERS.items() if k not in ("approved_by", "approved_on")}
    path = fill(forms["da"], answers, tmp_path / "uden-godkendelse.xlsx")
    apps, problems = collect_applications([path])
    row = next(r for r, key in enumerate(_keys(path), start=1) if key == "approved_by")
    assert problems == [Problem(str(path), "Ansøgning", row, "Godkendt af (afdelingschef)",
                                "not approved by the department head: the application is incomplete and cannot "
                                "be funded until it is", severity="warning")]
    pool = Pool(budget_dkk=100_000)  # require_approval is off: the form requires it on its own
    (decision,) = allocate(apps, pool).decisions
    assert (decision.status.value, decision.granted_dkk) == ("incomplete", 0)
    assert [r.text("en") for r in decision.reasons] == [
        "Incomplete: the application is not approved by the department head"]
    override = Override(application="2026-03", action="include", reason="Godkendt mundtligt 1.12.",
                        decided_by="Chefforum", date=dt.date(2025, 12, 10))
    (lifted,) = allocate(apps, pool, [override]).decisions
    assert (lifted.status.value, lifted.granted_dkk) == ("funded", 75_000)


def _keys(path: Path) -> list[object]:
    return [row[0].value for row in openpyxl.load_workbook(path).worksheets[0].iter_rows()]


def test_problems_in_a_form_name_the_question(forms, tmp_path):
    answers = {**ANSWERS, "requested_dkk": "140,000", "approved_by": None, "title": None}
    path = fill(forms["en"], answers, tmp_path / "bad.xlsx")
    _, problems = collect_applications([path])
    keys = _keys(path)
    assert [(p.row, p.column, p.message) for p in problems] == [
        (keys.index("title") + 1, "Name of the solution", "missing: this question must be answered"),
        (keys.index("requested_dkk") + 1, "Amount requested (DKK)",
         "'140,000' is ambiguous (thousands or decimals?): write it as a whole number of kroner, e.g. 140000 or "
         "140.000"),
        (keys.index("approved_by") + 1, "Approved by (department head)",
         "missing: write the name of the department head who approved the application"),
    ]


def test_a_folder_of_forms_is_one_set_of_applications(forms, tmp_path):
    folder = tmp_path / "indkomne"
    folder.mkdir()
    fill(forms["da"], {**ANSWERS, "id": None}, folder / "letdialog.xlsx")
    fill(forms["da"], {**ANSWERS, "id": None, "title": "Tjek ind"}, folder / "tjek-ind.xlsx")
    fill(forms["da"], {**ANSWERS, "id": "tjek-ind"}, folder / "dublet.xlsx")
    (folder / "~$letdialog.xlsx").write_bytes(b"lock")
    (folder / "bilag.pdf").write_bytes(b"%PDF")
    apps, problems = collect_applications([folder])
    assert [(a.id, a.title) for a in apps] == [("tjek-ind", "Letdialog"), ("letdialog", "Letdialog"),
                                               ("tjek-ind", "Tjek ind")]
    id_row = _keys(folder / "dublet.xlsx").index("id") + 1
    assert [p.line() for p in problems] == [
        f"{folder / 'tjek-ind.xlsx'}, sheet 'Ansøgning', row {id_row}, column 'Ansøgnings-ID': application id "
        f"'tjek-ind' appears more than once (also in {folder / 'dublet.xlsx'}, row {id_row}): ids must be unique"]


def test_an_empty_folder(tmp_path):
    _, problems = collect_applications([tmp_path])
    assert [p.line() for p in problems] == [f"{tmp_path}: the folder holds no .xlsx, .xlsm or .csv files"]


@pytest.mark.usefixtures("english")
def test_form_new_writes_once_and_never_overwrites(tmp_path):
    runner = CliRunner()
    out = tmp_path / "skema.xlsx"
    first = runner.invoke(app, ["form", "new", "--out", str(out), "--lang", "en"])
    assert first.exit_code == 0, first.output
    assert openpyxl.load_workbook(out).worksheets[0].title == "Application"
    again = runner.invoke(app, ["form", "new", "--out", str(out)])
    assert again.exit_code == 1
    assert again.stderr == f"error: {out}: already exists; digipulje does not overwrite it, choose another name\n"
    wrong = runner.invoke(app, ["form", "new", "--out", str(tmp_path / "skema.csv")])
    assert wrong.stderr == (f"error: {tmp_path / 'skema.csv'}: the form is an Excel workbook; give a file name "
                            "ending in .xlsx\n")


INDICATOR_ANSWERS = {
    "indicator:1:name": "Ventetid på svar",
    "indicator:1:unit": "dage",
    "indicator:1:baseline": 10,
    "indicator:1:target": "2,5",
    "indicator:1:bottom_line": "Borger",
    "indicator:2:name": "Tid brugt på opkald",
    "indicator:2:unit": "timer pr. uge",
    "indicator:2:baseline": 12.5,
    "indicator:2:target": "1.250,5",
    "indicator:2:bottom_line": "medarbejdere",
    "indicator:3:name": "Tilfredshed",
}


def test_the_benefit_indicators_read_back_exactly(forms, tmp_path):
    indicators = (
        Indicator(name="Ventetid på svar", unit="dage", baseline=Decimal(10), target=Decimal("2.5"),
                  bottom_line=BottomLine.CITIZEN),
        Indicator(name="Tid brugt på opkald", unit="timer pr. uge", baseline=Decimal("12.5"),
                  target=Decimal("1250.5"), bottom_line=BottomLine.EMPLOYEE),
        Indicator(name="Tilfredshed"),
    )
    english = {**ANSWERS, **INDICATOR_ANSWERS, "running_cost_paid_by_applicant": "Yes", "verdict": "Eligible",
               "indicator:1:bottom_line": "Citizen", "indicator:2:target": "1,250.5"}
    for lang, answers in (("da", {**ANSWERS, **INDICATOR_ANSWERS}), ("en", english)):
        (read,) = read_applications([fill(forms[lang], answers, tmp_path / f"letdialog-{lang}.xlsx")])
        assert read.indicators == indicators
        assert read.model_copy(update={"indicators": (), "notes": ()}) == expected(())
        assert [type(i.baseline) for i in read.indicators] == [Decimal, Decimal, type(None)]
        assert Application.model_validate(read.model_dump(mode="json")) == read  # as a round stores it


def test_an_application_without_indicators_serialises_as_before():
    dumped = expected(()).model_dump(mode="json")
    assert "indicators" not in dumped
    assert Application.model_validate(dumped).indicators == ()


def test_problems_with_indicators_name_the_question(forms, tmp_path):
    answers = {**ANSWERS, "indicator:1:name": None, "indicator:1:unit": "dage", "indicator:2:name": "Ventetid",
               "indicator:2:baseline": "1.500", "indicator:2:target": "5 dage", "indicator:2:bottom_line": "Region"}
    path = fill(forms["da"], answers, tmp_path / "indikatorer.xlsx")
    _, problems = collect_applications([path])
    keys = _keys(path)
    assert [(p.row, p.column, p.message) for p in problems] == [
        (keys.index("indicator:2:baseline") + 1, "Indikator 2: i dag",
         "'1.500' is ambiguous (thousands or decimals?): write it without a thousands separator and with a "
         "decimal comma, e.g. 1500 or 1,5"),
        (keys.index("indicator:2:target") + 1, "Indikator 2: mål",
         "'5 dage' is not a number: write the number alone, e.g. 12 or 2,5 (the unit has its own question)"),
        (keys.index("indicator:2:bottom_line") + 1, "Indikator 2: hvem får gevinsten?",
         "'Region' is not a bottom line: write Borger, Medarbejder or Kommune (citizen, employee, municipality)"),
        (keys.index("indicator:1:name") + 1, "Indikator 1: hvad måles?",
         "missing: say what the indicator measures, or clear its other answers"),
    ]


def test_an_indicator_is_named_once(forms, tmp_path):
    answers = {**ANSWERS, "indicator:1:name": "Ventetid", "indicator:2:name": "ventetid "}
    path = fill(forms["en"], answers, tmp_path / "twice.xlsx")
    _, problems = collect_applications([path])
    assert [p.line() for p in problems] == [
        f"{path}, sheet 'Application': the indicator 'ventetid' is named twice: give each indicator its own name"]
