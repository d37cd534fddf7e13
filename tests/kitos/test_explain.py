"""`digipulje explain --kitos`: the KITOS hints beside the explanation of one application."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from digipulje.cli import app
from digipulje.pool.example import APPLICATIONS_FILE, POOL_FILE, example_path
from tests.kitos.export import usage_row, write_export

runner = CliRunner()
TODAY = "2026-11-23"


@pytest.fixture(scope="module")
def kitos(tmp_path_factory):
    return write_export(tmp_path_factory.mktemp("kitos") / "kitos.xlsx", [
        usage_row("Tjek ind og ud", ansv_organisationsenhed="Vej & Park",
                  relevante_organisationsenheder="Materialegården, Vej & Park, Kirkegårdene",
                  leverandør="Planday A/S", livscyklus="I drift", sidst_redigeret_dato="05-03-2024"),
        usage_row("Mine Apps", ansv_organisationsenhed="HR & Personale",
                  relevante_organisationsenheder="Materialegården", leverandør="Omada A/S",
                  livscyklus="I drift", sidst_redigeret_dato="01-10-2026"),
    ])


def explain(*args: str):
    return runner.invoke(app, ["explain", str(example_path(APPLICATIONS_FILE)), "--pool",
                               str(example_path(POOL_FILE)), *map(str, args)])


SCORE_A5_DA = [
    "Score 55,0 af 100 (vurderinger fra ansøgningsarket):",
    "  Borger (princip 2)               1 × vægt 1 =  5,0 point  lille eller indirekte effekt for få borgere",
    "  Medarbejder (princip 2)          3 × vægt 1 = 15,0 point  mærkbart lettere arbejde for en hel enhed eller "
    "mange medarbejdere",
    "  Kommune (princip 2)              3 × vægt 1 = 15,0 point  gevinst gjort op i kroner, tid eller kvalitet",
    "  Dokumenteret effekt (princip 3)  2 × vægt 1 = 10,0 point  erfaringer beskrevet andre steder",
    "  Tværgående behov (princip 4)     2 × vægt 1 = 10,0 point  en anden enhed har vist interesse",
]


def test_the_cross_cutting_evidence_stands_beside_the_rating_of_principle_4_in_danish(kitos):
    result = explain("--id", "A5", "--kitos", kitos, "--today", TODAY)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    at = lines.index(SCORE_A5_DA[0])
    assert lines[at:at + 13] == [
        *SCORE_A5_DA,
        '    KITOS: Princip 4 (tværgående behov): "Tjek ind og ud" bruges også af 2 enheder ud over ansøger: '
        "Vej & Park og Kirkegårdene. ITP's vurdering af princip 4: 2 af 4. [KITOS række 2]",
        "",
        "KITOS (fakta til ITP, ikke en afgørelse):",
        '  - Ansøgningens titel nævner "Tjek ind og ud", som allerede er registreret i KITOS (livscyklus: I drift). '
        "Bruges af Vej & Park (ansvarlig), Kirkegårdene og Materialegården. [KITOS række 2]",
        '  - KITOS-registreringen af "Tjek ind og ud" er sidst ændret 5. marts 2024, for 993 dage siden: '
        "tjek at oplysningerne stadig gælder. [KITOS række 2]",
        "",
        "Regler:",
    ]
    assert result.stdout.startswith("A5 Tjek ind og ud system (Materialegården)\n")


def test_the_hints_in_english_and_an_application_kitos_says_nothing_about(kitos):
    result = explain("--id", "A5", "--kitos", kitos, "--today", TODAY, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert ('  Cross-cutting need (principle 4)  2 × weight 1 = 10.0 points  another unit has shown interest\n'
            '    KITOS: Principle 4 (cross-cutting need): "Tjek ind og ud" is also used by 2 units beyond the '
            "applicant: Vej & Park and Kirkegårdene. The council's rating for principle 4: 2 of 4. [KITOS row 2]\n"
            "\nKITOS (facts for the council, not a decision):\n"
            '  - The application\'s title names "Tjek ind og ud", already registered in KITOS (life cycle: '
            "in operation). Used by Vej & Park (responsible), Kirkegårdene and Materialegården. [KITOS row 2]\n"
            '  - The KITOS registration of "Tjek ind og ud" was last changed on 5 March 2024, 993 days ago: '
            "check that it still holds. [KITOS row 2]\n\nRules:\n") in result.stdout
    nothing = explain("--id", "A3", "--kitos", kitos, "--today", TODAY, "--lang", "en")
    assert nothing.exit_code == 0, nothing.output
    assert "\n\nKITOS (facts for the council, not a decision): nothing from KITOS\n\nRules:\n" in nothing.stdout
    assert "    KITOS:" not in nothing.stdout


def test_stale_is_judged_as_of_today(kitos):
    fresh = explain("--id", "A5", "--kitos", kitos, "--today", "2024-06-01")
    assert fresh.exit_code == 0, fresh.output
    assert "sidst ændret" not in fresh.stdout
    assert "KITOS (fakta til ITP, ikke en afgørelse):\n  - Ansøgningens titel nævner" in fresh.stdout


def test_without_kitos_the_explanation_has_no_kitos_lines():
    result = explain("--id", "A5")
    assert result.exit_code == 0, result.output
    assert "KITOS" not in result.stdout


def test_every_explanation_of_the_round_carries_its_hints(kitos):
    result = explain("--kitos", kitos, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("KITOS (fakta til ITP, ikke en afgørelse)") == 7


@pytest.mark.usefixtures("english")
def test_an_unreadable_export_or_date_stops_the_explanation_with_one_line_each(tmp_path):
    broken = tmp_path / "kitos.xlsx"
    broken.write_text("not a workbook", encoding="utf-8")
    result = explain("--id", "A5", "--kitos", broken)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {broken}")
    assert "Traceback" not in result.output
    bad_day = explain("--id", "A5", "--kitos", broken, "--today", "31-02-2026")
    assert bad_day.exit_code == 1
    assert bad_day.stderr.startswith("error: --today: ")
