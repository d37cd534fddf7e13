"""`digipulje report --assessments`: the council members' ratings in the memo's method and the workbook.

The 2025 round, with three council members rating A1 and A3; each is recused from their own
department's application, and A1's documented effect spreads 2 points.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from digipulje.cli import app
from tests.reports.test_memo import sections, subsections
from tests.reports.test_report_cli import example_args

runner = CliRunner()

ROWS = [
    ["Bedømmer", "Afdeling", "Ansøgning", "Borger", "Medarbejder", "Kommune", "Dokumenteret effekt", "Tværgående"],
    ["Anna Berg", "Ældre, Social & Sundhed", "A1", 4, 4, 4, 4, 4],
    ["Bo Dahl", "Børn & Familie", "A1", 4, 3, 3, 1, 2],
    ["Carl Ek", "Dagtilbud & Skole", "A1", 3, 3, 2, 3, 2],
    ["Anna Berg", "Ældre, Social & Sundhed", "A3", 3, 3, 2, 2, 4],
    ["Bo Dahl", "Børn & Familie", "A3", 3, 3, 2, 2, 4],
    ["Carl Ek", "Dagtilbud & Skole", "A3", 3, 3, 2, 2, 4],
]
NAMES = ("Anna Berg", "Bo Dahl", "Carl Ek")


@pytest.fixture(scope="module")
def ratings(tmp_path_factory):
    path = tmp_path_factory.mktemp("ratings") / "vurderinger.xlsx"
    book = openpyxl.Workbook()
    for row in ROWS:
        book.active.append(row)
    book.save(path)
    return path


def report(tmp_path, ratings, name, *extra):
    out = tmp_path / name
    result = runner.invoke(app, example_args("--assessments", str(ratings), "--out", str(out), *extra))
    assert result.exit_code == 0, result.output
    return out, result


def test_the_memo_names_the_assessors_by_role_their_recusals_and_what_to_discuss(tmp_path, ratings):
    out, result = report(tmp_path, ratings, "memo.md")
    assert result.stderr.startswith(
        "advarsel: A1, Dokumenteret effekt: bedømmernes karakterer spænder over 2 point (1 til 3) — drøft dem, før "
        "scoren står fast\nadvarsel: A2: ingen bedømmer har vurderet den; den scores ud fra karaktererne i "
        "ansøgningsarket\n")
    memo = out.read_text(encoding="utf-8")
    for name in NAMES:
        assert name not in memo
    method = sections(memo)["Metode"]
    assert ("\nITP's medlemmer har vurderet ansøgningerne hver for sig på skalaerne nedenfor. En ansøgnings vurdering "
            "af et kriterium er gennemsnittet af de tællende vurderinger; en bedømmer fra ansøgerens egen afdeling "
            "tæller ikke med (inhabilitet). En spredning på 2 point eller mere drøftes, før scoren står.\n\n"
            "- **Bedømmere:** 3 bedømmere, ITP-medlemmer fra: Børn & Familie (1); Dagtilbud & Skole (1); "
            "Ældre, Social & Sundhed (1)\n\n"
            "**Inhabilitet**\n\n"
            "- En bedømmer fra Ældre, Social & Sundhed deltog ikke i vurderingen af A1: egen afdeling\n"
            "- En bedømmer fra Børn & Familie deltog ikke i vurderingen af A3: egen afdeling\n\n"
            "**Til drøftelse (spredning på 2 point eller mere)**\n\n"
            "- A1, dokumenteret effekt: vurderinger fra 1 til 3 (spredning 2)\n\n"
            "**Skalaerne: hvad hver vurdering betyder**\n\n"
            "| Kriterium | Vurdering (0–4) | Betydning |\n|---|---:|---|\n"
            "| Borger (2) | 0 | ingen mærkbar effekt for borgerne |\n") in method
    assert "| Dokumenteret effekt (3) | 0 | kun en påstand |\n|  | 1 | leverandørens påstand |\n" in method
    assert method.count("\n|  | 4 | ") == 5 and method.count(" | 0 | ") == 5


def test_each_application_is_scored_as_the_allocation_and_explain_score_it(tmp_path, ratings):
    out, _ = report(tmp_path, ratings, "memo.md")
    a1 = subsections(out.read_text(encoding="utf-8"))["A1 · TOBS og triagering tilkøbsmodul"]
    assert "- **Score:** 65,0 af 100\n- **Bedømt af:** 3 bedømmere, heraf 1 inhabil; til drøftelse: dokumenteret effekt\n" in a1
    assert "| 2. KL's tre bundlinjer: borger, medarbejder, kommune | borger 3,5, medarbejder 3, kommune 2,5 | 45,0 |" in a1
    assert "| **Score** |  | **65,0** |" in a1
    explained = runner.invoke(app, ["explain", *example_args()[1:4], "--assessments", str(ratings), "--id", "A1"])
    assert "Score 65,0 af 100 (ITP-medlemmernes vurderinger, gennemsnit):" in explained.stdout
    a2 = subsections(out.read_text(encoding="utf-8"))["A2 · Mit Team + Team Planlægning i Cura"]
    assert "Bedømt af" not in a2 and "| 3. Løsninger med dokumenteret effekt | 1 | 5,0 |" in a2


def test_names_and_their_departments_only_with_names_and_in_english(tmp_path, ratings):
    out, _ = report(tmp_path, ratings, "memo.md", "--with-names", "--lang", "en")
    method = sections(out.read_text(encoding="utf-8"))["Method"]
    assert ("- **Assessors:** Anna Berg (Ældre, Social & Sundhed), Bo Dahl (Børn & Familie), "
            "Carl Ek (Dagtilbud & Skole)\n") in method
    assert "- Anna Berg (Ældre, Social & Sundhed) took no part in assessing A1: own department\n" in method
    assert "**For discussion (a spread of 2 points or more)**\n\n- A1, documented effect: ratings from 1 to 3 (spread 2)\n" in method
    assert "| Cross-cutting need (4) | 0 | for use in one unit only |" in method
    plain, _ = report(tmp_path, ratings, "plain.md", "--lang", "en")
    assert ("- **Assessors:** 3 assessors, council members from: Børn & Familie (1); Dagtilbud & Skole (1); "
            "Ældre, Social & Sundhed (1)\n") in plain.read_text(encoding="utf-8")


def test_the_workbook_has_every_rating_and_the_scores_it_allocated_from(tmp_path, ratings):
    out, _ = report(tmp_path, ratings, "book.xlsx")
    book = load_workbook(io.BytesIO(out.read_bytes()))
    assert book.sheetnames[-1] == "Bedømmelser"
    rows = list(book["Bedømmelser"].iter_rows(values_only=True))
    assert rows[0] == ("ID", "Ansøgning", "Kriterium", "Bedømmer", "Bedømmers afdeling", "Vurdering (0–4)",
                       "Tæller med", "Samlet vurdering", "Spredning", "Til drøftelse")
    assert len(rows) == 1 + 2 * 5 * 3
    assert rows[1] == ("A1", "TOBS og triagering tilkøbsmodul", "Borger", "Bedømmer 1", "Ældre, Social & Sundhed",
                       4, "Nej: inhabil", 3.5, 1, None)
    assert rows[11] == ("A1", "TOBS og triagering tilkøbsmodul", "Dokumenteret effekt", "Bedømmer 2",
                        "Børn & Familie", 1, "Ja", 2, 2, "Ja")
    assert not any(name in str(cell) for row in rows for cell in row for name in NAMES)
    scores = {r[0]: r for r in book["Scorer"].iter_rows(min_row=2, values_only=True)}
    assert scores["A1"][2:7] == (3.5, 3, 2.5, 2, 2) and scores["A1"][-1] == 65
    named, _ = report(tmp_path, ratings, "named.xlsx", "--with-names")
    sheet = load_workbook(io.BytesIO(named.read_bytes()))["Bedømmelser"]
    assert [sheet.cell(row=r, column=4).value for r in (2, 3, 4)] == list(NAMES)


def test_without_assessments_the_workbook_has_no_assessments_sheet(tmp_path):
    out = tmp_path / "book.xlsx"
    result = runner.invoke(app, example_args("--out", str(out)))
    assert result.exit_code == 0, result.output
    assert "Bedømmelser" not in load_workbook(io.BytesIO(out.read_bytes())).sheetnames


@pytest.mark.usefixtures("english")
def test_ratings_of_an_unknown_application_stop_the_report(tmp_path):
    path = tmp_path / "vurderinger.csv"
    path.write_text("Bedømmer;Afdeling;Ansøgning;Princip;Vurdering\nAnna;Kultur;A9;Borger;3\n", encoding="utf-8")
    out = tmp_path / "memo.md"
    result = runner.invoke(app, example_args("--assessments", str(path), "--out", str(out)))
    assert result.exit_code == 1
    assert result.stderr == (f"error: {path}, row 2: assessor 'Anna' rates application 'A9', which is not among "
                             "the applications: check the id\n")
    assert not out.exists()


def test_the_html_memo_shows_the_same_method(tmp_path, ratings):
    out, _ = report(tmp_path, ratings, "memo.html")
    html = out.read_text(encoding="utf-8")
    assert "Skalaerne: hvad hver vurdering betyder" in html
    assert "En bedømmer fra Børn &amp; Familie deltog ikke i vurderingen af A3: egen afdeling" in html
    assert not any(name in html for name in NAMES)
