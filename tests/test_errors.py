"""The exception tree drawn in `base.errors` is the real one: every exception class of the product
is in the drawing, under the parent it really has, and all but the Ctrl-C one are `DigipuljeError`s."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import digipulje.base.errors as base_errors
from digipulje.base.errors import DigipuljeError

PACKAGES = ("messages", "base", "applications", "scoring", "solver", "pool", "analyses", "rounds", "reports", "meeting",
            "commands", "web")


def product_modules() -> list[str]:
    names = ["digipulje.cli"]
    for package in (f"digipulje.{p}" for p in PACKAGES):
        names.append(package)
        names += [m.name for m in pkgutil.walk_packages(importlib.import_module(package).__path__, f"{package}.")]
    return names


def exception_classes() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for name in product_modules():
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == name:
                found[cls.__name__] = cls
    return found


def drawn_tree() -> set[tuple[str, str]]:
    """(class, parent) for every class in the docstring's drawing; depth is the name's column."""
    edges: set[tuple[str, str]] = set()
    parents: list[tuple[int, str]] = []
    for line in base_errors.__doc__.splitlines():
        # The drawing is indented; a root starts at its margin, a class follows "├── " or "└── ".
        match = re.match(r"^    (?:([ │]*)[├└]── )?([A-Z]\w+)", line)
        if not match:
            continue
        column = len(match.group(1) or "") + (4 if match.group(1) is not None else 0)
        while parents and parents[-1][0] >= column:
            parents.pop()
        if parents:
            edges.add((match.group(2), parents[-1][1]))
        parents.append((column, match.group(2)))
    return edges


def test_the_drawn_tree_is_the_real_one() -> None:
    real = {(name, cls.__bases__[0].__name__) for name, cls in exception_classes().items()}
    assert drawn_tree() == real


def test_every_error_but_ctrl_c_is_a_digipulje_error() -> None:
    outside = sorted(name for name, cls in exception_classes().items() if not issubclass(cls, DigipuljeError))
    assert outside == ["SolveInterrupted"]
    assert issubclass(exception_classes()["SolveInterrupted"], KeyboardInterrupt)
