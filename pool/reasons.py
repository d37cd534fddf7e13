"""Reasons in plain words, in Danish and English.

A reason is data (a code and its facts) so that reports can render it in either language and
tests can assert it; `text(lang)` is what a person reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from base.money import format_dkk, format_number, format_score

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
    # Not funded although eligible, with the facts of the competition (variants of
    # "not_funded_budget"; the code stays the same).
    "not_funded_budget/outranked": (
        "Ikke bevilget: udkonkurreret inden for puljen. Det mindste brugbare tilskud er {min}, og "
        "der var {remainder} tilbage, så der manglede {missing}. For at give plads, også når de andre "
        "tilskud skæres ned til deres mindste brugbare beløb, skulle {competitors} vige, med en samlet "
        "score på {displaced_score} mod ansøgningens {score}",
        "Not funded: outranked within the budget. Its smallest workable grant is {min} and {remainder} "
        "was left, so {missing} was missing. To make room, even with the other grants cut to their "
        "smallest workable amounts, {competitors} would have to give way, with a total score of "
        "{displaced_score} against its {score}",
    ),
    "not_funded_budget/max_grants": (
        "Ikke bevilget: udkonkurreret inden for puljen. Pengene rækker, men puljens højeste antal "
        "tilskud ({max_grants}) er nået. For at give plads skulle {competitors} vige, med en samlet "
        "score på {displaced_score} mod ansøgningens {score}",
        "Not funded: outranked within the budget. The money would stretch, but the pool's maximum "
        "number of grants ({max_grants}) is reached. To make room, {competitors} would have to give "
        "way, with a total score of {displaced_score} against its {score}",
    ),
    # The same, where the value is the voters' support (a participatory-budgeting round).
    "not_funded_budget/outranked_support": (
        "Ikke bevilget: udkonkurreret inden for puljen. Det mindste brugbare tilskud er {min}, og der var "
        "{remainder} tilbage, så der manglede {missing}. For at give plads skulle {competitors} vige, med en "
        "samlet støtte på {displaced_support} mod ansøgningens {support}",
        "Not funded: outranked within the budget. Its smallest workable grant is {min} and {remainder} was "
        "left, so {missing} was missing. To make room, {competitors} would have to give way, with a total "
        "support of {displaced_support} against its {support}",
    ),
    "not_funded_budget/max_grants_support": (
        "Ikke bevilget: udkonkurreret inden for puljen. Pengene rækker, men puljens højeste antal tilskud "
        "({max_grants}) er nået. For at give plads skulle {competitors} vige, med en samlet støtte på "
        "{displaced_support} mod ansøgningens {support}",
        "Not funded: outranked within the budget. The money would stretch, but the pool's maximum number of "
        "grants ({max_grants}) is reached. To make room, {competitors} would have to give way, with a total "
        "support of {displaced_support} against its {support}",
    ),
    "not_funded_budget/no_gain_support": (
        "Ikke bevilget: ansøgningen kunne få plads, hvis andre tilskud blev skåret ned, men med en støtte på "
        "{support} ville det ikke hæve den samlede støtte",
        "Not funded: it could fit if other grants were cut, but with a support of {support} that would not "
        "raise the total support",
    ),
    "not_funded_budget/out_of_reach": (
        "Ikke bevilget: det mindste brugbare tilskud på {min} er mere, end puljen kan give ved siden "
        "af de tilskud, der ligger fast ({available})",
        "Not funded: its smallest workable grant of {min} is more than the pool can give beside the "
        "grants that are fixed ({available})",
    ),
    "not_funded_budget/no_gain": (
        "Ikke bevilget: ansøgningen kunne få plads, hvis andre tilskud blev skåret ned, men med en "
        "score på {score} ville det ikke hæve puljens samlede score",
        "Not funded: it could fit if other grants were cut, but with a score of {score} that would "
        "not raise the pool's total score",
    ),
    # A decision's override took the money the recommendation gave this application.
    "not_funded_override": (
        "Ikke bevilget: indstillingen gav {baseline}, men pengene går nu til chefernes beslutning: {overrides}",
        "Not funded: the recommendation gave it {baseline}, but the money now goes to the chiefs' "
        "decision: {overrides}",
    ),
    "reduced_by_override": (
        "Indstillingen gav {baseline}; chefernes beslutning ({overrides}) tager {cut} af det",
        "The recommendation gave it {baseline}; the chiefs' decision ({overrides}) takes {cut} of it",
    ),
    "below_threshold_rule": (
        "Ikke anbefalet: tærskelkravet '{rule}' er ikke opfyldt",
        "Not recommended: the threshold rule '{rule}' is not met",
    ),
    # The rules themselves, as an explanation lists them (passed or failed).
    "rule/not_rejected": ("ITP: ikke administrativt afvist", "Council: not administratively rejected"),
    "rule/running_costs": (
        "Princip 6: de årlige driftsudgifter dækkes af ansøger",
        "Principle 6: the yearly running costs are paid by the applicant",
    ),
    "rule/min_grant": (
        "Princip 1: ansøgt beløb er mindst puljens mindste tilskud på {min_grant}",
        "Principle 1: the amount requested is at least the pool's minimum grant of {min_grant}",
    ),
    "rule/assessed": ("Princip 5: behandlet i ITP", "Principle 5: assessed by the council"),
    "rule/approval": ("Godkendt af afdelingschefen", "Approved by the department head"),
    "rule/recommended": ("ITP: kan anbefales", "Council: can be recommended"),
    "rule/score": (
        "Scoren er mindst puljens tærskel på {threshold}",
        "The score is at least the pool's threshold of {threshold}",
    ),
    "rule/threshold_one": (
        "{criteria} vurderet {min_rating} eller mere",
        "{criteria} rated {min_rating} or more",
    ),
    "rule/threshold_some": (
        "mindst {min_count} af {criteria} vurderet {min_rating} eller mere",
        "at least {min_count} of {criteria} rated {min_rating} or more",
    ),
    "rule/threshold_all": (
        "hver af {criteria} vurderet {min_rating} eller mere",
        "each of {criteria} rated {min_rating} or more",
    ),
}

_MONEY = {"requested", "min_grant", "amount", "granted", "min", "remainder", "missing", "available", "baseline", "cut"}
_SCORES = {"score", "threshold", "displaced_score"}
_COUNTS = {"min_count"}
_NUMBERS = {"support", "displaced_support"}  # the voters' support: a whole number  # written as a word: "one", "én"
_NUMBER_WORDS = {"da": ("nul", "én", "to", "tre", "fire", "fem"),
                 "en": ("zero", "one", "two", "three", "four", "five")}


@dataclass(frozen=True)
class Reason:
    """A plain frozen dataclass rather than a pydantic model: screening makes a dozen per
    application, and a large round many thousands; pydantic still validates and serialises it
    inside `Allocation`."""

    code: str
    facts: dict[str, Any] = field(default_factory=dict)
    variant: str | None = None  # another wording of the same code, chosen by the facts at hand

    def text(self, lang: str = "da") -> str:
        da, en = _TEMPLATES[self.code if self.variant is None else f"{self.code}/{self.variant}"]
        values = {}
        for key, value in self.facts.items():
            if key in _MONEY:
                value = format_dkk(value, lang)
            elif key in _SCORES:
                value = format_score(value, lang)
            elif key in _NUMBERS:
                value = format_number(value, lang)
            elif key in _COUNTS and 0 <= value < len(_NUMBER_WORDS["en"]):
                value = _NUMBER_WORDS["da" if lang == "da" else "en"][value]
            elif isinstance(value, Reason):
                value = value.text(lang)
            elif isinstance(value, (list, tuple)):
                value = join_words([_list_item(item, lang) for item in value], lang)
            values[key] = value
        return (da if lang == "da" else en).format(**values)


def _list_item(item: Any, lang: str) -> str:
    """A list fact's item: text, a name in both languages ("da", "en"), or an id with a score."""
    if isinstance(item, (list, tuple)) and len(item) == 2 and isinstance(item[1], (int, float)):
        return f"{item[0]} ({format_score(item[1], lang)})"
    if isinstance(item, (list, tuple)) and len(item) == 2:
        return item[0] if lang == "da" else item[1]
    return str(item)


def join_words(words: list[str], lang: str = "da") -> str:
    """"a, b og c" / "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + (" og " if lang == "da" else " and ") + words[-1]


def override_words(override: Any) -> tuple[str, str]:
    """An include or fix override in both languages, for a reason's list of overrides."""
    amount_da = format_dkk(override.amount_dkk, "da") if override.amount_dkk is not None else ""
    amount_en = format_dkk(override.amount_dkk, "en") if override.amount_dkk is not None else ""
    if override.action.value == "fix":
        return (f"{override.application} fastsat til {amount_da} af {override.decided_by} ({override.reason})",
                f"{override.application} fixed at {amount_en} by {override.decided_by} ({override.reason})")
    return (f"{override.application} medtaget af {override.decided_by} ({override.reason})",
            f"{override.application} included by {override.decided_by} ({override.reason})")


def reason(code: str, *, variant: str | None = None, **facts: Any) -> Reason:
    key = code if variant is None else f"{code}/{variant}"
    if key not in _TEMPLATES:
        raise KeyError(f"no text for reason code {key!r}")
    return Reason(code=code, facts=facts, variant=variant)
