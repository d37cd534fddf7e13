"""`compare`, `sweep`, `alternatives` and `robustness`: the round under other terms."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from digipulje.base.errors import DigipuljeError
from digipulje.commands import inputs
from digipulje.commands.options import (AllocationFormat, AllocationFormatOption, ApplicationsArgument, BudgetOption,
                              ColumnsOption, LangOption, OutOption, OverridesOption, PoolOption, Solver, SolverOption,
                              TimeLimitOption, WorkersOption)
from digipulje.commands.shell import emit, guard_outputs, write
from digipulje.commands.solving import ProgressBar, solves
from digipulje.messages import N_, _


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


def compare(
    scenarios: Annotated[Path, typer.Argument(
        metavar=N_("SCENARIO_FILE"),
        help=_("Scenario file (TOML): a base and named scenarios."), show_default=False)],
    format: Annotated[CompareFormat, typer.Option("--format", help=_("table, json, csv or xlsx."))] = CompareFormat.table,
    out: OutOption = None,
    workers: WorkersOption = 0,
    lang: LangOption = None,
    solver: SolverOption = Solver.exact,
    columns: ColumnsOption = None,
    time_limit: TimeLimitOption = 60.0,
) -> None:
    from digipulje.analyses.scenarios import read_scenario_file
    from digipulje.meeting.scenarios import compare_scenarios
    from digipulje.reports import compare as report

    if format is CompareFormat.xlsx and out is None:
        raise DigipuljeError(_("--format xlsx writes a workbook: give the file with --out, e.g. --out "
                               "sammenligning.xlsx"))
    guard_outputs({"--out": out}, scenarios=scenarios, columns=columns)
    parsed, base = read_scenario_file(scenarios, inputs.column_map(columns))
    comparison = compare_scenarios(base, parsed.scenario, base_name=parsed.base.name, solver=solver.value,
                                workers=workers or None, stay_close_to_base=parsed.base.stay_close_to_base)
    if format is CompareFormat.json:
        emit(json.dumps(report.comparison_json(comparison, lang.value), ensure_ascii=False, indent=2) + "\n", out)
    elif format is CompareFormat.csv:
        emit(report.render_comparison_csv(comparison, lang.value), out, encoding="utf-8-sig")
    elif format is CompareFormat.xlsx:
        write(out, report.comparison_xlsx(comparison, lang.value))
    else:
        emit(report.render_comparison_table(comparison, lang.value), out)


def sweep(
    applications: ApplicationsArgument,
    budget: Annotated[str, typer.Option("--budget", help=_(
        "Budgets FROM:TO:STEP in whole kroner, e.g. 100000:600000:10000 or 100.000:600.000:10.000."))],
    pool: PoolOption = None,
    overrides: OverridesOption = None,
    format: Annotated[CurveFormat, typer.Option(
        "--format", help=_("table, json, csv or svg (a chart)."))] = CurveFormat.table,
    out: OutOption = None,
    chart: Annotated[Optional[Path], typer.Option("--chart", help=_("Also write the chart (SVG) to this file."))] = None,
    workers: WorkersOption = 0,
    lang: LangOption = None,
    columns: ColumnsOption = None,
    solver: SolverOption = Solver.exact,
    time_limit: TimeLimitOption = 60.0,
) -> None:
    from digipulje.analyses.curve import budget_curve, parse_budget_range
    from digipulje.reports import curve as report
    from digipulje.reports.untrusted import safe_text

    guard_outputs({"--out": out, "--chart": chart}, applications=applications, pool=pool, overrides=overrides,
                  columns=columns)
    if chart is not None and chart.suffix.lower() != ".svg":
        raise DigipuljeError(_("--chart {file}: the chart is an SVG drawing; give a file name ending in .svg",
                               file=chart))
    budgets = parse_budget_range(budget)
    apps, the_pool, the_overrides = inputs.round_inputs(applications, pool, overrides, columns=columns)
    with ProgressBar(_("budget curve")) as progress:
        curve = budget_curve(apps, the_pool, budgets, the_overrides, progress=progress, workers=workers or None)
    marks = {f"{the_pool.name} {the_pool.year or ''}".strip(): the_pool.budget_dkk}
    if chart is not None:
        write(chart, safe_text(report.render_curve_svg(curve, lang.value, marks)).encode("utf-8"))
    if format is CurveFormat.json:
        emit(json.dumps(report.curve_json(curve), ensure_ascii=False, indent=2) + "\n", out)
    elif format is CurveFormat.csv:
        emit(report.render_curve_csv(curve), out, encoding="utf-8-sig")
    elif format is CurveFormat.svg:
        emit(report.render_curve_svg(curve, lang.value, marks), out)
    else:
        emit(report.render_curve_table(curve, lang.value), out)


def alternatives(
    applications: ApplicationsArgument,
    top: Annotated[int, typer.Option("--top", min=1, max=1000, help=_("How many options to list."))] = 5,
    pool: PoolOption = None,
    overrides: OverridesOption = None,
    budget: BudgetOption = None,
    format: AllocationFormatOption = AllocationFormat.table,
    out: OutOption = None,
    lang: LangOption = None,
    solver: SolverOption = Solver.exact,
    columns: ColumnsOption = None,
    time_limit: TimeLimitOption = 60.0,
) -> None:
    from digipulje.analyses.alternatives import near_best
    from digipulje.reports import alternatives as report

    guard_outputs({"--out": out}, applications=applications, pool=pool, overrides=overrides, columns=columns)
    apps, the_pool, the_overrides = inputs.round_inputs(applications, pool, overrides, budget, columns)
    options = near_best(apps, the_pool, the_overrides, top=top, solver=solver.value)
    if format is AllocationFormat.json:
        emit(json.dumps(report.alternatives_json(options), ensure_ascii=False, indent=2) + "\n", out)
    elif format is AllocationFormat.csv:
        emit(report.render_alternatives_csv(options), out, encoding="utf-8-sig")
    else:
        emit(report.render_alternatives_table(options, lang.value), out)


def robustness(
    applications: ApplicationsArgument,
    draws: Annotated[int, typer.Option(
        "--draws", min=1, max=1_000_000, help=_("How many weight sets to draw."))] = 1000,
    spread: Annotated[float, typer.Option(
        "--spread", min=0.0, max=2.0, help=_("σ: each weight times exp(σ·Z), Z standard normal."))] = 0.25,
    seed: Annotated[int, typer.Option(
        "--seed", min=0, help=_("Seed of the draws; the same seed gives the same result."))] = 2025,
    pool: PoolOption = None,
    overrides: OverridesOption = None,
    budget: BudgetOption = None,
    format: AllocationFormatOption = AllocationFormat.table,
    out: OutOption = None,
    workers: WorkersOption = 0,
    lang: LangOption = None,
    columns: ColumnsOption = None,
    solver: SolverOption = Solver.exact,
    time_limit: TimeLimitOption = 60.0,
) -> None:
    from digipulje.analyses.robustness import weight_robustness
    from digipulje.reports import alternatives as report

    guard_outputs({"--out": out}, applications=applications, pool=pool, overrides=overrides, columns=columns)
    apps, the_pool, the_overrides = inputs.round_inputs(applications, pool, overrides, budget, columns)
    with ProgressBar(_("robustness")) as progress:
        result = weight_robustness(apps, the_pool, the_overrides, draws=draws, spread=spread, seed=seed,
                                   workers=workers or None, progress=progress)
    if format is AllocationFormat.json:
        emit(json.dumps(report.robustness_json(result), ensure_ascii=False, indent=2) + "\n", out)
    elif format is AllocationFormat.csv:
        emit(report.render_robustness_csv(result), out, encoding="utf-8-sig")
    else:
        emit(report.render_robustness_table(result, lang.value), out)


def register(app: typer.Typer) -> None:
    app.command("compare", help=_(
        "Compare scenarios side by side: grants, totals, shares, and what each override costs."))(solves(compare))
    app.command("sweep", help=_(
        "The budget curve: the best total score and the funded set at every budget in a range."))(solves(sweep))
    app.command("alternatives", help=_(
        "The best distinct funded sets, best first, each with its score gap to the best."))(solves(alternatives))
    app.command("robustness", help=_(
        "How often each application is funded when the principle weights are drawn around the pool's."))(
        solves(robustness))
