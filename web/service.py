"""The one door from the web app to digipulje's core: every call into the engine, the readers,
the round database and the reports goes through this module, and nothing else in `web/` imports
a core package. It hands the web plain values (dicts, lists, strings, ints), so the pages do not
depend on the core's classes either.

What the web app may do here is what the CLI's `round` commands do: open a round with its pool,
import application files (read through the same untrusted-file guard as the CLI), allocate, try
the chiefs' overrides and record their decision, render the memo, the workbook and JSON, read
the log and verify it. Every change is written to the round's hash-chained log with the
logged-in user as its actor.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import math
import re
import tempfile
import multiprocessing
import threading
import unicodedata
import zipfile
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from pydantic import ValidationError

from digipulje.messages import N_, current_language, gettext, use_language

from digipulje.applications import safety
from digipulje.applications.principles import CRITERION_KEYS
from digipulje.applications.problems import ApplicationsError, Problem
from digipulje.base.errors import DigipuljeError, InputError
from digipulje.base.process import settle_imports
from digipulje.base.money import decimal_mark, format_dkk, format_number, format_score
from digipulje.pool.allocation import Allocation
from digipulje.pool.labels import status_label
from digipulje.pool.model import Pool
from digipulje.pool.overrides import ACTIONS as OVERRIDE_ACTIONS, Override
from digipulje.reports.dates import COPENHAGEN as _COPENHAGEN
from digipulje.rounds import log as round_log
from digipulje.rounds import rounds as round_store
from digipulje.rounds.store import RoundStore, RoundStoreError

__all__ = [
    "ACTIONS", "ServiceError", "UPLOAD_SUFFIXES", "MAX_FILE_BYTES", "MAX_REQUEST_BYTES", "Upload",
    "allocate_round", "create_database", "database", "decision_preview", "document", "explanation",
    "format_kr", "history", "import_files", "list_rounds", "open_round", "parse_kroner", "pool_fields",
    "record_decision", "round_exists", "round_summary", "validate_override", "validate_pool", "verify",
]

ServiceError = DigipuljeError  # every error a user can act on; `.lines` holds its sentences

MAX_FILE_BYTES = safety.MAX_FILE_BYTES  # one uploaded file, as the CLI's readers allow
MAX_UPLOAD_FILES = 50
MAX_REQUEST_BYTES = MAX_FILE_BYTES + 1024 * 1024  # what the HTTP layer takes in one request
UPLOAD_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".pb", ".zip")
ACTIONS = OVERRIDE_ACTIONS  # every override action by its value, declared in pool.overrides
SOLVERS = ("exact", "cbc", "highs")


# --- the database ---------------------------------------------------------------------------

def create_database(path: Path) -> None:
    """Creates the round database (its log tables) if it is not there yet. The server checks its
    log on every page, so it checks only the events after the head it verified last
    (`rounds.log.remember_verified_heads`)."""
    RoundStore.create(path).close()
    round_log.remember_verified_heads(path)


@contextmanager
def database(path: Path) -> Iterator[RoundStore]:
    """An open round database; the web's own tables (users, sessions) live in the same file."""
    store = RoundStore.open(path)
    try:
        yield store
    finally:
        store.close()


def verify(path: Path) -> dict[str, Any]:
    """Whether the log is intact, as `digipulje round verify` says it."""
    with database(path) as store:
        result = round_log.verify_log_since_verified(store)
    return {"intact": result.intact, "events": result.events, "head": result.head,
            "problems": list(result.problems)}


def cross_site_refusal() -> str:
    """What a POST from another site is told (in Danish: no session tells the language then)."""
    return gettext("The form was sent from another site: nothing was done. Open digipulje's own page and try again.",
                   lang="da")


# --- money ----------------------------------------------------------------------------------

def format_kr(amount: int | None, lang: str = "da") -> str:
    return "" if amount is None else format_dkk(int(amount), lang)


def format_megabytes(size: int) -> str:
    """A file's size in MB with one decimal, the decimal mark of the language in force."""
    text = f"{size / 1048576:.1f}"
    return text.replace(".", ",") if current_language() == "da" else text


MAX_NUMBER_CHARS = 30  # "kr. 1.000.000.000,00" fits; a 5,000-digit number is refused unread


def _shown(text: str) -> str:
    """A value from a form, fit to repeat in a message: at most 20 characters."""
    return text if len(text) <= 20 else text[:20] + "…"


def parse_kroner(text: str) -> int:
    """Whole kroner as the sheets write them ("250.000", "kr. 250.000", "250 000"): ASCII digits,
    at most 1.000.000.000 kr."""
    from digipulje.applications.cells import CellError, parse_amount

    text = text.strip()
    if len(text) > MAX_NUMBER_CHARS:
        raise InputError(gettext("'{value}' is not an amount: {hint}", value=_shown(text),
                                 hint=gettext("write it as a whole number of kroner, e.g. 140000 or 140.000")))
    try:
        return parse_amount(text)
    except (CellError, ValueError) as error:
        raise InputError(*(getattr(error, "lines", None) or [str(error)])) from None


_DECIMAL = re.compile(r"[0-9]{1,6}(?:[.,][0-9]{1,6})?")
_WHOLE = re.compile(r"[0-9]{1,6}")


def parse_decimal(text: str, low: float, high: float) -> float:
    """A number from a form as Danes write it ("0,5", "80", "1.5"): ASCII digits, one decimal mark,
    finite, from `low` to `high`; else one message saying so."""
    text = text.strip()
    if _DECIMAL.fullmatch(text):
        value = float(text.replace(",", "."))
        if low <= value <= high:
            return value
    raise InputError(gettext("'{value}' is not a number from {low} to {high}: write it with digits and a decimal "
                             "comma, e.g. 0,5", value=_shown(text), low=_number(low), high=_number(high)))


def parse_whole(text: str, low: int, high: int) -> int:
    """A whole number from a form: ASCII digits only, from `low` to `high`."""
    text = text.strip()
    if _WHOLE.fullmatch(text) and low <= int(text) <= high:
        return int(text)
    raise InputError(gettext("'{value}' is not a whole number from {low} to {high}: leave it empty for no maximum",
                             value=_shown(text), low=low, high=high))


MAX_WEIGHT = 100  # a principle's weight: the others are 1 by default
MAX_GRANTS = 10_000  # as many as a round can hold applications


# --- rounds ---------------------------------------------------------------------------------

def round_exists(path: Path, round: str) -> bool:
    """Whether the database holds a round of this name (the pages of any other are not found)."""
    with database(path) as store:
        return round in round_store.rounds_in(store)


def list_rounds(path: Path) -> list[dict[str, Any]]:
    with database(path) as store:
        key = ("rounds", str(Path(path).resolve()), _log_head(store))
        return _cached(key, lambda: _list_rounds(store))


def _list_rounds(store: RoundStore) -> list[dict[str, Any]]:
    out = []
    for name in round_store.rounds_in(store):
        state = round_store.read_round(store, name)
        out.append({
            "name": name, "pool_name": state.pool.name, "budget_dkk": state.pool.budget_dkk,
            "deadline": state.pool.deadline, "applications": len(state.applications),
            "recommended": state.recommendation is not None, "decided": state.decision is not None,
        })
    return out


POOL_FIELDS = ("round", "name", "budget", "deadline", "min_grant", "partial_floor", "eligibility_threshold",
               "max_grants", "aggregation", "require_approval",
               *(f"w_{key}" for key in CRITERION_KEYS))
_WEIGHTS = CRITERION_KEYS


def pool_fields(pool: Pool | None = None) -> dict[str, str]:
    """The open-round form's fields with the default pool's values (those of a pool file without settings)."""
    pool = pool or Pool()
    r = pool.rules
    values = {
        "round": "", "name": pool.name, "budget": format_number(pool.budget_dkk), "deadline": "",
        "min_grant": format_number(r.min_grant_dkk), "partial_floor": _number(r.partial_floor * 100),
        "eligibility_threshold": _number(r.eligibility_threshold),
        "max_grants": "" if r.max_grants is None else str(r.max_grants), "aggregation": r.aggregation,
        "require_approval": "1" if r.require_approval else "",
    }
    for w in _WEIGHTS:
        values[f"w_{w}"] = _number(getattr(pool.weights, w))
    return values


def _number(value: float) -> str:
    return (f"{value:.4f}".rstrip("0").rstrip(".")).replace(".", ",")


_FIELD_OF_LOC = {
    ("name",): "name", ("budget_dkk",): "budget", ("deadline",): "deadline", ("year",): "deadline",
    ("rules", "min_grant_dkk"): "min_grant", ("rules", "partial_floor"): "partial_floor",
    ("rules", "eligibility_threshold"): "eligibility_threshold", ("rules", "max_grants"): "max_grants",
    ("rules", "aggregation"): "aggregation", ("weights",): "w_citizen",
    **{("weights", w): f"w_{w}" for w in _WEIGHTS},
}


def validate_pool(form: Mapping[str, str]) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """The pool from the open-round form, validated as a pool file is; or the problems by field.

    Returns (pool as data, {}) or (None, {field: English message}); the web translates the
    field's label, the message is the pool file's own.
    """
    errors: dict[str, str] = {}
    name = form.get("round", "").strip()
    try:
        round_store.check_round_name(name)
    except RoundStoreError as error:
        errors["round"] = error.lines[0]
    data: dict[str, Any] = {"name": form.get("name", "").strip() or Pool().name, "round": name or None,
                            "rules": {}, "weights": {}}
    for field, key, parse in (("budget", "budget_dkk", parse_kroner), ("min_grant", "min_grant_dkk", parse_kroner)):
        try:
            value = parse(form.get(field, ""))
        except InputError as error:
            errors[field] = error.lines[0]
            continue
        (data if key == "budget_dkk" else data["rules"])[key] = value
    for field, target, key, scale in (("partial_floor", "rules", "partial_floor", 100),
                                      ("eligibility_threshold", "rules", "eligibility_threshold", 1),
                                      *((f"w_{w}", "weights", w, 1) for w in _WEIGHTS)):
        try:
            data[target][key] = parse_decimal(form.get(field, ""), 0, 100 if target == "rules" else MAX_WEIGHT) / scale
        except InputError as error:
            errors[field] = error.lines[0]
    if "budget_dkk" in data and data["budget_dkk"] == 0:
        errors["budget"] = N_("the budget is 0 kr: give the pool's budget")
    max_grants = form.get("max_grants", "").strip()
    if max_grants:
        try:
            data["rules"]["max_grants"] = parse_whole(max_grants, 1, MAX_GRANTS)
        except InputError as error:
            errors["max_grants"] = error.lines[0]
    data["rules"]["aggregation"] = form.get("aggregation", "mean")
    data["rules"]["require_approval"] = bool(form.get("require_approval"))
    deadline = form.get("deadline", "").strip()
    if deadline:
        try:
            day = dt.date.fromisoformat(deadline)
            data["deadline"], data["year"] = day.isoformat(), day.year
        except ValueError:
            errors["deadline"] = gettext("'{value}' is not a date: write it as YYYY-MM-DD, e.g. 2026-04-01",
                                         value=_shown(deadline))
    if errors:
        return None, errors
    try:
        pool = Pool.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            field = _FIELD_OF_LOC.get(tuple(str(p) for p in err["loc"]), "budget")
            errors.setdefault(field, err["msg"].removeprefix("Value error, "))
        return None, errors
    return pool.model_dump(mode="json"), {}


def open_round(path: Path, round: str, pool_data: Mapping[str, Any], actor: str) -> int:
    pool = Pool.model_validate(pool_data)
    with database(path) as store:
        return round_store.open_round(store, round, pool, actor).seq


# --- a small cache of what pages show, valid while the database's log is unchanged ---------------

# One solve at a time in this process: HiGHS's threads are process-wide, and on a small server
# solves taking turns finish sooner than solves competing for the cores and the interpreter.
_solve_lock = threading.Lock()

# What readers ask for that takes long (a scenario with its curve, alternatives and weight draws)
# is made in a process of its own, so that it never holds the chiefs' solves: one reader's job
# at a time there, on the other core.
_readers: ProcessPoolExecutor | None = None
_readers_lock = threading.Lock()


# What the readers' process imports when it starts, before its imports are settled (`settle_imports`,
# as the server does): a scenario's modules, so no full garbage collection walks them during one.
_READERS_IMPORT = ("numpy", "digipulje.web.service", "digipulje.meeting.scenarios", "digipulje.analyses.alternatives",
                   "digipulje.analyses.robustness", "digipulje.reports.curve", "digipulje.solver.exact")


def _for_readers(job: Callable[..., Any], *args: Any) -> Any:
    """`job(*args)` in the readers' process (started on first use); in this process if that fails.
    It runs in the language in force here (the request's): the readers' process has only its own
    start's (`DIGIPULJE_LANG`), and a message raised there would otherwise be in that one."""
    global _readers
    lang = current_language()
    with _readers_lock:
        if _readers is None:
            try:
                _readers = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                               initializer=settle_imports, initargs=_READERS_IMPORT)
            except (OSError, ValueError):  # no processes here: the job runs in this one
                return job(*args)
        readers = _readers
    try:
        return readers.submit(_in_language, lang, job, *args).result()
    except BrokenProcessPool:
        with _readers_lock:
            _readers = None
        return job(*args)


def _in_language(lang: str, job: Callable[..., Any], *args: Any) -> Any:
    with use_language(lang):
        return job(*args)


_CACHE: OrderedDict[tuple, Any] = OrderedDict()
_CACHE_SIZE = 256
_cache_lock = threading.Lock()


def _log_head(store: RoundStore) -> tuple[int, str] | None:
    """The last event of the whole log: any change to any round changes it."""
    with store.busy_guard():
        row = store.connection.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    return None if row is None else (row[0], row[1])


def _cached(key: tuple, make):
    """The value for `key`, made once. Keys hold the log's head, so a stored value is never stale;
    values are only read by the pages."""
    with _cache_lock:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    value = make()
    with _cache_lock:
        _CACHE[key] = value
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value


def round_summary(path: Path, round: str, lang: str = "da") -> dict[str, Any]:
    """A round as its pages show it: the pool, the applications, the recommendation and the decision."""
    with database(path) as store:
        key = ("summary", str(Path(path).resolve()), round, lang, _log_head(store))
        return _cached(key, lambda: _round_summary(round_store.read_round(store, round), lang))


def _round_summary(state: Any, lang: str) -> dict[str, Any]:
    pool = state.pool
    return {
        "name": state.round,
        "pool": {
            "name": pool.name, "budget_dkk": pool.budget_dkk, "deadline": pool.deadline,
            "min_grant_dkk": pool.rules.min_grant_dkk, "partial_floor": pool.rules.partial_floor,
            "eligibility_threshold": pool.rules.eligibility_threshold, "max_grants": pool.rules.max_grants,
            "aggregation": pool.rules.aggregation, "require_approval": pool.rules.require_approval,
            "weights": pool.weights.model_dump(),
        },
        "applications": [
            {"id": a.id, "title": a.title, "department": a.department, "requested_dkk": a.requested_dkk,
             "source": state.source_of.get(a.id, "")}
            for a in state.applications.values()
        ],
        "imports": len(state.imports),
        "recommendation": None if state.recommendation is None else _allocation_view(
            state.recommendation.allocation, lang, state.recommendation.event),
        "decision": None if state.decision is None else _decided_view(state.decision, lang),
        "reopened": None if state.reopened is None else {
            "seq": state.reopened.seq, "at": state.reopened.at, "actor": state.reopened.actor,
            "reason": state.reopened.reason, "decision_event": state.reopened.payload["decision_event"]},
        "recommendation_current": state.recommendation is not None and {
            a.id: a for a in state.recommendation.applications} == state.applications,
        "last_event": state.last_event,
    }


def _allocation_view(allocation: Allocation, lang: str, event: Any = None) -> dict[str, Any]:
    rows = []
    for d in allocation.decisions:
        rows.append({
            "id": d.id, "title": d.title, "department": d.department, "requested_dkk": d.requested_dkk,
            "min_dkk": d.min_dkk, "granted_dkk": d.granted_dkk, "status": d.status.value,
            "status_text": status_label(d.status, lang), "granted": d.status.granted,
            "score": format_score(d.score, lang), "score_value": d.score,
            "reason": _deciding(d).text(lang), "reasons": [r.text(lang) for r in d.reasons],
        })
    return {
        "rows": rows, "budget_dkk": allocation.budget_dkk, "granted_dkk": allocation.granted_dkk,
        "remainder_dkk": allocation.remainder_dkk, "total_score": format_score(allocation.total_score, lang),
        "overrides": [{"application": o.application, "action": o.action.value, "amount_dkk": o.amount_dkk,
                       "reason": o.reason, "decided_by": o.decided_by} for o in allocation.overrides],
        "solver": allocation.solver.name, "fingerprint": allocation.fingerprint,
        "event": None if event is None else {"seq": event.seq, "at": event.at, "actor": event.actor,
                                             "reason": event.reason},
    }


def _decided_view(stored: Any, lang: str) -> dict[str, Any]:
    """The recorded decision as the pages show it: each grant beside the recommendation it was made
    on (its baseline), what moved, and the chiefs' changes."""
    view = _allocation_view(stored.allocation, lang, stored.event)
    baseline = stored.baseline or {}
    for row in view["rows"]:
        row["recommended_dkk"] = baseline.get(row["id"], 0)
        row["moved_dkk"] = row["granted_dkk"] - row["recommended_dkk"]
    view["recommended_dkk"] = sum(baseline.values())
    view["recommendation_event"] = stored.recommendation_event
    return view


def _deciding(decision: Any) -> Any:
    from digipulje.pool.explain import deciding_reason

    return deciding_reason(decision)


def explanation(path: Path, round: str, application: str, which: str = "recommendation",
                lang: str = "da") -> str:
    """`digipulje explain` for one application of the stored recommendation (or decision)."""
    from digipulje.pool.explain import explain_application

    with database(path) as store:
        state = round_store.read_round(store, round)
    stored = state.decision if which == "decision" else state.recommendation
    if stored is None:
        raise RoundStoreError(gettext("round {round} has no recommendation yet", round=round) if which == "recommendation"
                             else gettext("round {round} has no decision yet", round=round))
    return explain_application(stored.allocation, stored.applications, application,
                               assessments=stored.assessments).text(lang)


# --- import ---------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Upload:
    """One uploaded file: the name the browser gave (shown, never used as a path) and its bytes."""

    name: str
    data: bytes


def display_name(name: str) -> str:
    """The browser's file name, fit to show: its last part, no control characters, at most 120."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    return base[:120] or "fil"


def import_files(path: Path, round: str, uploads: Sequence[Upload], actor: str, replace: bool = False,
                 reason: str | None = None) -> dict[str, Any]:
    """Reads the uploaded files through the CLI's readers and stores them only if all are clean.

    Each file is written under a name this module chooses (its type from a fixed list) in a
    private temporary folder that is removed afterwards; the browser's name is only shown.
    A zip (a folder) is unpacked here under the same checks as a workbook. Returns
    {"problems": [...]} when anything is wrong (nothing stored), else {"imported": n, "events": [..]}.
    """
    problems: list[dict[str, Any]] = []
    if not uploads:
        return {"problems": [_problem("", N_("choose one or more files to import"))]}
    if len(uploads) > MAX_UPLOAD_FILES:
        return {"problems": [_problem("", gettext("{count} files: import at most {most} at a time", count=len(uploads),
                                                      most=MAX_UPLOAD_FILES))]}
    if replace and not (reason or "").strip():
        return {"problems": [_problem("", N_("give the reason for replacing applications already imported"),
                                      field="reason")]}
    with tempfile.TemporaryDirectory(prefix="digipulje-upload-") as folder:
        files: list[tuple[Path, str]] = []
        for upload in uploads:
            shown = display_name(upload.name)
            suffix = Path(shown).suffix.lower()
            if suffix not in UPLOAD_SUFFIXES:
                problems.append(_problem(shown, gettext(
                    "cannot read '{suffix}' files: use .xlsx, .xlsm, .csv, .pb or a .zip of them",
                    suffix=suffix or gettext("no file extension"))))
                continue
            if len(upload.data) > MAX_FILE_BYTES:
                problems.append(_problem(shown, gettext("the file is {size} MB, more than the {most} MB digipulje reads",
                                                        size=format_megabytes(len(upload.data)),
                                                        most=format_megabytes(MAX_FILE_BYTES))))
                continue
            if suffix == ".zip":
                unpacked, zip_problems = _unpack(upload.data, shown, Path(folder), len(files))
                problems += zip_problems
                files += unpacked
                continue
            target = Path(folder) / f"upload-{len(files) + 1}{suffix}"
            target.write_bytes(upload.data)
            files.append((target, shown))
        if problems:
            return {"problems": problems}
        if not files:
            return {"problems": [_problem("", N_("no application files among the uploaded files"))]}
        shown_of = {str(p): shown for p, shown in files}
        sources = []
        for file, shown in files:
            try:
                source = round_store.read_source(file)
            except ApplicationsError as error:
                problems += [_problem_of(p, shown_of) for p in error.problems if p.severity == "error"]
                continue
            except DigipuljeError as error:
                problems += [_problem(shown, line.replace(str(file), shown)) for line in error.lines]
                continue
            sources.append(dataclasses.replace(source, name=shown))
        if problems:
            return {"problems": problems}
        try:
            with database(path) as store:
                events = round_store.import_applications(store, round, sources, actor, replace=replace,
                                                         reason=(reason or "").strip() or None)
        except DigipuljeError as error:
            return {"problems": [_problem("", line) for line in error.lines]}
    return {"imported": len(events[0].payload["applications"]), "events": [e.seq for e in events],
            "replaced": list(events[0].payload.get("replaced", []))}


def _unpack(data: bytes, shown: str, folder: Path, start: int) -> tuple[list[tuple[Path, str]], list[dict[str, Any]]]:
    """A zip of application files, unpacked under the workbook guard's limits; only readable
    files are taken, each under a name chosen here."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return [], [_problem(shown, N_("the zip file is damaged: make it again"))]
    if len(entries) > safety.MAX_ZIP_ENTRIES:
        return [], [_problem(shown, gettext("the zip holds {count} files, more than the {most} digipulje reads",
                                            count=len(entries), most=safety.MAX_ZIP_ENTRIES))]
    if sum(e.file_size for e in entries) > safety.MAX_UNPACKED_BYTES:
        return [], [_problem(shown, N_(
            "the zip unpacks to more than digipulje reads (it may be damaged or built to exhaust memory): zip the application files on their own"))]
    files, problems = [], []
    with archive:
        for entry in sorted(entries, key=lambda e: e.filename):
            inner = display_name(entry.filename)
            suffix = Path(inner).suffix.lower()
            if entry.is_dir() or inner.startswith(("~$", ".")) or "__MACOSX" in entry.filename:
                continue
            if suffix not in (".xlsx", ".xlsm", ".csv", ".pb"):
                if suffix == ".xls":
                    problems.append(_problem(f"{shown}: {inner}", N_(
                        "the old .xls format is not read: open it in Excel and save it as .xlsx")))
                continue
            if entry.file_size > MAX_FILE_BYTES:
                problems.append(_problem(f"{shown}: {inner}", N_("the file is larger than digipulje reads")))
                continue
            target = folder / f"upload-{start + len(files) + 1}{suffix}"
            try:
                target.write_bytes(archive.read(entry))
            except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
                problems.append(_problem(f"{shown}: {inner}", N_("cannot be unpacked: make the zip again")))
                continue
            files.append((target, f"{shown}: {inner}"))
    if not files and not problems:
        problems.append(_problem(shown, N_("the zip holds no .xlsx, .xlsm, .csv or .pb files")))
    return files, problems


def _problem(file: str, message: str, sheet: str | None = None, row: int | None = None,
             column: str | None = None, field: str = "files") -> dict[str, Any]:
    return {"file": file, "sheet": sheet, "row": row, "column": column, "message": message, "field": field}


def _problem_of(problem: Problem, shown_of: Mapping[str, str]) -> dict[str, Any]:
    file = shown_of.get(problem.file, display_name(problem.file))
    message = problem.message
    for real, shown in shown_of.items():
        message = message.replace(real, shown)
    return _problem(file, message, problem.sheet, problem.row, problem.column)


# --- allocation and decision ----------------------------------------------------------------

def allocate_round(path: Path, round: str, actor: str, solver: str = "exact") -> int:
    with database(path) as store, _solve_lock:
        return round_store.allocate_round(store, round, actor, solver=solver).seq


def validate_override(form: Mapping[str, str], applications: Iterable[str], actor: str) -> tuple[dict | None, dict[str, str]]:
    """One override from the decision form; a reason is required for each."""
    errors: dict[str, str] = {}
    application = form.get("application", "")
    if application not in set(applications):
        errors["application"] = N_("choose an application of the round")
    action = form.get("action", "")
    if action not in ACTIONS:
        errors["action"] = N_("choose exclude, include or fix an amount")
    decided_by = " ".join(form.get("decided_by", "").split())[:80] or actor
    data: dict[str, Any] = {"application": application, "action": action, "reason": form.get("reason", "").strip(),
                            "decided_by": decided_by}
    if not data["reason"]:
        errors["reason"] = N_("give the reason for the change")
    if action in ACTIONS and ACTIONS[action].takes_amount:
        try:
            data["amount_dkk"] = parse_kroner(form.get("amount", ""))
            if data["amount_dkk"] <= 0:
                errors["amount"] = N_("a fixed amount is above 0 kr: to give nothing, exclude the application")
        except InputError as error:
            errors["amount"] = error.lines[0]
    if errors:
        return None, errors
    try:
        Override.model_validate(data)
    except ValidationError as exc:
        return None, {"reason": exc.errors()[0]["msg"]}
    return data, {}


def decision_preview(path: Path, round: str, overrides: Sequence[Mapping[str, Any]], lang: str = "da",
                     solver: str = "exact") -> dict[str, Any]:
    """The overrides applied to the stored recommendation, re-solved; beside it what moved and
    what each override costs (the score and kroner the decision gives up against the same
    decision without that override)."""
    canonical = json.dumps(sorted((dict(o) for o in overrides), key=lambda o: o["application"]),
                           sort_keys=True, ensure_ascii=False)
    with database(path) as store:
        key = ("preview", str(Path(path).resolve()), round, lang, solver, canonical, _log_head(store))
        return _cached(key, lambda: _decision_preview(round_store.read_round(store, round), round, overrides,
                                                      lang, solver))


def _decision_preview(state: Any, round: str, overrides: Sequence[Mapping[str, Any]], lang: str,
                      solver: str) -> dict[str, Any]:
    from digipulje.meeting.decision import preview_decision
    from digipulje.reports.compare import price_points

    recommendation = state.recommendation
    if recommendation is None:
        raise RoundStoreError(gettext("round {round} has no recommendation yet: make one first", round=round))
    parsed = tuple(Override.model_validate(dict(o)) for o in overrides)
    with _solve_lock:
        preview = preview_decision(recommendation.applications, recommendation.pool, parsed,
                                   recommendation=recommendation.allocation, solver=solver,
                                   assessments=recommendation.assessments)
    recommended = _allocation_view(preview.recommendation, lang)
    decided = _allocation_view(preview.decision, lang)
    before = {r["id"]: r for r in recommended["rows"]}
    moved = preview.moved_dkk()
    for row in decided["rows"]:
        row["recommended_dkk"] = before[row["id"]]["granted_dkk"]
        row["moved_dkk"] = moved[row["id"]]
        row["recommended_status_text"] = before[row["id"]]["status_text"]
    support = preview.decision.value_kind == "support"
    costs = [{"application": p.override.application, "action": p.override.action.value,
              "amount_dkk": p.override.amount_dkk, "reason": p.override.reason, "decided_by": p.override.decided_by,
              "score_cost": price_points(p, support, lang),
              "moved": [{"id": i, "dkk": dkk} for i, dkk in p.changes.items()]} for p in preview.prices]
    return {"recommendation": recommended, "decision": decided, "costs": costs,
            "recommendation_event": recommendation.event.seq}


def record_decision(path: Path, round: str, overrides: Sequence[Mapping[str, Any]], reason: str, actor: str,
                    solver: str = "exact", seen_event: int | None = None) -> int:
    """Records the chiefs' decision, made on the round as it was at `seen_event` (the page's). A
    recorded decision is never replaced: it is reopened first (`reopen_decision`); a round changed
    since the page was shown is refused (`RoundChanged`, `describe_change`)."""
    parsed = [Override.model_validate(dict(o)) for o in overrides]
    with database(path) as store, _solve_lock:
        return round_store.decide_round(store, round, actor, parsed, reason=reason or None, solver=solver,
                                        seen_event=seen_event, replace=False).seq


def reopen_decision(path: Path, round: str, actor: str, reason: str, seen_event: int | None = None) -> int:
    """Sets the recorded decision aside, with the reason, so that another can be recorded."""
    with database(path) as store:
        return round_store.reopen_decision(store, round, actor, reason, seen_event=seen_event).seq


def check_seen(path: Path, round: str, seen_event: int) -> None:
    """`RoundChanged` if the round changed, in what matters to a decision, after its event `seen_event`."""
    with database(path) as store:
        round_store.require_seen(round_store.read_round(store, round), seen_event)


RoundChanged = round_store.RoundChanged
DecisionRecorded = round_store.DecisionRecorded


def describe_change(error: Any, lang: str = "da") -> str:
    """What another user did to the round after a page was shown: who, what, when, in the page's language."""
    from digipulje.reports.rounds import KIND, describe_event

    event = error.event
    if event is None:
        return error.lines[0]
    return gettext("The round changed after this page was shown: event {seq} ({kind}) by {actor}, {at}: {what}. "
                   "Nothing was saved. The page now shows the round as it is: look it over and try again.", lang=lang,
                   actor=event.actor, kind=KIND[lang][event.kind],
                   at=format_time(event.at, lang), seq=event.seq, what=describe_event(event, lang))


def describe_security_event(event: Mapping[str, Any], lang: str | None = None) -> str:
    """One line of the security log: when (local time), what, which name, from which address."""
    what = {"failed": lambda: gettext("failed login", lang=lang),
            "lockout": lambda: gettext("logins wait {seconds} s", lang=lang, seconds=math.ceil(event["wait_s"])),
            "refused": lambda: gettext("refused unchecked: waiting {seconds} s more", lang=lang,
                                       seconds=math.ceil(event["wait_s"]))}.get(event["what"], lambda: event["what"])()
    try:
        moment = dt.datetime.fromisoformat(event["at"].replace("Z", "+00:00")).astimezone(_COPENHAGEN)
        at = moment.strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        at = event["at"]
    return f"{at}  {what}  {event['name'] or '-'}  {event['address'] or '-'}"


def describe_draft_change(change: Mapping[str, Any] | None, at: str | None, lang: str = "da") -> str:
    """Why a chief's change was refused: their changes were saved from another tab or window
    meanwhile; what that save did and when, in the page's language."""
    application = (change or {}).get("application", "")
    if not change:
        what = gettext("the changes were saved", lang=lang)
    elif change.get("removed"):
        what = gettext("the change to {application} was removed", lang=lang, application=application)
    else:
        what = ACTIONS[change["action"]].verb(application, change.get("amount_dkk"), lang)
    return gettext("Your changes were changed in another window or tab ({at}): {change}. Nothing was saved from "
                   "this one. The page now shows your changes as they are: look them over and try again.",
                   lang=lang, at=format_time(at, lang), change=what)


def format_time(at: str | None, lang: str = "da") -> str:
    """A log time (UTC, ISO 8601) as people in Denmark read it: local time, day and month in words."""
    from digipulje.reports.dates import format_moment

    return format_moment(at, lang)


# --- documents ------------------------------------------------------------------------------

DOCUMENTS = {"notat.html": ("html", "text/html; charset=utf-8"),
             "notat.md": ("markdown", "text/markdown; charset=utf-8"),
             "arbejdsbog.xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
             "runde.json": ("json", "application/json")}


def document(path: Path, round: str, name: str, lang: str = "da", solver: str = "exact") -> tuple[bytes, str]:
    """The memo, the workbook or the round as JSON, from the stored recommendation and decision."""
    from digipulje.meeting.memo import stored_memo_case
    from digipulje.reports.formats import render_report
    from digipulje.reports.rounds import round_to_json

    fmt, media = DOCUMENTS[name]
    with database(path) as store:
        state = round_store.read_round(store, round)
    if fmt == "json":
        return (json.dumps(round_to_json(state, lang), ensure_ascii=False, indent=2) + "\n").encode("utf-8"), media
    case = stored_memo_case(state)
    if case is None:
        raise RoundStoreError(gettext("round {round} has no recommendation yet: make one first", round=round))
    if fmt == "xlsx":
        case = dataclasses.replace(case, scenarios=_workbook_scenarios(path, state, lang, solver))
    return render_report(case, fmt, lang), media


def _workbook_scenarios(path: Path, state: Any, lang: str, solver: str) -> Any:
    """The workbook's "Scenarier" and "Budgetkurve" sheets (`meeting.stored_scenarios`)."""
    from digipulje.meeting.memo import stored_scenarios

    def make() -> Any:
        with _solve_lock:
            return stored_scenarios(state, gettext("The round's pool", lang=lang), solver)

    return _cached(("workbook-scenarios", str(Path(path).resolve()), state.round, lang, solver, state.last_event),
                   make)


# --- the log --------------------------------------------------------------------------------

def history(path: Path, round: str, lang: str = "da") -> list[dict[str, Any]]:
    from digipulje.reports.rounds import KIND, describe_event

    with database(path) as store:
        round_store.read_round(store, round)  # the round exists
        events = round_log.read_events(store, round)
    return [{"seq": e.seq, "at": e.at, "actor": e.actor, "kind": KIND[lang][e.kind],
             "what": describe_event(e, lang), "reason": e.reason or ""} for e in events]


# --- scenarios --------------------------------------------------------------------------------

SCENARIO_FIELDS = ("budget", "partial_floor", "max_grants", *(f"w_{w}" for w in _WEIGHTS))
SCENARIO_DRAWS = 100  # weight draws on the scenario page (the command's default is 1.000: a page answers sooner)


def scenario_fields(path: Path, round: str) -> dict[str, str]:
    """The scenario form, filled with the round's own pool."""
    with database(path) as store:
        pool = round_store.read_round(store, round).pool
    values = pool_fields(pool)
    return {k: values[k] for k in SCENARIO_FIELDS}


def _scenario_pool(base_pool: Pool, form: Mapping[str, str]) -> tuple[Pool | None, dict[str, str]]:
    """The round's pool with the scenario form's budget, rules and weights; or the form's problems by field."""
    other_pool = None
    data = base_pool.model_dump(mode="json")
    errors: dict[str, str] = {}
    try:
        data["budget_dkk"] = parse_kroner(form.get("budget", ""))
    except InputError as error:
        errors["budget"] = error.lines[0]
    for field, target, key, scale in (("partial_floor", "rules", "partial_floor", 100),
                                      *((f"w_{w}", "weights", w, 1) for w in _WEIGHTS)):
        try:
            data[target][key] = parse_decimal(form.get(field, ""), 0, 100 if target == "rules" else MAX_WEIGHT) / scale
        except InputError as error:
            errors[field] = error.lines[0]
    max_grants = form.get("max_grants", "").strip()
    data["rules"]["max_grants"] = None
    if max_grants:
        try:
            data["rules"]["max_grants"] = parse_whole(max_grants, 1, MAX_GRANTS)
        except InputError as error:
            errors["max_grants"] = error.lines[0]
    if not errors:
        try:
            other_pool = Pool.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                errors.setdefault(_FIELD_OF_LOC.get(tuple(str(p) for p in err["loc"]), "budget"),
                                  err["msg"].removeprefix("Value error, "))
    return other_pool, errors


def scenario(path: Path, round: str, form: Mapping[str, str], lang: str = "da", robustness: bool = False,
             solver: str = "exact", with_decision: bool = False) -> dict[str, Any]:
    """The round's recommendation beside the same round under another budget, rules or weights:
    each application's grant in both, the differences marked; the budget curve of the round's own
    pool (chart and table), its five best distinct funded sets, and (on request) how often each
    application is funded when the weights vary. Returns {"errors": {...}} for a form with problems."""
    with database(path) as store:
        state = round_store.read_round(store, round)
    if not state.applications:
        raise RoundStoreError(gettext("round {round} has no applications yet: import them first", round=round))
    base_pool = state.pool
    other_pool, errors = _scenario_pool(base_pool, form)
    if errors:
        return {"errors": errors}
    data = other_pool.model_dump(mode="json")
    applications = tuple(state.applications.values())
    assessments = tuple(state.assessments())
    overrides = tuple(state.decision.overrides) if with_decision and state.decision is not None else ()
    key = ("scenario", str(Path(path).resolve()), round, lang, solver, robustness, bool(overrides),
           json.dumps(data, sort_keys=True), state.last_event)

    def make() -> dict[str, Any]:
        return _for_readers(_scenario_view, applications, base_pool, other_pool, overrides, assessments, lang,
                            solver, robustness)

    return _cached(key, make)


def _scenario_view(applications: tuple, base_pool: Pool, other_pool: Pool, overrides: tuple, assessments: tuple,
                   lang: str, solver: str, robustness: bool) -> dict[str, Any]:
    """The scenario page's figures (`scenario`), made in the readers' process."""
    from digipulje.meeting.scenarios import budget_curve_of, compare_scenarios
    from digipulje.analyses.alternatives import near_best
    from digipulje.analyses.robustness import DEFAULT_SEED, DEFAULT_SPREAD
    from digipulje.analyses.scenarios import Round, Scenario
    from digipulje.reports.curve import budget_curve_svg

    # The scenario is `digipulje compare`'s, with each scenario decided on its own terms
    # (`stay_close_to_base = false`): with the chiefs' changes, their decision there, by decide's one rule.
    comparison_base = Round(applications, base_pool, overrides, assessments)
    changes = Scenario(name=gettext("Scenario", lang=lang), budget_dkk=other_pool.budget_dkk,
                       weights=other_pool.weights.model_dump(), rules=other_pool.rules.model_dump())
    try:
        comparison = compare_scenarios(comparison_base, [changes],
                                       solver=solver, stay_close_to_base=False, price=False, locate=False)
    except DigipuljeError as error:  # the chiefs' changes cannot all hold in this scenario
        return {"errors": {"with_decision": " ".join(error.lines)}}
    base = comparison.recommendation or comparison.base.allocation
    other = comparison.results[1].allocation
    # With the chiefs' changes the curve is their decision at each budget, as `sweep --overrides`
    # and the memo show it, from the smallest budget at which the changes can all hold.
    curve = budget_curve_of(comparison_base, comparison.base.allocation)
    options = near_best(applications, base_pool, overrides, top=5, solver=solver)  # the first is the curve's point
    shares = None
    if robustness:
        from digipulje.analyses.robustness import weight_robustness

        # around the scenario's own weights, with the chiefs' changes when it has them
        shares = weight_robustness(applications, other_pool, overrides, draws=SCENARIO_DRAWS, workers=1).funded_share
    base_view, other_view = _allocation_view(base, lang), _allocation_view(other, lang)
    by_id = {r["id"]: r for r in other_view["rows"]}
    rows = []
    for r in base_view["rows"]:
        o = by_id[r["id"]]
        rows.append({"id": r["id"], "title": r["title"], "base_dkk": r["granted_dkk"], "base_status": r["status_text"],
                     "other_dkk": o["granted_dkk"], "other_status": o["status_text"],
                     "difference_dkk": o["granted_dkk"] - r["granted_dkk"],
                     "changed": o["granted_dkk"] != r["granted_dkk"] or o["status"] != r["status"],
                     "funded_share": None if shares is None else int(100 * shares.get(r["id"], 0.0) + 0.5)})
    chart = budget_curve_svg(tuple((p.budget_dkk, p.total_score) for p in curve.points), lang,
                             {gettext("the pool", lang=lang): base_pool.budget_dkk}, heading=False)
    return {
        "rows": rows, "base": base_view, "other": other_view,
        "curve": [{"budget_dkk": p.budget_dkk, "score": format_score(p.total_score, lang),
                   "granted_dkk": p.granted_dkk, "funded": ", ".join(p.funded),
                   "is_pool": p.budget_dkk == base_pool.budget_dkk} for p in curve.points],
        "chart_svg": chart,  # markup made by reports.curve, every text in it escaped there
        "alternatives": [{"rank": a.rank, "funded": ", ".join(a.funded), "score": format_score(a.total_score, lang),
                          "gap": format_score(a.gap, lang), "granted_dkk": a.granted_dkk} for a in options],
        "robustness": shares is not None, "overrides": len(overrides), "draws": SCENARIO_DRAWS,
        "spread": decimal_mark(f"{DEFAULT_SPREAD:g}", lang), "seed": DEFAULT_SEED,
    }


def save_scenario(path: Path, round: str, name: str, form: Mapping[str, str], with_decision: bool,
                  actor: str) -> tuple[int | None, dict[str, str]]:
    """Saves the scenario form's terms in the round under `name` (with the chiefs' recorded
    changes when asked and there is a decision); (event, {}) or (None, {field: message})."""
    from digipulje.analyses.scenarios import Scenario
    from digipulje.rounds import scenarios as saved

    with database(path) as store:
        state = round_store.read_round(store, round)
    other_pool, errors = _scenario_pool(state.pool, form)
    try:
        name = saved.check_scenario_name(name)
    except InputError as error:
        errors["scenario_name"] = error.lines[0]
    if errors:
        return None, errors
    overrides = tuple(state.decision.overrides) if with_decision and state.decision is not None else ()
    scenario = Scenario(name=name, budget_dkk=other_pool.budget_dkk, weights=other_pool.weights.model_dump(),
                        rules=other_pool.rules.model_dump(), override=overrides)
    try:
        with database(path) as store:
            return saved.save_scenario(store, round, scenario, actor, with_decision=bool(overrides)).seq, {}
    except InputError as error:
        return None, {"scenario_name": error.lines[0]}


def delete_scenario(path: Path, round: str, name: str, actor: str) -> int:
    from digipulje.rounds import scenarios as saved

    with database(path) as store:
        return saved.delete_scenario(store, round, name, actor).seq


def _saved_comparison(state: Any, solver: str, lang: str):
    """The round's saved scenarios through `meeting.compare_saved`, the round's own pool first;
    None while none is saved."""
    from digipulje.meeting.scenarios import compare_saved
    from digipulje.analyses.scenarios import Round
    from digipulje.rounds.scenarios import saved_scenarios

    saved = saved_scenarios(state)
    if not saved or not state.applications:
        return None, saved
    base = Round(tuple(state.applications.values()), state.pool, (), tuple(state.assessments()))
    with _solve_lock:
        comparison = compare_saved(base, [s.scenario for s in saved], solver=solver,
                                   base_name=gettext("The round's pool", lang=lang))
    return comparison, saved


def saved_scenarios_view(path: Path, round: str, lang: str = "da", solver: str = "exact") -> dict[str, Any] | None:
    """The round's saved scenarios side by side: a column per scenario (after the round's own
    pool), a row per application with its grant in each, the totals and the total scores; who
    saved each and when. None while none is saved."""
    with database(path) as store:
        key = ("saved", str(Path(path).resolve()), round, lang, solver, _log_head(store))
        state = round_store.read_round(store, round)

    def make() -> dict[str, Any] | None:
        try:
            comparison, saved = _saved_comparison(state, solver, lang)
        except DigipuljeError as error:
            return {"error": " ".join(error.lines)}
        if comparison is None:
            return None
        columns = []
        for result, stored in zip(comparison.results, (None, *saved)):
            a = result.allocation
            columns.append({
                "name": result.name, "budget_dkk": a.budget_dkk, "granted_dkk": a.granted_dkk,
                "remainder_dkk": a.remainder_dkk, "total_score": format_score(a.total_score, lang),
                "funded": sum(1 for d in a.decisions if d.status.granted), "saved": stored is not None,
                "with_decision": bool(stored and stored.with_decision),
                "changes": len(stored.scenario.override) if stored else 0,
                "by": stored.event.actor if stored else "", "at": stored.event.at if stored else ""})
        grants = [r.allocation.granted_by_id() for r in comparison.results]
        rows = [{"id": app.id, "title": app.title, "requested_dkk": app.requested_dkk,
                 "grants": [g.get(app.id, 0) for g in grants],
                 "differs": len({g.get(app.id, 0) for g in grants}) > 1} for app in comparison.applications]
        return {"columns": columns, "rows": rows}

    return _cached(key, make)


# --- the council members' ratings --------------------------------------------------------------

def rating_scales(lang: str = "da") -> list[dict[str, Any]]:
    """The rated principles with the anchored text of each step 0–4."""
    from digipulje.applications.principles import CRITERIA, SCALE_MAX
    from digipulje.scoring.scales import SCALES

    return [{"key": c.key, "name": c.name(lang), "principle": c.principle,
             "anchors": [(r, SCALES[c.key].anchor(r, lang)) for r in range(SCALE_MAX + 1)]} for c in CRITERIA]


def is_recused(path: Path, round: str, application: str, department: str | None) -> bool:
    from digipulje.scoring.panel import is_recused as recused

    with database(path) as store:
        app = round_store.read_round(store, round).applications.get(application)
    return app is not None and bool(department) and recused(department, app)


def my_ratings(path: Path, round: str, assessor: str) -> dict[str, dict[str, int]]:
    """This council member's latest ratings, by application."""
    with database(path) as store:
        state = round_store.read_round(store, round)
    mine: dict[str, dict[str, int]] = {}
    for r in state.assessments():
        if r.assessor == assessor:
            mine.setdefault(r.application, {})[r.criterion] = r.rating
    return mine


def rate(path: Path, round: str, assessor: str, department: str, application: str,
         form: Mapping[str, str]) -> tuple[int | None, dict[str, str]]:
    """Stores one member's ratings of one application (every principle must be rated)."""
    from digipulje.applications.principles import CRITERIA

    errors: dict[str, str] = {}
    ratings: dict[str, int] = {}
    for c in CRITERIA:
        value = form.get(f"rating_{c.key}", "")
        if value not in ("0", "1", "2", "3", "4"):
            errors[f"rating_{c.key}"] = N_("choose a rating from 0 to 4")
        else:
            ratings[c.key] = int(value)
    if errors:
        return None, errors
    with database(path) as store:
        return round_store.rate_application(store, round, assessor, department, application, ratings).seq, {}


def assessment_overview(path: Path, round: str, assessors: Sequence[tuple[str, str | None]],
                        lang: str = "da") -> list[dict[str, Any]]:
    """Per application: each principle's aggregate of the counted ratings, the spreads to discuss,
    the score from the ratings, who rated, who is recused and which council members have not rated."""
    from digipulje.applications.principles import CRITERIA
    from digipulje.scoring.panel import convene_panels, score_application
    from digipulje.scoring.panel import is_recused as recused

    with database(path) as store:
        state = round_store.read_round(store, round)
    assessments = state.assessments()
    panels = convene_panels(assessments, state.applications.values(), state.pool.rules.aggregation)
    rows = []
    for app in state.applications.values():
        panel = panels.get(app.id)
        rated = {r.assessor for r in assessments if r.application == app.id}
        criteria = []
        for c in CRITERIA:
            part = None if panel is None else next(p for p in panel.criteria if p.criterion == c.key)
            criteria.append({
                "key": c.key,
                "value": "" if part is None or part.rating is None else format_score(float(part.rating), lang),
                "discuss": part is not None and part.for_discussion,
                "range": "" if part is None or not part.counted else f"{min(part.counted)}–{max(part.counted)}",
            })
        score = None if panel is None else format_score(score_application(app, state.pool.weights, panel).value, lang)
        rows.append({
            "id": app.id, "title": app.title, "department": app.department, "criteria": criteria, "score": score,
            "rated_by": sorted(rated),
            "recused": sorted(name for name, dept in assessors if dept and recused(dept, app)),
            "missing": sorted(name for name, dept in assessors
                              if name not in rated and not (dept and recused(dept, app))),
            "discuss": any(c["discuss"] for c in criteria),
        })
    return rows


# --- one application, the departments, the allocation chart (read by web.pages) -----------------

def application_detail(path: Path, round: str, application: str, lang: str = "da",
                       kitos_export: Path | None = None) -> dict[str, Any] | None:
    """One application as its page shows it: what it asks and says, the council's verdict and text,
    each principle's rating from the sheet and each council member's (with the recusals), the
    KITOS hints when an export is given, and the log's events that name it. None: no such application."""
    from digipulje.applications.principles import CRITERIA
    from digipulje.reports.rounds import KIND, describe_event
    from digipulje.scoring.panel import is_recused as recused

    with database(path) as store:
        state = round_store.read_round(store, round)
    app = state.applications.get(application)
    if app is None:
        return None
    votes = [{"assessor": r.assessor, "department": r.department, "criterion": r.criterion, "rating": r.rating,
              "counted": not recused(r.department, app)} for r in state.assessments() if r.application == app.id]
    hints: list[str] | None = None
    if kitos_export is not None:
        from digipulje.applications.kitos import read_kitos
        from digipulje.applications.kitos_hints import screening_hints

        try:
            hints = [h.text(lang) for h in screening_hints(app, read_kitos(kitos_export).usages, dt.date.today())]
        except (DigipuljeError, OSError, ValueError):
            hints = None
    kind = KIND[lang]
    events = [{"seq": e.seq, "at": e.at, "actor": e.actor, "kind": kind[e.kind], "what": describe_event(e, lang),
               "reason": e.reason or ""} for e in state.events if _names(e, app.id)]
    data = app.model_dump(mode="json")
    return {**data, "min_dkk": state.pool.min_grant_for(app), "own_min": app.min_dkk is not None,
            "verdict": None if app.assessment is None else app.assessment.verdict.value,
            "criteria": [{"key": c.key, "name": c.name(lang), "principle": c.principle,
                          "sheet": getattr(app.ratings, c.key),
                          "votes": [v for v in votes if v["criterion"] == c.key]} for c in CRITERIA],
            "kitos": hints, "events": events}


def _names(event: Any, application: str) -> bool:
    """Whether a log event concerns this application: it names it, imports it, or allocates the round."""
    payload = event.payload
    if event.kind in (round_log.Kind.ALLOCATION, round_log.Kind.DECISION):
        return True
    if event.kind is round_log.Kind.IMPORT:
        return any(application in s.get("applications", ()) for s in payload.get("sources", ()))
    return payload.get("application") == application


def rated_after(path: Path, round: str, seq: int) -> list[dict[str, Any]]:
    """The council members' ratings logged after event `seq` (the recommendation's): who, which, when."""
    with database(path) as store:
        state = round_store.read_round(store, round)
    return [{"seq": e.seq, "at": e.at, "assessor": e.payload["assessor"], "application": e.payload["application"]}
            for e in state.rating_events if e.seq > seq]


def canonical_department(name: str) -> str:
    """A department's name as recusal and the department lists compare it (`scoring.panel`)."""
    from digipulje.scoring.panel import canonical_department as canonical

    return canonical(name)


def known_departments(path: Path) -> list[str]:
    """The departments the database knows: those of the imported applications (their department,
    unit and the departments taking part), in every round; one spelling of each, sorted."""
    with database(path) as store:
        key = ("departments", str(Path(path).resolve()), _log_head(store))

        def make() -> list[str]:
            found: dict[str, str] = {}
            for name in round_store.rounds_in(store):
                for app in round_store.read_round(store, name).applications.values():
                    for d in (app.department, app.unit, *app.other_departments):
                        if d and d.strip():
                            found.setdefault(canonical_department(d), " ".join(d.split()))
            return sorted(found.values(), key=str.casefold)

        return _cached(key, make)


def allocation_chart(rows: Sequence[Mapping[str, Any]], budget_dkk: int, lang: str = "da",
                     described_by: str | None = None) -> str:
    """The allocation's chart (granted against asked, the pool used), as markup made by reports.chart."""
    from digipulje.reports.chart import Bar, allocation_chart_svg

    bars = tuple(Bar(r["id"], r["title"], r["requested_dkk"], r["granted_dkk"]) for r in rows)
    return allocation_chart_svg(bars, budget_dkk, lang, described_by=described_by)
