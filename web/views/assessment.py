"""The council members' ratings: the overview of every application, and one member's rating of one."""

from __future__ import annotations

import urllib.parse

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from digipulje.web import service
from digipulje.web.site import Site
from digipulje.web.users import Session


def routes(site: Site) -> list[Route]:
    db, users = site.db, site.users

    def assessment_page(request: Request, session: Session, errors: dict | None = None,
                        values: dict | None = None, application: str | None = None) -> HTMLResponse:
        round = request.path_params["round"]
        lang = site.lang_of(request, session)
        summary = service.round_summary(db, round, lang)
        assessors = [(u.name, u.department) for u in users.list() if u.can("bedømmer") and not u.disabled]
        overview = service.assessment_overview(db, round, assessors, lang)
        application = application or request.query_params.get("ansoegning")
        ids = [a["id"] for a in summary["applications"]]
        form = None
        if session.user.can("bedømmer") and application in ids:
            mine = service.my_ratings(db, round, session.user.name).get(application, {})
            form = {"application": next(a for a in summary["applications"] if a["id"] == application),
                    "recused": service.is_recused(db, round, application, session.user.department),
                    "values": values if values is not None else {f"rating_{k}": str(v) for k, v in mine.items()}}
        return site.round_page(request, "assessment.html", summary=summary, overview=overview,
                               scales=service.rating_scales(lang), form=form, errors=errors or {},
                               mine=service.my_ratings(db, round, session.user.name)
                               if session.user.can("bedømmer") else {})

    @site.page()
    def assessment(request: Request, session: Session) -> Response:
        return assessment_page(request, session)

    @site.page("bedømmer", post=True)
    def rate(request: Request, session: Session, form: FormData) -> Response:
        round = request.path_params["round"]
        application = str(form.get("application", ""))
        if service.is_recused(db, round, application, session.user.department):
            return site.render(request, "forbidden.html", status=403, roles=(), recused=application)
        values = {k: str(v) for k, v in form.items() if k.startswith("rating_")}
        _seq, errors = service.rate(db, round, session.user.name, session.user.department or "", application, values)
        if errors:
            return assessment_page(request, session, errors=errors, values=values, application=application)
        return site.redirect("assessment", query=f"gemt={urllib.parse.quote(application)}", round=round)

    return [
        Route("/runder/{round}/bedoemmelse", assessment, methods=["GET"], name="assessment"),
        Route("/runder/{round}/bedoemmelse", rate, methods=["POST"], name="rate"),
    ]
