"""Rendering the alternatives to the allocation: the near-best funded sets and the weight
robustness, as text, JSON and CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from digipulje.messages import _
from digipulje.messages.tables import rendered
from digipulje.analyses.alternatives import Alternative
from digipulje.analyses.robustness import Robustness
from digipulje.pool.reasons import join_words
from digipulje.reports.export import safe_cell
from digipulje.base.money import decimal_mark, format_dkk, format_number, format_score
from digipulje.pool.labels import status_label


def _words() -> dict[str, str]:
    return {
        "rank": _("No."),
        "score": _("Total score"),
        "support": _("Total support"),
        "gap": _("Gap"),
        "granted": _("Granted"),
        "partials": _("Partial"),
        "funded": _("Funded"),
        "share": _("Share of draws"),
        "application": _("Application"),
        "base": _("With the pool's weights"),
        "draws": _("{draws} draws of the weights, spread {spread}, seed {seed}"),
        "alike": _("{applications} have the same ratings and amounts: they score alike whatever the weights, so "
                   "in every draw their rank (ID sorted as text) decides between them."),
    }


def _w(key: str, lang: str) -> str:
    return rendered(_words, lang)[key]


def _table(header: list[str], rows: list[list[str]], left: set[int]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = lambda cells: "  ".join(c.ljust(w) if i in left else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()  # noqa: E731
    return [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def _support(options: list[Alternative]) -> bool:
    return bool(options) and options[0].value_kind == "support"


def render_alternatives_table(options: list[Alternative], lang: str = "da") -> str:
    support = _support(options)
    value = (lambda v: format_number(int(v), lang)) if support else (lambda v: format_score(v, lang))  # noqa: E731
    header = [_w("rank", lang), _w("support" if support else "score", lang), _w("gap", lang), _w("granted", lang),
              _w("partials", lang), _w("funded", lang)]
    rows = [[str(o.rank), value(o.total_score), value(o.gap), format_dkk(o.granted_dkk, lang),
             str(o.partials), ", ".join(f"{i} {format_dkk(o.granted[i], lang)}" for i in o.funded)] for o in options]
    return "\n".join(_table(header, rows, {5})) + "\n"


def alternatives_json(options: list[Alternative]) -> dict[str, Any]:
    support = _support(options)
    total = "total_support" if support else "total_score"
    return {"value_kind": "support" if support else "score", "alternatives": [
        {"rank": o.rank, "funded": list(o.funded), "granted": {i: o.granted[i] for i in o.funded},
         total: int(o.total_score) if support else o.total_score, "gap": int(o.gap) if support else o.gap,
         "granted_dkk": o.granted_dkk, "partial_grants": o.partials}
        for o in options]}


def render_alternatives_csv(options: list[Alternative]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    ids = list(options[0].granted) if options else []
    writer.writerow(["rank", "total_support" if _support(options) else "total_score", "gap", "granted_dkk", "partial_grants", *(safe_cell(f"{i}_dkk") for i in ids)])
    for o in options:
        writer.writerow([o.rank, f"{o.total_score:.2f}", f"{o.gap:.2f}", o.granted_dkk, o.partials,
                         *(o.granted[i] for i in ids)])
    return buffer.getvalue()


def _percent(share: float, lang: str) -> str:
    return decimal_mark(f"{share * 100:.1f} %", lang)


def render_robustness_table(result: Robustness, lang: str = "da") -> str:
    header = ["ID", _w("application", lang), _w("base", lang), _w("share", lang)]
    # each with its status at the pool's weights: partly granted, rejected, … (not only yes or no)
    rows = [[i, result.titles[i], status_label(result.base_status[i], lang), _percent(share, lang)]
            for i, share in sorted(result.funded_share.items(), key=lambda kv: (-kv[1], kv[0]))]
    spread = decimal_mark(f"{result.spread:g}", lang)
    out = [_w("draws", lang).format(draws=result.draws, spread=spread, seed=result.seed), "", *_table(header, rows, {0, 1, 2})]
    for ids in result.alike:
        out += ["", _w("alike", lang).format(applications=join_words(list(ids), lang))]
    return "\n".join(out) + "\n"


def robustness_json(result: Robustness) -> dict[str, Any]:
    return {"draws": result.draws, "spread": result.spread, "seed": result.seed,
            "distribution": "each weight w > 0 times exp(spread * Z), Z standard normal; PCG64 with the seed",
            "applications": [{"id": i, "funded_with_pool_weights": i in result.base_funded, "funded_share": share}
                             for i, share in result.funded_share.items()],
            "alike": [list(ids) for ids in result.alike]}


def render_robustness_csv(result: Robustness) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["id", "title", "funded_with_pool_weights", "funded_share"])
    for i, share in result.funded_share.items():
        writer.writerow([safe_cell(i), safe_cell(result.titles[i]), int(i in result.base_funded), f"{share:.4f}"])
    return buffer.getvalue()
