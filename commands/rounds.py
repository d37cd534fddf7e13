"""`round ...`: a round kept in a database — import, allocate, decide, follow up — every change logged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from digipulje.base.errors import DigipuljeError
from digipulje.commands import inputs
from digipulje.commands.options import (DEFAULT_DB, ApplicationsArgument, ByOption, ColumnsOption, DbOption,
                              LangOption, OutOption, OverridesOption, PoolOption, RoundArgument, ShownFormat,
                              ShownFormatOption, StoredSolverOption, TimeLimitOption, WaitOption)
from digipulje.commands.shell import emit, guard_outputs, write
from digipulje.commands.solving import solves
from digipulje.messages import N_, _


class FollowUpStatus(str, Enum):
    not_started = "not_started"
    running = "running"
    delayed = "delayed"
    done = "done"
    cancelled = "cancelled"


def _actor(by: Optional[str]) -> str:
    if by and by.strip():
        return by.strip()
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _open_store(db: Path, wait: float, create: bool = False):
    from digipulje.rounds.store import RoundStore

    return RoundStore.create(db, wait) if create else RoundStore.open(db, wait)


def _solver(solver) -> Optional[str]:
    return None if solver is None else solver.value


def _show_stored(event, lang, stored: str) -> None:
    """The allocation an event stored, as a table, and a line on stderr saying where it is stored."""
    from digipulje.reports.table import render_table
    from digipulje.rounds.rounds import StoredAllocation

    typer.echo(render_table(StoredAllocation.from_event(event).allocation, lang.value), nl=False)
    typer.echo(stored, err=True)


def round_open(round: RoundArgument, pool: PoolOption = None, db: DbOption = DEFAULT_DB, by: ByOption = None,
               wait: WaitOption = 5.0) -> None:
    from digipulje.pool.config import read_pool
    from digipulje.rounds.rounds import SourceFile, check_round_name, file_digest, open_round

    check_round_name(round)
    the_pool = read_pool(pool)
    pool_file = None if pool is None else SourceFile(pool.name, *file_digest(pool))
    with _open_store(db, wait, create=True) as store:
        event = open_round(store, round, the_pool, _actor(by), pool_file)
    typer.echo(_("round {round} opened in {db} (event {event})", round=round, db=db, event=event.seq))


def round_import(
    round: RoundArgument,
    applications: ApplicationsArgument,
    replace: Annotated[bool, typer.Option("--replace", help=_("Replace applications already in the round."))] = False,
    db: DbOption = DEFAULT_DB,
    by: ByOption = None,
    wait: WaitOption = 5.0,
    columns: ColumnsOption = None,
) -> None:
    from digipulje.rounds.rounds import import_applications, read_source

    column_map = inputs.column_map(columns)
    sources = [read_source(path, columns=column_map) for path in applications]
    with _open_store(db, wait) as store:
        events = import_applications(store, round, sources, _actor(by), replace=replace)
    typer.echo(_("imported {count} applications into round {round} (events {first}-{last})",
                 count=len(events[0].payload["applications"]), round=round, first=events[0].seq,
                 last=events[-1].seq))


def round_allocate(
    round: RoundArgument,
    overrides: OverridesOption = None,
    db: DbOption = DEFAULT_DB,
    by: ByOption = None,
    wait: WaitOption = 5.0,
    lang: LangOption = None,
    solver: StoredSolverOption = None,
    time_limit: TimeLimitOption = 60.0,
) -> None:
    from digipulje.pool.config import read_overrides
    from digipulje.rounds.rounds import allocate_round

    with _open_store(db, wait) as store:
        event = allocate_round(store, round, _actor(by), read_overrides(overrides), solver=_solver(solver))
    _show_stored(event, lang, _("recommendation stored as event {event}", event=event.seq))


def round_decide(
    round: RoundArgument,
    by: Annotated[str, typer.Option("--by", help=_("Who decided, e.g. Chefforum."), show_default=False)],
    overrides: OverridesOption = None,
    reason: Annotated[Optional[str], typer.Option("--reason", help=_("Why, e.g. the meeting and agenda item."))] = None,
    reopen: Annotated[Optional[str], typer.Option("--reopen", help=_(
        "A decision is recorded already: reopen it, for this reason (logged), and record this one beside it."),
        show_default=False)] = None,
    db: DbOption = DEFAULT_DB,
    wait: WaitOption = 5.0,
    lang: LangOption = None,
    solver: StoredSolverOption = None,
    time_limit: TimeLimitOption = 60.0,
) -> None:
    from digipulje.pool.config import read_overrides
    from digipulje.rounds.rounds import decide_round, reopen_decision

    the_overrides = read_overrides(overrides)
    with _open_store(db, wait) as store, store.transaction():
        # A recorded decision is never replaced without a word: reopened first, with a reason, and
        # the reopening stored only together with the new decision.
        if reopen is not None:
            reopen_decision(store, round, _actor(by), reopen)
        event = decide_round(store, round, _actor(by), the_overrides, reason=reason,
                             solver=_solver(solver), replace=False)
    _show_stored(event, lang, _("decision stored as event {event}", event=event.seq))


def round_show(round: RoundArgument, db: DbOption = DEFAULT_DB, wait: WaitOption = 5.0, lang: LangOption = None,
               out: OutOption = None, format: ShownFormatOption = ShownFormat.table) -> None:
    from digipulje.reports.rounds import render_round, round_to_json
    from digipulje.rounds.rounds import read_round

    guard_outputs({"--out": out}, db=db)
    with _open_store(db, wait) as store:
        state = read_round(store, round)
    if format is ShownFormat.json:
        emit(json.dumps(round_to_json(state, lang.value), ensure_ascii=False, indent=2) + "\n", out)
    else:
        emit(render_round(state, lang.value), out)


def round_report(
    round: RoundArgument,
    out: Annotated[Path, typer.Option("--out", help=_(
        "The report to write: FILE.html or FILE.md (the memo), FILE.xlsx (the workbook)."))],
    db: DbOption = DEFAULT_DB,
    wait: WaitOption = 5.0,
    lang: LangOption = None,
    solver: StoredSolverOption = None,
    time_limit: TimeLimitOption = 60.0,
) -> None:
    from digipulje.meeting.memo import stored_memo_case, stored_scenarios
    from digipulje.messages import gettext
    from digipulje.reports.formats import render_report, report_format
    from digipulje.rounds.rounds import read_round

    guard_outputs({"--out": out}, db=db)
    fmt = report_format(out)
    with _open_store(db, wait) as store:
        state = read_round(store, round)
    case = stored_memo_case(state)
    if case is None:
        raise DigipuljeError(_("round {round} has no recommendation yet: make one first", round=round))
    if fmt == "xlsx":  # the saved scenarios and the decision's budget curve, as the web's workbook has them
        case = dataclasses.replace(case, scenarios=stored_scenarios(
            state, gettext("The round's pool", lang=lang.value), _solver(solver)))
    write(out, render_report(case, fmt, lang.value))


def round_history(
    round: Annotated[Optional[str], typer.Argument(
        metavar=N_("ROUND"), help=_("Only this round (default: all)."))] = None,
    db: DbOption = DEFAULT_DB,
    wait: WaitOption = 5.0,
    lang: LangOption = None,
    out: OutOption = None,
) -> None:
    from digipulje.rounds.log import read_events
    from digipulje.reports.rounds import render_history
    from digipulje.rounds.rounds import check_round_name

    guard_outputs({"--out": out}, db=db)
    with _open_store(db, wait) as store:
        events = read_events(store, None if round is None else check_round_name(round))
    emit(render_history(events, lang.value), out)


def round_verify(db: DbOption = DEFAULT_DB, wait: WaitOption = 5.0, lang: LangOption = None) -> None:
    from digipulje.rounds.log import verify_log
    from digipulje.reports.rounds import render_verification

    with _open_store(db, wait) as store:
        verification = verify_log(store)
    if not verification.intact:
        raise DigipuljeError(*verification.problems)
    typer.echo(render_verification(verification, lang.value), nl=False)


def round_replay(
    round: RoundArgument,
    event: Annotated[int, typer.Option(
        "--event", help=_("The allocation or decision event to recompute."), show_default=False)],
    solver: StoredSolverOption = None,
    time_limit: TimeLimitOption = 60.0,
    db: DbOption = DEFAULT_DB,
    wait: WaitOption = 5.0,
    lang: LangOption = None,
) -> None:
    from digipulje.reports.rounds import render_replay
    from digipulje.rounds.replay import replay_allocation
    from digipulje.rounds.store import RoundStoreError

    with _open_store(db, wait) as store:
        result = replay_allocation(store, event, _solver(solver))
    if result.stored.event.round != round:
        raise RoundStoreError(_("event {event} belongs to round {stored}, not {round}", event=event,
                                stored=result.stored.event.round, round=round))
    typer.echo(render_replay(result, lang.value), nl=False)
    if not result.identical:
        raise typer.Exit(1)


def round_followup(
    round: RoundArgument,
    application: Annotated[Optional[str], typer.Argument(
        metavar=N_("APPLICATION"),
        help=_("A funded application to record follow-up for."))] = None,
    status: Annotated[Optional[FollowUpStatus], typer.Option(
        "--status", help=_("not_started, running, delayed, done or cancelled."))] = None,
    end_date: Annotated[Optional[dt.datetime], typer.Option(
        "--end-date", formats=["%Y-%m-%d"], help=_("New end date (needed when delayed)."))] = None,
    returned: Annotated[Optional[str], typer.Option("--returned", help=_(
        "Kroner returned to the pool, written as in the sheets (cancelled: default the whole grant)."))] = None,
    benefit: Annotated[Optional[str], typer.Option("--benefit", help=_(
        "The indicator a realised benefit is measured on: one of the application's own, or e.g. citizen."))] = None,
    realised: Annotated[Optional[str], typer.Option("--realised", help=_(
        "What was realised on that indicator (a figure, for an indicator with a target)."))] = None,
    measured: Annotated[Optional[dt.datetime], typer.Option(
        "--measured", formats=["%Y-%m-%d"], help=_("When it was measured (default: today)."))] = None,
    reason: Annotated[Optional[str], typer.Option("--reason", help=_("Why, for the log."))] = None,
    db: DbOption = DEFAULT_DB,
    by: ByOption = None,
    wait: WaitOption = 5.0,
    lang: LangOption = None,
    out: OutOption = None,
) -> None:
    from digipulje.rounds import followup as fu
    from digipulje.reports.rounds import render_followup
    from digipulje.rounds.rounds import read_round

    recording = status is not None or benefit is not None
    if application is not None and not recording:
        raise DigipuljeError(_("{application}: give --status or --benefit to record its follow-up",
                               application=application))
    if recording and application is None:
        raise DigipuljeError(_("name the application the follow-up is for, e.g. "
                               "'digipulje round followup {round} A1 --status running'", round=round))
    if (benefit is None) != (realised is None):
        raise DigipuljeError(_("--benefit INDICATOR and --realised TEXT go together"))
    returned_dkk = inputs.read_kroner("--returned", returned)
    guard_outputs({"--out": out}, db=db)
    with _open_store(db, wait) as store:
        if status is not None:
            event = fu.record_progress(store, round, application, fu.Progress(status.value), _actor(by),
                                       end_date=None if end_date is None else end_date.date(),
                                       returned_dkk=returned_dkk, reason=reason)
            typer.echo(_("follow-up stored as event {event}", event=event.seq), err=True)
        if benefit is not None:
            day = measured.date() if measured is not None else dt.date.today()
            event = fu.record_benefit(store, round, application, benefit, realised, _actor(by),
                                      measured_on=day, reason=reason)
            typer.echo(_("benefit stored as event {event}", event=event.seq), err=True)
        summary = fu.summarise_followup(read_round(store, round))
    emit(render_followup(summary, lang.value), out)


def register(app: typer.Typer) -> None:
    round_app = typer.Typer(name="round", no_args_is_help=True, help=_(
        "Keep a round in a database: import, allocate, decide, follow up; every change is logged."))
    round_app.command("open", help=_(
        "Open a round with its pool (budget, rules, weights); creates the database if needed."))(round_open)
    round_app.command("import", help=_(
        "Store the applications as read, with each file's name and SHA-256."))(round_import)
    round_app.command("allocate", help=_(
        "Allocate the round's applications and store the recommendation with all its inputs."))(
        solves(round_allocate))
    round_app.command("decide", help=_(
        "Record the chiefs' decision: their overrides applied to the latest recommendation."))(solves(round_decide))
    round_app.command("show", help=_(
        "Show a round: its pool, the files imported, the recommendation and the decision."))(round_show)
    round_app.command("report", help=_(
        "Write the round's memo (HTML or Markdown) or workbook (xlsx) from its stored recommendation and decision; "
        "the workbook holds the round's saved scenarios and the budget curve."))(solves(round_report))
    round_app.command("history", help=_(
        "List every event in the decision log: when, who, what and why."))(round_history)
    round_app.command("verify", help=_(
        "Check that no event in the log was changed or deleted; name each one that was."))(round_verify)
    round_app.command("replay", help=_(
        "Recompute a stored allocation from its stored inputs; exit code 1 if the result differs."))(
        solves(round_replay))
    round_app.command("followup", help=_(
        "List the funded projects' follow-up; with an application, record its status or a benefit."))(
        round_followup)
    app.add_typer(round_app, name="round")
