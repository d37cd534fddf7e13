"""Dates as a Danish or English reader writes them: "1. december 2025" or "1 December 2025".

Month names and word order come from the CLDR data in Babel rather than hand-kept tables;
English is British usage, which is what a Danish municipality writes in English.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

_LOCALES = {"da": "da_DK", "en": "en_GB"}


@lru_cache(maxsize=None)
def _locale(lang: str):
    from babel import Locale  # imported on first use: Babel's data takes a moment to load

    return Locale.parse(_LOCALES["da" if lang == "da" else "en"])


def format_date(day: dt.date, lang: str = "da") -> str:
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, format="long", locale=_locale(lang))
