"""`pool freeze`: a round's weights, scales and rules, frozen beside its pool file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from digipulje.messages import N_, _


def pool_freeze(
    pool_file: Annotated[Path, typer.Argument(metavar=N_("POOL_FILE"),
                                              help=_("The pool file (TOML) of the round to freeze."),
                                              show_default=False)],
) -> None:
    import datetime as dt

    from digipulje.commands.outputs import write_output
    from digipulje.pool.config import read_pool
    from digipulje.pool.freeze import freeze_round, frozen_json, frozen_path, read_frozen

    target = frozen_path(pool_file)
    the_pool = read_pool(pool_file)
    record, new = freeze_round(the_pool, read_frozen(target), dt.date.today(), source=str(pool_file))
    entry = next(e for k, e in record["rounds"].items() if k in (the_pool.round, str(the_pool.year)))
    name = the_pool.round or the_pool.year
    if not new:
        typer.echo(_("round {round} is already frozen with these terms ({fingerprint}) in {path}",
                     round=name, fingerprint=entry["fingerprint"], path=target))
        return
    write_output(target, frozen_json(record).encode("utf-8"))
    typer.echo(_("froze round {round}: {fingerprint} in {path}", round=name, fingerprint=entry["fingerprint"],
                 path=target))


def register(app: typer.Typer) -> None:
    pool_app = typer.Typer(no_args_is_help=True, help=_(
        "Work with a pool file: freeze a round's weights, scales and rules."))
    pool_app.command("freeze", help=_(
        "Freeze the round's weights, scales and rules in POOL.frozen.json beside the pool file."))(pool_freeze)
    app.add_typer(pool_app, name="pool")
