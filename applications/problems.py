"""Problems found in input files, as data: where (file, sheet, row, column) and what.

Readers collect every problem and raise them together, so a user fixes a sheet in one go.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from base.errors import InputError

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
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def line(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{prefix}{self.location()}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def problem_lines(problems: list[Problem]) -> list[str]:
    lines = [p.line() for p in problems[:SHOWN]]
    if len(problems) > SHOWN:
        lines.append(f"... and {len(problems) - SHOWN} more problems")
    return lines


class ApplicationsError(InputError):
    """Application files with errors; `problems` holds every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(*problem_lines(errors))
