"""The 2025 round as shipped with digipulje: the applications sheet, the pool file and the
chiefs' overrides, readable from any directory after install."""

from __future__ import annotations

import shutil
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
    """Copies the example's files into `directory`; never overwrites an existing file."""
    directory.mkdir(parents=True, exist_ok=True)
    targets = [directory / name for name in FILES]
    existing = [t for t in targets if t.exists()]
    if existing:
        from digipulje.base.errors import InputError

        from digipulje.messages import _

        raise InputError(*(_("{file}: already exists; digipulje does not overwrite it, choose another folder", file=t)
                           for t in existing))
    for name, target in zip(FILES, targets):
        shutil.copyfile(example_path(name), target)
    return targets
