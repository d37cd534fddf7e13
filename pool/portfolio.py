"""The funded set seen as a whole, against the principles that concern a portfolio.

A single score says how good each application is; the chiefs also ask what the pool buys
together: how many grants it makes and how large (principle 1, few but noticeable), whether the
funded set serves all three of KL's bottom lines (principle 2), and how many departments it
reaches (a cross-cutting application reaches the other departments taking part, principle 4).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from applications.model import Application
from pool.allocation import Allocation
from base.money import format_dkk
from scoring.principles import CRITERIA
from scoring.score import Score

BOTTOM_LINES = ("citizen", "employee", "municipality")
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
        da = lang == "da"
        n = len(self.grants)
        average = self.granted_dkk // n if n else 0
        lines = [
            ("Porteføljen af bevillinger" if da else "The portfolio of grants"),
            (f"  Princip 1: {n} tilskud på i alt {format_dkk(self.granted_dkk, lang)} af "
             f"{format_dkk(self.budget_dkk, lang)}, i gennemsnit {format_dkk(average, lang)}" if da else
             f"  Principle 1: {n} grants totalling {format_dkk(self.granted_dkk, lang)} of "
             f"{format_dkk(self.budget_dkk, lang)}, on average {format_dkk(average, lang)}"),
            (f"  Afdelinger: når {len(self.departments_reached)} af de {len(self.departments_applied)}, "
             f"der har søgt" if da else
             f"  Departments: reaches {len(self.departments_reached)} of the "
             f"{len(self.departments_applied)} that applied")
            + (": " + "; ".join(self.departments_reached) if self.departments_reached else ""),
            (f"  Princip 2, KL's tre bundlinjer (bevillinger vurderet {NOTICEABLE} eller mere):" if da else
             f"  Principle 2, KL's three bottom lines (grants rated {NOTICEABLE} or more):"),
        ]
        names = {c.key: (c.name_da if da else c.name_en) for c in CRITERIA}
        width = max(len(names[b.criterion]) for b in self.bottom_lines)
        for b in self.bottom_lines:
            ids = ", ".join(b.grants) if b.grants else ("ingen" if da else "none")
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
    for key in BOTTOM_LINES:
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
