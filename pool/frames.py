"""Results as pandas DataFrames, for those who work in notebooks: `to_frame()` on an allocation,
a comparison, a budget curve and a robustness result calls these.

Column names are stable, in English snake_case; money is whole kroner in int64 columns (`_dkk`);
the application id (or the budget, for the curve) is the index; statuses are their codes
("funded", "partial", ...), reasons are texts in the language in force (`messages`). A frame is a
view for analysis: it carries no more than the result it was made from, and nothing in digipulje
reads one back except `applications_from_frame`.

pandas is imported here only when a frame is made: it is slow to import and nothing else needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from digipulje.messages import current_language

if TYPE_CHECKING:
    import pandas as pd

# The results come in from their own `to_frame()`: this module imports none of them, so that none
# of them imports a module that imports it back. Each function's docstring names what it takes.
Allocation = BudgetCurve = Robustness = Comparison = Any

MONEY = "int64"


def allocation_frame(allocation: Allocation) -> pd.DataFrame:
    """A `pool.allocation.Allocation` as one row per application (index `id`, in the allocation's order): what it asked, its
    smallest workable grant, its grant, status and score, and the deciding reason with its code.
    A participatory-budgeting round (`.pb`) adds the voters' `support`."""
    import pandas as pd

    lang = current_language()
    rows = []
    for d in allocation.decisions:
        deciding = d.deciding_reason()
        rows.append({"id": d.id, "title": d.title, "department": d.department, "requested_dkk": d.requested_dkk,
                     "min_dkk": d.min_dkk, "granted_dkk": d.granted_dkk, "status": d.status.value,
                     "score": d.score, "reason": deciding.text(lang), "reason_code": deciding.code,
                     **({"support": d.support} if allocation.value_kind == "support" else {})})
    columns = ["id", "title", "department", "requested_dkk", "min_dkk", "granted_dkk", "status", "score", "reason",
               "reason_code", *(["support"] if allocation.value_kind == "support" else [])]
    frame = pd.DataFrame(rows, columns=columns).astype(
        {"requested_dkk": MONEY, "min_dkk": MONEY, "granted_dkk": MONEY, "score": "float64",
         **({"support": "int64"} if allocation.value_kind == "support" else {})})
    return frame.set_index("id")


def comparison_frame(comparison: Comparison) -> pd.DataFrame:
    """An `analyses.scenarios.Comparison` as one row per scenario and application (index `scenario`, `id`; the base first, then the
    scenarios in their file's order): the grant beside the base's, the difference, both statuses
    and the score. `frame["granted_dkk"].unstack("scenario")` gives the side-by-side table."""
    import pandas as pd

    base = comparison.base.allocation
    rows = []
    for result in comparison.results:
        for d in sorted(result.allocation.decisions, key=lambda d: d.id):
            b = base.decision(d.id)
            rows.append({"scenario": result.name, "id": d.id, "title": d.title, "department": d.department,
                         "requested_dkk": d.requested_dkk, "base_granted_dkk": b.granted_dkk,
                         "granted_dkk": d.granted_dkk, "difference_dkk": d.granted_dkk - b.granted_dkk,
                         "base_status": b.status.value, "status": d.status.value, "score": d.score})
    columns = ["scenario", "id", "title", "department", "requested_dkk", "base_granted_dkk", "granted_dkk",
               "difference_dkk", "base_status", "status", "score"]
    frame = pd.DataFrame(rows, columns=columns).astype(
        {"requested_dkk": MONEY, "base_granted_dkk": MONEY, "granted_dkk": MONEY, "difference_dkk": MONEY,
         "score": "float64"})
    # The scenarios keep the comparison's order (base first) wherever pandas sorts them, as in unstack.
    names = list(dict.fromkeys(r.name for r in comparison.results))
    frame["scenario"] = pd.Categorical(frame["scenario"], categories=names, ordered=True)
    return frame.set_index(["scenario", "id"])


def curve_frame(curve: BudgetCurve) -> pd.DataFrame:
    """An `analyses.curve.BudgetCurve` as one row per budget (index `budget_dkk`, ascending): the best total score (the voters'
    support for a `.pb` round), the kroner granted and left, the number of grants, the score
    gained per extra 10,000 kr since the budget before (NaN for the first) and the funded ids."""
    import pandas as pd

    rows = [{"budget_dkk": p.budget_dkk, "total_score": p.total_score, "granted_dkk": p.granted_dkk,
             "remainder_dkk": p.budget_dkk - p.granted_dkk, "grants": len(p.funded),
             "marginal_per_10k": float("nan") if p.marginal_per_10k is None else p.marginal_per_10k,
             "funded": ", ".join(p.funded)} for p in curve.points]
    columns = ["budget_dkk", "total_score", "granted_dkk", "remainder_dkk", "grants", "marginal_per_10k", "funded"]
    frame = pd.DataFrame(rows, columns=columns).astype(
        {"budget_dkk": MONEY, "total_score": "float64", "granted_dkk": MONEY, "remainder_dkk": MONEY,
         "grants": "int64", "marginal_per_10k": "float64"})
    return frame.set_index("budget_dkk")


def robustness_frame(robustness: Robustness) -> pd.DataFrame:
    """An `analyses.robustness.Robustness` as one row per application (index `id`, in id order): the share of weight draws in which it is
    funded, that number of draws, and whether it is funded with the pool's own weights."""
    import pandas as pd

    base = set(robustness.base_funded)
    rows = [{"id": i, "title": robustness.titles.get(i, ""), "funded_share": share,
             "funded_draws": round(share * robustness.draws), "funded_at_pool_weights": i in base}
            for i, share in sorted(robustness.funded_share.items())]
    columns = ["id", "title", "funded_share", "funded_draws", "funded_at_pool_weights"]
    frame = pd.DataFrame(rows, columns=columns).astype(
        {"funded_share": "float64", "funded_draws": "int64", "funded_at_pool_weights": "bool"})
    return frame.set_index("id")
