"""The round's documents (the memo, the workbook, the round as JSON) and its decision log."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from digipulje.web import service
from digipulje.web.site import Site, disposition
from digipulje.web.users import Session


def routes(site: Site) -> list[Route]:
    db = site.db

    @site.page()
    def documents(request: Request, session: Session) -> Response:
        return site.round_page(request, "documents.html")

    @site.page()
    def download(request: Request, session: Session) -> Response:
        name = request.path_params["name"]
        if name not in service.DOCUMENTS:
            return site.render(request, "error.html", status=404, lines=[name])
        round = request.path_params["round"]
        data, media = service.document(db, round, name, site.lang_of(request, session), solver=site.solver)
        filename = f"digipulje-{round}-{name}"
        headers = {"Content-Disposition": disposition("attachment", filename)}
        if name.endswith(".html"):  # the memo: its own inline styles and chart, nothing else
            headers = {"Content-Disposition": disposition("inline", filename),
                       "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:"}
        return Response(data, media_type=media, headers=headers)

    @site.page()
    def history(request: Request, session: Session) -> Response:
        lang = site.lang_of(request, session)
        return site.round_page(request, "log.html", events=service.history(db, request.path_params["round"], lang))

    return [
        Route("/runder/{round}/dokumenter", documents, methods=["GET"], name="documents"),
        Route("/runder/{round}/dokumenter/{name}", download, methods=["GET"], name="document"),
        Route("/runder/{round}/log", history, methods=["GET"], name="history"),
    ]
