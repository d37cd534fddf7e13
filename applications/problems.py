"""Problems found in input files, as data: where (file, sheet, row, column) and what.

Readers collect every problem and raise them together, so a user fixes a sheet in one go.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from digipulje.messages import _, ngettext
from digipulje.base.errors import InputError

SHOWN = 50  # problems listed before "... and N more"


@dataclass(frozen=True)
class Problem:
    file: str
    sheet: str | None
    row: int | None  # the row number as the spreadsheet shows it (1-based)
    column: str | None  # the header as written in the file
    message: str
    severity: str = "error"  # or "warning"

    def location(self) -> str:
        """Where, in the language in force: file, sheet, row, column (those that are known)."""
        where = _("{file}, sheet '{sheet}'", file=self.file, sheet=self.sheet) if self.sheet else self.file
        if self.row is not None:
            where = _("{location}, row {row}", location=where, row=self.row)
        if self.column:
            where = _("{location}, column '{column}'", location=where, column=self.column)
        return where

    def line(self) -> str:
        """The one line a person reads: where, then what is wrong and how to fix it."""
        line = _("{location}: {message}", location=self.location(), message=self.message)
        return _("warning: {line}", line=line) if self.severity == "warning" else line

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def one_of(items: list[str]) -> str:
    """'a', 'b' or 'c' in the language in force (items already quoted as they should show)."""
    text = items[0] if items else ""
    for item in items[1:]:
        text = _("{left} or {right}", left=text, right=item)
    return text


_VALIDATION = {  # pydantic's error types, by the same English words pydantic writes
    "missing": lambda c: _("Field required"),
    "greater_than": lambda c: _("Input should be greater than {gt}", gt=c["gt"]),
    "greater_than_equal": lambda c: _("Input should be greater than or equal to {ge}", ge=c["ge"]),
    "less_than": lambda c: _("Input should be less than {lt}", lt=c["lt"]),
    "less_than_equal": lambda c: _("Input should be less than or equal to {le}", le=c["le"]),
    "string_too_short": lambda c: ngettext("String should have at least {count} character",
                                           "String should have at least {count} characters", c["min_length"]),
    "string_type": lambda c: _("Input should be a valid string"),
    "int_type": lambda c: _("Input should be a valid integer"),
    "int_parsing": lambda c: _("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": lambda c: _("Input should be a valid integer, got a number with a fractional part"),
    "float_parsing": lambda c: _("Input should be a valid number, unable to parse string as a number"),
    "bool_parsing": lambda c: _("Input should be a valid boolean, unable to interpret input"),
    "extra_forbidden": lambda c: _("Extra inputs are not permitted"),
    "literal_error": lambda c: _("Input should be {expected}", expected=c["expected"]),
    "enum": lambda c: _("Input should be {expected}", expected=c["expected"]),
}


def validation_message(error: dict) -> str:
    """One pydantic error in the language in force: our own rules' texts are already in it (they
    come from the catalogue); pydantic's common ones are in the catalogue under pydantic's words."""
    if error.get("type") == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    text = _VALIDATION.get(error.get("type", ""))
    context = {k: int(v) if isinstance(v, float) and v.is_integer() else v  # 1.0 written 1, as pydantic does
               for k, v in (error.get("ctx") or {}).items()}
    try:
        return text(context) if text else str(error["msg"])
    except KeyError:
        return str(error["msg"])


def problem_lines(problems: list[Problem]) -> list[str]:
    lines = [p.line() for p in problems[:SHOWN]]
    if len(problems) > SHOWN:
        lines.append(ngettext("... and {count} more problem", "... and {count} more problems", len(problems) - SHOWN))
    return lines


class ApplicationsError(InputError):
    """Application files with errors; `problems` holds every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(*problem_lines(errors))
