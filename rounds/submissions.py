"""Applications made in the browser: the department's draft, its submission, the department head's
approval, and the secretariat's screening; each step an event in the round's hash-chained log.

    draft ──submit──► submitted ──approve──► approved (in the round) ──screen──► rejected
      ▲                   │
      └── resubmit ◄── sent back (with the head's comment)

A draft is the department's own until it is submitted: its answers live in a table of their own
(`apply_drafts`) beside the log, like the web's users. Every step after that is logged
(`Kind.SUBMISSION`, the step in its payload): the submission carries the answers, the application
as read and the attachments' SHA-256; a send-back carries the head's comment as its reason. An
approval is logged together with an `IMPORT` event holding the application with the head's
approval, exactly as an imported form's application: from then on it is one of the round's
applications and reaches the council. The secretariat's screening records the council's verdict
(eligible, not recommended, or rejected administratively, with a reason): the application is
replaced by itself with that verdict (an `IMPORT` replacing it and an `ASSESSMENT` or `REJECTION`
event, as an imported sheet with a verdict logs them); a rejection ends its way.

The answers are read by the structured form's reader (`applications.form.parse_form`): the same
cell parsing, rules and messages as a filled `.xlsx` form, and the same `Application`.

Attachments (PDF and Office files) are checked by their content, not their name: a PDF starts
with `%PDF-`; an Office file is an OOXML package of the kind its name says, without macros,
within the zip limits of `applications.safety` (a zip bomb is refused from its directory, before
anything is unpacked). They are stored in the round database (`apply_attachments`) with their
SHA-256, which the submission event holds: a file changed in the database is refused on download.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import sqlite3
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digipulje.applications.form import QUESTIONS, parse_form, sections
from digipulje.applications.guidance import APPLICANT_KEYS, applicant_sections, principle_guidance
from digipulje.applications.model import Application, Verdict
from digipulje.applications import safety
from digipulje.base.errors import InputError
from digipulje.base.money import decimal_mark
from digipulje.messages import _, current_language
from digipulje.rounds.log import Clock, Event, Kind, append_event, read_events, require_intact, utc_now
from digipulje.rounds.rounds import RoundState, read_round
from digipulje.rounds.store import RoundStore, RoundStoreError

__all__ = [
    "APPLICANT_KEYS", "applicant_sections", "format_date", "format_megabytes", "principle_guidance",
    "question_labels", "state_label", "step_label", "verdict_label",
    "Attachment", "MAX_ANSWER_CHARS", "MAX_ATTACHMENTS", "MAX_ATTACHMENT_BYTES", "STATES", "Step", "Submission",
    "add_attachment", "approve", "build_application", "create_draft", "deadline_passed", "describe_step",
    "inbox", "kitos_hints", "read_attachment", "read_submission", "read_submissions", "remove_attachment", "screen",
    "save_draft", "send_back", "submit", "today",
]

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024  # one attachment: a scanned quote or a slide deck fits
MAX_ATTACHMENTS = 10  # per application
MAX_ATTACHMENTS_TOTAL_BYTES = 30 * 1024 * 1024
MAX_ANSWER_CHARS = 32_767  # Excel's own limit for a cell, as the form's reader has it
MAX_ATTACHMENT_ENTRIES = 2_000  # parts of an Office file
ID_PREFIX = "W"  # applications made in the browser: W1, W2, ... in each round

STATES = ("draft", "submitted", "sent_back", "approved", "rejected")
EDITABLE = ("draft", "sent_back")

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS apply_drafts (
        round TEXT NOT NULL, id TEXT NOT NULL, department TEXT NOT NULL, answers TEXT NOT NULL,
        created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        PRIMARY KEY (round, id))""",
    """CREATE TABLE IF NOT EXISTS apply_attachments (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, round TEXT NOT NULL, application TEXT NOT NULL,
        name TEXT NOT NULL, media TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL,
        data BLOB NOT NULL, added_by TEXT NOT NULL, added_at TEXT NOT NULL)""",
)


def today() -> dt.date:
    """Today in Denmark: a deadline is a Danish calendar day."""
    try:
        from zoneinfo import ZoneInfo

        return dt.datetime.now(ZoneInfo("Europe/Copenhagen")).date()
    except Exception:  # no time-zone data on this machine: UTC is at most two hours off
        return dt.datetime.now(dt.timezone.utc).date()


def deadline_passed(deadline: dt.date | None, day: dt.date | None = None) -> bool:
    """Applications are accepted until the end of the pool's deadline (a round without one is open)."""
    return deadline is not None and (day or today()) > deadline


# --- what the pages show --------------------------------------------------------------------

@dataclass(frozen=True)
class Attachment:
    seq: int
    name: str
    media: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Step:
    """One logged step of an application: the event, the step's name, who and why."""

    seq: int
    at: str
    actor: str
    step: str
    reason: str | None


@dataclass(frozen=True)
class Submission:
    """One application made in the browser, as it stands: its answers (as typed), its state, its
    logged steps, its attachments, and the application as read once it was submitted."""

    round: str
    id: str
    department: str
    state: str
    answers: dict[str, str]
    created_by: str
    steps: tuple[Step, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    application: Application | None = None
    first_submitted: int | None = None  # the event of its first submission
    comment: str | None = None  # the head's comment when it was sent back, or the rejection's reason
    verdict: str | None = None  # the council's verdict recorded at the screening

    @property
    def title(self) -> str:
        return (self.answers.get("title") or "").strip() or (self.application.title if self.application else "")

    @property
    def editable(self) -> bool:
        return self.state in EDITABLE


def _tables(store: RoundStore) -> None:
    with store.busy_guard():
        for statement in _SCHEMA:
            store.connection.execute(statement)


def _open(path: Path) -> RoundStore:
    store = RoundStore.open(path)
    _tables(store)
    return store


def _submission_events(events: Sequence[Event]) -> dict[str, list[Event]]:
    by_id: dict[str, list[Event]] = {}
    for event in events:
        if event.kind is Kind.SUBMISSION:
            by_id.setdefault(event.payload["application"], []).append(event)
    return by_id


def _state_of(events: Sequence[Event]) -> str:
    return {"submitted": "submitted", "sent_back": "sent_back", "approved": "approved", "screened": "approved",
            "rejected": "rejected"}[events[-1].payload["step"]] if events else "draft"


def _read(store: RoundStore, round: str, events: Sequence[Event] | None = None) -> list[Submission]:
    if events is None:
        read_round(store, round)  # the round exists and its log is intact
        events = read_events(store, round)
    steps_of = _submission_events(events)
    with store.busy_guard():
        drafts = store.connection.execute(
            "SELECT id, department, answers, created_by FROM apply_drafts WHERE round = ? ORDER BY created_at, id",
            (round,)).fetchall()
        files = store.connection.execute(
            "SELECT seq, application, name, media, size, sha256 FROM apply_attachments WHERE round = ? ORDER BY seq",
            (round,)).fetchall()
    attachments: dict[str, list[Attachment]] = {}
    for seq, application, name, media, size, sha in files:
        attachments.setdefault(application, []).append(Attachment(seq, name, media, size, sha))
    out = []
    for id_, department, answers, created_by in drafts:
        logged = steps_of.get(id_, [])
        submitted = [e for e in logged if e.payload["step"] == "submitted"]
        application = None
        if submitted:
            application = Application.model_validate(submitted[-1].payload["application_data"])
        approved = [e for e in logged if e.payload["step"] == "approved"]
        if approved:
            application = Application.model_validate(approved[-1].payload["application_data"])
        state = _state_of(logged)
        comment = logged[-1].reason if logged and logged[-1].payload["step"] in ("sent_back", "screened",
                                                                                 "rejected") else None
        verdicts = [e for e in logged if "verdict" in e.payload]
        out.append(Submission(
            round=round, id=id_, department=department, state=state, answers=json.loads(answers),
            created_by=created_by,
            steps=tuple(Step(e.seq, e.at, e.actor, e.payload["step"], e.reason) for e in logged),
            attachments=tuple(attachments.get(id_, ())), application=application,
            first_submitted=submitted[0].seq if submitted else None, comment=comment,
            verdict=verdicts[-1].payload["verdict"] if verdicts else None))
    return out


def read_submissions(path: Path, round: str, department: str | None = None) -> list[Submission]:
    """The round's applications made in the browser (one department's, when given)."""
    with _open(path) as store:
        found = _read(store, round)
    return [s for s in found if department is None or s.department == department]


def read_submission(path: Path, round: str, id: str) -> Submission:
    with _open(path) as store:
        return _one(store, round, id)


def _one(store: RoundStore, round: str, id: str, events: Sequence[Event] | None = None) -> Submission:
    for submission in _read(store, round, events):
        if submission.id == id:
            return submission
    raise RoundStoreError(_("there is no application '{application}' made in the browser in round {round}",
                            application=id, round=round))


# --- the department's draft -----------------------------------------------------------------

def create_draft(path: Path, round: str, department: str, actor: str, day: dt.date | None = None) -> str:
    """A new, empty draft for `department`; its id (W1, W2, ...) is the next free in the round."""
    if not department.strip():
        raise RoundStoreError(_("an application is made for a department: the user has none"))
    with _open(path) as store:
        with store.transaction():
            state = read_round(store, round)
            if deadline_passed(state.pool.deadline, day):
                raise RoundStoreError(_deadline_text(state))
            taken = {r[0] for r in store.connection.execute(
                "SELECT id FROM apply_drafts WHERE round = ?", (round,))} | set(state.applications)
            n = 1
            while f"{ID_PREFIX}{n}" in taken:
                n += 1
            id_ = f"{ID_PREFIX}{n}"
            now = utc_now()
            store.connection.execute(
                "INSERT INTO apply_drafts (round, id, department, answers, created_by, created_at, updated_at) "
                "VALUES (?, ?, ?, '{}', ?, ?, ?)", (round, id_, department, actor, now, now))
    return id_


_MONTHS = {"da": ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
                  "november", "december"),
           "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December")}


def format_date(day: dt.date, lang: str = "da") -> str:
    """A deadline as people write it: "1. april 2026", "1 April 2026"."""
    if lang == "da":
        return f"{day.day}. {_MONTHS['da'][day.month - 1]} {day.year}"
    return f"{day.day} {_MONTHS['en'][day.month - 1]} {day.year}"


def _deadline_text(state: RoundState) -> str:
    return _("the deadline of round {round} was {deadline}: applications are no longer accepted",
             round=state.round, deadline=format_date(state.pool.deadline, current_language()))


def clean_answers(answers: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The applicant's answers as typed (only the form's questions), and any too long to keep."""
    kept, problems = {}, {}
    for key in APPLICANT_KEYS:
        value = str(answers.get(key, "") or "").replace("\r\n", "\n").strip()
        if len(value) > MAX_ANSWER_CHARS:
            problems[key] = _("the answer is {count} characters, more than the {most} a form's cell holds: "
                              "shorten it, or attach a document", count=len(value), most=MAX_ANSWER_CHARS)
        elif value:
            kept[key] = value
    return kept, problems


def save_draft(path: Path, round: str, id: str, answers: Mapping[str, str], actor: str) -> dict[str, str]:
    """Stores the answers as typed, whatever they hold: a draft is saved at any time. Returns the
    answers too long to keep (nothing is stored then)."""
    kept, problems = clean_answers(answers)
    if problems:
        return problems
    with _open(path) as store:
        with store.transaction():
            submission = _one(store, round, id)
            if not submission.editable:
                raise RoundStoreError(_not_editable(submission))
            store.connection.execute(
                "UPDATE apply_drafts SET answers = ?, updated_at = ? WHERE round = ? AND id = ?",
                (json.dumps(kept, ensure_ascii=False, sort_keys=True), utc_now(), round, id))
    return {}


def _not_editable(submission: Submission) -> str:
    return _("application {application} is {state} and can no longer be changed",
             application=submission.id, state=state_label(submission.state))


def state_label(state: str) -> str:
    return {"draft": _("a draft"), "submitted": _("submitted to the department head"),
            "sent_back": _("sent back to the applicant"), "approved": _("approved and with the council"),
            "rejected": _("rejected by the secretariat")}[state]


def build_application(answers: Mapping[str, str], id: str, department: str, approved_by: str | None = None,
                      approved_on: dt.date | None = None) -> tuple[Application | None, dict[str, str]]:
    """The application in the answers, read as a filled form is read (`applications.form`): the
    same cells, rules and messages. Returns it, or the problems by question key."""
    given = {key: answers.get(key, "") for key in APPLICANT_KEYS}
    given.update({"id": id, "department": department})
    if approved_by:
        given.update({"approved_by": approved_by, "approved_on": (approved_on or today()).isoformat()})
    rows = [[key, question.label, given.get(key, "")] for key, question in QUESTIONS.items()]
    key_of_row = {n: key for n, key in enumerate(QUESTIONS, start=1)}
    key_of_label = {question.label: key for key, question in QUESTIONS.items()}
    found, problems = parse_form(rows, file=id, sheet=None)
    errors: dict[str, str] = {}
    for problem in problems:
        if problem.severity != "error":
            continue  # "not approved by the department head": approving is the head's own step
        key = key_of_row.get(problem.row) or key_of_label.get(problem.column or "") or "form"
        errors.setdefault(key, problem.message)
    if errors or not found:
        return None, errors or {"form": _("the application cannot be read")}
    return found[0].application, {}


# Questions the KITOS hints read: what the application names, who applies, and what it is about.
_KITOS_KEYS = ("title", "unit", "systems", "kle_codes", "other_departments")
_kitos_cache: dict[tuple[str, float, int], Any] = {}


def kitos_hints(answers: Mapping[str, str], id: str, department: str, export: Path,
                lang: str = "da") -> list[str]:
    """What the municipality's IT-system overview (a KITOS export, `applications.kitos`) says of the
    systems and the task an application names, as `digipulje kitos check` says it. A draft is read
    for what it names even while other answers are missing; an answer that cannot be read is left
    out. An export that cannot be read gives no hints (and says so on the server's error output)."""
    import sys

    from digipulje.applications.kitos import read_kitos
    from digipulje.applications.kitos_hints import screening_hints

    try:
        stat = export.stat()
        key = (str(export.resolve()), stat.st_mtime, stat.st_size)
        if key not in _kitos_cache:
            _kitos_cache.clear()
            _kitos_cache[key] = read_kitos(export)
        usages = _kitos_cache[key].usages
    except (OSError, InputError) as error:
        print(f"digipulje: the KITOS export {export} cannot be read: {error}", file=sys.stderr)
        return []
    named = {k: answers[k] for k in _KITOS_KEYS if answers.get(k, "").strip()}
    named.setdefault("title", id)
    application, errors = build_application({**named, "requested_dkk": "1"}, id, department)
    if application is None:  # leave out what cannot be read, and read the rest
        application, _errors = build_application(
            {**{k: v for k, v in named.items() if k not in errors}, "requested_dkk": "1"}, id, department)
    if application is None:
        return []
    return [hint.text(lang) for hint in screening_hints(application, usages, today())]


# --- the steps, each logged ---------------------------------------------------------------------

def submit(path: Path, round: str, id: str, answers: Mapping[str, str], actor: str,
           day: dt.date | None = None, clock: Clock = utc_now) -> tuple[Event | None, dict[str, str]]:
    """Saves the answers and submits the application to the department head: refused after the
    deadline (a resubmission of an application sent back is a fix, accepted after it), and when
    the answers do not read as an application. A refusal keeps the answers as a draft and returns
    the problems by question ("form" for the application as a whole)."""
    kept, problems = clean_answers(answers)
    if problems:
        return None, problems
    with _open(path) as store:
        with store.transaction():
            state = read_round(store, round)
            submission = _one(store, round, id)
            if not submission.editable:
                raise RoundStoreError(_not_editable(submission))
            store.connection.execute(
                "UPDATE apply_drafts SET answers = ?, updated_at = ? WHERE round = ? AND id = ?",
                (json.dumps(kept, ensure_ascii=False, sort_keys=True), utc_now(), round, id))
            if submission.first_submitted is None and deadline_passed(state.pool.deadline, day):
                return None, {"form": _deadline_text(state)}  # the answers are kept as a draft
            application, errors = build_application(kept, id, submission.department)
            if errors:
                return None, errors  # the answers are kept as a draft
            event = append_event(store, round, Kind.SUBMISSION, actor, {
                "application": id, "department": submission.department, "step": "submitted",
                "answers": kept, "application_data": application.model_dump(mode="json"),
                "attachments": [{"name": a.name, "media": a.media, "bytes": a.size, "sha256": a.sha256}
                                for a in submission.attachments],
            }, clock=clock)
    return event, {}


def send_back(path: Path, round: str, id: str, comment: str, actor: str, department: str,
              clock: Clock = utc_now) -> Event:
    """The head sends a submitted application back to the applicant, saying what to fix."""
    comment = " ".join(comment.split())
    if not comment:
        raise InputError(_("say what the applicant should fix"))
    with _open(path) as store:
        with store.transaction():
            submission = _for_head(store, round, id, department)
            return append_event(store, round, Kind.SUBMISSION, actor, {
                "application": id, "department": submission.department, "step": "sent_back"},
                reason=comment, clock=clock)


def _for_head(store: RoundStore, round: str, id: str, department: str) -> Submission:
    submission = _one(store, round, id)
    if submission.department != department:
        raise RoundStoreError(_("application {application} is from {department}: a department head approves only "
                                "their own department's applications", application=id,
                                department=submission.department))
    if submission.state != "submitted":
        raise RoundStoreError(_("application {application} is {state}: only a submitted application is approved "
                                "or sent back", application=id, state=state_label(submission.state)))
    return submission


def approve(path: Path, round: str, id: str, actor: str, department: str, head_name: str | None = None,
            day: dt.date | None = None, clock: Clock = utc_now) -> Event:
    """The head approves: the application, with the head's approval, becomes one of the round's
    applications, logged as an import of it (as an imported form's), and reaches the council."""
    with _open(path) as store:
        with store.transaction():
            state = read_round(store, round)
            submission = _for_head(store, round, id, department)
            answers = _submitted_answers(store, round, id)
            application, errors = build_application(answers, id, submission.department,
                                                     approved_by=head_name or actor, approved_on=day or today())
            if application is None:  # the rules changed since it was submitted: it goes back
                raise RoundStoreError(*errors.values())
            if id in state.applications:
                raise RoundStoreError(_("application {application} is already in round {round}", application=id,
                                        round=round))
            data = application.model_dump(mode="json")
            approved = append_event(store, round, Kind.SUBMISSION, actor, {
                "application": id, "department": submission.department, "step": "approved",
                "approved_by": application.approval.name, "application_data": data}, clock=clock)
            _import(store, round, application, actor, approved.seq, replaced=False, clock=clock)
            return approved


def _submitted_answers(store: RoundStore, round: str, id: str) -> dict[str, str]:
    events = [e for e in read_events(store, round)
              if e.kind is Kind.SUBMISSION and e.payload["application"] == id and e.payload["step"] == "submitted"]
    return dict(events[-1].payload["answers"])


def _import(store: RoundStore, round: str, application: Application, actor: str, step_event: int,
            replaced: bool, reason: str | None = None, clock: Clock = utc_now) -> Event:
    data = application.model_dump(mode="json")
    text = json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")
    source = {"file": _("application {application} from the browser (event {seq})", application=application.id,
                        seq=step_event),
              "sha256": "sha256:" + hashlib.sha256(text).hexdigest(), "bytes": len(text),
              "applications": [application.id]}
    imported = append_event(store, round, Kind.IMPORT, actor, {
        "sources": [source], "applications": [data], "replaced": [application.id] if replaced else []},
        reason=reason, clock=clock)
    if application.assessment is not None:
        kind = Kind.REJECTION if application.assessment.verdict is Verdict.REJECTED else Kind.ASSESSMENT
        append_event(store, round, kind, actor, {
            "application": application.id, "verdict": application.assessment.verdict.value,
            "ratings": application.ratings.model_dump(mode="json"), "import_event": imported.seq,
        }, reason=application.assessment.reason, clock=clock)
    return imported


def screen(path: Path, round: str, id: str, verdict: str, reason: str, actor: str,
           clock: Clock = utc_now) -> Event:
    """The screening of an approved application, recorded by the secretariat for the IT project
    council (principle 5): eligible (the council's ratings then score it), not recommended, or
    rejected administratively; the last two with a reason, shown in the memo. The application
    stays in the round with the verdict, logged as an imported sheet's verdict is (an `IMPORT`
    replacing it, then an `ASSESSMENT` or a `REJECTION`). A rejection is final; another verdict
    may be recorded again while the application is approved."""
    try:
        chosen = Verdict(verdict)
    except ValueError:
        raise InputError(_("choose eligible, not recommended or rejected")) from None
    reason = " ".join(reason.split())
    if chosen is not Verdict.ELIGIBLE and not reason:
        raise InputError(_("give the reason for the verdict"))
    with _open(path) as store:
        with store.transaction():
            state = read_round(store, round)
            submission = _one(store, round, id)
            if submission.state != "approved" or id not in state.applications:
                raise RoundStoreError(_("application {application} is {state}: the secretariat screens approved "
                                        "applications", application=id, state=state_label(submission.state)))
            current = state.applications[id]
            screened = Application.model_validate({
                **current.model_dump(), "assessment": {"verdict": chosen.value, "reason": reason or None}})
            step = append_event(store, round, Kind.SUBMISSION, actor, {
                "application": id, "department": submission.department,
                "step": "rejected" if chosen is Verdict.REJECTED else "screened", "verdict": chosen.value},
                reason=reason or None, clock=clock)
            _import(store, round, screened, actor, step.seq, replaced=True, reason=reason or None, clock=clock)
            return step


# --- attachments --------------------------------------------------------------------------------

_OOXML = {  # the extension, the part that makes it that kind of file, and its media type
    ".docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pptx": ("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}
ATTACHMENT_SUFFIXES = (".pdf", *_OOXML)


def display_name(name: str) -> str:
    """The browser's file name, fit to show: its last part, no control characters, at most 120."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    return base[:120] or _("file")


def sniff_attachment(name: str, data: bytes) -> str:
    """The media type of an attachment, read from its content; an `InputError` saying why not."""
    shown = display_name(name)
    suffix = Path(shown).suffix.lower()
    if suffix not in ATTACHMENT_SUFFIXES:
        raise InputError(_("{file}: attach PDF or Office files (.pdf, .docx, .xlsx, .pptx)", file=shown))
    if not data:
        raise InputError(_("{file}: the file is empty", file=shown))
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InputError(_("{file}: the file is {size} MB, more than the {most} MB an attachment may be",
                           file=shown, size=_megabytes(len(data)), most=_megabytes(MAX_ATTACHMENT_BYTES)))
    if suffix == ".pdf":
        if not data[:1024].lstrip(b"\x00\t\r\n ").startswith(b"%PDF-"):
            raise InputError(_("{file}: the file is not a PDF, whatever its name says: save or print it as PDF",
                               file=shown))
        return "application/pdf"
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise InputError(_("{file}: an old Office file (or a password-protected one): save it as {suffix} "
                           "without a password, or as PDF", file=shown, suffix=suffix))
    part, media = _OOXML[suffix]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise InputError(_("{file}: the file is not a {suffix} file, whatever its name says: save it again from "
                           "Office, or as PDF", file=shown, suffix=suffix)) from None
    names = {e.filename for e in entries}
    if len(entries) > MAX_ATTACHMENT_ENTRIES or sum(e.file_size for e in entries) > safety.MAX_UNPACKED_BYTES \
            or any(e.file_size > 200 * max(e.compress_size, 1) for e in entries):
        raise InputError(_("{file}: the file unpacks to far more than it holds (it may be damaged or built to "
                           "exhaust memory): save it as PDF and attach that", file=shown))
    if "[Content_Types].xml" not in names or part not in names:
        raise InputError(_("{file}: the file is not a {suffix} file, whatever its name says: save it again from "
                           "Office, or as PDF", file=shown, suffix=suffix))
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise InputError(_("{file}: the file holds macros: save it without them (as {suffix}), or as PDF",
                           file=shown, suffix=suffix))
    return media


def question_labels() -> dict[str, str]:
    """Every question's label in the language in force, by key."""
    return {q.key: q.label for section in sections() for q in section.questions}


def format_megabytes(size: int) -> str:
    """A size in MB with one decimal, the decimal mark of the language in force."""
    return _megabytes(size)


def _megabytes(size: int) -> str:
    return decimal_mark(f"{size / 1048576:.1f}", current_language())


def add_attachment(path: Path, round: str, id: str, name: str, data: bytes, actor: str) -> Attachment:
    """Stores one attachment of an application the applicant can still change, after its checks."""
    media = sniff_attachment(name, data)
    shown = display_name(name)
    sha = "sha256:" + hashlib.sha256(data).hexdigest()
    with _open(path) as store:
        with store.transaction():
            submission = _one(store, round, id)
            if not submission.editable:
                raise RoundStoreError(_not_editable(submission))
            if len(submission.attachments) >= MAX_ATTACHMENTS:
                raise InputError(_("{file}: an application has at most {most} attachments: remove one first",
                                   file=shown, most=MAX_ATTACHMENTS))
            if sum(a.size for a in submission.attachments) + len(data) > MAX_ATTACHMENTS_TOTAL_BYTES:
                raise InputError(_("{file}: the attachments of an application are at most {most} MB together",
                                   file=shown, most=_megabytes(MAX_ATTACHMENTS_TOTAL_BYTES)))
            cursor = store.connection.execute(
                "INSERT INTO apply_attachments (round, application, name, media, size, sha256, data, added_by, "
                "added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (round, id, shown, media, len(data), sha, sqlite3.Binary(data), actor, utc_now()))
            return Attachment(cursor.lastrowid, shown, media, len(data), sha)


def remove_attachment(path: Path, round: str, id: str, seq: int) -> None:
    with _open(path) as store:
        with store.transaction():
            submission = _one(store, round, id)
            if not submission.editable:
                raise RoundStoreError(_not_editable(submission))
            store.connection.execute(
                "DELETE FROM apply_attachments WHERE round = ? AND application = ? AND seq = ?", (round, id, seq))


def read_attachment(path: Path, round: str, id: str, seq: int) -> tuple[Attachment, bytes]:
    """One attachment and its bytes; refused when they no longer match their SHA-256."""
    with _open(path) as store:
        row = store.connection.execute(
            "SELECT seq, name, media, size, sha256, data FROM apply_attachments "
            "WHERE round = ? AND application = ? AND seq = ?", (round, id, seq)).fetchone()
    if row is None:
        raise RoundStoreError(_("application {application} has no such attachment", application=id))
    attachment, data = Attachment(*row[:5]), bytes(row[5])
    if "sha256:" + hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise RoundStoreError(_("the attachment {file} was changed in the database after it was added: it is not "
                                "served", file=attachment.name))
    return attachment, data


# --- the inbox and the log's words ---------------------------------------------------------------

@dataclass(frozen=True)
class Notice:
    """One line of a user's inbox: what happened to which application, when, by whom, why."""

    seq: int
    at: str
    round: str
    application: str
    department: str
    title: str
    step: str
    actor: str
    reason: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def inbox(path: Path, roles: Sequence[str], department: str | None, limit: int = 100) -> list[Notice]:
    """What concerns a user, newest first: a head sees submissions of their department; an
    applicant sees their department's applications sent back, approved, rejected and decided; the
    secretariat sees approvals to screen; anyone whose department has an application in a round
    sees that the round was decided."""
    wanted: set[str] = set()
    if "afdelingschef" in roles:
        wanted |= {"submitted"}
    if "ansøger" in roles:
        wanted |= {"sent_back", "approved", "screened", "rejected"}
    if "sekretariat" in roles:
        wanted |= {"approved"}
    with _open(path) as store:
        require_intact(store)
        events = read_events(store)
    titles: dict[tuple[str, str], str] = {}
    departments: dict[tuple[str, str], str] = {}
    notices: list[Notice] = []
    for event in events:
        if event.kind is Kind.SUBMISSION:
            p = event.payload
            key = (event.round, p["application"])
            departments[key] = p["department"]
            if "application_data" in p:
                titles[key] = p["application_data"]["title"]
            own = department is not None and p["department"] == department
            if p["step"] in wanted and (own or ("sekretariat" in roles and p["step"] == "approved")):
                notices.append(Notice(event.seq, event.at, event.round, p["application"], p["department"],
                                      titles.get(key, ""), p["step"], event.actor, event.reason))
        elif event.kind is Kind.DECISION and department and ({"ansøger", "afdelingschef"} & set(roles)):
            granted = {d["id"]: d["granted_dkk"] for d in event.payload["result"]["decisions"]}
            for (rnd, app), dept in departments.items():
                if rnd == event.round and dept == department and app in granted:
                    notices.append(Notice(event.seq, event.at, event.round, app, dept, titles.get((rnd, app), ""),
                                          "decided", event.actor, event.reason, {"granted_dkk": granted[app]}))
    notices.sort(key=lambda n: (-n.seq, n.application))
    return notices[:limit]


def step_label(step: str) -> str:
    return {"submitted": _("submitted"), "sent_back": _("sent back"), "approved": _("approved"),
            "screened": _("screened"), "rejected": _("rejected administratively"), "decided": _("decided")}[step]


def verdict_label(verdict: str) -> str:
    return {"eligible": _("eligible"), "not_recommended": _("not recommended"),
            "rejected": _("rejected administratively")}[verdict]


def describe_step(payload: Mapping[str, Any], lang: str = "da") -> str:
    """One log line for a step of an application made in the browser."""
    from digipulje.messages import use_language

    with use_language(lang if lang in ("da", "en") else "da"):
        text = f"{payload['application']} ({payload['department']}): {step_label(payload['step'])}"
        if payload["step"] == "screened":
            text += f" ({verdict_label(payload['verdict'])})"
        if payload["step"] == "submitted":
            files = payload.get("attachments") or []
            if files:
                text += "; " + _("attachments: {files}", files=", ".join(
                    f"{f['name']} ({f['sha256'][:19]}…)" for f in files))
        return text
