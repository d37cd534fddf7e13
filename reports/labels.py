"""Words for table headings, from the message catalogue (the words for a status are in `pool.labels`)."""

from __future__ import annotations

from typing import Any

from digipulje.messages import _
from digipulje.messages.tables import rendered


def _headings() -> dict[str, str]:
    return {
        "id": _("ID"), "title": _("Application"), "department": _("Department"), "requested": _("Requested"),
        "granted": _("Granted"), "status": _("Status"), "score": _("Score"), "support": _("Support"),
        "total": _("Total"), "pool": _("Pool"), "remainder": _("Remainder"), "reasons": _("Reasons"),
        "solver": _("Solver"), "recommendation": _("The IT project council's recommendation"),
        "decision": _("The chiefs' decision"), "allocation": _("Allocation"),
    }


def name_in(item: Any, lang: str) -> str:
    """A principle's or a criterion's name in `lang` (the declaration's English, from the catalogue)."""
    return item.name(lang)


def heading(key: str, lang: str) -> str:
    return rendered(_headings, lang)[key]
