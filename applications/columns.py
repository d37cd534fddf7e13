"""The columns of the council's overview sheet, with the Danish and English headers they go by.

Headers are matched after `normalise_header`: lower case, no spaces or punctuation, and no
"(kr.)"-style suffix, so "Ansøgt beløb (kr.)", "ansøgt  beløb" and "ANSØGT-BELØB" are one header.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Column:
    field: str
    kind: str  # text, amount, rating, flag, date, verdict, list, kle
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
    Column("systems", "list", ("KITOS-systemer", "Systemer i KITOS", "Systemer", "IT-systemer", "KITOS",
                               "Systems", "IT systems", "Systems in KITOS", "KITOS systems")),
    Column("kle_codes", "kle", ("KLE-numre", "KLE", "KLE-nummer", "KLE-nr", "KLE codes", "KLE numbers", "KLE code")),
)

_SUFFIX = re.compile(r"\((?:i\s*)?(?:kr\.?|dkk|kroner|0-4|0–4)\)\s*$", re.IGNORECASE)


def normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFC", str(text)).strip()
    text = _SUFFIX.sub("", text)
    return "".join(ch for ch in text.casefold() if ch.isalnum())


HEADER_INDEX: dict[str, Column] = {
    normalise_header(h): column for column in COLUMNS for h in column.headers
}

FIELDS: dict[str, Column] = {column.field: column for column in COLUMNS}
_DISPLAY: dict[str, str] = {normalise_header(h): h for column in COLUMNS for h in column.headers}


def closest_header(text: str, index: dict[str, Column] | None = None) -> str | None:
    """The known header that `text` nearly is (a typo, a missing letter), as the user would write it."""
    import difflib

    key = normalise_header(text)
    if not key:
        return None
    candidates = list(index or HEADER_INDEX)
    match = difflib.get_close_matches(key, candidates, n=1, cutoff=0.8)
    return _DISPLAY.get(match[0], match[0]) if match else None


def column_map(mapping: dict[str, object], file: str) -> tuple[dict[str, Column], list[str]]:
    """Headers of one's own sheet -> columns, from a mapping of header to a field or known header.

    `{"Bevilling søgt": "requested_dkk"}` and `{"Bevilling søgt": "Ansøgt beløb"}` mean the same.
    Returns the index and the problems, one line each.
    """
    index: dict[str, Column] = {}
    problems = []
    for header, target in mapping.items():
        column = FIELDS.get(str(target)) or HEADER_INDEX.get(normalise_header(str(target)))
        if not isinstance(target, str) or column is None:
            fields = ", ".join(FIELDS)
            problems.append(f"{file}: '{header}' = '{target}': not a known column; use one of {fields}")
            continue
        index[normalise_header(header)] = column
    return index, problems


def read_column_map(path: str | Path) -> dict[str, Column]:
    """The `--columns` file: a TOML table `[columns]` of "header in the sheet" = "field"."""
    import tomllib

    from pool.errors import InputError

    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise InputError(f"{path}: not a readable TOML file ({exc})") from None
    table = data.get("columns")
    if not isinstance(table, dict) or not table:
        raise InputError(f"{path}: needs a [columns] table, e.g. \"Bevilling søgt\" = \"requested_dkk\"")
    index, problems = column_map(table, str(path))
    if problems:
        raise InputError(*problems)
    return index
