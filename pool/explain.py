"""Explanations a council can stand behind: for one application, what decided it and why.

Good administrative practice asks that a decision names the rule, the main considerations and
the facts. An explanation therefore gives, for one application of an allocation:

- the deciding reason in plain words (the first rule it failed, or for an eligible application
  the outcome of the competition for the budget — see `pool.competition`);
- its score per principle: rating, weight, points and what the rating means on the anchored scale;
- who rated it when several assessors did, who was recused, and which spreads call for discussion;
- every rule of the pool, passed or failed — the same checks that screening used;
- with a KITOS export, its screening hints: the cross-cutting evidence beside the rating of
  principle 4, the others after the score — facts for the council, never a decision.

Everything is recomputed from the allocation's own inputs, so an explanation cannot drift from the
allocation it explains. `text(lang)` renders it; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from applications.model import Application
from pool.allocation import Allocation, Decision, Status
from base.errors import InputError
from pool.reasons import Reason, join_words
from pool.screen import RuleCheck, check_rules
from reports.labels import status_label
from base.money import format_dkk, format_score
from scoring.panel import AssessorRating, Panel, score_round
from scoring.principles import CRITERIA
from scoring.scales import SCALES
from scoring.score import Score

if TYPE_CHECKING:  # the KITOS reader is only loaded when an export is given
    from applications.kitos_hints import Hint, KitosScreening

_WORDS = {
    "da": {
        "requested": "ansøgt", "granted": "bevilget", "deciding": "Afgørende", "other": "Øvrige begrundelser",
        "score": "Score {score} af 100", "from_sheet": "vurderinger fra ansøgningsskemaet",
        "from_panel": "ITP-medlemmernes vurderinger, {aggregation}", "mean": "gennemsnit", "median": "median",
        "principle": "princip", "weight": "vægt", "points": "point", "unrated": "ikke vurderet, tæller 0",
        "rules": "Regler", "passed": "opfyldt", "failed": "ikke opfyldt", "assessors": "Bedømmere",
        "recused": "inhabil", "none_counted": "ingen tællende vurdering",
        "discuss": "spredning {spread}: til drøftelse", "no_ratings": "ingen",
        "kitos": "KITOS (fakta til ITP, ikke en afgørelse)", "kitos_nothing": "ingen bemærkninger fra KITOS",
    },
    "en": {
        "requested": "requested", "granted": "granted", "deciding": "Deciding", "other": "Other reasons",
        "score": "Score {score} of 100", "from_sheet": "ratings from the applications sheet",
        "from_panel": "the council members' ratings, {aggregation}", "mean": "mean", "median": "median",
        "principle": "principle", "weight": "weight", "points": "points", "unrated": "not rated, counts 0",
        "rules": "Rules", "passed": "passed", "failed": "failed", "assessors": "Assessors",
        "recused": "recused", "none_counted": "no counted rating",
        "discuss": "spread {spread}: for discussion", "no_ratings": "none",
        "kitos": "KITOS (facts for the council, not a decision)", "kitos_nothing": "nothing from KITOS",
    },
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
        w = _WORDS["da" if lang == "da" else "en"]
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
        source = (w["from_sheet"] if self.panel is None
                  else w["from_panel"].format(aggregation=w[self.panel.aggregation]))
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
                    lang: str) -> str:
    """Why this application took the shortfall (principle 1: from as few as the pool allows)."""
    da = lang == "da"
    head = (f"Manglende beløb: de bevilgede ansøgninger bad om {format_dkk(missing, lang)} mere, end puljen giver dem"
            if da else f"Shortfall: the funded applications asked for {format_dkk(missing, lang)} more than the "
                       "pool gives them")
    if partials > 1 or limit != 1:
        rule = (f"det fordeles på {partials} delvise tilskud, så få som " +
                ("puljens regler tillader" if limit is None else f"muligt (højst {limit})") if da else
                f"it is spread over {partials} partial grants, as few as " +
                ("the pool's rules allow" if limit is None else f"possible (at most {limit})"))
        return f"{head}; {rule} (princip 1)" if da else f"{head}; {rule} (principle 1)"
    rule = "puljen tager det fra én ansøgning (princip 1)" if da else "the pool takes it from one application (principle 1)"
    if len(able) <= 1:
        why = ("den er den eneste af de bevilgede, hvis mindste brugbare tilskud kan bære det alene" if da else
               "it is the only funded application whose smallest workable grant can carry it alone")
    elif baseline:
        why = (f"af de {len(able)}, der kunne bære det alene ({', '.join(able)}), flytter den færrest kroner fra "
               "udgangspunktet" if da else f"of the {len(able)} that could carry it alone ({', '.join(able)}), it moves "
               "the fewest kroner from the baseline")
    else:
        why = (f"af de {len(able)}, der kunne bære det alene ({', '.join(able)}), er den lavest placeret efter score: "
               "de højere placerede får deres fulde beløb først" if da else
               f"of the {len(able)} that could carry it alone ({', '.join(able)}), it ranks lowest by score: the "
               "higher-ranked get their full amounts first")
    return f"{head}; {rule}, og {why}" if da else f"{head}; {rule}, and {why}"


def deciding_reason(decision: Decision) -> Reason:
    """The reason that decided an application's outcome: the one way explanations, the memo and
    the workbook pick it.

    For an application screened out it is the first rule it failed; for an eligible one (or one
    an override let through) it is the outcome of the competition for the budget.
    """
    reasons = decision.reasons
    if decision.status.granted or decision.status is Status.NOT_FUNDED:
        return reasons[-1]
    return reasons[0]


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
    known = sorted(a.id for a in apps)
    if application_id not in known:
        raise InputError(f"there is no application '{application_id}': the ids are {', '.join(known) or 'none'}")
    return next(e for e in explain_round(allocation, apps, assessments, kitos) if e.application.id == application_id)


def explain_round(
    allocation: Allocation, applications: Iterable[Application], assessments: Iterable[AssessorRating] = (),
    kitos: KitosScreening | None = None,
) -> list[Explanation]:
    """The explanations of every application of `allocation`, in id order; with `kitos`, each
    carries its KITOS screening hints."""
    pool = allocation.pool
    apps = sorted(applications, key=lambda a: a.id)
    panels, scores = score_round(apps, pool, assessments)
    funded = [d for d in allocation.decisions if d.granted_dkk > 0]
    missing = sum(d.requested_dkk for d in funded) - sum(d.granted_dkk for d in funded)
    partials = [d for d in funded if d.status is Status.PARTIAL]
    fixed = {o.application for o in allocation.overrides if o.action.value == "fix"}
    able = tuple(d.id for d in funded if d.id not in fixed and d.requested_dkk - d.min_dkk >= missing)
    limit = pool.rules.max_partial_grants
    baseline = any(name == "kroner moved from baseline" for name, _ in allocation.solver.stages)
    shortfall = {d.id: (missing, able, len(partials), None if limit == "any" else limit, baseline) for d in partials}
    return [
        Explanation(application=a, decision=allocation.decision(a.id), score=scores[a.id],
                    panel=panels.get(a.id), checks=check_rules(a, scores[a.id], pool),
                    kitos_hints=None if kitos is None else tuple(kitos.hints(a)), shortfall=shortfall.get(a.id))
        for a in apps
    ]


def format_rating(rating: int | Fraction, lang: str = "da") -> str:
    """A whole rating as is; an aggregated one with up to two decimals ("3,5", "3.33")."""
    if isinstance(rating, int) or rating.denominator == 1:
        return str(int(rating))
    text = f"{float(rating):.2f}".rstrip("0")
    return text.replace(".", ",") if lang == "da" else text


def _score_lines(score: Score, lang: str) -> list[str]:
    w = _WORDS["da" if lang == "da" else "en"]
    rows = []
    for part in score.parts:
        c = part.criterion
        name = f"{c.name_da if lang == 'da' else c.name_en} ({w['principle']} {c.principle})"
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
    at = next(i for i, part in enumerate(score.parts) if part.criterion.key == "cross_cutting")
    return [*lines[:at + 1], *(f"    KITOS: {h.text(lang)}" for h in evidence), *lines[at + 1:]]


def _kitos_lines(hints: tuple[Hint, ...], lang: str) -> list[str]:
    """The KITOS hints other than the cross-cutting evidence (shown beside principle 4)."""
    w = _WORDS["da" if lang == "da" else "en"]
    if not hints:
        return ["", f"{w['kitos']}: {w['kitos_nothing']}"]
    others = [h for h in hints if h.code != CROSS_CUTTING_EVIDENCE]
    if not others:
        return []
    return ["", f"{w['kitos']}:", *(f"  - {h.text(lang)}" for h in others)]


def _panel_lines(panel: Panel, lang: str) -> list[str]:
    w = _WORDS["da" if lang == "da" else "en"]
    lines = []
    for criterion, part in zip(CRITERIA, panel.criteria):
        name = criterion.name_da if lang == "da" else criterion.name_en
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
