"""Several council members rate; one rating per principle comes out, and it can be defended.

Each assessor rates applications on the 0–4 scales. For each application and criterion:

- an assessor from the applicant's own department (its department, unit or one of the other
  departments taking part) is **recused**: the rating is kept and shown, but never counted;
- the counted ratings are aggregated by the pool's rule, `mean` or `median` (exact fractions,
  so 3 and 4 give 3½, not a rounded 4);
- a spread of 2 points or more between counted ratings is **flagged for discussion**: the
  council should talk before the number stands.

When an application has ratings from assessors, its score comes from them alone; a criterion
without any counted rating is unrated (0 in the score) and flagged. Applications nobody
assessed keep the ratings of the applications sheet.
"""

from __future__ import annotations

import functools
import re
import statistics
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, Protocol

from digipulje.applications.assessments import AssessorRating
from digipulje.applications.model import Application, Verdict
from digipulje.applications.principles import CRITERIA
from digipulje.base.errors import InputError
from digipulje.messages import _, current_language
from digipulje.scoring.score import Score, score_rating_values, score_ratings
from digipulje.scoring.weights import Weights

SPREAD_FOR_DISCUSSION = 2


@dataclass(frozen=True)
class Vote:
    assessor: str
    department: str
    rating: int
    counted: bool  # False: the assessor is recused from this application


@dataclass(frozen=True)
class CriterionPanel:
    """The council's ratings of one application on one criterion."""

    criterion: str
    votes: tuple[Vote, ...]  # in assessor order
    rating: Fraction | None  # the aggregate of the counted votes; None when none counted

    @property
    def counted(self) -> tuple[int, ...]:
        return tuple(v.rating for v in self.votes if v.counted)

    @property
    def spread(self) -> int:
        counted = self.counted
        return max(counted) - min(counted) if counted else 0

    @property
    def for_discussion(self) -> bool:
        return self.spread >= SPREAD_FOR_DISCUSSION


@dataclass(frozen=True)
class Panel:
    """Every assessor's ratings of one application, and what they add up to."""

    application: str
    aggregation: str
    criteria: tuple[CriterionPanel, ...]  # in the order of CRITERIA

    def ratings(self) -> dict[str, Fraction | None]:
        return {c.criterion: c.rating for c in self.criteria}

    @property
    def recused(self) -> tuple[str, ...]:
        return tuple(sorted({v.assessor for c in self.criteria for v in c.votes if not v.counted}))

    @property
    def for_discussion(self) -> tuple[CriterionPanel, ...]:
        return tuple(c for c in self.criteria if c.for_discussion)

    @property
    def uncounted(self) -> tuple[str, ...]:
        """Criteria with no counted rating (nobody rated them, or everyone who did is recused)."""
        return tuple(c.criterion for c in self.criteria if c.rating is None)


def aggregate(ratings: Iterable[int], aggregation: str) -> Fraction | None:
    """Mean or median of whole ratings, as an exact fraction; None for no ratings."""
    values = sorted(ratings)
    if not values:
        return None
    if aggregation == "median":
        return Fraction(statistics.median_low(values) + statistics.median_high(values), 2)
    return Fraction(sum(values), len(values))


def is_recused(assessor_department: str, application: Application) -> bool:
    own = {canonical_department(d) for d in (application.department, application.unit,
                                             *application.other_departments) if d}
    return canonical_department(assessor_department) in own


def convene_panels(
    assessments: Iterable[AssessorRating], applications: Iterable[Application], aggregation: str = "mean"
) -> dict[str, Panel]:
    """One panel per assessed application, by id. Raises `InputError` for ratings of an unknown
    application or criterion, or the same rating given twice."""
    by_id = {a.id: a for a in applications}
    known_criteria = {c.key for c in CRITERIA}
    problems: list[str] = []
    grouped: dict[str, dict[str, dict[str, AssessorRating]]] = defaultdict(lambda: defaultdict(dict))
    for r in assessments:
        if r.application not in by_id:
            problem = _("assessor '{assessor}' rates application '{application}', which is not among the "
                        "applications: check the id", assessor=r.assessor, application=r.application)
        elif r.criterion not in known_criteria:
            problem = _("'{criterion}' is not a rated principle: use one of {known}", criterion=r.criterion,
                        known=", ".join(sorted(known_criteria)))
        elif r.assessor in grouped[r.application][r.criterion]:
            problem = _("assessor '{assessor}' rates '{criterion}' of {application} twice: keep one rating",
                        assessor=r.assessor, criterion=r.criterion, application=r.application)
        else:
            grouped[r.application][r.criterion][r.assessor] = r
            continue
        problems.append(_("{location}: {message}", location=r.source, message=problem) if r.source else problem)
    if problems:
        raise InputError(*problems)
    panels = {}
    for app_id in sorted(grouped):
        application = by_id[app_id]
        criteria = []
        for criterion in CRITERIA:
            given = grouped[app_id].get(criterion.key, {})
            votes = tuple(
                Vote(r.assessor, r.department, r.rating, counted=not is_recused(r.department, application))
                for _, r in sorted(given.items())
            )
            rating = aggregate((v.rating for v in votes if v.counted), aggregation)
            criteria.append(CriterionPanel(criterion.key, votes, rating))
        panels[app_id] = Panel(app_id, aggregation, tuple(criteria))
    return panels


def score_application(application: Application, weights: Weights, panel: Panel | None = None) -> Score:
    """The application's score: from the assessors' panel when it has one, else from the
    ratings in the applications sheet."""
    if panel is not None:
        return score_rating_values(panel.ratings(), weights)
    return score_ratings(application.ratings, weights)


class ScoringRules(Protocol):
    """What scoring a round needs from its pool (`pool.model.Pool` has both)."""

    @property
    def weights(self) -> Weights: ...

    @property
    def aggregation(self) -> Literal["mean", "median"]: ...


def score_round(
    applications: Iterable[Application], pool: ScoringRules, assessments: Iterable[AssessorRating] = ()
) -> tuple[dict[str, Panel], dict[str, Score]]:
    """The panels and the scores of a round's applications, by id: the one way every part of
    digipulje (allocation, explanations, portfolio) scores a round."""
    apps = list(applications)
    panels = convene_panels(assessments, apps, pool.aggregation)
    sheet_score = functools.cache(lambda ratings: score_ratings(ratings, pool.weights))
    scores = {a.id: score_application(a, pool.weights, panels[a.id]) if a.id in panels else sheet_score(a.ratings)
              for a in apps}  # a large round has few distinct sets of ratings: each is scored once
    return panels, scores


def panel_warnings(applications: Iterable[Application], panels: dict[str, Panel]) -> list[str]:
    """What the council should look at before the scores stand: spreads to discuss, and eligible
    applications no assessor rated (scored from the applications sheet instead)."""
    names = {c.key: c.name(current_language()) for c in CRITERIA}
    lines = [_("{application}, {criterion}: the assessors' ratings spread {spread} points ({low} to {high}): "
               "discuss before the score stands", application=app_id, criterion=names[part.criterion],
               spread=part.spread, low=min(part.counted), high=max(part.counted))
             for app_id, panel in sorted(panels.items()) for part in panel.for_discussion]
    lines += [_("{application}: no assessor rated it; it is scored from the ratings in the applications sheet",
                application=a.id)
              for a in sorted(applications, key=lambda a: a.id)
              if a.id not in panels and a.assessment is not None and a.assessment.verdict is Verdict.ELIGIBLE]
    return lines


_JOINERS = re.compile(r"\s*(?:&|\+|\bog\b|\band\b)\s*")
_PUNCTUATION = re.compile(r"[^\w\s]")


def canonical_department(name: str) -> str:
    """A department's name as recusal compares it: "Kultur & Fritid", "Kultur og Fritid" and
    "kultur  og fritid" are one department. Case, spacing, punctuation and the joining word
    ("&", "+", "og", "and") do not count; the letters and their order do."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _JOINERS.sub(" og ", text)
    return " ".join(_PUNCTUATION.sub(" ", text).split())
