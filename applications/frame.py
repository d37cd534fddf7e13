"""Applications from a pandas DataFrame, for those who work in notebooks.

The frame is read as an overview sheet is: its column labels are the header row, matched in
Danish or English exactly as a sheet's headers are, and every row goes through the sheet's own
reader (`spreadsheet.parse_located_rows`), so the same cells give the same applications and the
same problems. Rows are numbered as in the sheet `frame.to_excel(index=False)` would write: the
header is row 1, the frame's first row is row 2.

pandas is imported here only when a frame is read: it is slow to import and nothing else needs it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from digipulje.applications.columns import Column
from digipulje.applications.model import Application
from digipulje.applications.problems import ApplicationsError
from digipulje.applications.spreadsheet import duplicate_id_problems, parse_located_rows

if TYPE_CHECKING:
    import pandas as pd

FRAME_NAME = "DataFrame"


def applications_from_frame(frame: pd.DataFrame, *, name: str = FRAME_NAME,
                            columns: Mapping[str, Column] | None = None) -> list[Application]:
    """The applications in `frame`, one per row; raises `ApplicationsError` with every problem.

    `name` stands for the file in the problems ("DataFrame, row 3, column 'Ansøgt beløb': ...");
    `columns` maps one's own headers to digipulje's columns, as `--columns` does.
    """
    rows = [[_cell(label) for label in frame.columns]]
    rows += [[_cell(value) for value in row] for row in frame.itertuples(index=False, name=None)]
    found, problems = parse_located_rows(rows, name, None, columns)
    problems += duplicate_id_problems(found)
    if any(p.severity == "error" for p in problems):
        raise ApplicationsError(problems)
    return [f.application for f in found]


def _cell(value: object) -> object:
    """A frame's value as a sheet's cell: missing values (None, NaN, NaT, pd.NA) are empty cells,
    NumPy's numbers are Python's, a Timestamp is a datetime."""
    import pandas as pd

    if value is None or (not isinstance(value, (str, bytes, list, tuple, dict)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, (str, int, float, dt.date)):
        return value
    item = getattr(value, "item", None)  # a NumPy scalar (int64, float64, bool_, datetime64)
    return item() if callable(item) else value
