"""`digipulje kitos check`: the 2025 applications against a KITOS export built here."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from digipulje.cli import app
from digipulje.pool.example import export_example
from tests.kitos.export import api_usage, usage_row, write_export, write_json

pytestmark = pytest.mark.usefixtures("english")  # English texts; Danish: test_danish_errors.py

KITOS_ROWS = [
    usage_row("Cura", ansv_organisationsenhed="Ældre, Social & Sundhed",
              relevante_organisationsenheder="Hjemmeplejen, Sygeplejen, Ældre, Social & Sundhed",
              leverandør="Systematic A/S", livscyklus="I drift", sidst_redigeret_dato="05-03-2024",
              kle_id="27.24.00"),
    usage_row("Tabulex Tjenestetid", ansv_organisationsenhed="Dagtilbud & Skole",
              relevante_organisationsenheder="Avedøre Skole, Herstedvester Skole", leverandør="IST Danmark ApS",
              livscyklus="I drift", sidst_redigeret_dato=dt.datetime(2026, 9, 1, 10, 15), kle_id="17.01.00"),
    usage_row("Mine Apps", ansv_organisationsenhed="HR & Personale", relevante_organisationsenheder="Materialegården",
              leverandør="Omada A/S", livscyklus="I drift", sidst_redigeret_dato="01-10-2026", kle_id="81.02.00"),
]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("round")
    export_example(folder)
    return folder / "ansoegninger-2025.xlsx", write_export(folder / "kitos.xlsx", KITOS_ROWS)


def run(*args: str):
    return CliRunner().invoke(app, ["kitos", "check", *map(str, args)])


@pytest.mark.usefixtures("danish")
def test_kitos_check_lists_the_hints_per_application_in_danish(files):
    applications, kitos = files
    result = run(applications, "--kitos", kitos, "--today", "2026-11-23")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"""KITOS: 3 systemer i {kitos}

A1 TOBS og triagering tilkøbsmodul (Ældre, Social & Sundhed)
  - ingen bemærkninger fra KITOS

A2 Mit Team + Team Planlægning i Cura (Ældre, Social & Sundhed)
  - Ansøgningens titel nævner "Cura", som allerede er registreret i KITOS (livscyklus: I drift). Bruges af Ældre, Social & Sundhed (ansvarlig), Hjemmeplejen og Sygeplejen. [KITOS række 2]
  - Princip 4 (tværgående behov): "Cura" bruges også af 2 enheder ud over ansøger: Hjemmeplejen og Sygeplejen. ITP's vurdering af princip 4: 1 af 4. [KITOS række 2]
  - KITOS-registreringen af "Cura" er sidst ændret 5. marts 2024, for 993 dage siden: tjek at oplysningerne stadig gælder. [KITOS række 2]

A3 Letdialog (Børn & Familie)
  - ingen bemærkninger fra KITOS

A4 Webintegration til IST Tjenestetid (Dagtilbud & Skole, Herstedvester Skole)
  - Tjek om "Tabulex Tjenestetid" allerede dækker behovet: leverandøren "IST Danmark ApS" nævnes i ansøgningens titel; livscyklus: I drift. Bruges af Dagtilbud & Skole (ansvarlig), Avedøre Skole og Herstedvester Skole. [KITOS række 3]

A5 Tjek ind og ud system (Materialegården)
  - ingen bemærkninger fra KITOS

A6 GPS-system til Materialegårdens biler (Materialegården)
  - ingen bemærkninger fra KITOS

A7 iPads til medarbejdere på Materialegården (Materialegården)
  - ingen bemærkninger fra KITOS
"""


def test_kitos_check_as_json_in_english(files):
    applications, kitos = files
    result = run(applications, "--kitos", kitos, "--today", "2026-11-23", "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["kitos"] == {"file": str(kitos), "usages": 3, "warnings": []}
    assert payload["today"] == "2026-11-23"
    assert {a["id"]: [h["code"] for h in a["hints"]] for a in payload["applications"]} == {
        "A1": [], "A2": ["system_in_use", "cross_cutting_evidence", "stale_usage"], "A3": [],
        "A4": ["check_overlap"], "A5": [], "A6": [], "A7": []}
    [overlap] = payload["applications"][3]["hints"]
    assert overlap["text"].startswith("Check whether \"Tabulex Tjenestetid\" already covers the need: the supplier")
    assert overlap["facts"]["reasons"] == [{"via": "supplier", "value": "IST Danmark ApS", "found_in": "title"}]


def test_the_api_json_gives_the_same_hints_and_missing_columns_are_warned_about(files, tmp_path):
    applications, _ = files
    kitos = write_json(tmp_path / "usages.json", [
        api_usage("Cura", responsible="Ældre, Social & Sundhed", units=("Hjemmeplejen",),
                  last_modified="2026-10-01T08:00:00Z")])
    result = run(applications, "--kitos", kitos, "--today", "2026-11-23", "--format", "json")
    assert result.exit_code == 0, result.output
    codes = {a["id"]: [h["code"] for h in a["hints"]] for a in json.loads(result.stdout)["applications"]}
    assert codes["A2"] == ["system_in_use", "cross_cutting_evidence"]

    sparse = write_export(tmp_path / "sparse.xlsx", [usage_row("Cura")], headers=("IT System", "Leverandør"))
    warned = run(applications, "--kitos", sparse, "--today", "2026-11-23")
    assert warned.exit_code == 0
    assert warned.stderr.splitlines()[0] == (
        f"warning: {sparse}, sheet 'IT Systemer', row 1: no column 'KLE ID': KLE numbers cannot be compared "
        "with the applications' (show the column in KITOS before exporting)")


@pytest.mark.usefixtures("english")
def test_problems_in_both_files_are_reported_together_without_a_traceback(files, tmp_path):
    _, kitos_ok = files
    broken = write_export(tmp_path / "kitos.xlsx", [usage_row("Cura", livscyklus="Kører")])
    missing = tmp_path / "ansoegninger.xlsx"
    result = run(missing, "--kitos", broken)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"error: {missing}: file not found\n"
        f"error: {broken}, sheet 'IT Systemer', row 2, column 'Livscyklus': 'Kører' is not a KITOS life-cycle "
        "status: write one of Under indfasning, I drift, Under udfasning, Ikke i drift\n")


@pytest.mark.usefixtures("english")
def test_a_bad_date_for_today_is_refused(files):
    applications, kitos = files
    result = run(applications, "--kitos", kitos, "--today", "i morgen")
    assert result.exit_code == 1
    assert result.stderr == "error: --today: 'i morgen' is not a date: write it as 2025-12-01 or 1.12.2025\n"


@pytest.mark.parametrize("command", [["kitos", "--help"], ["kitos", "check", "--help"]])
def test_the_kitos_commands_have_help(command):
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0
    assert "KITOS" in result.stdout
