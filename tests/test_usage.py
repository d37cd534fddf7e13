"""Typer's own words on the command line — usage errors, the usage line, the help's frame — are in
the language of the texts: Danish by default, English with --lang en or DIGIPULJE_LANG=en."""

from __future__ import annotations

import pytest
from typer import rich_utils
from typer.testing import CliRunner

from digipulje.cli import app
from digipulje.commands.usage import HELP_WORDS, language_of

runner = CliRunner()

NONSENSE_DA = ("Brug: digipulje allocate [TILVALG] {ANSØGNINGER}...\n"
               "Prøv 'digipulje allocate --help' for at få hjælp.\n"
               "Fejl: Ukendt tilvalg: --nonsense (mulige tilvalg: --baseline)\n")
NONSENSE_EN = ("Usage: digipulje allocate [OPTIONS] {APPLICATIONS}...\n"
               "Try 'digipulje allocate --help' for help.\n"
               "Error: No such option: --nonsense (Possible options: --baseline)\n")


def test_an_unknown_option_is_a_danish_usage_error():
    result = runner.invoke(app, ["allocate", "--nonsense"])
    assert result.exit_code == 2
    assert result.stderr == NONSENSE_DA
    assert result.stdout == ""


@pytest.mark.parametrize("args", [["allocate", "--nonsense", "--lang", "en"], ["allocate", "--lang=en", "--nonsense"]])
def test_lang_en_gives_the_usage_error_in_english(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == NONSENSE_EN


@pytest.mark.usefixtures("english")
def test_digipulje_lang_en_gives_the_usage_error_in_english():
    result = runner.invoke(app, ["allocate", "--nonsense"])
    assert result.exit_code == 2
    assert result.stderr == NONSENSE_EN


@pytest.mark.parametrize("args, line", [
    (["form", "new"], "Fejl: Tilvalget '--out' mangler."),
    (["allocate"], "Fejl: Argumentet 'ANSØGNINGER' mangler."),
    (["allocate", "x.xlsx", "--format", "xyz"],
     "Fejl: Ugyldig værdi for '--format': 'xyz' er ikke en af 'table', 'json', 'csv'."),
    (["allocate", "x.xlsx", "--time-limit", "0"], "Fejl: Ugyldig værdi for '--time-limit': skal være mindst 0,01"),
    (["allocate", "x.xlsx", "--time-limit", "abc"],
     "Fejl: Ugyldig værdi for '--time-limit': skal være et tal — teksten kan ikke læses som et tal"),
    (["demo", "ekstra"], "Fejl: Uventet ekstra argument (ekstra)"),
    (["report", "x.xlsx", "--date", "7-5-2026", "--out", "x.md"],
     "Fejl: Ugyldig værdi for '--date': '7-5-2026' er ikke en dato skrevet ÅÅÅÅ-MM-DD."),
    (["nosuch"], "Fejl: Ukendt kommando 'nosuch'."),
])
def test_usage_errors_are_danish(args, line):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Brug: digipulje ")
    assert lines[1].startswith("Prøv 'digipulje ") and lines[1].endswith(" --help' for at få hjælp.")
    assert lines[2:] == [line]


def test_an_option_without_its_value_is_a_danish_usage_error():
    result = runner.invoke(app, ["allocate", "x.xlsx", "--out"])
    assert result.exit_code == 2
    assert result.stderr == "Fejl: Tilvalget '--out' skal have en værdi.\n"  # Typer knows no command here


@pytest.mark.parametrize("args, usage, words", [
    (["serve", "--help"], "Brug: digipulje serve [TILVALG]",
     ["Kør webappen: runder, import, indstilling, beslutning, dokumenter og log, på dansk.", "Tilvalg",
      "Adressen, der lyttes på.", "Porten, der lyttes på.", "[standard: 127.0.0.1]",
      "[miljøvariabel: DIGIPULJE_DB]", "Vis denne hjælp og afslut."]),
    (["user", "--help"], "Brug: digipulje user [TILVALG] KOMMANDO [ARGUMENTER]...",
     ["Webappens brugere: tilføj, vis, skift adgangskode, deaktivér, sæt e-mailadresse; se sikkerhedsloggen.", "Kommandoer",
      "Tilføj en bruger; adgangskoden læses fra standard input", "Vis brugerne, deres roller, og om de er deaktiveret."]),
    (["user", "add", "--help"], "Brug: digipulje user add [TILVALG] {NAVN}",
     ["Argumenter", "Brugernavnet, brugeren logger ind med.", "sekretariat, bedømmer, chef, læser, ansøger eller afdelingschef",
      "[skal angives]"]),
])
def test_the_web_commands_help_is_danish(args, usage, words):
    result = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert usage in result.stdout
    for word in words:
        assert word in result.stdout
    for english in ("Usage:", "[OPTIONS]", "Options", "Commands", "Arguments", "[default:", "Show this message"):
        assert english not in result.stdout


def test_the_help_words_typer_keeps_as_constants_are_still_there_and_put_back():
    """The one patch of Typer that is left (see commands/usage.py): a Typer that renames these fails here."""
    before = {name: getattr(rich_utils, name) for name in HELP_WORDS}
    assert before == {"DEFAULT_STRING": "[default: {}]", "ENVVAR_STRING": "[env var: {}]",
                      "REQUIRED_LONG_STRING": "[required]"}
    result = runner.invoke(app, ["allocate", "--help"])
    assert "[standard: " in result.stdout
    assert {name: getattr(rich_utils, name) for name in HELP_WORDS} == before


def test_no_command_shows_the_help_and_no_error():
    result = runner.invoke(app, [])
    assert "Brug: digipulje [TILVALG] KOMMANDO [ARGUMENTER]..." in result.stdout
    assert "Fejl" not in result.stderr


@pytest.mark.parametrize("args, lang", [
    (["allocate", "--lang", "en"], "en"), (["allocate", "--lang=EN"], "en"), (["allocate", "--lang", "fr"], "da"),
    (["allocate", "--lang"], "da"), (["allocate"], "da"),
])
def test_the_language_of_a_command_line(args, lang):
    assert language_of(args) == lang
