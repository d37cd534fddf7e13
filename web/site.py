"""What every page of the web app shares: the round database, the users and their sessions, the
templates (with the municipality they name, `web.municipality`), the login, CSRF and role checks
of a page (`Site.page`), and the paths of the named routes (`Site.path_for`, `url_for` in the
templates)."""

from __future__ import annotations

import hmac
import inspect
import re
import time
import urllib.parse
from collections.abc import Awaitable, Callable
from functools import wraps
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Router

from digipulje.base.errors import DigipuljeError
from digipulje.messages import N_, use_language
from digipulje.web import service
from digipulje.web.i18n import gettext, ngettext, pick
from digipulje.web.municipality import Municipality
from digipulje.web.users import ROLES, Session, UserStore

SESSION_COOKIE = "digipulje_session"
LOGIN_COOKIE = "digipulje_login"
LANG_COOKIE = "digipulje_lang"

ROLE_LABELS = {"sekretariat": N_("Secretariat"), "bedømmer": N_("Assessor"), "chef": N_("Chief"),
               "læser": N_("Reader"), "ansøger": N_("Applicant"), "afdelingschef": N_("Head of department")}


class Forbidden(DigipuljeError):
    """A page the signed-in user's role may not use."""


class Site:
    """The app's shared parts, handed to each family of pages (`web.views`)."""

    def __init__(self, db: Path, solver: str, secure: bool | None, users: UserStore,
                 municipality: Municipality | None = None) -> None:
        self.db, self.solver, self.secure, self.users = db, solver, secure, users
        self.municipality = municipality or Municipality()
        self.router: Router | None = None  # set once the routes are made
        self.env = Environment(loader=PackageLoader("digipulje.web", "templates"),
                               autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)
        self.env.filters["kr"] = service.format_kr
        self.env.filters["when"] = service.format_time
        self.env.globals["ROLES"] = ROLES
        self.env.globals["ACTIONS"] = service.ACTIONS
        self.env.globals["url_for"] = self.path_for
        self.env.globals["municipality"] = self.municipality

    def path_for(self, route: str, /, **params: Any) -> str:
        """The path of the route named `route`, its parameters quoted (an application's id may hold
        any character)."""
        assert self.router is not None
        quoted = {key: urllib.parse.quote(str(value), safe="") for key, value in params.items()}
        return str(self.router.url_path_for(route, **quoted))

    def redirect(self, route: str, /, query: str = "", fragment: str = "", **params: Any) -> RedirectResponse:
        """303 to the route named `route` (after a POST: the page is fetched again, not the form sent)."""
        return RedirectResponse(self.path_for(route, **params) + (f"?{query}" if query else "")
                                + (f"#{fragment}" if fragment else ""), status_code=303)

    def is_secure(self, request: Request) -> bool:
        if self.secure is not None:
            return self.secure
        return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"

    def render(self, request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        """A page. A form shown again with its problems is a 200 like any page (its error summary says
        what is wrong); 403, 404 and 413 are the statuses of refusals."""
        session: Session | None = request.state.session if hasattr(request.state, "session") else None
        lang = self.lang_of(request, session)
        _ = gettext(lang)
        html = self.env.get_template(template).render(
            _=_, ngettext=ngettext(lang), lang=lang, session=session, user=session.user if session else None,
            csrf=session.csrf if session else "", path=request.url.path,
            role_label=lambda r: _(ROLE_LABELS[r]), **values)
        return HTMLResponse(html, status_code=status)

    def lang_of(self, request: Request, session: Session | None) -> str:
        if session is not None:
            return pick(session.user.lang)
        return pick(request.cookies.get(LANG_COOKIE))

    async def read_form(self, request: Request) -> FormData:
        return await request.form(max_files=service.MAX_UPLOAD_FILES, max_fields=200, max_part_size=64 * 1024)

    @staticmethod
    def check_csrf(expected: str, form: FormData) -> None:
        given = form.get("csrf")
        if not isinstance(given, str) or not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            raise Forbidden()

    def page(self, *roles: str, post: bool = False):
        """A page that needs a login (and, for its action, one of `roles`); POSTs check the CSRF token."""
        def decorate(handler: Callable[..., Awaitable[Response]]):
            @wraps(handler)
            async def endpoint(request: Request) -> Response:
                session = self.users.session(request.cookies.get(SESSION_COOKIE))
                request.state.session = session
                if session is None:
                    if request.method == "POST":
                        return self.forbidden(request)
                    target = urllib.parse.quote(request.url.path)
                    return RedirectResponse(f"{self.path_for('login_page')}?next={target}", status_code=303)
                form = None
                if request.method == "POST":
                    form = await self.read_form(request)
                    try:
                        self.check_csrf(session.csrf, form)
                    except Forbidden:
                        return self.forbidden(request)
                if roles and not any(session.user.can(r) for r in roles):
                    return self.forbidden(request, roles)
                args = (request, session, form) if post else (request, session)
                # The core's messages (a reader's problem, a refusal of the round store) follow the page's language.
                with use_language(self.lang_of(request, session)):
                    try:
                        if inspect.iscoroutinefunction(handler):
                            return await handler(*args)
                        # the solver, the database and the templates block: keep them off the event loop
                        return await run_in_threadpool(handler, *args)
                    except service.ServiceError as error:
                        round = request.path_params.get("round")
                        status = 404 if round is not None and not service.round_exists(self.db, round) else 400
                        integrity = service.verify(self.db)  # a log changed by hand is named above the refusal
                        return self.render(request, "error.html", status=status, lines=error.lines,
                                           integrity=None if integrity["intact"] else integrity)
            return endpoint
        return decorate

    def forbidden(self, request: Request, roles: tuple[str, ...] = ()) -> HTMLResponse:
        return self.render(request, "forbidden.html", status=403, roles=roles)

    def round_page(self, request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        round = request.path_params["round"]
        lang = self.lang_of(request, request.state.session)
        summary = values.pop("summary", None) or service.round_summary(self.db, round, lang)
        return self.render(request, template, status=status, round=summary, integrity=service.verify(self.db),
                           **values)

    def set_cookie(self, response: Response, request: Request, key: str, value: str, max_age: int | None) -> None:
        response.set_cookie(key, value, max_age=max_age, path="/", httponly=True, samesite="lax",
                            secure=self.is_secure(request))


def recommendation_event(summary: dict) -> int | None:
    recommendation = summary.get("recommendation")
    return recommendation["event"]["seq"] if recommendation and recommendation.get("event") else None


def whole(value: Any) -> int | None:
    """A form's hidden whole number (an event, a version): None when absent or not one."""
    if isinstance(value, str) and 0 < len(value) <= 12 and value.isascii() and value.isdigit():
        return int(value)
    return None


def iso(moment: float | None) -> str | None:
    if moment is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(moment))


_SAFE_PATH = re.compile(r"^/(?![/\\])[A-Za-z0-9/_.~%?=&-]*$")


def disposition(how: str, filename: str) -> str:
    """A download's Content-Disposition (`how`: "attachment" or "inline"): the name in UTF-8 for
    the browsers (RFC 6266's filename*, "digipulje-prøve-2026-runde.json"), beside an ASCII
    stand-in for the few that do not read it (letters, digits and "._- " kept, the rest "_")."""
    plain = "".join(c if c.isascii() and (c.isalnum() or c in "._- ") else "_" for c in filename)
    return f"{how}; filename=\"{plain}\"; filename*=UTF-8''{urllib.parse.quote(filename)}"


def safe_next(target: str | None) -> str:
    """Only a path on this site: never another host after logging in (no "//", no backslash, no
    whitespace or control characters, which browsers drop before they read the address)."""
    if not target or not _SAFE_PATH.match(target):
        return "/"
    return target
