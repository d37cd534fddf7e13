"""Dates as a Danish or English reader writes them: "1. december 2025" or "1 December 2025", and
a logged moment (UTC, ISO 8601) in Danish local time: "7. maj 2025 kl. 14.05".

Month names and word order come from the CLDR data in Babel rather than hand-kept tables;
English is British usage, which is what a Danish municipality writes in English.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

_LOCALES = {"da": "da_DK", "en": "en_GB"}


@cache
def _locale(lang: str):
    from babel import (
        Locale,  # imported on first use: Babel's data takes a moment to load
    )

    return Locale.parse(_LOCALES["da" if lang == "da" else "en"])


def format_date(day: dt.date, lang: str = "da") -> str:
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, format="long", locale=_locale(lang))


def _zone() -> dt.tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Copenhagen")
    except Exception:  # no time zone data on this machine: Danish winter time  # noqa: BLE001
        return dt.timezone(dt.timedelta(hours=1))


COPENHAGEN = _zone()


def local_moment(at: str) -> dt.datetime | None:
    """A log's time (UTC, ISO 8601, "2025-05-07T12:05:00Z") in Danish local time; None if it is not one."""
    try:
        moment = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(COPENHAGEN)


def format_moment(at: str | None, lang: str = "da") -> str:
    """A log's time as people in Denmark read it: local time, the day and month in words
    ("7. maj 2025 kl. 14.05", "7 May 2025 at 14:05"). The one way a person is shown a moment."""
    from digipulje.messages import gettext

    if not at:
        return ""
    local = local_moment(at)
    if local is None:
        return at
    return gettext("{date} at {time}", lang=lang, date=format_date(local.date(), lang),
                   time=local.strftime("%H.%M" if lang == "da" else "%H:%M"))
