"""Logging in and out, and the choice of language."""

from __future__ import annotations

import secrets

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from digipulje.web.i18n import gettext, pick
from digipulje.web.site import LANG_COOKIE, LOGIN_COOKIE, SESSION_COOKIE, Forbidden, Site, safe_next
from digipulje.web.users import Session


def routes(site: Site) -> list[Route]:
    users = site.users

    async def login_page(request: Request) -> Response:
        request.state.session = None
        token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(32)
        response = site.render(request, "login.html", login_csrf=token,
                               next=safe_next(request.query_params.get("next")), errors={}, name="")
        site.set_cookie(response, request, LOGIN_COOKIE, token, max_age=3600)
        return response

    async def login(request: Request) -> Response:
        request.state.session = None
        form = await site.read_form(request)
        token = request.cookies.get(LOGIN_COOKIE, "")
        try:
            site.check_csrf(token, form)
        except Forbidden:
            return site.forbidden(request)
        name, password = str(form.get("name", "")).strip(), str(form.get("password", ""))
        next_path = safe_next(str(form.get("next", "")))
        _ = gettext(site.lang_of(request, None))
        errors = {}
        if not name:
            errors["name"] = _("Enter your user name")
        if not password:
            errors["password"] = _("Enter your password")
        if not errors:
            address = request.client.host if request.client else None  # uvicorn reads a local proxy's X-Forwarded-For
            user, wait = await run_in_threadpool(users.authenticate, name[:100], password, address)
            if user is None:
                errors["password"] = (_("Too many failed attempts: wait {seconds} seconds and try again",
                                        seconds=int(wait + 0.999)) if wait
                                      else _("The user name or the password is wrong"))
        if errors:
            return site.render(request, "login.html", login_csrf=token,
                               next=next_path, errors=errors, name=name)
        session_token, _csrf = users.start_session(user)
        response = RedirectResponse(next_path, status_code=303)
        site.set_cookie(response, request, SESSION_COOKIE, session_token, max_age=None)
        response.delete_cookie(LOGIN_COOKIE, path="/")
        return response

    @site.page(post=True)
    async def logout(request: Request, session: Session, form: FormData) -> Response:
        users.end_session(session.token_hash)
        response = site.redirect("login_page")
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    async def choose_language(request: Request) -> Response:
        session = users.session(request.cookies.get(SESSION_COOKIE))
        request.state.session = session
        form = await site.read_form(request)
        try:
            site.check_csrf(session.csrf if session else request.cookies.get(LOGIN_COOKIE, ""), form)
        except Forbidden:
            return site.forbidden(request)
        lang = pick(str(form.get("lang", "")))
        if session is not None:
            users.set_lang(session.user.name, lang)
        response = RedirectResponse(safe_next(str(form.get("next", ""))), status_code=303)
        site.set_cookie(response, request, LANG_COOKIE, lang, max_age=365 * 24 * 3600)
        return response

    return [
        Route("/login", login_page, methods=["GET"], name="login_page"),
        Route("/login", login, methods=["POST"], name="login"),
        Route("/logout", logout, methods=["POST"], name="logout"),
        Route("/sprog", choose_language, methods=["POST"], name="choose_language"),
    ]
