"""The meeting's questions, answered once for both doors (the command line and the web app).

Before and at the chiefs' meeting the same questions are asked: what does the decision look like
with these changes (`preview_decision`), what does each change cost (`price_changes`), how does
the round look under other terms (`compare_scenarios`), and what is the memo written about
(`memo_case`, `stored_memo_case`). Each is written here once, as plain functions on the core's
values, and calls the core's one engine (`pool.allocating.decide`); `commands/` and `web/` parse,
call one of these, and render. An answer therefore never depends on which door it came through.
"""

from __future__ import annotations

from digipulje.base.exports import lazy_exports

__all__ = [
    "Preview", "compare_saved", "compare_scenarios", "memo_case", "preview_decision", "price_changes", "scenarios_for_memo",
    "stored_memo_case", "stored_scenarios",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "decision": ("Preview", "preview_decision", "price_changes"),
    "memo": ("memo_case", "stored_memo_case", "stored_scenarios"),
    "scenarios": ("compare_saved", "compare_scenarios", "scenarios_for_memo"),
})
