"""Guards for files that come from outside: department spreadsheets are untrusted input.

Before a workbook is opened it must be small enough, unpack to a bounded size (a zip bomb is
refused before a byte is inflated), and its XML must be read with `defusedxml` (openpyxl uses it
when it is installed; digipulje refuses to open a workbook if it is not in use). Workbooks are
opened read-only with the values Excel saved: formulas are never calculated, macros never run,
and the file is never written to.

Each check returns the problem in plain words, or None when the file passes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MAX_FILE_BYTES = 20 * 1024 * 1024  # a council sheet or a filled form is far below this
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 5_000

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx
ZIP_MAGIC = b"PK\x03\x04"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_size(path: Path) -> str | None:
    size, limit = path.stat().st_size, MAX_FILE_BYTES
    if size > limit:
        return (f"the file is {_megabytes(size)}, more than the {_megabytes(limit)} digipulje reads: "
                "remove pictures and other sheets, or split it")
    return None


def check_workbook(path: Path) -> str | None:
    """Is this an .xlsx/.xlsm zip package whose parts unpack to a sane size?

    The sizes are those the zip directory declares; a part that inflates beyond its declared
    size is stopped by the zip module itself, so the declared total bounds the work.
    """
    with path.open("rb") as handle:
        start = handle.read(8)
    if start == OLE2_MAGIC:
        return ("this is an old .xls workbook or a password-protected one: open it in Excel and "
                "save it as .xlsx without a password")
    if not start.startswith(ZIP_MAGIC):
        return "not an Excel workbook (.xlsx): open it in Excel and save it as .xlsx"
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return "the workbook is damaged (not a readable .xlsx package): open it in Excel and save it again"
    if len(entries) > MAX_ZIP_ENTRIES:
        return (f"the workbook has {len(entries)} parts, more than the {MAX_ZIP_ENTRIES} digipulje reads: "
                "save the sheet on its own as a new .xlsx")
    unpacked, unpacked_limit = sum(entry.file_size for entry in entries), MAX_UNPACKED_BYTES
    if unpacked > unpacked_limit:
        return (f"the workbook unpacks to {_megabytes(unpacked)}, more than the {_megabytes(unpacked_limit)} "
                "digipulje reads (it may be damaged or built to exhaust memory): save the sheet on its own "
                "as a new .xlsx")
    return None


def check_xml_parser() -> str | None:
    """openpyxl parses with defusedxml only if it is installed and not switched off."""
    import openpyxl.xml

    if not openpyxl.xml.DEFUSEDXML:
        return ("cannot read Excel files safely: the defusedxml package is missing or switched off "
                "(install it with pip install defusedxml, and do not set OPENPYXL_DEFUSEDXML=False)")
    return None
