"""Write messages/digipulje.pot, the template of every text in code and templates, with Babel,
and compile the catalogues (messages/da.json, en.json: what a command reads, see `digipulje.messages`).

    python tools/extract_messages.py            # rewrite messages/digipulje.pot, compile da.po and en.po
    python tools/extract_messages.py OUT.pot    # write the template elsewhere (tests/test_catalogue.py compares)

Where it reads is in babel.cfg (the product's Python files; the web templates through Jinja2's
extractor). The keywords are the catalogue's: `_`, `gettext`, `ngettext` and the marker `N_` for a
text translated later. No locations and no header, so the template changes only when a text does.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "messages" / "digipulje.pot"


def extract(output: Path = TEMPLATE) -> Path:
    CommandLineInterface().run([
        "pybabel", "--quiet", "extract", "--mapping-file", str(ROOT / "babel.cfg"),
        "--no-default-keywords", "--keyword", "_", "--keyword", "gettext", "--keyword", "N_",
        "--keyword", "ngettext:1,2", "--sort-output", "--no-location", "--omit-header",
        "--output-file", str(output), str(ROOT),
    ])
    return output


if __name__ == "__main__":
    if len(sys.argv) > 1:
        extract(Path(sys.argv[1]))
    else:
        from digipulje.messages import LANGUAGES, compile_catalogue

        extract()
        for lang in LANGUAGES:
            compile_catalogue(lang)
