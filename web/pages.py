"""What the meeting's pages gather beyond one call to `web.service`: an application's own page, the
allocation tables sorted and filtered from the address's query, the chart beside them, and the
warnings a meeting must see (ratings after the recommendation, a council's no turned into a grant).

Everything here asks `web.service` (the one door to the core) and hands the templates plain values.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from digipulje.web import service

# The statuses of an application the council screened out: its verdict was no.
COUNCIL_NO = ("rejected", "not_recommended")

# The sortable columns: the query's name -> how a row is ordered by it.
SORT_KEYS = {
    "id": lambda r: _natural(r["id"]),
    "title": lambda r: r["title"].casefold(),
    "department": lambda r: r["department"].casefold(),
    "requested": lambda r: r["requested_dkk"],
    "granted": lambda r: r["granted_dkk"],
    "recommended": lambda r: r.get("recommended_dkk", 0),
    "moved": lambda r: r.get("moved_dkk", 0),
    "status": lambda r: r["status_text"].casefold(),
    "score": lambda r: r.get("score_value", 0.0),
}


def _natural(text: str) -> tuple:
    """A2 before A10: digits compared as numbers."""
    return tuple(int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text))


def kitos_export() -> Path | None:
    """The KITOS export the applicants' pages read (DIGIPULJE_KITOS), if one is named."""
    named = os.environ.get("DIGIPULJE_KITOS", "").strip()
    return Path(named) if named else None


# --- the tables ----------------------------------------------------------------------------------

def table_view(rows: Sequence[Mapping[str, Any]], query: Mapping[str, str], path: str,
               anchor: str = "") -> dict[str, Any]:
    """The rows as the query asks (`sort`, `dir`, `status`, `department`), and for each sortable
    column its link and its `aria-sort`. An unknown sort or filter value is ignored: the table
    then shows every row in the allocation's order."""
    sort = query.get("sort", "")
    descending = query.get("dir") == "desc"
    status = query.get("status", "")
    department = query.get("department", "")
    statuses = sorted({(r["status"], r["status_text"]) for r in rows}, key=lambda s: s[1].casefold())
    departments = sorted({r["department"] for r in rows}, key=str.casefold)
    shown = [dict(r) for r in rows]
    if status in {s for s, _ in statuses}:
        shown = [r for r in shown if r["status"] == status]
    else:
        status = ""
    wanted = service.canonical_department(department) if department else ""
    department = next((d for d in departments if service.canonical_department(d) == wanted), "") if wanted else ""
    if department:
        shown = [r for r in shown if service.canonical_department(r["department"]) == wanted]
    if sort in SORT_KEYS:
        shown.sort(key=SORT_KEYS[sort], reverse=descending)
    else:
        sort = ""
    filters = {k: v for k, v in (("status", status), ("department", department)) if v}

    def column(key: str) -> dict[str, Any]:
        ascending_next = not (sort == key and not descending)
        params = {**filters, "sort": key, "dir": "asc" if ascending_next else "desc"}
        state = None if sort != key else ("descending" if descending else "ascending")
        return {"href": f"{path}?{urllib.parse.urlencode(params)}{anchor}", "sort": state}

    return {"rows": shown, "columns": {key: column(key) for key in SORT_KEYS}, "sort": sort,
            "dir": "desc" if descending else "asc", "status": status, "department": department,
            "statuses": statuses, "departments": departments, "total": len(rows), "shown": len(shown),
            "filtered": bool(filters), "path": path}


def chart(rows: Sequence[Mapping[str, Any]], budget_dkk: int, lang: str, table_id: str) -> str:
    """The allocation's chart, every application in the allocation's order, described by the table."""
    return service.allocation_chart(rows, budget_dkk, lang, described_by=table_id)


# --- the warnings ---------------------------------------------------------------------------------

def rated_since_recommendation(db: Path, summary: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ratings logged after the recommendation was made: the recommendation does not count them."""
    recommendation = summary.get("recommendation")
    if not recommendation or not recommendation.get("event"):
        return []
    return service.rated_after(db, summary["name"], recommendation["event"]["seq"])


def council_no_given_money(rows: Sequence[Mapping[str, Any]], overrides: Sequence[Mapping[str, Any]],
                           recommended: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The applications the council screened out (rejected, not recommended) that the chiefs'
    changes include or fix an amount for: with the council's status and the change's reason."""
    council = {r["id"]: r for r in recommended if r["status"] in COUNCIL_NO}
    out = []
    for o in overrides:
        if o["application"] in council and _funds(o):
            out.append({"id": o["application"], "status_text": council[o["application"]]["status_text"],
                        "action": o["action"], "reason": o.get("reason") or ""})
    ids = {r["id"] for r in rows}
    return [f for f in out if f["id"] in ids]


# --- one application ------------------------------------------------------------------------------

def application_page(db: Path, round: str, application: str, lang: str, user: Any,
                     summary: Mapping[str, Any], which: str = "recommendation",
                     draft: Sequence[Mapping[str, Any]] = ()) -> dict[str, Any] | None:
    """Everything the application's page shows; None when the round has no such application.
    `draft`: the signed-in chief's changes, which count while no decision is recorded."""
    detail = service.application_detail(db, round, application, lang, kitos_export())
    if detail is None:
        return None
    recommendation = summary.get("recommendation")
    decision = summary.get("decision")
    in_recommendation = _row(recommendation, application)
    in_decision = _row(decision, application)
    changes = decision["overrides"] if decision is not None else draft
    overrides = [o for o in changes if o["application"] == application]
    recused = bool(user.department) and user.can("bedømmer") and service.is_recused(
        db, round, application, user.department)
    explanation = None
    if recommendation is not None:
        which = "decision" if which == "decision" and decision is not None else "recommendation"
        explanation = service.explanation(db, round, application, which, lang)
    return {
        "application": detail, "recommendation": in_recommendation, "decision": in_decision,
        "decision_event": None if decision is None else decision["event"],
        "overrides": overrides, "explanation": explanation, "explained": which, "recused": recused,
        "may_rate": user.can("bedømmer") and not recused,
        "council_no_given_money": bool(in_recommendation and in_recommendation["status"] in COUNCIL_NO
                                       and any(_funds(o) for o in overrides)),
        "rated_since": [r for r in rated_since_recommendation(db, summary) if r["application"] == application],
    }


def _funds(override: Mapping[str, Any]) -> bool:
    """Whether a change forces money out to its application (its action says so, `pool.overrides`)."""
    action = service.ACTIONS.get(override["action"])
    return action is not None and action.funds


def _row(allocation: Mapping[str, Any] | None, application: str) -> dict[str, Any] | None:
    if allocation is None:
        return None
    return next((r for r in allocation["rows"] if r["id"] == application), None)


# --- Indstilling and Beslutning ----------------------------------------------------------------------

def recommendation_page(db: Path, summary: Mapping[str, Any], query: Mapping[str, str], path: str,
                        lang: str) -> dict[str, Any]:
    """The recommendation's table as the query sorts and filters it, its chart and its warnings."""
    recommendation = summary.get("recommendation")
    if recommendation is None:
        return {"table": None, "chart": "", "rated_since": [], "council_no": []}
    decision = summary.get("decision")
    return {
        "table": table_view(recommendation["rows"], query, path, "#recommendation-table"),
        "chart": chart(recommendation["rows"], recommendation["budget_dkk"], lang, "recommendation-table"),
        "rated_since": rated_since_recommendation(db, summary),
        "council_no": council_no_given_money(recommendation["rows"], decision["overrides"] if decision else [],
                                             recommendation["rows"]),
    }


def decision_page(db: Path, summary: Mapping[str, Any], preview: Mapping[str, Any] | None,
                  draft: Sequence[Mapping[str, Any]], query: Mapping[str, str], path: str,
                  lang: str) -> dict[str, Any]:
    """The decision's table (the recorded one, else the chief's preview) sorted and filtered, its
    chart, and the warnings: ratings after the recommendation, the council's no given money."""
    recommendation = summary.get("recommendation")
    decided = summary.get("decision") or (preview or {}).get("decision")
    overrides = summary["decision"]["overrides"] if summary.get("decision") else list(draft)
    if decided is None or recommendation is None:
        return {"table": None, "chart": "", "rated_since": rated_since_recommendation(db, summary),
                "council_no": []}
    return {
        "table": table_view(decided["rows"], query, path, "#resultat"),
        "chart": chart(decided["rows"], decided["budget_dkk"], lang, "decision-table"),
        "rated_since": rated_since_recommendation(db, summary),
        "council_no": council_no_given_money(decided["rows"], overrides, recommendation["rows"]),
    }
