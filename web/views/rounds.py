"""The rounds: the list and the opening of one, the import, the recommendation (its table sorted
and filtered from the address, its chart and warnings) and an application's own page."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from digipulje.messages import N_
from digipulje.web import pages, service
from digipulje.web.i18n import gettext
from digipulje.web.site import Site
from digipulje.web.users import Session


def routes(site: Site) -> list[Route]:
    db = site.db

    @site.page()
    def rounds(request: Request, session: Session) -> Response:
        return site.render(request, "rounds.html", rounds=service.list_rounds(db), form=service.pool_fields(),
                           errors={}, integrity=service.verify(db))

    @site.page("sekretariat", post=True)
    def open_round(request: Request, session: Session, form: FormData) -> Response:
        values = {k: str(form.get(k, "")) for k in service.POOL_FIELDS}
        pool, errors = service.validate_pool(values)
        if pool is not None:
            try:
                service.open_round(db, values["round"].strip(), pool, session.user.name)
            except service.ServiceError as error:
                errors = {"round": error.lines[0]}
        if errors:
            return site.render(request, "rounds.html", rounds=service.list_rounds(db), form=values,
                               errors=errors, integrity=service.verify(db))
        return site.redirect("import_page", round=values["round"].strip())

    @site.page()
    def round_home(request: Request, session: Session) -> Response:
        service.round_summary(db, request.path_params["round"])  # 404 for an unknown round
        return site.redirect("recommendation", round=request.path_params["round"])

    @site.page()
    def import_page(request: Request, session: Session) -> Response:
        return site.round_page(request, "import.html", problems=[], errors={},
                               done=request.query_params.get("importeret"))

    @site.page("sekretariat", post=True)
    async def import_files(request: Request, session: Session, form: FormData) -> Response:
        round = request.path_params["round"]
        uploads = []
        for item in form.getlist("files"):
            if isinstance(item, UploadFile) and (item.filename or item.size):
                uploads.append(service.Upload(item.filename or "", await item.read()))
        replace = bool(form.get("replace"))
        result = await run_in_threadpool(service.import_files, db, round, uploads, session.user.name,
                                         replace=replace, reason=str(form.get("reason", "")))
        if "problems" in result:
            return await run_in_threadpool(lambda: site.round_page(
                request, "import.html", problems=result["problems"], errors={}, done=None, replace=replace,
                reason=str(form.get("reason", ""))))
        return site.redirect("import_page", query=f"importeret={result['imported']}", round=round)

    @site.page()
    def recommendation(request: Request, session: Session) -> Response:
        lang = site.lang_of(request, session)
        summary = service.round_summary(db, request.path_params["round"], lang)
        path = site.path_for("recommendation", round=summary["name"])
        return site.round_page(request, "recommendation.html", summary=summary,
                               **pages.recommendation_page(db, summary, request.query_params, path, lang))

    @site.page("sekretariat", post=True)
    def allocate(request: Request, session: Session, form: FormData) -> Response:
        round = request.path_params["round"]
        service.allocate_round(db, round, session.user.name, solver=site.solver)
        return site.redirect("recommendation", round=round)

    @site.page()
    def application_page(request: Request, session: Session) -> Response:
        """One application: what it asks and says, the council's assessment and ratings, its grant in
        the recommendation and the decision, and its events in the log."""
        round, application = request.path_params["round"], request.path_params["application"]
        which = "decision" if request.query_params.get("af") == "beslutning" else "recommendation"
        lang = site.lang_of(request, session)
        summary = service.round_summary(db, round, lang)
        draft = site.users.draft_state(round, session.user.name).overrides if session.user.can("chef") else []
        values = pages.application_page(db, round, application, lang, session.user, summary, which, draft)
        if values is None:
            return site.render(request, "error.html", status=404, lines=[
                gettext(lang)(N_("There is no application {application} in the round"), application=application)])
        return site.round_page(request, "application.html", summary=summary, **values)

    return [
        Route("/", rounds, methods=["GET"], name="rounds"),
        Route("/runder", open_round, methods=["POST"], name="open_round"),
        Route("/runder/{round}", round_home, methods=["GET"], name="round_home"),
        Route("/runder/{round}/import", import_page, methods=["GET"], name="import_page"),
        Route("/runder/{round}/import", import_files, methods=["POST"], name="import_files"),
        Route("/runder/{round}/indstilling", recommendation, methods=["GET"], name="recommendation"),
        Route("/runder/{round}/indstilling", allocate, methods=["POST"], name="allocate"),
        Route("/runder/{round}/ansoegning/{application}", application_page, methods=["GET"], name="application_page"),
    ]
