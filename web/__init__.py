"""The council's web app: `digipulje serve`.

    app.py       the routes (Starlette) and the HTTP-layer guards (body size, security headers)
    service.py   the one module that calls digipulje's core; everything else here calls it
    users.py     users, sessions and decision drafts, in tables beside the round's log
    i18n.py      the web's texts from the catalogue in `messages` (Danish default, English)
    cli.py       `digipulje serve` and `digipulje user add|list|passwd|disable`
    templates/   Jinja2 pages, rendered on the server, working without JavaScript
    static/      the style sheet (system fonts; nothing from other sites)
"""

from __future__ import annotations

from digipulje.base.exports import lazy_exports

__all__ = [
    "create_app",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "app": ("create_app",),
})
