"""Scenarios: the round under another budget, rules or weights, beside its recommendation."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from digipulje.web import service
from digipulje.web.site import Site
from digipulje.web.users import Session


def routes(site: Site) -> list[Route]:
    db = site.db

    @site.page()
    def scenarios(request: Request, session: Session) -> Response:
        round = request.path_params["round"]
        lang = site.lang_of(request, session)
        values = service.scenario_fields(db, round)
        query = request.query_params
        if "budget" in query:
            values = {k: str(query.get(k, "")) for k in service.SCENARIO_FIELDS}
        summary = service.round_summary(db, round, lang)
        result = None
        if summary["applications"]:
            result = service.scenario(db, round, values, lang, robustness=query.get("robusthed") == "1",
                                      solver=site.solver, with_decision=query.get("beslutning") == "1")
        errors = dict(result["errors"]) if result and "errors" in result else {}
        return site.round_page(request, "scenarios.html", summary=summary, values=values, errors=errors,
                               result=None if errors else result, robustness=query.get("robusthed") == "1",
                               with_decision=query.get("beslutning") == "1")

    return [Route("/runder/{round}/scenarier", scenarios, methods=["GET"], name="scenarios")]
