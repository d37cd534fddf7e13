"""The message catalogue: every text written in code has its Danish entry, and no entry is written twice.

Every call `_("…")`, `gettext("…")`, `ngettext("…", "…", n)` or marker `N_("…")` in the product's code
is read; its key (the English text) must be in `messages/da.po` — a plural key with both Danish forms.
The template `messages/digipulje.pot`, extracted by Babel (`python tools/extract_messages.py`, which
reads the web templates too), must be what a fresh extraction writes, and each of its texts must have
its Danish: a changed English text is a new key, and fails here until its Danish is moved to it.
"""

from __future__ import annotations

import ast
import re
import runpy
from pathlib import Path

import pytest

from digipulje.messages import _, catalogue, ngettext, use_language

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("messages", "base", "applications", "scoring", "solver", "pool", "analyses", "rounds", "reports",
           "commands", "cli.py", "web")


def product_files():
    for name in PRODUCT:
        path = ROOT / name
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from sorted(path.rglob("*.py"))


def keys_in_code():
    for path in product_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            first = node.args[0]
            if name in ("_", "gettext", "ngettext", "N_") and isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield path.relative_to(ROOT), node.lineno, name, first.value


def test_every_key_in_code_has_its_danish_text():
    danish = catalogue("da")
    missing = []
    for path, line, name, key in keys_in_code():
        text = danish.get(key)
        if text is None or (name == "ngettext" and not (isinstance(text, tuple) and len(text) >= 2)):
            missing.append(f"{path}:{line}: {key!r}")
    assert missing == []


def test_the_template_is_what_extraction_writes(tmp_path):
    extract = runpy.run_path(str(ROOT / "tools" / "extract_messages.py"))["extract"]
    fresh = extract(tmp_path / "fresh.pot").read_text(encoding="utf-8")
    committed = (ROOT / "messages" / "digipulje.pot").read_text(encoding="utf-8")
    assert committed == fresh, "messages/digipulje.pot is out of date: run python tools/extract_messages.py"


def test_every_text_in_the_template_has_its_danish_text():
    from babel.messages.pofile import read_po

    with (ROOT / "messages" / "digipulje.pot").open("rb") as f:
        template = read_po(f)
    with (ROOT / "messages" / "da.po").open("rb") as f:
        danish = read_po(f, locale="da")
    assert len(template) > 1000  # the extraction found the product's texts, the templates' among them
    assert "Skip to content" in template  # a text only web/templates/base.html holds
    missing = []
    for message in template:
        if not message.id:
            continue
        entry = danish.get(message.id)
        forms = () if entry is None or entry.fuzzy else (
            tuple(entry.string) if isinstance(entry.string, (tuple, list)) else (entry.string,))
        wanted = 2 if message.pluralizable else 1
        if len(forms) < wanted or not all(forms):
            missing.append(message.id)
    assert missing == []


@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_key_is_written_twice(lang):
    text = (ROOT / "messages" / f"{lang}.po").read_text(encoding="utf-8")
    keys = re.findall(r'^msgid ((?:"(?:[^"\\]|\\.)*"\s*)+)', text, flags=re.MULTILINE)
    seen, twice = set(), []
    for raw in keys:
        key = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', raw))
        if key in seen:
            twice.append(key)
        seen.add(key)
    assert twice == []


def test_the_language_in_force_is_danish_unless_chosen(monkeypatch):
    monkeypatch.delenv("DIGIPULJE_LANG", raising=False)
    key = "a text with no entry, {name}"
    assert _(key, name="A1") == "a text with no entry, A1"
    assert ngettext("{count} text with no entry", "{count} texts with no entry", 2) == "2 texts with no entry"
    assert ngettext("{count} grant", "{count} grants", 1) == "1 tilskud"
    assert ngettext("{count} application", "{count} applications", 2) == "2 ansøgninger"
    from digipulje.messages import current_language

    assert current_language() == "da"
    monkeypatch.setenv("DIGIPULJE_LANG", "en")
    assert current_language() == "en"
    with use_language("da"):
        assert current_language() == "da"
    assert current_language() == "en"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_compiled_catalogue_is_the_po_file_it_names(lang):
    """A command reads `<lang>.json`, compiled from `<lang>.po` by tools/extract_messages.py: it
    must hold exactly the `.po` file's texts, and name that very file (run the tool after editing it)."""
    from digipulje.messages import _compiled, read_catalogue

    source = (ROOT / "messages" / f"{lang}.po").read_bytes()
    compiled = _compiled(lang, source)
    assert compiled is not None, f"messages/{lang}.json is missing or was compiled from another {lang}.po: " \
                                 f"run python tools/extract_messages.py"
    assert compiled == read_catalogue(source, lang)
    assert catalogue(lang) == compiled


def test_a_compiled_catalogue_of_another_po_file_is_not_read():
    from digipulje.messages import _compiled

    source = (ROOT / "messages" / "da.po").read_bytes()
    assert _compiled("da", source + b"\n") is None  # the .po file changed since: it is read itself


def test_compiling_writes_the_catalogue_whole(tmp_path, monkeypatch):
    import digipulje.messages as messages

    (tmp_path / "da.po").write_bytes((ROOT / "messages" / "da.po").read_bytes())
    monkeypatch.setattr(messages, "_HERE", tmp_path)
    target = messages.compile_catalogue("da")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["da.json", "da.po"]  # nothing half-written left
    assert messages._compiled("da", (tmp_path / "da.po").read_bytes()) == messages.read_catalogue(
        (tmp_path / "da.po").read_bytes(), "da")
    assert target.stat().st_mode & 0o777 == 0o644
