"""The options and arguments the commands share, each defined once.

Their help is resolved from the catalogue when the command line is built, in the language in force
then (`DIGIPULJE_LANG`, Danish by default)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from digipulje.messages import N_, _


class Lang(str, Enum):
    da = "da"
    en = "en"


class Solver(str, Enum):
    exact = "exact"
    cbc = "cbc"
    highs = "highs"


class AllocationFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ShownFormat(str, Enum):
    table = "table"
    json = "json"


class TextFormat(str, Enum):
    text = "text"
    json = "json"


DEFAULT_DB = Path("digipulje.db")

LangOption = Annotated[Optional[Lang], typer.Option(
    "--lang", help=_("Language of the text and of the command's messages: da (Danish, the default) or en; "
                     "DIGIPULJE_LANG=en makes English the default."), show_default=False)]
SolverOption = Annotated[Solver, typer.Option("--solver", help=_("Solver: exact (digipulje's own exact search, the default), or the integer program with cbc or highs, checked against it."))]
StoredSolverOption = Annotated[Optional[Solver], typer.Option(
    "--solver", help=_("Solver: exact, cbc or highs (default: the one the stored allocation used; exact for the "
                       "first)."), show_default=False)]
TimeLimitOption = Annotated[float, typer.Option(
    "--time-limit", min=0.01, help=_("Seconds (wall clock) one solve may take; reaching it stops the command "
                                     "with the stage, the best allocation found and its proven gap (exit code 1)."))]

ApplicationsArgument = Annotated[list[Path], typer.Argument(
    metavar=N_("APPLICATIONS"),
    help=_("Application sheets (.xlsx, .xlsm, .csv), filled application forms, folders of them, "
           "or Pabulib .pb files."), show_default=False)]
SheetOption = Annotated[Optional[str], typer.Option(
    "--sheet", help=_("The sheet to read in each workbook (default: the first with a header row)."))]
ColumnsOption = Annotated[Optional[Path], typer.Option(
    "--columns", help=escape(_("Column mapping (TOML): your headers to digipulje's columns; a pool file's "
                               "[columns] table also counts.")))]  # Rich would read "[columns]" as markup
BudgetOption = Annotated[Optional[str], typer.Option(
    "--budget", help=_("Budget in whole kroner, written as in the sheets (250000, 250.000, 'kr. 250.000'), "
                       "instead of the pool file's."))]
PoolOption = Annotated[Optional[Path], typer.Option(
    "--pool", help=_("Pool file (TOML); defaults apply without one."))]
OverridesOption = Annotated[Optional[Path], typer.Option(
    "--overrides", help=_("Overrides file (TOML): the council's or the chiefs' decisions on single "
                          "applications; none: the allocation stands as computed."))]
BaselineOption = Annotated[Optional[Path], typer.Option(
    "--baseline", help=_("An earlier allocation (JSON) to change as little as possible; with --overrides the "
                         "default is the allocation without them."))]
AssessmentsOption = Annotated[Optional[Path], typer.Option(
    "--assessments", help=_("The council members' ratings (.xlsx, .xlsm, .csv): one row per rating, or one "
                            "column per principle. Rated applications are scored from them."))]
KitosOption = Annotated[Optional[Path], typer.Option(
    "--kitos", help=_("KITOS export (.xlsx overview or API v2 .json): add each application's screening "
                      "hints."))]
TodayOption = Annotated[Optional[str], typer.Option(
    "--today", help=_("Judge stale KITOS registrations as of this date (2026-11-23) instead of today."))]

OutOption = Annotated[Optional[Path], typer.Option(
    "--out", help=_("Write to this file instead of the terminal."))]
AllocationFormatOption = Annotated[AllocationFormat, typer.Option("--format", help=_("table, json or csv."))]
ShownFormatOption = Annotated[ShownFormat, typer.Option("--format", help=_("table or json."))]
TextFormatOption = Annotated[TextFormat, typer.Option("--format", help=_("text or json."))]
WorkersOption = Annotated[int, typer.Option("--workers", min=0, help=_("Worker processes; 0 = one per core."))]

RoundArgument = Annotated[str, typer.Argument(metavar=N_("ROUND"), help=_("The round, e.g. 2026."), show_default=False)]
DbOption = Annotated[Path, typer.Option(
    "--db", envvar="DIGIPULJE_DB", help=_("The round database (SQLite file); also from DIGIPULJE_DB."))]
WaitOption = Annotated[float, typer.Option(
    "--wait", min=0, help=_("Seconds to wait while another process writes to the database."))]
ByOption = Annotated[Optional[str], typer.Option(
    "--by", envvar="DIGIPULJE_ACTOR", help=_("Who does this, for the log (default: your user name)."))]
