"""No module of the product imports a name it never uses (ruff's F401, kept without ruff): every
name an `import` binds is read in the module, or listed in its `__all__`. Package `__init__`
modules re-export and are left out."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.test_layers import product_modules


def unused_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    bound: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and not (
                isinstance(node, ast.ImportFrom) and node.module == "__future__"):
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                if name != "*":
                    bound.setdefault(name, node.lineno)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    # a name in a string annotation or in __all__ is used
    used |= {word for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
             for word in _words(n.value)}
    return [f"{path.name}:{line}: {name}" for name, line in sorted(bound.items()) if name not in used]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text)) if len(text) < 200 else set()


def test_no_module_imports_a_name_it_does_not_use():
    unused = [problem for name, path in sorted(product_modules().items()) if path.name != "__init__.py"
              for problem in unused_imports(path)]
    assert unused == []
