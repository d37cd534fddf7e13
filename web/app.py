"""The web app: Starlette routes rendering Jinja2 templates on the server.

Pages work without JavaScript. Every page needs a login; every POST carries the session's CSRF
token (the login form a token of its own, in a cookie beside it); roles are checked here, on the
server, for every action. All calls into digipulje go through `web.service`.
"""

from __future__ import annotations

import hmac
import html
import inspect
import re
import secrets
import time
import urllib.parse
from collections.abc import Awaitable, Callable
from functools import wraps
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from digipulje.base.errors import DigipuljeError
from digipulje.messages import use_language
from digipulje.web import applicants, pages, service
from digipulje.web.i18n import gettext, ngettext, pick
from digipulje.web.site import Site, resolve_site
from digipulje.web.users import ROLES, DraftChanged, Session, UserStore

SESSION_COOKIE = "digipulje_session"
LOGIN_COOKIE = "digipulje_login"
LANG_COOKIE = "digipulje_lang"

ROLE_LABELS = {"sekretariat": "Secretariat", "bedømmer": "Assessor", "chef": "Chief", "læser": "Reader",
               "ansøger": "Applicant", "afdelingschef": "Head of department"}


class Forbidden(DigipuljeError):
    """A page the signed-in user's role may not use."""


def create_app(db: Path, solver: str = "exact", secure: bool | None = None,
               max_request_bytes: int = service.MAX_REQUEST_BYTES, clock: Callable[[], float] = time.time,
               site: Site | None = None) -> Any:
    """The ASGI app for the round database `db`. `secure`: mark cookies Secure (default: when the
    request came over HTTPS, as the reverse proxy says in X-Forwarded-Proto). `site`: the
    municipality's name and accessibility statement (default: from the environment, `web.site`)."""
    db = Path(db)
    site = site if site is not None else resolve_site()
    service.create_database(db)
    users = UserStore(db, clock=clock)
    env = Environment(loader=PackageLoader("digipulje.web", "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["kr"] = service.format_kr
    env.filters["when"] = service.format_time
    env.globals["ROLES"] = ROLES
    env.globals["site"] = site

    def is_secure(request: Request) -> bool:
        if secure is not None:
            return secure
        return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"

    def render(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        """A page. A form shown again with its problems is a 200 like any page (its error summary says
        what is wrong); 403, 404 and 413 are the statuses of refusals."""
        session: Session | None = request.state.session if hasattr(request.state, "session") else None
        lang = _lang_of(request, session)
        _ = gettext(lang)
        html = env.get_template(template).render(
            _=_, ngettext=ngettext(lang), lang=lang, session=session, user=session.user if session else None,
            csrf=session.csrf if session else "", path=request.url.path,
            role_label=lambda r: _(ROLE_LABELS[r]), **values)
        return HTMLResponse(html, status_code=status)

    def _lang_of(request: Request, session: Session | None) -> str:
        if session is not None:
            return pick(session.user.lang)
        return pick(request.cookies.get(LANG_COOKIE))

    async def read_form(request: Request) -> FormData:
        return await request.form(max_files=service.MAX_UPLOAD_FILES, max_fields=200, max_part_size=64 * 1024)

    def check_csrf(expected: str, form: FormData) -> None:
        given = form.get("csrf")
        if not isinstance(given, str) or not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            raise Forbidden()

    def page(*roles: str, post: bool = False):
        """A page that needs a login (and, for its action, one of `roles`); POSTs check the CSRF token."""
        def decorate(handler: Callable[..., Awaitable[Response]]):
            @wraps(handler)
            async def endpoint(request: Request) -> Response:
                session = users.session(request.cookies.get(SESSION_COOKIE))
                request.state.session = session
                if session is None:
                    if request.method == "POST":
                        return forbidden(request)
                    target = urllib.parse.quote(request.url.path)
                    return RedirectResponse(f"/login?next={target}", status_code=303)
                form = None
                if request.method == "POST":
                    form = await read_form(request)
                    try:
                        check_csrf(session.csrf, form)
                    except Forbidden:
                        return forbidden(request)
                if roles and not any(session.user.can(r) for r in roles):
                    return forbidden(request, roles)
                args = (request, session, form) if post else (request, session)
                # The core's messages (a reader's problem, a refusal of the round store) follow the page's language.
                with use_language(_lang_of(request, session)):
                    try:
                        if inspect.iscoroutinefunction(handler):
                            return await handler(*args)
                        # the solver, the database and the templates block: keep them off the event loop
                        return await run_in_threadpool(handler, *args)
                    except service.ServiceError as error:
                        round = request.path_params.get("round")
                        status = 404 if round is not None and not service.round_exists(db, round) else 400
                        integrity = service.verify(db)  # a log changed by hand is named above the refusal
                        return render(request, "error.html", status=status, lines=error.lines,
                                      integrity=None if integrity["intact"] else integrity)
            return endpoint
        return decorate

    def forbidden(request: Request, roles: tuple[str, ...] = ()) -> HTMLResponse:
        return render(request, "forbidden.html", status=403, roles=roles)

    # --- logging in -----------------------------------------------------------------------------

    async def login_page(request: Request) -> Response:
        request.state.session = None
        token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(32)
        response = render(request, "login.html", login_csrf=token, next=_safe_next(request.query_params.get("next")),
                          errors={}, name="")
        _set_cookie(response, request, LOGIN_COOKIE, token, max_age=3600)
        return response

    async def login(request: Request) -> Response:
        request.state.session = None
        form = await read_form(request)
        token = request.cookies.get(LOGIN_COOKIE, "")
        try:
            check_csrf(token, form)
        except Forbidden:
            return forbidden(request)
        name, password = str(form.get("name", "")).strip(), str(form.get("password", ""))
        next_path = _safe_next(str(form.get("next", "")))
        _ = gettext(_lang_of(request, None))
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
            return render(request, "login.html", login_csrf=token,
                          next=next_path, errors=errors, name=name)
        session_token, _csrf = users.start_session(user)
        response = RedirectResponse(next_path, status_code=303)
        _set_cookie(response, request, SESSION_COOKIE, session_token, max_age=None)
        response.delete_cookie(LOGIN_COOKIE, path="/")
        return response

    @page(post=True)
    async def logout(request: Request, session: Session, form: FormData) -> Response:
        users.end_session(session.token_hash)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    async def choose_language(request: Request) -> Response:
        session = users.session(request.cookies.get(SESSION_COOKIE))
        request.state.session = session
        form = await read_form(request)
        try:
            check_csrf(session.csrf if session else request.cookies.get(LOGIN_COOKIE, ""), form)
        except Forbidden:
            return forbidden(request)
        lang = pick(str(form.get("lang", "")))
        if session is not None:
            users.set_lang(session.user.name, lang)
        response = RedirectResponse(_safe_next(str(form.get("next", ""))), status_code=303)
        _set_cookie(response, request, LANG_COOKIE, lang, max_age=365 * 24 * 3600)
        return response

    def _set_cookie(response: Response, request: Request, key: str, value: str, max_age: int | None) -> None:
        response.set_cookie(key, value, max_age=max_age, path="/", httponly=True, samesite="lax",
                            secure=is_secure(request))

    # --- rounds -----------------------------------------------------------------------------------

    @page()
    def rounds(request: Request, session: Session) -> Response:
        return render(request, "rounds.html", rounds=service.list_rounds(db), form=service.pool_fields(),
                      errors={}, integrity=service.verify(db))

    @page("sekretariat", post=True)
    def open_round(request: Request, session: Session, form: FormData) -> Response:
        values = {k: str(form.get(k, "")) for k in service.POOL_FIELDS}
        pool, errors = service.validate_pool(values)
        if pool is not None:
            try:
                service.open_round(db, values["round"].strip(), pool, session.user.name)
            except service.ServiceError as error:
                errors = {"round": error.lines[0]}
        if errors:
            return render(request, "rounds.html", rounds=service.list_rounds(db), form=values,
                          errors=errors, integrity=service.verify(db))
        return RedirectResponse(f"/runder/{urllib.parse.quote(values['round'].strip())}/import", status_code=303)

    def round_page(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        round = request.path_params["round"]
        lang = _lang_of(request, request.state.session)
        summary = values.pop("summary", None) or service.round_summary(db, round, lang)
        return render(request, template, status=status, round=summary, integrity=service.verify(db), **values)

    @page()
    def round_home(request: Request, session: Session) -> Response:
        service.round_summary(db, request.path_params["round"])  # 404 for an unknown round
        return RedirectResponse(f"/runder/{urllib.parse.quote(request.path_params['round'])}/indstilling",
                                status_code=303)

    @page()
    def import_page(request: Request, session: Session) -> Response:
        return round_page(request, "import.html", problems=[], errors={}, done=request.query_params.get("importeret"))

    @page("sekretariat", post=True)
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
            return await run_in_threadpool(lambda: round_page(
                request, "import.html", problems=result["problems"], errors={}, done=None, replace=replace,
                reason=str(form.get("reason", ""))))
        return RedirectResponse(f"/runder/{urllib.parse.quote(round)}/import?importeret={result['imported']}",
                                status_code=303)

    @page()
    def recommendation(request: Request, session: Session) -> Response:
        lang = _lang_of(request, session)
        summary = service.round_summary(db, request.path_params["round"], lang)
        return round_page(request, "recommendation.html", summary=summary,
                          **pages.recommendation_page(db, summary, request.query_params,
                                                     f"/runder/{urllib.parse.quote(summary['name'])}/indstilling", lang))

    @page("sekretariat", post=True)
    def allocate(request: Request, session: Session, form: FormData) -> Response:
        round = request.path_params["round"]
        service.allocate_round(db, round, session.user.name, solver=solver)
        return RedirectResponse(f"/runder/{urllib.parse.quote(round)}/indstilling", status_code=303)

    @page()
    def application_page(request: Request, session: Session) -> Response:
        """One application: what it asks and says, the council's assessment and ratings, its grant in
        the recommendation and the decision, and its events in the log."""
        round, application = request.path_params["round"], request.path_params["application"]
        which = "decision" if request.query_params.get("af") == "beslutning" else "recommendation"
        lang = _lang_of(request, session)
        summary = service.round_summary(db, round, lang)
        draft = users.draft_state(round, session.user.name).overrides if session.user.can("chef") else []
        values = pages.application_page(db, round, application, lang, session.user, summary, which, draft)
        if values is None:
            return render(request, "error.html", status=404,
                          lines=[gettext(lang)("There is no application {application} in the round", application=application)])
        return round_page(request, "application.html", summary=summary, **values)

    # --- the decision -------------------------------------------------------------------------------

    def decision_page(request: Request, session: Session, status: int = 200, errors: dict | None = None,
                      values: dict | None = None, conflict: str | None = None) -> HTMLResponse:
        """Beslutning: the recorded decision when there is one (with the chiefs' reopen form); else the
        chief's changes, the decision they give beside the recommendation, and the record form.
        Every form carries the round's last event and the changes' version it was made on."""
        round = request.path_params["round"]
        lang = _lang_of(request, session)
        summary = service.round_summary(db, round, lang)
        draft = users.draft_state(round, session.user.name) if session.user.can("chef") else None
        overrides = draft.overrides if draft else []
        preview, preview_errors = None, []
        if summary["decision"] is None and summary["recommendation"] is not None and summary["recommendation_current"]:
            try:
                preview = service.decision_preview(db, round, overrides, lang, solver=solver)
            except service.ServiceError as error:
                preview_errors = list(error.lines)
        made_on = draft.recommendation_event if draft and draft.overrides else None
        remade = made_on is not None and made_on != _recommendation_event(summary)
        shown = pages.decision_page(db, summary, preview, overrides, request.query_params,
                                   f"/runder/{urllib.parse.quote(round)}/beslutning", lang)
        return round_page(request, "decision.html", status=status, summary=summary, draft=overrides, **shown,
                          draft_made_on=made_on if remade else None,
                          draft_version=draft.version if draft else 0, seen_event=summary["last_event"],
                          preview=preview, preview_errors=preview_errors, errors=errors or {}, values=values or {},
                          conflict=conflict, reopened=request.query_params.get("genaabnet") == "1")

    def refused(request: Request, session: Session, error: DigipuljeError) -> HTMLResponse:
        """A change made on a page that is no longer the round or the changes as they are: nothing is
        saved; the page is shown again as things are now, saying who changed what."""
        lang = _lang_of(request, session)
        _ = gettext(lang)
        if isinstance(error, DraftChanged):
            message = service.describe_draft_change(error.draft.change, _iso(error.draft.changed_at), lang)
        elif isinstance(error, service.RoundChanged):
            message = service.describe_change(error, lang)
        else:
            message = " ".join(error.lines)
        return decision_page(request, session, status=409, conflict=message)

    @page()
    def decision(request: Request, session: Session) -> Response:
        return decision_page(request, session)

    @page("chef", post=True)
    def add_override(request: Request, session: Session, form: FormData) -> Response:
        round = request.path_params["round"]
        summary = service.round_summary(db, round)
        if summary["decision"] is not None:
            return refused(request, session, DigipuljeError(gettext(_lang_of(request, session))(
                "A decision is recorded: reopen it with a reason before changing it")))
        values = {k: str(form.get(k, "")) for k in ("application", "action", "amount", "reason", "decided_by")}
        override, errors = service.validate_override(values, [a["id"] for a in summary["applications"]],
                                                     session.user.name)
        if errors:
            return decision_page(request, session, errors=errors, values=values)
        current = users.draft_state(round, session.user.name)
        version = _whole(form.get("draft_version"))
        draft = [o for o in current.overrides if o["application"] != override["application"]]
        try:
            _check_seen(round, form)
            if version is not None and version != current.version:
                raise DraftChanged(current)
            service.decision_preview(db, round, [*draft, override], solver=solver)
            change = {k: override.get(k) for k in ("application", "action", "amount_dkk")}
            users.save_draft(round, session.user.name, sorted([*draft, override], key=lambda o: o["application"]),
                             version=current.version, change=change,
                             recommendation_event=_recommendation_event(summary))
        except (DraftChanged, service.RoundChanged) as error:
            return refused(request, session, error)
        except service.ServiceError as error:
            return decision_page(request, session, errors={"application": " ".join(error.lines)},
                                 values=values)
        return RedirectResponse(f"/runder/{urllib.parse.quote(round)}/beslutning#resultat", status_code=303)

    @page("chef", post=True)
    def remove_override(request: Request, session: Session, form: FormData) -> Response:
        round = request.path_params["round"]
        application = str(form.get("application", ""))
        current = users.draft_state(round, session.user.name)
        version = _whole(form.get("draft_version"))
        try:
            if version is not None and version != current.version:
                raise DraftChanged(current)
            users.save_draft(round, session.user.name,
                             [o for o in current.overrides if o["application"] != application],
                             version=current.version, change={"application": application, "removed": True},
                             recommendation_event=current.recommendation_event)
        except DraftChanged as error:
            return refused(request, session, error)
        return RedirectResponse(f"/runder/{urllib.parse.quote(round)}/beslutning", status_code=303)

    @page("chef", post=True)
    def record(request: Request, session: Session, form: FormData) -> Response:
        round = request.path_params["round"]
        reason = str(form.get("decision_reason", "")).strip()
        if not reason:
            _ = gettext(_lang_of(request, session))
            return decision_page(request, session,
                                 errors={"decision_reason": _("Give the reason for the decision, e.g. the meeting and agenda item")})
        current = users.draft_state(round, session.user.name)
        version = _whole(form.get("draft_version"))
        try:
            if version is not None and version != current.version:
                raise DraftChanged(current)
            service.record_decision(db, round, current.overrides, reason, session.user.name, solver=solver,
                                    seen_event=_whole(form.get("seen_event")))
        except (DraftChanged, service.RoundChanged, service.DecisionRecorded) as error:
            return refused(request, session, error)
        try:
            users.save_draft(round, session.user.name, [], version=current.version)
        except DraftChanged:
            pass  # a change made in another tab meanwhile stays in the changes, to be seen after a reopening
        return RedirectResponse(f"/runder/{urllib.parse.quote(round)}/beslutning?registreret=1", status_code=303)

    @page("chef", post=True)
    def reopen(request: Request, session: Session, form: FormData) -> Response:
        """The chiefs set their recorded decision aside, with a reason, to record another; the
        reopening chief's changes start from the decision's."""
        round = request.path_params["round"]
        reason = str(form.get("reopen_reason", "")).strip()
        if not reason:
            _ = gettext(_lang_of(request, session))
            return decision_page(request, session, errors={
                "reopen_reason": _("Give the reason for reopening the decision, e.g. the meeting and agenda item")})
        summary = service.round_summary(db, round)
        try:
            service.reopen_decision(db, round, session.user.name, reason, seen_event=_whole(form.get("seen_event")))
        except service.RoundChanged as error:
            return refused(request, session, error)
        decided = summary["decision"]["overrides"] if summary["decision"] else []
        users.save_draft(round, session.user.name, [{k: v for k, v in o.items() if v is not None} for o in decided],
                         recommendation_event=summary["decision"]["recommendation_event"] if summary["decision"] else None)
        return RedirectResponse(f"/runder/{urllib.parse.quote(round)}/beslutning?genaabnet=1", status_code=303)

    def _check_seen(round: str, form: FormData) -> None:
        seen = _whole(form.get("seen_event"))
        if seen is not None:
            service.check_seen(db, round, seen)

    # --- the council members' ratings ----------------------------------------------------------------

    def assessment_page(request: Request, session: Session, errors: dict | None = None,
                        values: dict | None = None, application: str | None = None) -> HTMLResponse:
        round = request.path_params["round"]
        lang = _lang_of(request, session)
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
        return round_page(request, "assessment.html", summary=summary, overview=overview,
                          scales=service.rating_scales(lang), form=form, errors=errors or {},
                          mine=service.my_ratings(db, round, session.user.name) if session.user.can("bedømmer") else {})

    @page()
    def assessment(request: Request, session: Session) -> Response:
        return assessment_page(request, session)

    @page("bedømmer", post=True)
    def rate(request: Request, session: Session, form: FormData) -> Response:
        round = request.path_params["round"]
        application = str(form.get("application", ""))
        if service.is_recused(db, round, application, session.user.department):
            return render(request, "forbidden.html", status=403, roles=(), recused=application)
        values = {k: str(v) for k, v in form.items() if k.startswith("rating_")}
        seq, errors = service.rate(db, round, session.user.name, session.user.department or "", application, values)
        if errors:
            return assessment_page(request, session, errors=errors, values=values, application=application)
        return RedirectResponse(f"/runder/{urllib.parse.quote(round)}/bedoemmelse?gemt={urllib.parse.quote(application)}",
                                status_code=303)

    # --- scenarios -----------------------------------------------------------------------------------

    @page()
    def scenarios(request: Request, session: Session) -> Response:
        round = request.path_params["round"]
        lang = _lang_of(request, session)
        values = service.scenario_fields(db, round)
        query = request.query_params
        if "budget" in query:
            values = {k: str(query.get(k, "")) for k in service.SCENARIO_FIELDS}
        summary = service.round_summary(db, round, lang)
        result = None
        if summary["applications"]:
            result = service.scenario(db, round, values, lang, robustness=query.get("robusthed") == "1",
                                      solver=solver, with_decision=query.get("beslutning") == "1")
        errors = dict(result["errors"]) if result and "errors" in result else {}
        return round_page(request, "scenarios.html", summary=summary, values=values, errors=errors,
                          result=None if errors else result, robustness=query.get("robusthed") == "1",
                          with_decision=query.get("beslutning") == "1")

    # --- documents and the log ----------------------------------------------------------------------

    @page()
    def documents(request: Request, session: Session) -> Response:
        return round_page(request, "documents.html")

    @page()
    def download(request: Request, session: Session) -> Response:
        name = request.path_params["name"]
        if name not in service.DOCUMENTS:
            return render(request, "error.html", status=404, lines=[name])
        round = request.path_params["round"]
        data, media = service.document(db, round, name, _lang_of(request, session))
        filename = f"digipulje-{round}-{name}"
        headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
        if name.endswith(".html"):  # the memo: its own inline styles and chart, nothing else
            headers = {"Content-Disposition": f'inline; filename="{filename}"',
                       "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:"}
        return Response(data, media_type=media, headers=headers)

    @page()
    def history(request: Request, session: Session) -> Response:
        lang = _lang_of(request, session)
        return round_page(request, "log.html", events=service.history(db, request.path_params["round"], lang))

    routes = [
        Route("/login", login_page, methods=["GET"]),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/sprog", choose_language, methods=["POST"]),
        Route("/", rounds, methods=["GET"]),
        Route("/runder", open_round, methods=["POST"]),
        Route("/runder/{round}", round_home, methods=["GET"]),
        Route("/runder/{round}/import", import_page, methods=["GET"]),
        Route("/runder/{round}/import", import_files, methods=["POST"]),
        Route("/runder/{round}/indstilling", recommendation, methods=["GET"]),
        Route("/runder/{round}/indstilling", allocate, methods=["POST"]),
        Route("/runder/{round}/ansoegning/{application}", application_page, methods=["GET"]),
        Route("/runder/{round}/beslutning", decision, methods=["GET"]),
        Route("/runder/{round}/beslutning/aendring", add_override, methods=["POST"]),
        Route("/runder/{round}/beslutning/fjern", remove_override, methods=["POST"]),
        Route("/runder/{round}/beslutning/registrer", record, methods=["POST"]),
        Route("/runder/{round}/beslutning/genaabn", reopen, methods=["POST"]),
        Route("/runder/{round}/bedoemmelse", assessment, methods=["GET"]),
        Route("/runder/{round}/bedoemmelse", rate, methods=["POST"]),
        Route("/runder/{round}/scenarier", scenarios, methods=["GET"]),
        Route("/runder/{round}/dokumenter", documents, methods=["GET"]),
        Route("/runder/{round}/dokumenter/{name}", download, methods=["GET"]),
        Route("/runder/{round}/log", history, methods=["GET"]),
        Mount("/static", StaticFiles(packages=[("digipulje.web", "static")]), name="static"),
    ]
    routes += applicants.routes(db=db, page=page, render=render, round_page=round_page, lang_of=_lang_of)
    async def too_large(request: Request, exc: Exception) -> Response:
        # a body without Content-Length (chunked) found too large while a page read it
        return Response(_too_large_body(max_request_bytes), status_code=413, media_type="text/html; charset=utf-8",
                        headers={"connection": "close"})

    app = Starlette(routes=routes, exception_handlers={RequestTooLarge: too_large})
    app.state.users = users
    return SecurityHeaders(SameOrigin(BodyLimit(app, max_request_bytes)))


def _recommendation_event(summary: dict) -> int | None:
    recommendation = summary.get("recommendation")
    return recommendation["event"]["seq"] if recommendation and recommendation.get("event") else None


def _whole(value: Any) -> int | None:
    """A form's hidden whole number (an event, a version): None when absent or not one."""
    if isinstance(value, str) and 0 < len(value) <= 12 and value.isascii() and value.isdigit():
        return int(value)
    return None


def _iso(moment: float | None) -> str | None:
    if moment is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(moment))


_SAFE_PATH = re.compile(r"^/(?![/\\])[A-Za-z0-9/_.~%?=&-]*$")


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never another host after logging in (no "//", no backslash, no
    whitespace or control characters, which browsers drop before they read the address)."""
    if not target or not _SAFE_PATH.match(target):
        return "/"
    return target


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
