"""From cell values to an application: one way of reading a cell and building the application,
shared by the overview sheet (`applications.spreadsheet`) and the filled form (`applications.form`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import ValidationError

from digipulje.applications import cells
from digipulje.applications.model import Application, Approval, Assessment, Ratings
from digipulje.applications.principles import CRITERION_KEYS
from digipulje.applications.problems import Problem, validation_message
from digipulje.messages import _

RATINGS = CRITERION_KEYS

PARSERS = {
    "text": cells.parse_text,
    "amount": cells.parse_amount,
    "rating": cells.parse_rating,
    "flag": cells.parse_flag,
    "date": cells.parse_date,
    "verdict": cells.parse_verdict,
    "list": cells.parse_list,
    "kle": cells.parse_kle_codes,
    "quantity": cells.parse_quantity,
    "bottom_line": cells.parse_bottom_line,
}


@dataclass(frozen=True)
class Found:
    """An application and where it was read: for problems that involve two places."""

    application: Application
    file: str
    sheet: str | None
    row: int | None
    id_column: str | None


BLANK = object()  # a cell left empty: no value, and no problem unless it was required


def read_cell(cell: object, kind: str, required: bool, missing: str) -> tuple[object, str | None]:
    """A cell's value as its column's kind, or the problem with it: a formula without a saved
    value, a required cell left empty (`missing`), or text the kind cannot read. An optional
    empty cell is `BLANK` with no problem. Sheets and forms read their cells this one way."""
    if isinstance(cell, cells.FormulaWithoutValue):
        return BLANK, formula_message(cell)
    if cells.is_blank(cell):
        return BLANK, (missing if required else None)
    try:
        return PARSERS[kind](cell), None
    except cells.CellError as exc:
        return BLANK, str(exc)


def formula_message(cell: cells.FormulaWithoutValue) -> str:
    return _("the formula '{formula}' has no saved value, and digipulje never calculates formulas: "
             "open the file in Excel and save it, or type the value instead", formula=cell.formula)


def build_application(values: dict[str, object], *, notes: tuple[tuple[str, str], ...] = (),
                      file: str, sheet: str | None, row: int | None, written: Mapping[str, str],
                      **extra: object) -> tuple[Application | None, list[Problem]]:
    """The application from parsed cell values by field; a rule it breaks is a problem at `row`."""
    try:
        return _build(values, notes, extra), []
    except ValidationError as exc:
        return None, [Problem(file, sheet, row, _column_of(err["loc"], written), validation_message(err))
                      for err in exc.errors()]
    except ValueError as exc:
        return None, [Problem(file, sheet, row, None, str(exc))]


def _build(values: dict[str, object], notes: tuple[tuple[str, str], ...], extra: dict[str, object]) -> Application:
    ratings = Ratings(**{k: values[k] for k in RATINGS if k in values})
    assessment = None
    if "verdict" in values:
        assessment = Assessment(verdict=values["verdict"], reason=values.get("reason"),
                                text=values.get("assessment_text"))
    approval = None
    if "approved_by" in values:
        approval = Approval(name=values["approved_by"], date=values.get("approved_on"))
    fields = {k: values[k] for k in ("id", "title", "department", "unit", "requested_dkk", "min_dkk",
                                     "own_investment_dkk", "yearly_running_cost_dkk", "running_cost_paid_by",
                                     "running_cost_paid_by_applicant", "other_departments", "contact", "systems",
                                     "kle_codes")
              if k in values}
    return Application(**fields, ratings=ratings, assessment=assessment, approval=approval, notes=notes, **extra)


def _column_of(loc: tuple[object, ...], written: Mapping[str, str]) -> str | None:
    for part in loc:
        if isinstance(part, str) and part in written:
            return written[part]
    if loc and loc[0] == "assessment":
        return written.get("verdict") or written.get("reason")
    if loc and loc[0] == "approval":
        return written.get("approved_by")
    if loc and loc[0] == "ratings" and len(loc) > 1:
        return written.get(str(loc[1]))
    return None

