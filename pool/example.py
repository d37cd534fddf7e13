"""The 2025 round as shipped with digipulje: the applications sheet, the pool file and the
chiefs' overrides, readable from any directory after install."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from digipulje.applications.model import Application
from digipulje.pool.model import Pool
from digipulje.pool.overrides import Override

APPLICATIONS_FILE = "ansoegninger-2025.xlsx"
POOL_FILE = "pulje-2025.toml"
OVERRIDES_FILE = "chefforum-2025-05-07.toml"
FILES = (APPLICATIONS_FILE, POOL_FILE, OVERRIDES_FILE)


@dataclass(frozen=True)
class Example:
    applications: list[Application]
    pool: Pool
    overrides: list[Override]


def example_path(name: str) -> Path:
    return Path(str(resources.files("digipulje.pool") / "examples" / "2025" / name))


def load_example() -> Example:
    from digipulje.applications.spreadsheet import read_applications
    from digipulje.pool.config import read_overrides, read_pool

    return Example(
        applications=read_applications([example_path(APPLICATIONS_FILE)]),
        pool=read_pool(example_path(POOL_FILE)),
        overrides=read_overrides(example_path(OVERRIDES_FILE)),
    )


def export_example(directory: Path) -> list[Path]:
    """Copies the example's files into `directory`; never overwrites an existing file.

    All the files are written or none: each is written whole (`base.files.write_atomically`), and
    when one cannot be (a full disk, a folder nobody may write in) those already written are removed
    again, so a rerun is not refused for files that hold nothing. The `OSError` then names the file
    that could not be written, never the package's own copy.
    """
    from digipulje.base.files import write_atomically

    directory = Path(directory)
    targets = [directory / name for name in FILES]
    existing = [t for t in targets if t.exists()]
    if existing:
        from digipulje.base.errors import InputError

        from digipulje.messages import _

        raise InputError(*(_("{file}: already exists; digipulje does not overwrite it, choose another folder", file=t)
                           for t in existing))
    made = not directory.exists()
    written: list[Path] = []
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name, target in zip(FILES, targets):
            write_atomically(target, example_path(name).read_bytes())
            written.append(target)
    except OSError as error:
        for path in written:
            path.unlink(missing_ok=True)
        if made:
            with contextlib.suppress(OSError):  # the folder it made, when nothing else is in it
                directory.rmdir()
        raise OSError(error.errno, error.strerror, str(targets[len(written)])) from error
    return targets
