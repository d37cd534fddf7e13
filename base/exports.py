"""Public names of a package, imported from their modules when first used.

Each package's `__init__.py` names its public objects in a sorted `__all__` and the module of the
package that holds each; `from digipulje.pool import compare` then works as an ordinary import, while
`import pool.model` (what the command line does) does not load every module the package exports.
Only the package's own modules can be named, so these imports never point to another layer. No
public name is also the name of one of the package's modules (the function `pool.allocate` lives in
`pool/allocating.py`, `solver.solve` in `solver/lexicographic.py`): importing a module sets its name
on the package, and would hide a function of that name (`tests/test_public_api.py` checks).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping


def lazy_exports(package: str, modules: Mapping[str, tuple[str, ...]]
                 ) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """The package's module-level `__getattr__` and `__dir__` for the names in `modules`
    (a module of the package, by its name within it -> the public names it holds)."""
    where = {name: f"{package}.{module}" for module, names in modules.items() for name in names}

    def __getattr__(name: str) -> object:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(where))

    return __getattr__, __dir__
