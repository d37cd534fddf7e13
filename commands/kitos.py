"""`kitos check`: what KITOS, the municipality's IT-system overview, says about each application."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from digipulje.base.errors import DigipuljeError
from digipulje.commands import inputs
from digipulje.commands.shell import warn_problems
from digipulje.commands.options import ApplicationsArgument, ColumnsOption, LangOption, TextFormat, TextFormatOption, TodayOption
from digipulje.messages import _


def kitos_check(
    applications: ApplicationsArgument,
    kitos: Annotated[Path, typer.Option("--kitos", help=_(
        "KITOS export: the system-usage overview (.xlsx) or the API v2 it-system-usages (.json)."))],
    format: TextFormatOption = TextFormat.text,
    lang: LangOption = None,
    today: TodayOption = None,
    columns: ColumnsOption = None,
) -> None:
    from digipulje.applications.kitos import read_kitos
    from digipulje.applications.kitos_hints import screening_hints
    from digipulje.applications.spreadsheet import read_applications
    from digipulje.reports.kitos import by_id, hints_json, render_hints_text

    day = inputs.kitos_day(today)
    lines: list[str] = []  # the problems of both files, together
    try:
        found = read_applications(applications, columns=inputs.column_map(columns))
    except DigipuljeError as error:
        lines += error.lines
    try:
        export = read_kitos(kitos)
    except DigipuljeError as error:
        lines += error.lines
    if lines:
        raise DigipuljeError(*lines)
    warn_problems(export.warnings)
    results = [(a, screening_hints(a, export.usages, day)) for a in by_id(found)]
    if format is TextFormat.json:
        typer.echo(json.dumps(hints_json(results, export, day, lang.value), ensure_ascii=False, indent=2))
    else:
        typer.echo(render_hints_text(results, export, lang.value), nl=False)


def register(app: typer.Typer) -> None:
    kitos_app = typer.Typer(name="kitos", no_args_is_help=True,
                            help=_("KITOS, the municipality's IT-system overview, in the screening."))
    kitos_app.command("check", help=_(
        "List what KITOS says about each application: named systems already in use and by which units, other "
        "systems that may cover the need, cross-cutting evidence, and stale registrations."))(kitos_check)
    app.add_typer(kitos_app, name="kitos")
