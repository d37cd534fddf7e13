"""Every text a person reads, from one catalogue per language. Danish is the default.

The catalogues are gettext `.po` files beside this module (`da.po`, `en.po`), read with Babel.
Each is also kept compiled (`da.json`, `en.json`: `python tools/extract_messages.py` writes them),
which a command reads instead — parsing a `.po` file took some 50 ms of every command's start. A
compiled catalogue names the hash of the `.po` file it was made from and is read only while that
file is unchanged; otherwise the `.po` file itself is.
A message is written in code once, in English, as the catalogue's key::

    from digipulje.messages import _
    raise InputError(_("the pool's budget must be a whole number of kroner, not {value}", value=text))

and shown in the language in force: `DIGIPULJE_LANG` (da or en), or the one chosen for a piece of
work with `use_language("en")` (a context variable, so one web request's language never leaks into
another's). A text kept now and translated later is marked with `N_("...")`, which returns it
unchanged, so extraction still finds it. A key missing from a catalogue falls back to the English key itself, and a test keeps
every key in code present in the Danish catalogue.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["LANGUAGES", "N_", "_", "current_language", "gettext", "ngettext", "use_language"]

LANGUAGES = ("da", "en")
_HERE = Path(__file__).parent
_chosen: contextvars.ContextVar[str | None] = contextvars.ContextVar("digipulje_language", default=None)


def current_language() -> str:
    """The language in force: the one chosen with `use_language`, else `DIGIPULJE_LANG`, else Danish."""
    chosen = _chosen.get()
    if chosen is not None:
        return chosen
    wanted = os.environ.get("DIGIPULJE_LANG", "").strip().lower()[:2]
    return wanted if wanted in LANGUAGES else "da"


@contextlib.contextmanager
def use_language(lang: str) -> Iterator[None]:
    """Show every message in `lang` within the block."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    token = _chosen.set(lang)
    try:
        yield
    finally:
        _chosen.reset(token)


@functools.cache
def catalogue(lang: str) -> dict[str, str | tuple[str, ...]]:
    """The translations of one language, key -> text (plural keys -> a tuple of forms)."""
    path = _HERE / f"{lang}.po"
    if not path.is_file():
        return {}
    source = path.read_bytes()
    compiled = _compiled(lang, source)
    return compiled if compiled is not None else read_catalogue(source, lang)


def read_catalogue(source: bytes, lang: str) -> dict[str, str | tuple[str, ...]]:
    """The translations in the text of a `.po` file (fuzzy and empty ones left out)."""
    import io

    from babel.messages.pofile import read_po

    po = read_po(io.BytesIO(source), locale=lang)
    texts: dict[str, str | tuple[str, ...]] = {}
    for message in po:
        if not message.id or message.fuzzy:
            continue
        key = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
        if isinstance(message.string, (tuple, list)):
            if all(message.string):
                texts[key] = tuple(message.string)
        elif message.string:
            texts[key] = message.string
    return texts


def _source_hash(source: bytes) -> str:
    return "sha256:" + hashlib.sha256(source).hexdigest()


def _compiled(lang: str, source: bytes) -> dict[str, str | tuple[str, ...]] | None:
    """The compiled catalogue, if it was made from exactly `source`; None otherwise."""
    try:
        data = json.loads((_HERE / f"{lang}.json").read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("source") != _source_hash(source):
        return None
    return {key: tuple(text) if isinstance(text, list) else text for key, text in data["texts"].items()}


def compile_catalogue(lang: str) -> Path:
    """Write `<lang>.json` beside `<lang>.po`: its translations and the hash of the file they came
    from (in one step: a file half written is never read)."""
    source = (_HERE / f"{lang}.po").read_bytes()
    data = {"source": _source_hash(source), "texts": read_catalogue(source, lang)}
    target = _HERE / f"{lang}.json"
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=_HERE, suffix=".tmp", delete=False) as f:
        json.dump(data, f, ensure_ascii=False, indent=0, sort_keys=True)
        f.write("\n")
    os.chmod(f.name, 0o644)
    os.replace(f.name, target)
    return target


def gettext(key: str, /, lang: str | None = None, **values: object) -> str:
    """The text for `key` in `lang` (default: the language in force), with `values` filled in."""
    text = catalogue(lang or current_language()).get(key, key)
    if isinstance(text, tuple):
        text = text[0]
    return text.format(**values) if values else text


def ngettext(singular: str, plural: str, count: int, /, lang: str | None = None, **values: object) -> str:
    """Singular or plural by `count` (both Danish and English: one form for 1, another for the rest)."""
    forms = catalogue(lang or current_language()).get(singular)
    if isinstance(forms, tuple) and len(forms) >= 2:
        text = forms[0] if count == 1 else forms[1]
    else:
        text = singular if count == 1 else plural
    return text.format(count=count, **values)


_ = gettext


def N_(key: str, /) -> str:
    """`key` itself: marks a text that is translated later (kept in a table, shown with `_(key)`),
    so that extraction (`pybabel extract`, see babel.cfg) and the catalogue test find it."""
    return key
