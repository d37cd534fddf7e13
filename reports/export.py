"""An allocation as CSV (and the guard every spreadsheet output shares against formula injection)."""

from __future__ import annotations

import csv
import io

from digipulje.pool.allocation import Allocation
from digipulje.pool.labels import status_label
from digipulje.reports.untrusted import safe_text
from digipulje.pool.explain import reasons_deciding_first

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Text that Excel would read as a formula gets a leading apostrophe, so it shows as text;
    a control or bidirectional-override character in it shows escaped (`safe_text`)."""
    if isinstance(value, str):
        value = safe_text(value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


CSV_COLUMNS = ("id", "title", "department", "requested_dkk", "min_dkk", "granted_dkk", "status",
               "status_text", "score", "reasons")


def render_csv(allocation: Allocation, lang: str = "da") -> str:
    """Semicolon-separated, as Danish Excel expects; written to a file with a UTF-8 BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for d in allocation.decisions:
        writer.writerow([safe_cell(v) for v in (
            d.id, d.title, d.department, d.requested_dkk, d.min_dkk, d.granted_dkk, d.status.value,
            status_label(d.status, lang), f"{d.score:.2f}", " | ".join(r.text(lang) for r in reasons_deciding_first(d)),
        )])
    return buffer.getvalue()
