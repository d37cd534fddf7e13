"""docs/notebook.md runs as written: its python blocks, in order, in one namespace, as a notebook runs them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "docs" / "notebook.md"


def python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.DOTALL)


def run_cell(source: str, namespace: dict, name: str) -> object:
    """Runs one block; its last expression is the cell's value, as a notebook shows it."""
    tree = ast.parse(source, filename=name)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, name, "exec"), namespace)
    return None if last is None else eval(compile(ast.Expression(last.value), name, "eval"), namespace)


@pytest.fixture
def notebook(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DIGIPULJE_LANG", raising=False)
    namespace: dict = {}
    shown = []
    for k, block in enumerate(python_blocks(NOTEBOOK), start=1):
        shown.append(run_cell(block, namespace, f"docs/notebook.md, block {k}"))
    return namespace, shown


def test_the_notebook_reads_allocates_compares_and_draws_the_curve(notebook):
    namespace, shown = notebook
    assert len(shown) == 9
    assert shown[1] == (7, 250_000)
    assert shown[2] is True  # the sheet read through pandas is the sheet read directly
    recommendation = shown[3]
    assert recommendation["granted_dkk"].to_dict() == {
        "A1": 122_500, "A2": 0, "A3": 75_000, "A4": 12_500, "A5": 40_000, "A6": 0, "A7": 0}
    assert list(recommendation.columns) == ["title", "requested_dkk", "granted_dkk", "status", "score"]
    assert shown[4].to_dict() == {"A1": 12_500, "A4": -12_500}  # the chiefs' decision moved A4's money to A1
    assert namespace["decided"].loc["A4", "reason"].startswith("Excluded")
    side_by_side = shown[5]
    assert list(side_by_side.columns) == ["base", "Pulje 400.000"]
    assert side_by_side.loc["A1"].tolist() == [122_500, 140_000]
    curve = shown[6]
    assert curve.index.tolist() == list(range(0, 500_001, 25_000))
    assert curve.loc[250_000, "total_score"] == 265.0 and curve.loc[250_000, "funded"] == "A1, A3, A4, A5"
    assert curve["granted_dkk"].is_monotonic_increasing
    robustness = shown[7]
    assert robustness["funded_share"].is_monotonic_decreasing
    assert sorted(robustness.index) == ["A1", "A2", "A3", "A4", "A5", "A6", "A7"]
    (problem,) = shown[8]  # one line, naming the file
    assert problem.startswith("mypool/no-such-pool.toml: ")


def test_the_readmes_python_example_runs(tmp_path, monkeypatch):
    from digipulje.pool import export_example

    monkeypatch.chdir(tmp_path)
    export_example(tmp_path / "mypool")
    (block,) = python_blocks(ROOT / "README.md")
    frame = run_cell(block, {}, "README.md")
    assert frame["granted_dkk"].sum() == 250_000
    assert frame.loc["A1", "status"] == "partial"
