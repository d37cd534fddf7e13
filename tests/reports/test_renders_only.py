"""Reports and explanations render what an allocation carries (its scores, panels, screenings and
reasons): none imports the solver or scores, screens or prepares a round again."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What computes a round's figures: the solver, scoring, screening and the engine's preparation.
COMPUTING = {
    "scoring.score": {"score_application", "score_ratings", "score_rating_values"},
    "scoring.panel": {"convene_panels", "score_round", "aggregate"},
    "pool.screen": {"check_rules", "screen_application"},
    "pool.engine": {"prepare_round"},
}


def _renderers() -> list[Path]:
    files = sorted((ROOT / "reports").rglob("*.py"))
    files += [p for p in (ROOT / "pool" / "explain.py", ROOT / "scoring" / "explain.py") if p.exists()]
    return files


def _imports(path: Path) -> list[tuple[str, str | None]]:
    """(module, name) for every import in the file, at any depth (name None for `import module`)."""
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name.removeprefix("digipulje."), None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found += [(node.module.removeprefix("digipulje."), alias.name) for alias in node.names]
    return found


def test_the_renderers_are_found():
    names = {p.relative_to(ROOT).as_posix() for p in _renderers()}
    assert {"reports/memo/document.py", "reports/memo/case.py", "reports/workbook.py", "reports/table.py",
            "pool/explain.py"} <= names


def test_reports_and_explanations_import_no_solver():
    offending = [f"{p.relative_to(ROOT)}: {module}" for p in _renderers() for module, _ in _imports(p)
                 if module == "solver" or module.startswith("solver.")]
    assert offending == []


def test_reports_and_explanations_score_nothing_again():
    offending = [f"{p.relative_to(ROOT)}: {module}.{name}" for p in _renderers() for module, name in _imports(p)
                 if name is None and module in COMPUTING or name in COMPUTING.get(module, ())]
    assert offending == []


def test_the_check_sees_a_scoring_call(tmp_path):
    """The check would fail on the import it exists to keep out."""
    sample = tmp_path / "memo.py"
    sample.write_text("def f():\n    from digipulje.scoring.score import Score, score_ratings\n", encoding="utf-8")
    assert ("scoring.score", "score_ratings") in _imports(sample)
