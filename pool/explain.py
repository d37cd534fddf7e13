"""Explanations a council can stand behind: for one application, what decided it and why.

Good administrative practice asks that a decision names the rule, the main considerations and
the facts. An explanation therefore gives, for one application of an allocation:

- the deciding reason in plain words (the first rule it failed, or for an eligible application
  the outcome of the competition for the budget — solved, see `pool.counterfactual`);
- its score per principle: rating, weight, points and what the rating means on the anchored scale;
- who rated it when several assessors did, who was recused, and which spreads call for discussion;
- every rule of the pool, passed or failed — the same checks that screening used;
- with a KITOS export, its screening hints: the cross-cutting evidence beside the rating of
  principle 4, the others after the score — facts for the council, never a decision.

Everything is read from the allocation's own details (its scores, panels and screenings), so an
explanation cannot drift from the allocation it explains. `text(lang)` renders it; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from digipulje.applications.assessments import AssessorRating
from digipulje.applications.model import Application
from digipulje.applications.principles import CRITERIA, CROSS_CUTTING_PRINCIPLE
from digipulje.base.errors import InputError, no_such_application
from digipulje.base.money import decimal_mark, format_dkk, format_score
from digipulje.messages import _
from digipulje.messages.tables import in_language, rendered
from digipulje.pool.allocation import Allocation, Decision, Status
from digipulje.pool.labels import status_label
from digipulje.pool.reasons import Reason, join_words
from digipulje.pool.screen import RuleCheck
from digipulje.scoring.panel import Panel
from digipulje.scoring.scales import SCALES
from digipulje.scoring.score import Score

if TYPE_CHECKING:  # the KITOS reader is only loaded when an export is given
    from digipulje.applications.kitos_hints import Hint, KitosScreening

def _words() -> dict[str, str]:
    return {
        "requested": _("requested"), "granted": _("granted"), "deciding": _("Deciding"), "other": _("Other reasons"),
        "score": _("Score {score} of 100"), "from_sheet": _("ratings from the applications sheet"),
        "from_panel_mean": _("the council members' ratings, mean"),
        "from_panel_median": _("the council members' ratings, median"),
        "principle": _("principle"), "weight": _("weight"), "points": _("points"), "unrated": _("not rated, counts 0"),
        "rules": _("Rules"), "passed": _("passed"), "failed": _("failed"), "assessors": _("Assessors"),
        "recused": _("recused"), "none_counted": _("no counted rating"),
        "discuss": _("spread {spread}: for discussion"), "no_ratings": _("none"),
        "kitos": _("KITOS (facts for the council, not a decision)"), "kitos_nothing": _("nothing from KITOS"),
    }


@dataclass(frozen=True)
class Explanation:
    application: Application
    decision: Decision
    score: Score
    panel: Panel | None
    checks: tuple[RuleCheck, ...]
    kitos_hints: tuple[Hint, ...] | None = None  # None: no KITOS export was given
    shortfall: tuple | None = None  # a partial grant: the facts of `_shortfall_line`

    @property
    def deciding(self) -> Reason:
        return deciding_reason(self.decision)

    def text(self, lang: str = "da") -> str:
        w = rendered(_words, lang)
        d, a = self.decision, self.application
        lines = [
            f"{a.id} {a.title} ({a.department})",
            f"{w['requested'].capitalize()} {format_dkk(d.requested_dkk, lang)}, {w['granted']} "
            f"{format_dkk(d.granted_dkk, lang)}: {status_label(d.status, lang)}",
            f"{w['deciding']}: {self.deciding.text(lang)}",
        ]
        if self.shortfall is not None:
            lines.append(_shortfall_line(*self.shortfall, lang=lang))
        others = [r for r in d.reasons if r is not self.deciding]
        if others:
            lines.append(f"{w['other']}:")
            lines += [f"  - {r.text(lang)}" for r in others]
        lines.append("")
        source = w["from_sheet"] if self.panel is None else w[f"from_panel_{self.panel.aggregation}"]
        lines.append(f"{w['score'].format(score=format_score(self.score.value, lang))} ({source}):")
        lines += _with_cross_cutting_evidence(_score_lines(self.score, lang), self.score, self.kitos_hints, lang)
        if self.kitos_hints is not None:
            lines += _kitos_lines(self.kitos_hints, lang)
        if self.panel is not None:
            lines.append("")
            lines.append(f"{w['assessors']}:")
            lines += _panel_lines(self.panel, lang)
        lines.append("")
        lines.append(f"{w['rules']}:")
        applied = [c for c in self.checks if c.passed is not None]
        width = max(len(w["passed"]), len(w["failed"]))
        for check in applied:
            mark = w["passed"] if check.passed else w["failed"]
            lines.append(f"  {mark.ljust(width)}  {_capitalise(check.rule.text(lang))}")
        return "\n".join(lines)


def _shortfall_line(missing: int, able: tuple[str, ...], partials: int, limit: int | None, baseline: bool,
                    tied: tuple[str, ...], lang: str) -> str:
    """Why this application took the shortfall (principle 1: from as few as the pool allows).
    `tied`: those of `able` that score the same as it (their IDs decided the rank)."""
    with in_language(lang):
        head = _("Shortfall: the funded applications asked for {missing} more than the pool gives them",
                 missing=format_dkk(missing, lang))
        if partials > 1 or limit != 1:
            rule = (_("it is spread over {partials} partial grants, as few as the pool's rules allow",
                      partials=partials) if limit is None else
                    _("it is spread over {partials} partial grants, as few as possible (at most {limit})",
                      partials=partials, limit=limit))
            return _("{shortfall}; {rule} (principle 1)", shortfall=head, rule=rule)
        rule = _("the pool takes it from one application (principle 1)")
        if len(able) <= 1:
            why = _("it is the only funded application whose smallest workable grant can carry it alone")
        elif baseline:
            why = _("of the {count} that could carry it alone ({ids}), it moves the fewest kroner from the baseline",
                    count=len(able), ids=", ".join(able))
        elif tied:
            why = _("of the {count} that could carry it alone ({ids}), it ranks lowest: {tied} score the same, and "
                    "among equal scores the ID sorted as text decides; the higher-ranked get their full amounts first",
                    count=len(able), ids=", ".join(able), tied=", ".join(tied))
        else:
            why = _("of the {count} that could carry it alone ({ids}), it ranks lowest by score: the higher-ranked "
                    "get their full amounts first", count=len(able), ids=", ".join(able))
        return _("{shortfall}; {rule}, and {why}", shortfall=head, rule=rule, why=why)


def deciding_reason(decision: Decision) -> Reason:
    """The reason that decided an application's outcome: the one way explanations, the memo and
    the workbook pick it.

    For an application screened out it is the first rule it failed; for an eligible one (or one
    an override let through) it is the outcome of the competition for the budget.
    """
    return decision.deciding_reason()


def reasons_deciding_first(decision: Decision) -> tuple[Reason, ...]:
    """The decision's reasons with the deciding one first, the others in their own order."""
    deciding = deciding_reason(decision)
    return (deciding, *(r for r in decision.reasons if r is not deciding))


def explain_application(
    allocation: Allocation,
    applications: Iterable[Application],
    application_id: str,
    assessments: Iterable[AssessorRating] = (),
    kitos: KitosScreening | None = None,
) -> Explanation:
    """The explanation of one application of `allocation`, made from the same inputs (the
    applications and assessments it was allocated from; the pool is the allocation's own)."""
    apps = list(applications)
    known = {a.id for a in apps}
    if application_id not in known:
        raise InputError(no_such_application(application_id, known))
    return next(e for e in explain_round(allocation, apps, assessments, kitos) if e.application.id == application_id)


def explain_round(
    allocation: Allocation, applications: Iterable[Application], assessments: Iterable[AssessorRating] = (),
    kitos: KitosScreening | None = None,
) -> list[Explanation]:
    """The explanations of every application of `allocation`, in id order; with `kitos`, each
    carries its KITOS screening hints."""
    from digipulje.pool.allocating import with_details

    pool = allocation.pool
    apps = sorted(applications, key=lambda a: a.id)
    allocation = with_details(allocation, apps, assessments)  # as it was allocated: nothing is scored again
    # The shortfall is what the pool's own grants lack: an amount the chiefs fixed is their decision,
    # explained by the fix alone (docs/allocate.md), and neither takes nor counts a share of it.
    fixed = {o.application for o in allocation.overrides if o.action.fixes_grant}
    funded = [d for d in allocation.decisions if d.granted_dkk > 0 and d.id not in fixed]
    missing = sum(d.requested_dkk - d.granted_dkk for d in funded)
    partials = [d for d in funded if d.status is Status.PARTIAL]
    able = tuple(d.id for d in funded if d.requested_dkk - d.min_dkk >= missing)
    limit = pool.rules.max_partial_grants
    baseline = allocation.stays_close_to_baseline
    value = {d.id: d.value for d in funded}
    shortfall = {d.id: (missing, able, len(partials), None if limit == "any" else limit, baseline,
                        tuple(i for i in able if i != d.id and value[i] == value[d.id]))
                 for d in partials}
    return [
        Explanation(application=a, decision=allocation.decision(a.id), score=details.score, panel=details.panel,
                    checks=details.screening.checks, kitos_hints=None if kitos is None else tuple(kitos.hints(a)),
                    shortfall=shortfall.get(a.id))
        for a in apps for details in [allocation.details_of(a.id)]
    ]


def format_rating(rating: int | Fraction, lang: str = "da") -> str:
    """A whole rating as is; an aggregated one with up to two decimals ("3,5", "3.33")."""
    if isinstance(rating, int) or rating.denominator == 1:
        return str(int(rating))
    return decimal_mark(f"{float(rating):.2f}".rstrip("0"), lang)


def _score_lines(score: Score, lang: str) -> list[str]:
    w = rendered(_words, lang)
    rows = []
    for part in score.parts:
        c = part.criterion
        name = f"{c.name(lang)} ({w['principle']} {c.principle})"
        weight = f"× {w['weight']} {format_rating(Fraction(str(part.weight)), lang)}"
        points = f"{format_score(part.points, lang)} {w['points']}"
        if part.rating is None:
            rows.append((name, "-", weight, points, w["unrated"]))
            continue
        whole = Fraction(part.rating).denominator == 1
        meaning = SCALES[c.key].anchor(int(part.rating), lang) if whole else ""
        rows.append((name, format_rating(part.rating, lang), weight, points, meaning))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return [f"  {r[0].ljust(widths[0])}  {r[1].rjust(widths[1])} {r[2].ljust(widths[2])} = "
            f"{r[3].rjust(widths[3])}" + (f"  {r[4]}" if r[4] else "") for r in rows]


CROSS_CUTTING_EVIDENCE = "cross_cutting_evidence"


def _with_cross_cutting_evidence(lines: list[str], score: Score, hints: tuple[Hint, ...] | None,
                                 lang: str) -> list[str]:
    """The score lines with KITOS's cross-cutting evidence under the rating of principle 4."""
    evidence = [h for h in hints or () if h.code == CROSS_CUTTING_EVIDENCE]
    if not evidence:
        return lines
    at = next(i for i, part in enumerate(score.parts) if part.criterion.principle == CROSS_CUTTING_PRINCIPLE)
    return [*lines[:at + 1], *(f"    KITOS: {h.text(lang)}" for h in evidence), *lines[at + 1:]]


def _kitos_lines(hints: tuple[Hint, ...], lang: str) -> list[str]:
    """The KITOS hints other than the cross-cutting evidence (shown beside principle 4)."""
    w = rendered(_words, lang)
    if not hints:
        return ["", f"{w['kitos']}: {w['kitos_nothing']}"]
    others = [h for h in hints if h.code != CROSS_CUTTING_EVIDENCE]
    if not others:
        return []
    return ["", f"{w['kitos']}:", *(f"  - {h.text(lang)}" for h in others)]


def _panel_lines(panel: Panel, lang: str) -> list[str]:
    w = rendered(_words, lang)
    lines = []
    for criterion, part in zip(CRITERIA, panel.criteria):
        name = criterion.name(lang)
        votes = [f"{v.assessor} {v.rating}" + ("" if v.counted else f" ({w['recused']}: {v.department})")
                 for v in part.votes]
        line = f"  {name}: {join_words(votes, lang) or w['no_ratings']}"
        if part.rating is None:
            line += f" → {w['none_counted']}"
        else:
            line += f" → {format_rating(part.rating, lang)}"
        if part.for_discussion:
            line += f"; {w['discuss'].format(spread=part.spread)}"
        lines.append(line)
    return lines


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
