"""What every command shares: its language, safe text on the terminal, output files, and the one
place where an error becomes one line and an exit code.

    DigipuljeError (and its subclasses)   one line per problem, exit code 1
    OSError, sqlite3.Error                one line naming the file or the database, exit code 1
    Ctrl-C in a command that solves       one line saying what was stopped, exit code 130

A command raises; it never prints an error itself. `DIGIPULJE_DEBUG=1` shows the traceback of an
operating-system error instead.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import sqlite3
import sys
from pathlib import Path
from typing import Optional

import typer

from digipulje.base.errors import DigipuljeError, SolveInterrupted, SolveTimeLimit
from digipulje.commands.options import Lang
from digipulje.messages import _, current_language, use_language


def error_lines(error: BaseException) -> list[str]:
    """The lines that tell a person what went wrong, without the "error:" in front."""
    if isinstance(error, SolveTimeLimit):
        return [error.line(current_language())]
    if isinstance(error, DigipuljeError):
        return list(error.lines)
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename is not None else ""
        return [f"{where}{error.strerror or error}"]
    return [_("the round database: {problem}", problem=error)]


def print_error(error: BaseException) -> None:
    for line in error_lines(error):
        print(_("error: {message}", message=line), file=sys.stderr)


def _interrupted_line(interrupt: KeyboardInterrupt) -> str:
    if isinstance(interrupt, SolveInterrupted):
        return interrupt.line(current_language())
    return _("interrupted: nothing was saved")


def _language(options: dict) -> contextlib.AbstractContextManager:
    """The command's --lang (the language in force when not given) holds for all it shows."""
    if "lang" not in options or not (options["lang"] is None or isinstance(options["lang"], Lang)):
        return contextlib.nullcontext()
    if options["lang"] is None:
        options["lang"] = Lang(current_language())
    return use_language(options["lang"].value)


def _currency(options: dict) -> contextlib.AbstractContextManager:
    """Pabulib instances in one currency (their META's `currency`) show their amounts in it."""
    paths = options.get("applications")
    if not isinstance(paths, list) or not paths:
        return contextlib.nullcontext()
    from digipulje.pool.pabulib import is_pabulib

    if not is_pabulib(paths):
        return contextlib.nullcontext()
    from digipulje.applications.pabulib import read_currency
    from digipulje.base.money import use_currency

    currencies = {read_currency(path) for path in paths}
    return use_currency(currencies.pop()) if len(currencies) == 1 else contextlib.nullcontext()


def guarded(callback):
    """Runs a command in its language, with its terminal output made safe and its errors as lines."""

    @functools.wraps(callback)
    def run(*args, **options):
        with _language(options), _currency(options), contextlib.redirect_stdout(SafeStream(sys.stdout)), \
                contextlib.redirect_stderr(SafeStream(sys.stderr)):
            try:
                return callback(*args, **options)
            except DigipuljeError as error:
                print_error(error)
            except BrokenPipeError:  # the reader stopped (`digipulje demo | head`): nothing more to say
                _silence_stdout()
                raise typer.Exit(141) from None
            except (OSError, sqlite3.Error) as error:
                if "DIGIPULJE_DEBUG" in os.environ:
                    raise
                print_error(error)
            except KeyboardInterrupt as interrupt:
                if not (isinstance(interrupt, SolveInterrupted) or getattr(callback, "solves", False)):
                    raise
                typer.echo(_interrupted_line(interrupt), err=True)
                raise typer.Exit(130) from None
            raise typer.Exit(1)

    run.guarded = True
    return run


def _silence_stdout() -> None:
    """Points standard output at /dev/null, so that the exit's own flush meets no closed pipe."""
    try:
        fd = sys.__stdout__.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def guard_every_command(app: typer.Typer) -> None:
    """Every command of `app` and its groups runs `guarded`."""
    for info in app.registered_commands:
        if info.callback is not None and not getattr(info.callback, "guarded", False):
            info.callback = guarded(info.callback)
    for group in app.registered_groups:
        if group.typer_instance is not None:
            guard_every_command(group.typer_instance)


class SafeStream(io.TextIOBase):
    """A terminal stream that shows control characters from files escaped (`safe_text`)."""

    def __init__(self, stream) -> None:
        self.unescaped = getattr(stream, "unescaped", stream)

    @property
    def encoding(self):
        return getattr(self.unescaped, "encoding", "utf-8")

    @property
    def errors(self):
        return getattr(self.unescaped, "errors", "strict")

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        if not isinstance(text, str):
            raise TypeError("a text stream")
        from digipulje.reports.untrusted import safe_text

        self.unescaped.write(safe_text(text))
        return len(text)

    def flush(self) -> None:
        self.unescaped.flush()

    def isatty(self) -> bool:
        return self.unescaped.isatty()

    def fileno(self) -> int:
        return self.unescaped.fileno()


# --- output ---------------------------------------------------------------------------------------

def warn(lines: list[str]) -> None:
    for line in lines:
        typer.echo(_("warning: {message}", message=line), err=True)


def warn_problems(problems) -> None:
    """Warnings found in a file (`applications.problems.Problem`), each with its place."""
    warn([f"{problem.location()}: {problem.message}" for problem in problems])


def emit(text: str, out: Optional[Path], encoding: str = "utf-8") -> None:
    """The text on the terminal, or written whole to `out`."""
    if out is None:
        typer.echo(text, nl=not text.endswith("\n"))
        return
    from digipulje.reports.untrusted import safe_text

    write(out, safe_text(text).encode(encoding))


def write(out: Path, data: bytes) -> None:
    """Writes an output file whole, or raises the one line saying why it cannot be written."""
    from digipulje.commands.outputs import write_output

    write_output(out, data)
    typer.echo(_("wrote {path}", path=out), err=True)


def guard_outputs(outputs: dict, **inputs) -> None:
    """Refuses an output that is one of the command's inputs (see `commands.outputs.guard_outputs`)."""
    from digipulje.commands.outputs import command_inputs, guard_outputs as refuse_inputs

    refuse_inputs(outputs, command_inputs(**inputs))
