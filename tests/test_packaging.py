"""What `pip install .` puts in place: every package of the product and every file it reads at run time."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETUP = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
NOT_INSTALLED = {"tests", "bench", "tools", "docs"}


def packages() -> list[str]:
    found = []
    for init in sorted(ROOT.glob("*/**/__init__.py")):
        parts = init.parent.relative_to(ROOT).parts
        if parts[0] in NOT_INSTALLED or parts[0].startswith("."):
            continue
        found.append(".".join(parts))
    return found


def test_every_package_is_installed():
    include = SETUP["packages"]["find"]["include"]
    missing = [p for p in packages() if not any(fnmatch.fnmatch(p, pattern) for pattern in include)]
    assert missing == []


def test_every_file_read_at_run_time_is_installed():
    data = SETUP["package-data"]
    missing = []
    for package in {p.split(".")[0] for p in packages()}:
        for path in sorted((ROOT / package).rglob("*")):
            if not path.is_file() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
                continue
            relative = path.relative_to(ROOT / package).as_posix()
            if not any(fnmatch.fnmatch(relative, pattern) for pattern in data.get(package, [])):
                missing.append(f"{package}/{relative}")
    assert missing == []
