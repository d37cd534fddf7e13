"""The municipality the site serves: its name in the pages' header and footer, and the link to its
accessibility statement (tilgængelighedserklæring), which Danish public sites must show.

From `digipulje serve --municipality ... --accessibility-url ...`, or DIGIPULJE_MUNICIPALITY and
DIGIPULJE_ACCESSIBILITY_URL; without them the pages name no municipality and link no statement."""

from __future__ import annotations

import os
import unicodedata
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass

from digipulje.base.errors import InputError
from digipulje.messages import _

MAX_NAME = 80
MAX_URL = 500


@dataclass(frozen=True)
class Municipality:
    name: str | None = None
    accessibility_url: str | None = None


def resolve_municipality(name: str | None = None, accessibility_url: str | None = None,
                         environ: Mapping[str, str] | None = None) -> Municipality:
    """The municipality's settings: the arguments, else the environment; `InputError` names a bad one."""
    environ = os.environ if environ is None else environ
    name = name if name is not None else environ.get("DIGIPULJE_MUNICIPALITY", "")
    url = accessibility_url if accessibility_url is not None else environ.get("DIGIPULJE_ACCESSIBILITY_URL", "")
    name = " ".join(name.split())
    url = url.strip()
    if any(unicodedata.category(c)[0] == "C" for c in name) or len(name) > MAX_NAME:
        raise InputError(_("--municipality: write the municipality's name in at most {most} characters, e.g. Albertslund Kommune",
                           most=MAX_NAME))
    if url:
        parts = urllib.parse.urlsplit(url)
        if (parts.scheme not in ("https", "http") or not parts.netloc or len(url) > MAX_URL
                or any(c.isspace() or unicodedata.category(c)[0] == "C" for c in url)):
            raise InputError(_("--accessibility-url '{url}': give the statement's full address, e.g. https://www.was.digst.dk/kommune-dk",
                               url=url[:60]))
    return Municipality(name=name or None, accessibility_url=url or None)
