"""Applications from a pandas DataFrame: read as a sheet is read, with the same problems."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from digipulje.applications.frame import applications_from_frame
from digipulje.applications.problems import ApplicationsError
from digipulje.applications.spreadsheet import read_applications
from tests.applications.sheets import write_xlsx
from tests.applications.test_messy_round import MESSY_XLSX, REASONS, ROUND

ROOT = Path(__file__).resolve().parents[2]


def messy_rows() -> list[list[object]]:
    """The made-up 2026 round with headers as an office writes them, a note column and empty cells."""
    return [[*row[:11], row[11], REASONS.get(row[0]), "ring først" if row[0] == "B-02" else None] for row in ROUND]


def test_a_frame_gives_what_the_same_sheet_gives(tmp_path):
    rows = messy_rows()
    sheet = read_applications([write_xlsx(tmp_path / "runde.xlsx", [MESSY_XLSX, *rows])])
    frame = pd.DataFrame(rows, columns=MESSY_XLSX)
    assert frame["Mindste beløb (kr.)"].dtype == np.float64  # empty cells are NaN, amounts floats
    read = applications_from_frame(frame, name=str(tmp_path / "runde.xlsx"))
    assert len(read) == len(ROUND) == 16
    assert read == sheet
    s03 = next(a for a in read if a.id == "S-03")
    assert (s03.requested_dkk, s03.min_dkk, s03.ratings.cross_cutting) == (95_000, 80_000, 0)
    assert next(a for a in read if a.id == "S-02").min_dkk is None


def test_row_order_of_the_frame_changes_only_the_order_read(tmp_path):
    frame = pd.DataFrame(messy_rows(), columns=MESSY_XLSX)
    shuffled = frame.sample(frac=1, random_state=7)
    assert sorted(applications_from_frame(shuffled), key=lambda a: a.id) == \
        sorted(applications_from_frame(frame), key=lambda a: a.id)


def test_a_bad_cell_is_the_same_line_as_in_the_sheet(tmp_path):
    rows = messy_rows()
    rows[2][4] = "140,000"  # ambiguous: thousands, or Danish decimals?
    rows[5][6] = 7  # a rating above 4
    rows[9][0] = "S-01"  # an id twice
    path = write_xlsx(tmp_path / "runde.xlsx", [MESSY_XLSX, *rows], title="Sheet")
    with pytest.raises(ApplicationsError) as from_sheet:
        read_applications([path])
    with pytest.raises(ApplicationsError) as from_frame:
        applications_from_frame(pd.DataFrame(rows, columns=MESSY_XLSX), name="runde")
    sheet_lines = [line.replace(f"Arket 'Sheet' i {path}", "runde") for line in from_sheet.value.lines]
    assert list(from_frame.value.lines) == sheet_lines
    assert from_frame.value.lines[0].startswith("runde, række 4, kolonne 'Ansøgt beløb (kr.)': '140,000' kan læses "
                                                "på to måder")
    assert len(from_frame.value.lines) == 3


def test_a_missing_column_names_the_headers_the_frame_has():
    frame = pd.DataFrame({"ID": ["A"], "Titel": ["T"], "Afdeling": ["D"], "Beløbet": [10_000]})
    with pytest.raises(ApplicationsError) as caught:
        applications_from_frame(frame)
    (line,) = caught.value.lines
    assert line.startswith("DataFrame, række 1: ")
    assert "'Ansøgt beløb'" in line


def test_numpy_and_pandas_values_are_read_as_cells():
    frame = pd.DataFrame({
        "ID": ["A", "B"], "Titel": ["T", "U"], "Afdeling": ["D", "D"],
        "Requested": np.array([50_000, 60_000], dtype=np.int64),
        "Borger": pd.array([3, None], dtype="Int64"),
        "Godkendt af afdelingschef": ["Bo Holm", "Eva Lund"],
        "Godkendt dato": [pd.Timestamp("2025-03-01"), pd.NaT],
        "Drift dækkes af ansøger": [np.True_, np.False_],
    })
    a, b = applications_from_frame(frame)
    assert (a.requested_dkk, a.ratings.citizen, b.ratings.citizen) == (50_000, 3, None)
    assert str(a.approval.date) == "2025-03-01" and b.approval.date is None


def test_reading_applications_does_not_import_pandas():
    code = ("import sys, applications.frame, applications.spreadsheet, pool.frames, pool.allocation, analyses.curve, "
            "analyses.scenarios, analyses.robustness; print('pandas' in sys.modules)")
    shown = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "False"
