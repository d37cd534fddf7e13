"""Synthetic rounds of any size for the scale benchmark: deterministic for a given seed.

Amounts are whole kroner between 20,000 and 600,000 (in steps of 500, as departments write
them), ratings 0–4, nine in ten applications assessed eligible, the pool's default rules
(partial grants keep at least 80 %) and a budget of a quarter of the total requested, so that
about a third of the applications can be funded and partial grants are in play.
"""

from __future__ import annotations

import random

from digipulje.applications.model import Application, Assessment, Ratings, Verdict
from digipulje.applications.principles import CRITERION_KEYS
from digipulje.pool.model import Pool


def synthetic_round(n: int, seed: int = 2025) -> tuple[list[Application], Pool]:
    rng = random.Random(seed * 1_000_003 + n)
    applications = []
    for i in range(n):
        eligible = rng.random() < 0.9
        applications.append(Application(
            id=f"S{i:06d}",
            title=f"Project {i}",
            department=f"Department {rng.randrange(12)}",
            requested_dkk=rng.randrange(40, 1201) * 500,
            ratings=Ratings(**{k: rng.randrange(5) for k in CRITERION_KEYS}),
            assessment=Assessment(verdict=Verdict.ELIGIBLE) if eligible
            else Assessment(verdict=Verdict.NOT_RECOMMENDED, reason="outside the pool's scope"),
        ))
    budget = sum(a.requested_dkk for a in applications) // 4
    return applications, Pool(budget_dkk=budget)
