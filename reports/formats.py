"""Which report a file name asks for, and its bytes: the memo (HTML or Markdown) or the workbook."""

from __future__ import annotations

from pathlib import Path

from digipulje.base.errors import InputError
from digipulje.messages import _
from digipulje.reports.memo.case import DecisionCase

FORMATS = {".html": "html", ".htm": "html", ".md": "markdown", ".xlsx": "xlsx"}


def report_format(out: Path) -> str:
    """The format named by the output file's suffix; an unknown suffix is the user's to fix."""
    fmt = FORMATS.get(Path(out).suffix.lower())
    if fmt is None:
        raise InputError(_("{file}: cannot tell which report to write from '{suffix}': name the file .html or .md "
                           "(the memo) or .xlsx (the workbook)", file=out, suffix=Path(out).suffix or _("no suffix")))
    return fmt


def scenario_warnings(case: DecisionCase, path: Path) -> list[str]:
    """Where the scenario file's base is not the round the report is about: the comparison is then
    of another round, which the reader should know of (the report is still written)."""
    compared = case.scenarios.comparison
    if compared is None:
        return []
    ours, theirs = {a.id for a in case.applications}, {a.id for a in compared.applications}
    if ours != theirs:
        return [_("{file}: the base's applications are not the report's ({ids} in only one of them): name the same "
                  "application sheets in both", file=path, ids=", ".join(sorted(ours ^ theirs)))]
    return []


def product_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"digipulje {version('digipulje')}"
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "digipulje"


def render_report(case: DecisionCase, fmt: str, lang: str = "da", with_names: bool = False,
                  version: str | None = None) -> bytes:
    if fmt == "xlsx":
        from digipulje.reports.workbook import render_workbook

        return render_workbook(case, lang, with_names)
    from digipulje.reports.memo.document import build_memo

    memo = build_memo(case, lang, with_names, version=product_version() if version is None else version)
    if fmt == "html":
        from digipulje.reports.memo.html import render_html

        return render_html(memo).encode("utf-8")
    from digipulje.reports.memo.markdown import render_markdown

    return render_markdown(memo).encode("utf-8")
