"""The digipulje command line: parse, call, print, exit code. Nothing else lives here.

Every user-facing error is a `DigipuljeError`; it is printed as one line per problem on stderr
with exit code 1, never as a traceback.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
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
SheetOption = Annotated[Optional[str], typer.Option("--sheet", help="The sheet to read in each workbook (default: the first with a header row).")]
ColumnsOption = Annotated[Optional[Path], typer.Option("--columns", help="Column mapping (TOML): your headers to digipulje's columns.")]


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
    sheet: SheetOption = None,
    columns: ColumnsOption = None,
) -> None:
    """Allocate the pool to the applications in the given sheets, forms or folders.

    With --out FILE.xlsx the allocation is written as an Excel workbook.
    """
    from applications.columns import read_column_map
    from pool.allocate import allocate as run_allocation
    from pool.config import read_baseline, read_overrides, read_pool

    try:
        if out is not None:
            _refuse_to_overwrite_input(out, applications)
        the_pool = read_pool(pool)
        if budget is not None:
            the_pool = the_pool.with_budget(budget)
        column_map = read_column_map(columns) if columns is not None else None
        result = run_allocation(
            _read_applications_warning(applications, sheet, column_map), the_pool, read_overrides(overrides),
            baseline=read_baseline(baseline), solver=solver.value,
        )
    except DigipuljeError as error:
        _fail(error)
    if out is not None and out.suffix.lower() == ".xlsx":
        from reports.files import write_atomically
        from reports.workbook_out import render_workbook

        write_atomically(out, render_workbook(result, lang.value))
        typer.echo(f"wrote {out}", err=True)
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
    applications: Annotated[list[Path], typer.Argument(help="Application sheets (.xlsx, .xlsm, .csv).")],
    kitos: Annotated[Path, typer.Option("--kitos", help="KITOS export: the system-usage overview (.xlsx) or "
                                                        "the API v2 it-system-usages (.json).")],
    format: Annotated[HintFormat, typer.Option("--format", help="text or json.")] = HintFormat.text,
    lang: LangOption = Lang.da,
    today: Annotated[Optional[str], typer.Option(
        "--today", help="Judge stale registrations as of this date (2026-11-23) instead of today.")] = None,
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
        found = read_applications(applications)
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
def report(
    applications: Annotated[list[Path], typer.Argument(help="Application sheets (.xlsx, .xlsm, .csv).")],
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
    kitos: KitosOption = None,
) -> None:
    """Write the decision memo (HTML or Markdown) or the decision workbook (xlsx).

    With --kitos, the memo shows each application's KITOS hints and the workbook has a sheet of
    them; registrations are judged stale as of the memo's date."""
    from applications.spreadsheet import read_applications
    from pool.config import read_baseline, read_overrides, read_pool
    from pool.errors import InputError
    from reports.files import write_atomically
    from reports.memo_case import prepare_case
    from reports.memo_report import render_report, report_format

    try:
        fmt = report_format(out)
        inputs = [p for p in (*applications, pool, overrides, baseline, kitos) if p is not None]
        if any(p.exists() and out.exists() and p.resolve() == out.resolve() for p in inputs):
            raise InputError(f"{out}: is one of the input files; digipulje never overwrites its inputs: "
                             "choose another --out")
        memo_date = date.date() if date else None
        screening = _kitos_for_report(kitos, memo_date) if kitos is not None else None
        case = prepare_case(
            read_applications(applications), read_pool(pool), read_overrides(overrides),
            baseline=read_baseline(baseline), memo_date=memo_date, solver=solver.value, kitos=screening,
        )
        data = render_report(case, fmt, lang.value, with_names)
    except DigipuljeError as error:
        _fail(error)
    write_atomically(out, data)
    typer.echo(f"wrote {out}", err=True)


def _read_applications_warning(files: list[Path], sheet: Optional[str], column_map) -> list:
    """The applications, with the reader's warnings on stderr; errors raise as in `read_applications`."""
    from applications.problems import ApplicationsError
    from applications.spreadsheet import collect_applications

    found, problems = collect_applications(files, sheet=sheet, columns=column_map)
    if any(p.severity == "error" for p in problems):
        raise ApplicationsError(problems)
    for problem in problems:
        typer.echo(problem.line(), err=True)
    return found


def _refuse_to_overwrite_input(out: Path, inputs: list[Path]) -> None:
    from applications.spreadsheet import application_files
    from pool.errors import InputError

    if any(out.resolve() == f.resolve() for f in application_files(inputs, [])):
        raise InputError(f"{out}: is one of the application files, and digipulje never changes its input: "
                         "choose another name for --out")


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
    from applications.columns import read_column_map
    from applications.spreadsheet import collect_applications
    from reports.validation import render_validation, validation_json

    try:
        column_map = read_column_map(columns) if columns is not None else None
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
