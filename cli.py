"""The digipulje command line: parse, call, print, exit code. Nothing else lives here.

Every user-facing error is a `DigipuljeError`; it is printed as one line per problem on stderr
with exit code 1, never as a traceback.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from pool.errors import DigipuljeError

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


def _fail(error: DigipuljeError) -> None:
    for line in error.lines:
        typer.echo(f"error: {line}", err=True)
    raise typer.Exit(1)


def _emit(text: str, out: Optional[Path], encoding: str = "utf-8") -> None:
    if out is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    from reports.files import write_atomically

    write_atomically(out, text.encode(encoding))
    typer.echo(f"wrote {out}", err=True)


@app.command()
def demo(
    format: Annotated[AllocationFormat, typer.Option("--format", help="table or json.")] = AllocationFormat.table,
    export: Annotated[Optional[Path], typer.Option("--export", help="Write the example's files into this folder.")] = None,
    lang: LangOption = Lang.da,
    solver: SolverOption = Solver.cbc,
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
def allocate(
    applications: Annotated[list[Path], typer.Argument(help="Application sheets (.xlsx, .xlsm, .csv).")],
    pool: Annotated[Optional[Path], typer.Option("--pool", help="Pool file (TOML); defaults apply without one.")] = None,
    overrides: Annotated[Optional[Path], typer.Option("--overrides", help="Overrides file (TOML).")] = None,
    baseline: Annotated[Optional[Path], typer.Option("--baseline", help="An earlier allocation (JSON) to change as little as possible.")] = None,
    budget: Annotated[Optional[int], typer.Option("--budget", min=0, help="Budget in whole kroner, instead of the pool file's.")] = None,
    format: Annotated[AllocationFormat, typer.Option("--format", help="table, json or csv.")] = AllocationFormat.table,
    out: Annotated[Optional[Path], typer.Option("--out", help="Write to this file instead of the terminal.")] = None,
    lang: LangOption = Lang.da,
    solver: SolverOption = Solver.cbc,
) -> None:
    """Allocate the pool to the applications in the given sheets."""
    from applications.spreadsheet import read_applications
    from pool.allocate import allocate as run_allocation
    from pool.config import read_baseline, read_overrides, read_pool

    try:
        the_pool = read_pool(pool)
        if budget is not None:
            the_pool = the_pool.with_budget(budget)
        result = run_allocation(
            read_applications(applications), the_pool, read_overrides(overrides),
            baseline=read_baseline(baseline), solver=solver.value,
        )
    except DigipuljeError as error:
        _fail(error)
    if format is AllocationFormat.json:
        _emit(json.dumps(result.to_json(lang.value), ensure_ascii=False, indent=2) + "\n", out)
    elif format is AllocationFormat.csv:
        from reports.export import render_csv

        _emit(render_csv(result, lang.value), out, encoding="utf-8-sig")
    else:
        from reports.table import render_table

        _emit(render_table(result, lang.value), out)


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
ApplicationsArgument = Annotated[list[Path], typer.Argument(help="Application sheets (.xlsx, .xlsm, .csv).")]


class _Progress:
    """A progress bar on stderr, drawn only on a terminal and only once a run has taken a second."""

    def __init__(self, label: str) -> None:
        import time

        self.label = label
        self.started = time.monotonic()
        self.shown = False
        self.enabled = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        import time

        if not self.enabled or total <= 0 or time.monotonic() - self.started < 1.0:
            return
        filled = int(30 * done / total)
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {100 * done // total:3d}%")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * (len(self.label) + 40) + "\r")
            sys.stderr.flush()


def _round_inputs(applications: list[Path], pool: Optional[Path], overrides: Optional[Path], budget: Optional[int] = None):
    from applications.spreadsheet import read_applications
    from pool.config import read_overrides, read_pool

    the_pool = read_pool(pool)
    if budget is not None:
        the_pool = the_pool.with_budget(budget)
    return read_applications(applications), the_pool, read_overrides(overrides)


@app.command()
def compare(
    scenarios: Annotated[Path, typer.Argument(help="Scenario file (TOML): a base and named scenarios.")],
    format: Annotated[CompareFormat, typer.Option("--format", help="table, json, csv or xlsx.")] = CompareFormat.table,
    out: OutOption = None,
    workers: WorkersOption = 0,
    lang: LangOption = Lang.da,
    solver: SolverOption = Solver.cbc,
) -> None:
    """Compare scenarios side by side: grants, totals, shares, and what each override costs."""
    from pool.scenarios import compare as run_comparison
    from pool.scenarios import read_scenario_file

    if format is CompareFormat.xlsx and out is None:
        _fail(DigipuljeError("--format xlsx writes a workbook: give the file with --out, e.g. --out sammenligning.xlsx"))
    try:
        parsed, base = read_scenario_file(scenarios)
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
        from reports.files import write_atomically

        write_atomically(out, report.comparison_xlsx(comparison, lang.value))
        typer.echo(f"wrote {out}", err=True)
    else:
        _emit(report.render_comparison_table(comparison, lang.value), out)


@app.command()
def sweep(
    applications: ApplicationsArgument,
    budget: Annotated[str, typer.Option("--budget", help="Budgets FROM:TO:STEP in whole kroner, e.g. 100000:600000:10000.")],
    pool: PoolOption = None,
    overrides: OverridesOption = None,
    format: Annotated[CurveFormat, typer.Option("--format", help="table, json, csv or svg (a chart).")] = CurveFormat.table,
    out: OutOption = None,
    chart: Annotated[Optional[Path], typer.Option("--chart", help="Also write the chart (SVG) to this file.")] = None,
    lang: LangOption = Lang.da,
) -> None:
    """The budget curve: the best total score and the funded set at every budget in a range."""
    from pool.curve import budget_curve, parse_budget_range

    progress = _Progress("sweep")
    try:
        budgets = parse_budget_range(budget)
        apps, the_pool, the_overrides = _round_inputs(applications, pool, overrides)
        curve = budget_curve(apps, the_pool, budgets, the_overrides, progress=progress)
    except DigipuljeError as error:
        progress.close()
        _fail(error)
    progress.close()
    from reports import curve as report

    marks = {f"{the_pool.name} {the_pool.year or ''}".strip(): the_pool.budget_dkk}
    if chart is not None:
        from reports.files import write_atomically

        write_atomically(chart, report.render_curve_svg(curve, lang.value, marks).encode("utf-8"))
        typer.echo(f"wrote {chart}", err=True)
    if format is CurveFormat.json:
        _emit(json.dumps(report.curve_json(curve), ensure_ascii=False, indent=2) + "\n", out)
    elif format is CurveFormat.csv:
        _emit(report.render_curve_csv(curve), out, encoding="utf-8-sig")
    elif format is CurveFormat.svg:
        _emit(report.render_curve_svg(curve, lang.value, marks), out)
    else:
        _emit(report.render_curve_table(curve, lang.value), out)


@app.command()
def alternatives(
    applications: ApplicationsArgument,
    top: Annotated[int, typer.Option("--top", min=1, max=1000, help="How many options to list.")] = 5,
    pool: PoolOption = None,
    overrides: OverridesOption = None,
    budget: Annotated[Optional[int], typer.Option("--budget", min=0, help="Budget in whole kroner, instead of the pool file's.")] = None,
    format: Annotated[AllocationFormat, typer.Option("--format", help="table, json or csv.")] = AllocationFormat.table,
    out: OutOption = None,
    lang: LangOption = Lang.da,
    solver: SolverOption = Solver.cbc,
) -> None:
    """The best distinct funded sets, best first, each with its score gap to the best."""
    from pool.alternatives import near_best

    try:
        apps, the_pool, the_overrides = _round_inputs(applications, pool, overrides, budget)
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
def robustness(
    applications: ApplicationsArgument,
    draws: Annotated[int, typer.Option("--draws", min=1, max=1_000_000, help="How many weight sets to draw.")] = 1000,
    spread: Annotated[float, typer.Option("--spread", min=0.0, max=2.0, help="σ: each weight times exp(σ·Z), Z standard normal.")] = 0.25,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed of the draws; the same seed gives the same result.")] = 2025,
    pool: PoolOption = None,
    overrides: OverridesOption = None,
    budget: Annotated[Optional[int], typer.Option("--budget", min=0, help="Budget in whole kroner, instead of the pool file's.")] = None,
    format: Annotated[AllocationFormat, typer.Option("--format", help="table, json or csv.")] = AllocationFormat.table,
    out: OutOption = None,
    workers: WorkersOption = 0,
    lang: LangOption = Lang.da,
) -> None:
    """How often each application is funded when the principle weights are drawn around the pool's."""
    from pool.robustness import weight_robustness

    progress = _Progress("robustness")
    try:
        apps, the_pool, the_overrides = _round_inputs(applications, pool, overrides, budget)
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
