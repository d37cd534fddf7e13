"""The web app's texts: one gettext catalogue per language (web/locale/LANG/LC_MESSAGES/web.po),
read with Babel when the app starts. The message ids are the English texts; Danish is the
default language, English the user's choice.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from babel.messages.pofile import read_po

LANGUAGES = ("da", "en")
DEFAULT = "da"


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """msgid -> text for `lang`; English falls back to the msgid itself."""
    path = resources.files("web") / "locale" / lang / "LC_MESSAGES" / "web.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return {m.id: m.string for m in catalog if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


def gettext(lang: str):
    table = catalogue(lang if lang in LANGUAGES else DEFAULT)

    def translate(message: str, **values: object) -> str:
        text = table.get(message, message)
        return text.format(**values) if values else text

    return translate


def pick(lang: str | None) -> str:
    return lang if lang in LANGUAGES else DEFAULT
