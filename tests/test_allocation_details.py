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
