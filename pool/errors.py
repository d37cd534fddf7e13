"""The errors digipulje raises, one hierarchy for the whole product.

    DigipuljeError                 anything the user can fix; the CLI prints it as one line per problem
    ├── InputError                 a file that cannot be read as what it should be
    │   └── (applications.problems.ApplicationsError  problems found in application files)
    ├── OverrideConflict           overrides that cannot all hold
    └── SolverFailure              the solver did not return a proven optimum

Each error carries `lines`: the problems in plain words, already fit to print.
"""

from __future__ import annotations


class DigipuljeError(Exception):
    """Base of every error a user can act on."""

    def __init__(self, *lines: str) -> None:
        self.lines: tuple[str, ...] = tuple(lines) or ("unknown error",)
        super().__init__("\n".join(self.lines))


class InputError(DigipuljeError):
    """A file (pool, overrides, applications, baseline) that cannot be used as it is."""


class OverrideConflict(DigipuljeError):
    """Overrides that cannot all hold at once; the message names every override involved."""


class SolverFailure(DigipuljeError):
    """The solver stopped without a proven optimum (or is not installed)."""
