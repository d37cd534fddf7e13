"""The columns of the council's overview sheet, with the Danish and English headers they go by.

A header is matched in steps, the first that answers wins (`match_header`):

1. as written, after `normalise_header`: lower case, no spaces or punctuation, and no
   "(kr.)"-style suffix, so "Ansøgt beløb (kr.)", "ansøgt  beløb" and "ANSØGT-BELØB" are one header;
   one's own mapping (`--columns`, a pool file's `[columns]`) is looked up here;
2. as offices write it (`header_key`): without anything in parentheses, units ("i kr.", "kr.",
   "DKK"), the possessive "'s" ("ITP's indstilling") and filler words ("evt."), with
   abbreviations written out ("Dok." is "Dokumenteret", "Nr." and "nummer" are one word);
3. alternatives written with a slash ("Afdeling/Center"), when the parts that are known agree;
4. a Danish compound ending in a known one-word header ("Projekttitel" is a "Titel"): read so
   with a warning, since the first part of a compound may change its meaning.

A header that could mean two columns ("Borger/Medarbejder") is not guessed: it is a problem
naming both. Amounts in thousands ("i 1.000 kr.", "t.kr.") are refused: amounts are whole kroner.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from collections.abc import Mapping
from pathlib import Path

from digipulje.applications.principles import CRITERIA
from digipulje.messages import _


@dataclass(frozen=True)
class Column:
    field: str
    kind: str  # text, amount, rating, flag, date, verdict, list, kle
    headers: tuple[str, ...]
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("id", "text", ("ID", "Id nr", "Nr", "Ansøgning nr", "Ansøgningsnummer", "Application id",
                          "Projekt nr", "Projektnummer", "Sagsnummer", "Sags nr", "Løbenummer", "Løbe nr"), True),
    Column("title", "text", ("Titel", "Ansøgning", "Projekt", "Projektnavn", "Projektets navn", "Projektets titel",
                             "Ansøgningens titel", "Løsning", "Title", "Application", "Project"), True),
    Column("department", "text", ("Afdeling", "Department"), True),
    Column("unit", "text", ("Enhed", "Ansøger", "Ansøgende enhed", "Unit", "Applicant", "Applicant unit")),
    Column("requested_dkk", "amount", ("Ansøgt beløb", "Beløb", "Pris i alt", "Samlet pris", "Ansøgt",
                                       "Requested", "Amount requested", "Requested amount", "Amount"), True),
    Column("min_dkk", "amount", ("Mindste tilskud", "Mindste brugbare tilskud", "Minimum", "Min",
                                 "Mindste beløb", "Minimumsbeløb", "Minimumbeløb", "Mindste brugbare beløb",
                                 "Smallest workable grant", "Minimum grant")),
    Column("own_investment_dkk", "amount", ("Egeninvestering", "Egenfinansiering", "Own investment")),
    Column("yearly_running_cost_dkk", "amount", ("Årlige driftsudgifter", "Driftsudgifter",
                                                 "Yearly running cost", "Running cost", "Annual running cost")),
    Column("running_cost_paid_by", "text", ("Driftsudgifter dækkes af", "Drift dækkes af",
                                            "Running cost paid by", "Paid by")),
    Column("running_cost_paid_by_applicant", "flag", ("Drift dækkes af ansøger",
                                                      "Driftsudgifter dækkes af ansøger",
                                                      "Running cost paid by applicant")),
    # a criterion is read by its headers and by its names (as the decision workbook writes them)
    *(Column(c.key, "rating", tuple(dict.fromkeys((*c.headers, c.name("da"), c.name("en"))))) for c in CRITERIA),
    Column("verdict", "verdict", ("ITP indstilling", "Indstilling", "ITPs indstilling", "IT-porteføljens indstilling", "ITP vurdering", "Vurdering",
                                  "Verdict", "Assessment", "Council assessment")),
    Column("reason", "text", ("Begrundelse", "Reason")),
    Column("assessment_text", "text", ("ITP's vurdering", "ITPs vurdering", "Vurderingstekst",
                                       "Assessment text")),
    Column("approved_by", "text", ("Godkendt af afdelingschef", "Godkendt af", "Afdelingschef", "Godkendt af chef",
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

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'"})
_PARENTHESES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_THOUSANDS = re.compile(r"(?<![\w])(?:t\.?\s*kr|tkr|tdkk|1[.,\s]?000\s*(?:kr|dkk|kroner)|tusind\w*\s*(?:kr|dkk|kroner))"
                        r"(?![^\W\d_])", re.IGNORECASE)
_UNIT = re.compile(r"(?<![\w])(?:i\s+)?(?:hele\s+)?(?:kr|dkk|kroner)(?![^\W\d_])\.?")
_POSSESSIVE = re.compile(r"(?<=[^\W\d_])'s(?![^\W\d_])")
# Abbreviations and words that do not change which column is meant.
_WORDS = {"dok": "dokumenteret", "dokum": "dokumenteret", "nummer": "nr", "no": "nr", "afd": "afdeling",
          "evt": "", "eventuelt": "", "ca": "", "medarb": "medarbejder", "tværg": "tværgående",
          "kontaktpers": "kontaktperson", "godk": "godkendt", "ansøgn": "ansøgning"}
_COMPOUND_KINDS = ("text", "amount", "verdict")  # a rating's word ("kommune") is too common as a compound's end
_COMPOUND_LINKS = ("s", "e", "")  # the linking letters of Danish compounds: "ansøgnings|titel"


def header_key(text: str) -> str:
    """A header as offices write it, reduced to the words that say which column it is."""
    words = _header_words(text)
    return "".join(words)


def _header_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", str(text)).translate(_APOSTROPHES).casefold()
    text = _PARENTHESES.sub(" ", text)
    text = _POSSESSIVE.sub("", text)
    text = _UNIT.sub(" ", text)
    words = [_WORDS.get(w, w) for w in re.findall(r"[^\W_]+", text)]
    return [w for w in words if w]


def _deep_index() -> dict[str, tuple[Column, ...]]:
    index: dict[str, tuple[Column, ...]] = {}
    for column in COLUMNS:
        for header in column.headers:
            key = header_key(header)
            if column not in index.get(key, ()):
                index[key] = (*index.get(key, ()), column)
    return index


_DEEP_INDEX = _deep_index()
_COMPOUND_HEADS: dict[str, Column] = {
    key: columns[0] for key, columns in _DEEP_INDEX.items()
    if len(columns) == 1 and len(key) >= 5 and columns[0].kind in _COMPOUND_KINDS
    and len(_header_words(key)) == 1
}


@dataclass(frozen=True)
class HeaderMatch:
    """What a header means: one column, several it could mean (`candidates`), or nothing.

    `how` is "exact", "normalised", "alternatives", "compound" (read with a warning) or
    "thousands" (an amount column in thousands of kroner, which is refused)."""

    column: Column | None
    candidates: tuple[Column, ...] = ()
    how: str | None = None

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


NO_MATCH = HeaderMatch(None)


def match_header(text: str, index: Mapping[str, Column] | None = None) -> HeaderMatch:
    """The column a header means (see the module's docstring for the steps).

    `index` holds the light keys (`normalise_header`) of the known headers and one's own mapping;
    the later steps use the built-in headers only."""
    exact = (HEADER_INDEX if index is None else index).get(normalise_header(text))
    if exact is not None:
        return HeaderMatch(exact, (exact,), "exact")
    if _THOUSANDS.search(str(text)):
        return HeaderMatch(None, (), "thousands")
    found = _normalised(str(text))
    if found is not None:
        return found
    bare = _PARENTHESES.sub(" ", str(text))
    if "/" in bare:
        parts = [_normalised(part) or NO_MATCH for part in bare.split("/") if part.strip()]
        columns = tuple(dict.fromkeys(c for part in parts for c in part.candidates))
        if len(columns) == 1:
            return HeaderMatch(columns[0], columns, "alternatives")
        if columns:
            return HeaderMatch(None, columns, "alternatives")
    words = _header_words(text)
    if len(words) == 1:
        return _compound(words[0])
    return NO_MATCH


def _normalised(text: str) -> HeaderMatch | None:
    columns = _DEEP_INDEX.get(header_key(text), ())
    if len(columns) == 1:
        return HeaderMatch(columns[0], columns, "normalised")
    if columns:
        return HeaderMatch(None, columns, "normalised")
    return None


def _compound(word: str) -> HeaderMatch:
    """A Danish compound that ends in a known word: "projekttitel" is a "titel". If its first part
    is itself a known header of another column of the same kind ("egenfinansieringsbeløb": an
    amount, and own investment is an amount too), it could mean either."""
    heads = [key for key in _COMPOUND_HEADS if word.endswith(key) and len(word) - len(key) >= 3]
    if not heads:
        return NO_MATCH
    head = max(heads, key=len)
    column = _COMPOUND_HEADS[head]
    modifier = word[: -len(head)]
    for link in _COMPOUND_LINKS:
        stem = modifier[: len(modifier) - len(link)] if link and modifier.endswith(link) else modifier
        if link and not modifier.endswith(link):
            continue
        other = _DEEP_INDEX.get(stem, ())
        others = tuple(c for c in other if c is not column and c.kind == column.kind)
        if others:
            return HeaderMatch(None, (column, *others), "compound")
    return HeaderMatch(column, (column,), "compound")


def display_header(column: Column) -> str:
    """The header a column is known by, as the user would write it."""
    return column.headers[0]

FIELDS: dict[str, Column] = {column.field: column for column in COLUMNS}
_DISPLAY: dict[str, str] = {normalise_header(h): h for column in COLUMNS for h in column.headers}


def closest_header(text: str, index: dict[str, Column] | None = None, cutoff: float = 0.8) -> str | None:
    """The known header that `text` nearly is (a typo, a missing letter), as the user would write it."""
    import difflib

    key = normalise_header(text)
    if not key:
        return None
    candidates = list(index or HEADER_INDEX)
    match = difflib.get_close_matches(key, candidates, n=1, cutoff=cutoff)
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
            problems.append(_("{file}: '{header}' = '{target}': not a known column; use one of {fields}",
                              file=file, header=header, target=target, fields=fields))
            continue
        index[normalise_header(header)] = column
    return index, problems


def read_column_map(path: str | Path) -> dict[str, Column]:
    """The `--columns` file: a TOML table `[columns]` of "header in the sheet" = "field"."""
    from digipulje.base.errors import InputError

    index = _column_table(Path(path))
    if index is None:
        raise InputError(_needs_a_table(path))
    return index


def _needs_a_table(path: object) -> str:
    return _("{file}: needs a [columns] table, e.g. \"Bevilling søgt\" = \"requested_dkk\"", file=path)


def read_pool_columns(path: str | Path | None) -> dict[str, Column] | None:
    """A pool file's own `[columns]` table, so that a round's mapping is given once; None without one."""
    return None if path is None else _column_table(Path(path))


def merge_column_maps(*maps: Mapping[str, Column] | None) -> dict[str, Column] | None:
    """Several mappings as one, the later winning (a pool file's table, then `--columns`)."""
    given = [m for m in maps if m]
    return {k: v for m in given for k, v in m.items()} if given else None


def _column_table(path: Path) -> dict[str, Column] | None:
    import tomllib

    from digipulje.base.errors import InputError

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputError(_("{file}: file not found", file=path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise InputError(_("{file}: not a readable TOML file ({error})", file=path, error=exc)) from None
    table = data.get("columns")
    if table is None:
        return None
    if not isinstance(table, dict) or not table:
        raise InputError(_needs_a_table(path))
    index, problems = column_map(table, str(path))
    if problems:
        raise InputError(*problems)
    return index
