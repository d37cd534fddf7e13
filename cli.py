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
    from pool.pabulib import is_pabulib, pabulib_pool

    try:
        the_pool = read_pool(pool)
        if pool is None and is_pabulib(applications):  # a .pb file: its own budget and rules
            the_pool = pabulib_pool(applications, budget)
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
