"""The columns of the council's overview sheet, with the Danish and English headers they go by.

Headers are matched after `normalise_header`: lower case, no spaces or punctuation, and no
"(kr.)"-style suffix, so "Ansøgt beløb (kr.)", "ansøgt  beløb" and "ANSØGT-BELØB" are one header.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    field: str
    kind: str  # text, amount, rating, flag, date, verdict, list
    headers: tuple[str, ...]
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("id", "text", ("ID", "Id nr", "Nr", "Ansøgning nr", "Ansøgningsnummer", "Application id"), True),
    Column("title", "text", ("Titel", "Ansøgning", "Projekt", "Projektnavn", "Løsning", "Title",
                             "Application", "Project"), True),
    Column("department", "text", ("Afdeling", "Department"), True),
    Column("unit", "text", ("Enhed", "Ansøger", "Ansøgende enhed", "Unit", "Applicant", "Applicant unit")),
    Column("requested_dkk", "amount", ("Ansøgt beløb", "Beløb", "Pris i alt", "Samlet pris", "Ansøgt",
                                       "Requested", "Amount requested", "Requested amount", "Amount"), True),
    Column("min_dkk", "amount", ("Mindste tilskud", "Mindste brugbare tilskud", "Minimum", "Min",
                                 "Smallest workable grant", "Minimum grant")),
    Column("own_investment_dkk", "amount", ("Egeninvestering", "Egenfinansiering", "Own investment")),
    Column("yearly_running_cost_dkk", "amount", ("Årlige driftsudgifter", "Driftsudgifter",
                                                 "Yearly running cost", "Running cost", "Annual running cost")),
    Column("running_cost_paid_by", "text", ("Driftsudgifter dækkes af", "Drift dækkes af",
                                            "Running cost paid by", "Paid by")),
    Column("running_cost_paid_by_applicant", "flag", ("Drift dækkes af ansøger",
                                                      "Driftsudgifter dækkes af ansøger",
                                                      "Running cost paid by applicant")),
    Column("citizen", "rating", ("Borger", "Bundlinje borger", "Citizen")),
    Column("employee", "rating", ("Medarbejder", "Bundlinje medarbejder", "Employee")),
    Column("municipality", "rating", ("Kommune", "Bundlinje kommune", "Municipality")),
    Column("evidence", "rating", ("Dokumenteret effekt", "Evidens", "Evidence", "Documented effect")),
    Column("cross_cutting", "rating", ("Tværgående", "Tværgående behov", "Cross cutting", "Cross-cutting")),
    Column("verdict", "verdict", ("ITP indstilling", "Indstilling", "ITP vurdering", "Vurdering",
                                  "Verdict", "Assessment", "Council assessment")),
    Column("reason", "text", ("Begrundelse", "Reason")),
    Column("assessment_text", "text", ("ITP's vurdering", "ITPs vurdering", "Vurderingstekst",
                                       "Assessment text")),
    Column("approved_by", "text", ("Godkendt af afdelingschef", "Godkendt af", "Afdelingschef",
                                   "Approved by", "Department head")),
    Column("approved_on", "date", ("Godkendt dato", "Godkendelsesdato", "Approved on", "Approval date")),
    Column("other_departments", "list", ("Andre afdelinger", "Øvrige afdelinger", "Other departments")),
    Column("contact", "text", ("Kontaktperson", "Kontakt", "Contact", "Contact person")),
)

_SUFFIX = re.compile(r"\((?:i\s*)?(?:kr\.?|dkk|kroner|0-4|0–4)\)\s*$", re.IGNORECASE)


def normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFC", str(text)).strip()
    text = _SUFFIX.sub("", text)
    return "".join(ch for ch in text.casefold() if ch.isalnum())


HEADER_INDEX: dict[str, Column] = {
    normalise_header(h): column for column in COLUMNS for h in column.headers
}
