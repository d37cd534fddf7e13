"""An allocation carries what explains each decision: the score per principle, the assessors'
panel with its recusals, and the screening with every rule checked."""

from __future__ import annotations

from digipulje.pool.allocating import allocate, with_details
from digipulje.pool.allocation import Allocation
from digipulje.pool.example import load_example
from digipulje.pool.screen import check_rules, screen_application
from digipulje.applications.assessments import AssessorRating
from digipulje.scoring.panel import score_round


def _ratings() -> tuple[AssessorRating, ...]:
    rows = [("Anna", "Ældre, Social & Sundhed", (4, 4, 4, 4, 4)), ("Bo", "Børn & Familie", (4, 3, 3, 1, 2)),
            ("Carl", "Dagtilbud & Skole", (3, 3, 2, 3, 2))]
    keys = ("citizen", "employee", "municipality", "evidence", "cross_cutting")
    return tuple(AssessorRating(who, department, "A1", key, rating)
                 for who, department, ratings in rows for key, rating in zip(keys, ratings))


def test_each_decision_has_its_score_panel_and_screening():
    example = load_example()
    ratings = _ratings()
    allocation = allocate(example.applications, example.pool, example.overrides, assessments=ratings)
    panels, scores = score_round(example.applications, example.pool, ratings)
    assert sorted(allocation.details) == sorted(a.id for a in example.applications)
    for a in example.applications:
        details = allocation.details_of(a.id)
        assert details.score == scores[a.id]
        assert details.score.centipoints == allocation.decision(a.id).score_centipoints
        assert details.panel == panels.get(a.id)
        override = next((o for o in example.overrides if o.application == a.id), None)
        assert details.screening == screen_application(a, scores[a.id], example.pool, override)
        assert details.screening.checks == check_rules(a, scores[a.id], example.pool)
    recused = [v for c in allocation.details_of("A1").panel.criteria for v in c.votes if not v.counted]
    assert {v.assessor for v in recused} == {"Anna"}  # her own department's application
    assert allocation.details_of("A2").panel is None  # scored from the sheet's ratings


def test_details_stay_out_of_the_stored_form_and_come_back_without_a_solve():
    example = load_example()
    allocation = allocate(example.applications, example.pool, example.overrides)
    stored = allocation.model_dump(mode="json")
    assert "details" not in stored
    read_back = Allocation.model_validate(stored)
    assert read_back.details == {}
    again = with_details(read_back, example.applications)
    assert again.details == allocation.details
    assert again.decisions == allocation.decisions and again.solver == allocation.solver


def test_a_remembered_screening_is_never_another_applications_or_another_scores():
    """Screenings are remembered per application, pool rules and score; an application that
    differs only outside its id, request, title and department (its hash) is screened on its own
    facts, and the same application under two weightings on each score."""
    from digipulje.pool.model import Pool
    from digipulje.scoring.score import score_ratings
    from digipulje.scoring.weights import Weights
    from tests.factories import application

    pool = Pool(rules={"eligibility_threshold": 60})
    eligible = application("A1", 100_000, ratings=(4, 4, 1, 1, 1))
    rejected = application("A1", 100_000, ratings=(4, 4, 1, 1, 1), verdict="rejected")
    assert hash(rejected) == hash(eligible) and rejected != eligible
    score = score_ratings(eligible.ratings, pool.weights)
    assert screen_application(eligible, score, pool, None).gate.value == "not_recommended"  # 55 points
    assert screen_application(rejected, score, pool, None).gate.value == "rejected"
    # weighting the first two principles up lifts the same application over the threshold
    heavy = score_ratings(eligible.ratings, Weights(citizen=3, employee=3))
    assert heavy.value >= 60 > score.value
    lifted = screen_application(eligible, heavy, pool, None)
    assert lifted.gate.value == "eligible" and lifted.fundable
    below = screen_application(eligible, score, pool, None)
    assert [r.facts.get("score") for r in below.reasons] == [score.value]


def test_an_application_rated_alike_on_every_principle_scores_apart_under_each_weighting():
    """Its score is the same whatever the weights, but its parts are not: two weightings give two
    scores that are unequal and hash apart, so the screenings remembered across weight draws are
    not all compared with each other on one hash (a round of such applications made 1.000 draws
    quadratic)."""
    from digipulje.analyses.robustness import draw_weights
    from digipulje.scoring.score import score_ratings
    from digipulje.scoring.weights import Weights
    from tests.factories import application

    alike = application("A1", 100_000, ratings=(3, 3, 3, 3, 3))
    scores = [score_ratings(alike.ratings, w) for w in draw_weights(Weights(), 200)]
    assert {s.value for s in scores} == {75.0}  # 3 of 4 on every principle
    assert len(set(scores)) == 200 and len({hash(s) for s in scores}) == 200
