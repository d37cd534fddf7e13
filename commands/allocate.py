"""`allocate`, `explain` and `scales`: one round given as files, allocated and explained."""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer

from digipulje.commands import inputs
from digipulje.commands.options import (AllocationFormat, AllocationFormatOption, ApplicationsArgument, AssessmentsOption,
                              BaselineOption, BudgetOption, ColumnsOption, KitosOption, LangOption, OutOption,
                              OverridesOption, PoolOption, SheetOption, Solver, SolverOption, TimeLimitOption,
                              TodayOption)
from digipulje.commands.shell import emit, guard_outputs, warn, write
from digipulje.commands.solving import solves
from digipulje.messages import _


def _panels(allocation) -> dict:
    """The council members' ratings the allocation scored each application from, by id."""
    return {i: d.panel for i, d in sorted(allocation.details.items()) if d.panel is not None}


def allocate_command(
    applications: ApplicationsArgument,
    pool: PoolOption = None,
    overrides: OverridesOption = None,
    baseline: BaselineOption = None,
    budget: BudgetOption = None,
    format: AllocationFormatOption = AllocationFormat.table,
    out: OutOption = None,
    lang: LangOption = None,
    solver: SolverOption = Solver.exact,
    time_limit: TimeLimitOption = 60.0,
    sheet: SheetOption = None,
    columns: ColumnsOption = None,
    assessments: AssessmentsOption = None,
) -> None:
    from digipulje.pool.allocating import decide
    from digipulje.pool.config import read_baseline

    the_budget = inputs.read_budget(budget)
    guard_outputs({"--out": out}, applications=applications, pool=pool, overrides=overrides,
                  baseline=baseline, columns=columns, assessments=assessments)
    the_pool = inputs.read_the_pool(applications, pool, the_budget)
    warn(inputs.frozen_warnings(pool, the_pool))
    apps = inputs.read_applications_warning(applications, sheet, inputs.column_map(columns, pool))
    ratings = inputs.read_ratings(assessments)
    the_overrides = inputs.read_overrides_for(overrides, apps, the_pool)
    result = decide(apps, the_pool, the_overrides, baseline=read_baseline(baseline), solver=solver.value,
                    assessments=ratings)
    result = inputs.with_frozen_round(pool, the_pool, result)
    if ratings:
        from digipulje.scoring.panel import panel_warnings

        warn(panel_warnings(apps, _panels(result)))
    if out is not None and out.suffix.lower() == ".xlsx":
        from digipulje.reports.workbook_out import render_workbook

        write(out, render_workbook(result, lang.value))
    elif format is AllocationFormat.json:
        emit(json.dumps(result.to_json(lang.value), ensure_ascii=False, indent=2) + "\n", out)
    elif format is AllocationFormat.csv:
        from digipulje.reports.export import render_csv

        emit(render_csv(result, lang.value), out, encoding="utf-8-sig")
    else:
        from digipulje.reports.table import render_table

        emit(render_table(result, lang.value), out)


def explain(
    applications: ApplicationsArgument,
    id: Annotated[Optional[str], typer.Option(
        "--id", help=_("The application to explain; without it, the portfolio and every application."))] = None,
    pool: PoolOption = None,
    overrides: OverridesOption = None,
    baseline: BaselineOption = None,
    assessments: AssessmentsOption = None,
    lang: LangOption = None,
    solver: SolverOption = Solver.exact,
    time_limit: TimeLimitOption = 60.0,
    kitos: KitosOption = None,
    today: TodayOption = None,
    columns: ColumnsOption = None,
) -> None:
    from digipulje.analyses.portfolio import portfolio_of
    from digipulje.applications.spreadsheet import read_applications
    from digipulje.pool.allocating import decide
    from digipulje.pool.config import read_baseline
    from digipulje.pool.explain import explain_application, explain_round
    from digipulje.scoring.panel import panel_warnings

    the_pool = inputs.read_the_pool(applications, pool)
    warn(inputs.frozen_warnings(pool, the_pool))
    apps = read_applications(applications, columns=inputs.column_map(columns, pool))
    ratings = inputs.read_ratings(assessments)
    the_overrides = inputs.read_overrides_for(overrides, apps, the_pool)
    result = decide(apps, the_pool, the_overrides, baseline=read_baseline(baseline), solver=solver.value,
                    assessments=ratings)
    if ratings:
        warn(panel_warnings(apps, _panels(result)))
    screening = inputs.kitos_for_report(kitos, inputs.kitos_day(today)) if kitos is not None else None
    explanations = ([explain_application(result, apps, id, ratings, screening)] if id is not None
                    else explain_round(result, apps, ratings, screening))
    texts = [e.text(lang.value) for e in explanations]
    if id is None:
        texts.insert(0, portfolio_of(result, apps, {i: d.score for i, d in result.details.items()}).text(lang.value))
    typer.echo("\n\n".join(texts))


def scales(lang: LangOption = None) -> None:
    from digipulje.scoring.scales import scale_guidance

    typer.echo("\n".join(scale_guidance(lang.value)))


def register(app: typer.Typer) -> None:
    app.command("allocate", help=_(
        "Allocate the pool to the applications in the given sheets, forms or folders.\n\n"
        "With --out FILE.xlsx the allocation is written as an Excel workbook."))(solves(allocate_command))


def register_explain(app: typer.Typer) -> None:
    app.command("explain", help=_(
        "Explain an allocation: the deciding reason, the score per principle, who rated what, and every "
        "rule passed or failed.\n\n"
        "With --kitos, each explanation also gives the application's KITOS hints: the cross-cutting "
        "evidence beside the rating of principle 4, the others after the score."))(solves(explain))
    app.command("scales", help=_(
        "Show the anchored 0–4 scale of each rated principle: what each rating means."))(scales)
