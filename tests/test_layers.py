"""The layers of ARCHITECTURE.md, kept: every import points down, and no two modules import each other.

Every `import` and `from … import` in the product's code is read, at module level and inside
functions alike (a lazy import is still a dependency).
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. A module may import from its own layer's package and from any package below it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("messages", "base"),
    ("applications",),
    ("scoring",),
    ("solver",),
    ("pool",),
    ("analyses",),  # what-ifs beside the allocation: scenarios, curve, alternatives, robustness
    ("rounds",),
    ("reports",),
    ("meeting",),  # the use cases both shells call
    ("cli", "__main__", "commands", "web"),
)
PACKAGE = "digipulje."  # every product module is imported through the one package
RANK = {package: rank for rank, packages in enumerate(LAYERS) for package in packages}


def product_modules() -> dict[str, Path]:
    modules: dict[str, Path] = {}
    for package in RANK:
        single = ROOT / f"{package}.py"
        if single.is_file():
            modules[package] = single
        folder = ROOT / package
        if folder.is_dir():
            for path in sorted(folder.rglob("*.py")):
                parts = path.relative_to(ROOT).with_suffix("").parts
                modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The product modules `name` imports (the longest known prefix of each imported name)."""
    package_parts = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package_parts[: len(package_parts) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        for target in targets:
            if not target.startswith(PACKAGE):
                continue
            parts = target.removeprefix(PACKAGE).split(".")
            for cut in range(len(parts), 0, -1):
                candidate = ".".join(parts[:cut])
                if candidate in known:
                    if candidate != name:
                        found.add(candidate)
                    break
    return found


@functools.cache  # read once for all the tests below
def import_graph() -> dict[str, set[str]]:
    modules = product_modules()
    known = set(modules)
    return {name: imports_of(name, path, known) for name, path in modules.items()}


def test_every_import_names_the_package() -> None:
    """`from digipulje.pool import …`, never `from pool import …`: a user's own pool.py must not win."""
    bare = []
    for name, path in product_modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            bare += [f"{name} imports {n}" for n in names if n.split(".")[0] in RANK]
    assert bare == []


def test_every_import_points_down() -> None:
    upward = sorted(
        f"{name} imports {target}"
        for name, targets in import_graph().items()
        for target in targets
        if RANK[target.split(".")[0]] > RANK[name.split(".")[0]]
    )
    assert upward == []


def test_no_package_imports_a_package_of_its_own_layer_that_imports_it_back() -> None:
    edges = {(n.split(".")[0], t.split(".")[0]) for n, ts in import_graph().items() for t in ts}
    loops = sorted(f"{a} <-> {b}" for a, b in edges if a < b and (b, a) in edges)
    assert loops == []


def test_no_module_is_part_of_an_import_loop() -> None:
    graph = import_graph()
    # Tarjan's strongly connected components, iteratively: any component of two or more is a loop.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    loops: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    loops.append(sorted(component))
    assert loops == []


def test_the_layer_test_sees_the_product() -> None:
    graph = import_graph()
    assert {"applications.model", "solver.lexicographic", "pool.allocating", "cli"} <= set(graph)
    assert "solver.problem" in graph["solver.lexicographic"]
