"""Follow-up of funded projects: statuses over time, money returned, benefits against indicators."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from digipulje.base.errors import DigipuljeError
from digipulje.cli import app
from digipulje.rounds.followup import Progress, indicators_of, record_benefit, record_progress, summarise_followup
from digipulje.rounds.rounds import read_round
from tests.factories import application

runner = CliRunner()


def summary(store):
    return summarise_followup(read_round(store, "2025"))


def problems(call) -> tuple[str, ...]:
    with pytest.raises(DigipuljeError) as caught:
        call()
    return caught.value.lines


def test_funded_projects_start_not_started(store):
    s = summary(store)
    assert [(p.application, p.granted_dkk, p.status) for p in s.projects] == [
        ("A1", 135_000, Progress.NOT_STARTED), ("A3", 75_000, Progress.NOT_STARTED), ("A5", 40_000, Progress.NOT_STARTED)]
    assert (s.granted_dkk, s.returned_dkk, s.in_use_dkk, s.available_dkk) == (250_000, 0, 250_000, 0)


def test_status_over_time_keeps_the_latest_and_the_new_end_date(store):
    record_progress(store, "2025", "A3", Progress.RUNNING, "ITP")
    record_progress(store, "2025", "A3", Progress.DELAYED, "ITP", end_date=dt.date(2026, 3, 31),
                    reason="Leverandøren er forsinket")
    record_progress(store, "2025", "A3", Progress.RUNNING, "ITP")
    a3 = summary(store).projects[1]
    assert (a3.status, a3.end_date, a3.last_event.seq) == (Progress.RUNNING, dt.date(2026, 3, 31), 15)
    record_progress(store, "2025", "A3", Progress.DONE, "ITP", end_date=dt.date(2026, 4, 15))
    assert summary(store).projects[1].end_date == dt.date(2026, 4, 15)


def test_a_cancelled_grant_returns_its_money_to_the_pool(store):
    record_progress(store, "2025", "A5", Progress.CANCELLED, "ITP", reason="Behovet dækkes af Mine Apps")
    s = summary(store)
    assert s.projects[2].returned_dkk == 40_000
    assert (s.returned_dkk, s.in_use_dkk, s.available_dkk) == (40_000, 210_000, 40_000)


def test_a_finished_project_may_return_what_it_did_not_spend(store):
    record_progress(store, "2025", "A1", Progress.DONE, "ITP", returned_dkk=15_000)
    record_progress(store, "2025", "A5", Progress.CANCELLED, "ITP", returned_dkk=30_000)
    s = summary(store)
    assert [p.returned_dkk for p in s.projects] == [15_000, 0, 30_000]
    assert s.available_dkk == 45_000


def test_the_rules_of_follow_up(store, english):
    assert problems(lambda: record_progress(store, "2025", "A1", Progress.DELAYED, "ITP")) == (
        "A1: a delayed project needs its new end date: add --end-date YYYY-MM-DD",)
    assert problems(lambda: record_progress(store, "2025", "A1", Progress.RUNNING, "ITP", returned_dkk=5)) == (
        "A1: money is returned only by a cancelled or done project, not a running one",)
    assert problems(lambda: record_progress(store, "2025", "A1", Progress.CANCELLED, "ITP",
                                            returned_dkk=200_000)) == (
        "A1: 200,000 kr cannot be returned: the grant is 135,000 kr",)
    assert problems(lambda: record_progress(store, "2025", "A4", Progress.RUNNING, "ITP")) == (
        "A4 was not granted money in round 2025's decision (event 12): follow-up is for funded projects "
        "(A1, A3, A5)",)
    record_progress(store, "2025", "A5", Progress.CANCELLED, "ITP")
    assert problems(lambda: record_progress(store, "2025", "A5", Progress.RUNNING, "ITP")) == (
        "A5 is already cancelled (event 13): its status cannot change",)
    assert len(read_round(store, "2025").followup_events) == 1


def test_benefits_are_measured_against_the_applications_indicators(store, english):
    record_benefit(store, "2025", "A1", "borger", "Triage i alle grupper", "ITP", measured_on=dt.date(2026, 2, 1))
    record_benefit(store, "2025", "A1", "citizen", "Færre indlæggelser", "ITP", measured_on=dt.date(2026, 6, 1))
    benefits = {b.indicator: b for b in summary(store).projects[0].benefits}
    assert list(benefits) == ["citizen", "employee", "municipality"]
    assert (benefits["citizen"].expected, benefits["citizen"].realised, benefits["citizen"].measured_on) == (
        "4/4", "Færre indlæggelser", dt.date(2026, 6, 1))
    assert benefits["employee"].realised is None
    assert problems(lambda: record_benefit(store, "2025", "A1", "ventetid", "5 dage", "ITP",
                                           measured_on=dt.date(2026, 2, 1))) == (
        "A1: no indicator 'ventetid' in the application: its indicators are citizen, employee, municipality",)


def test_indicators_come_from_the_ratings_and_the_applications_own_indicator_columns():
    app = application("N1", 50_000, ratings=(2, 0, 3, 1, 1),
                      notes=(("Indikator: ventetid", "fra 10 til 5 dage"), ("Kontor", "Rådhuset"),
                             ("Forventet gevinst", "2 timer om ugen pr. medarbejder")))
    assert indicators_of(app) == {"citizen": "2/4", "employee": "0/4", "municipality": "3/4",
                                  "Indikator: ventetid": "fra 10 til 5 dage",
                                  "Forventet gevinst": "2 timer om ugen pr. medarbejder"}


@pytest.mark.usefixtures("english")
def test_the_command_needs_a_status_or_a_benefit_for_an_application(db):
    def stderr(*args):
        result = runner.invoke(app, ["round", "followup", "2025", *args, "--db", str(db)])
        assert result.exit_code == 1
        return result.stderr

    assert stderr("A1") == "error: A1: give --status or --benefit to record its follow-up\n"
    assert stderr("--status", "running") == ("error: name the application the follow-up is for, e.g. "
                                             "'digipulje round followup 2025 A1 --status running'\n")
    assert stderr("A1", "--benefit", "citizen") == "error: --benefit INDICATOR and --realised TEXT go together\n"


def test_the_follow_up_in_english(db):
    result = runner.invoke(app, ["round", "followup", "2025", "A5", "--status", "cancelled", "--db", str(db),
                                 "--lang", "en", "--by", "ITP"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "follow-up stored as event 13\n"
    assert ("Granted DKK 250,000, returned to the pool DKK 40,000, in use DKK 210,000; "
            "DKK 40,000 available in the pool (pool DKK 250,000)") in result.stdout.splitlines()
