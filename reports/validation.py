"""What `validate` shows: the applications read and every problem found, as text or JSON; with a
KITOS export, each application's screening hints too."""

from __future__ import annotations

from collections import Counter
from typing import Any

from digipulje.applications.kitos import KitosExport
from digipulje.applications.kitos_hints import KitosScreening
from digipulje.applications.model import Application
from digipulje.applications.problems import SHOWN, Problem
from digipulje.messages import _, ngettext
from digipulje.messages.tables import in_language
from digipulje.base.money import format_dkk

TITLE_WIDTH = 40


def validation_json(applications: list[Application], problems: list[Problem],
                    kitos: KitosScreening | None = None, lang: str = "da") -> dict[str, object]:
    """All problems (not only the first 50): a program reading this wants every one.

    With `kitos`, each application has its `hints` (code, text, facts) and `kitos` names the export.
    """
    listed: list[dict[str, Any]] = [a.model_dump(mode="json") for a in applications]
    if kitos is None:
        return {"applications": listed, "problems": [p.to_json() for p in problems]}
    for entry, application in zip(listed, applications):
        entry["hints"] = [h.to_json(lang) for h in kitos.hints(application)]
    return {"applications": listed, "problems": [p.to_json() for p in problems], "kitos": kitos.source_json()}


def render_validation(applications: list[Application], problems: list[Problem], lang: str = "da",
                      kitos: KitosScreening | None = None) -> str:
    with in_language(lang):
        return _validation_text(applications, problems, lang, kitos)


def _validation_text(applications: list[Application], problems: list[Problem], lang: str,
                     kitos: KitosScreening | None) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    rows = Counter(a.id for a in applications)
    read = ngettext("{count} application read", "{count} applications read", len(rows))
    named_again = sorted(i for i, count in rows.items() if count > 1)
    if named_again:  # each is one application, however many rows name it (the error below says which rows)
        read += " " + _("({rows} rows: {ids} named more than once)", rows=len(applications),
                        ids=", ".join(named_again))
    out = [read]
    if kitos is not None:
        out.append(kitos_line(kitos.export))
    if applications:
        width = min(TITLE_WIDTH, max(len(a.title) for a in applications))
        id_width = max(len(a.id) for a in applications)
        for a in applications:
            title = a.title if len(a.title) <= width else a.title[: width - 1] + "…"
            out.append(f"  {a.id.ljust(id_width)}  {title.ljust(width)}  {a.department}: "
                       f"{format_dkk(a.requested_dkk, lang)}")
            if kitos is not None:
                out += _hint_lines(kitos, a, " " * (id_width + 4), lang)
    if problems:
        counted = (ngettext("{count} error", "{count} errors", errors),
                   ngettext("{count} warning", "{count} warnings", warnings))
        out.append(f"{counted[0]}, {counted[1]}:")
        severity = {"error": _("error"), "warning": _("warning")}
        out += [f"  {severity.get(p.severity, p.severity)}: {p.location()}: {p.message}" for p in problems[:SHOWN]]
        if len(problems) > SHOWN:
            out.append("  " + ngettext("... and {count} more problem", "... and {count} more problems",
                                       len(problems) - SHOWN))
    else:
        out.append(_("no problems found"))
    return "\n".join(out) + "\n"


def kitos_line(export: KitosExport) -> str:
    """"KITOS: 2 systemer i kitos.xlsx": the export the hints come from, in the language in force."""
    systems = ngettext("{count} system", "{count} systems", len(export.usages))
    return _("KITOS: {systems} in {file}", systems=systems, file=export.file)


def _hint_lines(kitos: KitosScreening, application: Application, indent: str, lang: str) -> list[str]:
    hints = kitos.hints(application)
    if not hints:
        return [f"{indent}KITOS: " + _("nothing to note")]
    return [f"{indent}KITOS: {h.text(lang)}" for h in hints]
