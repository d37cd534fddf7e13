"""Turning allocations into what people read: tables, JSON, CSV, and money in Danish or English."""

from __future__ import annotations

from digipulje.base.exports import lazy_exports

__all__ = [
    "DecisionCase", "render_report", "render_table",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "formats": ("render_report",),
    "memo.case": ("DecisionCase",),
    "table": ("render_table",),
})
