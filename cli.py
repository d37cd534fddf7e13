"""The digipulje command line: the Typer app and its commands, registered from `commands/`.

Each command lives in a module of `commands/` and only parses, calls the product's API, prints and
sets the exit code; the options they share are defined once in `commands/options.py`, and every
error becomes one line and an exit code in one place, `commands/shell.py`. What the command line
shows comes from the message catalogue: Danish by default, English with `--lang en` (for one
command) or `DIGIPULJE_LANG=en` (for all, the help included); Typer's own words (the usage line, its
errors, the help's frame) too, through `commands/usage.py`.
"""

from __future__ import annotations

import os
import sys

import typer

from digipulje.base.errors import DigipuljeError
from digipulje.commands import allocate, demo, freeze, kitos, report, rounds, scenarios, validate
from digipulje.commands.shell import guard_every_command, print_error
from digipulje.commands.usage import CommandLine, frame_every_command
from digipulje.applications.principles import PRINCIPLES
from digipulje.messages import _, current_language
from digipulje.pool.reasons import count_word
from digipulje.web.cli import register as register_web


app = typer.Typer(
    name="digipulje",
    help=_("Allocate a municipal digitalisation pool: screen, score against the {count} principles, and pick the "
           "best grants within the budget.\n\n"
           "Danish by default; --lang en gives one command in English, DIGIPULJE_LANG=en every command "
           "and its help.", count=count_word(len(PRINCIPLES), current_language())),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=CommandLine,
)

demo.register(app)
allocate.register(app)
kitos.register(app)
report.register(app)
validate.register(app)
validate.register_form(app)
rounds.register(app)
allocate.register_explain(app)
freeze.register(app)
scenarios.register(app)
register_web(app)
guard_every_command(app)
frame_every_command(app)


def main() -> None:
    """Console entry point: run the app; an unexpected error is one line, not a traceback."""
    try:
        app()
    except DigipuljeError as error:  # raised outside a command's own handling
        print_error(error)
        sys.exit(1)
    except Exception as error:  # a bug: say so plainly, and how to see more
        if "DIGIPULJE_DEBUG" in os.environ:
            raise
        print(_("error: unexpected {kind}: {problem} (set DIGIPULJE_DEBUG=1 to see the traceback, and please "
                "report it)", kind=type(error).__name__, problem=error), file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
