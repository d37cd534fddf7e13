"""The command line's own frame in the language of the texts: usage errors, the usage line, the help
option and the help's panel titles, Danish by default.

Typer writes these words in English. They are put into the language in force through Typer's and
Click's public extension points: the command and group classes (`typer.Typer(cls=...)`, a command's
`cls`), their `get_usage`, `get_help_option` and `main`, and each parameter's `rich_help_panel`.
A usage error is shown by `CommandLine.main` itself:

    Brug: digipulje allocate [TILVALG] {ANSØGNINGER}...
    Prøv 'digipulje allocate --help' for at få hjælp.
    Fejl: Ukendt tilvalg: --nonsense (mulige tilvalg: --baseline)

in the language of the command's `--lang` when it is given, else `DIGIPULJE_LANG`, else Danish.

Three words of the help have no public hook in Typer: the "[default: …]", "[env var: …]" and
"[required]" beside an option. They are set on `typer.rich_utils` while help is shown, and
`tests/test_usage.py` fails if a Typer release renames them. So is each parameter's type
("<sti>", not Typer's "<path>" or "<list[Path]>"; none for a flag), on the parameter itself; an
argument's name (its metavar, given in English) is put in the command line's language as it
starts.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, get_args

import typer
from typer.core import TyperCommand, TyperGroup

from digipulje.base.money import decimal_mark
from digipulje.messages import LANGUAGES, _, current_language, use_language

# Click's exception for what it shows to the user, as Typer ships it (its own copy of Click, or
# Click itself in older releases): the class every usage error derives from.
_CLICK_ERROR = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")

# The help's words that Typer keeps as module constants (see the module docstring).
HELP_WORDS = {
    "DEFAULT_STRING": lambda: _("[default: {}]"),
    "ENVVAR_STRING": lambda: _("[env var: {}]"),
    "REQUIRED_LONG_STRING": lambda: _("[required]"),
}


class Command(TyperCommand):
    """A command whose usage line, help option and panels speak the language of the texts."""

    def get_usage(self, ctx) -> str:
        return _translated_usage(super().get_usage(ctx), self.options_metavar)

    def get_help_option(self, ctx):
        return _translated_help_option(super().get_help_option(ctx))

    def format_help(self, ctx, formatter) -> None:
        with _help_words(self.get_params(ctx)):
            return super().format_help(ctx, formatter)


class Group(TyperGroup):
    """A group of commands, framed as `Command` is."""

    def get_usage(self, ctx) -> str:
        usage = _translated_usage(super().get_usage(ctx), self.options_metavar)
        return usage.replace(" COMMAND [ARGS]...", " " + _("COMMAND [ARGS]..."), 1)

    def get_help_option(self, ctx):
        return _translated_help_option(super().get_help_option(ctx))

    def format_help(self, ctx, formatter) -> None:
        with _help_words(self.get_params(ctx), self.commands.values()):
            return super().format_help(ctx, formatter)


class CommandLine(Group):
    """The top group: also shows every usage error itself, in the command's language."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        arguments = list(sys.argv[1:] if args is None else args)
        with use_language(language_of(arguments)):
            _name_arguments(self)
        try:
            result = super().main(arguments, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.Abort:
            with use_language(language_of(arguments)):
                typer.echo(_("Aborted!"), err=True)
            sys.exit(1)
        except _CLICK_ERROR as error:
            with use_language(language_of(arguments)):
                show_usage_error(error)
            sys.exit(error.exit_code)
        sys.exit(result if isinstance(result, int) else 0)


def _name_arguments(command: Any) -> None:
    """Each argument's name on the command line (its metavar, given in English and marked with
    `N_`) in the language in force: the usage line, the help and "Argumentet 'ANSØGNINGER' mangler"."""
    for param in command.params:
        named = param.__dict__.setdefault("_named_as", param.metavar)
        if named is not None and getattr(param, "param_type_name", "") == "argument":
            param.metavar = _(named)
    for sub in getattr(command, "commands", {}).values():
        _name_arguments(sub)


def language_of(arguments: Sequence[str]) -> str:
    """The language a command line asks for with --lang, else the language in force."""
    for i, argument in enumerate(arguments):
        value = None
        if argument == "--lang" and i + 1 < len(arguments):
            value = arguments[i + 1]
        elif argument.startswith("--lang="):
            value = argument.removeprefix("--lang=")
        if value is not None and value.strip().lower() in LANGUAGES:
            return value.strip().lower()
    return current_language()


def show_usage_error(error: Exception) -> None:
    """The usage line, where to find help, and what was wrong, on standard error."""
    if type(error).__name__ == "NoArgsIsHelpError":  # the help has been shown: nothing was wrong
        shown = getattr(error, "message", "")
        if shown.strip():
            typer.echo(shown, err=True)
        return
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        typer.echo(ctx.get_usage(), err=True)
        if ctx.command.get_help_option(ctx) is not None:
            typer.echo(_("Try '{command} {option}' for help.", command=ctx.command_path,
                         option=ctx.help_option_names[0]), err=True)
    typer.echo(_("Error: {message}", message=usage_message(error)), err=True)


def usage_message(error: Exception) -> str:
    """What was wrong, in the language in force. The catalogue's keys are Typer's own words, so the
    English is Typer's; a text Typer words in a way not known here is shown as Typer words it."""
    kind = type(error).__name__
    if kind == "NoSuchOption" and getattr(error, "option_name", None) is not None:
        text = _("No such option: {option}", option=error.option_name)
        if getattr(error, "possibilities", None):
            text = _("{message} (Possible options: {options})", message=text,
                     options=", ".join(sorted(error.possibilities)))
        return text
    if kind == "BadParameter" and getattr(error, "message", None) is not None:
        hint = _param_hint(error)
        message = translate_message(str(error.message))
        return _("Invalid value for {option}: {message}", option=hint, message=message) if hint else message
    return translate_message(error.format_message())


def _param_hint(error: Any) -> str | None:
    hint = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint()
    if hint is not None and not isinstance(hint, str):
        hint = " / ".join(repr(h) for h in hint)
    return hint


# Typer's own wordings, matched whole; the groups are filled into the catalogue's text.
_MESSAGES: list[tuple[re.Pattern[str], Callable[..., str]]] = [
    (re.compile(r"Option '(?P<option>.+)' requires an argument\."),
     lambda option: _("Option '{option}' requires an argument.", option=option)),
    (re.compile(r"Option '(?P<option>.+)' requires (?P<count>\d+) arguments\."),
     lambda option, count: _("Option '{option}' requires {count} arguments.", option=option, count=count)),
    (re.compile(r"Option '(?P<option>.+)' does not take a value\."),
     lambda option: _("Option '{option}' does not take a value.", option=option)),
    (re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((?P<arguments>.*)\)"),
     lambda arguments: _("Got unexpected extra argument(s) ({arguments})", arguments=arguments)),
    (re.compile(r"Missing command\."), lambda: _("Missing command.")),
    (re.compile(r"No such command '(?P<name>.+?)'\.(?: Did you mean (?P<near>.+)\?)?"),
     lambda name, near: (_("No such command '{name}'.", name=name) if near is None else
                         _("No such command '{name}'. Did you mean {near}?", name=name, near=near))),
    (re.compile(r"Missing option (?P<name>.+?)\."), lambda name: _("Missing option {name}.", name=name)),
    (re.compile(r"Missing argument (?P<name>.+?)\."), lambda name: _("Missing argument {name}.", name=name)),
    (re.compile(r"Invalid value for (?P<option>.+?): (?P<message>.*)", re.DOTALL),
     lambda option, message: _("Invalid value for {option}: {message}", option=option,
                               message=translate_message(message))),
    (re.compile(r"(?:Value error, )?(?P<value>'.*') is not one of (?P<choices>.*)\.", re.DOTALL),
     lambda value, choices: _("{value} is not one of {choices}.", value=value, choices=choices)),
    (re.compile(r"(?:Value error, )?(?P<value>'.*') does not match the formats? '%Y-%m-%d'\.", re.DOTALL),
     lambda value: _("{value} is not a date written {format}.", value=value, format=_("YYYY-MM-DD"))),
    (re.compile(r"Input should be a valid number, unable to parse string as a number"),
     lambda: _("Input should be a valid number, unable to parse string as a number")),
    (re.compile(r"Input should be a valid integer, unable to parse string as an integer"),
     lambda: _("Input should be a valid integer, unable to parse string as an integer")),
    (re.compile(r"Input should be greater than or equal to (?P<ge>\S+)"),
     lambda ge: _("Input should be greater than or equal to {ge}", ge=decimal_mark(ge, current_language()))),
    (re.compile(r"Input should be less than or equal to (?P<le>\S+)"),
     lambda le: _("Input should be less than or equal to {le}", le=decimal_mark(le, current_language()))),
    (re.compile(r"(?P<kind>File|Directory|Path) '(?P<path>.*)' does not exist\."),
     lambda kind, path: _("{kind} '{path}' does not exist.", kind=kind, path=path)),
]


def translate_message(text: str) -> str:
    """One of Typer's usage messages in the language in force (unchanged when not known here)."""
    for pattern, words in _MESSAGES:
        found = pattern.fullmatch(text.strip())
        if found:
            return words(**found.groupdict())
    return text


def _translated_usage(usage: str, options_metavar: str | None) -> str:
    """Typer's "Usage: digipulje demo [OPTIONS]" with its words in the language in force."""
    prefix = "Usage:"
    if usage.startswith(prefix):
        usage = _("Usage:") + usage[len(prefix):]
    if options_metavar == "[OPTIONS]":
        usage = usage.replace(" [OPTIONS]", " " + _("[OPTIONS]"), 1)
    return usage


def _translated_help_option(option):
    if option is not None:
        option.help = _("Show this message and exit.")
    return option


class _help_words:
    """While help is shown: each parameter's and command's help panel titled in the language in force
    (their public `rich_help_panel`; Typer's default titles are English), and Typer's help words
    without a public hook (see the module docstring)."""

    def __init__(self, params, commands=()) -> None:
        self.panels = {}  # item -> (its own panel, the panel while help is shown)
        self.types = {}  # parameter -> its type as the help shows it, in the language in force
        for param in params:
            argument = getattr(param, "param_type_name", "") == "argument"
            if hasattr(param, "rich_help_panel") and not param.rich_help_panel:  # None, or Typer's Default(None)
                self.panels[param] = (param.rich_help_panel, _("Arguments") if argument else _("Options"))
            if hasattr(param, "display_type_rich") and (argument or getattr(param, "metavar", None) is None):
                self.types[param] = _type_word(param)
        for command in commands:
            if hasattr(command, "rich_help_panel") and not command.rich_help_panel:
                self.panels[command] = (command.rich_help_panel, _("Commands"))

    def __enter__(self) -> None:
        from typer import rich_utils

        for item, (_own, shown) in self.panels.items():
            item.rich_help_panel = shown
        for param, word in self.types.items():
            if word is not _TYPER_S:
                param.display_type_rich = lambda ctx, word=word: word  # this parameter's, while help is shown
        self.before = {name: getattr(rich_utils, name) for name in HELP_WORDS if hasattr(rich_utils, name)}
        for name in self.before:
            setattr(rich_utils, name, HELP_WORDS[name]())

    def __exit__(self, *exc: object) -> None:
        from typer import rich_utils

        for item, (own, _shown) in self.panels.items():
            item.rich_help_panel = own
        for param in self.types:
            param.__dict__.pop("display_type_rich", None)
        for name, value in self.before.items():
            setattr(rich_utils, name, value)


_TYPER_S = object()  # the help shows Typer's own (the choices, "table|json|csv")
_TYPE_WORDS = {  # a parameter's Python type -> the word the help shows for it
    "Path": lambda: _("path"), "str": lambda: _("text"), "int": lambda: _("integer"), "float": lambda: _("number"),
}


def _type_word(param: Any) -> object:
    """What the help shows as a parameter's type: none for a flag, the words of the language in force
    for a path, text or number ("<sti>", "<sti> ..." for several), else Typer's own (the choices)."""
    if getattr(param, "is_flag", False):
        return None
    described = getattr(param, "type_descriptor", None)
    if described is None or described.is_choice:
        return _TYPER_S
    if described.is_datetime and tuple(described.parameter_info.formats or ()) == ("%Y-%m-%d",):
        return f"<{_('YYYY-MM-DD')}>"
    annotation = described.annotation
    several = described.is_list
    if several:
        annotation = get_args(annotation)[0] if get_args(annotation) else annotation
    word = _TYPE_WORDS.get(getattr(annotation, "__name__", ""))
    if word is None:
        return _TYPER_S
    return f"<{word()}>" + (" ..." if several else "")


def frame_every_command(app: typer.Typer) -> None:
    """Every command and group of `app` is framed in the language of the texts (`Command`, `Group`)."""
    for info in app.registered_commands:
        if not _own_class(info.cls, TyperCommand):
            info.cls = Command
    for group in app.registered_groups:
        if group.typer_instance is not None:
            if not _own_class(group.cls, TyperGroup) and not _own_class(group.typer_instance.info.cls, TyperGroup):
                group.typer_instance.info.cls = Group
            frame_every_command(group.typer_instance)


def _own_class(cls: object, default: type) -> bool:
    """A class a command chose for itself (not None, Typer's `Default(None)` or Typer's own class)."""
    return isinstance(cls, type) and cls is not default
