"""Scenarios: the round under another budget, rules or weights, beside its recommendation; and
the round's saved scenarios side by side, saved and deleted by name (each logged)."""

from __future__ import annotations

from typing import Any

from digipulje.web import service
from digipulje.web.site import Site
from digipulje.web.users import Session
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

SAVERS = ("sekretariat", "læser", "chef")  # who may save and delete a named scenario


def routes(site: Site) -> list[Route]:
    db = site.db

    def scenarios_page(request: Request, session: Session, values: dict[str, str] | None = None,
                       with_decision: bool = False, robustness: bool = False, save_errors: dict | None = None,
                       scenario_name: str = "") -> Response:
        round = request.path_params["round"]
        lang = site.lang_of(request, session)
        values = values or service.scenario_fields(db, round)
        summary = service.round_summary(db, round, lang)
        result = saved = None
        if summary["applications"]:
            result = service.scenario(db, round, values, lang, robustness=robustness, solver=site.solver,
                                      with_decision=with_decision)
            saved = service.saved_scenarios_view(db, round, lang, solver=site.solver)
        errors = dict(result["errors"]) if result and "errors" in result else {}
        return site.round_page(request, "scenarios.html", summary=summary, values=values, errors=errors,
                               result=None if errors else result, robustness=robustness,
                               with_decision=with_decision, saved=saved, save_errors=save_errors or {},
                               scenario_name=scenario_name,
                               can_save=any(session.user.can(r) for r in SAVERS))

    @site.page()
    def scenarios(request: Request, session: Session) -> Response:
        query = request.query_params
        values = None
        if any(k in query for k in service.SCENARIO_FIELDS):
            # a field the link leaves out keeps the round's own value ("?budget=400.000" asks for that
            # budget alone); a field sent empty is a mistake the form then names
            values = {k: str(query[k]) for k in service.SCENARIO_FIELDS if k in query}
            if len(values) < len(service.SCENARIO_FIELDS):  # the form sends them all: the round is read only for a link
                values = {**service.scenario_fields(db, request.path_params["round"]), **values}
        return scenarios_page(request, session, values, with_decision=query.get("beslutning") == "1",
                              robustness=query.get("robusthed") == "1")

    def form_values(form: FormData) -> dict[str, Any]:
        return {k: str(form.get(k, "")) for k in service.SCENARIO_FIELDS}

    @site.page(*SAVERS, post=True)
    def save_scenario(request: Request, session: Session, form: FormData) -> Response:
        round = request.path_params["round"]
        values, with_decision = form_values(form), form.get("beslutning") == "1"
        name = str(form.get("scenario_name", ""))
        _event, errors = service.save_scenario(db, round, name, values, with_decision, session.user.name)
        if errors:
            return scenarios_page(request, session, values, with_decision=with_decision, save_errors=errors,
                                  scenario_name=name)
        return site.redirect("scenarios", fragment="gemte", round=round)

    @site.page(*SAVERS, post=True)
    def delete_scenario(request: Request, session: Session, form: FormData) -> Response:
        round = request.path_params["round"]
        service.delete_scenario(db, round, str(form.get("scenario_name", "")), session.user.name)
        return site.redirect("scenarios", fragment="gemte", round=round)

    return [Route("/runder/{round}/scenarier", scenarios, methods=["GET"], name="scenarios"),
            Route("/runder/{round}/scenarier/gem", save_scenario, methods=["POST"], name="save_scenario"),
            Route("/runder/{round}/scenarier/slet", delete_scenario, methods=["POST"], name="delete_scenario")]
