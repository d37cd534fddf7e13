"""A realistic round that is not the 2025 case: 16 applications from 6 departments, a pool of
500,000 kr, default rules, and two chiefs' overrides — include a not-recommended application,
exclude a recommended one. Every command answers it, from the same engine, with either solver,
and the commands run as a user runs them (worker processes included). Each test runs under a
hard time limit, so a hang fails instead of stalling the suite.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from digipulje.applications.spreadsheet import read_applications
from digipulje.cli import app
from digipulje.pool.allocating import allocate, decide
from digipulje.pool.config import read_overrides, read_pool
from digipulje.meeting.scenarios import compare_scenarios
from digipulje.analyses.scenarios import read_scenario_file
from tests.applications.sheets import write_xlsx
from tests.limits import hard_limit

SOLVERS = ["cbc", "highs"]

# Headers as a department writes them: other case, extra spaces, the words of the 2025 sheet.
HEADER = [" id ", "TITEL", "Afdeling ", "Enhed", "Ansøgt beløb (kr.)", "Årlige driftsudgifter (kr.)",
          "Driftsudgifter dækkes af", "Drift dækkes af ansøger", "Borger", "Medarbejder", "Kommune",
          "Dokumenteret effekt", "Tværgående", "ITP indstilling", "Begrundelse", "ITP's vurdering"]
DEPARTMENTS = ["Ældre, Social & Sundhed", "Børn & Familie", "Dagtilbud & Skole", "Materialegården",
               "Kultur & Fritid", "Økonomi & Digitalisering"]
ROWS = [  # id, requested, ratings (borger, medarbejder, kommune, effekt, tværgående), verdict
    ("R01", 120_000, (4, 3, 3, 3, 2), "Vurderet"),
    ("R02", 95_000, (3, 4, 3, 3, 3), "Vurderet"),
    ("R03", 60_000, (3, 3, 3, 2, 4), "Vurderet"),
    ("R04", 45_000, (2, 4, 3, 2, 3), "Vurderet"),
    ("R05", 150_000, (4, 4, 4, 3, 3), "Vurderet"),
    ("R06", 80_000, (1, 2, 2, 1, 2), "Ikke anbefalet"),
    ("R07", 30_000, (2, 3, 3, 2, 2), "Vurderet"),
    ("R08", 70_000, (3, 3, 2, 3, 2), "Vurderet"),
    ("R09", 110_000, (2, 2, 3, 2, 2), "Vurderet"),
    ("R10", 25_000, (1, 3, 3, 2, 3), "Vurderet"),
    ("R11", 200_000, (3, 3, 3, 3, 3), "Vurderet"),
    ("R12", 55_000, (3, 2, 2, 2, 2), "Vurderet"),
    ("R13", 40_000, (2, 2, 2, 2, 2), "Vurderet"),
    ("R14", 65_000, (4, 3, 2, 3, 3), "Vurderet"),
    ("R15", 35_000, (None, None, None, None, None), "Afvist"),
    ("R16", 90_000, (3, 3, 3, 3, 2), "Vurderet"),
]
POOL = """name = "Digitaliseringspuljen"
year = 2026
budget_dkk = 500000
"""
OVERRIDES = """[[override]]
application = "R06"
action = "include"
reason = "Chefforum prioriterer GPS til bilerne"
decided_by = "Chefforum"

[[override]]
application = "R05"
action = "exclude"
reason = "Dækkes af den fælles licensaftale"
decided_by = "Chefforum"
"""
SCENARIOS = """[base]
name = "Beslutning"
applications = ["ansoegninger-2026.xlsx"]
pool = "pulje-2026.toml"
overrides = "chefforum-2026.toml"

[[scenario]]
name = "Pulje 800.000"
budget_dkk = 800000

[[scenario]]
name = "Pulje 300.000"
budget_dkk = 300000
"""


@pytest.fixture(scope="module")
def round16(tmp_path_factory):
    folder = tmp_path_factory.mktemp("round16")
    rows = [["Digitaliseringspuljen 2026 – ansøgninger"], [], HEADER]
    for k, (i, requested, r, verdict) in enumerate(ROWS):
        reason = "Bør afklares nærmere" if verdict != "Vurderet" else None
        rows.append([i, f"Projekt {i}", DEPARTMENTS[k % 6], DEPARTMENTS[k % 6], requested, None,
                     DEPARTMENTS[k % 6], "Ja", *r, verdict, reason, "Vurderet af ITP"])
    write_xlsx(folder / "ansoegninger-2026.xlsx", rows)
    (folder / "pulje-2026.toml").write_text(POOL, encoding="utf-8")
    (folder / "chefforum-2026.toml").write_text(OVERRIDES, encoding="utf-8")
    (folder / "scenarier.toml").write_text(SCENARIOS, encoding="utf-8")
    return folder


@pytest.fixture(params=SOLVERS)
def solver(request):
    return request.param


@pytest.fixture(scope="module")
def inputs(round16):
    return (read_applications([round16 / "ansoegninger-2026.xlsx"]), read_pool(round16 / "pulje-2026.toml"),
            read_overrides(round16 / "chefforum-2026.toml"))


def test_the_round_reads_as_16_applications_from_6_departments(inputs):
    apps, pool, overrides = inputs
    assert len(apps) == 16 and len({a.department for a in apps}) == 6
    assert pool.budget_dkk == 500_000 and len(overrides) == 2


def test_the_decision_names_the_inclusion_where_it_took_a_grant(inputs, solver):
    apps, pool, overrides = inputs
    with hard_limit():
        recommendation = allocate(apps, pool, solver=solver)
        decision = decide(apps, pool, overrides, solver=solver)
    assert recommendation.decision("R06").status.value == "not_recommended"
    assert decision.decision("R06").granted_dkk > 0 and decision.decision("R05").granted_dkk == 0
    assert decision.granted_dkk <= pool.budget_dkk
    rec, dec = recommendation.granted_by_id(), decision.granted_by_id()
    pushed = [i for i in rec if rec[i] > 0 and dec[i] == 0 and i != "R05"]
    for i in pushed:
        reason = decision.decision(i).reasons[-1]
        assert reason.code == "not_funded_override", (i, reason)
        assert "R06 medtaget af Chefforum (Chefforum prioriterer GPS til bilerne)" in reason.text("da")
        assert "R06 included by Chefforum" in reason.text("en")
    for i in rec:  # nobody the override did not touch is told it was
        if dec[i] > 0 or rec[i] == 0:
            assert all(r.code != "not_funded_override" for r in decision.decision(i).reasons)


def test_compare_with_a_bigger_pool_finishes_and_prices_agree_with_the_table(round16, solver):
    from digipulje.reports.compare import comparison_json

    parsed, base = read_scenario_file(round16 / "scenarier.toml")
    with hard_limit():
        comparison = compare_scenarios(base, parsed.scenario, base_name=parsed.base.name, solver=solver)
        decision = decide(base.applications, base.pool, base.overrides, solver=solver)
    assert comparison.base.allocation.granted_by_id() == decision.granted_by_id()  # the base is the decision
    assert comparison.recommendation.granted_by_id() == allocate(base.applications, base.pool,
                                                                 solver=solver).granted_by_id()
    bigger = next(r for r in comparison.results if r.name == "Pulje 800.000").allocation
    lost = tuple(d.id for d in bigger.decisions
                 if d.granted_dkk == 0 and comparison.base.allocation.decision(d.id).granted_dkk > 0)
    assert comparison.losers.get("Pulje 800.000", ()) == lost
    assert "Pulje 300.000" not in comparison.losers  # a smaller pool is not said to "lose" anything
    payload = comparison_json(comparison)
    assert payload["value_kind"] == "score"
    assert payload["recommendation"]["granted_dkk"] == comparison.recommendation.granted_dkk
    assert payload["larger_pool_losers"] == {name: list(ids) for name, ids in comparison.losers.items()}
    for price in comparison.base.prices:  # against the decision without it, the other kept
        others = tuple(o for o in base.overrides if o != price.override)
        without = allocate(base.applications, base.pool, others,
                           baseline=comparison.recommendation.granted_by_id(), solver=solver)
        assert price.score_lost == round(without.total_score - comparison.base.allocation.total_score, 2)
        assert price.changes == {d.id: d.granted_dkk - without.decision(d.id).granted_dkk
                                 for d in comparison.base.allocation.decisions
                                 if d.granted_dkk != without.decision(d.id).granted_dkk}


def test_compare_cli_shows_the_recommendation_beside_the_decision(round16, solver):
    with hard_limit():
        table = CliRunner().invoke(app, ["compare", str(round16 / "scenarier.toml"), "--lang", "en",
                                         "--solver", solver])
    assert table.exit_code == 0, table.output
    header = table.stdout.splitlines()[0].split("  ")
    assert [h.strip() for h in header if h.strip()] == [
        "Application", "Beslutning without overrides", "Beslutning", "Pulje 800.000", "Pulje 300.000"]
    assert "The price of each override:" in table.stdout


def test_report_with_scenarios_finishes_and_lists_the_inclusion_under_the_decision(round16, inputs, solver):
    """`report --scenarios` as the command builds it, in one process."""
    from digipulje.meeting.memo import memo_case
    from digipulje.meeting.scenarios import scenarios_for_memo
    from digipulje.reports.formats import render_report

    apps, pool, overrides = inputs
    with hard_limit():
        compared = scenarios_for_memo(round16 / "scenarier.toml", solver, workers=1)
        case = memo_case(apps, pool, overrides, solver=solver, scenarios=compared)
        memo = render_report(case, "markdown", "da", version="digipulje").decode("utf-8")
    assert "## Scenarier og budgetkurve" in memo
    if "## Ikke anbefalet" in memo:
        section = memo[memo.index("## Ikke anbefalet"):]
        section = section[:section.index("\n## ", 4)]
        assert "R06" not in section  # the chiefs included it: it is shown under the decision
    changes = memo[memo.index("Chefforum prioriterer GPS til bilerne") - 400:]
    assert "R06" in changes
    assert compared.comparison.base.allocation.granted_by_id() == case.decision.granted_by_id()


def test_the_commands_answer_alike_with_either_solver_in_worker_processes(round16, tmp_path):
    """allocate, the decision and `report --scenarios` as a user types them, worker processes
    and all: the same grants and the same memo with CBC and with HiGHS."""
    files = [str(round16 / "ansoegninger-2026.xlsx"), "--pool", str(round16 / "pulje-2026.toml")]
    answers = {}
    for solver in SOLVERS:
        with hard_limit():
            recommendation = CliRunner().invoke(app, ["allocate", *files, "--format", "json", "--solver", solver])
            decision = CliRunner().invoke(app, ["allocate", *files, "--overrides", str(round16 / "chefforum-2026.toml"),
                                                "--format", "json", "--solver", solver])
            memo = tmp_path / f"memo-{solver}.md"
            report = CliRunner().invoke(app, ["report", *files, "--overrides", str(round16 / "chefforum-2026.toml"),
                                              "--scenarios", str(round16 / "scenarier.toml"), "--solver", solver,
                                              "--date", "2026-05-01", "--out", str(memo)])
        for result in (recommendation, decision, report):
            assert result.exit_code == 0, result.output
        grants = [{d["id"]: d["granted_dkk"] for d in json.loads(r.stdout)["applications"]}
                  for r in (recommendation, decision)]
        assert sum(grants[1].values()) <= 500_000 and grants[1]["R05"] == 0 and grants[1]["R06"] > 0
        partial = [i for i, a in grants[0].items() if 0 < a < dict((r[0], r[1]) for r in ROWS)[i]]
        assert len(partial) <= 1  # at most one partial grant by default
        answers[solver] = (grants, memo.read_text(encoding="utf-8").replace(solver, "SOLVER"))
    assert answers["cbc"] == answers["highs"]
