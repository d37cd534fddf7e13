"""A row the council has not assessed, in a sheet that has the council's verdict column, is named
before the round: `validate` warns (file, row, column), since the allocation holds it incomplete."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from digipulje.applications.spreadsheet import collect_applications
from digipulje.cli import app
from tests.applications.sheets import HEADER, write_xlsx

runner = CliRunner()

ASSESSED = [*HEADER, "ITP indstilling", "Borger"]


@pytest.fixture(autouse=True)
def danish(monkeypatch):
    monkeypatch.delenv("DIGIPULJE_LANG", raising=False)


def _sheet(tmp_path, verdicts):
    rows = [ASSESSED] + [[f"A{i}", f"Løsning {i}", "Ældre", 100_000, verdict, 3]
                         for i, verdict in enumerate(verdicts, start=1)]
    return write_xlsx(tmp_path / "ansoegninger.xlsx", rows)


def test_validate_warns_of_a_row_without_the_councils_verdict(tmp_path):
    sheet = _sheet(tmp_path, ["Støttes", None, "Støttes", "  "])
    result = runner.invoke(app, ["validate", str(sheet)])
    assert result.exit_code == 0, result.output
    warnings = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("advarsel:")]
    assert warnings == [
        f"advarsel: Arket 'Ansøgninger' i {sheet}, række {row}, kolonne 'ITP indstilling': {application} har ingen "
        "indstilling fra rådet: fordelingen regner den som ikke behandlet i ITP (ufuldstændig) — skriv Støttes, "
        "Ikke anbefalet eller Afvist"
        for row, application in ((3, "A2"), (5, "A4"))]


def test_a_sheet_without_a_verdict_column_is_not_warned_row_by_row(tmp_path):
    sheet = write_xlsx(tmp_path / "ansoegninger.xlsx", [HEADER, ["A1", "Løsning", "Ældre", 100_000]])
    applications, problems = collect_applications([sheet])
    assert [a.id for a in applications] == ["A1"]
    assert problems == []


def test_the_allocation_holds_the_unassessed_row_incomplete(tmp_path):
    result = runner.invoke(app, ["allocate", str(_sheet(tmp_path, ["Støttes", None])), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "A2 har ingen indstilling fra rådet" in result.stderr
    assert '"status": "incomplete"' in result.stdout
