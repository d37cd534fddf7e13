"""The budget curve as a table, CSV, JSON and an SVG chart (written by hand: no plotting library
is needed for one step line, and an SVG opens in any browser and in Word).

The chart is drawn here only: `sweep --chart` writes it as a file, the HTML memo inlines it."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from digipulje.messages import _
from digipulje.messages.tables import rendered
from digipulje.analyses.curve import BudgetCurve
from digipulje.reports.export import safe_cell
from digipulje.base.money import decimal_mark, format_dkk, format_number, format_score


def _words() -> dict[str, str]:
    return {
        "budget": _("Budget"),
        "score": _("Total score"),
        "granted": _("Granted"),
        "marginal": _("Score per 10,000 kr"),
        "funded": _("Funded"),
        "entries": _("Funded from (and at every larger budget in the range)"),
        "never": _("not funded at the top of the range"),
        "changes": _("Budgets where the funded set changes"),
        "drops": _("drops out at a larger budget: {budgets} (a larger pool picks another set)"),
        "support": _("Total support"),
        "marginal_support": _("Support per 10,000 kr"),
        "title_support": _("Budget curve: largest total support at each budget"),
        "title": _("Budget curve: best total score at each budget"),
    }


def _w(key: str, lang: str) -> str:
    return rendered(_words, lang)[key]


def _marginal(value: float | None, lang: str) -> str:
    if value is None:
        return ""
    return decimal_mark(f"{value:.2f}", lang)


def _value(curve: BudgetCurve, value: float, lang: str) -> str:
    return format_number(int(value), lang) if curve.value_kind == "support" else format_score(value, lang)


def render_curve_table(curve: BudgetCurve, lang: str = "da") -> str:
    support = curve.value_kind == "support"
    header = [_w("budget", lang), _w("support" if support else "score", lang), _w("granted", lang),
              _w("marginal_support" if support else "marginal", lang), _w("funded", lang)]
    rows = [[format_dkk(p.budget_dkk, lang), _value(curve, p.total_score, lang), format_dkk(p.granted_dkk, lang),
             _marginal(p.marginal_per_10k, lang), " ".join(p.funded)] for p in curve.points]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = lambda cells: "  ".join(c.ljust(w) if i == 4 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()  # noqa: E731
    out = [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]
    if len(curve.points) < 2:  # one budget: nothing enters or changes along the range
        return "\n".join(out) + "\n"
    out += ["", f"{_w('entries', lang)}:"]
    for i, budget in curve.entries.items():
        where = format_dkk(budget, lang) if budget is not None else _w("never", lang)
        if curve.drops_out.get(i):
            where += "; " + _w("drops", lang).format(
                budgets=", ".join(format_dkk(b, lang) for b in curve.drops_out[i]))
        out.append(f"  {i} {curve.titles[i]}: {where}")
    if curve.changes:
        out += ["", f"{_w('changes', lang)}:"]
        for c in curve.changes:
            moves = [f"+{i}" for i in c.came_in] + [f"-{i}" for i in c.dropped_out]
            out.append(f"  {format_dkk(c.budget_dkk, lang)}: {' '.join(moves)}")
    return "\n".join(out) + "\n"


def curve_json(curve: BudgetCurve) -> dict[str, Any]:
    support = curve.value_kind == "support"
    total, marginal = ("total_support", "marginal_support_per_10000_dkk") if support else (
        "total_score", "marginal_score_per_10000_dkk")
    return {
        "value_kind": curve.value_kind,
        "points": [
            {"budget_dkk": p.budget_dkk, total: int(p.total_score) if support else p.total_score,
             "granted_dkk": p.granted_dkk, marginal: p.marginal_per_10k, "funded": list(p.funded),
             "granted": {i: v for i, v in p.granted.items() if v}}
            for p in curve.points
        ],
        "entries": curve.entries,
        "changes": [{"budget_dkk": c.budget_dkk, "came_in": list(c.came_in), "dropped_out": list(c.dropped_out)}
                    for c in curve.changes],
        "drops_out": {i: list(b) for i, b in curve.drops_out.items() if b},
    }


def render_curve_csv(curve: BudgetCurve) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    ids = list(curve.titles)
    value = "support" if curve.value_kind == "support" else "score"
    writer.writerow(["budget_dkk", f"total_{value}", "granted_dkk", f"marginal_{value}_per_10000_dkk",
                     *(safe_cell(f"{i}_dkk") for i in ids)])
    for p in curve.points:
        writer.writerow([p.budget_dkk, f"{p.total_score:.2f}", p.granted_dkk,
                         "" if p.marginal_per_10k is None else f"{p.marginal_per_10k:.4f}",
                         *(p.granted[i] for i in ids)])
    return buffer.getvalue()


def nice_step(span: float, most: int = 6) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving at most `most` intervals."""
    import math

    if span <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(span / most))
    return next(k * power for k in (1, 2, 5, 10) if span / (k * power) <= most)


DOTS_UP_TO = 100  # each budget tried gets a dot (with its figures on hover) up to this many budgets


def render_curve_svg(curve: BudgetCurve, lang: str = "da", marks: dict[str, int] | None = None) -> str:
    """The chart of `sweep`: the curve's points, with a heading, as a file of its own."""
    if curve.value_kind == "support":
        return budget_curve_svg(tuple((p.budget_dkk, p.total_score) for p in curve.points), lang, marks,
                                title=_w("title_support", lang), y_label=_w("support", lang))
    return budget_curve_svg(tuple((p.budget_dkk, p.total_score) for p in curve.points), lang, marks)


def budget_curve_svg(points: Sequence[tuple[int, float]], lang: str = "da", marks: Mapping[str, int] | None = None,
                     *, title: str | None = None, heading: bool = True, x_label: str | None = None,
                     y_label: str | None = None) -> str:
    """A step chart of the best total score against the budget; `marks` draws labelled budgets.

    The one chart of the budget curve, for `sweep --chart` and inline in the HTML memo: every
    colour and size is an attribute, so it looks the same in a file of its own, in a browser and
    printed. The score is known only at the budgets tried; between two of them the line stays
    flat at the smaller budget's score, which never claims more than is known. `heading=False`
    leaves the title out of the drawing (the memo gives it as the figure's caption).
    """
    width, height, left, right, top, bottom = 720, 420, 70, 40, 40, 50  # room for the last tick's label
    title = title or _w("title", lang)
    points = sorted(points)
    lo, hi = points[0][0], points[-1][0]
    span = max(hi - lo, 1)
    best = max(max(s for _, s in points), 1.0)
    score_step = nice_step(best)
    peak = score_step * -(-best // score_step)
    budget_step = nice_step(span)
    x = lambda b: left + (b - lo) / span * (width - left - right)  # noqa: E731
    y = lambda s: height - bottom - s / peak * (height - top - bottom)  # noqa: E731
    path = [f"M{x(points[0][0]):.1f},{y(points[0][1]):.1f}"]
    for (_before, previous), (budget, score) in zip(points, points[1:]):
        path.append(f"H{x(budget):.1f}V{y(score):.1f}" if score != previous else f"H{x(budget):.1f}")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12" class="chart" role="img" '
        f'aria-label="{escape(title)}">',
        f'<title>{escape(title)}</title>',
        '<rect width="100%" height="100%" fill="white"/>',
    ]
    if heading:
        parts.append(f'<text x="{left}" y="22" font-size="14">{escape(title)}</text>')
    parts += [
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="black"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="black"/>',
    ]
    b = -(-lo // budget_step) * budget_step
    while b <= hi:
        parts.append(f'<text x="{x(b):.1f}" y="{height - bottom + 18}" text-anchor="middle">'
                     f'{escape(format_number(int(b), lang))}</text>')
        b += budget_step
    s = 0.0
    while s <= peak:
        parts.append(f'<text x="{left - 6}" y="{y(s) + 4:.1f}" text-anchor="end">{escape(format_score(s, lang))}</text>')
        parts.append(f'<line x1="{left}" y1="{y(s):.1f}" x2="{width - right}" y2="{y(s):.1f}" stroke="#ddd"/>')
        s += score_step
    parts.append(f'<text x="{(left + width - right) / 2}" y="{height - 10}" text-anchor="middle">'
                 f'{escape(x_label or _w("budget", lang) + " (kr.)")}</text>')
    parts.append(f'<text transform="translate(16,{(top + height - bottom) / 2}) rotate(-90)" '
                 f'text-anchor="middle">{escape(y_label or _w("score", lang))}</text>')
    for label, budget in (marks or {}).items():
        if lo <= budget <= hi:
            parts.append(f'<line x1="{x(budget):.1f}" y1="{top}" x2="{x(budget):.1f}" y2="{height - bottom}" '
                         f'stroke="#c00" stroke-dasharray="4 3"/>')
            near_right = x(budget) > (left + width - right) / 2  # the label goes on the side with room
            anchor = ' text-anchor="end"' if near_right else ""
            parts.append(f'<text x="{x(budget) + (-4 if near_right else 4):.1f}" y="{top + 12}" fill="#c00"'
                         f'{anchor}>{escape(label)}</text>')
    parts.append(f'<path d="{"".join(path)}" fill="none" stroke="#1f5fa8" stroke-width="2"/>')
    if len(points) <= DOTS_UP_TO:
        for budget, score in points:
            parts.append(f'<circle cx="{x(budget):.1f}" cy="{y(score):.1f}" r="3" fill="#1f5fa8">'
                         f'<title>{escape(format_number(budget, lang))}: {escape(format_score(score, lang))}</title>'
                         f'</circle>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
