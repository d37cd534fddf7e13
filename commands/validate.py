"""`validate` and `form new`: the application files before a round, and the form departments fill."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from digipulje.commands import inputs
from digipulje.commands.options import (ColumnsOption, KitosOption, LangOption, PoolOption, SheetOption, TextFormat,
                                        TextFormatOption, TodayOption)
from digipulje.messages import N_, _


def validate_command(
    files: Annotated[list[Path], typer.Argument(
        metavar=N_("FILES"),
        help=_("Application sheets, filled forms, or folders of them."), show_default=False)],
    format: TextFormatOption = TextFormat.text,
    sheet: SheetOption = None,
    columns: ColumnsOption = None,
    pool: PoolOption = None,
    lang: LangOption = None,
    kitos: KitosOption = None,
    today: TodayOption = None,
) -> None:
    from digipulje.applications.spreadsheet import collect_applications
    from digipulje.reports.validation import render_validation, validation_json

    column_map = inputs.column_map(columns, pool)  # a pool file's [columns] table, as allocate reads it
    day = inputs.kitos_day(today) if kitos is not None else None
    applications, problems = collect_applications(files, sheet=sheet, columns=column_map)
    screening = None
    if kitos is not None:
        screening, kitos_problems = inputs.read_kitos_screening(kitos, day)
        problems = [*problems, *kitos_problems]
    if format is TextFormat.json:
        typer.echo(json.dumps(validation_json(applications, problems, screening, lang.value),
                              ensure_ascii=False, indent=2))
    else:
        typer.echo(render_validation(applications, problems, lang.value, screening), nl=False)
    if any(p.severity == "error" for p in problems):
        raise typer.Exit(1)


def form_new(
    out: Annotated[Path, typer.Option("--out", help=_("The form to write (.xlsx); never overwritten."))],
    lang: LangOption = None,
) -> None:
    from digipulje.applications.form import write_form
    from digipulje.commands.outputs import OutputError, describe_write_error

    try:
        write_form(out, lang.value)
    except OSError as error:  # one line naming the form, as every output does
        raise OutputError(describe_write_error(out, error)) from None
    typer.echo(_("wrote {path}", path=out), err=True)


def register(app: typer.Typer) -> None:
    app.command("validate", help=_(
        "Read application files and list the applications and every problem; exit code 1 on errors.\n\n"
        "With --kitos, each application also gets its KITOS screening hints."))(validate_command)


def register_form(app: typer.Typer) -> None:
    form_app = typer.Typer(help=_("The structured application form."), no_args_is_help=True)
    form_app.command("new", help=_(
        "Write an empty application form: questions by principle, guidance, and the approval."))(form_new)
    app.add_typer(form_app, name="form")
