"""Follow-up against the application's own benefit indicators (figures today and as target)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from digipulje.applications.model import BottomLine, Indicator
from digipulje.base.errors import DigipuljeError
from digipulje.cli import app
from digipulje.pool.model import Pool
from digipulje.reports.rounds import format_quantity, render_followup
from digipulje.rounds.followup import indicators_of, record_benefit, summarise_followup
from digipulje.rounds.rounds import SourceFile, allocate_round, decide_round, import_applications, open_round, read_round
from digipulje.rounds.store import RoundStore
from tests.factories import application
from tests.rounds.conftest import Clock

runner = CliRunner()

WAITING = Indicator(name="Ventetid på svar", unit="dage", baseline=Decimal(10), target=Decimal("2.5"),
                    bottom_line=BottomLine.CITIZEN)
CALLS = Indicator(name="Tid brugt på opkald", unit="timer pr. uge", baseline=Decimal(12), target=Decimal(4),
                  bottom_line=BottomLine.EMPLOYEE)
SATISFACTION = Indicator(name="Tilfredshed")


@pytest.fixture
def db(tmp_path):
    """Round 2026 decided: N1 states indicators, N2 does not (it is followed up on its ratings)."""
    path = tmp_path / "digipulje.db"
    clock = Clock()
    apps = (application("N1", 60_000, indicators=(WAITING, CALLS, SATISFACTION)),
            application("N2", 40_000, ratings=(2, 3, 1, 2, 2)))
    with RoundStore.create(path) as ws:
        open_round(ws, "2026", Pool(budget_dkk=100_000), "ITP", clock=clock)
        import_applications(ws, "2026", [SourceFile("skemaer", "sha256:1", 1, apps)], "ITP", clock=clock)
        allocate_round(ws, "2026", "ITP", clock=clock)
        decide_round(ws, "2026", "Chefforum", clock=clock)
    return path


def test_the_applications_own_indicators_replace_the_ratings(db):
    with RoundStore.open(db) as ws:
        n1, n2 = summarise_followup(read_round(ws, "2026")).projects
    assert [(b.indicator, b.expected, b.measure) for b in n1.benefits] == [
        ("Ventetid på svar", "10 -> 2.5 dage", WAITING), ("Tid brugt på opkald", "12 -> 4 timer pr. uge", CALLS),
        ("Tilfredshed", "", SATISFACTION)]
    assert [(b.indicator, b.expected, b.measure) for b in n2.benefits] == [
        ("citizen", "2/4", None), ("employee", "3/4", None), ("municipality", "1/4", None)]


def test_realised_figures_are_exact_and_compared_with_the_target(db):
    with RoundStore.open(db) as ws:
        record_benefit(ws, "2026", "N1", "ventetid på svar", "3,5", "ITP", measured_on=dt.date(2026, 6, 1))
        record_benefit(ws, "2026", "N1", "Tid brugt på opkald", "4", "ITP", measured_on=dt.date(2026, 6, 1))
        record_benefit(ws, "2026", "N1", "Tilfredshed", "Borgerne er mere tilfredse", "ITP",
                       measured_on=dt.date(2026, 6, 2))
        record_benefit(ws, "2026", "N2", "borger", "Hurtigere svar", "ITP", measured_on=dt.date(2026, 6, 3))
        summary = summarise_followup(read_round(ws, "2026"))
    waiting, calls, satisfaction = summary.projects[0].benefits
    assert (waiting.realised, waiting.value, waiting.target_reached) == ("3,5", Decimal("3.5"), False)
    assert (calls.value, calls.target_reached) == (Decimal(4), True)
    assert (satisfaction.value, satisfaction.target_reached) == (None, None)
    assert render_followup(summary, "da").split("Gevinster:\n")[1] == (
        "  N1 Ventetid på svar (borger): i dag 10 dage, mål 2,5 dage; realiseret: 3,5 dage (målt 1. juni 2026); "
        "målet er ikke nået\n"
        "  N1 Tid brugt på opkald (medarbejder): i dag 12 timer pr. uge, mål 4 timer pr. uge; realiseret: "
        "4 timer pr. uge (målt 1. juni 2026); målet er nået\n"
        "  N1 Tilfredshed: realiseret: Borgerne er mere tilfredse (målt 2. juni 2026)\n"
        "  N2 borger: forventet 2/4; realiseret: Hurtigere svar (målt 3. juni 2026)\n"
        "  N2 medarbejder: forventet 3/4; ikke målt endnu\n"
        "  N2 kommune: forventet 1/4; ikke målt endnu\n")
    readme = (Path(__file__).resolve().parents[2] / "docs" / "rounds.md").read_text(encoding="utf-8")
    assert render_followup(summary, "da").splitlines()[-6] in readme.splitlines()  # the example in docs/rounds.md


def test_a_figure_is_needed_for_an_indicator_with_figures(db, english):
    with RoundStore.open(db) as ws:
        def refused(indicator, realised):
            with pytest.raises(DigipuljeError) as caught:
                record_benefit(ws, "2026", "N1", indicator, realised, "ITP", measured_on=dt.date(2026, 6, 1))
            return caught.value.lines

        assert refused("Ventetid på svar", "4 dage") == (
            "N1: 'Ventetid på svar' is followed up as a figure: '4 dage' is not a number: write the figure in "
            "dage alone, e.g. 6 or 2,5",)
        assert refused("Ventetid på svar", "1,500") == (
            "N1: 'Ventetid på svar' is followed up as a figure: '1,500' is ambiguous (thousands or decimals?): "
            "write it without a thousands separator and with a decimal comma, e.g. 1500 or 1,5",)
        assert refused("borger", "Hurtigere svar") == (
            "N1: no indicator 'borger' in the application: its indicators are Ventetid på svar, "
            "Tid brugt på opkald, Tilfredshed",)
        assert read_round(ws, "2026").followup_events == ()


def test_the_command_lists_expected_and_realised_per_indicator_in_english(db):
    result = runner.invoke(app, ["round", "followup", "2026", "N1", "--benefit", "Tid brugt på opkald",
                                 "--realised", "5.25", "--measured", "2026-09-01", "--db", str(db),
                                 "--lang", "en", "--by", "ITP"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "benefit stored as event 7\n"
    assert ("  N1 Tid brugt på opkald (employee): today 12 timer pr. uge, target 4 timer pr. uge; realised: "
            "5.25 timer pr. uge (measured 2026-09-01); target not reached") in result.stdout.splitlines()
    assert "  N1 Ventetid på svar (citizen): today 10 dage, target 2.5 dage; not measured yet" in (
        result.stdout.splitlines())


def test_indicators_of_falls_back_to_the_ratings_and_indicator_columns():
    with_own = application("N3", 10_000, indicators=(CALLS,), notes=(("Indikator: ventetid", "5 dage"),))
    assert indicators_of(with_own) == {"Tid brugt på opkald": "12 -> 4 timer pr. uge"}


@pytest.mark.parametrize("value, da, en", [(Decimal("1500.5"), "1.500,5", "1,500.5"), (Decimal("-2.50"), "-2,50", "-2.50"),
                                           (Decimal(7), "7", "7"), (Decimal("0.25"), "0,25", "0.25")])
def test_figures_in_danish_and_english(value, da, en):
    assert (format_quantity(value, "da"), format_quantity(value, "en")) == (da, en)
