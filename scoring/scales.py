"""Anchored 0–4 scales: what each step of each rated principle means, in Danish and English.

Assessors who agree on what a 3 means rate alike, and an applicant can read in advance what
earns a 4. The same anchors appear in the form's guidance, in explanations and in reports, and
they are part of a frozen round's fingerprint: changing an anchor after freezing is a change of
the rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from applications.principles import CRITERIA, SCALE_MAX


@dataclass(frozen=True)
class Scale:
    """One criterion's scale: `anchors_da[r]` / `anchors_en[r]` say what rating `r` means."""

    criterion: str
    anchors_da: tuple[str, ...]
    anchors_en: tuple[str, ...]

    def anchor(self, rating: int, lang: str = "da") -> str:
        return (self.anchors_da if lang == "da" else self.anchors_en)[rating]


SCALES: dict[str, Scale] = {
    s.criterion: s
    for s in (
        Scale(
            "citizen",
            ("ingen mærkbar effekt for borgerne",
             "lille eller indirekte effekt for få borgere",
             "mærkbar effekt for én gruppe af borgere",
             "mærkbar effekt for mange borgere eller stor effekt for én gruppe",
             "stor effekt for borgernes sikkerhed, service eller selvhjulpenhed, bredt"),
            ("no noticeable effect for citizens",
             "a small or indirect effect for a few citizens",
             "a noticeable effect for one group of citizens",
             "a noticeable effect for many citizens or a large one for one group",
             "a large effect on citizens' safety, service or self-reliance, broadly"),
        ),
        Scale(
            "employee",
            ("ingen mærkbar effekt for medarbejderne",
             "lille lettelse for få medarbejdere",
             "mærkbart lettere arbejde for ét team",
             "mærkbart lettere arbejde for en hel enhed eller mange medarbejdere",
             "stor gevinst i tid eller arbejdsmiljø på tværs af afdelingen"),
            ("no noticeable effect for staff",
             "a small relief for a few staff",
             "noticeably easier work for one team",
             "noticeably easier work for a whole unit or many staff",
             "a large gain in time or working environment across the department"),
        ),
        Scale(
            "municipality",
            ("ingen gevinst for kommunen som helhed",
             "lille gevinst, ikke beskrevet nærmere",
             "gevinst beskrevet, men ikke gjort op (kvalitet, regelefterlevelse)",
             "gevinst gjort op i kroner, tid eller kvalitet",
             "opgjort gevinst, der tjener investeringen hjem"),
            ("no gain for the municipality as a whole",
             "a small gain, not described further",
             "a gain described but not quantified (quality, compliance)",
             "a gain quantified in kroner, time or quality",
             "a quantified gain that pays back the investment"),
        ),
        Scale(
            "evidence",
            ("kun en påstand",
             "leverandørens påstand",
             "erfaringer beskrevet andre steder",
             "effekt målt andre steder",
             "egen pilot med en målt udgangssituation"),
            ("a claim only",
             "the supplier's claim",
             "experience described elsewhere",
             "effect measured elsewhere",
             "own pilot with a measured baseline"),
        ),
        Scale(
            "cross_cutting",
            ("kun til brug i én enhed",
             "kan i princippet bruges andre steder",
             "en anden enhed har vist interesse",
             "en anden afdeling er med",
             "flere afdelinger er med, eller løsningen dækker hele kommunen"),
            ("for use in one unit only",
             "could in principle be used elsewhere",
             "another unit has shown interest",
             "another department takes part",
             "several departments take part, or it covers the whole municipality"),
        ),
    )
}

assert set(SCALES) == {c.key for c in CRITERIA}
assert all(len(s.anchors_da) == len(s.anchors_en) == SCALE_MAX + 1 for s in SCALES.values())


def scale_guidance(lang: str = "da") -> list[str]:
    """The scales as guidance lines, one per step, for a form or a report."""
    lines = []
    for criterion in CRITERIA:
        name = criterion.name_da if lang == "da" else criterion.name_en
        lines.append(f"{name} ({'princip' if lang == 'da' else 'principle'} {criterion.principle}):")
        scale = SCALES[criterion.key]
        lines += [f"  {r}: {scale.anchor(r, lang)}" for r in range(SCALE_MAX + 1)]
    return lines


def scales_for_fingerprint() -> dict[str, dict[str, list[str]]]:
    """The scales as plain data, for freezing a round."""
    return {key: {"da": list(s.anchors_da), "en": list(s.anchors_en)} for key, s in sorted(SCALES.items())}
