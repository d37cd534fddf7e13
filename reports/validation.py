"""What `validate` shows: the applications read and every problem found, as text or JSON."""

from __future__ import annotations

from applications.model import Application
from applications.problems import SHOWN, Problem
from reports.money import format_dkk

TITLE_WIDTH = 40


def validation_json(applications: list[Application], problems: list[Problem]) -> dict[str, object]:
    """All problems (not only the first 50): a program reading this wants every one."""
    return {
        "applications": [a.model_dump(mode="json") for a in applications],
        "problems": [p.to_json() for p in problems],
    }


def render_validation(applications: list[Application], problems: list[Problem], lang: str = "da") -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    out = [f"{len(applications)} application{'s' if len(applications) != 1 else ''} read"]
    if applications:
        width = min(TITLE_WIDTH, max(len(a.title) for a in applications))
        id_width = max(len(a.id) for a in applications)
        for a in applications:
            title = a.title if len(a.title) <= width else a.title[: width - 1] + "…"
            out.append(f"  {a.id.ljust(id_width)}  {title.ljust(width)}  {a.department}: "
                       f"{format_dkk(a.requested_dkk, lang)}")
    if problems:
        out.append(f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}:")
        out += [f"  {p.severity}: {p.location()}: {p.message}" for p in problems[:SHOWN]]
        if len(problems) > SHOWN:
            out.append(f"  ... and {len(problems) - SHOWN} more problems")
    else:
        out.append("no problems found")
    return "\n".join(out) + "\n"
