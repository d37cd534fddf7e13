"""Realistic rounds the product was not designed around, built in code (deterministic per seed).

`sixteen_round` is a round as a new user brings it: 16 applications from 6 departments asking
between 20,000 and 200,000 kr, ratings 0–4, a few not recommended, a pool of 500,000 kr with the
default rules, and two overrides by the chiefs: include a not-recommended application, exclude
one the recommendation funds.
"""

from __future__ import annotations

import random

from digipulje.applications.model import Application, Assessment, Ratings, Verdict
from digipulje.pool.model import Pool
from digipulje.pool.overrides import Action, Override

DEPARTMENTS = ("Ældre, Social & Sundhed", "Børn & Familie", "Dagtilbud & Skole", "Materialegården",
               "Kultur & Fritid", "Teknik & Miljø")
PRINCIPLES = ("citizen", "employee", "municipality", "evidence", "cross_cutting")


def random_applications(n: int, seed: int, prefix: str = "R") -> list[Application]:
    rng = random.Random(seed)
    applications = []
    for i in range(n):
        recommended = rng.random() < 0.8
        applications.append(Application(
            id=f"{prefix}{i + 1:02d}", title=f"Projekt {i + 1}", department=rng.choice(DEPARTMENTS),
            requested_dkk=rng.randrange(40, 401) * 500,
            ratings=Ratings(**{p: rng.randrange(1, 5) for p in PRINCIPLES}),
            assessment=Assessment(verdict=Verdict.ELIGIBLE) if recommended
            else Assessment(verdict=Verdict.NOT_RECOMMENDED, reason="svag sammenhæng med principperne"),
        ))
    return applications


def chiefs_overrides(applications: list[Application], recommended_ids: list[str]) -> list[Override]:
    """Include the first not-recommended application; exclude the first funded one."""
    not_recommended = next(a.id for a in applications if a.assessment.verdict is Verdict.NOT_RECOMMENDED)
    return [
        Override(application=not_recommended, action=Action.INCLUDE, decided_by="Chefforum",
                 reason="strategisk vigtigt for kommunen"),
        Override(application=recommended_ids[0], action=Action.EXCLUDE, decided_by="Chefforum",
                 reason="dækkes af et andet projekt"),
    ]


def sixteen_round(seed: int = 16) -> tuple[list[Application], Pool]:
    return random_applications(16, seed), Pool(budget_dkk=500_000)
