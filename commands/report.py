"""`report`: the decision memo (HTML or Markdown) or the decision workbook (xlsx)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from digipulje.commands import inputs
from digipulje.commands.options import (
    ApplicationsArgument,
    AssessmentsOption,
    BaselineOption,
    ColumnsOption,
    KitosOption,
    LangOption,
    OverridesOption,
    PoolOption,
    Solver,
    SolverOption,
    TimeLimitOption,
)
from digipulje.commands.shell import guard_outputs, warn, write
from digipulje.commands.solving import solves
from digipulje.messages import _


def report_command(
    applications: ApplicationsArgument,
    out: Annotated[Path, typer.Option("--out", help=_(
        "The report to write: FILE.html or FILE.md (the memo), FILE.xlsx (the workbook)."))],
    pool: PoolOption = None,
    overrides: OverridesOption = None,
    baseline: BaselineOption = None,
    lang: LangOption = None,
    with_names: Annotated[bool, typer.Option("--with-names", help=_(
        "Include contact persons, department heads and assessors by name (personal data); by default only "
        "roles."))] = False,
    date: Annotated[datetime | None, typer.Option(
        "--date", formats=["%Y-%m-%d"], help=_("The memo's date (YYYY-MM-DD); default today."))] = None,
    solver: SolverOption = Solver.exact,
    time_limit: TimeLimitOption = 60.0,
    kitos: KitosOption = None,
    assessments: AssessmentsOption = None,
    scenarios: Annotated[Path | None, typer.Option("--scenarios", help=_(
        "Scenario file (TOML), as for compare: the memo adds the comparison and the budget curve, the "
        "workbook their sheets."))] = None,
    columns: ColumnsOption = None,
) -> None:
    from digipulje.applications.spreadsheet import read_applications
    from digipulje.meeting.memo import memo_case
    from digipulje.meeting.scenarios import scenarios_for_memo
    from digipulje.pool.config import read_baseline
    from digipulje.reports.formats import render_report, report_format, scenario_warnings

    guard_outputs({"--out": out}, applications=applications, pool=pool, overrides=overrides,
                  baseline=baseline, kitos=kitos, assessments=assessments, scenarios=scenarios)
    fmt = report_format(out)
    memo_date = date.date() if date else None
    screening = inputs.kitos_for_report(kitos, memo_date) if kitos is not None else None
    ratings = inputs.read_ratings(assessments)
    compared = {} if scenarios is None else {"scenarios": scenarios_for_memo(scenarios, solver.value)}
    apps = read_applications(applications, columns=inputs.column_map(columns, pool))
    the_pool = inputs.read_the_pool(applications, pool)
    case = memo_case(
        apps, the_pool, inputs.read_overrides_for(overrides, apps, the_pool),
        baseline=read_baseline(baseline), memo_date=memo_date, solver=solver.value, kitos=screening,
        assessments=ratings, **compared,
    )
    warn(scenario_warnings(case, scenarios))
    if ratings:
        from digipulje.scoring.panel import panel_warnings

        warn(panel_warnings(case.applications, case.panels()))
    write(out, render_report(case, fmt, lang.value, with_names))


def register(app: typer.Typer) -> None:
    app.command("report", help=_(
        "Write the decision memo (HTML or Markdown) or the decision workbook (xlsx).\n\n"
        "With --scenarios, the scenarios are allocated as `compare` does and the budget curve of their base is "
        "swept from 0 to twice its pool (or to what the eligible applications ask, if more).\n\n"
        "With --kitos, the memo shows each application's KITOS hints and the workbook has a sheet of them; "
        "registrations are judged stale as of the memo's date.\n\n"
        "With --assessments, the applications are scored from the council members' ratings; the memo's method "
        "names the assessors (by role; by name with --with-names), the recusals, the spreads to discuss and the "
        "scales, and the workbook has a sheet of every rating."))(solves(report_command))
