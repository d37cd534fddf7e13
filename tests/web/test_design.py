"""The web package's rules: only web/service.py calls digipulje's core; every text is in the catalogue."""

from __future__ import annotations

import ast
import re
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "web"
CORE = {"analyses", "applications", "pool", "scoring", "solver", "reports", "cli"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.removeprefix("digipulje.").split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.removeprefix("digipulje.").split(".")[0])
    return names


def test_only_the_service_module_imports_the_core():
    offenders = {p.name: sorted(_imports(p) & CORE) for p in WEB.glob("*.py") if p.name != "service.py"}
    assert {name: core for name, core in offenders.items() if core} == {}
    assert _imports(WEB / "service.py") & CORE >= {"applications", "pool", "reports"}


def _messages() -> set[str]:
    found = set()
    for path in [*WEB.glob("templates/*.html"), *WEB.glob("*.py")]:
        found |= {m[1] for m in re.findall(r'''_\(\s*(["'])(.*?)(?<!\\)\1''', path.read_text(encoding="utf-8"))}
    return found


def test_every_text_on_the_pages_has_its_danish_translation():
    from digipulje.messages import catalogue
    from digipulje.web.app import ROLE_LABELS

    danish = catalogue("da")
    wanted = _messages() | set(ROLE_LABELS.values())
    assert len(wanted) > 100
    assert sorted(wanted - set(danish)) == []


def test_the_services_own_messages_are_translated():
    from digipulje.messages import catalogue

    source = (WEB / "service.py").read_text(encoding="utf-8")
    fixed = {m for m in re.findall(r'_problem\("", (?:N_\()?"([^"{]+)"', source)}
    fixed |= set(re.findall(r'errors\["\w+"\] = (?:N_\()?"([^"{]+)"', source))
    assert len(fixed) >= 5
    assert sorted(fixed - set(catalogue("da"))) == []
