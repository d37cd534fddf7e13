"""No command writes over one of its inputs: for every command and every input it takes, that input
given as --out (or --chart) is refused with one line and exit 1, and the file stays as it was:
the same name, a symlink to it, or a hard link to it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from digipulje.cli import app

runner = CliRunner()

SHEET, POOL, OVERRIDES = "ansoegninger-2025.xlsx", "pulje-2025.toml", "chefforum-2025-05-07.toml"
BASELINE, COLUMNS, RATINGS, KITOS = "indstilling.json", "kolonner.toml", "vurderinger.csv", "kitos.json"
SCENARIOS, DB, IN_FOLDER = "scenarier.toml", "runde.db", "ark/ansoegninger-2025.xlsx"

ROLES = {
    SHEET: "an applications file", POOL: "the pool file", OVERRIDES: "the overrides file",
    BASELINE: "the baseline", COLUMNS: "the column mapping", RATINGS: "the assessments file",
    KITOS: "the KITOS export", SCENARIOS: "the scenario file", DB: "the round database",
}
NAMED_BY_SCENARIOS = {SHEET: "a file the scenario file names (applications)",
                      POOL: "a file the scenario file names (pool)",
                      OVERRIDES: "a file the scenario file names (overrides)"}


def allocate(f):
    return ["allocate", f / SHEET, "--pool", f / POOL, "--overrides", f / OVERRIDES, "--baseline", f / BASELINE,
            "--columns", f / COLUMNS, "--assessments", f / RATINGS]


def report(f):
    return ["report", f / SHEET, "--pool", f / POOL, "--overrides", f / OVERRIDES, "--baseline", f / BASELINE,
            "--kitos", f / KITOS, "--assessments", f / RATINGS, "--scenarios", f / SCENARIOS]


def scenario_command(name, *extra):
    return lambda f: [name, f / SHEET, *extra, "--pool", f / POOL, "--overrides", f / OVERRIDES]


def round_command(*words):
    return lambda f: ["round", *words, "2025", "--db", f / DB]


# command, its arguments, the inputs it takes (file -> role), the output options
COMMANDS = [
    ("allocate", allocate, {n: ROLES[n] for n in (SHEET, POOL, OVERRIDES, BASELINE, COLUMNS, RATINGS)}, ["--out"]),
    ("allocate a folder", lambda f: ["allocate", f / "ark"], {IN_FOLDER: "a file in the input folder {f}/ark"}, ["--out"]),
    ("report", report, {n: ROLES[n] for n in (SHEET, POOL, OVERRIDES, BASELINE, KITOS, RATINGS, SCENARIOS)}, ["--out"]),
    ("report a folder", lambda f: ["report", f / "ark"], {IN_FOLDER: "a file in the input folder {f}/ark"}, ["--out"]),
    ("compare", lambda f: ["compare", f / SCENARIOS], {SCENARIOS: ROLES[SCENARIOS], **NAMED_BY_SCENARIOS}, ["--out"]),
    ("sweep", scenario_command("sweep", "--budget", "100000:200000:50000"),
     {n: ROLES[n] for n in (SHEET, POOL, OVERRIDES)}, ["--out", "--chart"]),
    ("alternatives", scenario_command("alternatives"), {n: ROLES[n] for n in (SHEET, POOL, OVERRIDES)}, ["--out"]),
    ("robustness", scenario_command("robustness", "--draws", "5"), {n: ROLES[n] for n in (SHEET, POOL, OVERRIDES)},
     ["--out"]),
    ("round show", round_command("show"), {DB: ROLES[DB]}, ["--out"]),
    ("round history", round_command("history"), {DB: ROLES[DB]}, ["--out"]),
    ("round followup", round_command("followup"), {DB: ROLES[DB]}, ["--out"]),
]

CASES = [pytest.param(command, args, name, role, option, link, id=f"{command}-{name}-{option}-{link}")
         for command, args, inputs, options in COMMANDS for name, role in inputs.items()
         for option in options for link in ("same name", "symlink", "hard link")]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("command, args, name, role, option, link", CASES)
@pytest.mark.usefixtures("english")
def test_an_input_given_as_output_is_refused_and_stays_unchanged(files, tmp_path, command, args, name, role,
                                                                 option, link):
    target = files / name
    out = target
    if link == "symlink":
        out = tmp_path / "link"
        out.symlink_to(target)
    elif link == "hard link":
        out = tmp_path / "hard"
        os.link(target, out)
    before = snapshot(files)
    result = runner.invoke(app, [str(a) for a in args(files)] + [option, str(out)])
    assert result.exit_code == 1, result.output
    shown = "" if out == target else f" ({target})"
    assert result.stderr == (f"error: {option} {out}: is {role.format(f=files)}{shown}, and digipulje never writes "
                             f"over its inputs: choose another name for {option}\n")
    assert snapshot(files) == before  # unchanged, and no temporary file left beside it
    assert out.exists() and (link != "symlink" or out.is_symlink())


@pytest.mark.usefixtures("english")
def test_the_same_file_for_out_and_chart_is_refused(files, tmp_path):
    out = tmp_path / "kurve.svg"
    result = runner.invoke(app, ["sweep", str(files / SHEET), "--budget", "100000:200000:50000",
                                 "--out", str(out), "--chart", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (f"error: --out and --chart name the same file {out}: give --chart another name\n")
    assert not out.exists()


@pytest.mark.usefixtures("english")
def test_the_database_journal_is_never_an_output(files):
    journal = Path(f"{files / DB}-journal")
    result = runner.invoke(app, ["round", "history", "--db", str(files / DB), "--out", str(journal)])
    assert result.exit_code == 1
    assert result.stderr == (f"error: --out {journal}: is the journal SQLite keeps beside the round database, "
                             "and digipulje never writes over its inputs: choose another name for --out\n")
    assert not journal.exists()


def test_an_output_beside_the_inputs_is_written(files):
    out = files / "indstilling.md"
    result = runner.invoke(app, ["report", str(files / SHEET), "--pool", str(files / POOL), "--out", str(out),
                                 "--date", "2025-05-07"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# ")


@pytest.mark.usefixtures("english")
def test_a_new_file_in_an_input_folder_is_refused(files):
    out = files / "ark" / "resultat.xlsx"
    result = runner.invoke(app, ["allocate", str(files / "ark"), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (f"error: --out {out}: is in the input folder {files / 'ark'}, which digipulje reads and "
                             "leaves as it is (the next run would read the new file too): write it elsewhere\n")
    assert sorted(p.name for p in (files / "ark").iterdir()) == [SHEET]
