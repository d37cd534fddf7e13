"""Words for statuses and table headings, from the message catalogue."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import Any

from messages import LANGUAGES, _, use_language
from pool.allocation import Status


def _statuses() -> dict[Status, str]:
    return {
        Status.FUNDED: _("funded"),
        # "partial" alone is also the mark after a partial grant's amount (see reports.memo_text)
        Status.PARTIAL: _("partial (a status)"),
        Status.NOT_FUNDED: _("not funded"),
        Status.NOT_RECOMMENDED: _("not recommended"),
        Status.REJECTED: _("rejected"),
        Status.EXCLUDED: _("excluded"),
        Status.INCOMPLETE: _("incomplete"),
    }


def _headings() -> dict[str, str]:
    return {
        "id": _("ID"), "title": _("Application"), "department": _("Department"), "requested": _("Requested"),
        "granted": _("Granted"), "status": _("Status"), "score": _("Score"), "support": _("Support"),
        "total": _("Total"), "pool": _("Pool"), "remainder": _("Remainder"), "reasons": _("Reasons"),
        "solver": _("Solver"), "recommendation": _("The IT project council's recommendation"),
        "decision": _("The chiefs' decision"), "allocation": _("Allocation"),
    }


@contextlib.contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Render the block in `lang`; a language the catalogue does not know renders in English."""
    with use_language(lang if lang in LANGUAGES else "en"):
        yield


def name_in(item: Any, lang: str) -> str:
    """A principle's or a criterion's name in `lang`: the declaration of the principles holds both."""
    return item.name_da if lang == "da" else item.name_en


def status_label(status: Status, lang: str) -> str:
    with in_language(lang):
        return _statuses()[status]


def heading(key: str, lang: str) -> str:
    with in_language(lang):
        return _headings()[key]


@functools.cache
def rendered(table: Callable[[], dict[str, str]], lang: str) -> dict[str, str]:
    """A table of catalogue texts (a function returning `_()` calls by short name) in `lang`,
    made once per language."""
    with in_language(lang):
        return table()
