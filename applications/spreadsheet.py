"""Reading applications: the council's overview sheet (one row per application, .xlsx/.xlsm or
.csv) and filled application forms, from files or folders.

The core, `parse_rows`, works on rows of cell values and knows nothing of files; the readers
below are thin wrappers that open a file (after the checks in `applications.safety`). Every
problem is collected (with the Excel row number and the header as the user wrote it) and
raised together as `ApplicationsError`; `collect_applications` returns them instead.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from digipulje.applications import cells, safety
from digipulje.applications.columns import (
    COLUMNS, FIELDS, HEADER_INDEX, Column, HeaderMatch, closest_header, display_header, match_header,
    normalise_header,
)
from digipulje.applications.model import Application
from digipulje.applications.problems import ApplicationsError, Problem, one_of
from digipulje.applications.rows import BLANK, RATINGS, Found, build_application, formula_message, read_cell
from digipulje.messages import _, ngettext

HEADER_SEARCH_ROWS = 20
TOTAL_WORDS = {"ialt", "total", "sum", "totalt", "samlet", "sumialt", "totalialt"}
READABLE = (".xlsx", ".xlsm", ".csv")

def read_applications(
    paths: Sequence[str | Path], *, sheet: str | None = None, columns: Mapping[str, Column] | None = None,
) -> list[Application]:
    """All applications in the given files and folders; raises `ApplicationsError` with every problem.

    `sheet` names the sheet to read in each workbook (default: the first with a header row);
    `columns` maps one's own headers to columns (see `applications.columns.read_column_map`).
    """
    applications, problems = collect_applications(paths, sheet=sheet, columns=columns)
    if any(p.severity == "error" for p in problems):
        raise ApplicationsError(problems)
    return applications


def collect_applications(
    paths: Sequence[str | Path], *, sheet: str | None = None, columns: Mapping[str, Column] | None = None,
) -> tuple[list[Application], list[Problem]]:
    """The applications that could be read, and every problem (errors and warnings) on the way."""
    found: list[Found] = []
    problems: list[Problem] = []
    for path in application_files(paths, problems):
        file_found, file_problems = read_file(path, sheet=sheet, columns=columns)
        found += file_found
        problems += file_problems
    problems += duplicate_id_problems(found)
    return [f.application for f in found], problems


def application_files(paths: Sequence[str | Path], problems: list[Problem]) -> list[Path]:
    """The files to read: each file as given, and each folder's application files by name.

    Office's lock files ("~$...") and hidden files in a folder are skipped; an old .xls in a
    folder is kept, so that it is reported rather than silently left out.
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            files.append(path)
            continue
        inside = sorted(
            p for p in path.iterdir()
            if p.is_file() and p.suffix.lower() in (*READABLE, ".xls") and not p.name.startswith(("~$", "."))
        )
        if not inside:
            problems.append(Problem(str(path), None, None, None,
                                    _("the folder holds no .xlsx, .xlsm or .csv files")))
        files += inside
    return files


def duplicate_id_problems(found: list[Found]) -> list[Problem]:
    """An ID named twice (an error), and IDs that differ only in capital letters (a warning: they
    are two applications, as written, but most often one written two ways)."""
    first: dict[str, Found] = {}
    folded: dict[str, Found] = {}
    problems = []
    for f in found:
        earlier = first.setdefault(f.application.id, f)
        if earlier is not f:
            problems.append(_duplicate(f.application.id, f.file, f.sheet, f.row, f.id_column,
                                       None if earlier.file == f.file else earlier.file, earlier.row))
            continue
        alike = folded.setdefault(f.application.id.casefold(), f)
        if alike is not f:
            problems.append(Problem(f.file, f.sheet, f.row, f.id_column, _(
                "application id '{id}' differs from '{other}' ({where}) only in capital letters: they are read as "
                "two applications; if they are one, write its id the same way in both", id=f.application.id,
                other=alike.application.id, where=_where(None if alike.file == f.file else alike.file, alike.row)),
                severity="warning"))
    return problems


def _duplicate(application: str, file: str, sheet: str | None, row: int | None, column: str | None,
               earlier_file: str | None, earlier_row: int | None) -> Problem:
    """An ID named again, where it was named first (`earlier_file` None: this file)."""
    return Problem(file, sheet, row, column, _(
        "application id '{id}' appears more than once (also in {where}): ids must be unique", id=application,
        where=_where(earlier_file, earlier_row)))


def _where(earlier_file: str | None, earlier_row: int | None) -> str:
    """Where an ID was named first: "this file, row 5" (`earlier_file` None: this file)."""
    where = _("this file") if earlier_file is None else earlier_file
    return where if earlier_row is None else _("{location}, row {row}", location=where, row=earlier_row)


def read_file(
    path: str | Path, *, sheet: str | None = None, columns: Mapping[str, Column] | None = None,
) -> tuple[list[Found], list[Problem]]:
    """One file: an overview sheet or a filled application form, whichever it is."""
    path = Path(path)
    name = str(path)

    def problem(message: str) -> tuple[list[Found], list[Problem]]:
        return [], [Problem(name, None, None, None, message)]

    if not path.is_file():
        return problem(_("file not found"))
    suffix = path.suffix.lower()
    if suffix == ".pb":  # a participatory-budgeting instance (Pabulib)
        from digipulje.applications.pabulib import read_pabulib_file

        instance, problems = read_pabulib_file(path)
        apps = [] if instance is None else list(instance.applications)
        return [Found(app, name, None, None, "project_id") for app in apps], problems
    if suffix == ".xls":
        return problem(_("the old .xls format is not read: open it in Excel and save it as .xlsx"))
    if suffix not in READABLE:
        return problem(cannot_read_message(suffix))
    too_big = safety.check_size(path)
    if too_big:
        return problem(too_big)
    if suffix == ".csv":
        return _read_csv(path, columns)
    unsafe = safety.check_workbook(path) or safety.check_xml_parser()  # the cheap check first
    if unsafe:
        return problem(unsafe)
    return _read_xlsx(path, sheet, columns)


def cannot_read_message(suffix: str) -> str:
    return _("cannot read '{suffix}' files: use .xlsx, .xlsm or .csv", suffix=suffix or _("no extension"))


def _read_xlsx(path: Path, sheet_name: str | None,
               columns: Mapping[str, Column] | None) -> tuple[list[Found], list[Problem]]:
    from digipulje.applications import form

    name = str(path)
    index = {**HEADER_INDEX, **(columns or {})}
    try:
        read = _read_workbook(path, sheet_name, index)
    except Exception as exc:  # openpyxl and the XML parser raise many kinds for a damaged file
        return [], [Problem(name, None, None, None, _unreadable_message(exc))]
    if isinstance(read, Problem):
        return [], [read]
    kind, title, rows, hidden = read
    long_cell = _long_cell_problem(rows, name, title)
    if long_cell:
        return [], long_cell
    if kind == "form":
        return form.parse_form(rows, name, title)
    found, problems = parse_located_rows(rows, name, title, columns)
    return found, _hidden_problems(rows, hidden, name, title) + problems


def _read_workbook(path: Path, sheet_name: str | None, index: Mapping[str, Column],
                   ) -> tuple[str, str, list[list[object]], HiddenParts] | Problem:
    """The rows of the sheet to read, whether it is a form or an overview sheet, and its hidden rows
    and columns.

    Without --sheet, only visible sheets are read: the first with a header row, else the first. A
    sheet hidden in Excel ("hidden", or "veryHidden", which Excel's own menu cannot show) is never
    read in its place without a word: when only a hidden sheet has the header row, the file is
    refused, naming it. --sheet reads the sheet it names, hidden or not.
    """
    import openpyxl

    from digipulje.applications import form

    name = str(path)
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_vba=False, keep_links=False)
    try:
        if not workbook.worksheets:
            return Problem(name, None, None, None, _("the workbook has no sheets"))
        if form.is_form(workbook):
            sheet = form.first_visible_sheet(workbook)
            return "form", sheet.title, _sheet_rows(path, sheet), HiddenParts()
        if sheet_name is not None:
            sheets = [s for s in workbook.worksheets if s.title == sheet_name]
            if not sheets:
                names = ", ".join(f"'{s.title}'" for s in workbook.worksheets)
                return Problem(name, sheet_name, None, None,
                               _("there is no sheet '{sheet}' in this workbook; its sheets are {sheets}",
                                 sheet=sheet_name, sheets=names))
        else:
            sheets = [s for s in workbook.worksheets if form.is_visible(s)]
            hidden_with_header = next((s for s in workbook.worksheets if not form.is_visible(s)
                                       and _find_header(_head(s), index) is not None), None)
            if hidden_with_header is not None and not any(_find_header(_head(s), index) is not None for s in sheets):
                return Problem(name, hidden_with_header.title, None, None, _(
                    "the sheet with the applications is hidden in Excel, and digipulje reads only visible sheets: "
                    "show it (right-click a sheet tab, Unhide), or name it with --sheet '{sheet}'",
                    sheet=hidden_with_header.title))
            if not sheets:
                return Problem(name, None, None, None, _("the workbook has no visible sheet: show the sheet with the "
                                                         "applications in Excel, or name it with --sheet"))
        chosen = next((s for s in sheets if _find_header(_head(s), index) is not None), sheets[0])
        return "sheet", chosen.title, _sheet_rows(path, chosen), _hidden_parts(path, chosen)
    finally:
        workbook.close()


@dataclass(frozen=True)
class HiddenParts:
    """The rows and columns (1-based) a sheet hides in Excel."""

    rows: frozenset[int] = frozenset()
    columns: frozenset[int] = frozenset()


_ROW_OR_COLUMN = re.compile(rb"<(?:\w+:)?(row|col)\b([^>]*)>")
_ATTRIBUTE = re.compile(rb'\b(r|min|max|hidden)="([^"]*)"')


def _hidden_parts(path: Path, sheet) -> HiddenParts:
    """The hidden rows and columns of `sheet`, read from its XML (openpyxl's read-only sheets do not
    keep them); a sheet whose part cannot be found hides nothing."""
    import zipfile

    part_name = getattr(sheet, "_worksheet_path", None)
    if not part_name:
        return HiddenParts()
    rows: set[int] = set()
    columns: set[int] = set()
    with zipfile.ZipFile(path) as archive:
        try:
            part = archive.open(part_name.lstrip("/"))
        except KeyError:
            return HiddenParts()
        with part:
            tail = b""
            while chunk := part.read(1 << 20):
                text = tail + chunk
                end = text.rfind(b"<")  # a tag cut by the chunk is read with the next one
                end = len(text) if end == -1 or text.find(b">", end) != -1 else end
                for tag in _ROW_OR_COLUMN.finditer(text, 0, end):
                    attributes = {k.decode(): v.decode() for k, v in _ATTRIBUTE.findall(tag.group(2))}
                    if attributes.get("hidden") not in ("1", "true"):
                        continue
                    if tag.group(1) == b"row" and attributes.get("r", "").isdigit():
                        rows.add(int(attributes["r"]))
                    elif tag.group(1) == b"col" and attributes.get("min", "").isdigit():
                        last = int(attributes.get("max", attributes["min"]) or attributes["min"])
                        columns.update(range(int(attributes["min"]), min(last, 16_384) + 1))
                tail = text[end:]
    return HiddenParts(frozenset(rows), frozenset(columns))


def _hidden_problems(rows: list[list[object]], hidden: HiddenParts, file: str, sheet: str | None) -> list[Problem]:
    """One warning for the hidden rows and one for the hidden columns that hold something: they are
    read like the others, which someone looking at the sheet in Excel does not see."""
    from openpyxl.utils import get_column_letter

    filled_rows = [r for r in sorted(hidden.rows) if r <= len(rows) and not all(cells.is_blank(v) for v in rows[r - 1])]
    filled_columns = [c for c in sorted(hidden.columns)
                      if any(c <= len(row) and not cells.is_blank(row[c - 1]) for row in rows)]
    problems = []
    if filled_rows:
        problems.append(Problem(file, sheet, None, None, ngettext(
            "row {rows} is hidden in Excel but is read like the others: show it and check that it belongs in the round",
            "rows {rows} are hidden in Excel but are read like the others: show them and check that they belong in "
            "the round", len(filled_rows), rows=_listed([str(r) for r in filled_rows])), severity="warning"))
    if filled_columns:
        problems.append(Problem(file, sheet, None, None, ngettext(
            "column {columns} is hidden in Excel but is read like the others: show it and check what it holds",
            "columns {columns} are hidden in Excel but are read like the others: show them and check what they hold",
            len(filled_columns), columns=_listed([get_column_letter(c) for c in filled_columns])), severity="warning"))
    return problems


def _listed(names: list[str]) -> str:
    shown = ", ".join(names[:20])
    return _("{lines} and {count} more", lines=shown, count=len(names) - 20) if len(names) > 20 else shown


def _unreadable_message(exc: Exception) -> str:
    from defusedxml import DefusedXmlException

    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, DefusedXmlException):  # openpyxl wraps it
        cause = cause.__cause__ or cause.__context__
    if cause is not None:
        return _("the workbook's XML declares entities or external references, which digipulje never "
                 "reads: open it in Excel and save it as a new .xlsx")
    return _("not a readable Excel workbook ({kind}): open it in Excel and save it again", kind=type(exc).__name__)


def _head(sheet) -> list[list[object]]:
    sheet.reset_dimensions()  # a wrong <dimension> in the file must not cut rows short
    return [list(r) for r in sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True)]


def _sheet_rows(path: Path, sheet) -> list[list[object]]:
    """The sheet's saved values; a formula cell without a saved value becomes `FormulaWithoutValue`."""
    sheet.reset_dimensions()
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    if _has_formulas(path):
        for row_index, column_index, formula in _formulas(path, sheet.title):
            if row_index >= len(rows):
                rows += [[] for _ in range(row_index + 1 - len(rows))]
            row = rows[row_index]
            row += [None] * (column_index + 1 - len(row))
            if row[column_index] is None:
                row[column_index] = cells.FormulaWithoutValue(formula)
    return rows


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(path: Path) -> bool:
    """A cheap look for formula elements, so the second pass is paid only by sheets that have any."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        for entry in archive.infolist():
            if entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml"):
                with archive.open(entry) as part:
                    tail = b""
                    while chunk := part.read(1 << 20):
                        if _FORMULA_TAG.search(tail + chunk):
                            return True
                        tail = chunk[-16:]
    return False


def _formulas(path: Path, title: str) -> Iterator[tuple[int, int, str]]:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_vba=False, keep_links=False)
    try:
        sheet = workbook[title]
        sheet.reset_dimensions()
        for r, row in enumerate(sheet.iter_rows(values_only=True)):
            for c, value in enumerate(row):
                if isinstance(value, str) and value.startswith("="):
                    yield r, c, value
    finally:
        workbook.close()


def _long_cell_problem(rows: list[list[object]], file: str, sheet: str | None) -> list[Problem]:
    from openpyxl.utils import get_column_letter

    found = safety.first_long_cell(rows)
    if found is None:
        return []
    r, c, message = found
    return [Problem(file, sheet, r + 1, get_column_letter(c + 1), message)]


def _read_csv(path: Path, columns: Mapping[str, Column] | None) -> tuple[list[Found], list[Problem]]:
    name = str(path)
    raw = path.read_bytes()
    too_long = safety.check_lines(raw, safety.sheet_limits())
    if too_long:
        return [], [Problem(name, None, None, None, too_long)]
    decoded = decode_csv_lines(raw)
    if decoded is None:
        return [], [Problem(name, None, None, None,
                            _("the text encoding is neither UTF-8 nor Windows-1252: save the file as CSV UTF-8"))]
    text, as_cp1252 = decoded
    encoding = [_mixed_encoding_problem(name, as_cp1252)] if as_cp1252 else []
    if "\x00" in text:
        return [], [Problem(name, None, None, None, _("not a text file: save the sheet as CSV UTF-8"))]
    index = {**HEADER_INDEX, **(columns or {})}
    candidates: list[tuple[int, list[list[object]]]] = []
    for delimiter in (";", ","):  # Danish Excel writes ";", others ","; the header decides
        try:
            rows: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
        except csv.Error as exc:
            return [], [Problem(name, None, None, None,
                                _("not a readable CSV file ({error}): save it as CSV UTF-8", error=exc))]
        at = _find_header(rows, index)
        candidates.append((-1 if at is None else len(_header_fields(rows[at], index)), rows))
    best = max(candidates, key=lambda c: c[0])[1]  # the first of equals: ";"
    long_cell = _long_cell_problem(best, name, None)
    if long_cell:
        return [], long_cell
    found, problems = parse_located_rows(best, name, None, columns)
    return found, encoding + problems


def decode_csv(raw: bytes) -> str | None:
    """UTF-8 (with or without BOM), UTF-16 (with or without BOM), else Windows-1252 — what Danish
    Excel and other programs write."""
    decoded = decode_csv_lines(raw)
    return None if decoded is None else decoded[0]


def decode_csv_lines(raw: bytes) -> tuple[str, list[int]] | None:
    """The text, and the lines (1-based) read as Windows-1252 in a file that is UTF-8 elsewhere.

    A file that is not clean UTF-8 is read as Windows-1252 only when no line of it holds UTF-8's
    own letters; a file that mixes the two (a sheet pasted together from two sources) is read
    line by line, each in the encoding it is written in, and those lines are named.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError:
            return None
    without_bom = _utf16_without_bom(raw)
    if without_bom is not None:
        return without_bom, []
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        whole = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    lines = raw.removeprefix(codecs.BOM_UTF8).split(b"\n")
    utf8_letters = False
    read: list[str] = []
    as_cp1252: list[int] = []
    for number, line in enumerate(lines, start=1):
        try:
            text = line.decode("utf-8")
            utf8_letters = utf8_letters or not line.isascii()
        except UnicodeDecodeError:
            text = line.decode("cp1252")
            as_cp1252.append(number)
        read.append(text)
    if not utf8_letters:
        return whole, []
    return "\n".join(read), as_cp1252


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text written without a byte-order mark (as some programs and scripts export it), told by
    its zero bytes: the text of a sheet is mostly letters, digits and separators, whose UTF-16 has a
    zero byte every second byte, on one side only. None when the bytes are not such text."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    sample = raw[:1 << 16]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    pairs = len(sample) // 2
    if odd >= pairs * 0.3 and even == 0:
        encoding = "utf-16-le"
    elif even >= pairs * 0.3 and odd == 0:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


def _mixed_encoding_problem(file: str, lines: list[int]) -> Problem:
    shown = ", ".join(str(n) for n in lines[:20])
    if len(lines) > 20:
        shown = _("{lines} and {count} more", lines=shown, count=len(lines) - 20)
    return Problem(file, None, None, None,
                   ngettext("the file mixes two text encodings: line {lines} read as Windows-1252, the others "
                            "as UTF-8: check the letters æ, ø, å on those rows, and save the file as CSV UTF-8",
                            "the file mixes two text encodings: lines {lines} read as Windows-1252, the others "
                            "as UTF-8: check the letters æ, ø, å on those rows, and save the file as CSV UTF-8",
                            len(lines), lines=shown), severity="warning")


def parse_rows(rows: list[list[object]], file: str, sheet: str | None,
               columns: Mapping[str, Column] | None = None) -> tuple[list[Application], list[Problem]]:
    """Applications and problems from the rows of an overview sheet (row 1 first)."""
    found, problems = parse_located_rows(rows, file, sheet, columns)
    return [f.application for f in found], problems


def parse_located_rows(rows: list[list[object]], file: str, sheet: str | None,
                       columns: Mapping[str, Column] | None = None) -> tuple[list[Found], list[Problem]]:
    index = {**HEADER_INDEX, **(columns or {})}
    header_at = _find_header(rows, index)
    if header_at is None:
        required = ", ".join(f"'{c.headers[0]}'" for c in COLUMNS if c.required)
        return [], [Problem(file, sheet, None, None,
                            _("no header row found in the first {rows} rows: the sheet needs the columns {columns}",
                              rows=HEADER_SEARCH_ROWS, columns=required))]
    header = rows[header_at]
    header_row = header_at + 1
    by_index, written, notes, problems = _read_header(header, index, file, sheet, header_row)
    unknown = list(notes.values())
    for column in COLUMNS:
        if column.required and column.field not in written:
            problems.append(Problem(file, sheet, header_row, None,
                                    _missing_message(column, header, unknown)))
    problems += _unread_column_problems(written, unknown, file, sheet, header_row)
    if any(p.severity == "error" for p in problems):
        return [], problems
    if unknown:
        problems.append(Problem(file, sheet, header_row, None, _unknown_headers_message(unknown, index),
                                severity="warning"))

    found = []
    unread: list[tuple[str, int]] = []  # the ID and row of each row that could not be read
    naming = [i for i, c in by_index.items() if c.field in ("id", "title", "department")]
    for excel_row, row in enumerate(rows[header_row:], start=header_row + 1):
        if all(cells.is_blank(v) for v in row):
            continue
        if _is_total_row(row, naming):
            continue
        again = _header_again(row, by_index, index)
        if again is not None:
            if all(by_index.get(i) == column for i, column in again.items()):
                problems.append(Problem(file, sheet, excel_row, None, _(
                    "the row repeats the column headings (row {header}), as where two sheets are pasted together: "
                    "delete it", header=header_row)))
                continue
            # in another order: the rows below it are read by its headings, as a person reads them
            by_index, written, notes, header_problems = _read_header(row, index, file, sheet, excel_row)
            naming = [i for i, c in by_index.items() if c.field in ("id", "title", "department")]
            problems.append(Problem(file, sheet, excel_row, None, _(
                "the row repeats the column headings of row {header} in another order, as where two sheets are "
                "pasted together: the rows below it are read by its headings; put them in a sheet of their own "
                "and delete this row", header=header_row)))
            problems += [p for p in header_problems if p.severity == "error"]
            problems += [Problem(file, sheet, excel_row, None, _missing_message(column, row, list(notes.values())))
                         for column in COLUMNS if column.required and column.field not in written]
            continue
        app, row_problems = _parse_row(row, excel_row, by_index, written, notes, file, sheet)
        problems += row_problems
        if app is not None:
            found.append(Found(app, file, sheet, excel_row, written["id"]))
            if app.assessment is None and "verdict" in written:
                problems.append(_not_assessed(app.id, file, sheet, excel_row, written["verdict"]))
        elif (named := _row_id(row, by_index)) is not None:
            unread.append((named, excel_row))
    problems += _unread_duplicates(found, unread, file, sheet, written["id"])
    return found, problems


def _row_id(row: list[object], columns: dict[int, Column]) -> str | None:
    """The ID a row that could not be read names, read as `_parse_row` reads it (None: none)."""
    for i, column in columns.items():
        if column.field == "id":
            value, trouble = read_cell(row[i] if i < len(row) else None, column.kind, column.required, "")
            return None if trouble or value is BLANK else str(value)
    return None


def _unread_duplicates(found: list[Found], unread: list[tuple[str, int]], file: str, sheet: str | None,
                       column: str) -> list[Problem]:
    """An ID named twice in a sheet where one of the rows has another problem: said now, with the
    other problems, not only once that row is mended (`duplicate_id_problems` sees the rows read)."""
    rows = sorted([(f.application.id, f.row, True) for f in found] + [(i, r, False) for i, r in unread],
                  key=lambda t: t[1])
    first: dict[str, tuple[int, bool]] = {}
    problems = []
    for id_, row, read in rows:
        earlier = first.setdefault(id_, (row, read))
        if earlier[0] != row and not (read and earlier[1]):  # two rows read: `duplicate_id_problems` says it
            problems.append(_duplicate(id_, file, sheet, row, column, None, earlier[0]))
    return problems


def _not_assessed(application: str, file: str, sheet: str | None, row: int, column: str) -> Problem:
    """A sheet with the council's verdict column, and a row left without one: the allocation will
    hold the application incomplete (principle 5), so it is said before the round."""
    return Problem(file, sheet, row, column, _(
        "{application} has no assessment from the council: the allocation holds it not assessed (incomplete); "
        "write Støttes, Ikke anbefalet or Afvist", application=application), severity="warning")


def _read_header(header: list[object], index: Mapping[str, Column], file: str, sheet: str | None,
                 header_row: int) -> tuple[dict[int, Column], dict[str, str], dict[int, str], list[Problem]]:
    """Which column each header cell means; the others are kept as notes.

    A compound read by its last word ("Projekttitel") gives way to a column named plainly, and is
    named in a warning; a header that could mean two columns, or amounts in thousands, is a problem.
    """
    matches: dict[int, tuple[str, HeaderMatch]] = {}
    for i, cell in enumerate(header):
        if not cells.is_blank(cell):
            text = cells.parse_text(cell)
            matches[i] = (text, match_header(text, index))
    plain = {m.column.field for _, m in matches.values() if m.column is not None and m.how != "compound"}
    by_index: dict[int, Column] = {}
    written: dict[str, str] = {}
    notes: dict[int, str] = {}
    problems: list[Problem] = []
    compounds: list[str] = []
    for i, (text, match) in matches.items():
        if match.how == "thousands":
            problems.append(Problem(file, sheet, header_row, text,
                                    _("amounts in thousands of kroner are not read: write whole kroner "
                                      "(250.000, not 250) and name the column e.g. 'Ansøgt beløb (kr.)'")))
            continue
        if match.ambiguous:
            meant = one_of([f"'{display_header(c)}'" for c in match.candidates])
            fields = one_of([f'"{text}" = "{c.field}"' for c in match.candidates])
            problems.append(Problem(file, sheet, header_row, text,
                                    _("could mean {meant}: rename the column, or map it with --columns ({mappings})",
                                      meant=meant, mappings=fields)))
            continue
        column = match.column
        if column is None or (match.how == "compound" and column.field in plain):
            notes[i] = text
            continue
        if column.field in written:
            problems.append(Problem(file, sheet, header_row, text,
                                    _("two columns mean '{field}' ('{other}' too): keep one",
                                      field=column.field, other=written[column.field])))
            continue
        by_index[i] = column
        written[column.field] = text
        if match.how == "compound":
            compounds.append(_("'{header}' as '{column}'", header=text, column=display_header(column)))
    if compounds and not any(p.severity == "error" for p in problems):
        problems.append(Problem(file, sheet, header_row, None,
                                _("read {compounds}: if that is wrong, map the columns with --columns",
                                  compounds=", ".join(compounds)),
                                severity="warning"))
    return by_index, written, notes, problems


def _missing_message(column: Column, header: list[object], unknown: list[str]) -> str:
    near = next((u for u in sorted(unknown) if closest_header(u, _headers_of(column)) is not None), None)
    found = ", ".join(sorted(f"'{cells.parse_text(c)}'" for c in header if not cells.is_blank(c)))
    hint = (_("; is it '{header}'? Rename that column, or map it with --columns", header=near) if near else
            _(": add it, or name the column that holds it with --columns"))
    return _("the required column '{column}' is missing (the header row has {found}){hint}",
             column=column.headers[0], found=found, hint=hint)


# A sheet that has some of these columns is read as one whose council has assessed and rated:
# an unrecognised header there most likely holds the one that is missing.
_ASSESSED = ("verdict", *RATINGS)


def _unread_column_problems(written: Mapping[str, str], unknown: list[str], file: str, sheet: str | None,
                            header_row: int) -> list[Problem]:
    """Nothing silently zeroed: a column the council fills in that is missing while unrecognised
    columns are present would leave every application incomplete or unrated, so it is an error
    naming the unrecognised columns.

    A sheet without any assessment or rating column (ratings from an assessments file, or a
    round not yet assessed) is read as it is; so is one whose every header is recognised."""
    if not unknown:
        return []
    present = [f for f in _ASSESSED if f in written]
    missing = [f for f in _ASSESSED if f not in written]
    if not missing:
        return []
    rated = [f for f in RATINGS if f in written]
    problems = []
    for field in missing:
        if field == "verdict" and not present:
            continue
        if field != "verdict" and not rated:
            continue
        column = FIELDS[field]
        near = sorted(u for u in unknown if closest_header(u, _headers_of(column), cutoff=0.6)) or sorted(unknown)
        listed = ", ".join(f"'{u}'" for u in near)
        effect = (_("no application can be recommended (all would be incomplete)") if field == "verdict"
                  else _("every application would be rated 0 on it"))
        problems.append(Problem(
            file, sheet, header_row, None,
            _("no column is read as '{column}', so {effect}; not recognised: {unknown}: map the one that holds "
              "it with --columns (e.g. \"{example}\" = \"{field}\"), or add an empty column '{column}'",
              column=column.headers[0], effect=effect, unknown=listed, example=near[0], field=field)))
    return problems


def _headers_of(column: Column) -> dict[str, Column]:
    return {normalise_header(h): column for h in column.headers}


def _unknown_headers_message(unknown: list[str], index: Mapping[str, Column]) -> str:
    listed = []
    for header in unknown:
        near = closest_header(header, dict(index))
        listed.append(_("'{header}' (did you mean '{near}'?)", header=header, near=near) if near else f"'{header}'")
    return _("columns not recognised, kept as notes: {headers}", headers=", ".join(listed))


def _header_fields(row: list[object], index: Mapping[str, Column]) -> set[str]:
    matches = (match_header(cells.parse_text(c), index) for c in row if not cells.is_blank(c))
    return {m.column.field for m in matches if m.column is not None}


def _find_header(rows: list[list[object]], index: Mapping[str, Column] = HEADER_INDEX) -> int | None:
    required = {c.field for c in COLUMNS if c.required}
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        fields = _header_fields(row, index)
        if len(fields) >= 2 and fields & required:
            return i
    return None


def _header_again(row: list[object], columns: dict[int, Column], index: Mapping[str, Column]
                  ) -> dict[int, Column] | None:
    """The columns a row below the header names, by position, where it names the ID column and at
    least half of the header's columns again, in any order (None: a row of data). One line for the
    row, not one for every cell that is not what its column holds."""
    # First, cheaply, by the cell in the ID column: an ID (mostly with a digit), or a heading (mostly
    # without, or one exactly) -- matching every cell of every row took 10.000 rows from 0,7 to 1,8 s.
    at = next((i for i, column in columns.items() if column.field == "id"), None)
    cell = row[at] if at is not None and at < len(row) else None
    if not isinstance(cell, str) or (any(ch.isdigit() for ch in cell) and normalise_header(cell) not in index):
        return None
    named = {}
    for i, cell in enumerate(row):
        if isinstance(cell, str) and not cells.is_blank(cell):
            match = match_header(cells.parse_text(cell), index)
            if match.column is not None and not match.ambiguous:
                named[i] = match.column
    fields = {column.field for column in columns.values()}
    again = {column.field for column in named.values()} & fields
    return named if "id" in again and len(again) >= max(2, (len(fields) + 1) // 2) else None


def _is_total_row(row: list[object], naming: list[int]) -> bool:
    """A totals row says so in its first text cell ("I alt", "Total", "Sum") and names nothing else.

    `naming` are the id, title and department columns: a row with "Sum" as its id but a title
    of its own is an application; "I alt" with only amounts beside it is a total.
    """
    first = next((i for i, v in enumerate(row) if isinstance(v, str) and v.strip()), None)
    if first is None or normalise_header(row[first]) not in TOTAL_WORDS:
        return False
    return all(i == first or i >= len(row) or cells.is_blank(row[i]) for i in naming)


def _parse_row(row: list[object], excel_row: int, columns: dict[int, Column], written: dict[str, str],
               notes: dict[int, str], file: str, sheet: str | None) -> tuple[Application | None, list[Problem]]:
    values: dict[str, object] = {}
    problems: list[Problem] = []

    def cell_at(i: int) -> object:
        return row[i] if i < len(row) else None

    for i, column in columns.items():
        cell = cell_at(i)
        header = written[column.field]
        value, trouble = read_cell(cell, column.kind, column.required, _("missing: this column is required"))
        if trouble:
            problems.append(Problem(file, sheet, excel_row, header, trouble))
        elif value is not BLANK:
            values[column.field] = value
    kept = []
    for i, header in notes.items():
        cell = cell_at(i)
        if isinstance(cell, cells.FormulaWithoutValue):
            problems.append(Problem(file, sheet, excel_row, header, formula_message(cell)))
        elif not cells.is_blank(cell):
            kept.append((header, cells.parse_text(cell)))
    if problems:
        return None, problems
    return build_application(values, notes=tuple(kept), file=file, sheet=sheet, row=excel_row, written=written)
