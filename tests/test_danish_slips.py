"""Danish output stays Danish where English words once slipped in: a list's conjunction, a verdict
named in an error, and help text Rich would have read as markup."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from digipulje.applications.spreadsheet import collect_applications
from digipulje.base.errors import InputError
from digipulje.pool.config import read_overrides
from tests.applications.sheets import HEADER, write_xlsx

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def danish(monkeypatch):
    monkeypatch.delenv("DIGIPULJE_LANG", raising=False)


def test_an_unknown_override_action_lists_the_actions_with_eller(tmp_path):
    path = tmp_path / "overstyringer.toml"
    path.write_text('[[override]]\napplication = "A1"\naction = "drop"\nreason = "r"\ndecided_by = "CF"\n',
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_overrides(path)
    assert caught.value.lines == (f"{path}: overstyring 1: action: skal være 'exclude', 'include' eller 'fix'",)


def test_a_verdict_without_its_reason_is_named_in_danish(tmp_path):
    sheet = write_xlsx(tmp_path / "ansoegninger.xlsx", [[*HEADER, "ITP indstilling"],
                                                         ["A1", "X", "Ældre", 100_000, "Afvist"],
                                                         ["A2", "Y", "Ældre", 100_000, "Ikke anbefalet"]])
    _, problems = collect_applications([sheet])
    assert [p.message for p in problems] == ["en vurdering 'Afvist' skal have en begrundelse",
                                             "en vurdering 'Ikke anbefalet' skal have en begrundelse"]


@pytest.mark.parametrize(("lang", "shown"), [(None, "en puljefils [columns]-tabel tæller også."),
                                             ("en", "a pool file's [columns] table also counts.")])
def test_the_columns_option_help_keeps_its_brackets(lang, shown):
    env = {k: v for k, v in os.environ.items() if k != "DIGIPULJE_LANG"}
    env.update({"COLUMNS": "300", "TERMINAL_WIDTH": "300"} | ({} if lang is None else {"DIGIPULJE_LANG": lang}))
    done = subprocess.run([sys.executable, "-c", "from digipulje.cli import main; main()", "validate", "--help"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert shown in done.stdout


def test_a_report_file_of_an_unknown_kind_is_refused_in_danish(tmp_path):
    from typer.testing import CliRunner

    from digipulje.cli import app
    from digipulje.pool.example import APPLICATIONS_FILE, example_path

    out = tmp_path / "notat.pdf"
    result = CliRunner().invoke(app, ["report", str(example_path(APPLICATIONS_FILE)), "--out", str(out)])
    assert (result.exit_code, result.stderr) == (1, (
        f"fejl: {out}: filtypen '.pdf' siger ikke, hvilken rapport der skal skrives — kald filen .html eller .md "
        "(notatet) eller .xlsx (projektmappen)\n"))
    assert not out.exists()
