"""Reading the council members' assessments: who rated which application how, on which principle.

Two layouts are read, from .xlsx/.xlsm or .csv, with Danish or English headers:

- one row per rating:     Bedømmer | Afdeling | Ansøgning | Princip | Vurdering
- one column per principle: Bedømmer | Afdeling | Ansøgning | Borger | Medarbejder | Kommune |
                           Dokumenteret effekt | Tværgående   (a blank cell: not rated)

`Afdeling` is the assessor's own department: it decides recusal, so it is required. Every sheet
of a workbook with such a header is read (one sheet per assessor works too). The core,
`parse_assessment_rows`, works on rows of cell values; `read_assessments` opens the file. Every
problem is collected, with its Excel row and the header as written, and raised together.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from digipulje.applications import cells, safety
from digipulje.applications.principles import CRITERIA
from digipulje.applications.problems import ApplicationsError, Problem
from digipulje.applications.spreadsheet import cannot_read_message
from digipulje.messages import _

HEADER_SEARCH_ROWS = 20

_FIELDS: dict[str, tuple[str, ...]] = {
    "assessor": ("Bedømmer", "Bedømt af", "Navn", "ITP-medlem", "Medlem", "Assessor", "Rater", "Name"),
    "department": ("Afdeling", "Bedømmers afdeling", "Department", "Assessor's department"),
    "application": ("Ansøgning", "ID", "Ansøgning ID", "Ansøgningsnummer", "Application", "Application id"),
    "criterion": ("Princip", "Kriterium", "Criterion", "Principle"),
    "rating": ("Vurdering", "Point", "Karakter", "Rating", "Score"),
    "comment": ("Kommentar", "Bemærkning", "Begrundelse", "Note", "Comment", "Remark"),  # kept by nobody
}
REQUIRED = ("assessor", "department", "application")


@dataclass(frozen=True)
class AssessorRating:
    """One council member's rating of one application on one criterion."""

    assessor: str
    department: str
    application: str
    criterion: str  # a key of `applications.principles.CRITERIA`
    rating: int
    source: str = ""  # where it was read, e.g. "vurderinger.xlsx, sheet 'Ark1', row 4"


def normalise(text: str) -> str:
    """Lower case, letters and digits only: "Dokumenteret  effekt" == "dokumenteret-effekt"."""
    text = unicodedata.normalize("NFC", str(text)).casefold()
    return re.sub(r"[^0-9a-zæøåäöü]", "", text)


_FIELD_INDEX = {normalise(h): f for f, hs in _FIELDS.items() for h in hs}
_CRITERION_NAMES = {c.key: c.assessment_names for c in CRITERIA}
_CRITERION_INDEX = {normalise(n): key for key, names in _CRITERION_NAMES.items() for n in (*names, key)}


@dataclass(frozen=True)
class AssessmentSheet:
    """The ratings read, and warnings that did not stop the reading (e.g. an ignored column)."""

    ratings: tuple[AssessorRating, ...]
    warnings: tuple[Problem, ...] = ()


def read_assessments(path: str | Path) -> AssessmentSheet:
    """Every rating in the file; raises `ApplicationsError` with every problem found."""
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise ApplicationsError([Problem(name, None, None, None, _("file not found"))])
    suffix = path.suffix.lower()
    unsafe = safety.check_size(path, safety.assessment_limits()) if suffix in (".xlsx", ".xlsm", ".csv") else None
    if suffix in (".xlsx", ".xlsm") and unsafe is None:
        unsafe = safety.check_workbook(path, safety.assessment_limits()) or safety.check_xml_parser()
    if unsafe:
        raise ApplicationsError([Problem(name, None, None, None, unsafe)])
    if suffix in (".xlsx", ".xlsm"):
        sheets = _xlsx_sheets(path)
    elif suffix == ".csv":
        sheets = _csv_sheets(path)
    else:
        raise ApplicationsError([Problem(name, None, None, None, cannot_read_message(suffix))])
    if isinstance(sheets, Problem):
        raise ApplicationsError([sheets])
    for sheet, rows in sheets:
        long_cell = safety.first_long_cell(rows, safety.assessment_limits())
        if long_cell is not None:
            r, c, message = long_cell
            raise ApplicationsError([Problem(name, sheet, r + 1, _column_letter(c), message)])
    ratings: list[AssessorRating] = []
    problems: list[Problem] = []
    headed = 0
    for sheet, rows in sheets:
        if _find_header(rows) is None:
            continue
        headed += 1
        found, found_problems = parse_assessment_rows(rows, name, sheet)
        ratings += found
        problems += found_problems
    if not headed:
        problems.append(Problem(name, None, None, None,
                                _("no header row found in the first {rows} rows: the sheet needs the columns "
                                  "'Bedømmer', 'Afdeling' and 'Ansøgning', and either 'Princip' and 'Vurdering' or "
                                  "one column per principle ('Borger', 'Medarbejder', 'Kommune', "
                                  "'Dokumenteret effekt', 'Tværgående')", rows=HEADER_SEARCH_ROWS)))
    problems += _consistency_problems(ratings)
    if any(p.severity == "error" for p in problems):
        raise ApplicationsError(problems)
    return AssessmentSheet(tuple(ratings), tuple(problems))


def parse_assessment_rows(
    rows: list[list[object]], file: str, sheet: str | None
) -> tuple[list[AssessorRating], list[Problem]]:
    """The ratings in one sheet's rows (cell values, the header somewhere in the first rows)."""
    header_at = _find_header(rows)
    if header_at is None:
        return [], [Problem(file, sheet, None, None, _("no header row found"))]
    header_row = header_at + 1
    fields: dict[str, int] = {}
    criteria: dict[str, int] = {}
    written: dict[int, str] = {}
    problems: list[Problem] = []
    for index, cell in enumerate(rows[header_at]):
        if cells.is_blank(cell):
            continue
        text = str(cell).strip()
        key = normalise(text)
        target = (fields, _FIELD_INDEX[key]) if key in _FIELD_INDEX else (
            (criteria, _CRITERION_INDEX[key]) if key in _CRITERION_INDEX else None)
        if target is None:
            close = difflib.get_close_matches(key, list(_FIELD_INDEX) + list(_CRITERION_INDEX), n=1)
            message = (_("unknown column, ignored: did you mean '{header}'?", header=_display(close[0])) if close
                       else _("unknown column, ignored"))
            problems.append(Problem(file, sheet, header_row, text, message, "warning"))
            continue
        index_of, name = target
        if name in index_of:
            problems.append(Problem(file, sheet, header_row, text,
                                    _("two columns mean the same ('{other}' too): keep one",
                                      other=written[index_of[name]])))
            continue
        index_of[name] = index
        written[index] = text
    for field in REQUIRED:
        if field not in fields:
            problems.append(Problem(file, sheet, header_row, None,
                                    _("the required column '{column}' is missing", column=_FIELDS[field][0])))
    long_form = "criterion" in fields or "rating" in fields
    if long_form and criteria:
        problems.append(Problem(file, sheet, header_row, None,
                                _("use either 'Princip' and 'Vurdering' (one row per rating) or one column "
                                  "per principle, not both")))
    elif long_form and not ("criterion" in fields and "rating" in fields):
        missing = "Vurdering" if "criterion" in fields else "Princip"
        problems.append(Problem(file, sheet, header_row, None,
                                _("the column '{column}' is missing: one row per rating needs both 'Princip' "
                                  "and 'Vurdering'", column=missing)))
    elif not long_form and not criteria:
        problems.append(Problem(file, sheet, header_row, None,
                                _("no ratings: add 'Princip' and 'Vurdering' columns, or one column per principle")))
    if any(p.severity == "error" for p in problems):
        return [], problems

    ratings: list[AssessorRating] = []
    for excel_row, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        if all(cells.is_blank(v) for v in row):
            continue
        cell = lambda i: row[i] if i < len(row) else None  # noqa: E731
        where = f"{file}, " + (f"sheet '{sheet}', " if sheet else "") + f"row {excel_row}"  # parsed by _located
        who: dict[str, str] = {}
        for field in REQUIRED:
            value = cell(fields[field])
            if cells.is_blank(value):
                problems.append(Problem(file, sheet, excel_row, written[fields[field]],
                                        _("missing: this column is required (it decides recusal)")
                                        if field == "department" else _("missing: this column is required")))
            else:
                who[field] = cells.parse_text(value)
        given: list[tuple[str, int, object]] = []  # (criterion key, column index, cell)
        if long_form:
            raw = cell(fields["criterion"])
            if cells.is_blank(raw):
                problems.append(Problem(file, sheet, excel_row, written[fields["criterion"]],
                                        _("missing: name the principle rated")))
            elif normalise(str(raw)) not in _CRITERION_INDEX:
                names = ", ".join(n[0] for n in _CRITERION_NAMES.values())
                problems.append(Problem(file, sheet, excel_row, written[fields["criterion"]],
                                        _("'{value}' is not a rated principle: write one of {names}",
                                          value=raw, names=names)))
            else:
                given.append((_CRITERION_INDEX[normalise(str(raw))], fields["rating"], cell(fields["rating"])))
                if cells.is_blank(given[-1][2]):
                    problems.append(Problem(file, sheet, excel_row, written[fields["rating"]],
                                            _("missing: write a rating from 0 to 4")))
                    given.clear()
        else:
            given = [(key, index, cell(index)) for key, index in criteria.items() if not cells.is_blank(cell(index))]
        for key, index, value in given:
            try:
                rating = cells.parse_rating(value)
            except cells.CellError as exc:
                problems.append(Problem(file, sheet, excel_row, written[index], str(exc)))
                continue
            if len(who) == len(REQUIRED):
                ratings.append(AssessorRating(who["assessor"], who["department"], who["application"], key,
                                              rating, where))
    return ratings, problems


def _consistency_problems(ratings: list[AssessorRating]) -> list[Problem]:
    """One department per assessor, and one rating per (assessor, application, principle)."""
    problems = []
    department: dict[str, AssessorRating] = {}
    seen: dict[tuple[str, str, str], AssessorRating] = {}
    for r in ratings:
        first = department.setdefault(r.assessor, r)
        if normalise(first.department) != normalise(r.department):
            problems.append(_problem_at(r, _("assessor '{assessor}' is from '{department}' in {where} but from "
                                             "'{other}' here: use one department", assessor=r.assessor,
                                             department=first.department, where=_located(first.source).location(),
                                             other=r.department)))
        key = (r.assessor, r.application, r.criterion)
        if key in seen:
            problems.append(_problem_at(r, _("assessor '{assessor}' rates '{principle}' of '{application}' again "
                                             "(also in {where}): keep one rating", assessor=r.assessor,
                                             principle=_criterion_name(r.criterion), application=r.application,
                                             where=_located(seen[key].source).location())))
        else:
            seen[key] = r
    return problems


def _problem_at(rating: AssessorRating, message: str) -> Problem:
    """A problem at a rating's source."""
    where = _located(rating.source)
    return Problem(where.file, where.sheet, where.row, None, message)


def _located(source: str) -> Problem:
    """A rating's source, parsed back from "file, sheet 'S', row N" (a problem with no message yet)."""
    m = re.fullmatch(r"(.*?)(?:, sheet '(.*)')?, row (\d+)", source)
    if m is None:
        return Problem(source, None, None, None, "")
    return Problem(m.group(1), m.group(2), int(m.group(3)), None, "")


def _criterion_name(key: str) -> str:
    return _CRITERION_NAMES[key][0]


def _display(normalised: str) -> str:
    for names in (*_FIELDS.values(), *_CRITERION_NAMES.values()):
        for name in names:
            if normalise(name) == normalised:
                return name
    return normalised


def _find_header(rows: list[list[object]]) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = {normalise(str(c)) for c in row if not cells.is_blank(c)}
        found = {_FIELD_INDEX[k] for k in keys if k in _FIELD_INDEX}
        if "assessor" in found and ("application" in found or "department" in found):
            return index
    return None


def _xlsx_sheets(path: Path) -> list[tuple[str, list[list[object]]]] | Problem:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        return Problem(str(path), None, None, None,
                       _("not a readable Excel workbook ({kind}): open it in Excel and save it again",
                         kind=type(exc).__name__))
    try:
        return [(ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in workbook.worksheets]
    finally:
        workbook.close()


def _csv_sheets(path: Path) -> list[tuple[str | None, list[list[object]]]] | Problem:
    raw = path.read_bytes()
    too_long = safety.check_lines(raw, safety.assessment_limits())
    if too_long:
        return Problem(str(path), None, None, None, too_long)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Problem(str(path), None, None, None, _("not UTF-8 text: save the file as CSV UTF-8"))
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    try:
        return [(None, [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)])]
    except csv.Error as exc:
        return Problem(str(path), None, None, None,
                       _("not a readable CSV file ({error}): save it as CSV UTF-8", error=exc))


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
