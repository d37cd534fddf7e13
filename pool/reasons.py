"""Reasons in plain words, in Danish and English (from the message catalogue).

A reason is data (a code and its facts) so that reports can render it in either language and
tests can assert it; `text(lang)` is what a person reads.
"""

from __future__ import annotations

import functools

from dataclasses import dataclass, field
from typing import Any

from digipulje.base.money import format_dkk, format_number, format_score, score_decimals
from digipulje.messages import _, gettext
from digipulje.messages.tables import rendered

def _templates() -> dict[str, str]:
    """The text of each reason code (and code/variant)."""
    return {
        "rejected_by_council": _("Administratively rejected by the council: {reason}"),
        "running_costs_not_paid_by_applicant": _(
            "Rejected under principle 6: the pool gives one-off contributions only, and the yearly "
            "running costs are not paid by the applicant"),
        "below_min_grant": _(
            "Rejected under principle 1: the {requested} requested is below the pool's minimum grant of "
            "{min_grant}"),
        "not_assessed": _("Incomplete under principle 5: the application has not been assessed by the council"),
        "no_approval": _("Incomplete: the application is not approved by the department head"),
        "not_recommended_by_council": _("Not recommended by the council: {reason}"),
        "below_threshold": _("Not recommended: the score {score} is below the pool's threshold of {threshold}"),
        "excluded": _("Excluded by {by}: {reason}"),
        "included": _("Included by {by}: {reason}"),
        "fixed": _("Amount fixed at {amount} by {by}: {reason}"),
        "fixed/below_min": _("Amount fixed at {amount} by {by}, below the pool's minimum grant of {min_grant}: {reason}"),
        "funded_in_full": _("Granted the full amount requested"),
        "partial": _(
            "Partly granted: {granted} of {requested} (smallest workable grant {min}); the pool does not "
            "stretch to the full amount"),
        "not_funded_budget": _(
            "Not funded: the pool does not stretch, and applications with a higher total score come first"),
        "not_funded_min_above_request": _(
            "Not funded: the pool's minimum grant is larger than the amount requested"),
        "not_funded_budget/cannot_fit": _(
            "Not funded: even included (with at least {min}), it cannot be funded beside the grants the "
            "chiefs fixed or included and the pool's rules: {why}"),
        "not_funded_budget/cannot_fit_budget": _(
            "Not funded: even included it cannot be funded: the grants the chiefs fixed or included take at "
            "least {need} of the budget of {budget}, and it needs at least {min}"),
        "not_funded_budget/cannot_fit_count": _(
            "Not funded: even included it cannot be funded: the chiefs fixed or included {count} grants, the "
            "most the pool allows"),
        "not_funded_budget/below": _(
            "Not funded: the pool's budget went to applications ranked above it"),
        "not_funded_budget/not_solved": _(
            "Not funded: the allocation by the pool's order (the highest total score first) leaves it out; "
            "what including it would take is solved for the {limit} highest-ranked applications that lost, in "
            "rounds of at most {largest} applications"),
        "not_funded_budget/not_solved_support": _(
            "Not funded: the allocation by the pool's order (the most total support first) leaves it out; "
            "what including it would take is solved for the {limit} highest-ranked applications that lost, in "
            "rounds of at most {largest} applications"),
        "not_funded_budget/if_funded": _(
            "Not funded: included (with at least {min}), the pool's total score would be {score_if} instead "
            "of {score}: {changes}"),
        "not_funded_budget/if_funded_support": _(
            "Not funded: included (with at least {min}), the total support would be {support_if} instead "
            "of {support}: {changes}"),
        "not_funded_budget/if_funded_capped": _(
            "Not funded: the pool allows at most {count} grants; included (with at least {min}), the pool's "
            "total score would be {score_if} instead of {score}: {changes}"),
        "not_funded_budget/if_funded_support_capped": _(
            "Not funded: the pool allows at most {count} grants; included (with at least {min}), the total "
            "support would be {support_if} instead of {support}: {changes}"),
        "not_funded_budget/tie": _(
            "Not funded: included, the pool's total score would also be {score}; the tie is decided by "
            "{decided}: {changes}"),
        "not_funded_budget/tie_support": _(
            "Not funded: included, the total support would also be {support}; the tie is decided by "
            "{decided}: {changes}"),
        "not_funded_override": _(
            "Not funded: the recommendation gave it {baseline}, but the money now goes to the chiefs' "
            "decision: {overrides}"),
        "reduced_by_override": _(
            "The recommendation gave it {baseline}; the chiefs' decision ({overrides}) takes {cut} of it"),
        "below_threshold_rule": _("Not recommended: the threshold rule '{rule}' is not met"),
        "rule/not_rejected": _("Council: not administratively rejected"),
        "rule/running_costs": _("Principle 6: the yearly running costs are paid by the applicant"),
        "rule/min_grant": _(
            "Principle 1: the amount requested is at least the pool's minimum grant of {min_grant}"),
        "rule/assessed": _("Principle 5: assessed by the council"),
        "rule/approval": _("Approved by the department head"),
        "rule/recommended": _("Council: can be recommended"),
        "rule/score": _("The score is at least the pool's threshold of {threshold}"),
        "rule/threshold_one": _("{criteria} rated {min_rating} or more"),
        "rule/threshold_some": _("at least {min_count} of {criteria} rated {min_rating} or more"),
        "rule/threshold_all": _("each of {criteria} rated {min_rating} or more"),
    }

_MONEY = {"requested", "min_grant", "amount", "granted", "min", "baseline", "cut", "need", "budget"}
_SCORES = {"score", "score_if", "threshold"}
_COUNTS = {"min_count", "count"}
_NUMBERS = {"support", "support_if"}  # the voters' support: a whole number  # written as a word: "one", "én"


def _number_words() -> tuple[str, ...]:
    """A small count written as a word: "one", "én"."""
    return (_("zero"), _("one"), _("two"), _("three"), _("four"), _("five"), _("six"), _("seven"), _("eight"),
            _("nine"), _("ten"), _("eleven"), _("twelve"))


def count_word(n: int, lang: str = "da") -> str:
    """A count as a word up to twelve ("syv", "seven"), in digits above."""
    words = rendered(_number_words, lang)
    return words[n] if 0 <= n < len(words) else format_number(n, lang)


@dataclass(frozen=True)
class Reason:
    """A plain frozen dataclass rather than a pydantic model: screening makes a dozen per
    application, and a large round many thousands; pydantic still validates and serialises it
    inside `Allocation`."""

    code: str
    facts: dict[str, Any] = field(default_factory=dict)
    variant: str | None = None  # another wording of the same code, chosen by the facts at hand

    def text(self, lang: str = "da") -> str:
        template = rendered(_templates, lang)[self.code if self.variant is None else f"{self.code}/{self.variant}"]
        values = {}
        decimals = score_decimals(*(v for k, v in self.facts.items() if k in _SCORES and isinstance(v, (int, float))))
        for key, value in self.facts.items():
            if key in _MONEY:
                value = format_dkk(value, lang)
            elif key in _SCORES:
                value = format_score(value, lang, decimals)
            elif key in _NUMBERS:
                value = format_number(value, lang)
            elif key in _COUNTS:
                value = count_word(value, lang)
            elif isinstance(value, Reason):
                value = value.text(lang)
            elif isinstance(value, (list, tuple)):
                value = join_words([_list_item(item, lang) for item in value], lang)
            values[key] = value
        return template.format(**values)


def _list_item(item: Any, lang: str) -> str:
    """A list fact's item: text, a name in both languages ("da", "en"), or an id with a score.

    A name is kept in both languages in the facts (an override's words, a criterion's name), so
    the stored reason reads in either language; here the one asked for is picked."""
    if isinstance(item, (list, tuple)) and len(item) == 2 and isinstance(item[1], (int, float)):
        return f"{item[0]} ({format_score(item[1], lang)})"
    if isinstance(item, (list, tuple)) and len(item) == 2:
        return item[0] if lang == "da" else item[1]
    return str(item)


def join_words(words: list[str], lang: str = "da") -> str:
    """"a, b og c" / "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {gettext('and', lang=lang)} " + words[-1]


def override_words(override: Any) -> tuple[str, str]:
    """An override in Danish and English, its action's sentence, for a reason's list of overrides
    (the facts keep both, see `_list_item`)."""
    return override.action.sentence(override, "da"), override.action.sentence(override, "en")


def reason(code: str, *, variant: str | None = None, **facts: Any) -> Reason:
    if (code, variant) not in _codes():
        raise KeyError(f"no text for reason code {code if variant is None else f'{code}/{variant}'!r}")
    return Reason(code, facts, variant)


@functools.cache
def _codes() -> frozenset[tuple[str, str | None]]:
    """Every (code, variant) with a text: a reason is made many thousand times in a large round."""
    return frozenset((key.split("/")[0], key.split("/")[1] if "/" in key else None)
                     for key in rendered(_templates, "en"))
