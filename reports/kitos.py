"""The KITOS hints of a round as text or JSON, for `digipulje kitos check`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from digipulje.applications.kitos import KitosExport
from digipulje.applications.kitos_hints import Hint
from digipulje.applications.model import Application
from digipulje.messages import _
from digipulje.messages.tables import in_language
from digipulje.reports.validation import kitos_line

HintsByApplication = Sequence[tuple[Application, Sequence[Hint]]]


def by_id(applications: Sequence[Application]) -> list[Application]:
    """Applications in natural id order (A2 before A10), so row order never changes the listing."""
    return sorted(applications, key=lambda a: [int(p) if p.isdigit() else p.casefold()
                                              for p in re.split(r"(\d+)", a.id)])


def render_hints_text(results: HintsByApplication, export: KitosExport, lang: str = "da") -> str:
    with in_language(lang):
        return _hints_text(results, export, lang)


def _hints_text(results: HintsByApplication, export: KitosExport, lang: str) -> str:
    lines = [kitos_line(export)]
    for application, hints in results:
        where = ", ".join(dict.fromkeys(x for x in (application.department, application.unit) if x))
        lines.append("")
        lines.append(f"{application.id} {application.title} ({where})")
        if not hints:
            lines.append("  - " + _("nothing from KITOS"))
        lines += [f"  - {hint.text(lang)}" for hint in hints]
    return "\n".join(lines) + "\n"


def hints_json(results: HintsByApplication, export: KitosExport, today: dt.date, lang: str = "da") -> dict[str, Any]:
    return {
        "kitos": {"file": export.file, "usages": len(export.usages),
                  "warnings": [w.line() for w in export.warnings]},
        "today": today.isoformat(),
        "applications": [
            {"id": a.id, "title": a.title, "department": a.department,
             "hints": [h.to_json(lang) for h in hints]}
            for a, hints in results
        ],
    }
