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

The scale anchors are part of a frozen round's fingerprint (`scoring.scales`): changing an anchor
after freezing is a change of the rules.
"""

from __future__ import annotations

from dataclasses import dataclass

SCALE_MAX = 4


@dataclass(frozen=True)
class Principle:
    number: int
    name_da: str
    name_en: str
    applied_as: str  # "rating" (its criteria make up the score) or "rule" (screening or the solver)

    def name(self, lang: str = "da") -> str:
        return self.name_da if lang == "da" else self.name_en


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
    - `anchors_da`, `anchors_en`: what each rating 0–4 means.
    - `weight`: its weight in the score when the pool file names none.
    """

    key: str
    principle: int
    name_da: str
    name_en: str
    headers: tuple[str, ...]
    assessment_names: tuple[str, ...]
    anchors_da: tuple[str, ...]
    anchors_en: tuple[str, ...]
    weight: float = 1.0

    def name(self, lang: str = "da") -> str:
        return self.name_da if lang == "da" else self.name_en

    def word(self, lang: str = "da") -> str:
        """The name inside a sentence: "dokumenteret effekt", "documented effect"."""
        name = self.name(lang)
        return name[:1].lower() + name[1:]

    def __post_init__(self) -> None:
        if not len(self.anchors_da) == len(self.anchors_en) == SCALE_MAX + 1:
            raise ValueError(f"{self.key}: a scale says what each rating 0–{SCALE_MAX} means, in both languages")
        if self.principle not in {p.number for p in PRINCIPLES if p.applied_as == "rating"}:
            raise ValueError(f"{self.key}: principle {self.principle} is not a rated principle")


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "citizen", 2, "Borger", "Citizen",
        headers=("Borger", "Borgere", "Borgerne", "Bundlinje borger", "Citizen", "Citizens"),
        assessment_names=("Borger", "Bundlinje borger", "Citizen"),
        anchors_da=("ingen mærkbar effekt for borgerne",
                    "lille eller indirekte effekt for få borgere",
                    "mærkbar effekt for én gruppe af borgere",
                    "mærkbar effekt for mange borgere eller stor effekt for én gruppe",
                    "stor effekt for borgernes sikkerhed, service eller selvhjulpenhed, bredt"),
        anchors_en=("no noticeable effect for citizens",
                    "a small or indirect effect for a few citizens",
                    "a noticeable effect for one group of citizens",
                    "a noticeable effect for many citizens or a large one for one group",
                    "a large effect on citizens' safety, service or self-reliance, broadly"),
    ),
    Criterion(
        "employee", 2, "Medarbejder", "Employee",
        headers=("Medarbejder", "Medarbejdere", "Medarbejderne", "Bundlinje medarbejder", "Employee", "Employees"),
        assessment_names=("Medarbejder", "Bundlinje medarbejder", "Employee", "Staff"),
        anchors_da=("ingen mærkbar effekt for medarbejderne",
                    "lille lettelse for få medarbejdere",
                    "mærkbart lettere arbejde for ét team",
                    "mærkbart lettere arbejde for en hel enhed eller mange medarbejdere",
                    "stor gevinst i tid eller arbejdsmiljø på tværs af afdelingen"),
        anchors_en=("no noticeable effect for staff",
                    "a small relief for a few staff",
                    "noticeably easier work for one team",
                    "noticeably easier work for a whole unit or many staff",
                    "a large gain in time or working environment across the department"),
    ),
    Criterion(
        "municipality", 2, "Kommune", "Municipality",
        headers=("Kommune", "Kommunen", "Bundlinje kommune", "Municipality"),
        assessment_names=("Kommune", "Bundlinje kommune", "Municipality"),
        anchors_da=("ingen gevinst for kommunen som helhed",
                    "lille gevinst, ikke beskrevet nærmere",
                    "gevinst beskrevet, men ikke gjort op (kvalitet, regelefterlevelse)",
                    "gevinst gjort op i kroner, tid eller kvalitet",
                    "opgjort gevinst, der tjener investeringen hjem"),
        anchors_en=("no gain for the municipality as a whole",
                    "a small gain, not described further",
                    "a gain described but not quantified (quality, compliance)",
                    "a gain quantified in kroner, time or quality",
                    "a quantified gain that pays back the investment"),
    ),
    Criterion(
        "evidence", 3, "Dokumenteret effekt", "Documented effect",
        headers=("Dokumenteret effekt", "Evidens", "Evidence", "Documented effect"),
        assessment_names=("Dokumenteret effekt", "Effekt", "Evidens", "Evidence", "Documented effect"),
        anchors_da=("kun en påstand",
                    "leverandørens påstand",
                    "erfaringer beskrevet andre steder",
                    "effekt målt andre steder",
                    "egen pilot med en målt udgangssituation"),
        anchors_en=("a claim only",
                    "the supplier's claim",
                    "experience described elsewhere",
                    "effect measured elsewhere",
                    "own pilot with a measured baseline"),
    ),
    Criterion(
        "cross_cutting", 4, "Tværgående behov", "Cross-cutting need",
        headers=("Tværgående", "Tværgående behov", "Cross cutting", "Cross-cutting"),
        assessment_names=("Tværgående", "Tværgående behov", "Cross-cutting", "Cross cutting", "Cross-cutting need"),
        anchors_da=("kun til brug i én enhed",
                    "kan i princippet bruges andre steder",
                    "en anden enhed har vist interesse",
                    "en anden afdeling er med",
                    "flere afdelinger er med, eller løsningen dækker hele kommunen"),
        anchors_en=("for use in one unit only",
                    "could in principle be used elsewhere",
                    "another unit has shown interest",
                    "another department takes part",
                    "several departments take part, or it covers the whole municipality"),
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
