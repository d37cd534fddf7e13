"""Screening hints from KITOS: what the municipality already has that bears on an application.

In 2025 the council found out by hand whether an existing system already covered a need (the
time registration in "Mine Apps" for A5; cheaper alternatives for A6). `screening_hints` does
that look-up for one application against the KITOS system usages and returns *hints*: facts
for the council to weigh, each saying why it was given. A hint never changes a rating, a verdict
or an allocation — the council decides.

The hints, in the order they are given:

    system_in_use            a system named in the application (in its systems, or by name in its
                             title) is registered in KITOS, and by which units
    system_not_in_kitos      a system in the application's systems is not in KITOS
    cross_cutting_evidence   units beyond the applicant use a system in use above (principle 4)
    check_overlap            another registered system whose supplier or KLE group matches the
                             application: check whether it already covers the need
    stale_usage              a registration above not changed for more than a year
    undated_usage            a registration above without a date of last change

Names are compared after `normalise_name` (case, spaces, punctuation and æ/ø/å spellings do not
count), and every match says which rule made it, so a surprising hint can be checked by hand.
Pure: no files, no clock — `today` is passed in.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict

from digipulje.applications.kitos import LIFE_CYCLE_NAMES, KitosExport, LifeCycle, SystemUsage
from digipulje.applications.model import Application
from digipulje.applications.principles import CROSS_CUTTING_PRINCIPLE, criteria_of
from digipulje.messages import _, current_language, ngettext
from digipulje.messages.tables import in_language

CODES = ("system_in_use", "system_not_in_kitos", "cross_cutting_evidence", "check_overlap", "stale_usage",
         "undated_usage")


class Hint(BaseModel):
    """One screening hint: a stable `code`, the `facts` behind it, and `text(lang)` to read."""

    model_config = ConfigDict(frozen=True)

    code: str
    facts: dict[str, Any] = {}

    def text(self, lang: str = "da") -> str:
        with in_language(lang):
            return _RENDER[self.code](self.facts)

    def to_json(self, lang: str = "da") -> dict[str, Any]:
        return {"code": self.code, "facts": self.facts, "text": self.text(lang)}


# --- names -------------------------------------------------------------------------------------

_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_COMPANY_FORMS = ({"a", "s"}, {"aps"}, {"as"}, {"i", "s"}, {"k", "s"}, {"p", "s"}, {"ltd"}, {"gmbh"}, {"ab"},
                  {"inc"}, {"danmark"}, {"denmark"})
MIN_NAME_CHARS = 3  # a shorter name ("IT", "A") would match almost any title


@lru_cache(maxsize=1 << 16)  # the same KITOS names are compared for every application of a round
def normalise_name(text: str) -> str:
    """Lower-case words of letters and digits, æ/ø/å spelt ae/oe/aa: "Mine-Apps (Ø)" -> "mine apps oe"."""
    text = unicodedata.normalize("NFKC", str(text)).casefold().translate(_LETTERS)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[a-z0-9]+", text))


@lru_cache(maxsize=1 << 16)
def _compact(text: str) -> str:
    return normalise_name(text).replace(" ", "")


@lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    return tuple(normalise_name(text).split())


@lru_cache(maxsize=1 << 14)
def _company_words(name: str) -> tuple[str, ...]:
    """A supplier's name without its company form: "KMD A/S" -> ["kmd"], "IST Danmark ApS" -> ["ist"]."""
    words = list(_words(name))
    changed = True
    while changed and words:
        changed = False
        for form in _COMPANY_FORMS:
            if len(words) > len(form) and set(words[-len(form):]) == form:
                words = words[:-len(form)]
                changed = True
    return tuple(words)


def _contains_phrase(words: Sequence[str], phrase: Sequence[str]) -> bool:
    n = len(phrase)
    if n == 0 or phrase[0] not in words:  # the common case, decided without slicing
        return False
    phrase = tuple(phrase)
    return any(tuple(words[i:i + n]) == phrase for i in range(len(words) - n + 1))


def _long_enough(words: Sequence[str]) -> bool:
    return len("".join(words)) >= MIN_NAME_CHARS


# --- matching ----------------------------------------------------------------------------------


def _named_match(named: str, usage: SystemUsage) -> tuple[str, str | None] | None:
    """How a system named in the application is the same as a KITOS usage, or None.

    Returns the rule and, for the rules that match another field than the system name, that
    field's value. Word containment is the weakest rule and is only used when no stronger rule
    matches any usage (see `_find_named`).
    """
    key = named.strip().casefold()
    if key and key in {(usage.system_uuid or "").casefold(), (usage.usage_uuid or "").casefold()}:
        return "uuid", None
    if usage.local_id and _compact(named) == _compact(usage.local_id):
        return "local_id", usage.local_id
    compact = _compact(named)
    if not compact:
        return None
    if compact == _compact(usage.system_name):
        return "name", None
    if usage.local_call_name and compact == _compact(usage.local_call_name):
        return "call_name", usage.local_call_name
    if usage.previous_name and compact == _compact(usage.previous_name):
        return "previous_name", usage.previous_name
    return None


def _words_match(named: str, usage: SystemUsage) -> bool:
    mine, theirs = _words(named), _words(usage.system_name)
    shorter, longer = sorted((mine, theirs), key=len)
    return _long_enough(shorter) and _contains_phrase(longer, shorter)


def _find_named(named: str, usages: Sequence[SystemUsage]) -> list[tuple[SystemUsage, str, str | None]]:
    strong = [(u, *m) for u in usages if (m := _named_match(named, u)) is not None]
    if strong:
        return strong
    return [(u, "words", None) for u in usages if _words_match(named, u)]


def _title_match(application: Application, usage: SystemUsage) -> str | None:
    """The system's name (or local call name) where it stands in the application's title."""
    title = _words(application.title)
    for value in (usage.system_name, usage.local_call_name):
        if value and _long_enough(_words(value)) and _contains_phrase(title, _words(value)):
            return value
    return None


@lru_cache(maxsize=1 << 14)
def _kle_group(code: str) -> str | None:
    parts = code.strip().split(".")
    if len(parts) < 2 or not all(p.isdigit() and len(p) == 2 for p in parts):
        return None
    return ".".join(parts[:2])


def _overlap_reasons(application: Application, usage: SystemUsage) -> list[dict[str, str]]:
    """Why `usage` may already cover the application's need: name, supplier or KLE group."""
    reasons: list[dict[str, str]] = []
    places = [("title", _words(application.title))] + [("systems", _words(s)) for s in application.systems]
    for field, value in (("supplier", usage.supplier), ("rights_holder", usage.rights_holder)):
        if not value:
            continue
        company = _company_words(value)
        if not _long_enough(company):
            continue
        found_in = next((place for place, words in places if _contains_phrase(words, company)), None)
        if found_in is not None and not any(r["via"] in ("supplier", "rights_holder") and
                                            _company_words(r["value"]) == company for r in reasons):
            reasons.append({"via": field, "value": value, "found_in": found_in})
    for code in application.kle_codes:
        group = _kle_group(code)
        if group is None or any(r.get("group") == group for r in reasons):
            continue
        for theirs in usage.kle_codes:
            if _kle_group(theirs) == group:
                reasons.append({"via": "kle", "value": theirs, "application_kle": code.strip(), "group": group})
                break
    return reasons


def _applicant_keys(application: Application) -> set[str]:
    return {_compact(x) for x in (application.unit, application.department) if x}


def _one_year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _usage_facts(usage: SystemUsage) -> dict[str, Any]:
    return {
        "system": usage.system_name,
        "kitos_row": usage.row,
        "units": list(usage.units()),
        "responsible_unit": usage.responsible_unit,
        "life_cycle": usage.life_cycle.value if usage.life_cycle else None,
    }


def _usage_order(usage: SystemUsage) -> tuple:
    return (normalise_name(usage.system_name), usage.system_uuid or "", usage.usage_uuid or "",
            usage.local_id or "", usage.responsible_unit or "", usage.row or 0)


def screening_hints(application: Application, usages: Iterable[SystemUsage], today: dt.date) -> list[Hint]:
    """The KITOS hints for one application, in a fixed order whatever the order of `usages`."""
    usages = sorted(usages, key=_usage_order)
    hints: list[Hint] = []
    named_usages: list[SystemUsage] = []
    named_ids: set[int] = set()  # identity, not equality: pydantic equality is slow over a whole export
    for named in dict.fromkeys(s.strip() for s in application.systems if s.strip()):
        found = _find_named(named, usages)
        if not found:
            hints.append(Hint(code="system_not_in_kitos", facts={"named": named}))
        for usage, rule, via in found:
            hints.append(Hint(code="system_in_use", facts={"named": named, "match": rule, "matched_value": via,
                                                            **_usage_facts(usage)}))
            if id(usage) not in named_ids:
                named_usages.append(usage)
                named_ids.add(id(usage))
    for usage in usages:
        if id(usage) not in named_ids and (value := _title_match(application, usage)) is not None:
            hints.append(Hint(code="system_in_use", facts={"named": value, "match": "title", "matched_value": None,
                                                            **_usage_facts(usage)}))
            named_usages.append(usage)
            named_ids.add(id(usage))

    applicant = _applicant_keys(application)
    for usage in named_usages:
        beyond = [u for u in usage.units() if _compact(u) not in applicant]
        if beyond:
            hints.append(Hint(code="cross_cutting_evidence", facts={
                "system": usage.system_name, "units": beyond, "count": len(beyond),
                "rating": _cross_cutting_rating(application), "kitos_row": usage.row}))

    overlapping: list[SystemUsage] = []
    for usage in usages:
        if id(usage) in named_ids:
            continue
        reasons = _overlap_reasons(application, usage)
        if reasons:
            hints.append(Hint(code="check_overlap", facts={**_usage_facts(usage), "reasons": reasons,
                                                           "supplier": usage.supplier}))
            overlapping.append(usage)

    year_ago = _one_year_before(today)
    for usage in named_usages + overlapping:
        if usage.last_changed is None:
            hints.append(Hint(code="undated_usage", facts={"system": usage.system_name, "kitos_row": usage.row}))
        elif usage.last_changed < year_ago:
            hints.append(Hint(code="stale_usage", facts={
                "system": usage.system_name, "kitos_row": usage.row, "last_changed": usage.last_changed.isoformat(),
                "today": today.isoformat(), "days": (today - usage.last_changed).days}))
    return hints


@dataclass(frozen=True)
class KitosScreening:
    """A KITOS export brought into `validate` or a report: the hints for any application of the
    round, with stale registrations judged as of `today`."""

    export: KitosExport
    today: dt.date

    def hints(self, application: Application) -> list[Hint]:
        return screening_hints(application, self.export.usages, self.today)

    def source_json(self) -> dict[str, Any]:
        return {"file": self.export.file, "usages": len(self.export.usages), "today": self.today.isoformat()}


def _cross_cutting_rating(application: Application) -> int | None:
    """The council's rating of the principle KITOS gives evidence for (a cross-cutting need)."""
    criterion, = criteria_of(CROSS_CUTTING_PRINCIPLE)
    return getattr(application.ratings, criterion.key)


# --- text --------------------------------------------------------------------------------------


def _date(iso: str) -> str:
    """"5. marts 2024" or "5 March 2024": the long date of the language in force (Babel's CLDR data)."""
    from babel.dates import format_date

    return format_date(dt.date.fromisoformat(iso), format="long", locale=_LOCALES[current_language()])


_LOCALES = {"da": "da_DK", "en": "en_GB"}


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {_('and')} " + items[-1]


def _number(n: int) -> str:
    """Thousands grouped as the language in force writes them: 1.234 or 1,234."""
    return f"{n:,}".replace(",", "." if current_language() == "da" else ",")


def _units(facts: dict[str, Any]) -> str:
    units = [_("{unit} (responsible)", unit=u) if u == facts.get("responsible_unit") else u for u in facts["units"]]
    if not units:
        return _("no units registered")
    return _join(units)


def _life_cycle(facts: dict[str, Any]) -> str:
    if facts.get("life_cycle") is None:
        return ""
    danish, english = LIFE_CYCLE_NAMES[LifeCycle(facts["life_cycle"])]  # the Danish as KITOS writes it
    return "; " + _("life cycle: {life_cycle}", life_cycle=danish if current_language() == "da" else english)


def _match(match: str, value: str | None) -> str:
    """The rule that matched a name, as `normalise_name` applies it."""
    return {
        "uuid": lambda: _("the same UUID"),
        "local_id": lambda: _("the same local system ID \"{value}\"", value=value),
        "name": lambda: _("the same name, ignoring case, spaces, punctuation and the spelling of æ/ø/å"),
        "call_name": lambda: _("the same as the local call name \"{value}\"", value=value),
        "previous_name": lambda: _("the same as the previous system name \"{value}\"", value=value),
        "words": lambda: _("every word of one name appears in the other"),
    }[match]()


def _place(found_in: str) -> str:
    return _("the application's systems") if found_in == "systems" else _("the application's title")


def _reason(reason: dict[str, str]) -> str:
    place = _place(reason.get("found_in", "title"))
    via, value = reason["via"], reason["value"]
    if via == "supplier":
        return _("the supplier \"{value}\" is named in {place}", value=value, place=place)
    if via == "rights_holder":
        return _("the rights holder \"{value}\" is named in {place}", value=value, place=place)
    if value == reason["application_kle"]:
        return _("the same KLE number {value}", value=value)
    return _("the same KLE group {group} (KITOS {value}, the application {application_kle})",
             group=reason["group"], value=value, application_kle=reason["application_kle"])


def _row(facts: dict[str, Any]) -> str:
    if facts.get("kitos_row") is None:
        return ""
    return " " + _("[KITOS row {row}]", row=facts["kitos_row"])


def _in_use(f: dict[str, Any]) -> str:
    if f["match"] == "title":
        life_cycle = _life_cycle(f).removeprefix("; ")
        return _("The application's title names \"{system}\", already registered in KITOS{life_cycle}. "
                 "Used by {units}.", system=f["system"], life_cycle=f" ({life_cycle})" if life_cycle else "",
                 units=_units(f)) + _row(f)
    return _("\"{named}\" in the application is already registered in KITOS as \"{system}\" ({match}{life_cycle}). "
             "Used by {units}.", named=f["named"], system=f["system"], match=_match(f["match"], f.get("matched_value")),
             life_cycle=_life_cycle(f), units=_units(f)) + _row(f)


def _not_in_kitos(f: dict[str, Any]) -> str:
    return _("\"{named}\" in the application is not in KITOS: a new system for the municipality, or is KITOS out "
             "of date?", named=f["named"])


def _cross_cutting(f: dict[str, Any]) -> str:
    rating = _("not rated") if f["rating"] is None else _("{rating} of 4", rating=f["rating"])
    others = ngettext("{count} unit", "{count} units", f["count"])
    return _("Principle 4 (cross-cutting need): \"{system}\" is also used by {others} beyond the applicant: "
             "{units}. The council's rating for principle 4: {rating}.", system=f["system"], others=others,
             units=_join(f["units"]), rating=rating) + _row(f)


def _overlap(f: dict[str, Any]) -> str:
    return _("Check whether \"{system}\" already covers the need: {reasons}{life_cycle}. Used by {units}.",
             system=f["system"], reasons=_join([_reason(r) for r in f["reasons"]]), life_cycle=_life_cycle(f),
             units=_units(f)) + _row(f)


def _stale(f: dict[str, Any]) -> str:
    return _("The KITOS registration of \"{system}\" was last changed on {date}, {days} days ago: check that it "
             "still holds.", system=f["system"], date=_date(f["last_changed"]), days=_number(f["days"])) + _row(f)


def _undated(f: dict[str, Any]) -> str:
    return _("The KITOS registration of \"{system}\" has no date of last change: it cannot be seen whether it is "
             "up to date.", system=f["system"]) + _row(f)


_RENDER = {
    "system_in_use": _in_use,
    "system_not_in_kitos": _not_in_kitos,
    "cross_cutting_evidence": _cross_cutting,
    "check_overlap": _overlap,
    "stale_usage": _stale,
    "undated_usage": _undated,
}
