"""An allocation as a plain-text table for the terminal, with the reasons below it."""

from __future__ import annotations

from digipulje.pool.allocation import Allocation
from digipulje.pool.labels import status_label
from digipulje.reports.labels import heading
from digipulje.base.money import format_dkk, format_number, format_score
from digipulje.reports.untrusted import safe_text
from digipulje.pool.explain import reasons_deciding_first

TITLE_WIDTH = 40


def _clip(text: str, width: int) -> str:
    """The text as the terminal shows it (control characters escaped), cut to `width`."""
    text = safe_text(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def render_table(allocation: Allocation, lang: str = "da", title: str | None = None) -> str:
    h = lambda key: heading(key, lang)  # noqa: E731
    support = allocation.value_kind == "support"  # a participatory-budgeting round: the voters' support
    header = [h("id"), h("title"), h("department"), h("requested"), h("granted"), h("status"),
              h("support" if support else "score")]
    rows = [
        [safe_text(d.id), _clip(d.title, TITLE_WIDTH), _clip(d.department, 28), format_dkk(d.requested_dkk, lang),
         format_dkk(d.granted_dkk, lang), status_label(d.status, lang),
         format_number(d.support or 0, lang) if support else format_score(d.score, lang)]
        for d in allocation.decisions
    ]
    total = [h("total"), "", "", format_dkk(sum(d.requested_dkk for d in allocation.decisions), lang),
             format_dkk(allocation.granted_dkk, lang), "", ""]
    right = {3, 4, 6}
    widths = [max(len(r[i]) for r in [header, *rows, total]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    pool = allocation.pool
    name = safe_text(f"{pool.name} {pool.year}" if pool.year else pool.name)
    out = []
    if title:
        out.append(title)
    out.append(f"{name}: {h('pool').lower()} {format_dkk(allocation.budget_dkk, lang)}, "
               f"{h('granted').lower()} {format_dkk(allocation.granted_dkk, lang)}, "
               f"{h('remainder').lower()} {format_dkk(allocation.remainder_dkk, lang)}")
    out.append("")
    out.append(line(header))
    out.append("  ".join("-" * w for w in widths))
    out += [line(r) for r in rows]
    out.append("  ".join("-" * w for w in widths))
    out.append(line(total))
    out.append("")
    out.append(f"{h('reasons')}:")
    for d in allocation.decisions:
        for r in reasons_deciding_first(d):  # the deciding one first, as in `explain`, the memo and the workbook
            out.append(safe_text(f"  {d.id}: {r.text(lang)}"))
    return "\n".join(out) + "\n"
