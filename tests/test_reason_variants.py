"""Every reason text in `pool.reasons` is one the product gives: its code (and its variant) is
written as a string somewhere in the code that makes reasons. A text no code emits any more is
removed with its catalogue entry, not kept."""

from __future__ import annotations

import ast

from digipulje.messages.tables import rendered
from digipulje.pool.reasons import _templates
from tests.test_layers import product_modules


def _strings(node: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def emitted() -> tuple[set[str], set[str]]:
    """The codes and the variants the product's code gives `reason(...)` (directly, through a name
    `variant`, or as an override action's `reason_code`)."""
    codes: set[str] = set()
    variants: set[str] = set()
    for name, path in product_modules().items():
        if name == "pool.reasons":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Call):
                called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                if called == "reason" and node.args:
                    codes |= _strings(node.args[0])
                for keyword in node.keywords:
                    if keyword.arg == "reason_code" or (called == "reason" and keyword.arg == "code"):
                        codes |= _strings(keyword.value)
                    if called == "reason" and keyword.arg == "variant":
                        variants |= _strings(keyword.value)
            elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "variant"
                                                      for t in node.targets):
                variants |= _strings(node.value)
    return codes, variants


def test_every_reason_code_and_variant_is_emitted_somewhere():
    codes, variants = emitted()
    silent = sorted(key for key in rendered(_templates, "en")
                    if key.split("/")[0] not in codes or ("/" in key and key.split("/", 1)[1] not in variants))
    assert silent == []


def test_every_reason_text_is_in_the_danish_catalogue():
    from digipulje.messages import catalogue

    danish = catalogue("da")
    english = rendered(_templates, "en")
    assert sorted(k for k, text in english.items() if text not in danish) == []
