"""Reading what several commands take: kroner options, column mappings, application files with
their warnings, the assessors' ratings, frozen rounds and KITOS exports."""

from __future__ import annotations

from pathlib import Path
from typing import Optional


from digipulje.base.errors import DigipuljeError, InputError
from digipulje.commands.shell import warn, warn_problems
from digipulje.messages import _


def read_kroner(option: str, text: Optional[str]) -> Optional[int]:
    """A kroner option read by the rule that reads an amount cell (`parse_kroner`), with the same errors."""
    if text is None:
        return None
    from digipulje.base.money import parse_kroner

    try:
        return parse_kroner(text)
    except ValueError as error:
        raise InputError(f"{option}: {error}") from None


def read_budget(text: Optional[str]) -> Optional[int]:
    budget = read_kroner("--budget", text)
    if budget == 0:
        warn([_("--budget is 0 kr.: nothing can be granted")])
    return budget


def column_map(columns: Optional[Path], pool: Optional[Path] = None):
    """The pool file's [columns] table, then --columns over it; None when neither has one."""
    from digipulje.applications.columns import merge_column_maps, read_column_map, read_pool_columns

    return merge_column_maps(read_pool_columns(pool), None if columns is None else read_column_map(columns))


def read_the_pool(applications: list[Path], pool: Optional[Path], budget: Optional[int] = None):
    """The pool file's pool (a .pb file's own budget when there is none), with --budget over it."""
    from digipulje.pool.config import read_pool
    from digipulje.pool.pabulib import pool_for_inputs

    return pool_for_inputs(applications, read_pool(pool) if pool is not None else None, budget)


def read_applications_warning(files: list[Path], sheet: Optional[str], columns) -> list:
    """The applications, with the reader's warnings on stderr; errors raise as in `read_applications`."""
    from digipulje.applications.problems import ApplicationsError
    from digipulje.applications.spreadsheet import collect_applications

    found, problems = collect_applications(files, sheet=sheet, columns=columns)
    if any(p.severity == "error" for p in problems):
        raise ApplicationsError(problems)
    warn_problems(problems)
    if not found:
        warn([_("no applications found in {files}: is the header row there, and the rows below it?",
                files=", ".join(str(f) for f in files))])
    return found


def round_inputs(applications: list[Path], pool: Optional[Path], overrides: Optional[Path],
                 budget: Optional[str] = None, columns: Optional[Path] = None):
    """The applications, the pool and the overrides of a round given as files."""
    from digipulje.applications.spreadsheet import read_applications

    the_pool = read_the_pool(applications, pool, read_budget(budget))
    apps = read_applications(applications, columns=column_map(columns, pool))
    return apps, the_pool, read_overrides_for(overrides, apps)


def read_overrides_for(path: Optional[Path], applications, pool=None) -> list:
    """The overrides in the file at `path`, checked against the round's applications as they are
    read: an unknown ID, two overrides of one application or an amount above the request is said
    naming the file (the check made when the round is solved does not know it). With `pool` (a
    command that solves at its budget alone), also whether they can all hold within its budget and
    rules, as the round's preparation checks it."""
    from digipulje.base.errors import OverrideConflict
    from digipulje.pool.config import read_overrides_and_problems
    from digipulje.pool.engine import check_overrides, prepare_round

    overrides, unread = read_overrides_and_problems(path)  # every problem at once: these with the round's
    try:
        if pool is None or unread:
            check_overrides(overrides, applications)
        elif overrides:
            prepare_round(applications, pool, overrides)  # the same checks, in the same order, as the solve's
    except OverrideConflict as conflict:
        lines = [_("{location}: {message}", location=path, message=line) for line in conflict.lines]
        raise (InputError if unread else OverrideConflict)(*unread, *lines) from None
    if unread:
        raise InputError(*unread)
    return overrides


def read_ratings(path: Optional[Path]) -> tuple:
    """The assessors' ratings in the file (none without one), after showing its warnings."""
    if path is None:
        return ()
    from digipulje.applications.assessments import read_assessments

    sheet = read_assessments(path)
    warn_problems(sheet.warnings)
    return sheet.ratings


def frozen_warnings(pool_file: Optional[Path], the_pool) -> list[str]:
    """A pool file whose terms differ from its frozen round: say so, and what differs."""
    if pool_file is None:
        return []
    from digipulje.pool.freeze import frozen_path, read_frozen, scenario_warnings

    return scenario_warnings(the_pool, read_frozen(frozen_path(pool_file)), str(pool_file))


def with_frozen_round(pool_file: Optional[Path], the_pool, allocation):
    """The allocation, noting its frozen round and whether it is a scenario (for the JSON)."""
    if pool_file is None:
        return allocation
    from digipulje.pool.freeze import frozen_path, frozen_round_note, read_frozen

    note = frozen_round_note(the_pool, read_frozen(frozen_path(pool_file)))
    return allocation if note is None else allocation.model_copy(update={"frozen_round": note})


def kitos_day(today: Optional[str]):
    """The date KITOS registrations are judged against: --today, or the calendar's today."""
    import datetime as dt

    from digipulje.applications.cells import CellError, parse_date

    try:
        return dt.date.today() if today is None else parse_date(today)
    except CellError as error:
        raise DigipuljeError(f"--today: {error}") from None


def read_kitos_screening(path: Path, day) -> tuple:
    """The KITOS export as a screening, and its problems (warnings; errors when it cannot be read)."""
    from digipulje.applications.kitos import KitosError, read_kitos
    from digipulje.applications.kitos_hints import KitosScreening

    try:
        export = read_kitos(path)
    except KitosError as error:
        return None, list(error.problems)
    return KitosScreening(export, day), list(export.warnings)


def kitos_for_report(path: Path, day):
    """The KITOS screening for a report; an export that cannot be read stops the report."""
    import datetime as dt

    from digipulje.applications.kitos import KitosError

    screening, problems = read_kitos_screening(path, day or dt.date.today())
    if screening is None:
        raise KitosError(problems)
    warn_problems(problems)
    return screening
