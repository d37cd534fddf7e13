"""The digipulje command line: parse, call, print, exit code. Nothing else lives here.

Every user-facing error is a `DigipuljeError`; it is printed as one line per problem on stderr
with exit code 1, never as a traceback.
"""

from __future__ import annotations

import io
import contextlib
import functools
import json
import sys
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from base.errors import DigipuljeError

app = typer.Typer(
    name="digipulje",
    help="Allocate a municipal digitalisation pool: screen, score against the seven principles, "
         "and pick the best grants within the budget.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Lang(str, Enum):
    da = "da"
    en = "en"


class Solver(str, Enum):
    cbc = "cbc"
    highs = "highs"


class AllocationFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


LangOption = Annotated[Lang, typer.Option("--lang", help="Language of the text: da (Danish) or en.")]
SolverOption = Annotated[Solver, typer.Option("--solver", help="MILP solver: cbc (bundled, default) or highs.")]
ApplicationsArgument = Annotated[list[Path], typer.Argument(
    help="Application sheets (.xlsx, .xlsm, .csv), filled application forms, folders of them, or Pabulib .pb files.")]
SheetOption = Annotated[Optional[str], typer.Option("--sheet", help="The sheet to read in each workbook (default: the first with a header row).")]
ColumnsOption = Annotated[Optional[Path], typer.Option("--columns", help="Column mapping (TOML): your headers to digipulje's columns; a pool file's [columns] table also counts.")]
BudgetOption = Annotated[Optional[str], typer.Option("--budget", help="Budget in whole kroner, written as in the sheets (250000, 250.000, 'kr. 250.000'), instead of the pool file's.")]


# --- kroner options and column mappings: read as the sheets are ---------------------------------

def _kroner(option: str, text: Optional[str]) -> Optional[int]:
    """A kroner option read by the rule that reads an amount cell, with the same errors."""
    if text is None:
        return None
    from applications.cells import CellError, parse_amount
    from base.errors import InputError

    try:
        amount = parse_amount(text)
    except CellError as error:
        raise InputError(f"{option}: {error}") from None
    return amount


def _budget(text: Optional[str]) -> Optional[int]:
    budget = _kroner("--budget", text)
    if budget == 0:
        typer.echo("warning: --budget is 0 kr.: nothing can be granted", err=True)
    return budget


def _column_map(columns: Optional[Path], pool: Optional[Path] = None):
    """The pool file's [columns] table, then --columns over it; None when neither has one."""
    from applications.columns import merge_column_maps, read_column_map, read_pool_columns

    return merge_column_maps(read_pool_columns(pool), None if columns is None else read_column_map(columns))


TimeLimitOption = Annotated[float, typer.Option(
    "--time-limit", min=0.01, help="Seconds (wall clock) one solve may take; reaching it stops the command "
                                   "with the stage, the best allocation found and its proven gap (exit code 1).")]
_LANG = {"value": "da"}  # the language of the running command, for the solver's messages


def _fail(error: DigipuljeError) -> None:
    from base.errors import SolveTimeLimit

    lines = [error.line(_LANG["value"])] if isinstance(error, SolveTimeLimit) else error.lines
    for line in lines:
        typer.echo(f"error: {line}", err=True)
    raise typer.Exit(1)


class _SolveProgress:
    """Progress of a solve on stderr, once it has run for 2 s: "Løser trin 4 af 5 (…) … 3 s".

    On a terminal one line is rewritten in place; otherwise a line is written when the stage
    changes and every 10 s."""

    AFTER_SECONDS = 2.0

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.tty = sys.stderr.isatty()
        self.last: tuple[int, float] | None = None
        self.shown = False

    def __call__(self, at) -> None:
        from base.errors import stage_name

        if at.seconds < self.AFTER_SECONDS:
            return
        if not self.tty and self.last is not None and self.last[0] == at.stage and at.seconds - self.last[1] < 10:
            return
        self.last = (at.stage, at.seconds)
        name = stage_name(at.name, self.lang)
        text = (f"Løser trin {at.stage} af {at.stages} ({name}) … {at.seconds:.0f} s" if self.lang == "da"
                else f"Solving stage {at.stage} of {at.stages} ({name}) … {at.seconds:.0f} s")
        sys.stderr.write("\r" + text.ljust(78) if self.tty else text + "\n")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown and self.tty:
            sys.stderr.write("\r" + " " * 78 + "\r")
            sys.stderr.flush()
        self.shown = False


@contextlib.contextmanager
def _solving(solver, time_limit: float, lang: str):
    """Every solve inside uses this solver, time limit and progress on stderr; Ctrl-C ends the
    command with one line saying what was stopped (exit code 130), never a traceback."""
    from base.errors import SolveInterrupted
    from solver.solve import solve_settings

    _LANG["value"] = lang
    progress = _SolveProgress(lang)
    try:
        with solve_settings(time_limit=time_limit, progress=progress, solver=solver):
            yield
    except KeyboardInterrupt as interrupt:
        progress.close()
        if isinstance(interrupt, SolveInterrupted):
            line = interrupt.line(lang)
        else:
            line = "afbrudt: intet er gemt" if lang == "da" else "interrupted: nothing was saved"
        typer.echo(line, err=True)
        raise typer.Exit(130) from None
    finally:
        progress.close()


def _solves(command):
    """A command that solves: its --solver, --time-limit and --lang hold for every solve in it."""

    @functools.wraps(command)
    def run(**options):
        solver = options.get("solver")
        lang = options.get("lang")
        with _solving(None if solver is None else solver.value, options["time_limit"],
                      "da" if lang is None else lang.value):
            return command(**options)

    return run


def _emit(text: str, out: Optional[Path], encoding: str = "utf-8") -> None:
    if out is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    from reports.safe_text import safe_text

    _write(out, safe_text(text).encode(encoding))


def _write(out: Path, data: bytes) -> None:
    """Writes an output file whole, or stops with one line saying why it cannot be written."""
    from reports.files import write_output

    try:
        write_output(out, data)
    except DigipuljeError as error:
        _fail(error)
    typer.echo(f"wrote {out}", err=True)


def _guard_outputs(outputs: dict, **inputs) -> None:
    """Refuses an output that is one of the command's inputs (see `reports.files.guard_outputs`)."""
    from reports.files import command_inputs, guard_outputs

    guard_outputs(outputs, command_inputs(**inputs))


@app.command()
@_solves
def demo(
    format: Annotated[AllocationFormat, typer.Option("--format", help="table or json.")] = AllocationFormat.table,
    export: Annotated[Optional[Path], typer.Option("--export", help="Write the example's files into this folder.")] = None,
    lang: LangOption = Lang.da,
    solver: SolverOption = Solver.cbc,
    time_limit: TimeLimitOption = 60.0,
) -> None:
    """Run the 2025 round: the council's recommendation, then the chiefs' decision."""
    from pool.example import export_example, load_example

    try:
        if export is not None:
            for path in export_example(export):
                typer.echo(f"wrote {path}")
            return
        from pool.allocate import allocate

        example = load_example()
        recommendation = allocate(example.applications, example.pool, solver=solver.value)
        decision = allocate(example.applications, example.pool, example.overrides,
                            baseline=recommendation.granted_by_id(), solver=solver.value)
    except DigipuljeError as error:
        _fail(error)
    if format is AllocationFormat.json:
        payload = {"recommendation": recommendation.to_json(lang.value), "decision": decision.to_json(lang.value)}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if format is AllocationFormat.csv:
        raise typer.BadParameter("the demo prints table or json", param_hint="--format")
    from reports.labels import heading
    from reports.table import render_table

    typer.echo(render_table(recommendation, lang.value, title=f"== {heading('recommendation', lang.value)} =="))
    typer.echo(render_table(decision, lang.value, title=f"== {heading('decision', lang.value)} =="))


@app.command()
@_solves
def allocate(
    applications: ApplicationsArgument,
    pool: Annotated[Optional[Path], typer.Option("--pool", help="Pool file (TOML); defaults apply without one.")] = None,
    overrides: Annotated[Optional[Path], typer.Option("--overrides", help="Overrides file (TOML).")] = None,
    baseline: Annotated[Optional[Path], typer.Option("--baseline", help="An earlier allocation (JSON) to change as little as possible; with --overrides the default is the allocation without them.")] = None,
    budget: BudgetOption = None,
    format: Annotated[AllocationFormat, typer.Option("--format", help="table, json or csv.")] = AllocationFormat.table,
    out: Annotated[Optional[Path], typer.Option("--out", help="Write to this file instead of the terminal.")] = None,
    lang: LangOption = Lang.da,
    solver: SolverOption = Solver.cbc,
    time_limit: TimeLimitOption = 60.0,
    sheet: SheetOption = None,
    columns: ColumnsOption = None,
    assessments: AssessmentsOption = None,
) -> None:
    """Allocate the pool to the applications in the given sheets, forms or folders.

    With --out FILE.xlsx the allocation is written as an Excel workbook.
    """
    from pool.allocate import decide as run_allocation
    from pool.config import read_baseline, read_overrides, read_pool
    from pool.pabulib import pool_for_inputs

    try:
        budget = _budget(budget)
        _guard_outputs({"--out": out}, applications=applications, pool=pool, overrides=overrides,
                       baseline=baseline, columns=columns, assessments=assessments)
        the_pool = pool_for_inputs(applications, read_pool(pool) if pool is not None else None, budget)
        _warn(_frozen_warnings(pool, the_pool))
        apps = _read_applications_warning(applications, sheet, _column_map(columns, pool))
        ratings = _read_assessments(assessments)
        result = run_allocation(
            apps, the_pool, read_overrides(overrides),
            baseline=read_baseline(baseline), solver=solver.value, assessments=ratings,
        )
        result = _with_frozen_round(pool, the_pool, result)
        if ratings:
            from scoring.panel import panel_warnings, score_round

            _warn(panel_warnings(apps, score_round(apps, the_pool, ratings)[0]))
    except DigipuljeError as error:
        _fail(error)
    if out is not None and out.suffix.lower() == ".xlsx":
        from reports.workbook_out import render_workbook

        _write(out, render_workbook(result, lang.value))
    elif format is AllocationFormat.json:
        _emit(json.dumps(result.to_json(lang.value), ensure_ascii=False, indent=2) + "\n", out)
    elif format is AllocationFormat.csv:
        from reports.export import render_csv

        _emit(render_csv(result, lang.value), out, encoding="utf-8-sig")
    else:
        from reports.table import render_table

        _emit(render_table(result, lang.value), out)


kitos_app = typer.Typer(
    name="kitos",
    help="KITOS, the municipality's IT-system overview, in the screening.",
    no_args_is_help=True,
)
app.add_typer(kitos_app, name="kitos")


class HintFormat(str, Enum):
    text = "text"
    json = "json"


@kitos_app.command("check")
def kitos_check(
    applications: ApplicationsArgument,
    kitos: Annotated[Path, typer.Option("--kitos", help="KITOS export: the system-usage overview (.xlsx) or "
                                                        "the API v2 it-system-usages (.json).")],
    format: Annotated[HintFormat, typer.Option("--format", help="text or json.")] = HintFormat.text,
    lang: LangOption = Lang.da,
    today: Annotated[Optional[str], typer.Option(
        "--today", help="Judge stale registrations as of this date (2026-11-23) instead of today.")] = None,
    columns: ColumnsOption = None,
) -> None:
    """List what KITOS says about each application: named systems already in use and by which units,
    other systems that may cover the need, cross-cutting evidence, and stale registrations."""
    from applications.kitos import read_kitos
    from applications.kitos_hints import screening_hints
    from applications.spreadsheet import read_applications
    from reports.kitos import by_id, hints_json, render_hints_text

    try:
        day = _kitos_day(today)
    except DigipuljeError as error:
        _fail(error)
    lines: list[str] = []
    try:
        found = read_applications(applications, columns=_column_map(columns))
    except DigipuljeError as error:
        lines += error.lines
    try:
        export = read_kitos(kitos)
    except DigipuljeError as error:
        lines += error.lines
    if lines:
        _fail(DigipuljeError(*lines))
    for warning in export.warnings:
        typer.echo(warning.line(), err=True)
    results = [(a, screening_hints(a, export.usages, day)) for a in by_id(found)]
    if format is HintFormat.json:
        typer.echo(json.dumps(hints_json(results, export, day, lang.value), ensure_ascii=False, indent=2))
    else:
        typer.echo(render_hints_text(results, export, lang.value), nl=False)

@app.command()
@_solves
def report(
    applications: ApplicationsArgument,
    out: Annotated[Path, typer.Option(
        "--out", help="The report to write: FILE.html or FILE.md (the memo), FILE.xlsx (the workbook).")],
    pool: Annotated[Optional[Path], typer.Option(
        "--pool", help="Pool file (TOML); defaults apply without one.")] = None,
    overrides: Annotated[Optional[Path], typer.Option(
        "--overrides", help="The chiefs' overrides (TOML): the memo then shows the decision "
                            "beside the recommendation.")] = None,
    baseline: Annotated[Optional[Path], typer.Option(
        "--baseline", help="An earlier allocation (JSON) the decision stays close to; "
                           "default: the recommendation.")] = None,
    lang: LangOption = Lang.da,
    with_names: Annotated[bool, typer.Option(
        "--with-names", help="Include contact persons, department heads and assessors by name "
                             "(personal data); by default only roles.")] = False,
    date: Annotated[Optional[datetime], typer.Option(
        "--date", formats=["%Y-%m-%d"], help="The memo's date (YYYY-MM-DD); default today.")] = None,
    solver: SolverOption = Solver.cbc,
    time_limit: TimeLimitOption = 60.0,
    kitos: KitosOption = None,
    assessments: AssessmentsOption = None,
    scenarios: Annotated[Optional[Path], typer.Option(
        "--scenarios", help="Scenario file (TOML), as for compare: the memo adds the comparison and "
                            "the budget curve, the workbook their sheets.")] = None,
    columns: ColumnsOption = None,
) -> None:
    """Write the decision memo (HTML or Markdown) or the decision workbook (xlsx).

    With --scenarios, the scenarios are allocated as `compare` does and the budget curve of their
    base is swept from 0 to twice its pool (or to what the eligible applications ask, if more).

    With --kitos, the memo shows each application's KITOS hints and the workbook has a sheet of
    them; registrations are judged stale as of the memo's date.

    With --assessments, the applications are scored from the council members' ratings; the memo's
    method names the assessors (by role; by name with --with-names), the recusals, the spreads to
    discuss and the scales, and the workbook has a sheet of every rating."""
    from applications.spreadsheet import read_applications
    from pool.config import read_baseline, read_overrides, read_pool
    from reports.memo_case import prepare_case
    from reports.memo_report import read_scenarios, render_report, report_format, scenario_warnings

    try:
        _guard_outputs({"--out": out}, applications=applications, pool=pool, overrides=overrides,
                       baseline=baseline, kitos=kitos, assessments=assessments, scenarios=scenarios)
        fmt = report_format(out)
        memo_date = date.date() if date else None
        screening = _kitos_for_report(kitos, memo_date) if kitos is not None else None
        ratings = _read_assessments(assessments)
        compared = {} if scenarios is None else {"scenarios": read_scenarios(scenarios, solver.value)}
        from pool.pabulib import pool_for_inputs

        case = prepare_case(
            read_applications(applications, columns=_column_map(columns, pool)),
            pool_for_inputs(applications, read_pool(pool) if pool is not None else None), read_overrides(overrides),
            baseline=read_baseline(baseline), memo_date=memo_date, solver=solver.value, kitos=screening,
            assessments=ratings, **compared,
        )
        _warn(scenario_warnings(case, scenarios))
        if ratings:
            from scoring.panel import convene_panels, panel_warnings

            _warn(panel_warnings(case.applications, convene_panels(ratings, case.applications,
                                                                   case.pool.rules.aggregation)))
        data = render_report(case, fmt, lang.value, with_names)
    except DigipuljeError as error:
        _fail(error)
    _write(out, data)


def _read_applications_warning(files: list[Path], sheet: Optional[str], column_map) -> list:
    """The applications, with the reader's warnings on stderr; errors raise as in `read_applications`."""
    from applications.problems import ApplicationsError
    from applications.spreadsheet import collect_applications

    found, problems = collect_applications(files, sheet=sheet, columns=column_map)
    if any(p.severity == "error" for p in problems):
        raise ApplicationsError(problems)
    for problem in problems:
        typer.echo(problem.line(), err=True)
    if not found:
        typer.echo(f"warning: no applications found in {', '.join(str(f) for f in files)}: "
                   "is the header row there, and the rows below it?", err=True)
    return found


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"




@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Application sheets, filled forms, or folders of them.")],
    format: Annotated[ValidateFormat, typer.Option("--format", help="text or json.")] = ValidateFormat.text,
    sheet: SheetOption = None,
    columns: ColumnsOption = None,
    lang: LangOption = Lang.da,
    kitos: KitosOption = None,
    today: TodayOption = None,
) -> None:
    """Read application files and list the applications and every problem; exit code 1 on errors.

    With --kitos, each application also gets its KITOS screening hints."""
    from applications.spreadsheet import collect_applications
    from reports.validation import render_validation, validation_json

    try:
        column_map = _column_map(columns)
        day = _kitos_day(today) if kitos is not None else None
        applications, problems = collect_applications(files, sheet=sheet, columns=column_map)
    except DigipuljeError as error:
        _fail(error)
    screening = None
    if kitos is not None:
        screening, kitos_problems = _read_kitos_screening(kitos, day)
        problems = [*problems, *kitos_problems]
    if format is ValidateFormat.json:
        typer.echo(json.dumps(validation_json(applications, problems, screening, lang.value),
                              ensure_ascii=False, indent=2))
    else:
        typer.echo(render_validation(applications, problems, lang.value, screening), nl=False)
    if any(p.severity == "error" for p in problems):
        raise typer.Exit(1)


form_app = typer.Typer(help="The structured application form.", no_args_is_help=True)
app.add_typer(form_app, name="form")


@form_app.command("new")
def form_new(
    out: Annotated[Path, typer.Option("--out", help="The form to write (.xlsx); never overwritten.")],
    lang: LangOption = Lang.da,
) -> None:
    """Write an empty application form: questions by principle, guidance, and the approval."""
    from applications.form import write_form

    try:
        write_form(out, lang.value)
    except DigipuljeError as error:
        _fail(error)
    typer.echo(f"wrote {out}", err=True)


# -- rounds: the round database and its decision log ---------------------------------------------

import datetime as _dt  # noqa: E402  (kept with the round commands that use it)

round_app = typer.Typer(
    name="round",
    help="Keep a round in a database: import, allocate, decide, follow up; every change is logged.",
    no_args_is_help=True,
)
app.add_typer(round_app, name="round")


class FollowUpStatus(str, Enum):
    not_started = "not_started"
    running = "running"
    delayed = "delayed"
    done = "done"
    cancelled = "cancelled"


RoundArgument = Annotated[str, typer.Argument(help="The round, e.g. 2026.", show_default=False)]
DbOption = Annotated[Path, typer.Option(
    "--db", envvar="DIGIPULJE_DB",
    help="The round database (SQLite file); also from DIGIPULJE_DB.")]
WaitOption = Annotated[float, typer.Option(
    "--wait", min=0, help="Seconds to wait while another process writes to the database.")]
ByOption = Annotated[Optional[str], typer.Option(
    "--by", envvar="DIGIPULJE_ACTOR", help="Who does this, for the log (default: your user name).")]
OutOption = Annotated[Optional[Path], typer.Option("--out", help="Write to this file instead of the terminal.")]
DEFAULT_DB = Path("digipulje.db")


def _actor(by: Optional[str]) -> str:
    if by and by.strip():
        return by.strip()
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _open_workspace(db: Path, wait: float, create: bool = False):
    from rounds.store import Workspace

    return Workspace.create(db, wait) if create else Workspace.open(db, wait)


@round_app.command("open")
def round_open(
    round: RoundArgument,
    pool: Annotated[Optional[Path], typer.Option("--pool", help="Pool file (TOML); defaults apply without one.")] = None,
    db: DbOption = DEFAULT_DB,
    by: ByOption = None,
    wait: WaitOption = 5.0,
) -> None:
    """Open a round with its pool (budget, rules, weights); creates the database if needed."""
    from pool.config import read_pool
    from rounds.rounds import SourceFile, check_round_name, file_digest, open_round

    try:
        check_round_name(round)
        the_pool = read_pool(pool)
        pool_file = None if pool is None else SourceFile(pool.name, *file_digest(pool))
        with _open_workspace(db, wait, create=True) as workspace:
            event = open_round(workspace, round, the_pool, _actor(by), pool_file)
    except DigipuljeError as error:
        _fail(error)
    typer.echo(f"round {round} opened in {db} (event {event.seq})")


@round_app.command("import")
def round_import(
    round: RoundArgument,
    applications: ApplicationsArgument,
    replace: Annotated[bool, typer.Option("--replace", help="Replace applications already in the round.")] = False,
    db: DbOption = DEFAULT_DB,
    by: ByOption = None,
    wait: WaitOption = 5.0,
    columns: ColumnsOption = None,
) -> None:
    """Store the applications as read, with each file's name and SHA-256."""
    from rounds.rounds import import_applications, read_source

    try:
        column_map = _column_map(columns)
        sources = [read_source(path, columns=column_map) for path in applications]
        with _open_workspace(db, wait) as workspace:
            events = import_applications(workspace, round, sources, _actor(by), replace=replace)
    except DigipuljeError as error:
        _fail(error)
    count = len(events[0].payload["applications"])
    typer.echo(f"imported {count} applications into round {round} (events {events[0].seq}-{events[-1].seq})")


@round_app.command("allocate")
@_solves
def round_allocate(
    round: RoundArgument,
    overrides: Annotated[Optional[Path], typer.Option("--overrides", help="The council's overrides (TOML).")] = None,
    db: DbOption = DEFAULT_DB,
    by: ByOption = None,
    wait: WaitOption = 5.0,
    lang: LangOption = Lang.da,
    solver: Annotated[Optional[Solver], typer.Option("--solver", help="MILP solver: cbc (default) or highs.")] = None,
    time_limit: TimeLimitOption = 60.0,
) -> None:
    """Allocate the round's applications and store the recommendation with all its inputs."""
    from pool.config import read_overrides
    from rounds.rounds import StoredAllocation, allocate_round
    from reports.table import render_table

    try:
        with _open_workspace(db, wait) as workspace:
            event = allocate_round(workspace, round, _actor(by), read_overrides(overrides),
                                   solver=None if solver is None else solver.value)
    except DigipuljeError as error:
        _fail(error)
    typer.echo(render_table(StoredAllocation.from_event(event).allocation, lang.value), nl=False)
    typer.echo(f"recommendation stored as event {event.seq}", err=True)


@round_app.command("decide")
@_solves
def round_decide(
    round: RoundArgument,
    by: Annotated[str, typer.Option("--by", help="Who decided, e.g. Chefforum.", show_default=False)],
    overrides: Annotated[Optional[Path], typer.Option("--overrides", help="The chiefs' overrides (TOML); none: the recommendation stands.")] = None,
    reason: Annotated[Optional[str], typer.Option("--reason", help="Why, e.g. the meeting and agenda item.")] = None,
    db: DbOption = DEFAULT_DB,
    wait: WaitOption = 5.0,
    lang: LangOption = Lang.da,
    solver: Annotated[Optional[Solver], typer.Option("--solver", help="MILP solver: cbc or highs (default: the one the recommendation used).")] = None,
    time_limit: TimeLimitOption = 60.0,
) -> None:
    """Record the chiefs' decision: their overrides applied to the latest recommendation."""
    from pool.config import read_overrides
    from rounds.rounds import StoredAllocation, decide_round
    from reports.table import render_table

    try:
        with _open_workspace(db, wait) as workspace:
            event = decide_round(workspace, round, _actor(by), read_overrides(overrides), reason=reason,
                                 solver=None if solver is None else solver.value)
    except DigipuljeError as error:
        _fail(error)
    typer.echo(render_table(StoredAllocation.from_event(event).allocation, lang.value), nl=False)
    typer.echo(f"decision stored as event {event.seq}", err=True)


@round_app.command("show")
def round_show(
    round: RoundArgument,
    db: DbOption = DEFAULT_DB,
    wait: WaitOption = 5.0,
    lang: LangOption = Lang.da,
    out: OutOption = None,
    format: Annotated[AllocationFormat, typer.Option("--format", help="table or json.")] = AllocationFormat.table,
) -> None:
    """Show a round: its pool, the files imported, the recommendation and the decision."""
    from rounds.render import render_round, round_to_json
    from rounds.rounds import read_round

    if format is AllocationFormat.csv:
        _fail(DigipuljeError("round show prints table or json"))
    try:
        _guard_outputs({"--out": out}, db=db)
        with _open_workspace(db, wait) as workspace:
            state = read_round(workspace, round)
        if format is AllocationFormat.json:
            text = json.dumps(round_to_json(state, lang.value), ensure_ascii=False, indent=2) + "\n"
        else:
            text = render_round(state, lang.value)
        _emit(text, out)
    except DigipuljeError as error:
        _fail(error)


@round_app.command("history")
def round_history(
    round: Annotated[Optional[str], typer.Argument(help="Only this round (default: all).")] = None,
    db: DbOption = DEFAULT_DB,
    wait: WaitOption = 5.0,
    lang: LangOption = Lang.da,
    out: OutOption = None,
) -> None:
    """List every event in the decision log: when, who, what and why."""
    from rounds.log import read_events
    from rounds.render import render_history
    from rounds.rounds import check_round_name

    try:
        _guard_outputs({"--out": out}, db=db)
        with _open_workspace(db, wait) as workspace:
            events = read_events(workspace, None if round is None else check_round_name(round))
        _emit(render_history(events, lang.value), out)
    except DigipuljeError as error:
        _fail(error)


@round_app.command("verify")
def round_verify(
    db: DbOption = DEFAULT_DB,
    wait: WaitOption = 5.0,
    lang: LangOption = Lang.da,
) -> None:
    """Check that no event in the log was changed or deleted; name each one that was."""
    from rounds.log import verify_log
    from rounds.render import render_verification

    try:
        with _open_workspace(db, wait) as workspace:
            verification = verify_log(workspace)
    except DigipuljeError as error:
        _fail(error)
    if not verification.intact:
        _fail(DigipuljeError(*verification.problems))
    typer.echo(render_verification(verification, lang.value), nl=False)


@round_app.command("replay")
@_solves
def round_replay(
    round: RoundArgument,
    event: Annotated[int, typer.Option("--event", help="The allocation or decision event to recompute.", show_default=False)],
    solver: Annotated[Optional[Solver], typer.Option("--solver", help="Recompute with this solver (default: the one used).")] = None,
    time_limit: TimeLimitOption = 60.0,
    db: DbOption = DEFAULT_DB,
    wait: WaitOption = 5.0,
    lang: LangOption = Lang.da,
) -> None:
    """Recompute a stored allocation from its stored inputs; exit code 1 if the result differs."""
    from rounds.render import render_replay
    from rounds.replay import replay_allocation
    from rounds.store import WorkspaceError

    try:
        with _open_workspace(db, wait) as workspace:
            result = replay_allocation(workspace, event, None if solver is None else solver.value)
        if result.stored.event.round != round:
            raise WorkspaceError(f"event {event} belongs to round {result.stored.event.round}, not {round}")
    except DigipuljeError as error:
        _fail(error)
    typer.echo(render_replay(result, lang.value), nl=False)
    if not result.identical:
        raise typer.Exit(1)


@round_app.command("followup")
def round_followup(
    round: RoundArgument,
    application: Annotated[Optional[str], typer.Argument(help="A funded application to record follow-up for.")] = None,
    status: Annotated[Optional[FollowUpStatus], typer.Option("--status", help="not_started, running, delayed, done or cancelled.")] = None,
    end_date: Annotated[Optional[_dt.datetime], typer.Option("--end-date", formats=["%Y-%m-%d"], help="New end date (needed when delayed).")] = None,
    returned: Annotated[Optional[str], typer.Option("--returned", help="Kroner returned to the pool, written as in the sheets (cancelled: default the whole grant).")] = None,
    benefit: Annotated[Optional[str], typer.Option("--benefit", help="The indicator a realised benefit is measured on: one of the application's own, or e.g. citizen.")] = None,
    realised: Annotated[Optional[str], typer.Option("--realised", help="What was realised on that indicator (a figure, for an indicator with a target).")] = None,
    measured: Annotated[Optional[_dt.datetime], typer.Option("--measured", formats=["%Y-%m-%d"], help="When it was measured (default: today).")] = None,
    reason: Annotated[Optional[str], typer.Option("--reason", help="Why, for the log.")] = None,
    db: DbOption = DEFAULT_DB,
    by: ByOption = None,
    wait: WaitOption = 5.0,
    lang: LangOption = Lang.da,
    out: OutOption = None,
) -> None:
    """List the funded projects' follow-up; with an application, record its status or a benefit."""
    from rounds import followup as fu
    from rounds.render import render_followup
    from rounds.rounds import read_round

    recording = status is not None or benefit is not None
    if application is not None and not recording:
        _fail(DigipuljeError(f"{application}: give --status or --benefit to record its follow-up"))
    if recording and application is None:
        _fail(DigipuljeError("name the application the follow-up is for, e.g. "
                             f"'digipulje round followup {round} A1 --status running'"))
    if (benefit is None) != (realised is None):
        _fail(DigipuljeError("--benefit INDICATOR and --realised TEXT go together"))
    try:
        returned = _kroner("--returned", returned)
        _guard_outputs({"--out": out}, db=db)
        with _open_workspace(db, wait) as workspace:
            if status is not None:
                event = fu.record_progress(workspace, round, application, fu.Progress(status.value), _actor(by),
                                           end_date=None if end_date is None else end_date.date(),
                                           returned_dkk=returned, reason=reason)
                typer.echo(f"follow-up stored as event {event.seq}", err=True)
            if benefit is not None:
                day = measured.date() if measured is not None else _dt.date.today()
                event = fu.record_benefit(workspace, round, application, benefit, realised, _actor(by),
                                          measured_on=day, reason=reason)
                typer.echo(f"benefit stored as event {event.seq}", err=True)
            summary = fu.summarise_followup(read_round(workspace, round))
        _emit(render_followup(summary, lang.value), out)
    except DigipuljeError as error:
        _fail(error)


# --- Scoring: assessors, explanations, frozen rounds -------------------------------------------

AssessmentsOption = Annotated[Optional[Path], typer.Option(
    "--assessments", help="The council members' ratings (.xlsx, .xlsm, .csv): one row per rating, or one "
                          "column per principle. Rated applications are scored from them.")]


def _warn(lines: list[str]) -> None:
    for line in lines:
        typer.echo(f"warning: {line}", err=True)


def _read_assessments(path: Optional[Path]) -> tuple:
    """The assessors' ratings in the file (none without one), after showing its warnings."""
    if path is None:
        return ()
    from applications.assessments import read_assessments

    sheet = read_assessments(path)
    _warn([p.line().removeprefix("warning: ") for p in sheet.warnings])
    return sheet.ratings


def _frozen_warnings(pool_file: Optional[Path], the_pool) -> list[str]:
    """A pool file whose terms differ from its frozen round: say so, and what differs."""
    if pool_file is None:
        return []
    from pool.freeze import frozen_path, read_frozen, scenario_warnings

    return scenario_warnings(the_pool, read_frozen(frozen_path(pool_file)), str(pool_file))


def _with_frozen_round(pool_file: Optional[Path], the_pool, allocation):
    """The allocation, noting its frozen round and whether it is a scenario (for the JSON)."""
    if pool_file is None:
        return allocation
    from pool.freeze import frozen_path, frozen_round_note, read_frozen

    note = frozen_round_note(the_pool, read_frozen(frozen_path(pool_file)))
    return allocation if note is None else allocation.model_copy(update={"frozen_round": note})


@app.command()
@_solves
def explain(
    applications: ApplicationsArgument,
    id: Annotated[Optional[str], typer.Option("--id", help="The application to explain; without it, the "
                                                            "portfolio and every application.")] = None,
    pool: Annotated[Optional[Path], typer.Option("--pool", help="Pool file (TOML); defaults apply without one.")] = None,
    overrides: Annotated[Optional[Path], typer.Option("--overrides", help="Overrides file (TOML).")] = None,
    baseline: Annotated[Optional[Path], typer.Option("--baseline", help="An earlier allocation (JSON) to change as little as possible; with --overrides the default is the allocation without them.")] = None,
    assessments: AssessmentsOption = None,
    lang: LangOption = Lang.da,
    solver: SolverOption = Solver.cbc,
    time_limit: TimeLimitOption = 60.0,
    kitos: KitosOption = None,
    today: TodayOption = None,
    columns: ColumnsOption = None,
) -> None:
    """Explain an allocation: the deciding reason, the score per principle, who rated what, and
    every rule passed or failed.

    With --kitos, each explanation also gives the application's KITOS hints: the cross-cutting
    evidence beside the rating of principle 4, the others after the score."""
    from applications.spreadsheet import read_applications
    from pool.allocate import decide as run_allocation
    from pool.config import read_baseline, read_overrides, read_pool
    from pool.explain import explain_application, explain_round
    from scoring.panel import panel_warnings, score_round
    from pool.portfolio import portfolio_of

    try:
        from pool.pabulib import pool_for_inputs

        the_pool = pool_for_inputs(applications, read_pool(pool) if pool is not None else None)
        _warn(_frozen_warnings(pool, the_pool))
        apps = read_applications(applications, columns=_column_map(columns, pool))
        ratings = _read_assessments(assessments)
        result = run_allocation(apps, the_pool, read_overrides(overrides), baseline=read_baseline(baseline),
                                solver=solver.value, assessments=ratings)
        panels, scores = score_round(apps, the_pool, ratings)
        if ratings:
            _warn(panel_warnings(apps, panels))
        screening = _kitos_for_report(kitos, _kitos_day(today)) if kitos is not None else None
        explanations = ([explain_application(result, apps, id, ratings, screening)] if id is not None
                        else explain_round(result, apps, ratings, screening))
        texts = [e.text(lang.value) for e in explanations]
    except DigipuljeError as error:
        _fail(error)
    if id is None:
        texts.insert(0, portfolio_of(result, apps, scores).text(lang.value))
    typer.echo("\n\n".join(texts))


@app.command()
def scales(lang: LangOption = Lang.da) -> None:
    """Show the anchored 0–4 scale of each rated principle: what each rating means."""
    from scoring.scales import scale_guidance

    typer.echo("\n".join(scale_guidance(lang.value)))


pool_app = typer.Typer(help="Work with a pool file: freeze a round's weights, scales and rules.",
                       no_args_is_help=True)
app.add_typer(pool_app, name="pool")


@pool_app.command("freeze")
def pool_freeze(
    pool_file: Annotated[Path, typer.Argument(help="The pool file (TOML) of the round to freeze.")],
) -> None:
    """Freeze the round's weights, scales and rules in POOL.frozen.json beside the pool file."""
    import datetime as dt

    from pool.config import read_pool
    from pool.freeze import freeze_round, frozen_json, frozen_path, read_frozen

    target = frozen_path(pool_file)
    try:
        the_pool = read_pool(pool_file)
        record, new = freeze_round(the_pool, read_frozen(target), dt.date.today(), source=str(pool_file))
    except DigipuljeError as error:
        _fail(error)
    entry = next(e for k, e in record["rounds"].items() if k in (the_pool.round, str(the_pool.year)))
    if not new:
        typer.echo(f"round {the_pool.round or the_pool.year} is already frozen with these terms "
                   f"({entry['fingerprint']}) in {target}")
        return
    from reports.files import write_output

    try:
        write_output(target, frozen_json(record).encode("utf-8"))
    except DigipuljeError as error:
        _fail(error)
    typer.echo(f"froze round {the_pool.round or the_pool.year}: {entry['fingerprint']} in {target}")


# --- KITOS hints in validate and report ---------------------------------------------------------

KitosOption = Annotated[Optional[Path], typer.Option(
    "--kitos", help="KITOS export (.xlsx overview or API v2 .json): add each application's screening hints.")]
TodayOption = Annotated[Optional[str], typer.Option(
    "--today", help="With --kitos: judge stale registrations as of this date (2026-11-23) instead of today.")]


def _kitos_day(today: Optional[str]):
    """The date KITOS registrations are judged against: --today, or the calendar's today."""
    import datetime as dt

    from applications.cells import CellError, parse_date

    try:
        return dt.date.today() if today is None else parse_date(today)
    except CellError as error:
        raise DigipuljeError(f"--today: {error}") from None


def _read_kitos_screening(path: Path, day) -> tuple:
    """The KITOS export as a screening, and its problems (warnings; errors when it cannot be read)."""
    from applications.kitos import KitosError, read_kitos
    from applications.kitos_hints import KitosScreening

    try:
        export = read_kitos(path)
    except KitosError as error:
        return None, list(error.problems)
    return KitosScreening(export, day), list(export.warnings)


def _kitos_for_report(path: Path, memo_date):
    """The KITOS screening for a report; an export that cannot be read stops the report."""
    import datetime as dt

    from applications.kitos import KitosError

    screening, problems = _read_kitos_screening(path, memo_date or dt.date.today())
    if screening is None:
        raise KitosError(problems)
    for warning in problems:
        typer.echo(warning.line(), err=True)
    return screening
class CompareFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class CurveFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    svg = "svg"


WorkersOption = Annotated[int, typer.Option("--workers", min=0, help="Worker processes; 0 = one per core.")]
PoolOption = Annotated[Optional[Path], typer.Option("--pool", help="Pool file (TOML); defaults apply without one.")]
OverridesOption = Annotated[Optional[Path], typer.Option("--overrides", help="Overrides file (TOML).")]
OutOption = Annotated[Optional[Path], typer.Option("--out", help="Write to this file instead of the terminal.")]


class _Progress:
    """A progress bar on stderr, drawn only on a terminal and only once a run has taken a second."""

    def __init__(self, label: str) -> None:
        import time

        self.label = label
        self.started = time.monotonic()
        self.shown = False
        self.stream = getattr(sys.stderr, "unescaped", sys.stderr)  # it draws with a carriage return
        self.enabled = self.stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        import time

        if not self.enabled or total <= 0 or time.monotonic() - self.started < 1.0:
            return
        filled = int(30 * done / total)
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {100 * done // total:3d}%")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * (len(self.label) + 40) + "\r")
            self.stream.flush()


def _round_inputs(applications: list[Path], pool: Optional[Path], overrides: Optional[Path],
                  budget: Optional[str] = None, columns: Optional[Path] = None):
    from applications.spreadsheet import read_applications
    from pool.config import read_overrides, read_pool

    from pool.pabulib import pool_for_inputs

    the_pool = pool_for_inputs(applications, read_pool(pool) if pool is not None else None, _budget(budget))
    return read_applications(applications, columns=_column_map(columns, pool)), the_pool, read_overrides(overrides)


@app.command()
@_solves
def compare(
    scenarios: Annotated[Path, typer.Argument(help="Scenario file (TOML): a base and named scenarios.")],
    format: Annotated[CompareFormat, typer.Option("--format", help="table, json, csv or xlsx.")] = CompareFormat.table,
    out: OutOption = None,
    workers: WorkersOption = 0,
    lang: LangOption = Lang.da,
    solver: SolverOption = Solver.cbc,
    columns: ColumnsOption = None,
    time_limit: TimeLimitOption = 60.0,
) -> None:
    """Compare scenarios side by side: grants, totals, shares, and what each override costs."""
    from pool.scenarios import compare as run_comparison
    from pool.scenarios import read_scenario_file

    if format is CompareFormat.xlsx and out is None:
        _fail(DigipuljeError("--format xlsx writes a workbook: give the file with --out, e.g. --out sammenligning.xlsx"))
    try:
        _guard_outputs({"--out": out}, scenarios=scenarios, columns=columns)
        parsed, base = read_scenario_file(scenarios, _column_map(columns))
        comparison = run_comparison(base, parsed.scenario, base_name=parsed.base.name, solver=solver.value,
                                    workers=workers or None, stay_close_to_base=parsed.base.stay_close_to_base)
    except DigipuljeError as error:
        _fail(error)
    from reports import compare as report

    if format is CompareFormat.json:
        _emit(json.dumps(report.comparison_json(comparison, lang.value), ensure_ascii=False, indent=2) + "\n", out)
    elif format is CompareFormat.csv:
        _emit(report.render_comparison_csv(comparison, lang.value), out, encoding="utf-8-sig")
    elif format is CompareFormat.xlsx:
        _write(out, report.comparison_xlsx(comparison, lang.value))
    else:
        _emit(report.render_comparison_table(comparison, lang.value), out)


@app.command()
@_solves
def sweep(
    applications: ApplicationsArgument,
    budget: Annotated[str, typer.Option("--budget", help="Budgets FROM:TO:STEP in whole kroner, e.g. 100000:600000:10000 or 100.000:600.000:10.000.")],
    pool: PoolOption = None,
    overrides: OverridesOption = None,
    format: Annotated[CurveFormat, typer.Option("--format", help="table, json, csv or svg (a chart).")] = CurveFormat.table,
    out: OutOption = None,
    chart: Annotated[Optional[Path], typer.Option("--chart", help="Also write the chart (SVG) to this file.")] = None,
    lang: LangOption = Lang.da,
    columns: ColumnsOption = None,
    solver: SolverOption = Solver.cbc,
    time_limit: TimeLimitOption = 60.0,
) -> None:
    """The budget curve: the best total score and the funded set at every budget in a range."""
    from pool.curve import budget_curve, parse_budget_range

    progress = _Progress("sweep")
    try:
        _guard_outputs({"--out": out, "--chart": chart}, applications=applications, pool=pool, overrides=overrides,
                       columns=columns)
        budgets = parse_budget_range(budget)
        apps, the_pool, the_overrides = _round_inputs(applications, pool, overrides, columns=columns)
        curve = budget_curve(apps, the_pool, budgets, the_overrides, progress=progress)
    except DigipuljeError as error:
        progress.close()
        _fail(error)
    progress.close()
    from reports import curve as report

    marks = {f"{the_pool.name} {the_pool.year or ''}".strip(): the_pool.budget_dkk}
    if chart is not None:
        from reports.safe_text import safe_text

        _write(chart, safe_text(report.render_curve_svg(curve, lang.value, marks)).encode("utf-8"))
    if format is CurveFormat.json:
        _emit(json.dumps(report.curve_json(curve), ensure_ascii=False, indent=2) + "\n", out)
    elif format is CurveFormat.csv:
        _emit(report.render_curve_csv(curve), out, encoding="utf-8-sig")
    elif format is CurveFormat.svg:
        _emit(report.render_curve_svg(curve, lang.value, marks), out)
    else:
        _emit(report.render_curve_table(curve, lang.value), out)


@app.command()
@_solves
def alternatives(
    applications: ApplicationsArgument,
    top: Annotated[int, typer.Option("--top", min=1, max=1000, help="How many options to list.")] = 5,
    pool: PoolOption = None,
    overrides: OverridesOption = None,
    budget: BudgetOption = None,
    format: Annotated[AllocationFormat, typer.Option("--format", help="table, json or csv.")] = AllocationFormat.table,
    out: OutOption = None,
    lang: LangOption = Lang.da,
    solver: SolverOption = Solver.cbc,
    columns: ColumnsOption = None,
    time_limit: TimeLimitOption = 60.0,
) -> None:
    """The best distinct funded sets, best first, each with its score gap to the best."""
    from pool.alternatives import near_best

    try:
        _guard_outputs({"--out": out}, applications=applications, pool=pool, overrides=overrides, columns=columns)
        apps, the_pool, the_overrides = _round_inputs(applications, pool, overrides, budget, columns)
        options = near_best(apps, the_pool, the_overrides, top=top, solver=solver.value)
    except DigipuljeError as error:
        _fail(error)
    from reports import options as report

    if format is AllocationFormat.json:
        _emit(json.dumps(report.alternatives_json(options), ensure_ascii=False, indent=2) + "\n", out)
    elif format is AllocationFormat.csv:
        _emit(report.render_alternatives_csv(options), out, encoding="utf-8-sig")
    else:
        _emit(report.render_alternatives_table(options, lang.value), out)


@app.command()
@_solves
def robustness(
    applications: ApplicationsArgument,
    draws: Annotated[int, typer.Option("--draws", min=1, max=1_000_000, help="How many weight sets to draw.")] = 1000,
    spread: Annotated[float, typer.Option("--spread", min=0.0, max=2.0, help="σ: each weight times exp(σ·Z), Z standard normal.")] = 0.25,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of the draws; the same seed gives the same result.")] = 2025,
    pool: PoolOption = None,
    overrides: OverridesOption = None,
    budget: BudgetOption = None,
    format: Annotated[AllocationFormat, typer.Option("--format", help="table, json or csv.")] = AllocationFormat.table,
    out: OutOption = None,
    workers: WorkersOption = 0,
    lang: LangOption = Lang.da,
    columns: ColumnsOption = None,
    solver: SolverOption = Solver.cbc,
    time_limit: TimeLimitOption = 60.0,
) -> None:
    """How often each application is funded when the principle weights are drawn around the pool's."""
    from pool.robustness import weight_robustness

    progress = _Progress("robustness")
    try:
        _guard_outputs({"--out": out}, applications=applications, pool=pool, overrides=overrides, columns=columns)
        apps, the_pool, the_overrides = _round_inputs(applications, pool, overrides, budget, columns)
        result = weight_robustness(apps, the_pool, the_overrides, draws=draws, spread=spread, seed=seed,
                                   workers=workers or None, progress=progress)
    except DigipuljeError as error:
        progress.close()
        _fail(error)
    progress.close()
    from reports import options as report

    if format is AllocationFormat.json:
        _emit(json.dumps(report.robustness_json(result), ensure_ascii=False, indent=2) + "\n", out)
    elif format is AllocationFormat.csv:
        _emit(report.render_robustness_csv(result), out, encoding="utf-8-sig")
    else:
        _emit(report.render_robustness_table(result, lang.value), out)


from web.cli import register as _register_web  # noqa: E402  (serve and user: the web app)

_register_web(app)


# --- What every command shares: safe text on the terminal, system errors as one line ------------

class _SafeStream(io.TextIOBase):
    """A terminal stream that shows control characters from files escaped (`safe_text`)."""

    def __init__(self, stream) -> None:
        self.unescaped = stream

    @property
    def encoding(self):
        return getattr(self.unescaped, "encoding", "utf-8")

    @property
    def errors(self):
        return getattr(self.unescaped, "errors", "strict")

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        if not isinstance(text, str):
            raise TypeError("a text stream")
        from reports.safe_text import safe_text

        self.unescaped.write(safe_text(text))
        return len(text)

    def flush(self) -> None:
        self.unescaped.flush()

    def isatty(self) -> bool:
        return self.unescaped.isatty()

    def fileno(self) -> int:
        return self.unescaped.fileno()


def _system_error_line(error: Exception) -> str:
    """An operating-system or database error that no command expected, as one line."""
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename is not None else ""
        return f"{where}{error.strerror or error}"
    return f"the round database: {error}"


def _command(callback):
    """Runs a command with its terminal output made safe and system errors as one line (exit 1)."""
    import contextlib
    import functools
    import sqlite3

    @functools.wraps(callback)
    def run(*args, **kwargs):
        with contextlib.redirect_stdout(_SafeStream(sys.stdout)), contextlib.redirect_stderr(_SafeStream(sys.stderr)):
            try:
                return callback(*args, **kwargs)
            except (OSError, sqlite3.Error) as error:
                if "DIGIPULJE_DEBUG" in __import__("os").environ:
                    raise
                typer.echo(f"error: {_system_error_line(error)}", err=True)
                raise typer.Exit(1) from None

    run.safe_command = True
    return run


def _guard_every_command(typer_app: typer.Typer) -> None:
    for info in typer_app.registered_commands:
        if info.callback is not None and not getattr(info.callback, "safe_command", False):
            info.callback = _command(info.callback)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _guard_every_command(group.typer_instance)


_guard_every_command(app)


def main() -> None:
    """Console entry point: run the app; an unexpected error is one line, not a traceback."""
    try:
        app()
    except DigipuljeError as error:  # raised outside a command's own handling
        for line in error.lines:
            print(f"error: {line}", file=sys.stderr)
        sys.exit(1)
    except Exception as error:  # a bug: say so plainly, and how to see more
        if "DIGIPULJE_DEBUG" in __import__("os").environ:
            raise
        print(f"error: unexpected {type(error).__name__}: {error} "
              "(set DIGIPULJE_DEBUG=1 to see the traceback, and please report it)", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
