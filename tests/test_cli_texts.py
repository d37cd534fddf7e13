"""What the command line says: Danish by default, English with --lang en or DIGIPULJE_LANG=en, and on
bad input one line and exit code 1 from every command, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from digipulje.cli import app
from digipulje.pool.example import APPLICATIONS_FILE, example_path

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
APPLICATIONS = str(example_path(APPLICATIONS_FILE))


def allocate(*args: str):
    return runner.invoke(app, ["allocate", *args])


# --- the errors staff meet most, in Danish -------------------------------------------------------

def test_a_missing_file(tmp_path):
    missing = tmp_path / "ansøgninger.xlsx"
    result = allocate(str(missing))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"fejl: {missing}: filen findes ikke\n"


def test_a_sheet_without_the_amount_column(tmp_path):
    sheet = tmp_path / "ansøgninger.csv"
    sheet.write_text("ID;Titel;Afdeling\nA1;Ny borgerportal;Borgerservice\n", encoding="utf-8")
    result = allocate(str(sheet))
    assert result.exit_code == 1
    assert result.stderr == (f"fejl: {sheet}, række 1: kolonnen 'Ansøgt beløb' mangler, og den skal være der "
                             "(overskriftsrækken har 'Afdeling', 'ID', 'Titel') — tilføj den, eller angiv med "
                             "--columns den kolonne, der har oplysningen\n")


def test_a_pool_file_with_a_budget_that_is_not_a_number(tmp_path):
    pool = tmp_path / "pulje.toml"
    pool.write_text('budget_dkk = "mange"\n', encoding="utf-8")
    result = allocate(APPLICATIONS, "--pool", str(pool))
    assert result.exit_code == 1
    assert result.stderr == (f"fejl: {pool}: budget_dkk: 'mange' er ikke et beløb i hele kroner — skriv fx 140000 "
                             "eller 140.000\n")


def test_an_override_naming_an_unknown_application(tmp_path):
    overrides = tmp_path / "tilsidesættelser.toml"
    overrides.write_text('[[override]]\napplication = "A9"\naction = "include"\nreason = "Strategisk"\n'
                         'decided_by = "Chefforum"\n', encoding="utf-8")
    result = allocate(APPLICATIONS, "--overrides", str(overrides))
    assert result.exit_code == 1
    assert result.stderr == (f"fejl: {overrides}: overstyringen 'tag A9 med (Chefforum: Strategisk)': der er ingen "
                             "ansøgning 'A9' — ansøgningerne er A1, A2, A3, A4, A5, A6, A7\n")


def test_overrides_that_cannot_all_hold_name_their_file(tmp_path):
    """Fixed amounts beyond the budget: the line names the overrides file, as the other problems of
    an overrides file do (it was said without it)."""
    overrides = tmp_path / "chefforum.toml"
    overrides.write_text('[[override]]\napplication = "A2"\naction = "fix"\namount_dkk = 200000\nreason = "stor"\n'
                         'decided_by = "Chefforum"\n\n[[override]]\napplication = "A6"\naction = "fix"\n'
                         'amount_dkk = 100000\nreason = "x"\ndecided_by = "Chefforum"\n', encoding="utf-8")
    result = allocate(APPLICATIONS, "--overrides", str(overrides))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"fejl: {overrides}: overstyringerne kan ikke alle overholdes: tilsammen kræver "
                                     "de mindst 300.000 kr., mere end budgettet på 250.000 kr.")


def test_every_problem_of_an_overrides_file_at_once(tmp_path):
    """An override that cannot be read and overrides the round refuses are said together (the first
    stopped the run before the others were looked at)."""
    overrides = tmp_path / "chefforum.toml"
    overrides.write_text('[[override]]\napplication = "ZZ"\naction = "exclude"\nreason = "x"\ndecided_by = "CF"\n\n'
                         '[[override]]\napplication = "A1"\naction = "smid ud"\nreason = "x"\ndecided_by = "CF"\n',
                         encoding="utf-8")
    result = allocate(APPLICATIONS, "--overrides", str(overrides))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"fejl: {overrides}: overstyring 2: action: skal være 'exclude', 'include' eller 'fix'",
        f"fejl: {overrides}: overstyringen 'udtag ZZ (CF: x)': der er ingen ansøgning 'ZZ' — ansøgningerne er A1, A2, "
        "A3, A4, A5, A6, A7"]


def test_an_out_that_is_an_input():
    before = Path(APPLICATIONS).read_bytes()
    result = runner.invoke(app, ["report", APPLICATIONS, "--out", APPLICATIONS])
    assert result.exit_code == 1
    assert result.stderr == (f"fejl: --out {APPLICATIONS}: er en ansøgningsfil, og digipulje skriver aldrig over "
                             "sine inddata — vælg et andet navn til --out\n")
    assert Path(APPLICATIONS).read_bytes() == before


def test_what_the_command_line_says_itself_is_danish(tmp_path):
    compared = runner.invoke(app, ["compare", str(tmp_path / "scenarier.toml"), "--format", "xlsx"])
    assert (compared.exit_code, compared.stderr) == (
        1, "fejl: --format xlsx skriver en projektmappe: angiv filen med --out, fx --out sammenligning.xlsx\n")
    form = tmp_path / "skema.xlsx"
    written = runner.invoke(app, ["form", "new", "--out", str(form)])
    assert (written.exit_code, written.stderr) == (0, f"skrev {form}\n")
    sheet = tmp_path / "tom.csv"
    sheet.write_text("ID;Titel;Afdeling;Ansøgt beløb\n", encoding="utf-8")
    empty = allocate(str(sheet), "--budget", "0", "--format", "json")
    assert empty.exit_code == 0
    assert empty.stderr == ("advarsel: --budget er 0 kr.: intet kan bevilges\n"
                            f"advarsel: ingen ansøgninger fundet i {sheet}: er overskriftsrækken der, og rækkerne "
                            "under den?\n")


# --- the language: --lang for one command, DIGIPULJE_LANG for all ----------------------------------

def test_lang_en_gives_the_command_and_its_errors_in_english(tmp_path):
    missing = tmp_path / "applications.xlsx"
    result = allocate(str(missing), "--lang", "en")
    assert result.stderr == f"error: {missing}: file not found\n"
    assert allocate(str(missing), "--lang", "da").stderr.startswith(f"fejl: {missing}: ")


def test_digipulje_lang_en_gives_english_where_no_lang_is_given(tmp_path, monkeypatch):
    monkeypatch.setenv("DIGIPULJE_LANG", "en")
    missing = tmp_path / "applications.xlsx"
    assert allocate(str(missing)).stderr == f"error: {missing}: file not found\n"
    assert allocate(str(missing), "--lang", "da").stderr.startswith(f"fejl: {missing}: ")
    shown = runner.invoke(app, ["demo"])
    assert shown.exit_code == 0
    assert shown.stdout.startswith("== The IT project council's recommendation ==\n")


def _help(*args: str, lang: str | None) -> str:
    """The help as a person sees it: a new process, so the texts are chosen as the program starts."""
    env = {k: v for k, v in os.environ.items() if k != "DIGIPULJE_LANG"}
    env.update({"COLUMNS": "200", "TERMINAL_WIDTH": "200"} | ({} if lang is None else {"DIGIPULJE_LANG": lang}))
    done = subprocess.run([sys.executable, "-c", "from digipulje.__main__ import main; main()", *args, "--help"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_help_is_danish_by_default():
    shown = _help(lang=None)
    assert "Fordel en kommunal digitaliseringspulje: screen, vurder efter de syv principper" in shown
    assert "Dansk som standard; --lang en giver én kommando på engelsk, DIGIPULJE_LANG=en alle kommandoer" in shown
    assert "Kommandoer" in shown and "Fordel puljen til ansøgningerne i de givne ark, skemaer eller mapper." in shown
    assert "Allocate" not in shown
    option = _help("allocate", lang=None)
    assert "Puljefil (TOML); uden den gælder standardværdierne." in option
    assert "Tilvalg" in option and "[standard: table]" in option


def test_the_help_is_english_under_digipulje_lang_en():
    shown = _help(lang="en")
    assert "Allocate a municipal digitalisation pool: screen, score against the seven principles" in shown
    assert "Commands" in shown and "Fordel" not in shown
    assert "Pool file (TOML); defaults apply without one." in _help("allocate", lang="en")


@pytest.mark.parametrize("lang, asked, words, not_words", [
    (None, "en", ["Usage: -c allocate [OPTIONS] {APPLICATIONS}...", "Pool file (TOML); defaults apply without one.",
                  "<path> ...", "--pool", "<path>", "[required]"], ["Puljefil", "ANSØGNINGER", "<sti>"]),
    ("en", "da", ["Brug: -c allocate [TILVALG] {ANSØGNINGER}...", "Puljefil (TOML); uden den gælder standardværdierne.",
                  "<sti> ...", "<tekst>", "<tal>", "[skal angives]"], ["Pool file", "APPLICATIONS", "<path>"]),
])
def test_lang_on_the_command_line_gives_the_help_in_that_language(lang, asked, words, not_words):
    shown = _help("allocate", "--lang", asked, lang=lang)
    for word in words:
        assert word in shown
    for word in [*not_words, "<list[Path]>", "<bool>", "{applications}"]:
        assert word not in shown


# --- every command: one line on bad input ----------------------------------------------------------

def _command_paths(command=None, prefix=()):
    command = command or get_command(app)
    if not getattr(command, "commands", None):
        return [prefix]
    return [path for name, sub in sorted(command.commands.items()) for path in _command_paths(sub, (*prefix, name))]


def _bad_input(path: tuple[str, ...], tmp: Path) -> list[str]:
    """Arguments that are wrong for the command: a file that is not there, or a value it refuses."""
    missing, db = str(tmp / "mangler.xlsx"), str(tmp / "mangler.db")
    not_a_folder = tmp / "fil.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    table = {
        ("demo",): ["--export", str(not_a_folder / "eksempel")],
        ("form", "new"): ["--out", str(not_a_folder)],
        ("kitos", "check"): [APPLICATIONS, "--kitos", str(tmp / "kitos.json")],
        ("pool", "freeze"): [str(tmp / "pulje.toml")],
        ("report",): [missing, "--out", str(tmp / "notat.md")],
        ("compare",): [str(tmp / "scenarier.toml")],
        ("sweep",): [missing, "--budget", "0:100000:10000"],
        ("scales",): ["--lang", "en", "--lang", "da"],
        ("serve",): ["--solver", "gurobi"],
        ("validate",): [missing, "--columns", str(tmp / "kolonner.toml")],
        ("round", "open"): ["2025", "--pool", str(tmp / "pulje.toml"), "--db", db],
        ("round", "import"): ["2025", missing, "--db", db],
        ("round", "decide"): ["2025", "--by", "Chefforum", "--db", db],
        ("round", "history"): ["--db", db],
        ("round", "verify"): ["--db", db],
        ("round", "replay"): ["2025", "--event", "1", "--db", db],
        ("round", "report"): ["2025", "--out", str(tmp / "arbejdsbog.xlsx"), "--db", db],
        ("user", "add"): ["anna", "--role", "direktør", "--db", db],
        ("user", "list"): ["--db", db],
        ("user", "passwd"): ["anna", "--db", db],
        ("user", "disable"): ["anna", "--db", db],
        ("user", "email"): ["anna", "anna@kommune.dk", "--db", db],
        ("user", "log"): ["--db", db],
    }
    if path[0] == "round":
        return table.get(path, ["2025", "--db", db])
    return table.get(path, [missing])


@pytest.mark.parametrize("path", _command_paths(), ids=" ".join)
def test_every_command_says_bad_input_in_one_line(path, tmp_path):
    if path == ("scales",):
        pytest.skip("scales reads no file: its one option is checked by the command line itself")
    result = runner.invoke(app, [*path, *_bad_input(path, tmp_path)], input="hemmeligt-kodeord\n")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(("fejl: ", "error: ")), result.stderr
