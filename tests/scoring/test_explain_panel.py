"""Explanations when several assessors rated: who counted, who was recused, what to discuss."""

from __future__ import annotations

import openpyxl
from typer.testing import CliRunner

from digipulje.cli import app
from digipulje.pool.example import APPLICATIONS_FILE, POOL_FILE, example_path

ROWS = [
    ["Bedømmer", "Afdeling", "Ansøgning", "Borger", "Medarbejder", "Kommune", "Dokumenteret effekt", "Tværgående"],
    ["Anna", "Ældre, Social & Sundhed", "A1", 4, 4, 4, 4, 4],
    ["Bo", "Børn & Familie", "A1", 4, 3, 3, 1, 2],
    ["Carl", "Dagtilbud & Skole", "A1", 3, 3, 2, 3, 2],
]

A1_DA = "\n".join([
    "A1 TOBS og triagering tilkøbsmodul (Ældre, Social & Sundhed)",
    "Ansøgt kr. 140.000, bevilget kr. 122.500: delvist bevilget",
    "Afgørende: Delvist bevilget: kr. 122.500 af kr. 140.000 (mindste brugbare tilskud kr. 112.000); puljen "
    "rækker ikke til det fulde beløb",
    "Manglende beløb: de bevilgede ansøgninger bad om kr. 17.500 mere, end puljen giver dem; puljen tager det "
    "fra én ansøgning (princip 1), og den er den eneste af de bevilgede, hvis mindste brugbare tilskud kan "
    "bære det alene",
    "",
    "Score 65,0 af 100 (ITP-medlemmernes vurderinger, gennemsnit):",
    "  Borger (princip 2)               3,5 × vægt 1 = 17,5 point",
    "  Medarbejder (princip 2)            3 × vægt 1 = 15,0 point  mærkbart lettere arbejde for en hel enhed "
    "eller mange medarbejdere",
    "  Kommune (princip 2)              2,5 × vægt 1 = 12,5 point",
    "  Dokumenteret effekt (princip 3)    2 × vægt 1 = 10,0 point  erfaringer beskrevet andre steder",
    "  Tværgående behov (princip 4)       2 × vægt 1 = 10,0 point  en anden enhed har vist interesse",
    "",
    "Bedømmere:",
    "  Borger: Anna 4 (inhabil: Ældre, Social & Sundhed), Bo 4 og Carl 3 → 3,5",
    "  Medarbejder: Anna 4 (inhabil: Ældre, Social & Sundhed), Bo 3 og Carl 3 → 3",
    "  Kommune: Anna 4 (inhabil: Ældre, Social & Sundhed), Bo 3 og Carl 2 → 2,5",
    "  Dokumenteret effekt: Anna 4 (inhabil: Ældre, Social & Sundhed), Bo 1 og Carl 3 → 2; spredning 2: til "
    "drøftelse",
    "  Tværgående behov: Anna 4 (inhabil: Ældre, Social & Sundhed), Bo 2 og Carl 2 → 2",
    "",
    "Regler:",
    "  opfyldt       ITP: ikke administrativt afvist",
    "  opfyldt       Princip 6: de årlige driftsudgifter dækkes af ansøger",
    "  opfyldt       Princip 1: ansøgt beløb er mindst puljens mindste tilskud på kr. 10.000",
    "  opfyldt       Princip 5: behandlet i ITP",
    "  opfyldt       ITP: kan anbefales",
    "  opfyldt       Scoren er mindst puljens tærskel på 50,0",
])

SPREAD = ("advarsel: A1, Dokumenteret effekt: bedømmernes karakterer spænder over 2 point (1 til 3) — drøft dem, før "
          "scoren står fast\n" + "".join(
              f"advarsel: {i}: ingen bedømmer har vurderet den; den scores ud fra karaktererne i ansøgningsarket\n"
              for i in ("A2", "A3", "A4", "A5")))


def test_explain_and_allocate_with_the_assessors_ratings(tmp_path):
    wb = openpyxl.Workbook()
    for row in ROWS:
        wb.active.append(row)
    wb.save(tmp_path / "vurderinger.xlsx")
    files = [str(example_path(APPLICATIONS_FILE)), "--pool", str(example_path(POOL_FILE)),
             "--assessments", str(tmp_path / "vurderinger.xlsx")]
    runner = CliRunner()
    explained = runner.invoke(app, ["explain", *files, "--id", "A1"])
    assert explained.exit_code == 0, explained.output
    assert explained.stdout == A1_DA + "\n"
    assert explained.stderr == SPREAD
    allocated = runner.invoke(app, ["allocate", *files, "--format", "json"])
    assert allocated.exit_code == 0, allocated.output
    assert allocated.stderr == SPREAD
    assert '"score": 65.0' in allocated.stdout
