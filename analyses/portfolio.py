"""The funded set seen as a whole, against the principles that concern a portfolio.

A single score says how good each application is; the chiefs also ask what the pool buys
together: how many grants it makes and how large (principle 1, few but noticeable), whether the
funded set serves all three of KL's bottom lines (principle 2), and how many departments it
reaches (a cross-cutting application reaches the other departments taking part, principle 4).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from digipulje.applications.model import Application
from digipulje.applications.principles import BOTTOM_LINE_KEYS, CRITERIA
from digipulje.base.money import format_dkk
from digipulje.messages import _
from digipulje.messages.tables import in_language
from digipulje.pool.allocation import Allocation
from digipulje.scoring.score import Score

NOTICEABLE = 3  # a rating of 3 or more: a noticeable effect on that bottom line


@dataclass(frozen=True)
class BottomLine:
    criterion: str
    grants: tuple[str, ...]  # funded applications rated NOTICEABLE or more on it
    granted_dkk: int  # the kroner granted to those


@dataclass(frozen=True)
class Portfolio:
    grants: tuple[str, ...]
    granted_dkk: int
    budget_dkk: int
    departments_applied: tuple[str, ...]
    departments_reached: tuple[str, ...]
    bottom_lines: tuple[BottomLine, ...]

    @property
    def all_bottom_lines_covered(self) -> bool:
        return all(b.grants for b in self.bottom_lines)

    def text(self, lang: str = "da") -> str:
        with in_language(lang):
            return self._text(lang)

    def _text(self, lang: str) -> str:
        n = len(self.grants)
        average = self.granted_dkk // n if n else 0
        lines = [
            _("The portfolio of grants"),
            "  " + _("Principle 1: {count} grants totalling {granted} of {budget}, on average {average}", count=n,
                     granted=format_dkk(self.granted_dkk, lang), budget=format_dkk(self.budget_dkk, lang),
                     average=format_dkk(average, lang)),
            "  " + _("Departments: reaches {reached} of the {applied} that applied",
                     reached=len(self.departments_reached), applied=len(self.departments_applied))
            + (": " + "; ".join(self.departments_reached) if self.departments_reached else ""),
            "  " + _("Principle 2, KL's three bottom lines (grants rated {rating} or more):", rating=NOTICEABLE),
        ]
        names = {c.key: c.name(lang) for c in CRITERIA}
        width = max(len(names[b.criterion]) for b in self.bottom_lines)
        for b in self.bottom_lines:
            ids = ", ".join(b.grants) if b.grants else _("none")
            lines.append(f"    {(names[b.criterion] + ':').ljust(width + 1)} {len(b.grants)} "
                         f"({ids}), {format_dkk(b.granted_dkk, lang)}")
        return "\n".join(lines)


def portfolio_of(
    allocation: Allocation, applications: Iterable[Application], scores: Mapping[str, Score]
) -> Portfolio:
    """The portfolio of `allocation`; `scores` are the scores it was made with, by id."""
    apps = {a.id: a for a in applications}
    funded = [d for d in allocation.decisions if d.status.granted]
    reached = set()
    for d in funded:
        a = apps[d.id]
        reached |= {a.department, *a.other_departments}
    bottom_lines = []
    for key in BOTTOM_LINE_KEYS:
        noticed = [d for d in funded if (scores[d.id].ratings().get(key) or 0) >= NOTICEABLE]
        bottom_lines.append(BottomLine(key, tuple(d.id for d in noticed), sum(d.granted_dkk for d in noticed)))
    return Portfolio(
        grants=tuple(d.id for d in funded),
        granted_dkk=sum(d.granted_dkk for d in funded),
        budget_dkk=allocation.budget_dkk,
        departments_applied=tuple(sorted({a.department for a in apps.values()})),
        departments_reached=tuple(sorted(reached)),
        bottom_lines=tuple(bottom_lines),
    )
