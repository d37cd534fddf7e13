"""The seven principles of the pool, and how digipulje applies each one.

Chefforum set seven principles (in no order of priority). Three are rated on a 0–4 scale and
make up the score; the others are hard rules applied in screening or in the solver.

| # | principle                                   | applied as                                      |
|---|---------------------------------------------|-------------------------------------------------|
| 1 | few but noticeable investments              | minimum grant, optional max count, fewest partial grants |
| 2 | KL's three bottom lines                     | three ratings: citizen, employee, municipality  |
| 3 | documented effect                           | rating: evidence                                |
| 4 | cross-cutting needs first                   | rating: cross_cutting                           |
| 5 | processed by the council (ITP)              | no assessment, no grant (`incomplete`)          |
| 6 | one-off contribution only                   | running costs paid by the pool -> `rejected`    |
| 7 | the whole amount can go to one solution     | no cap per application but its own request      |
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Principle:
    number: int
    name_da: str
    name_en: str
    applied_as: str


PRINCIPLES: tuple[Principle, ...] = (
    Principle(1, "Få men mærkbare investeringer", "Few but noticeable investments", "rule"),
    Principle(2, "KL's tre bundlinjer: borger, medarbejder, kommune",
              "KL's three bottom lines: citizen, employee, municipality", "rating"),
    Principle(3, "Løsninger med dokumenteret effekt", "Solutions with documented effect", "rating"),
    Principle(4, "Løsning af tværgående behov prioriteres", "Cross-cutting needs are prioritised",
              "rating"),
    Principle(5, "Investeringer behandles i ITP", "Investments are processed by the IT project council",
              "rule"),
    Principle(6, "Alene tale om et éngangsbidrag", "A one-off contribution only", "rule"),
    Principle(7, "Hele beløbet kan gives til én løsning", "The whole amount can go to one solution",
              "rule"),
)


@dataclass(frozen=True)
class Criterion:
    """A rated criterion: one field of `Ratings` and the principle it belongs to."""

    key: str
    principle: int
    name_da: str
    name_en: str


CRITERIA: tuple[Criterion, ...] = (
    Criterion("citizen", 2, "Borger", "Citizen"),
    Criterion("employee", 2, "Medarbejder", "Employee"),
    Criterion("municipality", 2, "Kommune", "Municipality"),
    Criterion("evidence", 3, "Dokumenteret effekt", "Documented effect"),
    Criterion("cross_cutting", 4, "Tværgående behov", "Cross-cutting need"),
)

SCALE_MAX = 4
