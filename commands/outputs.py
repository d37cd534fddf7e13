"""Output files: never one of the command's inputs, written whole or not at all.

Every command that writes a file asks `guard_outputs` first, with its outputs (`--out`,
`--chart`) and all its inputs by role (the applications and every file in an input folder, the
pool, overrides, baseline, columns, scenario file and the files it names, KITOS export,
assessments, the round database). An output is refused when it is an input by its resolved path
(a symlink to an input) or by its file identity (a hard link: the same device and inode), when it
is a folder, when two outputs are the same file, or when it would land in an input folder.

`write_output` then writes to a temporary file beside the target and renames it into place, so
an interrupted or failed run never leaves a half-written file; an operating-system error (a
read-only folder, a full disk, a folder given as a file) is one `OutputError` line.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from digipulje.base.errors import DigipuljeError
from digipulje.base.files import write_atomically
from digipulje.messages import _

# The files SQLite keeps beside a database while it writes: writing over them corrupts it.
DATABASE_COMPANIONS = ("", "-journal", "-wal", "-shm")


class OutputError(DigipuljeError):
    """An output file cannot be written: it is an input, a folder, or the system refused it."""


def write_output(path: Path, data: bytes) -> None:
    """Writes `data` to `path` whole (see `write_atomically`); a system error is an `OutputError`."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(_is_a_folder(path))
    try:
        write_atomically(path, data)
    except OSError as error:
        raise OutputError(describe_write_error(path, error)) from None


def describe_write_error(path: Path, error: OSError) -> str:
    """One line for an operating-system error while writing `path`: what happened and what to do."""
    folder = path.parent if str(path.parent) else Path(".")
    code = error.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return _("{file}: cannot write: the disk is full (nothing was written): free some space or write elsewhere",
                 file=path)
    if code == errno.EROFS:
        return _("{file}: cannot write: {folder} is on a read-only file system: write elsewhere", file=path,
                 folder=folder)
    if code in (errno.EACCES, errno.EPERM):
        return _("{file}: cannot write: no permission to write in {folder}: write elsewhere", file=path, folder=folder)
    if code == errno.EISDIR:
        return _is_a_folder(path)
    if code in (errno.ENOTDIR, errno.EEXIST):
        return _("{file}: cannot write: a part of {folder} is a file, not a folder: choose another name", file=path,
                 folder=folder)
    return _("{file}: cannot write: {reason}", file=path, reason=error.strerror or error)


def _is_a_folder(path: Path) -> str:
    return _("{file}: is a folder: give the name of a file to write (in it or elsewhere)", file=path)


Inputs = Mapping[str, Iterable["Path | None"]]


def database_files(db: Path | None) -> list[Path]:
    """The round database and the files SQLite keeps beside it."""
    if db is None:
        return []
    names = {Path(db), Path(db).resolve()}  # SQLite keeps its journal beside the resolved file
    return [Path(f"{name}{suffix}") for name in sorted(names) for suffix in DATABASE_COMPANIONS]


def guard_outputs(outputs: Mapping[str, Path | None], inputs: Inputs) -> None:
    """Refuses, before anything is written, an output that is a folder, the same file as another
    output, or the same file as one of the command's inputs (`inputs`: role -> paths, a folder
    standing for every file under it)."""
    given = [(option, Path(out)) for option, out in outputs.items() if out is not None]
    problems: list[str] = []
    for index, (option, out) in enumerate(given):
        if out.is_dir():
            problems.append(f"{option} {_is_a_folder(out)}")
            continue
        if out.exists() and not out.is_file():  # a device, a pipe, a socket: renaming over it would replace it
            problems.append(_("{option} {file}: is not a regular file (a device or a pipe): give the name of a file "
                              "to write, or leave out {option} to print to the terminal", option=option, file=out))
            continue
        for other_option, other in given[:index]:
            if same_file(out, other):
                problems.append(_("{first} and {option} name the same file {file}: give {option} another name",
                                  first=other_option, option=option, file=out))
        for role, path in _input_files(inputs):
            if same_file(out, path):
                shown = "" if _shown_same(out, path) else f" ({path})"
                problems.append(_("{option} {file}: is {role}{shown}, and digipulje never writes over its inputs: "
                                  "choose another name for {option}", option=option, file=out, role=role,
                                  shown=shown))
                break
        else:
            folder = _input_folder_holding(out, inputs)
            if folder is not None:
                problems.append(_("{option} {file}: is in the input folder {folder}, which digipulje reads and leaves "
                                  "as it is (the next run would read the new file too): write it elsewhere",
                                  option=option, file=out, folder=folder))
    if problems:
        raise OutputError(*problems)


def same_file(a: Path, b: Path) -> bool:
    """The same file by resolved path, or by identity (device and inode: hard links, symlinks)."""
    try:
        if Path(a).resolve() == Path(b).resolve():
            return True
    except (OSError, RuntimeError):  # a symlink loop
        pass
    try:
        return os.path.samestat(os.stat(a), os.stat(b))
    except (OSError, ValueError):
        return False


def _shown_same(out: Path, path: Path) -> bool:
    return os.path.normpath(out) == os.path.normpath(path)


def _input_folder_holding(out: Path, inputs: Inputs) -> Path | None:
    """The input folder (given as an input, at any depth) that `out` would be written into."""
    try:
        where = out.parent.resolve()
    except (OSError, RuntimeError):
        return None
    for paths in inputs.values():
        for path in paths:
            if path is not None and Path(path).is_dir():
                folder = Path(path).resolve()
                if where == folder or folder in where.parents:
                    return Path(path)
    return None


def _input_files(inputs: Inputs) -> Iterator[tuple[str, Path]]:
    for role, paths in inputs.items():
        for path in paths:
            if path is None:
                continue
            path = Path(path)
            yield role, path
            if path.is_dir():
                for folder, _folders, names in os.walk(path):
                    for name in sorted(names):
                        yield _("a file in the input folder {folder}", folder=path), Path(folder) / name


def command_inputs(applications: Iterable[Path] = (), pool: Path | None = None, overrides: Path | None = None,
                   baseline: Path | None = None, columns: Path | None = None, assessments: Path | None = None,
                   kitos: Path | None = None, scenarios: Path | None = None, db: Path | None = None) -> Inputs:
    """A command's inputs by role, as `guard_outputs` takes them: with the frozen terms kept beside
    a pool file, the files a scenario file names, and the files SQLite keeps beside a database."""
    from digipulje.pool.freeze import frozen_path

    inputs: dict[str, list[Path]] = {  # role (as a person reads it) -> paths
        _("an applications file"): list(applications),
        _("the pool file"): [] if pool is None else [pool],
        _("the frozen terms of the pool file"): [] if pool is None else [frozen_path(pool)],
        _("the overrides file"): [] if overrides is None else [overrides],
        _("the baseline"): [] if baseline is None else [baseline],
        _("the column mapping"): [] if columns is None else [columns],
        _("the assessments file"): [] if assessments is None else [assessments],
        _("the KITOS export"): [] if kitos is None else [kitos],
        _("the scenario file"): [] if scenarios is None else [scenarios],
        _("the round database"): [] if db is None else [db],
        _("the journal SQLite keeps beside the round database"): database_files(db),
    }
    if scenarios is not None:
        for role, paths in _scenario_files(Path(scenarios)).items():
            inputs[_("a file the scenario file names ({role})", role=role)] = paths
            if role == "pool":
                inputs[_("the frozen terms of the pool the scenario file names")] = [frozen_path(p) for p in paths]
    return inputs


def _scenario_files(path: Path) -> dict[str, list[Path]]:
    """The files a scenario file names (none when it cannot be read: reading it then says why)."""
    import tomllib

    from digipulje.analyses.scenarios import parse_scenario_file

    try:
        parsed = parse_scenario_file(tomllib.loads(path.read_text(encoding="utf-8")), str(path))
    except (OSError, ValueError, DigipuljeError):  # TOMLDecodeError and UnicodeDecodeError are ValueErrors
        return {}
    return parsed.base.files(path.parent)
