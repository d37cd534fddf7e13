"""The words of the memo and the workbook, from the message catalogue.

Kept apart from the code that lays the memo out, so that the memo's texts stand together under
short names. Placeholders are filled with `str.format`; amounts arrive already formatted.
"""

from __future__ import annotations

from collections.abc import Sequence

from digipulje.applications.principles import SCALE_MAX, Criterion
from digipulje.messages import _, ngettext
from digipulje.messages.tables import in_language, rendered
from digipulje.pool.allocation import Status
from digipulje.pool.reasons import count_word, join_words


def words(lang: str) -> dict[str, str]:
    """The memo's and the workbook's texts in `lang`, by short name."""
    return rendered(_words, lang)


def _words() -> dict[str, str]:
    return {
        "title_recommendation": _("Recommendation on the allocation of {pool}"),
        "title_decision": _("Decision on the allocation of {pool}"),
        "pool": _("Pool"),
        "year": _("Year"),
        "round": _("Round"),
        "deadline": _("Deadline"),
        "date": _("Date"),
        "version": _("Version"),
        "summary": _("Summary"),
        "summary_received": _(
            "{pool} has received {applications} from {departments}. Together they ask for "
            "{asked}; the pool is {budget}."),
        "summary_screened": _("Of these, {parts}."),
        "summary_recommended": _("The IT project council (ITP) recommends {grants} totalling {granted}:"),
        "summary_decided": _(
            "{by} changed the recommendation. After the change, {grants} totalling {granted} "
            "are given:"),
        "summary_decided_anonymous": _("The decision gives {grants} totalling {granted}:"),
        "summary_none": _("No application is given a grant."),
        "and": _("and"),
        "applications": _("Applications"),
        "departments": _("Departments"),
        "asked_total": _("Asked in total"),
        "budget": _("Pool (the budget)"),
        "recommended_total": _("Recommended in total"),
        "decided_total": _("Decided in total"),
        "remainder": _("Remainder"),
        "partial_mark": _("partial (after an amount)"),
        "grants": _("Grants"),
        "grants_intro": _("Applications given a grant by the recommendation or the decision."),
        "id": _("ID"),
        "application": _("Application"),
        "department": _("Department"),
        "asked": _("Asked"),
        "recommended": _("Recommended"),
        "decided": _("Decided"),
        "status": _("Status"),
        "score": _("Score"),
        "support": _("Support"),
        "total": _("Total"),
        "the_applications": _("The applications"),
        "asked_amount": _("Amount asked"),
        "min_grant": _("Smallest workable grant"),
        "own_investment": _("Own investment"),
        "running_costs": _("Yearly running costs"),
        "running_costs_value": _("{amount}, paid by {by}"),
        "running_costs_not_stated": _("not stated"),
        "running_costs_not_stated_by": _("amount not stated, paid by {by}"),
        "running_costs_not_applicant": _("{amount}, not paid by the applicant"),
        "other_departments": _("Other departments"),
        "approval": _("Approved by the department head"),
        "approval_yes": _("yes"),
        "approval_no": _("no"),
        "contact": _("Contact"),
        "score_value": _("{score} of 100"),
        "not_rated": _("not rated"),
        "recommendation": _("Recommendation"),
        "decision": _("Decision"),
        "outcome": _("{status}, {amount}"),
        "principle": _("Principle"),
        "rating": _("Rating (0–4)"),
        "points": _("Points"),
        "council_assessment": _("The council's assessment"),
        "reasons": _("Reasons (a heading)"),
        "reasons_recommendation": _("Reasons for the recommendation"),
        "reasons_decision": _("Reasons for the decision"),
        "rejected": _("Administratively rejected applications"),
        "rejected_intro": _(
            "Applications outside the pool's scope or rules. They take no part in the "
            "allocation."),
        "not_recommended": _("Applications not recommended"),
        "not_recommended_intro": _(
            "Applications the council does not recommend, or whose score is below the pool's "
            "threshold."),
        "without_grant": _("Other applications without a grant"),
        "without_grant_intro": _("Applications that meet the rules but are given no grant."),
        "rule": _("Rule"),
        "changes": _("Changes to the recommendation"),
        "changes_intro": _("{by} changed the recommendation. The changes move {moved}."),
        "changes_intro_anonymous": _("The decision departs from the recommendation. The changes move {moved}."),
        "changes_net": _("The total granted changes by {net}."),
        "change": _("Change"),
        "difference": _("Difference"),
        "decided_by": _("Decided by"),
        "moved_here": _("follows from the changes"),
        "reconciliation": _("Budget reconciliation"),
        "reconciliation_ok": _(
            "{granted} of the pool's {budget} is granted; the remainder is {remainder}. The "
            "pool is not exceeded."),
        "granted_total": _("Granted in total"),
        "by_outcome": _("Amount asked by outcome"),
        "count": _("Count"),
        "granted": _("Granted"),
        "item": _("Item"),
        "method": _("Method"),
        "method_principles": _(
            "The applications are assessed against the {count} principles set by the chiefs' "
            "forum (in no order of priority):"),
        "applied_as": _("How the principle is applied"),
        "p1": _(
            "Rule: a minimum grant of {min_grant}; a partial grant is at least {floor} of the"
            " amount asked (or the application's own smallest amount); as few partial grants "
            "as possible."),
        "p1_max": _(" At most {max_grants} grants."),
        "p5": _("Rule: an application without the council's assessment cannot be given a grant."),
        "p5_approval": _(" The application must be approved by the department head."),
        "p6": _("Rule: the running costs must be paid by the applicant; otherwise the application is rejected."),
        "p7": _("No cap per application other than the amount asked."),
        "rule_applied": _("Rule of the pool."),
        "weights": _("Weights"),
        "criterion": _("Criterion"),
        "weight": _("Weight"),
        "share": _("Share of the score"),
        "scale": _(
            "Each criterion is rated on the 0–4 scale. The score (0–100) is 100 × Σ weight × "
            "rating / (4 × Σ weight); an unrated criterion counts as 0. An application "
            "scoring below {threshold} is not recommended."),
        "solving": _("The allocation is computed exactly, by an exact search in whole kroner, so that, in this order, it:"),
        "stage1": _("gives the highest total score of the applications given a grant;"),
        "stage2": _("uses as many of the pool's kroner as possible;"),
        "stage3": _("gives as few partial grants as possible (principle 1);"),
        "stage4": _("for a decision, moves as few kroner as possible away from the recommendation;"),
        "stage5": _("on equal scores, gives the kroner to the highest-ranked application (score, then ID sorted as text: P10 before P2), so that exactly one allocation remains."),
        "solving_after": _(
            "The pool cannot be exceeded, amounts are whole kroner, and the order of the "
            "applications does not change the result."),
        "assessors": _("Assessors"),
        "recusals": _("Recusals"),
        "recusal": _("{assessor} took no part in assessing {application}: {reason}"),
        "an_assessor": _("An assessor"),
        "scenarios": _("Scenarios and budget curve"),
        "scenarios_intro": _("The scenarios show the allocation under other assumptions."),
        "scenario": _("Scenario"),
        "grants_count": _("Grants"),
        "total_score": _("Total score"),
        "scenario_grants": _("Grants by scenario"),
        "curve": _("Budget curve"),
        "curve_intro": _("The best total score the pool can buy, for each pool size."),
        "curve_drops": _(
            "A larger pool can pick another set: {id} is funded at a smaller pool but loses "
            "its grant at {budgets}."),
        "best_score": _("Best total score"),
        "curve_current": _("the pool"),
        "sheet_allocation": _("Allocation"),
        "sheet_applications": _("Applications"),
        "sheet_scores": _("Scores"),
        "sheet_scenarios": _("Scenarios"),
        "sheet_curve": _("Budget curve"),
        "sheet_log": _("Decision log"),
        "status_recommendation": _("Status (recommendation)"),
        "status_decision": _("Status (decision)"),
        "reasons_column": _("Reasons"),
        "rating_column": _("{criterion} (0–4)"),
        "points_column": _("{criterion}, points"),
        "remainder_column": _("Remainder"),
        "amount": _("Amount"),
        "yes": _("Yes"),
        "no": _("No"),
        "kitos": _("KITOS"),
        "kitos_nothing": _("Nothing from KITOS."),
        "kitos_method": _(
            "The KITOS notes under each application were looked up in {file} ({systems}); "
            "registrations not changed for more than a year before {date} are marked as "
            "stale. The notes are information for the IT project council: they change no "
            "rating, score or grant."),
        "sheet_kitos": _("KITOS hints"),
        "kitos_code": _("Code"),
        "kitos_system": _("System"),
        "kitos_hint": _("Hint"),
        "kitos_row": _("KITOS row"),
        "panel_method": _(
            "The council's members rated the applications each on their own, on the scales "
            "below. An application's rating on a criterion is the {aggregation} of the "
            "counted ratings; an assessor from the applicant's own department is not counted "
            "(recusal). A spread of 2 points or more is discussed before the score stands."),
        "panel_mean": _("mean"),
        "panel_median": _("median"),
        "assessors_roles": _("{who}, council members from: {departments}"),
        "an_assessor_from": _("An assessor from {department}"),
        "own_department": _("own department"),
        "discussions": _("For discussion (a spread of 2 points or more)"),
        "discussion": _("{application}, {criterion}: ratings from {low} to {high} (spread {spread})"),
        "scales": _("The scales: what each rating means"),
        "scale_meaning": _("Meaning"),
        "sheet_assessments": _("Assessments"),
        "assessor": _("Assessor"),
        "assessor_department": _("Assessor's department"),
        "assessor_pseudonym": _("Assessor {n}"),
        "counted": _("Counted"),
        "recused": _("No: recused"),
        "aggregate": _("Aggregate rating"),
        "spread": _("Spread"),
        "for_discussion": _("For discussion"),
        "assessed_by": _("Assessed by"),
        "assessed_recused": _(", {n} of them recused"),
        "assessed_discuss": _("; for discussion: {criteria}"),
    }


# The rule behind the first reason an application is stopped by (see pool.screen).
def stop_rules(lang: str) -> dict[str, str]:
    return rendered(_rules, lang)


def _rules() -> dict[str, str]:
    return {
        "rejected_by_council": _("Council's screening: outside the pool's scope"),
        "running_costs_not_paid_by_applicant": _("Principle 6: one-off contributions only"),
        "below_min_grant": _("Principle 1: minimum grant"),
        "not_assessed": _("Principle 5: processed by the council"),
        "no_approval": _("Department head's approval"),
        "not_recommended_by_council": _("The council's assessment"),
        "below_threshold": _("Score below the threshold"),
        "excluded": _("Excluded by decision"),
        "not_funded_budget": _("The pool does not stretch"),
        "not_funded_min_above_request": _("Principle 1: minimum grant"),
    }


# Statuses in the order the reconciliation lists them.
STATUS_ORDER = (Status.FUNDED, Status.PARTIAL, Status.NOT_FUNDED, Status.EXCLUDED,
                Status.NOT_RECOMMENDED, Status.REJECTED, Status.INCOMPLETE)

_COUNTED = {
    "screened_rejected": lambda n: ngettext("{count} was rejected", "{count} were rejected", n),  # by the council or principle 1 or 6
    "screened_not_recommended": lambda n: ngettext("{count} was not recommended",
                                                   "{count} were not recommended", n),
    "screened_incomplete": lambda n: ngettext("{count} was incomplete", "{count} were incomplete", n),
    "application": lambda n: ngettext("{count} application", "{count} applications", n),
    "department": lambda n: ngettext("{count} department", "{count} departments", n),
    "grant": lambda n: ngettext("{count} grant", "{count} grants", n),
    "assessors_count": lambda n: ngettext("{count} assessor", "{count} assessors", n),
    "kitos_systems": lambda n: ngettext("{count} system", "{count} systems", n),
}


def rated_as(criteria: Sequence[Criterion], lang: str) -> str:
    """How a rated principle is applied, from its criteria: "Three ratings on the 0–4 scale:
    citizen, employee and municipality."""
    with in_language(lang):
        text = ngettext("A rating on the 0–{top} scale: {names}.", "{number} ratings on the 0–{top} scale: {names}.",
                        len(criteria), top=SCALE_MAX, names=join_words([c.word(lang) for c in criteria], lang),
                        number=count_word(len(criteria), lang).capitalize())
    return text


def counted(lang: str, key: str, n: int) -> str:
    """"1 ansøgning", "7 ansøgninger": the singular and plural forms of a counted noun."""
    with in_language(lang):
        return _COUNTED[key](n)
