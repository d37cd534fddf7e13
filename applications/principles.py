"""The principles of the pool, declared once, and how digipulje applies each one.

Chefforum set seven principles (in no order of priority); no code counts them but this declaration. Three are rated on a 0–4 scale and
make up the score; the others are hard rules applied in screening or in the solver.

| # | principle                                   | applied as                                      |
|---|---------------------------------------------|-------------------------------------------------|
| 1 | few but noticeable investments              | minimum grant, optional max count, fewest partial grants |
| 2 | KL's three bottom lines                     | three ratings: citizen, employee, municipality  |
| 3 | documented effect                           | rating: evidence                                |
| 4 | cross-cutting needs first                   | rating of the cross-cutting need                |
| 5 | processed by the council (ITP)              | no assessment, no grant (`incomplete`)          |
| 6 | one-off contribution only                   | running costs paid by the pool -> `rejected`    |
| 7 | the whole amount can go to one solution     | no cap per application but its own request      |

Each rated criterion is declared here once, in `CRITERIA`: its key, the principle it rates, its
names, the headers it is read from, its anchored 0–4 scale and its default weight. The ratings of
an application (`applications.model.Ratings`), the weights of a pool (`scoring.weights.Weights`),
the column matching of the overview sheet, the assessments reader, the scales and the threshold
rules are all derived from it: a new criterion is one `Criterion` below.

Names and anchors are written once, in English, as catalogue keys (`N_`); their Danish is in
`messages/da.po` like every other text, and `name(lang)` / `anchor(rating, lang)` look it up.
The scale anchors, in both languages, are part of a frozen round's fingerprint (`scoring.scales`):
changing an anchor after freezing is a change of the rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from digipulje.messages import N_, gettext

SCALE_MAX = 4


@dataclass(frozen=True)
class Principle:
    number: int
    title: str  # in English, the catalogue's key: `name(lang)` shows it
    applied_as: str  # "rating" (its criteria make up the score) or "rule" (screening or the solver)

    def name(self, lang: str = "da") -> str:
        return gettext(self.title, lang=lang)


PRINCIPLES: tuple[Principle, ...] = (
    Principle(1, N_("Few but noticeable investments"), "rule"),
    Principle(2, N_("KL's three bottom lines: citizen, employee, municipality"), "rating"),
    Principle(3, N_("Solutions with documented effect"), "rating"),
    Principle(4, N_("Cross-cutting needs are prioritised"), "rating"),
    Principle(5, N_("Investments are processed by the IT project council"), "rule"),
    Principle(6, N_("A one-off contribution only"), "rule"),
    Principle(7, N_("The whole amount can go to one solution"), "rule"),
)

# KITOS shows which units use a system: units beyond the applicant are evidence for this principle.
CROSS_CUTTING_PRINCIPLE = 4


@dataclass(frozen=True)
class Criterion:
    """A rated criterion: one rating on the 0–4 scale, and everything that follows from it.

    - `key`: the field of `Ratings` and `Weights`, and the criterion's name in pool and
      assessments files.
    - `headers`: the column headers of an overview sheet it is read from (Danish and English;
      matched without regard to case, spaces or punctuation).
    - `assessment_names`: what an assessments sheet may call it (a column or a criterion cell).
    - `title`: its name in English, the catalogue's key (`name(lang)` shows it).
    - `anchors`: what each rating 0–4 means, in English, each a catalogue key (`anchor(r, lang)`).
    - `weight`: its weight in the score when the pool file names none.
    """

    key: str
    principle: int
    title: str
    headers: tuple[str, ...]
    assessment_names: tuple[str, ...]
    anchors: tuple[str, ...]
    weight: float = 1.0

    def name(self, lang: str = "da") -> str:
        return gettext(self.title, lang=lang)

    def anchor(self, rating: int, lang: str = "da") -> str:
        """What `rating` means, in `lang`."""
        return gettext(self.anchors[rating], lang=lang)

    def word(self, lang: str = "da") -> str:
        """The name inside a sentence: "dokumenteret effekt", "documented effect"."""
        name = self.name(lang)
        return name[:1].lower() + name[1:]

    def __hash__(self) -> int:
        """By its key alone (equal criteria have equal keys): a score holds one per criterion and is
        a key of the screenings remembered, hashed thousands of times in a round's weight draws."""
        return hash(self.key)

    def __post_init__(self) -> None:
        if len(self.anchors) != SCALE_MAX + 1:
            raise ValueError(f"{self.key}: a scale says what each rating 0–{SCALE_MAX} means")
        if self.principle not in {p.number for p in PRINCIPLES if p.applied_as == "rating"}:
            raise ValueError(f"{self.key}: principle {self.principle} is not a rated principle")


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "citizen", 2, N_("Citizen"),
        headers=("Borger", "Borgere", "Borgerne", "Bundlinje borger", "Citizen", "Citizens"),
        assessment_names=("Borger", "Bundlinje borger", "Citizen"),
        anchors=(N_("no noticeable effect for citizens"),
                 N_("a small or indirect effect for a few citizens"),
                 N_("a noticeable effect for one group of citizens"),
                 N_("a noticeable effect for many citizens or a large one for one group"),
                 N_("a large effect on citizens' safety, service or self-reliance, broadly")),
    ),
    Criterion(
        "employee", 2, N_("Employee"),
        headers=("Medarbejder", "Medarbejdere", "Medarbejderne", "Bundlinje medarbejder", "Employee", "Employees"),
        assessment_names=("Medarbejder", "Bundlinje medarbejder", "Employee", "Staff"),
        anchors=(N_("no noticeable effect for staff"),
                 N_("a small relief for a few staff"),
                 N_("noticeably easier work for one team"),
                 N_("noticeably easier work for a whole unit or many staff"),
                 N_("a large gain in time or working environment across the department")),
    ),
    Criterion(
        "municipality", 2, N_("Municipality"),
        headers=("Kommune", "Kommunen", "Bundlinje kommune", "Municipality"),
        assessment_names=("Kommune", "Bundlinje kommune", "Municipality"),
        anchors=(N_("no gain for the municipality as a whole"),
                 N_("a small gain, not described further"),
                 N_("a gain described but not quantified (quality, compliance)"),
                 N_("a gain quantified in kroner, time or quality"),
                 N_("a quantified gain that pays back the investment")),
    ),
    Criterion(
        "evidence", 3, N_("Documented effect"),
        headers=("Dokumenteret effekt", "Evidens", "Evidence", "Documented effect"),
        assessment_names=("Dokumenteret effekt", "Effekt", "Evidens", "Evidence", "Documented effect"),
        anchors=(N_("a claim only"),
                 N_("the supplier's claim"),
                 N_("experience described elsewhere"),
                 N_("effect measured elsewhere"),
                 N_("own pilot with a measured baseline")),
    ),
    Criterion(
        "cross_cutting", 4, N_("Cross-cutting need"),
        headers=("Tværgående", "Tværgående behov", "Cross cutting", "Cross-cutting"),
        assessment_names=("Tværgående", "Tværgående behov", "Cross-cutting", "Cross cutting", "Cross-cutting need"),
        anchors=(N_("for use in one unit only"),
                 N_("could in principle be used elsewhere"),
                 N_("another unit has shown interest"),
                 N_("another department takes part"),
                 N_("several departments take part, or it covers the whole municipality")),
    ),
)

CRITERION_KEYS: tuple[str, ...] = tuple(c.key for c in CRITERIA)


def criteria_of(principle: int) -> tuple[Criterion, ...]:
    """The criteria that rate one principle (principle 2 has three)."""
    return tuple(c for c in CRITERIA if c.principle == principle)


# KL's three bottom lines are the criteria of principle 2: who gains from a grant or a benefit
# (an indicator's bottom line, the shares of a scenario, the portfolio).
BOTTOM_LINES_PRINCIPLE = 2
BOTTOM_LINES: tuple[Criterion, ...] = criteria_of(BOTTOM_LINES_PRINCIPLE)
BOTTOM_LINE_KEYS: tuple[str, ...] = tuple(c.key for c in BOTTOM_LINES)
