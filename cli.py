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
    assessments: AssessmentsOption = None,
) -> None:
    """Allocate the pool to the applications in the given sheets."""
    from applications.spreadsheet import read_applications
    from pool.allocate import allocate as run_allocation
    from pool.config import read_baseline, read_overrides, read_pool

    try:
        the_pool = read_pool(pool)
        if budget is not None:
            the_pool = the_pool.with_budget(budget)
        _warn(_frozen_warnings(pool, the_pool))
        apps, ratings = read_applications(applications), _read_assessments(assessments)
        result = run_allocation(
            apps, the_pool, read_overrides(overrides),
            baseline=read_baseline(baseline), solver=solver.value, assessments=ratings,
        )
        if ratings:
            from scoring.panel import panel_warnings, score_round

            _warn(panel_warnings(apps, score_round(apps, the_pool, ratings)[0]))
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


@app.command()
def explain(
    applications: Annotated[list[Path], typer.Argument(help="Application sheets (.xlsx, .xlsm, .csv).")],
    id: Annotated[Optional[str], typer.Option("--id", help="The application to explain; without it, the "
                                                            "portfolio and every application.")] = None,
    pool: Annotated[Optional[Path], typer.Option("--pool", help="Pool file (TOML); defaults apply without one.")] = None,
    overrides: Annotated[Optional[Path], typer.Option("--overrides", help="Overrides file (TOML).")] = None,
    baseline: Annotated[Optional[Path], typer.Option("--baseline", help="An earlier allocation (JSON) to change as little as possible.")] = None,
    assessments: AssessmentsOption = None,
    lang: LangOption = Lang.da,
    solver: SolverOption = Solver.cbc,
) -> None:
    """Explain an allocation: the deciding reason, the score per principle, who rated what, and
    every rule passed or failed."""
    from applications.spreadsheet import read_applications
    from pool.allocate import allocate as run_allocation
    from pool.config import read_baseline, read_overrides, read_pool
    from scoring.explain import explain_application, explain_round
    from scoring.panel import panel_warnings, score_round
    from scoring.portfolio import portfolio_of

    try:
        the_pool = read_pool(pool)
        _warn(_frozen_warnings(pool, the_pool))
        apps = read_applications(applications)
        ratings = _read_assessments(assessments)
        result = run_allocation(apps, the_pool, read_overrides(overrides), baseline=read_baseline(baseline),
                                solver=solver.value, assessments=ratings)
        panels, scores = score_round(apps, the_pool, ratings)
        if ratings:
            _warn(panel_warnings(apps, panels))
        explanations = ([explain_application(result, apps, id, ratings)] if id is not None
                        else explain_round(result, apps, ratings))
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
    from reports.files import write_atomically

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
    write_atomically(target, frozen_json(record).encode("utf-8"))
    typer.echo(f"froze round {the_pool.round or the_pool.year}: {entry['fingerprint']} in {target}")


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
