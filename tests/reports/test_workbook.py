"""The decision workbook, reopened with openpyxl: sheets and headers as documented, numbers as
numbers with kroner formats, frozen headers, filters, widths, and no formula from untrusted text."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from digipulje.applications.spreadsheet import parse_rows
from digipulje.pool.model import Pool
from digipulje.pool.overrides import Override
from digipulje.reports.export import FORMULA_STARTS
from digipulje.reports.memo.case import BudgetPoint, NamedAllocation, ScenarioComparison
from digipulje.meeting.memo import memo_case
from digipulje.reports.workbook import render_workbook
from tests.factories import application

SHEETS_DA = ["Fordeling", "Ansøgninger", "Scorer", "Beslutningslog"]  # the scenarios' two only with scenarios
SHEETS_EN = ["Allocation", "Applications", "Scores", "Decision log"]


def reopen(data: bytes):
    return load_workbook(io.BytesIO(data))


def header(ws) -> list[str]:
    return [c.value for c in ws[1]]


def records(ws) -> list[dict]:
    names = header(ws)
    return [dict(zip(names, (c.value for c in row))) for row in ws.iter_rows(min_row=2)]


@pytest.fixture(scope="module")
def book_2025(case_2025):
    return reopen(render_workbook(case_2025))


def test_sheets_and_headers_as_documented(book_2025, case_2025):
    assert book_2025.sheetnames == SHEETS_DA
    assert header(book_2025["Fordeling"]) == [
        "ID", "Ansøgning", "Afdeling", "Ansøgt", "Mindste brugbare tilskud", "Indstillet", "Status (indstilling)",
        "Besluttet", "Status (beslutning)", "Score", "Begrundelser"]
    assert header(book_2025["Beslutningslog"]) == [
        "Dato", "ID", "Ansøgning", "Ændring", "Indstillet", "Besluttet", "Forskel", "Besluttet af", "Begrundelse"]
    assert header(book_2025["Scorer"])[:3] == ["ID", "Ansøgning", "Borger (0–4)"]
    assert header(book_2025["Scorer"])[-1] == "Score"
    english = reopen(render_workbook(case_2025, "en"))
    assert english.sheetnames == SHEETS_EN
    assert header(english["Allocation"])[3:6] == ["Asked", "Smallest workable grant", "Recommended"]


def test_amounts_are_numbers_with_kroner_formats(book_2025):
    rows = {r["ID"]: r for r in records(book_2025["Fordeling"])}
    assert (rows["A1"]["Ansøgt"], rows["A1"]["Indstillet"], rows["A1"]["Besluttet"]) == (140_000, 122_500, 135_000)
    assert rows["A4"]["Status (beslutning)"] == "udtaget"
    assert sum(r["Besluttet"] for r in rows.values()) == 250_000
    ws = book_2025["Fordeling"]
    for cell in ws["D"][1:] + ws["F"][1:] + ws["H"][1:]:
        assert isinstance(cell.value, int) and cell.number_format == '"kr." #,##0'
    assert all(c.number_format == "0.0" and isinstance(c.value, (int, float)) for c in ws["J"][1:])
    english = reopen(render_workbook(memo_case([application("B1", 20_000)], Pool(), memo_date=dt.date(2025, 1, 1)),
                                     "en"))
    assert english["Allocation"]["D2"].number_format == '"DKK" #,##0'


def test_every_sheet_has_a_frozen_header_a_filter_and_fitting_widths(book_2025):
    for ws in book_2025.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        last = ws.cell(row=1, column=ws.max_column).column_letter
        assert ws.auto_filter.ref == f"A1:{last}{max(ws.max_row, 2)}", ws.title
        for column in ws.iter_cols(min_row=1):
            width = ws.column_dimensions[column[0].column_letter].width
            shown = [len("07-05-2025") if isinstance(c.value, dt.datetime) else len(str(c.value))
                     for c in column[1:] if c.value is not None]
            longest = max(shown, default=0)
            assert width >= min(longest, 58) or column[1].alignment.wrap_text, (ws.title, column[0].value)
            assert width <= 60


def test_decision_log_of_2025(book_2025):
    log = records(book_2025["Beslutningslog"])
    assert [(r["ID"], r["Ændring"], r["Indstillet"], r["Besluttet"], r["Forskel"], r["Besluttet af"]) for r in log] == [
        ("A1", "følger af ændringerne", 122_500, 135_000, 12_500, None),
        ("A4", "udtaget", 12_500, 0, -12_500, "Chefforum"),
    ]
    assert log[1]["Dato"] == dt.datetime(2025, 5, 7)
    assert book_2025["Beslutningslog"]["G2"].number_format.startswith('+"kr."')


def test_applications_sheet_reads_back_as_the_same_applications(book_2025, case_2025):
    rows = [list(row) for row in book_2025["Ansøgninger"].iter_rows(values_only=True)]
    applications, problems = parse_rows(rows, "bog.xlsx", "Ansøgninger")
    assert problems == []
    assert tuple(applications) == case_2025.applications


def test_scenarios_and_curve_when_given(example, case_2025):
    from digipulje.pool.allocating import allocate

    named = (NamedAllocation("Lille pulje", allocate(example.applications, example.pool.with_budget(100_000))),
             NamedAllocation("Vedtaget", case_2025.decision))
    case = memo_case(example.applications, example.pool, example.overrides, memo_date=case_2025.memo_date,
                        scenarios=ScenarioComparison(named, (BudgetPoint(100_000, 125.0), BudgetPoint(250_000, 265.0))))
    book = reopen(render_workbook(case))
    assert book.sheetnames == ["Fordeling", "Ansøgninger", "Scorer", "Scenarier", "Budgetkurve", "Beslutningslog"]
    assert header(book["Scenarier"])[:6] == ["Scenarie", "Puljen", "Bevilget", "Rest", "Tilskud", "Samlet score"]
    assert header(book["Budgetkurve"]) == ["Puljen", "Bedste samlede score"]
    scenarios = records(book["Scenarier"])
    assert [r["Scenarie"] for r in scenarios] == ["Lille pulje", "Vedtaget"]
    assert scenarios[1]["Bevilget"] == 250_000 and scenarios[1]["A1"] == 135_000 and scenarios[1]["A4"] == 0
    assert [(r["Puljen"], r["Bedste samlede score"]) for r in records(book["Budgetkurve"])] == [
        (100_000, 125), (250_000, 265)]


HOSTILE = ("=HYPERLINK(\"http://x\",\"klik\")", "+45 1234", "-2+3", "@SUM(A1)", "\tTAB")


def test_no_cell_starts_a_formula():
    apps = [application(f"X{i}", 20_000, department=text, running_cost_paid_by=text).model_copy(
        update={"title": text}) for i, text in enumerate(HOSTILE)]
    overrides = [Override(application="X0", action="exclude", reason="=1+1", decided_by="@chef")]
    book = reopen(render_workbook(memo_case(apps, Pool(), overrides, memo_date=dt.date(2025, 1, 1))))
    seen = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_STARTS), (ws.title, cell.coordinate, cell.value)
                    seen.add(cell.value)
    assert {"'" + text for text in HOSTILE[:-1]} | {"\\x09TAB"} <= seen  # a tab shows escaped
    assert "'=1+1" in seen and "'@chef" in seen


def test_names_only_with_names():
    from digipulje.applications.model import Approval

    apps = [application("B1", 20_000, contact="Jens Hansen", approval=Approval(name="Mette Madsen"))]
    case = memo_case(apps, Pool(), memo_date=dt.date(2025, 1, 1))
    values = lambda book: {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row}  # noqa: E731
    plain = values(reopen(render_workbook(case)))
    assert "Jens Hansen" not in plain and "Mette Madsen" not in plain and "Kontaktperson" not in plain
    named = values(reopen(render_workbook(case, with_names=True)))
    assert {"Jens Hansen", "Mette Madsen", "Kontaktperson"} <= named
