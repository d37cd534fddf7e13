"""The errors digipulje raises, one hierarchy for the whole product.

    Exception
    └── DigipuljeError                 anything the user can fix; the CLI prints it as one line per problem
        ├── InputError                 a file that cannot be read as what it should be
        │   ├── ApplicationsError      problems found in application files (applications.problems)
        │   ├── CellError              one cell that cannot be read as its column's kind; also a
        │   │                          ValueError (applications.cells)
        │   └── KitosError             a KITOS export that cannot be read (applications.kitos)
        ├── OverrideConflict           overrides that cannot all hold
        ├── SolverFailure              the solver did not return a proven optimum
        │   ├── SearchTooLong          the exact search's node count reached: the integer program takes over (solver.exact)
        │   ├── SolveTimeLimit         the wall-clock limit was reached: the stage, the best found, its gap
        │   └── SweepTooLarge          a budget sweep needing more memory than it may use (solver.sweep)
        ├── RoundStoreError            the round database cannot do what was asked (rounds.store)
        │   ├── DatabaseBusy           another process is writing to it (rounds.store)
        │   ├── LogTampered            the decision log was edited by hand (rounds.log)
        │   ├── RecusedError           an assessor rating their own department (rounds.rounds)
        │   ├── DecisionRecorded       a second decision before the first is reopened (rounds.rounds)
        │   └── RoundChanged           the round changed after the caller saw it (rounds.rounds)
        ├── OutputError                an output file that would overwrite an input, or cannot be
        │                              written (commands.outputs)
        ├── UserError                  a user command of the web app that cannot be done (web.users)
        ├── DraftChanged               a chief's changes saved from another tab meanwhile (web.users)
        ├── Forbidden                  a page the signed-in user's role may not use (web.site)
        └── RequestTooLarge            an upload above the web app's limit (web.app)

    KeyboardInterrupt
    └── SolveInterrupted               Ctrl-C during a solve: which stage was stopped

`SolveInterrupted` is a `KeyboardInterrupt`, not a `DigipuljeError`, on purpose: no
`except DigipuljeError` (or `except Exception`) may swallow Ctrl-C. `tests/test_errors.py` checks
that this drawing is the real tree.

Each error carries `lines`: the problems in plain words, already fit to print.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator

from digipulje.base.money import format_number
from digipulje.messages import _, current_language, use_language


class DigipuljeError(Exception):
    """Base of every error a user can act on."""

    def __init__(self, *lines: str) -> None:
        self.lines: tuple[str, ...] = tuple(lines) or (_("unknown error"),)
        super().__init__("\n".join(self.lines))


class InputError(DigipuljeError):
    """A file (pool, overrides, applications, baseline) that cannot be used as it is."""


class OverrideConflict(DigipuljeError):
    """Overrides that cannot all hold at once; the message names every override involved."""


class SolverFailure(DigipuljeError):
    """The solver stopped without a proven optimum (or is not installed)."""


_STAGE_NAMES = {  # the solver's stages (`solver.solve`), as a reader knows them
    "total value": lambda: _("total value"),
    "kroner granted": lambda: _("kroner granted"),
    "partial grants": lambda: _("partial grants"),
    "kroner moved from baseline": lambda: _("kroner moved from baseline"),
    "tie-break: kroner to higher-ranked": lambda: _("tie-break: kroner to higher-ranked"),
    "canonical: grants in rank order": lambda: _("the one allocation: grants in rank order"),
}


@contextlib.contextmanager
def _language(lang: str | None) -> Iterator[None]:
    """Within the block, `lang` if given, else the language in force."""
    if lang is None:
        yield
    else:
        with use_language(lang):
            yield


def stage_name(name: str, lang: str | None = None) -> str:
    """A solver stage's name in `lang` (default: the language in force)."""
    with _language(lang):
        text = _STAGE_NAMES.get(name)
        return text() if text else name


def no_such_application(application: str, known: Iterable[str], shown: int = 20) -> str:
    """"there is no application X: the ids are …": the known ids in order, the first `shown` of them."""
    ids = sorted(known)
    listed = ", ".join(ids[:shown]) + (_(" … ({count} in all)", count=len(ids)) if len(ids) > shown else "")
    return _("there is no application '{application}': the ids are {ids}", application=application,
             ids=listed or _("none"))


def kroner(amount: int) -> str:
    """An amount with its thousands grouped as a reader of the language in force expects: 250.000 or 250,000."""
    return format_number(amount, current_language())


_GRANTS_SHOWN = 10  # of the best allocation found, in the one line of a time limit


class SolveTimeLimit(SolverFailure):
    """The solve reached its wall-clock limit: no answer is given as optimal.

    Carries the stage (1-based, of `stages`), the best allocation found so far (every earlier
    stage's optimum holds for it; None if there is none) and its proven gap on this stage's
    objective (None when no bound could be had).
    """

    def __init__(self, stage: int, stages: int, name: str, limit: float, best: dict[str, int] | None,
                 gap: float | None) -> None:
        self.stage, self.stages, self.name, self.limit = stage, stages, name, limit
        self.best, self.gap = best, gap
        super().__init__(self.line())

    def line(self, lang: str | None = None) -> str:
        """The one line a person reads, in `lang` (default: the language in force)."""
        with _language(lang):
            funded = sorted((k, v) for k, v in (self.best or {}).items() if v > 0)
            grants = ", ".join(_("{application} {amount} kr", application=k, amount=kroner(v))
                               for k, v in funded[:_GRANTS_SHOWN])
            if len(funded) > _GRANTS_SHOWN:  # a round of thousands: one line still, not every grant
                grants = _("{grants} and {count} more grants, {total} kr in all", grants=grants,
                           count=format_number(len(funded) - _GRANTS_SHOWN, current_language()),
                           total=kroner(sum(v for _k, v in funded)))
            found = (_("no allocation found yet") if self.best is None else
                     _("best allocation found: {grants}", grants=grants or _("no grants")))
            gap = (_("gap to the optimum unknown") if self.gap is None else
                   _("proven gap at most {gap}", gap=kroner(round(self.gap))))
            return _("the time limit of {limit:g} s was reached at stage {stage} of {stages} ({name}): {found}; "
                     "{gap}; allow more time with --time-limit SECONDS", limit=self.limit, stage=self.stage,
                     stages=self.stages, name=stage_name(self.name), found=found, gap=gap)


class SolveInterrupted(KeyboardInterrupt):
    """Ctrl-C during a solve: the stage that was stopped (1-based, of `stages`)."""

    def __init__(self, stage: int, stages: int, name: str) -> None:
        self.stage, self.stages, self.name = stage, stages, name
        super().__init__(self.line())

    def line(self, lang: str | None = None) -> str:
        """The one line a person reads, in `lang` (default: the language in force)."""
        with _language(lang):
            return _("interrupted: the solve was stopped at stage {stage} of {stages} ({name}); nothing was saved",
                     stage=self.stage, stages=self.stages, name=stage_name(self.name))
