"""The web app's texts, from digipulje's one catalogue per language (`messages`, read with Babel).

The message ids are the English texts; Danish is the default language, English the user's
choice. A request is handled under `use_language` of the page's language, so the core's own
messages (an error from a reader or the round store) come in the same language as the page.
"""

from __future__ import annotations

from collections.abc import Callable

from digipulje.messages import LANGUAGES, gettext as _gettext
from digipulje.messages import ngettext as _ngettext

DEFAULT = "da"


def gettext(lang: str) -> Callable[..., str]:
    """The translating function for `lang`, as the templates call it: `_("Log out")`."""
    lang = pick(lang)

    def translate(message: str, **values: object) -> str:
        return _gettext(message, lang=lang, **values)

    return translate


def ngettext(lang: str) -> Callable[..., str]:
    """Singular or plural by a count, as the templates call it: `ngettext("{count} event", "{count} events", n)`."""
    lang = pick(lang)

    def translate(singular: str, plural: str, count: int, **values: object) -> str:
        return _ngettext(singular, plural, count, lang=lang, **values)

    return translate


def pick(lang: str | None) -> str:
    return lang if lang in LANGUAGES else DEFAULT
