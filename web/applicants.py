"""The departments' pages: the call, the application in the browser, the head's approval, the
secretariat's screening, the outcome and each user's inbox.

The steps themselves (drafts, submissions, approvals, rejections, attachments, the log's events)
are `rounds.submissions`; this module parses the request, checks who may do what, calls it and
renders. Roles are checked on the server for every action: an applicant (`ansøger`) sees and
changes only their own department's applications, and only while they are drafts or sent back; a
head of department (`afdelingschef`) approves or sends back only their own department's; the
secretariat screens approved applications; the council and the chiefs read approved ones.
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from digipulje.base.errors import InputError
from digipulje.messages import N_
from digipulje.rounds import submissions
from digipulje.rounds.submissions import Submission
from digipulje.web import mail, service
from digipulje.web.i18n import gettext
from digipulje.web.site import disposition
from digipulje.web.users import Session, UserStore

# The roles that read an application once it has reached the council.
COUNCIL_ROLES = ("sekretariat", "bedømmer", "chef", "læser")


def field_name(key: str) -> str:
    """A question's key as a form field and an HTML id (no colons): "note:spread" -> "note-spread"."""
    return key.replace(":", "-")


def answers_of(form: FormData) -> dict[str, str]:
    return {key: str(form.get(field_name(key), "") or "") for key in submissions.APPLICANT_KEYS}


def can_see(session: Session, submission: Submission) -> bool:
    user = session.user
    own = bool(user.department) and submission.department == user.department
    if own and (user.can("ansøger") or user.can("afdelingschef")):
        return True
    return submission.state in ("approved", "rejected") and any(user.can(r) for r in COUNCIL_ROLES)


def can_edit(session: Session, submission: Submission) -> bool:
    user = session.user
    return user.can("ansøger") and submission.department == user.department and submission.editable


def routes(*, db: Path, page: Callable, render: Callable, round_page: Callable, lang_of: Callable) -> list[Route]:
    """The departments' routes, with the app's own login, CSRF and role checks (`page`)."""

    mail_settings = mail.MailSettings.from_environment()
    # The municipality's IT-system overview, when the configuration names an export of it.
    kitos_export = os.environ.get("DIGIPULJE_KITOS", "").strip()

    def tell(step: str, submission: Submission, reason: str | None = None) -> None:
        """E-mail about a step, when an SMTP server is configured (`web.mail`)."""
        if mail_settings is not None:
            title = submission.title or (submission.answers.get("title") or "")
            mail.notify(mail_settings, db, UserStore(db).list(), step, submission.round, submission.id,
                        submission.department, title, reason)

    def url(round: str, *parts: str) -> str:
        return "/".join([f"/runder/{urllib.parse.quote(round)}/ansoegninger", *(urllib.parse.quote(p) for p in parts)])

    def not_theirs(request: Request) -> HTMLResponse:
        return render(request, "apply_forbidden.html", status=403)

    def call_values(round: str, lang: str) -> dict[str, Any]:
        summary = service.round_summary(db, round, lang)
        deadline = summary["pool"]["deadline"]
        return {"deadline": deadline, "deadline_text": submissions.format_date(deadline, lang) if deadline else "",
                "closed": submissions.deadline_passed(deadline), "summary": summary}

    # --- the call -------------------------------------------------------------------------------

    @page()
    def call(request: Request, session: Session) -> Response:
        round = request.path_params["round"]
        lang = lang_of(request, session)
        values = call_values(round, lang)
        from digipulje.rounds.submissions import principle_guidance

        labels = submissions.question_labels()
        return round_page(request, "apply_call.html", summary=values.pop("summary"), principles=principle_guidance(),
                          labels=labels, **values)

    # --- the list and a new draft -----------------------------------------------------------------

    def list_page(request: Request, session: Session, status: int = 200, error: str | None = None) -> HTMLResponse:
        round = request.path_params["round"]
        lang = lang_of(request, session)
        values = call_values(round, lang)
        user = session.user
        everything = submissions.read_submissions(db, round)
        mine = [s for s in everything if can_see(session, s)]
        in_progress = {}
        if user.can("sekretariat"):
            for s in everything:
                if s.state in ("draft", "submitted", "sent_back"):
                    in_progress[s.department] = in_progress.get(s.department, 0) + 1
        return round_page(request, "apply_list.html", status=status, summary=values.pop("summary"), shown=mine,
                          in_progress=sorted(in_progress.items()), error=error,
                          state_label=submissions.state_label, **values)

    @page()
    def application_list(request: Request, session: Session) -> Response:
        return list_page(request, session)

    @page("ansøger", post=True)
    def new_application(request: Request, session: Session, form: FormData) -> Response:
        round = request.path_params["round"]
        id_ = submissions.create_draft(db, round, session.user.department or "", session.user.name)
        return RedirectResponse(url(round, id_), status_code=303)

    # --- one application ----------------------------------------------------------------------------

    def application_page(request: Request, session: Session, submission: Submission, status: int = 200,
                         errors: dict[str, str] | None = None, answers: dict[str, str] | None = None,
                         notice: str | None = None, screening: dict[str, str] | None = None) -> HTMLResponse:
        round = submission.round
        lang = lang_of(request, session)
        values = call_values(round, lang)
        summary = values.pop("summary")
        outcome = None
        decision = summary["decision"]
        if decision is not None and submission.state in ("approved", "rejected"):
            outcome = next((r for r in decision["rows"] if r["id"] == submission.id), None)
        _ = gettext(lang)
        labels = {**submissions.question_labels(), "attachments": _("Attachments"), "comment": _("Comment"),
                  "verdict": _("The council's verdict"), "screen_reason": _("Reason")}
        errors = errors or {}
        return round_page(
            request, "apply_application.html", status=status, summary=summary, s=submission,
            answers=answers if answers is not None else submission.answers,
            sections=submissions.applicant_sections(), labels=labels, field_name=field_name, errors=errors,
            error_labels={field_name(k): labels.get(k, k) for k in errors},
            field_errors={field_name(k): m for k, m in errors.items()},
            editable=can_edit(session, submission),
            may_approve=session.user.can("afdelingschef") and session.user.department == submission.department
            and submission.state == "submitted",
            may_screen=session.user.can("sekretariat") and submission.state == "approved",
            screening=screening or {}, verdict_label=submissions.verdict_label,
            outcome=outcome, notice=notice, state_label=submissions.state_label, step_label=submissions.step_label,
            megabytes=submissions.format_megabytes, limits={"count": submissions.MAX_ATTACHMENTS,
                                                           "mb": submissions.MAX_ATTACHMENT_BYTES // 1048576},
            resubmission=submission.first_submitted is not None,
            kitos=submissions.kitos_hints(answers if answers is not None else submission.answers, submission.id,
                                          submission.department, Path(kitos_export), lang) if kitos_export else None,
            **values)

    def find(request: Request, session: Session) -> tuple[Submission | None, Response | None]:
        round, id_ = request.path_params["round"], request.path_params["application"]
        found = [s for s in submissions.read_submissions(db, round) if s.id == id_]
        if not found:
            _ = gettext(lang_of(request, session))
            return None, render(request, "error.html", status=404, lines=[
                _("there is no application '{application}' made in the browser in round {round}",
                  application=id_, round=round)])
        submission = found[0]
        if not can_see(session, submission):
            return None, not_theirs(request)
        return submission, None

    @page()
    def application(request: Request, session: Session) -> Response:
        submission, refusal = find(request, session)
        if refusal:
            return refusal
        notice = {"gemt": "saved", "indsendt": "submitted", "bilag": "attached"}.get(
            request.query_params.get("besked", ""))
        return application_page(request, session, submission, notice=notice)

    @page("ansøger", post=True)
    def save(request: Request, session: Session, form: FormData) -> Response:
        submission, refusal = find(request, session)
        if refusal:
            return refusal
        if not can_edit(session, submission):
            return not_theirs(request)
        round, id_ = submission.round, submission.id
        answers = answers_of(form)
        if form.get("action") == "submit":
            _event, errors = submissions.submit(db, round, id_, answers, session.user.name)
            if errors:
                return application_page(request, session, submissions.read_submission(db, round, id_),
                                        errors=errors, answers=answers)
            tell("submitted", submissions.read_submission(db, round, id_))
            return RedirectResponse(url(round, id_) + "?besked=indsendt", status_code=303)
        errors = submissions.save_draft(db, round, id_, answers, session.user.name)
        if errors:
            return application_page(request, session, submission, errors=errors, answers=answers)
        return RedirectResponse(url(round, id_) + "?besked=gemt", status_code=303)

    @page("ansøger", post=True)
    async def attach(request: Request, session: Session, form: FormData) -> Response:
        from starlette.concurrency import run_in_threadpool

        submission, refusal = await run_in_threadpool(find, request, session)
        if refusal:
            return refusal
        if not can_edit(session, submission):
            return not_theirs(request)
        files = [f for f in form.getlist("attachments") if isinstance(f, UploadFile) and (f.filename or f.size)]
        problems: list[str] = []
        if not files:
            problems.append(gettext(lang_of(request, session))(N_("Choose a PDF or Office file to attach")))
        for upload in files:
            data = await upload.read(submissions.MAX_ATTACHMENT_BYTES + 1)
            try:
                await run_in_threadpool(submissions.add_attachment, db, submission.round, submission.id,
                                        upload.filename or "", data, session.user.name)
            except InputError as error:
                problems += list(error.lines)
        if problems:
            fresh = await run_in_threadpool(submissions.read_submission, db, submission.round, submission.id)
            return await run_in_threadpool(lambda: application_page(
                request, session, fresh, errors={"attachments": " ".join(problems)}))
        return RedirectResponse(url(submission.round, submission.id) + "?besked=bilag#bilag", status_code=303)

    @page("ansøger", post=True)
    def detach(request: Request, session: Session, form: FormData) -> Response:
        submission, refusal = find(request, session)
        if refusal:
            return refusal
        if not can_edit(session, submission):
            return not_theirs(request)
        seq = str(form.get("attachment", ""))
        if seq.isdigit():
            submissions.remove_attachment(db, submission.round, submission.id, int(seq))
        return RedirectResponse(url(submission.round, submission.id) + "#bilag", status_code=303)

    @page()
    def download(request: Request, session: Session) -> Response:
        submission, refusal = find(request, session)
        if refusal:
            return refusal
        seq = request.path_params["attachment"]
        if not seq.isdigit():
            return render(request, "error.html", status=404, lines=[seq])
        attachment, data = submissions.read_attachment(db, submission.round, submission.id, int(seq))
        headers = {
            "Content-Disposition": disposition("attachment", attachment.name),
            "Content-Security-Policy": "default-src 'none'; sandbox",
        }
        return Response(data, media_type=attachment.media, headers=headers)

    # --- the head's approval and the secretariat's screening ----------------------------------------

    @page("afdelingschef", post=True)
    def approve(request: Request, session: Session, form: FormData) -> Response:
        submission, refusal = find(request, session)
        if refusal:
            return refusal
        if submission.department != session.user.department:
            return not_theirs(request)
        submissions.approve(db, submission.round, submission.id, session.user.name, session.user.department or "")
        tell("approved", submission)
        return RedirectResponse(url(submission.round, submission.id), status_code=303)

    @page("afdelingschef", post=True)
    def send_back(request: Request, session: Session, form: FormData) -> Response:
        submission, refusal = find(request, session)
        if refusal:
            return refusal
        if submission.department != session.user.department:
            return not_theirs(request)
        comment = str(form.get("comment", ""))
        if not comment.strip():
            _ = gettext(lang_of(request, session))
            return application_page(request, session, submission,
                                    errors={"comment": _("Say what the applicant should fix")})
        submissions.send_back(db, submission.round, submission.id, comment, session.user.name,
                              session.user.department or "")
        tell("sent_back", submission, " ".join(comment.split()))
        return RedirectResponse(url(submission.round, submission.id), status_code=303)

    @page("sekretariat", post=True)
    def screen(request: Request, session: Session, form: FormData) -> Response:
        submission, refusal = find(request, session)
        if refusal:
            return refusal
        verdict, reason = str(form.get("verdict", "")), str(form.get("screen_reason", ""))
        _ = gettext(lang_of(request, session))
        if verdict not in ("eligible", "not_recommended", "rejected"):
            errors = {"verdict": _("Choose the council's verdict")}
        elif verdict != "eligible" and not reason.strip():
            errors = {"screen_reason": _("Give the reason for the verdict")}
        else:
            submissions.screen(db, submission.round, submission.id, verdict, reason, session.user.name)
            tell("rejected" if verdict == "rejected" else "screened", submission, " ".join(reason.split()) or None)
            return RedirectResponse(url(submission.round, submission.id), status_code=303)
        return application_page(request, session, submission, errors=errors,
                                screening={"verdict": verdict, "reason": reason})

    # --- the inbox ----------------------------------------------------------------------------------

    @page()
    def inbox(request: Request, session: Session) -> Response:
        notices = submissions.inbox(db, session.user.roles, session.user.department)
        return render(request, "apply_inbox.html", notices=notices, step_label=submissions.step_label,
                      link=lambda n: url(n.round, n.application))

    return [
        Route("/indbakke", inbox, methods=["GET"], name="inbox"),
        Route("/runder/{round}/opslag", call, methods=["GET"], name="call"),
        Route("/runder/{round}/ansoegninger", application_list, methods=["GET"], name="application_list"),
        Route("/runder/{round}/ansoegninger", new_application, methods=["POST"], name="new_application"),
        Route("/runder/{round}/ansoegninger/{application}", application, methods=["GET"], name="application"),
        Route("/runder/{round}/ansoegninger/{application}", save, methods=["POST"], name="save_application"),
        Route("/runder/{round}/ansoegninger/{application}/bilag", attach, methods=["POST"], name="attach"),
        Route("/runder/{round}/ansoegninger/{application}/bilag/fjern", detach, methods=["POST"], name="detach"),
        Route("/runder/{round}/ansoegninger/{application}/bilag/{attachment}", download, methods=["GET"],
              name="attachment"),
        Route("/runder/{round}/ansoegninger/{application}/godkend", approve, methods=["POST"], name="approve"),
        Route("/runder/{round}/ansoegninger/{application}/send-tilbage", send_back, methods=["POST"], name="send_back"),
        Route("/runder/{round}/ansoegninger/{application}/screening", screen, methods=["POST"], name="screen"),
    ]
