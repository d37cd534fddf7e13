"""Guards for files that come from outside: department spreadsheets, filled forms, KITOS exports,
assessors' sheets and .pb files are untrusted input.

Every reader passes its file through the same guard, with limits of its own (`Limits`), and
nothing heavy happens before the guard has said yes:

- the file's size (`check_size`);
- for a workbook: that it is an .xlsx/.xlsm zip package, its number of parts and the size they
  unpack to, read from the zip's directory (a zip bomb is refused before a byte is inflated),
  then each sheet's rows and columns, counted by streaming its XML (`check_workbook`): openpyxl
  would otherwise build every row of a sheet that claims a row 1,048,576;
- for text (.csv, .pb): its lines, counted in the bytes (`check_lines`);
- while the rows are read: each cell's length (`check_cell`), at most Excel's own 32,767
  characters.

The row limits are lower than Excel's 1,048,576 where the work would blow up (the README gives
them): a council reads hundreds of applications, not millions. The workbook's XML is read with
`defusedxml` (openpyxl uses it when it is installed; digipulje refuses to open a workbook if it is
not in use). Workbooks are opened read-only with the values Excel saved: formulas are never
calculated, macros never run, and the file is never written to.

Each check returns the problem in plain words, or None when the file passes.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from digipulje.messages import _

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
EXCEL_MAX_CELL_CHARS = 32_767

MAX_FILE_BYTES = 20 * 1024 * 1024  # a council sheet or a filled form is far below this
MAX_UNPACKED_BYTES = 16 * 1024 * 1024  # what openpyxl parses in a few seconds (see BENCHMARKS.md)
MAX_ZIP_ENTRIES = 5_000
MAX_ROWS = 10_000  # applications in one sheet: a council reads hundreds
MAX_COLUMNS = 1_000


@dataclass(frozen=True)
class Limits:
    """How much of a kind of file digipulje reads. `rows` counts every row (headers and title
    rows too); `columns` the widest row; `cell_chars` the longest cell."""

    file_bytes: int
    unpacked_bytes: int
    rows: int
    columns: int
    cell_chars: int = EXCEL_MAX_CELL_CHARS


def sheet_limits() -> Limits:
    """Application sheets and forms (read when called, so a test may lower a module limit)."""
    return Limits(MAX_FILE_BYTES, MAX_UNPACKED_BYTES, MAX_ROWS, MAX_COLUMNS)


def assessment_limits() -> Limits:
    """Assessors' ratings: one row per application, assessor and principle."""
    return Limits(MAX_FILE_BYTES, MAX_UNPACKED_BYTES, MAX_ASSESSMENT_ROWS, MAX_COLUMNS)


def kitos_limits() -> Limits:
    """A KITOS export: its reader stops at 20,000 system usages, so its rows are Excel's."""
    return Limits(MAX_KITOS_BYTES, MAX_KITOS_UNPACKED_BYTES, EXCEL_MAX_ROWS, MAX_COLUMNS)


def pabulib_limits() -> Limits:
    return Limits(MAX_PABULIB_BYTES, MAX_PABULIB_BYTES, MAX_PABULIB_LINES, MAX_COLUMNS)


MAX_ASSESSMENT_ROWS = 50_000
MAX_KITOS_BYTES = 25_000_000  # a large municipality's full export is a few MB
MAX_KITOS_UNPACKED_BYTES = 32 * 1024 * 1024  # its reader stops at 20,000 usages anyway
MAX_PABULIB_BYTES = 20 * 1024 * 1024  # the largest of Pabulib's instances we know are below 2 MB
MAX_PABULIB_LINES = 1_000_000

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx
ZIP_MAGIC = b"PK\x03\x04"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_size(path: Path, limits: Limits | None = None) -> str | None:
    size, limit = path.stat().st_size, (limits or sheet_limits()).file_bytes
    if size > limit:
        return _("the file is {size}, more than the {limit} digipulje reads: remove pictures and other sheets, "
                 "or split it", size=_megabytes(size), limit=_megabytes(limit))
    return None


def check_workbook(path: Path, limits: Limits | None = None) -> str | None:
    """Is this an .xlsx/.xlsm zip package whose parts unpack to a sane size, and whose sheets
    have no more rows and columns than digipulje reads?

    The sizes are those the zip directory declares; a part that inflates beyond its declared
    size is stopped by the zip module itself, so the declared total bounds the work.
    """
    limits = limits or sheet_limits()
    with path.open("rb") as handle:
        start = handle.read(8)
    if start == OLE2_MAGIC:
        return _("this is an old .xls workbook or a password-protected one: open it in Excel and "
                 "save it as .xlsx without a password")
    if not start.startswith(ZIP_MAGIC):
        return _("not an Excel workbook (.xlsx): open it in Excel and save it as .xlsx")
    damaged = _("the workbook is damaged (not a readable .xlsx package): open it in Excel and save it again")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return damaged
    if len(entries) > MAX_ZIP_ENTRIES:
        return _("the workbook has {parts} parts, more than the {limit} digipulje reads: "
                 "save the sheet on its own as a new .xlsx", parts=len(entries), limit=MAX_ZIP_ENTRIES)
    unpacked, unpacked_limit = sum(entry.file_size for entry in entries), limits.unpacked_bytes
    if unpacked > unpacked_limit:
        return _("the workbook unpacks to {size}, more than the {limit} digipulje reads (it may be damaged or "
                 "built to exhaust memory): save the sheet on its own as a new .xlsx",
                 size=_megabytes(unpacked), limit=_megabytes(unpacked_limit))
    try:
        return _check_sheets(path, limits)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, RuntimeError):
        return damaged


_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb"\br=\"(\d+)\"")
_CELL_COLUMN = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3})\d+\"")
_CHUNK = 1 << 20
_OVERLAP = 4096


def _check_sheets(path: Path, limits: Limits) -> str | None:
    """Each sheet's rows (the highest row number, or the count of rows without one) and columns,
    streamed from its XML: neither openpyxl nor the whole XML is loaded."""
    with zipfile.ZipFile(path) as archive:
        titles = _sheet_titles(archive)
        for entry in archive.infolist():
            name = entry.filename
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            rows, columns = _sheet_extent(archive, entry)
            sheet = _("the sheet '{sheet}'", sheet=titles[name]) if name in titles else _("a sheet")
            if rows > limits.rows:
                return _("{sheet} has {rows:,} rows, more than the {limit:,} digipulje reads: delete the empty rows "
                         "below the table (select them, Delete rows) or split the sheet, and save it",
                         sheet=sheet, rows=rows, limit=limits.rows)
            if columns > limits.columns:
                return _("{sheet} has {columns:,} columns, more than the {limit:,} digipulje reads: delete the "
                         "empty columns to the right of the table, and save it",
                         sheet=sheet, columns=columns, limit=limits.columns)
    return None


def _sheet_extent(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> tuple[int, int]:
    rows = counted = columns = 0
    tail = b""
    with archive.open(entry) as part:
        while True:
            chunk = part.read(_CHUNK)
            data = tail + chunk
            if chunk:  # keep the last tag, perhaps cut in two, for the next round
                cut = data.rfind(b"<")
                if cut <= 0:  # text without a tag: nothing to read in it
                    cut = len(data) if len(data) > _OVERLAP else 0
                window, tail = data[:cut], data[cut:]
            else:
                window, tail = data, b""
            for match in _ROW.finditer(window):
                number = _ROW_NUMBER.search(match.group(1))
                counted += 1
                rows = max(rows, int(number.group(1)) if number else counted)
            for letters in set(_CELL_COLUMN.findall(window)):
                columns = max(columns, _column_number(letters))
            if not chunk:
                break
    return max(rows, counted), columns


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet part -> the title Excel shows, from the (small) workbook part and its relations."""
    from defusedxml import ElementTree

    try:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
            return {}
        if max(archive.getinfo(n).file_size for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")) > _CHUNK * 4:
            return {}
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # a damaged or hostile workbook part: the sheets are then named by number
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in relations}
    titles = {}
    for sheet in workbook.iter():
        if sheet.tag.endswith("}sheet"):
            rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rid, "").lstrip("/")
            if target and not target.startswith("xl/"):
                target = "xl/" + target
            titles[target] = sheet.get("name", "")
    return titles


def check_lines(raw: bytes, limits: Limits) -> str | None:
    """A text file's lines, counted in its bytes before it is parsed."""
    lines = raw.count(b"\n") + (0 if raw.endswith(b"\n") or not raw else 1)
    if lines > limits.rows:
        return _("the file has {lines:,} lines, more than the {limit:,} digipulje reads: "
                 "split it, or remove the empty lines at its end", lines=lines, limit=limits.rows)
    return None


def check_cell(value: object, limits: Limits | None = None) -> str | None:
    """A cell longer than Excel's own limit was not written by Excel, and is not read."""
    limit = (limits or sheet_limits()).cell_chars
    if isinstance(value, str) and len(value) > limit:
        return _("the cell holds {length:,} characters, more than the {limit:,} a cell can hold: shorten it",
                 length=len(value), limit=limit)
    return None


def first_long_cell(rows: list[list[object]], limits: Limits | None = None) -> tuple[int, int, str] | None:
    """The first cell (0-based row and column) longer than the limit, and the problem with it."""
    limit = (limits or sheet_limits()).cell_chars
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str) and len(value) > limit:
                return r, c, check_cell(value, limits) or ""
    return None


def check_xml_parser() -> str | None:
    """openpyxl parses with defusedxml only if it is installed and not switched off."""
    import openpyxl.xml

    if not openpyxl.xml.DEFUSEDXML:
        return ("cannot read Excel files safely: the defusedxml package is missing or switched off "
                "(install it with pip install defusedxml, and do not set OPENPYXL_DEFUSEDXML=False)")
    return None
