"""Threshold rules from the pool file: read, applied in screening, and explained."""

from __future__ import annotations

import tomllib

import pytest

from digipulje.base.errors import InputError
from digipulje.pool.allocating import allocate
from digipulje.pool.config import parse_pool
from digipulje.pool.screen import check_rules
from digipulje.scoring.score import score_ratings
from tests.factories import application

RULES = """
[rules]
eligibility_threshold = 0

[[rules.thresholds]]
criteria = ["citizen", "employee", "municipality"]
min_rating = 3

[[rules.thresholds]]
criteria = ["evidence"]
min_rating = 2
"""


def pool_with(text: str, budget: int = 250_000):
    data = tomllib.loads(text)
    data["budget_dkk"] = budget
    return parse_pool(data, "pulje.toml")


def test_threshold_rules_decide_who_may_be_recommended():
    pool = pool_with(RULES)
    apps = [application("A", 50_000, ratings=(1, 3, 1, 2, 0)),   # one bottom line at 3, evidence 2: passes
            application("B", 50_000, ratings=(2, 2, 2, 4, 4)),   # no bottom line at 3
            application("C", 50_000, ratings=(4, 4, 4, 1, 4)),   # evidence 1
            application("D", 50_000, ratings=(4, 4, 4, 3, 4), verdict="not_recommended")]
    allocation = allocate(apps, pool)
    assert {d.id: d.status.value for d in allocation.decisions} == {
        "A": "funded", "B": "not_recommended", "C": "not_recommended", "D": "not_recommended"}
    assert [r.text("da") for r in allocation.decision("B").reasons] == [
        "Ikke anbefalet: tærskelkravet 'mindst én af borger, medarbejder og kommune vurderet 3 eller mere' "
        "er ikke opfyldt"]
    assert [r.text("en") for r in allocation.decision("C").reasons] == [
        "Not recommended: the threshold rule 'documented effect rated 2 or more' is not met"]
    assert allocation.decision("C").reasons[0].code == "below_threshold_rule"
    # The council's own "no" is the reason; the threshold rules are not applied on top of it.
    assert [r.code for r in allocation.decision("D").reasons] == ["not_recommended_by_council"]


def test_every_rule_is_listed_passed_failed_or_not_applied():
    pool = pool_with(RULES + '\n[[rules.thresholds]]\ncriteria = ["evidence", "cross_cutting"]\n'
                     'min_rating = 2\nmin_count = 2\n')
    app = application("B", 50_000, ratings=(2, 2, 2, 4, 4))
    checks = check_rules(app, score_ratings(app.ratings, pool.weights), pool)
    assert [(c.rule.text("en"), c.passed) for c in checks] == [
        ("Council: not administratively rejected", True),
        ("Principle 6: the yearly running costs are paid by the applicant", True),
        ("Principle 1: the amount requested is at least the pool's minimum grant of DKK 10,000", True),
        ("Principle 5: assessed by the council", True),
        ("Council: can be recommended", True),
        ("The score is at least the pool's threshold of 0.0", True),
        ("at least one of citizen, employee and municipality rated 3 or more", False),
        ("documented effect rated 2 or more", True),
        ("each of documented effect and cross-cutting need rated 2 or more", True),
    ]
    rejected = application("R", 50_000, verdict="rejected")
    checks = check_rules(rejected, score_ratings(rejected.ratings, pool.weights), pool)
    assert [c.passed for c in checks] == [False, True, True, True, None, None, None, None, None]


@pytest.mark.parametrize(("rule", "message"), [
    ('criteria = ["citisen"]\nmin_rating = 3',
     "pulje.toml: rules.thresholds.0.criteria.0: Input should be 'citizen', 'employee', 'municipality', "
     "'evidence' or 'cross_cutting'"),
    ('criteria = ["evidence"]\nmin_rating = 5', "pulje.toml: rules.thresholds.0.min_rating: Input should be "
                                               "less than or equal to 4"),
    ('criteria = ["evidence"]\nmin_rating = 2\nmin_count = 2',
     "pulje.toml: rules.thresholds.0: min_count 2 is more than the 1 criteria named: lower min_count or "
     "name more criteria"),
    ('criteria = ["evidence", "evidence"]\nmin_rating = 2',
     "pulje.toml: rules.thresholds.0: a criterion is named twice in 'criteria': name each once"),
    ('criteria = ["evidence"]\nat_least = 2',
     "pulje.toml: rules.thresholds.0.min_rating: Field required"),
])
def test_a_wrong_threshold_rule_is_named_in_the_pool_file(rule, message, english):
    with pytest.raises(InputError) as error:
        pool_with(f"[[rules.thresholds]]\n{rule}\n")
    assert error.value.lines[0] == message


def test_the_2025_case_is_unchanged_by_the_recommended_threshold_rules(example):
    pool = pool_with(RULES.replace("eligibility_threshold = 0", "eligibility_threshold = 50"))
    recommendation = allocate(example.applications, pool)
    outcome = {d.id: (d.granted_dkk, d.status.value) for d in recommendation.decisions}
    assert outcome == {
        "A1": (122_500, "partial"), "A2": (0, "not_recommended"), "A3": (75_000, "funded"),
        "A4": (12_500, "funded"), "A5": (40_000, "funded"), "A6": (0, "not_recommended"),
        "A7": (0, "rejected")}
    assert [r.code for r in recommendation.decision("A2").reasons] == [
        "below_threshold", "below_threshold_rule", "below_threshold_rule"]
