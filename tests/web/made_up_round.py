"""A made-up round for the browser walkthrough: 16 applications in a sheet written as departments
write them (amounts with "kr." and spaces, stray blanks, Danish letters, mixed case), with ties:
equal ratings and equal requests."""

from __future__ import annotations

from pathlib import Path

HEADERS = ("ID", "Titel", "Afdeling", "Enhed", "Ansøgt beløb (kr.)", "Årlige driftsudgifter (kr.)",
           "Driftsudgifter dækkes af", "Drift dækkes af ansøger", "Borger", "Medarbejder", "Kommune",
           "Dokumenteret effekt", "Tværgående", "ITP indstilling", "Begrundelse", "ITP's vurdering")

# id, title, department, requested as written, ratings (citizen, employee, municipality, evidence, cross-cutting),
# the council's verdict, its reason
ROWS = (
    ("B01", "  Digital post til pårørende ", "Ældre, Social & Sundhed", "kr. 120.000", (3, 3, 2, 2, 3), "Vurderet", None),
    ("B02", "Skærmbesøg i hjemmeplejen", "ældre, social & sundhed", "120 000", (3, 3, 2, 2, 3), "Vurderet", None),
    ("B03", "Robotstøvsugere på plejecentre", "Ældre, Social & Sundhed", 85000, (1, 4, 2, 1, 1), "Vurderet", None),
    ("B04", "Sensorer til faldalarmer", "Ældre, Social & Sundhed", "kr. 95.500", (4, 3, 3, 3, 2), "Vurderet", None),
    ("B05", "Ny booking af idrætshaller", "Kultur & Fritid", "60.000", (2, 1, 3, 1, 3), "Vurderet", None),
    ("B06", "Selvbetjening for foreninger", "Kultur & Fritid", 60000, (2, 1, 3, 1, 3), "Vurderet", None),
    ("B07", "Læringsplatform – fælles for skolerne", "Dagtilbud & Skole", "kr. 150 000", (3, 4, 3, 2, 4), "Vurderet", None),
    ("B08", "Tablets i SFO", "Dagtilbud & Skole", 45000, (1, 2, 1, 1, 1), "Vurderet", None),
    ("B09", "Automatisk journalisering", "Økonomi & Personale", "kr. 70.000", (1, 4, 4, 3, 3), "Vurderet", None),
    ("B10", "Chatbot på borger.dk-siden", "Borgerservice", 40000, (3, 1, 2, 1, 2), "Vurderet", None),
    ("B11", "Mødebooking i rådhuset", "Borgerservice", "40.000", (3, 1, 2, 1, 2), "Vurderet", None),
    ("B12", "Ruteplanlægning for vejteamet", "Teknik & Miljø", "110.000", (1, 3, 3, 2, 2), "Vurderet", None),
    ("B13", "Droner til bygningssyn", "Teknik & Miljø", "kr. 30.000", (1, 2, 2, 1, 1), "Ikke anbefalet",
     "Kan lejes billigere efter behov"),
    ("B14", "Kørselsportal for handicapkørsel", "Ældre, Social & Sundhed", 55000, (4, 2, 2, 2, 2), "Vurderet", None),
    ("B15", "Nye skriveborde", "Økonomi & Personale", "25.000", None, "Afvist",
     "Inventar hører under driften, ikke puljen"),
    ("B16", "Åbne data om affald", "Teknik & Miljø", 35000, (2, 1, 3, 2, 4), "Vurderet", None),
)

BUDGET = "600.000"


def write_sheet(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Ansøgninger"
    sheet.append(("Digitaliseringspuljen – ansøgninger inkl. ITP's vurdering",))
    sheet.append(())
    sheet.append(HEADERS)
    for id, title, department, requested, ratings, verdict, reason in ROWS:
        sheet.append((id, title, department, department.strip().title(), requested, None, department, "Ja",
                      *(ratings or (None,) * 5), verdict, reason, "Vurderet af rådet  "))
    book.save(path)
    return path
