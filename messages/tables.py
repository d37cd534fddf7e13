"""Texts by short name in one language: a table of catalogue calls, made once per language.

A module whose texts are chosen by a code (a reason's code, a column's name) writes them as a
function returning `_()` calls by that code, so each key stays a literal the catalogue test reads::

    def _texts() -> dict[str, str]:
        return {"funded": _("Granted the full amount requested"), ...}

    rendered(_texts, lang)["funded"]
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import TypeVar

from digipulje.messages import LANGUAGES, use_language

__all__ = ["in_language", "rendered"]

T = TypeVar("T")


@contextlib.contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Render the block in `lang`; a language the catalogue does not know renders in English."""
    with use_language(lang if lang in LANGUAGES else "en"):
        yield


@functools.cache
def rendered(table: Callable[[], T], lang: str) -> T:
    """`table()` in `lang`, made once per language (the catalogue does not change while running)."""
    with in_language(lang):
        return table()
