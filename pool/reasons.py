"""Reasons in plain words, in Danish and English.

A reason is data (a code and its facts) so that reports can render it in either language and
tests can assert it; `text(lang)` is what a person reads.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from reports.money import format_dkk, format_score

_TEMPLATES: dict[str, tuple[str, str]] = {
    # code: (Danish, English)
    "rejected_by_council": (
        "Administrativt afvist af ITP: {reason}",
        "Administratively rejected by the council: {reason}",
    ),
    "running_costs_not_paid_by_applicant": (
        "Afvist efter princip 6: puljen giver kun éngangsbidrag, og de årlige driftsudgifter "
        "dækkes ikke af ansøger",
        "Rejected under principle 6: the pool gives one-off contributions only, and the yearly "
        "running costs are not paid by the applicant",
    ),
    "below_min_grant": (
        "Afvist efter princip 1: ansøgt beløb {requested} er under puljens mindste tilskud {min_grant}",
        "Rejected under principle 1: the {requested} requested is below the pool's minimum grant "
        "of {min_grant}",
    ),
    "not_assessed": (
        "Ufuldstændig efter princip 5: ansøgningen er ikke behandlet i ITP",
        "Incomplete under principle 5: the application has not been assessed by the council",
    ),
    "no_approval": (
        "Ufuldstændig: ansøgningen er ikke godkendt af afdelingschefen",
        "Incomplete: the application is not approved by the department head",
    ),
    "not_recommended_by_council": (
        "Ikke anbefalet af ITP: {reason}",
        "Not recommended by the council: {reason}",
    ),
    "below_threshold": (
        "Ikke anbefalet: scoren {score} er under puljens tærskel på {threshold}",
        "Not recommended: the score {score} is below the pool's threshold of {threshold}",
    ),
    "excluded": (
        "Udtaget af {by}: {reason}",
        "Excluded by {by}: {reason}",
    ),
    "included": (
        "Medtaget af {by}: {reason}",
        "Included by {by}: {reason}",
    ),
    "fixed": (
        "Beløbet er fastsat til {amount} af {by}: {reason}",
        "Amount fixed at {amount} by {by}: {reason}",
    ),
    "funded_in_full": (
        "Bevilget det fulde ansøgte beløb",
        "Granted the full amount requested",
    ),
    "partial": (
        "Delvist bevilget: {granted} af {requested} (mindste brugbare tilskud {min}); "
        "puljen rækker ikke til det fulde beløb",
        "Partly granted: {granted} of {requested} (smallest workable grant {min}); the pool "
        "does not stretch to the full amount",
    ),
    "not_funded_budget": (
        "Ikke bevilget: puljen rækker ikke, og ansøgninger med højere samlet score går forud",
        "Not funded: the pool does not stretch, and applications with a higher total score "
        "come first",
    ),
    "not_funded_min_above_request": (
        "Ikke bevilget: puljens mindste tilskud er større end det ansøgte beløb",
        "Not funded: the pool's minimum grant is larger than the amount requested",
    ),
}

_MONEY = {"requested", "min_grant", "amount", "granted", "min"}
_SCORES = {"score", "threshold"}


class Reason(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    facts: dict[str, Any] = {}

    def text(self, lang: str = "da") -> str:
        da, en = _TEMPLATES[self.code]
        values = {}
        for key, value in self.facts.items():
            if key in _MONEY:
                value = format_dkk(value, lang)
            elif key in _SCORES:
                value = format_score(value, lang)
            values[key] = value
        return (da if lang == "da" else en).format(**values)


def reason(code: str, **facts: Any) -> Reason:
    if code not in _TEMPLATES:
        raise KeyError(f"no text for reason code {code!r}")
    return Reason(code=code, facts=facts)
