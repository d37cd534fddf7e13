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

from applications.kitos import LIFE_CYCLE_NAMES, KitosExport, LifeCycle, SystemUsage
from applications.model import Application
from applications.principles import CROSS_CUTTING_PRINCIPLE, criteria_of

CODES = ("system_in_use", "system_not_in_kitos", "cross_cutting_evidence", "check_overlap", "stale_usage",
         "undated_usage")


class Hint(BaseModel):
    """One screening hint: a stable `code`, the `facts` behind it, and `text(lang)` to read."""

    model_config = ConfigDict(frozen=True)

    code: str
    facts: dict[str, Any] = {}

    def text(self, lang: str = "da") -> str:
        return _RENDER[self.code](self.facts, "da" if lang == "da" else "en")

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

_MONTHS_DA = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
              "november", "december"]
_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]


def _date(iso: str, lang: str) -> str:
    day = dt.date.fromisoformat(iso)
    if lang == "da":
        return f"{day.day}. {_MONTHS_DA[day.month - 1]} {day.year}"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def _join(items: Sequence[str], lang: str) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (" og " if lang == "da" else " and ") + items[-1]


def _number(n: int, lang: str) -> str:
    return f"{n:,}".replace(",", "." if lang == "da" else ",")


def _units(facts: dict[str, Any], lang: str) -> str:
    units = [f"{u} ({'ansvarlig' if lang == 'da' else 'responsible'})" if u == facts.get("responsible_unit") else u
             for u in facts["units"]]
    if not units:
        return "ingen enheder registreret" if lang == "da" else "no units registered"
    return _join(units, lang)


def _life_cycle(facts: dict[str, Any], lang: str) -> str:
    if facts.get("life_cycle") is None:
        return ""
    danish, english = LIFE_CYCLE_NAMES[LifeCycle(facts["life_cycle"])]
    return f"; {'livscyklus' if lang == 'da' else 'life cycle'}: {danish if lang == 'da' else english}"


_MATCH = {
    "uuid": ("samme UUID", "the same UUID"),
    "local_id": ("samme lokale system-ID \"{v}\"", "the same local system ID \"{v}\""),
    "name": ("samme navn, når store/små bogstaver, mellemrum, tegnsætning og æ/ø/å-stavning ikke tæller",
             "the same name, ignoring case, spaces, punctuation and the spelling of æ/ø/å"),
    "call_name": ("samme som det lokale kaldenavn \"{v}\"", "the same as the local call name \"{v}\""),
    "previous_name": ("samme som det tidligere systemnavn \"{v}\"", "the same as the previous system name \"{v}\""),
    "words": ("alle ord i det ene navn indgår i det andet", "every word of one name appears in the other"),
}

_PLACE = {"title": ("ansøgningens titel", "the application's title"),
          "systems": ("ansøgningens systemer", "the application's systems")}


def _reason(reason: dict[str, str], lang: str) -> str:
    da = lang == "da"
    place = _PLACE[reason.get("found_in", "title")][0 if da else 1]
    via, value = reason["via"], reason["value"]
    if via == "supplier":
        return f"leverandøren \"{value}\" nævnes i {place}" if da else f"the supplier \"{value}\" is named in {place}"
    if via == "rights_holder":
        return (f"rettighedshaveren \"{value}\" nævnes i {place}" if da
                else f"the rights holder \"{value}\" is named in {place}")
    if value == reason["application_kle"]:
        return f"samme KLE-nummer {value}" if da else f"the same KLE number {value}"
    return (f"samme KLE-gruppe {reason['group']} (KITOS {value}, ansøgningen {reason['application_kle']})" if da
            else f"the same KLE group {reason['group']} (KITOS {value}, the application {reason['application_kle']})")


def _row(facts: dict[str, Any], lang: str) -> str:
    if facts.get("kitos_row") is None:
        return ""
    return f" [KITOS {'række' if lang == 'da' else 'row'} {facts['kitos_row']}]"


def _in_use(f: dict[str, Any], lang: str) -> str:
    if f["match"] == "title":
        life_cycle = _life_cycle(f, lang).removeprefix("; ")
        if lang == "da":
            return (f"Ansøgningens titel nævner \"{f['system']}\", som allerede er registreret i KITOS"
                    f"{f' ({life_cycle})' if life_cycle else ''}. Bruges af {_units(f, lang)}.{_row(f, lang)}")
        return (f"The application's title names \"{f['system']}\", already registered in KITOS"
                f"{f' ({life_cycle})' if life_cycle else ''}. Used by {_units(f, lang)}.{_row(f, lang)}")
    match = _MATCH[f["match"]][0 if lang == "da" else 1].format(v=f.get("matched_value"))
    if lang == "da":
        return (f"\"{f['named']}\" fra ansøgningen er allerede registreret i KITOS som \"{f['system']}\" ({match}"
                f"{_life_cycle(f, lang)}). Bruges af {_units(f, lang)}.{_row(f, lang)}")
    return (f"\"{f['named']}\" in the application is already registered in KITOS as \"{f['system']}\" ({match}"
            f"{_life_cycle(f, lang)}). Used by {_units(f, lang)}.{_row(f, lang)}")


def _not_in_kitos(f: dict[str, Any], lang: str) -> str:
    if lang == "da":
        return (f"\"{f['named']}\" fra ansøgningen findes ikke i KITOS: et nyt system for kommunen, "
                "eller er KITOS ikke opdateret?")
    return f"\"{f['named']}\" in the application is not in KITOS: a new system for the municipality, or is KITOS out of date?"


def _cross_cutting(f: dict[str, Any], lang: str) -> str:
    units = _join(f["units"], lang)
    if lang == "da":
        rating = "ikke vurderet" if f["rating"] is None else f"{f['rating']} af 4"
        others = "1 enhed" if f["count"] == 1 else f"{f['count']} enheder"
        return (f"Princip 4 (tværgående behov): \"{f['system']}\" bruges også af {others} ud over ansøger: "
                f"{units}. ITP's vurdering af princip 4: {rating}.{_row(f, lang)}")
    rating = "not rated" if f["rating"] is None else f"{f['rating']} of 4"
    others = "1 unit" if f["count"] == 1 else f"{f['count']} units"
    return (f"Principle 4 (cross-cutting need): \"{f['system']}\" is also used by {others} beyond the applicant: "
            f"{units}. The council's rating for principle 4: {rating}.{_row(f, lang)}")


def _overlap(f: dict[str, Any], lang: str) -> str:
    reasons = _join([_reason(r, lang) for r in f["reasons"]], lang)
    if lang == "da":
        return (f"Tjek om \"{f['system']}\" allerede dækker behovet: {reasons}{_life_cycle(f, lang)}. "
                f"Bruges af {_units(f, lang)}.{_row(f, lang)}")
    return (f"Check whether \"{f['system']}\" already covers the need: {reasons}{_life_cycle(f, lang)}. "
            f"Used by {_units(f, lang)}.{_row(f, lang)}")


def _stale(f: dict[str, Any], lang: str) -> str:
    if lang == "da":
        return (f"KITOS-registreringen af \"{f['system']}\" er sidst ændret {_date(f['last_changed'], lang)}, "
                f"for {_number(f['days'], lang)} dage siden: tjek at oplysningerne stadig gælder.{_row(f, lang)}")
    return (f"The KITOS registration of \"{f['system']}\" was last changed on {_date(f['last_changed'], lang)}, "
            f"{_number(f['days'], lang)} days ago: check that it still holds.{_row(f, lang)}")


def _undated(f: dict[str, Any], lang: str) -> str:
    if lang == "da":
        return (f"KITOS-registreringen af \"{f['system']}\" har ingen dato for sidste ændring: det kan ikke ses, "
                f"om oplysningerne er opdaterede.{_row(f, lang)}")
    return (f"The KITOS registration of \"{f['system']}\" has no date of last change: it cannot be seen whether "
            f"it is up to date.{_row(f, lang)}")


_RENDER = {
    "system_in_use": _in_use,
    "system_not_in_kitos": _not_in_kitos,
    "cross_cutting_evidence": _cross_cutting,
    "check_overlap": _overlap,
    "stale_usage": _stale,
    "undated_usage": _undated,
}
