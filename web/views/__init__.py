"""The web app's pages, one module per family, each giving its named routes (`routes(site)`).

Templates link with `url_for(name, **params)` (`web.site.Site.path_for`): a page's path is written
once, in its family's routes.
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from digipulje.web.site import Site


def routes(site: Site) -> list[BaseRoute]:
    from digipulje.web.views import assessment, decision, documents, rounds, scenarios, sessions

    return [*sessions.routes(site), *rounds.routes(site), *decision.routes(site), *assessment.routes(site),
            *scenarios.routes(site), *documents.routes(site)]
