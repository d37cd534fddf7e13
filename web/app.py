"""The web app: Starlette routes rendering Jinja2 templates on the server.

Pages work without JavaScript. Every page needs a login; every POST carries the session's CSRF
token (the login form a token of its own, in a cookie beside it); roles are checked on the server,
for every action (`web.site.Site.page`). The pages live in `web.views`, one module per family, each
route named once. All calls into digipulje go through `web.service`.
"""

from __future__ import annotations

import html
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from digipulje.base.errors import DigipuljeError
from digipulje.web import applicants, service, views
from digipulje.web.municipality import Municipality, resolve_municipality
from digipulje.web.site import ROLE_LABELS, Site
from digipulje.web.users import UserStore

__all__ = ["ROLE_LABELS", "create_app"]


def create_app(db: Path, solver: str = "exact", secure: bool | None = None,
               max_request_bytes: int = service.MAX_REQUEST_BYTES, clock: Callable[[], float] = time.time,
               municipality: Municipality | None = None) -> Any:
    """The ASGI app for the round database `db`. `secure`: mark cookies Secure (default: when the
    request came over HTTPS, as the reverse proxy says in X-Forwarded-Proto). `municipality`: its
    name and accessibility statement in every page (default: from the environment, `web.municipality`).

    Each family of pages gives its named routes (`web.views`); the departments' pages are
    `web.applicants`'. All of them share the `Site`: its login, CSRF and role checks, its templates."""
    db = Path(db)
    service.create_database(db)
    users = UserStore(db, clock=clock)
    site = Site(db, solver, secure, users,
                municipality if municipality is not None else resolve_municipality())
    routes = [
        *views.routes(site),
        Mount("/static", StaticFiles(packages=[("digipulje.web", "static")]), name="static"),
    ]
    routes += applicants.routes(db=db, page=site.page, render=site.render, round_page=site.round_page,
                                lang_of=site.lang_of)

    async def too_large(request: Request, exc: Exception) -> Response:
        # a body without Content-Length (chunked) found too large while a page read it
        return Response(_too_large_body(max_request_bytes), status_code=413, media_type="text/html; charset=utf-8",
                        headers={"connection": "close"})

    app = Starlette(routes=routes, exception_handlers={RequestTooLarge: too_large})
    app.state.users = users
    site.router = app.router
    return SecurityHeaders(SameOrigin(BodyLimit(app, max_request_bytes)))


class BodyLimit:
    """Refuses a request body larger than `limit` bytes before the app reads it (413), whether
    the client announces its length or not."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await _too_large(send, self.limit)
            return
        seen = 0
        started = False

        async def limited_receive() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise RequestTooLarge()
            return message

        async def tracking_send(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except RequestTooLarge:
            if not started:
                await _too_large(send, self.limit)


class RequestTooLarge(DigipuljeError):
    """An upload above the limit: answered with 413 before the app reads it."""


def _too_large_body(limit: int) -> bytes:
    mb = limit / (1024 * 1024)
    return (f'<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>For stor fil</title></head>'
            f'<body><main><h1>For stor fil</h1><p>Det, du sendte, fylder mere end {mb:.0f} MB, som er det '
            f'mest, digipulje tager imod. Intet er gemt. Fjern billeder og andre ark fra regnearket, eller del '
            f'det op, og prøv igen (gå tilbage i browseren).</p>'
            f'<p lang="en">Too large: more than {mb:.0f} MB. Nothing was stored.</p></main></body></html>').encode("utf-8")


async def _too_large(send: Callable, limit: int) -> None:
    body = _too_large_body(limit)
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/html; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class SameOrigin:
    """A POST whose browser says it comes from another site (its Origin names another host, or
    Sec-Fetch-Site says cross-site) is refused with 403 before the app reads it: a second wall
    beside the CSRF token. A POST without either header (a script, an old browser) goes on to the
    token check."""

    SAFE = {"GET", "HEAD", "OPTIONS"}

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] == "http" and scope["method"] not in self.SAFE and not _same_origin(scope):
            body = _refusal_body(service.cross_site_refusal())
            await send({"type": "http.response.start", "status": 403,
                        "headers": [(b"content-type", b"text/html; charset=utf-8"),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


def _same_origin(scope: dict) -> bool:
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
    if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = headers.get("origin")
    if origin is None:
        return True
    parsed = urllib.parse.urlsplit(origin)
    host = headers.get("x-forwarded-host") or headers.get("host", "")
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and parsed.netloc.lower() == host.lower()


def _refusal_body(text: str) -> bytes:
    return (f'<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Afvist</title></head>'
            f'<body><main><h1>Afvist</h1><p>{html.escape(text)}</p></main></body></html>').encode("utf-8")


class SecurityHeaders:
    """Nothing from other sites, no framing, no sniffing; pages are not cached."""

    HEADERS = [
        (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                     b"script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
    ]

    def __init__(self, app: Any) -> None:
        self.app = app
        self.users = getattr(getattr(app, "app", None), "state", None)

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k for k, _ in headers}
                headers += [h for h in self.HEADERS if h[0] not in names]
                if not scope["path"].startswith("/static/"):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
