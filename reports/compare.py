"""A comparison of scenarios as a table, JSON, CSV or an Excel workbook.

One column per scenario (the base first), one row per application — the grant and the status —
then the totals: kroner granted, total score, number of grants, each department's share and each
of KL's three bottom lines' share of the money. A cell that differs from the base is marked
(`*` in text, a coloured cell in Excel). Below: what each override costs.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from digipulje.applications.principles import BOTTOM_LINES
from digipulje.messages import _
from digipulje.messages.tables import rendered
from digipulje.pool.overrides import Override
from digipulje.analyses.scenarios import Comparison, OverridePrice, bottom_line_shares, department_shares, grant_count
from digipulje.reports.export import safe_cell
from digipulje.pool.labels import status_label
from digipulje.base.money import decimal_mark, format_dkk, format_number, format_score


def _words() -> dict[str, str]:
    return {
        "application": _("Application"),
        "granted": _("Granted in total"),
        "score": _("Total score"),
        "support": _("Total support"),
        "recommendation": _("{base} without overrides"),
        "losers": _("{scenario}: the pool is larger, but {ids} lose their grant (a larger pool picks another set)"),
        "price_support": _("{scenario}: {override} costs {points} in support; {changes}"),
        "grants": _("Number of grants"),
        "department": _("Share: {name}"),
        "line": _("Share: {name}"),
        "prices": _("The price of each override"),
        "price": _("{scenario}: {override} costs {points} points; {changes}"),
        "none": _("no money moves"),
        "marked": _("* differs from {base}"),
        "sheet": _("Comparison"),
    }


def _w(key: str, lang: str) -> str:
    return rendered(_words, lang)[key]


def _percent(share: float, lang: str) -> str:
    return decimal_mark(f"{share * 100:.1f} %", lang)


def _signed_dkk(amount: int, lang: str) -> str:
    return ("+" if amount > 0 else "−") + format_dkk(abs(amount), lang)


def comparison_rows(comparison: Comparison, lang: str = "da") -> tuple[list[str], list[tuple[list[str], list[bool]]]]:
    """The header and the rows as text, each row with a flag per scenario: differs from the base."""
    results = comparison.results
    base = comparison.base.allocation
    columns = [(r.name, r.allocation) for r in results]
    if comparison.recommendation is not None:  # what the base's overrides are priced against
        columns.insert(0, (_w("recommendation", lang).format(base=comparison.base.name), comparison.recommendation))
    header = [_w("application", lang), *(name for name, _allocation in columns)]
    rows: list[tuple[list[str], list[bool]]] = []
    for app in comparison.applications:
        cells, marks = [f"{app.id} {app.title}"], [False]
        b = base.decision(app.id)
        for _name, allocation in columns:
            d = allocation.decision(app.id)
            cells.append(f"{format_dkk(d.granted_dkk, lang)} ({status_label(d.status, lang)})")
            marks.append((d.granted_dkk, d.status) != (b.granted_dkk, b.status))
        rows.append((cells, marks))

    def summary(label: str, values: list[str]) -> None:
        rows.append(([label, *values], [False, *(v != values[0] for v in values)]))

    allocations = [allocation for _name, allocation in columns]
    summary(_w("granted", lang), [format_dkk(a.granted_dkk, lang) for a in allocations])
    if base.value_kind == "support":
        summary(_w("support", lang), [format_number(a.total_value, lang) for a in allocations])
    else:
        summary(_w("score", lang), [format_score(a.total_score, lang) for a in allocations])
    summary(_w("grants", lang), [format_number(grant_count(a), lang) for a in allocations])
    departments = sorted({a.department for a in comparison.applications})
    shares = [department_shares(a) for a in allocations]
    for name in departments:
        summary(_w("department", lang).format(name=name), [_percent(s.get(name, 0.0), lang) for s in shares])
    lines = [bottom_line_shares(a, comparison.applications) for a in allocations]
    for line in BOTTOM_LINES:
        summary(_w("line", lang).format(name=line.word(lang)), [_percent(s[line.key], lang) for s in lines])
    return header, rows


def describe_override(override: Override, lang: str = "da") -> str:
    """The override in the reader's language: what it does, who decided and why."""
    what = f"{override.application} {override.action.done(override.amount_dkk, lang)}"
    return f"{what} ({override.decided_by}: {override.reason})"


def price_points(price: OverridePrice, support: bool, lang: str = "da") -> str:
    """What an override costs, as every surface writes it: points of score (one decimal), or whole
    votes of support in a `.pb` round."""
    return format_number(round(price.score_lost), lang) if support else format_score(price.score_lost, lang)


def price_lines(comparison: Comparison, lang: str = "da") -> list[str]:
    """One line per override in any scenario: the points it costs and where the money moved."""
    out = []
    support = comparison.base.allocation.value_kind == "support"
    for r in comparison.results:
        for p in r.prices:
            moved = ", ".join(f"{i} {_signed_dkk(v, lang)}"
                              for i, v in sorted(p.changes.items()))
            out.append(_w("price_support" if support else "price", lang).format(
                scenario=r.name, override=describe_override(p.override, lang),
                points=price_points(p, support, lang),
                changes=moved or _w("none", lang)))
    return out


def loser_lines(comparison: Comparison, lang: str = "da") -> list[str]:
    """A scenario with a larger pool in which applications funded in the base lose their grant."""
    from digipulje.pool.reasons import join_words

    return [_w("losers", lang).format(scenario=name, ids=join_words(list(ids), lang))
            for name, ids in comparison.losers.items()]


def comparison_marked_note(comparison: Comparison, lang: str = "da") -> str:
    """What the `*` of a marked cell means."""
    return _w("marked", lang).format(base=comparison.base.name)


def prices_label(lang: str = "da") -> str:
    return _w("prices", lang)


def render_comparison_table(comparison: Comparison, lang: str = "da") -> str:
    header, rows = comparison_rows(comparison, lang)
    texts = [header] + [[c + ("*" if m else "") for c, m in zip(cells, marks)] for cells, marks in rows]
    widths = [max(len(t[i]) for t in texts) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths)]
    out += [line(t) for t in texts[1:]]
    out.append("")
    out.append(comparison_marked_note(comparison, lang))
    losers = loser_lines(comparison, lang)
    if losers:
        out += ["", *losers]
    prices = price_lines(comparison, lang)
    if prices:
        out += ["", prices_label(lang) + ":"] + [f"  {p}" for p in prices]
    return "\n".join(out) + "\n"


def comparison_json(comparison: Comparison, lang: str = "da") -> dict[str, Any]:
    return {
        "scenarios": [
            {
                "name": r.name,
                "changes": None if r.scenario is None else r.scenario.model_dump(mode="json", exclude={"name"}),
                "allocation": r.allocation.to_json(lang),
                "grants": grant_count(r.allocation),
                "department_shares": department_shares(r.allocation),
                "bottom_line_shares": bottom_line_shares(r.allocation, comparison.applications),
                "override_prices": [
                    {"override": p.override.model_dump(mode="json"), "score_lost": p.score_lost,
                     "changes_dkk": dict(sorted(p.changes.items()))}
                    for p in r.prices
                ],
            }
            for r in comparison.results
        ],
        "value_kind": comparison.base.allocation.value_kind,
        "recommendation": None if comparison.recommendation is None else comparison.recommendation.to_json(lang),
        "larger_pool_losers": {name: list(ids) for name, ids in comparison.losers.items()},
        "differences": [
            {"scenario": d.scenario, "id": d.application, "base_granted_dkk": d.base_granted_dkk,
             "granted_dkk": d.granted_dkk, "base_status": d.base_status.value, "status": d.status.value}
            for d in comparison.differences
        ],
    }


def render_comparison_csv(comparison: Comparison, lang: str = "da") -> str:
    """Semicolon-separated with whole-kroner columns per scenario, for a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    names = [r.name for r in comparison.results]
    writer.writerow([safe_cell(v) for v in ["id", "title", *(f"{n}: granted_dkk" for n in names),
                                            *(f"{n}: status" for n in names),
                                            *(f"{n}: differs" for n in names)]])
    base = comparison.base.allocation
    for app in comparison.applications:
        b = base.decision(app.id)
        decisions = [r.allocation.decision(app.id) for r in comparison.results]
        writer.writerow([safe_cell(v) for v in [
            app.id, app.title, *(d.granted_dkk for d in decisions),
            *(d.status.value for d in decisions),
            *(int((d.granted_dkk, d.status) != (b.granted_dkk, b.status)) for d in decisions),
        ]])
    writer.writerow(["total", "", *(r.allocation.granted_dkk for r in comparison.results)])
    writer.writerow(["total_score", "", *(f"{r.allocation.total_score:.2f}" for r in comparison.results)])
    writer.writerow(["grants", "", *(grant_count(r.allocation) for r in comparison.results)])
    return buffer.getvalue()


def comparison_xlsx(comparison: Comparison, lang: str = "da") -> bytes:
    """The table as an Excel workbook: differing cells filled yellow, override prices below."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    header, rows = comparison_rows(comparison, lang)
    book = Workbook()
    sheet = book.active
    sheet.title = _w("sheet", lang)
    sheet.append([safe_cell(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    marked = PatternFill("solid", fgColor="FFF2CC")
    for cells, marks in rows:
        sheet.append([safe_cell(c) for c in cells])
        for column, mark in enumerate(marks, start=1):
            if mark:
                sheet.cell(row=sheet.max_row, column=column).fill = marked
    sheet.append([])
    sheet.append([safe_cell(_w("marked", lang).format(base=comparison.base.name).lstrip("* "))])
    sheet.cell(row=sheet.max_row, column=1).fill = marked
    prices = price_lines(comparison, lang)
    if prices:
        sheet.append([])
        sheet.append([_w("prices", lang)])
        for p in prices:
            sheet.append([safe_cell(p)])
    sheet.column_dimensions["A"].width = 48
    for index in range(2, len(header) + 1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = 26
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
