"""Reading the council's overview sheet: one row per application, from .xlsx/.xlsm or .csv.

The core, `parse_rows`, works on rows of cell values and knows nothing of files; `read_sheet`
is the thin wrapper that opens a file. Every problem is collected (with the Excel row number
and the header as the user wrote it) and raised together as `ApplicationsError`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from applications import cells
from applications.columns import COLUMNS, HEADER_INDEX, Column, normalise_header
from applications.model import Application, Approval, Assessment, Ratings
from applications.problems import ApplicationsError, Problem

HEADER_SEARCH_ROWS = 20
TOTAL_WORDS = {"ialt", "total", "sum", "totalt", "samlet"}

_PARSERS = {
    "text": cells.parse_text,
    "amount": cells.parse_amount,
    "rating": cells.parse_rating,
    "flag": cells.parse_flag,
    "date": cells.parse_date,
    "verdict": cells.parse_verdict,
    "list": cells.parse_list,
}


def read_applications(paths: Sequence[str | Path]) -> list[Application]:
    """All applications in the given files; raises `ApplicationsError` with every problem."""
    applications: list[Application] = []
    problems: list[Problem] = []
    for path in paths:
        found, found_problems = read_sheet(path)
        applications += found
        problems += found_problems
    problems += duplicate_id_problems(applications, [str(p) for p in paths])
    if any(p.severity == "error" for p in problems):
        raise ApplicationsError(problems)
    return applications


def duplicate_id_problems(applications: list[Application], files: list[str]) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for a in applications:
        if a.id in seen:
            problems.append(Problem(", ".join(files), None, None, "ID",
                                    f"application id '{a.id}' appears more than once: ids must be unique"))
        seen.add(a.id)
    return problems


def read_sheet(path: str | Path) -> tuple[list[Application], list[Problem]]:
    path = Path(path)
    name = str(path)
    if not path.is_file():
        return [], [Problem(name, None, None, None, "file not found")]
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix == ".csv":
        return _read_csv(path)
    if suffix == ".pb":  # a participatory-budgeting instance (Pabulib)
        from applications.pabulib import read_pabulib_file

        instance, problems = read_pabulib_file(path)
        return ([] if instance is None else list(instance.applications)), problems
    if suffix == ".xls":
        return [], [Problem(name, None, None, None,
                            "the old .xls format is not read: open it in Excel and save it as .xlsx")]
    return [], [Problem(name, None, None, None,
                        f"cannot read '{suffix or 'no extension'}' files: use .xlsx, .xlsm or .csv")]


def _read_xlsx(path: Path) -> tuple[list[Application], list[Problem]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        return [], [Problem(str(path), None, None, None, f"not a readable Excel workbook ({type(exc).__name__})")]
    try:
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        return parse_rows(rows, str(path), sheet.title)
    finally:
        workbook.close()


def _read_csv(path: Path) -> tuple[list[Application], list[Problem]]:
    raw = path.read_bytes()
    text = None
    for encoding in ("utf-8-sig", "cp1252"):  # what Danish Excel writes when it is not UTF-8
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        return [], [Problem(str(path), None, None, None,
                            "the text encoding is neither UTF-8 nor Windows-1252: save the file as CSV UTF-8")]
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    return parse_rows(rows, str(path), None)


def parse_rows(rows: list[list[object]], file: str, sheet: str | None) -> tuple[list[Application], list[Problem]]:
    header_at = _find_header(rows)
    if header_at is None:
        required = ", ".join(f"'{c.headers[0]}'" for c in COLUMNS if c.required)
        return [], [Problem(file, sheet, None, None,
                            f"no header row found in the first {HEADER_SEARCH_ROWS} rows: "
                            f"the sheet needs the columns {required}")]
    header = rows[header_at]
    columns: dict[int, Column] = {}
    written: dict[str, str] = {}
    problems: list[Problem] = []
    for index, cell in enumerate(header):
        if cells.is_blank(cell):
            continue
        column = HEADER_INDEX.get(normalise_header(str(cell)))
        if column is None:
            continue
        if column.field in written:
            problems.append(Problem(file, sheet, header_at + 1, str(cell),
                                    f"two columns mean '{column.field}' ('{written[column.field]}' too): keep one"))
            continue
        columns[index] = column
        written[column.field] = str(cell).strip()
    for column in COLUMNS:
        if column.required and column.field not in written:
            problems.append(Problem(file, sheet, header_at + 1, None,
                                    f"the required column '{column.headers[0]}' is missing"))
    if problems:
        return [], problems

    applications = []
    for offset, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        if all(cells.is_blank(v) for v in row):
            continue
        if _is_total_row(row):
            continue
        app, row_problems = _parse_row(row, offset, columns, written, file, sheet)
        problems += row_problems
        if app is not None:
            applications.append(app)
    return applications, problems


def _find_header(rows: list[list[object]]) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        fields = {HEADER_INDEX[k].field for k in (normalise_header(str(c)) for c in row if not cells.is_blank(c))
                  if k in HEADER_INDEX}
        if len(fields) >= 2 and fields & {c.field for c in COLUMNS if c.required}:
            return index
    return None


def _is_total_row(row: list[object]) -> bool:
    texts = [str(v) for v in row if not cells.is_blank(v) and isinstance(v, str)]
    return bool(texts) and normalise_header(texts[0]) in TOTAL_WORDS


def _parse_row(row: list[object], excel_row: int, columns: dict[int, Column], written: dict[str, str],
               file: str, sheet: str | None) -> tuple[Application | None, list[Problem]]:
    values: dict[str, object] = {}
    problems: list[Problem] = []
    for index, column in columns.items():
        cell = row[index] if index < len(row) else None
        if cells.is_blank(cell):
            if column.required:
                problems.append(Problem(file, sheet, excel_row, written[column.field], "missing: this column is required"))
            continue
        try:
            values[column.field] = _PARSERS[column.kind](cell)
        except cells.CellError as exc:
            problems.append(Problem(file, sheet, excel_row, written[column.field], str(exc)))
    if problems:
        return None, problems
    try:
        return _build(values), []
    except ValidationError as exc:
        return None, [
            Problem(file, sheet, excel_row, _column_of(err["loc"], written), _message(err))
            for err in exc.errors()
        ]
    except ValueError as exc:
        return None, [Problem(file, sheet, excel_row, None, str(exc))]


def _build(values: dict[str, object]) -> Application:
    ratings = Ratings(**{k: values[k] for k in ("citizen", "employee", "municipality", "evidence", "cross_cutting")
                         if k in values})
    assessment = None
    if "verdict" in values:
        assessment = Assessment(verdict=values["verdict"], reason=values.get("reason"),
                                text=values.get("assessment_text"))
    approval = None
    if "approved_by" in values:
        approval = Approval(name=values["approved_by"], date=values.get("approved_on"))
    fields = {k: values[k] for k in ("id", "title", "department", "unit", "requested_dkk", "min_dkk",
                                     "own_investment_dkk", "yearly_running_cost_dkk", "running_cost_paid_by",
                                     "running_cost_paid_by_applicant", "other_departments", "contact")
              if k in values}
    return Application(**fields, ratings=ratings, assessment=assessment, approval=approval)


def _column_of(loc: tuple[object, ...], written: dict[str, str]) -> str | None:
    for part in loc:
        if isinstance(part, str) and part in written:
            return written[part]
    if loc and loc[0] == "assessment":
        return written.get("verdict")
    return None


def _message(error: dict) -> str:
    text = error["msg"]
    return text.removeprefix("Value error, ")
