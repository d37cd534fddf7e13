"""The memo and the workbook give an application's reasons as `explain` does: the deciding one first."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from digipulje.pool.explain import explain_application
from digipulje.pool.model import Pool
from digipulje.pool.overrides import Action, Override
from digipulje.meeting.memo import memo_case
from digipulje.reports.workbook import render_workbook
from tests.factories import application
from tests.reports.test_memo import memo_md, subsections


def _included_case():
    """B2, not recommended by the council, is let through by the chiefs and funded in part."""
    apps = [application("B1", 60_000, department="Kultur"),
            application("B2", 50_000, ratings=(2, 2, 2, 2, 2), verdict="not_recommended", department="Teknik")]
    include = Override(application="B2", action=Action.INCLUDE, reason="Skal med i år", decided_by="Chefforum",
                       date=dt.date(2025, 5, 7))
    return memo_case(apps, Pool(budget_dkk=100_000), [include], memo_date=dt.date(2025, 5, 7))


def test_the_memo_puts_the_deciding_reason_first_as_explain_does():
    case = _included_case()
    explanation = explain_application(case.decision, case.applications, "B2")
    assert [r.code for r in case.decision.decision("B2").reasons] == [
        "not_recommended_by_council", "included", "partial"]
    assert explanation.deciding.code == "partial"
    b2 = subsections(memo_md(case))["B2 · Project B2"]
    decided = b2.split("**Begrundelse for beslutningen**\n\n")[1].splitlines()
    assert decided[:3] == ["- Delvist bevilget: kr. 40.000 af kr. 50.000 (mindste brugbare tilskud kr. 40.000); "
                           "puljen rækker ikke til det fulde beløb",
                           "- Ikke anbefalet af ITP: because",
                           "- Medtaget af Chefforum: Skal med i år"]
    assert explanation.text("da").splitlines()[2] == "Afgørende: " + decided[0].removeprefix("- ")


def test_the_workbook_puts_the_deciding_reason_first_too():
    case = _included_case()
    sheet = load_workbook(io.BytesIO(render_workbook(case)))["Fordeling"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    deciding = explain_application(case.decision, case.applications, "B2").deciding.text("da")
    assert rows["B2"][-1] == f"{deciding} | Ikke anbefalet af ITP: because | Medtaget af Chefforum: Skal med i år"
