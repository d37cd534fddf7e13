"""Small workbooks and CSV files for the reader's tests, built in the test's own folder."""

from __future__ import annotations

from pathlib import Path

import openpyxl

HEADER = ["ID", "Titel", "Afdeling", "Ansøgt beløb (kr.)"]


def write_xlsx(path: Path, rows: list[list[object]], title: str = "Ansøgninger",
               merged: tuple[str, ...] = (), more_sheets: dict[str, list[list[object]]] | None = None) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    for name, other in (more_sheets or {}).items():
        extra = workbook.create_sheet(name)
        for row in other:
            extra.append(row)
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list[object]], delimiter: str = ";", encoding: str = "utf-8") -> Path:
    text = "\r\n".join(delimiter.join("" if v is None else str(v) for v in row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path
