"""Writes the 2025 round's applications sheet (pool/examples/2025/ansoegninger-2025.xlsx).

The sheet is laid out like the council's own: a title row, a header row, one row per
application with the council's assessment, and a totals row. Figures are those of the minutes
of Chefforum, 7 May 2025, item 6; the ratings (0–4) express the council's written assessment.
Run: python tools/make_example_2025.py
"""

from pathlib import Path

import openpyxl
from openpyxl.styles import Font

OUT = Path(__file__).resolve().parent.parent / "pool" / "examples" / "2025" / "ansoegninger-2025.xlsx"

HEADER = ["ID", "Titel", "Afdeling", "Enhed", "Ansøgt beløb (kr.)", "Årlige driftsudgifter (kr.)",
          "Driftsudgifter dækkes af", "Drift dækkes af ansøger", "Borger", "Medarbejder", "Kommune",
          "Dokumenteret effekt", "Tværgående", "ITP indstilling", "Begrundelse", "ITP's vurdering"]

ROWS = [
    ["A1", "TOBS og triagering tilkøbsmodul", "Ældre, Social & Sundhed", "Ældre, Social & Sundhed",
     140000, 18750, "Ældre, Social & Sundhed", "Ja", 4, 3, 3, 3, 2, "Vurderet", None,
     "Ligger inden for principperne for tildeling med specielt fokus på principperne 1, 2, 4 og 6. "
     "Stor betydning for medarbejdere og særligt borgerne: tidlig opsporing og triage sikrer "
     "patientsikkerhed og kvalitet i pleje og behandling; understøtter de arbejdsgange, som "
     "Sundhedsstyrelsen anbefaler."],
    ["A2", "Mit Team + Team Planlægning i Cura", "Ældre, Social & Sundhed", "Ældre, Social & Sundhed",
     203264, 37917, "Ældre, Social & Sundhed", "Ja", 1, 2, 1, 1, 1, "Vurderet", None,
     "Løsningen lever ikke i tilstrækkelig grad op til principperne for udmøntning af puljemidler."],
    ["A3", "Letdialog", "Børn & Familie", "Børn & Familie", 75000, None, "Børn & Familie", "Ja",
     3, 3, 2, 2, 4, "Vurderet", None,
     "Lever op til principperne med specielt fokus på principperne 2 og 4. Letter kommunikationen "
     "mellem borgere og socialrådgivere (opkald, beskeder, videomøder, underskrift). Tværgående "
     "potentiale: kan bruges af andre afdelinger, der sagsbehandler i dialog med borgeren."],
    ["A4", "Webintegration til IST Tjenestetid", "Dagtilbud & Skole", "Herstedvester Skole", 12500, 9858,
     "Herstedvester Skole", "Ja", 1, 4, 3, 2, 3, "Vurderet", None,
     "Relativt lille investering med stor forventet effekt, hvis alle fire skoler kommer med. "
     "Særligt fokus på principperne 2-5. ITP anbefaler at følge projektet og skalere op til alle skoler."],
    ["A5", "Tjek ind og ud system", "Materialegården", "Materialegården", 40000, None, "Materialegården", "Ja",
     1, 3, 3, 2, 2, "Vurderet", None,
     "Det er afsøgt, om Tidsregistreringsmodulet i Mine Apps kan dække behovet, hvilket ikke er "
     "tilfældet. Giver øget gevinst for medarbejdernes samarbejde."],
    ["A6", "GPS-system til Materialegårdens biler", "Materialegården", "Materialegården", 100000, None,
     "Materialegården", "Ja", 1, 2, 2, 1, 2, "Ikke anbefalet",
     "Der er muligvis andre alternativer, som vil være billigere og lettere at implementere; det bør "
     "afklares nærmere, herunder evt. anvendelse af samme løsning på kommunens øvrige biler",
     "Det anbefales ikke at tildele midler til denne ansøgning."],
    ["A7", "iPads til medarbejdere på Materialegården", "Materialegården", "Materialegården", 30000, None,
     None, None, None, None, None, None, None, "Afvist",
     "Falder ind under afdelingens ordinære driftsbudget og dermed uden for ansøgningsrammen",
     "Administrativt afvist i den indledende screening."],
]


def main() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ansøgninger"
    ws.append(["Digitaliseringspuljen 2025 – ansøgninger inkl. ITP's vurdering"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    ws.append(HEADER)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for row in ROWS:
        ws.append(row)
    # The total as a value, not a formula: digipulje never evaluates formulas.
    ws.append(["I alt", None, None, None, sum(r[4] for r in ROWS)])
    for row in ws.iter_rows(min_row=4, max_row=11, min_col=5, max_col=6):
        for cell in row:
            cell.number_format = '#,##0 "kr."'
    ws.freeze_panes = "A4"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    wb.save(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
