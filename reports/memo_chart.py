"""The budget curve as an inline SVG chart: no script, no external file, prints as drawn.

The best total score is known only at the budgets that were tried; between two of them the curve
is drawn flat (the score bought at the smaller budget), which never claims more than is known.
"""

from __future__ import annotations

import math
from html import escape

from reports.money import format_number, format_score

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 16, 52


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2 or 5 × a power of ten) covering low..high."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first, last = math.floor(low / step), math.ceil(high / step)
    return [k * step for k in range(first, last + 1)]


def _tick_text(value: float, lang: str, money: bool) -> str:
    if money:
        return format_number(int(round(value)), lang)
    return format_number(int(round(value)), lang) if float(value).is_integer() else format_score(value, lang)


def budget_curve_svg(points: tuple[tuple[int, float], ...], current_budget_dkk: int, *, title: str,
                     x_label: str, y_label: str, current_label: str, lang: str) -> str:
    budgets = [b for b, _ in points] + [current_budget_dkk]
    x_ticks = nice_ticks(min(0, *budgets), max(budgets))
    y_ticks = nice_ticks(0, max([s for _, s in points] + [1.0]))
    x0, x1, y0, y1 = x_ticks[0], x_ticks[-1], y_ticks[0], y_ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x: float) -> float:
        return round(LEFT + (x - x0) / (x1 - x0) * plot_w, 1)

    def py(y: float) -> float:
        return round(TOP + plot_h - (y - y0) / (y1 - y0) * plot_h, 1)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
           f'aria-label="{escape(title)}" class="chart">', f"<title>{escape(title)}</title>"]
    for t in y_ticks:
        out.append(f'<line x1="{LEFT}" y1="{py(t)}" x2="{WIDTH - RIGHT}" y2="{py(t)}" class="grid"/>')
        out.append(f'<text x="{LEFT - 6}" y="{py(t) + 4}" text-anchor="end">'
                   f'{escape(_tick_text(t, lang, False))}</text>')
    for t in x_ticks:
        out.append(f'<line x1="{px(t)}" y1="{TOP + plot_h}" x2="{px(t)}" y2="{TOP + plot_h + 4}" class="axis"/>')
        out.append(f'<text x="{px(t)}" y="{TOP + plot_h + 18}" text-anchor="middle">'
                   f'{escape(_tick_text(t, lang, True))}</text>')
    out.append(f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" class="axis"/>')
    out.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" class="axis"/>')
    out.append(f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 8}" text-anchor="middle">{escape(x_label)}</text>')
    out.append(f'<text x="14" y="{TOP + plot_h / 2}" text-anchor="middle" '
               f'transform="rotate(-90 14 {TOP + plot_h / 2})">{escape(y_label)}</text>')
    cx = px(current_budget_dkk)
    out.append(f'<line x1="{cx}" y1="{TOP}" x2="{cx}" y2="{TOP + plot_h}" class="current"/>')
    out.append(f'<text x="{cx + 4}" y="{TOP + 12}" class="current-label">{escape(current_label)}</text>')
    if points:
        path = [f"M{px(points[0][0])},{py(points[0][1])}"]
        for (_, score), (budget, next_score) in zip(points, points[1:]):
            path.append(f"H{px(budget)}V{py(next_score)}")
        out.append(f'<path d="{"".join(path)}" class="curve"/>')
        for budget, score in points:
            out.append(f'<circle cx="{px(budget)}" cy="{py(score)}" r="3" class="point">'
                       f'<title>{escape(format_number(budget, lang))}: {escape(format_score(score, lang))}</title>'
                       f'</circle>')
    out.append("</svg>")
    return "\n".join(out)
