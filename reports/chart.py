"""The allocation as a chart: each application's grant against what it asked, and how much of the
pool the grants use. Written by hand as SVG (no plotting library), as `reports.curve` is.

Pure: the bars in, one SVG string out. Every text in it is escaped here. The chart is an image
with a short text alternative (`role="img"`, `aria-label`); the page or memo that shows it shows
the same numbers in a table, which `described_by` can name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from digipulje.base.money import format_dkk
from digipulje.messages import _

__all__ = ["Bar", "allocation_chart_svg"]

WIDTH = 640
LABEL = 64  # the applications' ids, left of their bars
RIGHT = 150  # the granted amount, right of the bars
ROW = 30
TOP = 86  # the pool's bar and the legend above the applications
ASKED, GRANTED, INK = "#dbe6f3", "#0059b3", "#1a1a1a"


@dataclass(frozen=True)
class Bar:
    """One application: its id, title, the kroner it asked and the kroner it is granted."""

    id: str
    title: str
    requested_dkk: int
    granted_dkk: int



def allocation_chart_svg(bars: Sequence[Bar], budget_dkk: int, lang: str = "da",
                         described_by: str | None = None) -> str:
    """Granted against asked per application (a light bar for the request, a dark one for the
    grant, both on one kroner scale) under a bar of the pool: its budget and the part granted."""
    granted = sum(b.granted_dkk for b in bars)
    scale_top = max([b.requested_dkk for b in bars] + [1])
    span = WIDTH - LABEL - RIGHT
    height = TOP + ROW * len(bars) + 8

    def x(amount: int, top: int) -> float:
        return round(span * min(amount, top) / top, 1) if top > 0 else 0.0

    label = _("Granted against requested per application; {granted} of the pool of {budget} granted",
              lang=lang, granted=format_dkk(granted, lang), budget=format_dkk(budget_dkk, lang))
    described = f' aria-describedby="{escape(described_by)}"' if described_by else ""
    root = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart allocation-chart" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" role="img" aria-label="{escape(label)}"{described} focusable="false" '
            f'font-family="system-ui, Arial, sans-serif" font-size="14">')
    out = [root, f"<title>{escape(label)}</title>"]
    # the pool
    used = x(granted, max(budget_dkk, granted, 1))
    out.append(f'<text x="0" y="18" fill="{INK}">{escape(_("The pool", lang=lang))}</text>')
    out.append(f'<rect x="{LABEL}" y="6" width="{span}" height="16" fill="#fff" stroke="{INK}"/>')
    out.append(f'<rect x="{LABEL}" y="6" width="{used}" height="16" fill="{GRANTED}"/>')
    out.append(f'<text x="{LABEL + span + 6}" y="19" fill="{INK}">{escape(format_dkk(granted, lang))}</text>')
    # the legend
    out.append(f'<rect x="{LABEL}" y="40" width="14" height="14" fill="{ASKED}" stroke="{GRANTED}"/>')
    out.append(f'<text x="{LABEL + 20}" y="52" fill="{INK}">{escape(_("Requested", lang=lang))}</text>')
    out.append(f'<rect x="{LABEL + 150}" y="40" width="14" height="14" fill="{GRANTED}"/>')
    out.append(f'<text x="{LABEL + 170}" y="52" fill="{INK}">{escape(_("Granted", lang=lang))}</text>')
    out.append(f'<line x1="{LABEL}" y1="{TOP - 12}" x2="{LABEL}" y2="{height - 4}" stroke="{INK}"/>')
    for i, b in enumerate(bars):
        y = TOP + i * ROW
        out.append(f'<g><title>{escape(b.id)} {escape(b.title)}: {escape(format_dkk(b.granted_dkk, lang))} / '
                   f'{escape(format_dkk(b.requested_dkk, lang))}</title>')
        out.append(f'<text x="0" y="{y + 15}" fill="{INK}">{escape(b.id)}</text>')
        out.append(f'<rect x="{LABEL}" y="{y}" width="{x(b.requested_dkk, scale_top)}" height="20" fill="{ASKED}" '
                   f'stroke="{GRANTED}"/>')
        if b.granted_dkk:
            out.append(f'<rect x="{LABEL}" y="{y + 4}" width="{x(b.granted_dkk, scale_top)}" height="12" '
                       f'fill="{GRANTED}"/>')
        out.append(f'<text x="{LABEL + span + 6}" y="{y + 15}" fill="{INK}">'
                   f'{escape(format_dkk(b.granted_dkk, lang))}</text></g>')
    out.append("</svg>")
    return "".join(out)
