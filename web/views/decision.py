"""The decision: the chiefs' changes, the decision they give beside the recommendation, its
recording and its reopening. Every form carries the round's last event and the changes' version
it was made on, so that no change made meanwhile is lost."""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from digipulje.base.errors import DigipuljeError
from digipulje.messages import N_
from digipulje.web import pages, service
from digipulje.web.i18n import gettext
from digipulje.web.site import Site, iso, recommendation_event, whole
from digipulje.web.users import DraftChanged, Session


def routes(site: Site) -> list[Route]:
    db, users = site.db, site.users

    def decision_page(request: Request, session: Session, status: int = 200, errors: dict | None = None,
                      values: dict | None = None, conflict: str | None = None) -> HTMLResponse:
        """Beslutning: the recorded decision when there is one (with the chiefs' reopen form); else the
        chief's changes, the decision they give beside the recommendation, and the record form; its
        table sorted and filtered from the address, its chart and warnings (`web.pages`).
        Every form carries the round's last event and the changes' version it was made on."""
        round = request.path_params["round"]
        lang = site.lang_of(request, session)
        summary = service.round_summary(db, round, lang)
        draft = users.draft_state(round, session.user.name) if session.user.can("chef") else None
        overrides = draft.overrides if draft else []
        preview, preview_errors = None, []
        if summary["decision"] is None and summary["recommendation"] is not None and summary["recommendation_current"]:
            try:
                preview = service.decision_preview(db, round, overrides, lang, solver=site.solver)
            except service.ServiceError as error:
                preview_errors = list(error.lines)
        made_on = draft.recommendation_event if draft and draft.overrides else None
        remade = made_on is not None and made_on != recommendation_event(summary)
        shown = pages.decision_page(db, summary, preview, overrides, request.query_params,
                                    site.path_for("decision", round=round), lang)
        return site.round_page(request, "decision.html", status=status, summary=summary, draft=overrides, **shown,
                               draft_made_on=made_on if remade else None,
                               draft_version=draft.version if draft else 0, seen_event=summary["last_event"],
                               preview=preview, preview_errors=preview_errors, errors=errors or {},
                               values=values or {}, conflict=conflict,
                               reopened=request.query_params.get("genaabnet") == "1")

    def refused(request: Request, session: Session, error: DigipuljeError) -> HTMLResponse:
        """A change made on a page that is no longer the round or the changes as they are: nothing is
        saved; the page is shown again as things are now, saying who changed what."""
        lang = site.lang_of(request, session)
        if isinstance(error, DraftChanged):
            message = service.describe_draft_change(error.draft.change, iso(error.draft.changed_at), lang)
        elif isinstance(error, service.RoundChanged):
            message = service.describe_change(error, lang)
        else:
            message = " ".join(error.lines)
        return decision_page(request, session, status=409, conflict=message)

    def check_seen(round: str, form: FormData) -> None:
        seen = whole(form.get("seen_event"))
        if seen is not None:
            service.check_seen(db, round, seen)

    @site.page()
    def decision(request: Request, session: Session) -> Response:
        return decision_page(request, session)

    @site.page("chef", post=True)
    def add_override(request: Request, session: Session, form: FormData) -> Response:
        round = request.path_params["round"]
        summary = service.round_summary(db, round)
        if summary["decision"] is not None:
            return refused(request, session, DigipuljeError(gettext(site.lang_of(request, session))(
                N_("A decision is recorded: reopen it with a reason before changing it"))))
        values = {k: str(form.get(k, "")) for k in ("application", "action", "amount", "reason", "decided_by")}
        override, errors = service.validate_override(values, [a["id"] for a in summary["applications"]],
                                                     session.user.name)
        if errors:
            return decision_page(request, session, errors=errors, values=values)
        current = users.draft_state(round, session.user.name)
        version = whole(form.get("draft_version"))
        draft = [o for o in current.overrides if o["application"] != override["application"]]
        try:
            check_seen(round, form)
            if version is not None and version != current.version:
                raise DraftChanged(current)
            service.decision_preview(db, round, [*draft, override], solver=site.solver)
            change = {k: override.get(k) for k in ("application", "action", "amount_dkk")}
            users.save_draft(round, session.user.name, sorted([*draft, override], key=lambda o: o["application"]),
                             version=current.version, change=change,
                             recommendation_event=recommendation_event(summary))
        except (DraftChanged, service.RoundChanged) as error:
            return refused(request, session, error)
        except service.ServiceError as error:
            return decision_page(request, session, errors={"application": " ".join(error.lines)},
                                 values=values)
        return site.redirect("decision", fragment="resultat", round=round)

    @site.page("chef", post=True)
    def remove_override(request: Request, session: Session, form: FormData) -> Response:
        round = request.path_params["round"]
        application = str(form.get("application", ""))
        current = users.draft_state(round, session.user.name)
        version = whole(form.get("draft_version"))
        try:
            if version is not None and version != current.version:
                raise DraftChanged(current)
            users.save_draft(round, session.user.name,
                             [o for o in current.overrides if o["application"] != application],
                             version=current.version, change={"application": application, "removed": True},
                             recommendation_event=current.recommendation_event)
        except DraftChanged as error:
            return refused(request, session, error)
        return site.redirect("decision", round=round)

    @site.page("chef", post=True)
    def record(request: Request, session: Session, form: FormData) -> Response:
        round = request.path_params["round"]
        reason = str(form.get("decision_reason", "")).strip()
        if not reason:
            _ = gettext(site.lang_of(request, session))
            return decision_page(request, session, errors={
                "decision_reason": _("Give the reason for the decision, e.g. the meeting and agenda item")})
        current = users.draft_state(round, session.user.name)
        version = whole(form.get("draft_version"))
        try:
            if version is not None and version != current.version:
                raise DraftChanged(current)
            service.record_decision(db, round, current.overrides, reason, session.user.name, solver=site.solver,
                                    seen_event=whole(form.get("seen_event")))
        except (DraftChanged, service.RoundChanged, service.DecisionRecorded) as error:
            return refused(request, session, error)
        try:
            users.save_draft(round, session.user.name, [], version=current.version)
        except DraftChanged:
            pass  # a change made in another tab meanwhile stays in the changes, to be seen after a reopening
        return site.redirect("decision", query="registreret=1", round=round)

    @site.page("chef", post=True)
    def reopen(request: Request, session: Session, form: FormData) -> Response:
        """The chiefs set their recorded decision aside, with a reason, to record another; the
        reopening chief's changes start from the decision's."""
        round = request.path_params["round"]
        reason = str(form.get("reopen_reason", "")).strip()
        if not reason:
            _ = gettext(site.lang_of(request, session))
            return decision_page(request, session, errors={
                "reopen_reason": _("Give the reason for reopening the decision, e.g. the meeting and agenda item")})
        summary = service.round_summary(db, round)
        try:
            service.reopen_decision(db, round, session.user.name, reason, seen_event=whole(form.get("seen_event")))
        except service.RoundChanged as error:
            return refused(request, session, error)
        decided = summary["decision"] or {"overrides": [], "recommendation_event": None}
        users.save_draft(round, session.user.name,
                         [{k: v for k, v in o.items() if v is not None} for o in decided["overrides"]],
                         recommendation_event=decided["recommendation_event"])
        return site.redirect("decision", query="genaabnet=1", round=round)

    return [
        Route("/runder/{round}/beslutning", decision, methods=["GET"], name="decision"),
        Route("/runder/{round}/beslutning/aendring", add_override, methods=["POST"], name="add_override"),
        Route("/runder/{round}/beslutning/fjern", remove_override, methods=["POST"], name="remove_override"),
        Route("/runder/{round}/beslutning/registrer", record, methods=["POST"], name="record_decision"),
        Route("/runder/{round}/beslutning/genaabn", reopen, methods=["POST"], name="reopen_decision"),
    ]
