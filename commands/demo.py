"""`demo`: the 2025 round, the council's recommendation and then the chiefs' decision."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from digipulje.commands.options import LangOption, ShownFormat, ShownFormatOption, Solver, SolverOption, TimeLimitOption
from digipulje.commands.solving import solves
from digipulje.messages import _


def demo_command(
    format: ShownFormatOption = ShownFormat.table,
    export: Annotated[Optional[Path], typer.Option(
        "--export", help=_("Write the example's files into this folder."))] = None,
    lang: LangOption = None,
    solver: SolverOption = Solver.exact,
    time_limit: TimeLimitOption = 60.0,
) -> None:
    from digipulje.pool.example import export_example, load_example

    if export is not None:
        from digipulje.commands.outputs import OutputError, describe_write_error

        try:
            written = export_example(export)
        except OSError as error:  # one line naming the file it could not write, as every output does
            raise OutputError(describe_write_error(Path(error.filename or export), error)) from None
        for path in written:
            typer.echo(_("wrote {path}", path=path))
        return
    from digipulje.meeting.decision import preview_decision

    example = load_example()
    preview = preview_decision(example.applications, example.pool, example.overrides, solver=solver.value,
                               price=False)
    recommendation, decision = preview.recommendation, preview.decision
    if format is ShownFormat.json:
        payload = {"recommendation": recommendation.to_json(lang.value), "decision": decision.to_json(lang.value)}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    from digipulje.reports.labels import heading
    from digipulje.reports.table import render_table

    typer.echo(render_table(recommendation, lang.value, title=f"== {heading('recommendation', lang.value)} =="))
    typer.echo(render_table(decision, lang.value, title=f"== {heading('decision', lang.value)} =="))


def register(app: typer.Typer) -> None:
    app.command("demo", help=_("Run the 2025 round: the council's recommendation, then the chiefs' decision."))(
        solves(demo_command))
