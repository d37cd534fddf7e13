"""`demo --export` and `form new` on a full disk or in a place they cannot write: one Danish line
naming the file, never a raw error of the operating system or the package's own files, and no
empty or half-written file left behind for a rerun to trip over."""

from __future__ import annotations

import errno
import os
import tempfile

import pytest
from typer.testing import CliRunner

from digipulje.cli import app
from digipulje.pool.example import FILES

runner = CliRunner()

FULL = "kan ikke skrive: disken er fuld (intet er skrevet) — frigør plads, eller skriv et andet sted"


def fill_the_disk_after(monkeypatch, whole: int) -> None:
    """The first `whole` files are written; then the disk is full half-way through the next."""
    real_fdopen = os.fdopen
    written = []

    class Handle:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            if len(written) >= whole:
                self.handle.write(data[: len(data) // 2])
                self.handle.flush()
                raise OSError(errno.ENOSPC, "No space left on device")
            written.append(len(data))
            return self.handle.write(data)

        def flush(self):
            self.handle.flush()

        def fileno(self):
            return self.handle.fileno()

    monkeypatch.setattr(os, "fdopen", lambda fd, mode="r", *a, **k: Handle(real_fdopen(fd, mode, *a, **k)))


@pytest.mark.parametrize("whole", [0, 1, 2])
def test_demo_export_on_a_full_disk_is_one_danish_line_and_leaves_nothing(tmp_path, monkeypatch, whole):
    folder = tmp_path / "mypool"
    fill_the_disk_after(monkeypatch, whole)
    result = runner.invoke(app, ["demo", "--export", str(folder)])
    assert result.exit_code == 1
    assert result.stderr == f"fejl: {folder / FILES[whole]}: {FULL}\n"
    assert ".py" not in result.stderr and "examples" not in result.stderr
    assert result.stdout == ""
    assert not folder.exists()  # the folder it made is gone again: no 0-byte files for a rerun to refuse
    monkeypatch.undo()
    again = runner.invoke(app, ["demo", "--export", str(folder)])
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)
    assert all(p.stat().st_size > 0 for p in folder.iterdir())


def test_demo_export_into_an_existing_folder_on_a_full_disk_leaves_the_folder_as_it_was(tmp_path, monkeypatch):
    folder = tmp_path / "mypool"
    folder.mkdir()
    (folder / "noter.txt").write_text("mine", encoding="utf-8")
    fill_the_disk_after(monkeypatch, 1)
    result = runner.invoke(app, ["demo", "--export", str(folder)])
    assert result.stderr == f"fejl: {folder / FILES[1]}: {FULL}\n"
    assert sorted(p.name for p in folder.iterdir()) == ["noter.txt"]


def test_demo_export_below_a_file_is_one_danish_line(tmp_path):
    blocker = tmp_path / "fil.txt"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["demo", "--export", str(blocker / "mypool")])
    assert result.exit_code == 1
    assert result.stderr == (f"fejl: {blocker / 'mypool' / FILES[0]}: kan ikke skrive: en del af {blocker / 'mypool'} "
                             "er en fil, ikke en mappe — vælg et andet navn\n")


def test_form_new_on_a_full_disk_is_one_danish_line_and_leaves_nothing(tmp_path, monkeypatch):
    out = tmp_path / "skema.xlsx"
    fill_the_disk_after(monkeypatch, 0)
    result = runner.invoke(app, ["form", "new", "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == f"fejl: {out}: {FULL}\n"
    assert list(tmp_path.iterdir()) == []


def test_form_new_where_it_may_not_write_is_one_danish_line(tmp_path, monkeypatch):
    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    out = tmp_path / "skema.xlsx"
    result = runner.invoke(app, ["form", "new", "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (f"fejl: {out}: kan ikke skrive: ingen tilladelse til at skrive i {tmp_path} — skriv et "
                             "andet sted\n")


def test_form_new_below_a_file_and_over_an_existing_one_are_danish_lines(tmp_path):
    blocker = tmp_path / "fil.txt"
    blocker.write_text("x", encoding="utf-8")
    out = blocker / "skema.xlsx"
    result = runner.invoke(app, ["form", "new", "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == f"fejl: {out}: kan ikke skrive: en del af {blocker} er en fil, ikke en mappe — vælg et andet navn\n"
    existing = runner.invoke(app, ["form", "new", "--out", str(blocker.with_suffix(".xlsx"))])
    assert existing.exit_code == 0
    again = runner.invoke(app, ["form", "new", "--out", str(blocker.with_suffix(".xlsx"))])
    assert again.stderr == (f"fejl: {blocker.with_suffix('.xlsx')}: findes allerede; digipulje skriver ikke over den — "
                            "vælg et andet navn\n")
    wrong = runner.invoke(app, ["form", "new", "--out", str(tmp_path / "skema.csv")])
    assert wrong.stderr == (f"fejl: {tmp_path / 'skema.csv'}: skemaet er en Excel-projektmappe; giv et filnavn, der "
                            "ender på .xlsx\n")
