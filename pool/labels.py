"""Words for an application's status, from the message catalogue."""

from __future__ import annotations

from digipulje.messages import _
from digipulje.messages.tables import rendered
from digipulje.pool.allocation import Status


def _statuses() -> dict[Status, str]:
    return {
        Status.FUNDED: _("funded"),
        # "partial" alone is also the mark after a partial grant's amount (see reports.memo.text)
        Status.PARTIAL: _("partial (a status)"),
        Status.NOT_FUNDED: _("not funded"),
        Status.NOT_RECOMMENDED: _("not recommended"),
        Status.REJECTED: _("rejected"),
        Status.EXCLUDED: _("excluded"),
        Status.INCOMPLETE: _("incomplete"),
    }


def status_label(status: Status, lang: str) -> str:
    return rendered(_statuses, lang)[status]
