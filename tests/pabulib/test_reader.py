"""The Pabulib reader: the format's edge cases, exact problems, and every shared instance."""

from __future__ import annotations

import pytest

from digipulje.applications.pabulib import parse_pabulib, read_budget, read_pabulib
from digipulje.applications.problems import ApplicationsError
from digipulje.applications.spreadsheet import read_applications

from tests.pabulib.shared import SHARED, shared_instances

pytestmark = pytest.mark.usefixtures("english")  # English texts; Danish: test_danish_errors.py

APPROVAL = (
    "META\r\n"
    "key;value\r\n"
    "description;A test\r\n"
    "budget;1000.75\r\n"
    "vote_type;approval\r\n"
    "currency;EUR\r\n"
    "PROJECTS\r\n"
    "project_id;cost;votes;name;category\r\n"
    'BO.1/23;400.2;2;"Park ""Zielony""; etap I";"Ontmoeting &amp; verbinding,sport"\r\n'
    "7;600;1;Lights;\r\n"
    "8;300;0;;\r\n"
    "VOTES\r\n"
    "voter_id;vote\r\n"
    "v1;BO.1/23,7,BO.1/23\r\n"
    "v2;BO.1/23"  # no final newline
)


def test_each_project_becomes_an_all_or_nothing_application():
    instance, problems = parse_pabulib(APPROVAL, "t.pb")
    assert problems == []
    assert instance.budget == 1000 and instance.vote_type == "approval" and instance.currency == "EUR"
    park, lights, unnamed = instance.applications
    assert (park.id, park.title, park.department) == ("BO.1/23", 'Park "Zielony"; etap I', "Ontmoeting & verbinding")
    assert (park.requested_dkk, park.min_dkk) == (401, 401)  # a cost in cents is rounded up
    assert (lights.department, unnamed.title, unnamed.department) == ("–", "8", "–")


def test_support_counts_a_ballot_once_per_project():
    instance, _ = parse_pabulib(APPROVAL, "t.pb")
    assert {a.id: a.support for a in instance.applications} == {"BO.1/23": 2, "7": 1, "8": 0}


def test_cumulative_support_sums_the_points_even_of_a_repeated_project():
    text = APPROVAL.replace("approval", "cumulative").replace("voter_id;vote\r\n", "voter_id;vote;points\r\n")
    text = text.replace("v1;BO.1/23,7,BO.1/23", "v1;BO.1/23,7,BO.1/23;3,2,1").replace("v2;BO.1/23", "v2;7;5")
    instance, problems = parse_pabulib(text.replace("\r\n", "\n"), "t.pb")
    assert problems == []
    assert {a.id: a.support for a in instance.applications} == {"BO.1/23": 4, "7": 7, "8": 0}


def _lines(problems):
    return [p.line() for p in problems]


def test_malformed_files_are_reported_with_line_and_column():
    text = (APPROVAL.replace("7;600;1;Lights;", "7;600,5;1;Lights;")
            .replace("v2;BO.1/23", "v2;BO.1/23,99"))
    _, problems = parse_pabulib(text, "t.pb")
    assert _lines(problems) == [
        "t.pb, row 10, column 'cost': '600,5' is not a cost: write a positive amount with digits and "
        "a '.' for decimals, e.g. 4000 or 4000.50",
        "t.pb, row 15, column 'vote': the ballot names '99', not a project in the PROJECTS section",
    ]


def test_missing_sections_budget_and_points_are_named():
    assert _lines(parse_pabulib("META\nkey;value\nbudget;1\n", "t.pb")[1]) == [
        "t.pb: no PROJECTS or VOTES section: a .pb file has the sections META, PROJECTS and VOTES, "
        "each title alone on its line"]
    no_budget = APPROVAL.replace("budget;1000.75\r\n", "")
    assert _lines(parse_pabulib(no_budget, "t.pb")[1]) == [
        "t.pb, column 'budget': META has no budget: add a line 'budget;<amount>'"]
    points = APPROVAL.replace("approval", "cumulative").replace("voter_id;vote\r\n", "voter_id;vote;points\r\n")
    points = points.replace("v2;BO.1/23", "v2;BO.1/23;1,2")
    assert _lines(parse_pabulib(points, "t.pb")[1])[-1] == (
        "t.pb, row 15, column 'points': 2 points for 1 projects: give one number per project named "
        "in 'vote', in the same order")
    assert _lines(parse_pabulib(APPROVAL.replace("approval", "ranked"), "t.pb")[1]) == [
        "t.pb, row 5, column 'vote_type': vote type 'ranked' is not known: use one of approval, "
        "ordinal, choose-1, cumulative, scoring"]


def test_read_applications_reads_a_pb_file_and_reports_its_problems(tmp_path):
    good = tmp_path / "round.pb"
    good.write_text(APPROVAL, encoding="utf-8")
    assert [a.id for a in read_applications([good])] == ["BO.1/23", "7", "8"]
    assert read_budget(good) == 1000
    bad = tmp_path / "bad.pb"
    bad.write_text(APPROVAL.replace("400.2", "-3"), encoding="utf-8")
    with pytest.raises(ApplicationsError) as caught:
        read_applications([bad])
    assert caught.value.lines == (f"{bad}, row 9, column 'cost': '-3' is not a cost: write a positive "
                                  "amount with digits and a '.' for decimals, e.g. 4000 or 4000.50",)


@pytest.mark.skipif(SHARED is None, reason="the shared Pabulib instances are not beside the checkout")
@pytest.mark.parametrize("path", shared_instances(), ids=lambda p: p.stem)
def test_every_shared_instance_reads_without_a_problem(path):
    instance = read_pabulib(path)
    assert len(instance.applications) == int(instance.meta["num_projects"])
    assert instance.budget == int(float(instance.meta["budget"]))
    assert all(a.requested_dkk == a.min_dkk > 0 for a in instance.applications)
    if "votes" in _project_columns(path) and instance.vote_type != "cumulative":
        expected = _votes_column(path)
        if path.stem == "Netherlands_Amsterdam_604":  # one ballot names four projects twice: counted once
            expected.update({p: expected[p] - 1 for p in ("42346", "42350", "42355", "42360")})
        assert {a.id: a.support for a in instance.applications} == expected


def _project_columns(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[lines.index("PROJECTS") + 1].split(";")


def _votes_column(path):
    """The `votes` column the file itself gives (counted by Pabulib, not by us)."""
    import csv

    lines = path.read_text(encoding="utf-8").splitlines()
    start, end = lines.index("PROJECTS") + 1, lines.index("VOTES")
    rows = list(csv.DictReader(lines[start:end], delimiter=";"))
    return {r["project_id"]: int(r["votes"]) for r in rows}


def test_costs_and_budgets_beyond_10_9_and_points_beyond_10_15_are_problems():
    huge = APPROVAL.replace("7;600;1;Lights;", "7;1e26;1;Lights;").replace("budget;1000.75", "budget;2000000000000000")
    assert _lines(parse_pabulib(huge, "t.pb")[1]) == [
        "t.pb, row 4, column 'budget': the budget '2000000000000000' is more than 10^9 (1,000,000,000), the largest "
        "amount digipulje reads (as in a sheet, a pool file or --budget): check the file",
        "t.pb, row 10, column 'cost': the cost '1e26' is more than 10^9 (1,000,000,000), the largest amount "
        "digipulje reads (as in a sheet, a pool file or --budget): check the file",
    ]
    just = APPROVAL.replace("7;600;1;Lights;", "7;1000000000.5;1;Lights;").replace("budget;1000.75",
                                                                                  "budget;1000000000.01")
    assert _lines(parse_pabulib(just, "t.pb")[1]) == [
        "t.pb, row 4, column 'budget': the budget '1000000000.01' is more than 10^9 (1,000,000,000), the largest "
        "amount digipulje reads (as in a sheet, a pool file or --budget): check the file",
        "t.pb, row 10, column 'cost': the cost '1000000000.5' is more than 10^9 (1,000,000,000), the largest amount "
        "digipulje reads (as in a sheet, a pool file or --budget): check the file",
    ]
    at_the_limit = APPROVAL.replace("7;600;1;Lights;", "7;1000000000;1;Lights;").replace("budget;1000.75",
                                                                                        "budget;1000000000")
    assert parse_pabulib(at_the_limit, "t.pb")[1] == []
    points = APPROVAL.replace("approval", "cumulative").replace("voter_id;vote\r\n", "voter_id;vote;points\r\n")
    points = points.replace("v1;BO.1/23,7,BO.1/23", "v1;7;600000000000000").replace("v2;BO.1/23", "v2;7;600000000000000")
    assert _lines(parse_pabulib(points.replace("\r\n", "\n"), "t.pb")[1]) == [
        "t.pb, row 10, column 'points': the points given to project '7' add up to 1,200,000,000,000,000, which is "
        "more than 10^15 (1,000,000,000,000,000), more than digipulje counts exactly: check the file"]
    one = points.replace("v2;7;600000000000000", "v2;7;1000000000000001")
    assert _lines(parse_pabulib(one.replace("\r\n", "\n"), "t.pb")[1]) == [
        "t.pb, row 15, column 'points': the points '1000000000000001': one is more than 10^15 "
        "(1,000,000,000,000,000), more than digipulje counts exactly: check the file"]


def test_validate_names_a_cost_beyond_10_9(tmp_path):
    from typer.testing import CliRunner

    from digipulje.cli import app

    path = tmp_path / "huge.pb"
    path.write_text(APPROVAL.replace("7;600;1;Lights;", "7;100000000000000000000000000;1;Lights;"), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert (f"{path}, row 10, column 'cost': the cost '100000000000000000000000000' is more than 10^9 "
            "(1,000,000,000), the largest amount digipulje reads (as in a sheet, a pool file or --budget): check the "
            "file") in result.output


@pytest.mark.usefixtures("danish")
def test_allocate_refuses_a_budget_beyond_10_9_up_front_in_one_line(tmp_path):
    from typer.testing import CliRunner

    from digipulje.cli import app

    path = tmp_path / "stor.pb"
    path.write_text(APPROVAL.replace("budget;1000.75", "budget;30000000000"), encoding="utf-8")
    result = CliRunner().invoke(app, ["allocate", str(path), "--solver", "highs"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (f"fejl: {path}, række 4, kolonne 'budget': budgettet '30000000000' er mere end 10^9 "
                             "(1.000.000.000), det største beløb, digipulje læser (som i et ark, en puljefil eller "
                             "--budget) — tjek filen\n")
