"""The round as text for the council and the chiefs, in Danish (default) or English.

Rendering returns strings; printing is the command line's business.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from decimal import Decimal

from digipulje.applications.principles import BOTTOM_LINES
from digipulje.pool.overrides import action_named
from digipulje.rounds.followup import Benefit, FollowUpSummary, Progress
from digipulje.rounds.log import Event, Kind, Verification
from digipulje.rounds.replay import Replay
from digipulje.rounds.rounds import RoundState
from digipulje.base.money import decimal_mark, format_dkk, format_number
from digipulje.messages import _
from digipulje.messages.tables import in_language, rendered


def _words() -> dict[str, str]:
    return {
        "round": _("Round"),
        "opened": _("Opened"),
        "by": _("by"),
        "event": _("event"),
        "files": _("Files imported"),
        "applications": _("applications"),
        "asked": _("asked in total"),
        "pool": _("pool"),
        "no_applications": _("No applications yet."),
        "no_recommendation": _("No recommendation yet."),
        "no_decision": _("No decision yet."),
        "recommendation": _("The IT project council's recommendation"),
        "decision": _("The chiefs' decision"),
        "followup": _("Follow-up"),
        "granted": _("Granted"),
        "status": _("Status"),
        "end": _("End date"),
        "returned": _("Returned to the pool"),
        "id": _("ID"),
        "title": _("Application"),
        "total": _("Total"),
        "in_use": _("in use"),
        "available": _("available in the pool"),
        "benefits": _("Benefits"),
        "expected": _("expected"),
        "realised": _("realised"),
        "measured": _("measured"),
        "not_measured": _("not measured yet"),
        "time": _("Time"),
        "actor": _("Actor"),
        "kind": _("Event"),
        "what": _("What"),
        "no_events": _("No events yet."),
        "intact": _("The decision log is intact"),
        "events": _("events"),
        "head": _("last hash"),
        "recomputed": _("recomputed"),
        "identical": _("identical to the stored result"),
        "different": _("differs from the stored result"),
        "then_now": _("stored / now"),
        "baseline": _("baseline"),
        "rejected": _("rejected"),
        "replaced": _("replacing"),
        "from": _("from"),
        "new_end": _("new end date"),
        "returned_short": _("returned to the pool"),
        "today": _("today"),
        "target": _("target"),
        "reached": _("target reached"),
        "not_reached": _("target not reached"),
        "note": _("Note"),
    }

def _kinds() -> dict[Kind, str]:
    return {
        Kind.OPEN: _("opened"),
        Kind.IMPORT: _("import"),
        Kind.ASSESSMENT: _("assessment"),
        Kind.REJECTION: _("rejection"),
        Kind.OVERRIDE: _("override"),
        Kind.ALLOCATION: _("recommendation"),
        Kind.DECISION: _("decision"),
        Kind.FOLLOWUP: _("follow-up"),
        Kind.BENEFIT: _("benefit"),
        Kind.RATING: _("rating"),
        Kind.SUBMISSION: _("application (a log event)"),
        Kind.REOPEN: _("decision reopened"),
        Kind.SCENARIO: _("scenario (a log event)"),
    }

class _ByLanguage:
    """A table of catalogue texts indexed by language, for callers that look a word up as
    `KIND[lang][kind]`."""

    def __init__(self, table):
        self._table = table

    def __getitem__(self, lang: str):
        return rendered(self._table, lang)


KIND = _ByLanguage(_kinds)


def _progress() -> dict[Progress, str]:
    return {
        Progress.NOT_STARTED: _("not started"),
        Progress.RUNNING: _("running"),
        Progress.DELAYED: _("delayed"),
        Progress.DONE: _("done"),
        Progress.CANCELLED: _("cancelled"),
    }

def _verdicts() -> dict[str, str]:
    return {
        "eligible": _("assessed"),
        "not_recommended": _("not recommended"),
        "rejected": _("rejected"),
    }

def _bottom_line_word(key: str, lang: str) -> str:
    """A bottom line in running text ("borger"); an indicator of the application's own as it is."""
    return next((c.word(lang) for c in BOTTOM_LINES if c.key == key), key)

_MONTHS_DA = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
              "oktober", "november", "december")


def _lang(lang: str) -> str:
    return "da" if lang == "da" else "en"


def format_date(day: dt.date, lang: str = "da") -> str:
    """1. december 2025 in Danish, 2025-12-01 in English."""
    if _lang(lang) == "da":
        return f"{day.day}. {_MONTHS_DA[day.month - 1]} {day.year}"
    return day.isoformat()


def format_time(at: str) -> str:
    """The event's UTC time as 2025-05-07 10:15 UTC."""
    return at.replace("T", " ")[:16] + " UTC"


def render_round(state: RoundState, lang: str = "da") -> str:
    from digipulje.reports.table import render_table

    w = rendered(_words, lang)
    pool = state.pool
    name = f"{pool.name} {pool.year}" if pool.year else pool.name
    out = [f"{w['round']} {state.round}: {name}, {w['pool']} {format_dkk(pool.budget_dkk, lang)}",
           f"{w['opened']} {format_time(state.opened.at)} {w['by']} {state.opened.actor} "
           f"({w['event']} {state.opened.seq})", ""]
    if state.imports:
        out.append(f"{w['files']}:")
        for event in state.imports:
            for source in event.payload["sources"]:
                out.append(f"  {source['file']}  {source['sha256'][:19]}…  "
                           f"{len(source['applications'])} {w['applications']}  "
                           f"({w['event']} {event.seq}, {format_time(event.at)}, {event.actor})")
        asked = sum(a.requested_dkk for a in state.applications.values())
        out.append(f"{len(state.applications)} {w['applications']}, {w['asked']} {format_dkk(asked, lang)}")
    else:
        out.append(w["no_applications"])
    out.append("")
    for key, stored in (("recommendation", state.recommendation), ("decision", state.decision)):
        if stored is None:
            out += [w[f"no_{key}"], ""]
            continue
        title = (f"== {w[key]} ({w['event']} {stored.event.seq}, {format_time(stored.event.at)}, "
                 f"{stored.event.actor}) ==")
        out.append(render_table(stored.allocation, lang, title=title))
    return "\n".join(out).rstrip("\n") + "\n"


def round_to_json(state: RoundState, lang: str = "da") -> dict:
    """The round for other programs: pool, files, recommendation and decision with their events.

    Each allocation is `Allocation.to_json` (the allocation JSON in the README)."""
    def stored(value):  # StoredAllocation | None
        if value is None:
            return None
        event = value.event
        return {"event": event.seq, "at": event.at, "actor": event.actor, "reason": event.reason,
                "allocation": value.allocation.to_json(lang)}

    return {
        "round": state.round,
        "pool": state.pool.model_dump(mode="json"),
        "opened": {"event": state.opened.seq, "at": state.opened.at, "actor": state.opened.actor},
        "sources": [{**source, "event": e.seq, "at": e.at, "actor": e.actor}
                    for e in state.imports for source in e.payload["sources"]],
        "applications": sorted(state.applications),
        "recommendation": stored(state.recommendation),
        "decision": stored(state.decision),
        "last_event": state.last_event,
    }


def describe_event(event: Event, lang: str = "da") -> str:
    """One line in the pool's words: what the event did."""
    lang = _lang(lang)
    w = rendered(_words, lang)
    p = event.payload
    if event.kind is Kind.OPEN:
        pool = p["pool"]
        return f"{pool['name']}, {w['pool']} {format_dkk(pool['budget_dkk'], lang)}"
    if event.kind is Kind.IMPORT:
        files = ", ".join(f"{s['file']} ({s['sha256'][:19]}…)" for s in p["sources"])
        text = f"{len(p['applications'])} {w['applications']} {w['from']} {files}"
        if p["replaced"]:
            text += f"; {w['replaced']} {', '.join(p['replaced'])}"
        return text
    if event.kind in (Kind.ASSESSMENT, Kind.REJECTION):
        return f"{p['application']}: {rendered(_verdicts, lang)[p['verdict']]}"
    if event.kind is Kind.OVERRIDE:
        return _describe_override(p, lang)
    if event.kind is Kind.SUBMISSION:
        from digipulje.rounds.submissions import describe_step

        return describe_step(p, lang)
    if event.kind is Kind.RATING:
        from digipulje.applications.principles import CRITERIA

        ratings = ", ".join(f"{c.name(lang)} {p['ratings'][c.key]}"
                            for c in CRITERIA if c.key in p["ratings"])
        return f"{p['application']}: {ratings} ({p['assessor']}, {p['department']})"
    if event.kind in (Kind.ALLOCATION, Kind.DECISION):
        decisions = p["result"]["decisions"]
        grants = ", ".join(f"{d['id']} {format_dkk(d['granted_dkk'], lang)}" for d in decisions if d["granted_dkk"])
        total = sum(d["granted_dkk"] for d in decisions)
        text = f"{grants or '-'} ({w['total'].lower()} {format_dkk(total, lang)})"
        if event.kind is Kind.DECISION:
            text += f"; {w['baseline']}: {w['event']} {p['recommendation_event']}"
        return text
    if event.kind is Kind.REOPEN:
        with in_language(lang):
            return _("the decision of event {seq} is set aside; a new one is to be recorded",
                     seq=p["decision_event"])
    if event.kind is Kind.SCENARIO:
        return _describe_scenario(p, lang)
    if event.kind is Kind.FOLLOWUP:
        status = Progress(p["status"])
        text = f"{p['application']}: {rendered(_progress, lang)[status]}"
        if p.get("end_date"):
            text += f", {w['new_end'] if status is Progress.DELAYED else w['end'].lower()} " \
                    f"{format_date(dt.date.fromisoformat(p['end_date']), lang)}"
        if p.get("returned_dkk"):
            text += f", {format_dkk(p['returned_dkk'], lang)} {w['returned_short']}"
        return text
    indicator = _bottom_line_word(p["indicator"], lang)
    return f"{p['application']} {indicator}: {p['realised']} ({w['measured']} " \
           f"{format_date(dt.date.fromisoformat(p['measured_on']), lang)})"


def _describe_scenario(p: dict, lang: str) -> str:
    with in_language(lang):
        if p["action"] == "delete":
            return _("scenario '{name}' deleted", name=p["name"])
        s = p["scenario"]
        terms = [format_dkk(s["budget_dkk"], lang)] if s.get("budget_dkk") is not None else []
        if p.get("with_decision"):
            terms.append(_("with the chiefs' changes ({count})", count=len(s.get("override", ()))))
        return _("scenario '{name}' saved: {terms}", name=s["name"], terms=", ".join(terms) or "-")


def _describe_override(p: dict, lang: str) -> str:
    what = action_named(p["action"]).verb(p["application"], p.get("amount_dkk"), lang)
    return f"{what} ({p['decided_by']})"


def render_history(events: Iterable[Event], lang: str = "da") -> str:
    lang = _lang(lang)
    w = rendered(_words, lang)
    events = list(events)
    if not events:
        return w["no_events"] + "\n"
    header = ["#", w["time"], w["round"], w["actor"], w["kind"], w["what"]]
    rows = []
    for e in events:
        what = describe_event(e, lang)
        if e.reason and e.kind is not Kind.BENEFIT:
            what += f" — {e.reason}"
        rows.append([str(e.seq), format_time(e.at), e.round, e.actor, rendered(_kinds, lang)[e.kind], what])
    return _table(header, rows, right={0})


def render_followup(summary: FollowUpSummary, lang: str = "da") -> str:
    lang = _lang(lang)
    w = rendered(_words, lang)
    out = [f"{w['followup']}, {w['round'].lower()} {summary.round} ({w['decision']}, "
           f"{w['event']} {summary.decision_event})", ""]
    header = [w["id"], w["title"], w["granted"], w["status"], w["end"], w["returned"]]
    rows = [[p.application, p.title if len(p.title) <= 40 else p.title[:39] + "…", format_dkk(p.granted_dkk, lang), rendered(_progress, lang)[p.status],
             format_date(p.end_date, lang) if p.end_date else "", format_dkk(p.returned_dkk, lang)]
            for p in summary.projects]
    rows.append([w["total"], "", format_dkk(summary.granted_dkk, lang), "", "",
                 format_dkk(summary.returned_dkk, lang)])
    out.append(_table(header, rows, right={2, 5}, rule_before_last=True).rstrip("\n"))
    out += ["", f"{w['granted']} {format_dkk(summary.granted_dkk, lang)}, {w['returned'].lower()} "
                f"{format_dkk(summary.returned_dkk, lang)}, {w['in_use']} {format_dkk(summary.in_use_dkk, lang)}; "
                f"{format_dkk(summary.available_dkk, lang)} {w['available']} "
                f"({w['pool']} {format_dkk(summary.budget_dkk, lang)})", "", f"{w['benefits']}:"]
    for p in summary.projects:
        for b in p.benefits:
            if b.measure is not None:
                out.append(f"  {p.application} {_describe_measured(b, lang)}")
                continue
            indicator = _bottom_line_word(b.indicator, lang)
            if b.realised is None:
                result = w["not_measured"]
            else:
                measured = format_date(b.measured_on, lang) if b.measured_on else ""
                result = f"{w['realised']}: {b.realised} ({w['measured']} {measured})"
            out.append(f"  {p.application} {indicator}: {w['expected']} {b.expected}; {result}")
    return "\n".join(out) + "\n"


def format_quantity(value: Decimal, lang: str = "da") -> str:
    """An indicator's figure as written, grouped: 1.500,5 in Danish, 1,500.5 in English."""
    whole, _, decimals = f"{abs(value):f}".partition(".")
    text = format_number(int(whole), lang) + (decimal_mark("." + decimals, lang) if decimals else "")
    return ("-" if value < 0 else "") + text


def _describe_measured(b: Benefit, lang: str) -> str:
    """One of the application's own indicators: its figures today and as target, and what was realised."""
    w = rendered(_words, lang)
    m = b.measure
    unit = f" {m.unit}" if m.unit else ""
    line = _bottom_line_word(m.bottom_line.value, lang) if m.bottom_line else None
    text = f"{m.name}" + (f" ({line})" if line else "") + ":"
    figures = [f"{w[word]} {format_quantity(v, lang)}{unit}" for word, v in (("today", m.baseline), ("target", m.target))
               if v is not None]
    if figures:
        text += " " + ", ".join(figures) + ";"
    if b.realised is None:
        return f"{text} {w['not_measured']}"
    realised = b.realised if b.value is None else f"{format_quantity(b.value, lang)}{unit}"
    measured = format_date(b.measured_on, lang) if b.measured_on else ""
    text += f" {w['realised']}: {realised} ({w['measured']} {measured})"
    if b.target_reached is not None:
        text += f"; {w['reached'] if b.target_reached else w['not_reached']}"
    return text


def render_verification(verification: Verification, lang: str = "da") -> str:
    w = rendered(_words, lang)
    return (f"{w['intact']}: {format_number(verification.events, lang)} {w['events']}, "
            f"{w['head']} {verification.head}\n")


def render_replay(replay: Replay, lang: str = "da") -> str:
    lang = _lang(lang)
    w = rendered(_words, lang)
    event = replay.stored.event
    verdict = w["identical"] if replay.identical else w["different"]
    out = [f"{w['event'].capitalize()} {event.seq} ({rendered(_kinds, lang)[event.kind]}, {w['round'].lower()} {event.round}, "
           f"{format_time(event.at)}) {w['recomputed']}: {verdict}"]
    out += [f"  {d}" for d in replay.differences]
    out += [f"{w['note']}: {n}" for n in replay.notes]
    return "\n".join(out) + "\n"


def _table(header: list[str], rows: list[list[str]], right: Collection[int] = (),
           rule_before_last: bool = False) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(wd) if i in right else c.ljust(wd)
                         for i, (c, wd) in enumerate(zip(cells, widths))).rstrip()

    rule = "  ".join("-" * wd for wd in widths)
    body = [line(r) for r in rows]
    if rule_before_last and body:
        body.insert(len(body) - 1, rule)
    return "\n".join([line(header), rule, *body]) + "\n"
