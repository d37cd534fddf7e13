"""What `pip install .` puts in place: one import package, `digipulje`, with every subpackage of the
product and every file it reads at run time."""

from __future__ import annotations

import fnmatch
import importlib.metadata
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETUP = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
NOT_INSTALLED = {"tests", "bench", "tools", "docs"}


def packages() -> list[str]:
    """Every package under a top-level folder of the checkout (not build/ or a virtual environment),
    by its import name in `digipulje`."""
    found = []
    for top in sorted(ROOT.glob("*/__init__.py")):
        if top.parent.name in NOT_INSTALLED:
            continue
        for init in sorted(top.parent.rglob("__init__.py")):
            found.append(".".join(("digipulje", *init.parent.relative_to(ROOT).parts)))
    return found


def test_every_package_is_installed_under_digipulje():
    assert sorted(SETUP["packages"]) == sorted(["digipulje", *packages()])
    folders = SETUP["package-dir"]
    assert folders["digipulje"] == "."
    assert {p: folders[p] for p in packages()} == {p: p.split(".", 1)[1].replace(".", "/") for p in packages()}


def test_every_file_read_at_run_time_is_installed():
    data = SETUP["package-data"]
    missing = []
    for package in packages():
        folder = ROOT / package.split(".", 1)[1].replace(".", "/")
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
                continue
            relative = path.relative_to(folder).as_posix()
            if not any(fnmatch.fnmatch(relative, pattern) for pattern in data.get(package, [])):
                missing.append(f"{package}: {relative}")
    assert missing == []


def test_the_distribution_installs_one_top_level_name():
    top_level = importlib.metadata.distribution("digipulje").read_text("top_level.txt")
    if top_level is None:  # an editable install lists no top-level names; the entry point still says it
        top_level = "digipulje"
    assert top_level.split() == ["digipulje"]
    scripts = {e.name: e.value for e in importlib.metadata.entry_points(group="console_scripts")}
    assert scripts["digipulje"] == "digipulje.__main__:main"


def test_a_users_own_pool_and_messages_modules_do_not_shadow_the_product(tmp_path):
    (tmp_path / "pool.py").write_text("WHO = 'mine'\n", encoding="utf-8")
    (tmp_path / "messages.py").write_text("WHO = 'mine too'\n", encoding="utf-8")
    code = ("import pool, messages\n"
            "from digipulje.pool import allocate, load_example\n"
            "example = load_example()\n"
            "granted = allocate(example.applications, example.pool).granted_dkk\n"
            "print(pool.WHO, messages.WHO, granted)\n")
    shown = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == ["mine", "mine", "too", "250000"]
