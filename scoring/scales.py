"""Anchored 0–4 scales: what each step of each rated principle means, in Danish and English.

Assessors who agree on what a 3 means rate alike, and an applicant can read in advance what
earns a 4. The same anchors appear in the form's guidance, in explanations and in reports, and
they are part of a frozen round's fingerprint: changing an anchor after freezing is a change of
the rules. The anchors are declared with their criterion in `applications.principles`.
"""

from __future__ import annotations

from dataclasses import dataclass

from digipulje.applications.principles import CRITERIA, SCALE_MAX
from digipulje.messages import gettext


@dataclass(frozen=True)
class Scale:
    """One criterion's scale: `anchors[r]` (English, a catalogue key) says what rating `r` means."""

    criterion: str
    anchors: tuple[str, ...]

    def anchor(self, rating: int, lang: str = "da") -> str:
        return gettext(self.anchors[rating], lang=lang)


SCALES: dict[str, Scale] = {c.key: Scale(c.key, c.anchors) for c in CRITERIA}


def scale_guidance(lang: str = "da") -> list[str]:
    """The scales as guidance lines, one per step, for a form or a report."""
    lines = []
    for criterion in CRITERIA:
        name = criterion.name(lang)
        lines.append(gettext("{name} (principle {number}):", lang=lang, name=name, number=criterion.principle))
        scale = SCALES[criterion.key]
        lines += [f"  {r}: {scale.anchor(r, lang)}" for r in range(SCALE_MAX + 1)]
    return lines


def scales_for_fingerprint() -> dict[str, dict[str, list[str]]]:
    """The scales as plain data, for freezing a round."""
    return {key: {lang: [s.anchor(r, lang) for r in range(len(s.anchors))] for lang in ("da", "en")}
            for key, s in sorted(SCALES.items())}
