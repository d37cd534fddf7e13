"""What `validate` shows: the applications read and every problem found, as text or JSON; with a
KITOS export, each application's screening hints too."""

from __future__ import annotations

from typing import Any

from applications.kitos_hints import KitosScreening
from applications.model import Application
from applications.problems import SHOWN, Problem
from base.money import format_dkk

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
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    out = [f"{len(applications)} application{'s' if len(applications) != 1 else ''} read"]
    if kitos is not None:
        out.append(_kitos_line(kitos, lang))
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
        out.append(f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}:")
        out += [f"  {p.severity}: {p.location()}: {p.message}" for p in problems[:SHOWN]]
        if len(problems) > SHOWN:
            out.append(f"  ... and {len(problems) - SHOWN} more problems")
    else:
        out.append("no problems found")
    return "\n".join(out) + "\n"


def _kitos_line(kitos: KitosScreening, lang: str) -> str:
    count = len(kitos.export.usages)
    systems = ("1 system" if count == 1 else f"{count} systemer") if lang == "da" else \
        ("1 system" if count == 1 else f"{count} systems")
    return f"KITOS: {systems} {'i' if lang == 'da' else 'in'} {kitos.export.file}"


def _hint_lines(kitos: KitosScreening, application: Application, indent: str, lang: str) -> list[str]:
    hints = kitos.hints(application)
    if not hints:
        return [f"{indent}KITOS: " + ("ingen bemærkninger" if lang == "da" else "nothing to note")]
    return [f"{indent}KITOS: {h.text(lang)}" for h in hints]
