"""Building applications for tests, and the hypothesis strategy of small random pools."""

from __future__ import annotations

from hypothesis import strategies as st

from digipulje.applications.model import Application, Assessment, Ratings, Verdict
from digipulje.pool.model import Pool, Rules


def application(id: str, requested: int, ratings=(3, 3, 3, 3, 3), verdict: str = "eligible",
                department: str = "Afdeling", min_dkk: int | None = None, **fields) -> Application:
    citizen, employee, municipality, evidence, cross = ratings
    reason = None if verdict == "eligible" else "because"
    return Application(
        id=id, title=f"Project {id}", department=department, requested_dkk=requested, min_dkk=min_dkk,
        ratings=Ratings(citizen=citizen, employee=employee, municipality=municipality,
                        evidence=evidence, cross_cutting=cross),
        assessment=Assessment(verdict=Verdict(verdict), reason=reason), **fields,
    )


ratings = st.tuples(*[st.integers(0, 4)] * 5)


@st.composite
def small_rounds(draw, max_apps: int = 8, max_partial_grants=("any",)):
    """A pool and up to `max_apps` applications with random amounts, ratings and verdicts.

    The pool's `max_partial_grants` is drawn from `max_partial_grants` ("any" unless asked:
    the budget curve, alternatives and robustness are checked against `allocate` under it)."""
    n = draw(st.integers(1, max_apps))
    apps = []
    for i in range(n):
        requested = draw(st.integers(1, 60)) * 1000
        min_dkk = draw(st.one_of(st.none(), st.integers(1, requested // 1000).map(lambda k: k * 1000)))
        apps.append(application(
            f"P{i:02d}", requested, ratings=draw(ratings),
            verdict=draw(st.sampled_from(["eligible"] * 4 + ["not_recommended", "rejected"])),
            min_dkk=min_dkk,
        ))
    pool = Pool(
        budget_dkk=draw(st.integers(0, 150)) * 1000,
        rules=Rules(
            min_grant_dkk=draw(st.sampled_from([0, 1000, 5000])),
            max_grants=draw(st.one_of(st.none(), st.integers(1, 4))),
            partial_floor=draw(st.sampled_from([0.5, 0.8, 1.0])),
            eligibility_threshold=draw(st.sampled_from([0.0, 30.0, 50.0])),
            max_partial_grants=draw(st.sampled_from(max_partial_grants)),
        ),
    )
    return apps, pool
