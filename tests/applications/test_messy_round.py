"""A round as departments really send it: two files, headers as each office writes them (a title
row, "Projekttitel", "Afdeling/Center", "Ansøgt beløb (kr.)", "ITP's indstilling", "Dok. effekt"),
Danish amounts as text, a totals row, a Windows-1252 CSV whose own header is mapped in the pool
file's [columns] table, overrides, and a budget typed the Danish way. Allocated end to end through
the command line with both solvers, it must give exactly what the same round with digipulje's own
headers gives."""

from __future__ import annotations

import json

import openpyxl
import pytest
from typer.testing import CliRunner

from digipulje.cli import app

pytestmark = pytest.mark.usefixtures("english")  # English texts; Danish: test_danish_errors.py

runner = CliRunner()

# id, title, department, unit, requested, smallest, citizen, employee, municipality, evidence, cross, verdict
ROUND = [
    ("S-01", "Ældre borgeres digitale træning", "Ældre, Social & Sundhed", "Hjemmeplejen", 140_000, 112_000, 4, 3, 2, 3, 2, "Støttes"),
    ("S-02", "Skærmbesøg i nattevagten", "Ældre, Social & Sundhed", "Nattevagt", 60_000, None, 3, 4, 3, 2, 1, "Støttes"),
    ("S-03", "Robotstøvsugere på plejecentre", "Ældre, Social & Sundhed", "Plejecentre", 95_000, 80_000, 1, 4, 3, 1, 0, "Støttes"),
    ("S-04", "Digital medicinhåndtering", "Ældre, Social & Sundhed", "Sygeplejen", 210_000, 150_000, 3, 3, 4, 4, 3, "Støttes"),
    ("S-05", "Chatbot til borgerservice", "Borgerservice", "Borgerservice", 75_000, None, 3, 2, 3, 1, 2, "Ikke anbefalet"),
    ("S-06", "Selvbetjening af parkeringslicenser", "Teknik & Miljø", "Parkering", 45_000, None, 4, 3, 3, 2, 1, "Støttes"),
    ("S-07", "Sensorer i kommunale bygninger", "Teknik & Miljø", "Ejendomme", 180_000, 120_000, 1, 2, 4, 3, 3, "Støttes"),
    ("S-08", "Ruteplanlægning for hjemmeplejen", "Ældre, Social & Sundhed", "Hjemmeplejen", 120_000, 100_000, 2, 4, 4, 3, 2, "Støttes"),
    ("B-01", "Skoleportalens app", "Børn & Unge", "Skoler", 88_000, None, 4, 2, 2, 2, 3, "Støttes"),
    ("B-02", "Digital pladsanvisning", "Børn & Unge", "Pladsanvisningen", 130_000, 104_000, 3, 3, 3, 3, 2, "Støttes"),
    ("B-03", "Tablets til dagplejen", "Børn & Unge", "Dagplejen", 40_000, None, 2, 3, 1, 1, 1, "Afvist"),
    ("B-04", "Fraværsregistrering i SFO", "Børn & Unge", "SFO", 35_000, None, 2, 4, 2, 2, 2, "Støttes"),
    ("B-05", "Læringsplatform til ordblinde", "Børn & Unge", "PPR", 150_000, 120_000, 4, 2, 3, 4, 1, "Støttes"),
    ("B-06", "Sprogvurdering på tablet", "Børn & Unge", "Sundhedsplejen", 55_000, None, 3, 3, 2, 3, 2, "Støttes"),
    ("B-07", "Samtykke-løsning for forældre", "Børn & Unge", "Forvaltningen", 25_000, None, 3, 2, 3, 2, 4, "Støttes"),
    ("B-08", "Automatisk elevindskrivning", "Børn & Unge", "Forvaltningen", 110_000, 90_000, 3, 4, 4, 2, 3, "Støttes"),
]
REASONS = {"S-05": "Billigere løsninger findes", "B-03": "Uden for puljens formål"}
CLEAN = ["ID", "Titel", "Afdeling", "Enhed", "Ansøgt beløb", "Mindste tilskud", "Borger", "Medarbejder", "Kommune",
         "Dokumenteret effekt", "Tværgående", "ITP indstilling", "Begrundelse"]
MESSY_XLSX = ["Nr.", "Projekttitel", "Afdeling/Center", "Enhed", "Ansøgt beløb (kr.)", "Mindste beløb (kr.)",
              "Borger (0-4)", "Medarb.", "Kommune", "Dok. effekt", "Tværg. behov", "ITP's indstilling", "Begrundelse (ITP)", "Bemærkninger"]
MESSY_CSV = ["Sags nr", "Projektnavn", "Afdeling / center", "Enhed", "Ansøgt beløb i kr.", "Evt. mindste beløb",
             "Borger", "Medarbejder", "Kommune", "Dokumenteret effekt (0–4)", "Tværgående behov", "Rådets anbefaling", "Begrundelse"]
POOL = """name = "Digitaliseringspuljen"
year = 2026
round = "2026"
budget_dkk = 500000

[rules]
min_grant_dkk = 20000

[columns]
"Rådets anbefaling" = "verdict"
"""
OVERRIDES = """[[override]]
application = "S-05"
action = "fix"
amount_dkk = 75000
reason = "Borgerservice er presset"
decided_by = "Chefforum"
"""


def _kroner(amount):
    return None if amount is None else f"kr. {amount:,}".replace(",", ".")


def _write(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Ansøgninger 2026"
    sheet.append(["Digitaliseringspuljen 2026 – Social og Teknik"])
    sheet.append(MESSY_XLSX)
    social = [r for r in ROUND if not r[0].startswith("B")]
    for row in social:
        sheet.append([*row, REASONS.get(row[0]), "haster" if row[0] == "S-04" else None])
    sheet.append(["I alt", None, None, None, sum(r[4] for r in social)])
    messy_xlsx = tmp_path / "social-og-teknik.xlsx"
    workbook.save(messy_xlsx)
    lines = [";".join(MESSY_CSV)]
    for row in (r for r in ROUND if r[0].startswith("B")):
        cells = [*row[:4], _kroner(row[4]), _kroner(row[5]), *row[6:], REASONS.get(row[0])]
        lines.append(";".join("" if c is None else str(c) for c in cells))
    messy_csv = tmp_path / "boern-og-unge.csv"
    messy_csv.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    clean = tmp_path / "clean.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(CLEAN)
    for row in ROUND:
        workbook.active.append([*row, REASONS.get(row[0])])
    workbook.save(clean)
    pool = tmp_path / "pulje-2026.toml"
    pool.write_text(POOL, encoding="utf-8")
    clean_pool = tmp_path / "clean-pool.toml"
    clean_pool.write_text(POOL.split("[columns]")[0], encoding="utf-8")
    overrides = tmp_path / "chefforum.toml"
    overrides.write_text(OVERRIDES, encoding="utf-8")
    return messy_xlsx, messy_csv, clean, pool, clean_pool, overrides


@pytest.mark.parametrize("solver", ["cbc", "highs"])
def test_a_messy_round_allocates_as_the_clean_one(tmp_path, solver):
    messy_xlsx, messy_csv, clean, pool, clean_pool, overrides = _write(tmp_path)
    messy = runner.invoke(app, ["allocate", str(messy_xlsx), str(messy_csv), "--pool", str(pool), "--overrides",
                                str(overrides), "--budget", "kr. 600.000", "--format", "json", "--solver", solver])
    assert messy.exit_code == 0, messy.output
    assert messy.stderr.splitlines() == [
        f"warning: {messy_xlsx}, sheet 'Ansøgninger 2026', row 2: read 'Projekttitel' as 'Titel': if that is "
        "wrong, map the columns with --columns",
        f"warning: {messy_xlsx}, sheet 'Ansøgninger 2026', row 2: columns not recognised, kept as notes: "
        "'Bemærkninger'",
    ]
    tidy = runner.invoke(app, ["allocate", str(clean), "--pool", str(clean_pool), "--overrides", str(overrides),
                               "--budget", "600000", "--format", "json", "--solver", solver])
    assert tidy.exit_code == 0, tidy.output
    got, want = json.loads(messy.stdout), json.loads(tidy.stdout)
    by_id = {a["id"]: a for a in got["applications"]}
    assert len(by_id) == 16
    assert {k: (a["granted_dkk"], a["status"], a["score"]) for k, a in by_id.items()} == {
        a["id"]: (a["granted_dkk"], a["status"], a["score"]) for a in want["applications"]}
    assert got["budget_dkk"] == 600_000 and 0 < got["granted_dkk"] <= 600_000
    assert (by_id["S-05"]["granted_dkk"], by_id["B-03"]["status"]) == (75_000, "rejected")
    assert not [a for a in by_id.values() if a["status"] == "incomplete"]
    assert by_id["S-04"]["requested_dkk"] == 210_000 and by_id["B-02"]["min_dkk"] == 104_000


@pytest.mark.usefixtures("english")
def test_the_messy_round_goes_into_the_round_database_with_its_mapping(tmp_path):
    messy_xlsx, messy_csv, _, pool, _, _ = _write(tmp_path)
    db = tmp_path / "r.db"
    assert runner.invoke(app, ["round", "open", "2026", "--pool", str(pool), "--db", str(db)]).exit_code == 0
    refused = runner.invoke(app, ["round", "import", "2026", str(messy_csv), "--db", str(db)])
    assert refused.exit_code == 1
    assert "no column is read as 'ITP indstilling'" in refused.stderr and "'Rådets anbefaling'" in refused.stderr
    imported = runner.invoke(app, ["round", "import", "2026", str(messy_xlsx), str(messy_csv), "--columns", str(pool),
                                   "--db", str(db)])
    assert imported.exit_code == 0, imported.output
    assert imported.stdout.startswith("imported 16 applications into round 2026")
    allocated = runner.invoke(app, ["round", "allocate", "2026", "--db", str(db)])
    assert allocated.exit_code == 0, allocated.output


@pytest.mark.usefixtures("english")
def test_without_the_mapping_the_unrecognised_verdict_column_stops_allocate(tmp_path):
    _, messy_csv, _, _, clean_pool, _ = _write(tmp_path)
    result = runner.invoke(app, ["allocate", str(messy_csv), "--pool", str(clean_pool)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {messy_csv}, row 1: no column is read as 'ITP indstilling', so no application can be recommended "
        "(all would be incomplete); not recognised: 'Rådets anbefaling': map the one that holds it with --columns "
        "(e.g. \"Rådets anbefaling\" = \"verdict\"), or add an empty column 'ITP indstilling'\n")
