"""A write the system refuses is one line and exit 1, and leaves no half-written file: a read-only
folder, a full disk, a folder given as a file, a read-only, full or busy round database.

Where the machine allows it (root, or a user who may mount), a real read-only and a real tiny
file system are mounted (tmpfs); otherwise the read-only folder is made with chmod, and a full
disk is a monkeypatched ENOSPC."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from digipulje.cli import app

runner = CliRunner()

SHEET, POOL, DB = "ansoegninger-2025.xlsx", "pulje-2025.toml", "runde.db"


def mount_tmpfs(folder: Path, options: str) -> bool:
    folder.mkdir(exist_ok=True)
    if shutil.which("mount") is None:
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
    return done.returncode == 0


def unmount(folder: Path) -> None:
    subprocess.run(["umount", str(folder)], capture_output=True)


@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 KiB file system, or a skip where none can be mounted."""
    folder = tmp_path / "tiny"
    if not mount_tmpfs(folder, "size=64k"):
        pytest.skip("cannot mount a tiny tmpfs here; the monkeypatched ENOSPC test covers a full disk")
    yield folder
    unmount(folder)


@pytest.fixture
def readonly_folder(tmp_path):
    """A folder nobody may write in: a read-only tmpfs (as root), or a chmod 555 folder; with the
    round database copied in first. Yields the folder and the line its refusal ends with."""
    folder = tmp_path / "laast"
    if mount_tmpfs(folder, "size=1m"):
        yield folder, "is on a read-only file system: write elsewhere"
        unmount(folder)
        return
    if os.geteuid() == 0:
        pytest.skip("root may write in a chmod 555 folder, and no read-only tmpfs can be mounted here")
    folder.mkdir(exist_ok=True)
    yield folder, "no permission to write in"
    folder.chmod(0o755)


def make_readonly(folder: Path) -> None:
    if os.path.ismount(folder):
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, capture_output=True)
    else:
        for path in folder.iterdir():
            path.chmod(0o444)
        folder.chmod(0o555)


def fill_up(path: Path) -> None:
    """Writes to `path` until the disk is full."""
    with path.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 1024)
        except OSError as error:
            assert error.errno == errno.ENOSPC


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp") or p.name.startswith("."))


@pytest.mark.usefixtures("english")
def test_an_output_in_a_read_only_folder_is_one_line(files, readonly_folder):
    folder, why = readonly_folder
    make_readonly(folder)
    out = folder / "indstilling.csv"
    result = runner.invoke(app, ["allocate", str(files / SHEET), "--format", "csv", "--out", str(out)])
    assert result.exit_code == 1
    reason = f"{folder} {why}" if why.startswith("is on") else f"{why} {folder}: write elsewhere"
    assert result.stderr == f"error: {out}: cannot write: {reason}\n"
    assert not out.exists() and leftovers(folder) == []


@pytest.mark.usefixtures("english")
def test_a_folder_given_as_output_is_one_line(files):
    out = files / "ark"
    result = runner.invoke(app, ["allocate", str(files / SHEET), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == f"error: --out {out}: is a folder: give the name of a file to write (in it or elsewhere)\n"
    assert sorted(p.name for p in out.iterdir()) == [SHEET]


@pytest.mark.usefixtures("english")
def test_an_output_below_a_file_is_one_line(files):
    out = files / POOL / "memo.md"
    result = runner.invoke(app, ["report", str(files / SHEET), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (f"error: {out}: cannot write: a part of {files / POOL} is a file, not a folder: "
                             "choose another name\n")


@pytest.mark.usefixtures("english")
def test_a_full_disk_is_one_line_and_leaves_no_half_file(files, tmp_path, monkeypatch):
    out = tmp_path / "indstilling.xlsx"
    out.write_bytes(b"the earlier workbook")
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            self.handle.write(data[: len(data) // 2])  # half of it lands, then the disk is full
            self.handle.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode="r", *a, **k: FullDisk(real_fdopen(fd, mode, *a, **k)))
    result = runner.invoke(app, ["allocate", str(files / SHEET), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (f"error: {out}: cannot write: the disk is full (nothing was written): free some space "
                             "or write elsewhere\n")
    assert out.read_bytes() == b"the earlier workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["indstilling.xlsx", "runde"]


@pytest.mark.usefixtures("english")
def test_a_really_full_disk_is_one_line_and_leaves_no_half_file(files, tiny_disk):
    fill_up(tiny_disk / "fyld")
    out = tiny_disk / "indstilling.xlsx"
    result = runner.invoke(app, ["allocate", str(files / SHEET), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (f"error: {out}: cannot write: the disk is full (nothing was written): free some space "
                             "or write elsewhere\n")
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["fyld"]


@pytest.mark.usefixtures("english")
def test_a_read_only_database_is_one_line_and_stores_nothing(files, readonly_folder):
    folder, _ = readonly_folder
    db = folder / DB
    shutil.copyfile(files / DB, db)
    before = db.read_bytes()
    make_readonly(folder)
    result = runner.invoke(app, ["round", "allocate", "2025", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr == (f"error: {db}: the database is read-only (the file, or the folder it is in, cannot be "
                             "written): nothing was stored; make it writable or copy it somewhere writable\n")
    assert db.read_bytes() == before
    assert runner.invoke(app, ["round", "show", "2025", "--db", str(db)]).exit_code == 0  # reading still works


@pytest.mark.usefixtures("english")
def test_a_full_database_is_one_line_and_stores_nothing(files, tiny_disk):
    db = tiny_disk / DB
    shutil.copyfile(files / DB, db)
    fill_up(tiny_disk / "fyld")
    before = db.read_bytes()
    result = runner.invoke(app, ["round", "allocate", "2025", "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {db}: cannot write to the database (")
    assert result.stderr.endswith("): nothing was stored; free some space and run the command again\n")
    assert result.stderr.count("\n") == 1
    assert db.read_bytes() == before
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["fyld", DB]  # no journal left behind


@pytest.mark.usefixtures("english")
def test_a_busy_database_is_one_line(files):
    db = files / DB
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = runner.invoke(app, ["round", "allocate", "2025", "--db", str(db), "--wait", "0.2"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert result.stderr == (f"error: {db}: the database is busy: another digipulje process is writing to it; "
                             "try again when it has finished (or wait longer with --wait SECONDS)\n")


@pytest.mark.usefixtures("english")
def test_a_system_error_no_command_expected_is_one_line(files, monkeypatch):
    from digipulje.rounds import rounds as rounds_module

    def unreadable(path):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(rounds_module, "file_digest", unreadable)
    result = runner.invoke(app, ["round", "import", "2025", str(files / SHEET), "--db", str(files / DB)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {files / SHEET}: Permission denied\n"


@pytest.mark.usefixtures("english")
def test_a_device_given_as_output_is_refused_and_left_alone(files):
    result = runner.invoke(app, ["allocate", str(files / SHEET), "--out", "/dev/null"])
    assert result.exit_code == 1
    assert result.stderr == ("error: --out /dev/null: is not a regular file (a device or a pipe): give the name of a "
                             "file to write, or leave out --out to print to the terminal\n")
    assert Path("/dev/null").is_char_device()


def test_a_reader_that_stops_early_gets_no_error_line(tmp_path):
    """`digipulje sweep … | head -1`: the pipe closes under a long table; nothing is said, no traceback."""
    import sys

    from digipulje.pool.example import APPLICATIONS_FILE, POOL_FILE, example_path

    child = subprocess.Popen([sys.executable, "-c", "from digipulje.cli import main; main()", "sweep", str(example_path(APPLICATIONS_FILE)),
                              "--pool", str(example_path(POOL_FILE)), "--budget", "0:3000000:500"],
                             cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout.readline()
    child.stdout.close()
    err = child.stderr.read()
    assert child.wait(timeout=120) in (0, 141)  # 0 when the table was written before the pipe closed
    assert err == b""
