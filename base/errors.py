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
        │   ├── SolveTimeLimit         the wall-clock limit was reached: the stage, the best found, its gap
        │   └── SweepTooLarge          a budget sweep needing more memory than it may use (solver.sweep)
        ├── WorkspaceError             the round database cannot do what was asked (rounds.store)
        │   ├── DatabaseBusy           another process is writing to it (rounds.store)
        │   ├── LogTampered            the decision log was edited by hand (rounds.log)
        │   └── RecusedError           an assessor rating their own department (rounds.rounds)
        ├── OutputError                an output file that would overwrite an input, or cannot be
        │                              written (reports.files)
        ├── UserError                  a user command of the web app that cannot be done (web.users)
        ├── Forbidden                  a page the signed-in user's role may not use (web.app)
        └── RequestTooLarge            an upload above the web app's limit (web.app)

    KeyboardInterrupt
    └── SolveInterrupted               Ctrl-C during a solve: which stage was stopped

`SolveInterrupted` is a `KeyboardInterrupt`, not a `DigipuljeError`, on purpose: no
`except DigipuljeError` (or `except Exception`) may swallow Ctrl-C. `tests/test_errors.py` checks
that this drawing is the real tree.

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


STAGE_NAMES_DA = {  # the solver's stages (`solver.solve`), as a Danish reader knows them
    "total value": "samlet værdi",
    "kroner granted": "kroner bevilget",
    "partial grants": "delvise tilskud",
    "kroner moved from baseline": "kroner flyttet fra udgangspunktet",
    "tie-break: kroner to higher-ranked": "lige stillede: kroner til de højest placerede",
}


def stage_name(name: str, lang: str = "da") -> str:
    return STAGE_NAMES_DA.get(name, name) if lang == "da" else name


def _kroner(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


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
        super().__init__(self.line("en"))

    def line(self, lang: str = "da") -> str:
        funded = sorted((k, v) for k, v in (self.best or {}).items() if v > 0)
        if lang == "da":
            found = ("ingen fordeling fundet endnu" if self.best is None else
                     "bedste fundne fordeling: " + (", ".join(f"{k} {_kroner(v)} kr." for k, v in funded) or "ingen tilskud"))
            gap = "afstand til bevist optimum ukendt" if self.gap is None else \
                f"bevist afstand til optimum højst {self.gap:,.0f}".replace(",", ".")
            return (f"tidsgrænsen på {self.limit:g} s blev nået i trin {self.stage} af {self.stages} "
                    f"({stage_name(self.name)}): {found}; {gap}; giv mere tid med --time-limit SEKUNDER")
        found = ("no allocation found yet" if self.best is None else
                 "best allocation found: " + (", ".join(f"{k} {v:,} kr" for k, v in funded) or "no grants"))
        gap = "gap to the optimum unknown" if self.gap is None else f"proven gap at most {self.gap:,.0f}"
        return (f"the time limit of {self.limit:g} s was reached at stage {self.stage} of {self.stages} "
                f"({self.name}): {found}; {gap}; allow more time with --time-limit SECONDS")


class SolveInterrupted(KeyboardInterrupt):
    """Ctrl-C during a solve: the stage that was stopped (1-based, of `stages`)."""

    def __init__(self, stage: int, stages: int, name: str) -> None:
        self.stage, self.stages, self.name = stage, stages, name
        super().__init__(self.line("en"))

    def line(self, lang: str = "da") -> str:
        if lang == "da":
            return (f"afbrudt: løsningen blev stoppet i trin {self.stage} af {self.stages} "
                    f"({stage_name(self.name)}); intet er gemt")
        return f"interrupted: the solve was stopped at stage {self.stage} of {self.stages} ({self.name}); nothing was saved"
