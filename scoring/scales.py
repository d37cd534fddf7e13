"""Anchored 0–4 scales: what each step of each rated principle means (from the message catalogue).

Assessors who agree on what a 3 means rate alike, and an applicant can read in advance what
earns a 4. The same anchors appear in the form's guidance, in explanations and in reports, and
they are part of a frozen round's fingerprint: changing an anchor after freezing is a change of
the rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from messages import _, gettext
from messages.tables import rendered
from scoring.principles import CRITERIA, SCALE_MAX


@dataclass(frozen=True)
class Scale:
    """One criterion's scale: `anchor(r, lang)` says what rating `r` means."""

    criterion: str

    def anchor(self, rating: int, lang: str = "da") -> str:
        return rendered(_anchors, lang)[self.criterion][rating]


def _anchors() -> dict[str, tuple[str, ...]]:
    return {
        "citizen": (
            _("no noticeable effect for citizens"),
            _("a small or indirect effect for a few citizens"),
            _("a noticeable effect for one group of citizens"),
            _("a noticeable effect for many citizens or a large one for one group"),
            _("a large effect on citizens' safety, service or self-reliance, broadly"),
        ),
        "employee": (
            _("no noticeable effect for staff"),
            _("a small relief for a few staff"),
            _("noticeably easier work for one team"),
            _("noticeably easier work for a whole unit or many staff"),
            _("a large gain in time or working environment across the department"),
        ),
        "municipality": (
            _("no gain for the municipality as a whole"),
            _("a small gain, not described further"),
            _("a gain described but not quantified (quality, compliance)"),
            _("a gain quantified in kroner, time or quality"),
            _("a quantified gain that pays back the investment"),
        ),
        "evidence": (
            _("a claim only"),
            _("the supplier's claim"),
            _("experience described elsewhere"),
            _("effect measured elsewhere"),
            _("own pilot with a measured baseline"),
        ),
        "cross_cutting": (
            _("for use in one unit only"),
            _("could in principle be used elsewhere"),
            _("another unit has shown interest"),
            _("another department takes part"),
            _("several departments take part, or it covers the whole municipality"),
        ),
    }


SCALES: dict[str, Scale] = {c.key: Scale(c.key) for c in CRITERIA}

assert set(_anchors()) == {c.key for c in CRITERIA}
assert all(len(anchors) == SCALE_MAX + 1 for anchors in _anchors().values())


def scale_guidance(lang: str = "da") -> list[str]:
    """The scales as guidance lines, one per step, for a form or a report."""
    lines = []
    for criterion in CRITERIA:
        name = criterion.name_da if lang == "da" else criterion.name_en
        lines.append(gettext("{name} (principle {number}):", lang=lang, name=name, number=criterion.principle))
        scale = SCALES[criterion.key]
        lines += [f"  {r}: {scale.anchor(r, lang)}" for r in range(SCALE_MAX + 1)]
    return lines


def scales_for_fingerprint() -> dict[str, dict[str, list[str]]]:
    """The scales as plain data, for freezing a round."""
    return {key: {lang: list(rendered(_anchors, lang)[key]) for lang in ("da", "en")} for key in sorted(SCALES)}
