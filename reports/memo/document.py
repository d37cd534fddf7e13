"""The decision memo as a document: sections of paragraphs, facts, lists, tables and a chart.

`build_memo` decides what the memo says, in Danish or English, from a `DecisionCase`; the
Markdown and HTML renderers (memo_markdown, memo_html) only lay it out. So both formats always
say the same thing, and every piece of text in a block is plain text: a renderer escapes all of
it, which keeps untrusted text from the departments' sheets inert.

Personal data (contact persons, department heads, assessors) is shown only with
`with_names=True`; by default the memo names roles, not people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from decimal import Decimal
from fractions import Fraction

from digipulje.applications.model import Application
from digipulje.pool.allocation import Allocation, Decision, Status
from digipulje.pool.model import Pool
from digipulje.pool.reasons import Reason, count_word
from digipulje.messages import gettext
from digipulje.reports.chart import Bar
from digipulje.reports.dates import format_date
from digipulje.pool.labels import status_label
from digipulje.reports.labels import name_in
from digipulje.reports.memo.case import DecisionCase
from digipulje.reports.memo.text import STATUS_ORDER, counted, rated_as, stop_rules, words
from digipulje.base.money import decimal_mark, format_dkk, format_score
from digipulje.pool.explain import deciding_reason, format_rating, reasons_deciding_first
from digipulje.applications.principles import CRITERIA, PRINCIPLES, SCALE_MAX, Principle, criteria_of
from digipulje.scoring.scales import SCALES
from digipulje.scoring.score import Score

if TYPE_CHECKING:
    from digipulje.analyses.scenarios import Comparison

# --- the document -------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Facts:
    """Label–value pairs, such as the memo's header or an application's key figures."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Items:
    """A list under an optional label; `ordered` for steps whose order matters."""

    items: tuple[str, ...]
    label: str | None = None
    ordered: bool = False


@dataclass(frozen=True)
class Quote:
    """Someone else's words, quoted as written: the council's assessment."""

    label: str
    text: str


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # right-aligned columns
    total: tuple[str, ...] | None = None
    caption: str | None = None


@dataclass(frozen=True)
class Curve:
    """The budget curve: a chart in HTML; in Markdown, its `table`."""

    title: str
    points: tuple[tuple[int, float], ...]  # (budget in kroner, best total score)
    current_budget_dkk: int
    x_label: str
    y_label: str
    current_label: str
    lang: str
    table: Table


@dataclass(frozen=True)
class Bars:
    """Granted against asked per application, and the pool used: a chart in HTML (`reports.chart`).
    The grants table beside it holds the numbers, so the Markdown memo shows nothing more."""

    title: str
    bars: tuple[Bar, ...]
    budget_dkk: int
    lang: str


Block = Paragraph | Facts | Items | Quote | Table | Curve | Bars


@dataclass(frozen=True)
class Section:
    title: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()
    anchor: str | None = None


@dataclass(frozen=True)
class Memo:
    lang: str
    title: str
    header: Facts
    sections: tuple[Section, ...] = field(default_factory=tuple)


# --- building it ------------------------------------------------------------------------------


def build_memo(case: DecisionCase, lang: str = "da", with_names: bool = False,
               version: str | None = None) -> Memo:
    w = words(lang)
    pool = case.pool
    title = w["title_decision" if case.decided else "title_recommendation"].format(pool=pool_name(pool))
    header = [(w["pool"], pool.name)]
    if pool.year is not None:
        header.append((w["year"], str(pool.year)))
    if pool.round is not None and pool.round != str(pool.year):
        header.append((w["round"], pool.round))
    if pool.deadline is not None:
        header.append((w["deadline"], format_date(pool.deadline, lang)))
    header.append((w["date"], format_date(case.memo_date, lang)))
    if version:
        header.append((w["version"], version))

    sections = [
        _summary(case, lang),
        _grants(case, lang),
        _applications(case, lang, with_names),
    ]
    sections += [s for s in (_stopped(case, lang, "rejected"), _stopped(case, lang, "not_recommended"),
                             _stopped(case, lang, "without_grant")) if s is not None]
    if case.decided:
        sections.append(_changes(case, lang))
    sections.append(_reconciliation(case, lang))
    if case.scenarios:
        sections.append(_scenarios(case, lang))
    sections.append(_method(case, lang, with_names))
    return Memo(lang=lang, title=title, header=Facts(tuple(header)), sections=tuple(sections))


def pool_name(pool: Pool) -> str:
    return f"{pool.name} {pool.year}" if pool.year is not None else pool.name


def format_change(amount: int, lang: str) -> str:
    """A signed change of kroner: "+kr. 12.500", "−kr. 12.500" (with a true minus sign)."""
    if amount == 0:
        return format_dkk(0, lang)
    return ("+" if amount > 0 else "\u2212") + format_dkk(abs(amount), lang)


def format_plain_number(value: float, lang: str) -> str:
    """A weight as written: "1", "1,5" — no trailing zeros."""
    return decimal_mark(format(Decimal(str(value)).normalize(), "f"), lang)


def format_percent(share: Fraction, lang: str) -> str:
    value = share * 100
    text = str(value.numerator // value.denominator) if value.denominator == 1 else f"{float(value):.1f}"
    return decimal_mark(text, lang) + (" %" if lang == "da" else "%")


def _final(case: DecisionCase) -> Allocation:
    return case.decision if case.decided else case.recommendation


def _joined(lang: str, names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {words(lang)['and']} " + names[-1]


def _deciders(case: DecisionCase, lang: str) -> str:
    return _joined(lang, sorted({o.decided_by for o in case.decision.overrides}))


def _grant_line(d: Decision, lang: str) -> str:
    mark = f" ({words(lang)['partial_mark']})" if d.status is Status.PARTIAL else ""
    return f"{d.title}, {d.department}: {format_dkk(d.granted_dkk, lang)}{mark}"


_SCREENED = (Status.REJECTED, Status.NOT_RECOMMENDED, Status.INCOMPLETE)


def _summary(case: DecisionCase, lang: str) -> Section:
    w = words(lang)
    apps = case.applications
    departments = len({a.department for a in apps})
    asked = sum(a.requested_dkk for a in apps)
    received = w["summary_received"].format(
        pool=pool_name(case.pool), applications=counted(lang, "application", len(apps)),
        departments=counted(lang, "department", departments), asked=format_dkk(asked, lang),
        budget=format_dkk(case.pool.budget_dkk, lang))
    screened = [counted(lang, f"screened_{status.value}", n) for status in _SCREENED
                if (n := sum(1 for d in case.recommendation.decisions if d.status is status))]
    if screened:
        received += " " + w["summary_screened"].format(parts=_joined(lang, screened))
    blocks: list[Block] = [Paragraph(received)]
    allocations = [("summary_recommended", case.recommendation)]
    if case.decided:
        by = _deciders(case, lang)
        allocations.append(("summary_decided" if by else "summary_decided_anonymous", case.decision))
    for key, allocation in allocations:
        grants = [d for d in allocation.decisions if d.status.granted]
        if not grants:
            blocks.append(Paragraph(w["summary_none"]))
            continue
        blocks.append(Items(
            tuple(_grant_line(d, lang) for d in grants),
            label=w[key].format(by=_deciders(case, lang), grants=counted(lang, "grant", len(grants)),
                                granted=format_dkk(allocation.granted_dkk, lang)),
        ))
    facts = [
        (w["applications"], str(len(apps))),
        (w["departments"], str(departments)),
        (w["asked_total"], format_dkk(asked, lang)),
        (w["budget"], format_dkk(case.pool.budget_dkk, lang)),
        (w["recommended_total"], format_dkk(case.recommendation.granted_dkk, lang)),
    ]
    if case.decided:
        facts.append((w["decided_total"], format_dkk(case.decision.granted_dkk, lang)))
    facts.append((w["remainder"], format_dkk(_final(case).remainder_dkk, lang)))
    blocks.append(Facts(tuple(facts)))
    return Section(w["summary"], tuple(blocks), anchor="summary")


def _grants(case: DecisionCase, lang: str) -> Section:
    w = words(lang)
    rec = case.recommendation.granted_by_id()
    final = _final(case)
    shown = [d for d in final.decisions if d.status.granted or rec.get(d.id, 0) > 0]
    header = [w["id"], w["application"], w["department"], w["asked"], w["recommended"]]
    numeric = [False, False, False, True, True]
    if case.decided:
        header.append(w["decided"])
        numeric.append(True)
    header.append(w["status"])
    numeric.append(False)
    rows = []
    for d in shown:
        row = [d.id, d.title, d.department, format_dkk(d.requested_dkk, lang), format_dkk(rec.get(d.id, 0), lang)]
        if case.decided:
            row.append(format_dkk(d.granted_dkk, lang))
        row.append(status_label(d.status, lang))
        rows.append(tuple(row))
    total = [w["total"], "", "", format_dkk(sum(d.requested_dkk for d in shown), lang),
             format_dkk(case.recommendation.granted_dkk, lang)]
    if case.decided:
        total.append(format_dkk(case.decision.granted_dkk, lang))
    total.append("")
    table = Table(tuple(header), tuple(rows), tuple(numeric), tuple(total))
    intro = (Paragraph(w["grants_intro"]),) if case.decided else ()
    chart = Bars(gettext("Granted against requested", lang=lang),
                 tuple(Bar(d.id, d.title, d.requested_dkk, d.granted_dkk) for d in final.decisions),
                 case.pool.budget_dkk, lang)
    return Section(w["grants"], (*intro, table, chart), anchor="grants")


def _running_costs(app: Application, lang: str) -> str:
    w = words(lang)
    if not app.running_cost_paid_by_applicant:
        amount = (format_dkk(app.yearly_running_cost_dkk, lang) if app.yearly_running_cost_dkk is not None
                  else w["running_costs_not_stated"])
        return w["running_costs_not_applicant"].format(amount=amount)
    if app.yearly_running_cost_dkk is None:
        if app.running_cost_paid_by:
            return w["running_costs_not_stated_by"].format(by=app.running_cost_paid_by)
        return w["running_costs_not_stated"]
    if app.running_cost_paid_by:
        return w["running_costs_value"].format(amount=format_dkk(app.yearly_running_cost_dkk, lang),
                                               by=app.running_cost_paid_by)
    return format_dkk(app.yearly_running_cost_dkk, lang)


def _approval(app: Application, lang: str, with_names: bool) -> str:
    w = words(lang)
    if app.approval is None:
        return w["approval_no"]
    parts = [app.approval.name] if with_names else [w["approval_yes"]]
    if app.approval.date is not None:
        parts.append(format_date(app.approval.date, lang))
    return ", ".join(parts)


def score_table(app: Application, pool: Pool, lang: str, score: Score) -> Table:
    """The score per principle: the ratings of each rated principle and the points they give.

    `score`: the application's score as the allocation made it (from the assessors' ratings when
    there are any)."""
    w = words(lang)
    rows = []
    for principle in PRINCIPLES:
        parts = [p for p in score.parts if p.criterion.principle == principle.number]
        if not parts:
            continue
        name = name_in(principle, lang)
        if len(parts) == 1:
            rating = _rating(parts[0].rating, lang)
        else:
            rating = ", ".join(f"{name_in(p.criterion, lang).lower()} "
                               f"{_rating(p.rating, lang)}" for p in parts)
        points = sum(Decimal(str(p.points)) for p in parts)
        rows.append((f"{principle.number}. {name}", rating, format_score(float(points), lang)))
    return Table((w["principle"], w["rating"], w["points"]), tuple(rows), (False, False, True),
                 total=(w["score"], "", format_score(score.value, lang)))


def _rating(rating: int | Fraction | None, lang: str) -> str:
    return words(lang)["not_rated"] if rating is None else format_rating(rating, lang)


def _reason_lines(decision: Decision, lang: str) -> tuple[str, ...]:
    """The decision's reasons as `explain` gives them: the deciding reason first."""
    return tuple(r.text(lang) for r in reasons_deciding_first(decision))


def _applications(case: DecisionCase, lang: str, with_names: bool) -> Section:
    w = words(lang)
    rec = {d.id: d for d in case.recommendation.decisions}
    scores = case.scores()
    panels = case.panels()
    subsections = []
    for d in _final(case).decisions:
        app = case.application(d.id)
        score = scores[d.id]
        r = rec[d.id]
        department = d.department if not app.unit or app.unit == d.department else f"{d.department}, {app.unit}"
        facts = [(w["department"], department), (w["asked_amount"], format_dkk(d.requested_dkk, lang))]
        if d.status in (Status.FUNDED, Status.PARTIAL, Status.NOT_FUNDED) or r.status.granted:
            facts.append((w["min_grant"], format_dkk(d.min_dkk, lang)))
        if app.own_investment_dkk:
            facts.append((w["own_investment"], format_dkk(app.own_investment_dkk, lang)))
        facts.append((w["running_costs"], _running_costs(app, lang)))
        if app.other_departments:
            facts.append((w["other_departments"], ", ".join(app.other_departments)))
        if app.approval is not None or case.pool.rules.require_approval:
            facts.append((w["approval"], _approval(app, lang, with_names)))
        if with_names and app.contact:
            facts.append((w["contact"], app.contact))
        rated = any(part.rating is not None for part in score.parts)
        facts.append((w["score"], w["score_value"].format(score=format_score(d.score, lang)) if rated
                      else w["not_rated"]))
        if d.id in panels:
            facts.append((w["assessed_by"], _assessed_by(panels[d.id], lang)))
        facts.append((w["recommendation"], w["outcome"].format(status=status_label(r.status, lang),
                                                               amount=format_dkk(r.granted_dkk, lang))))
        if case.decided:
            facts.append((w["decision"], w["outcome"].format(status=status_label(d.status, lang),
                                                             amount=format_dkk(d.granted_dkk, lang))))
        blocks: list[Block] = [Facts(tuple(facts))]
        if rated:
            blocks.append(score_table(app, case.pool, lang, score))
        if case.kitos is not None:
            blocks.append(_kitos_items(case, app, lang))
        if app.assessment is not None and app.assessment.text:
            blocks.append(Quote(w["council_assessment"], app.assessment.text))
        if case.decided and r.reasons != d.reasons:
            blocks.append(Items(_reason_lines(r, lang), label=w["reasons_recommendation"]))
            blocks.append(Items(_reason_lines(d, lang), label=w["reasons_decision"]))
        else:
            blocks.append(Items(_reason_lines(d, lang), label=w["reasons"]))
        subsections.append(Section(f"{d.id} · {d.title}", tuple(blocks), anchor=f"application-{d.id}"))
    return Section(w["the_applications"], subsections=tuple(subsections), anchor="applications")


def _assessed_by(panel, lang: str) -> str:
    """How many assessors rated the application, how many were recused, and what to discuss."""
    w = words(lang)
    assessors = {v.assessor for c in panel.criteria for v in c.votes}
    text = counted(lang, "assessors_count", len(assessors))
    if panel.recused:
        text += w["assessed_recused"].format(n=len(panel.recused))
    if panel.for_discussion:
        names = {c.key: name_in(c, lang).lower() for c in CRITERIA}
        text += w["assessed_discuss"].format(criteria=_joined(lang, [names[c.criterion] for c in panel.for_discussion]))
    return text


def _kitos_items(case: DecisionCase, app: Application, lang: str) -> Items:
    """What KITOS says about the application, beside its score: facts for the council, not a verdict."""
    w = words(lang)
    hints = case.kitos.hints(app)
    return Items(tuple(h.text(lang) for h in hints) if hints else (w["kitos_nothing"],), label=w["kitos"])


def _kitos_method(case: DecisionCase, lang: str) -> Paragraph:
    from pathlib import PurePath

    w = words(lang)
    export = case.kitos.export
    return Paragraph(w["kitos_method"].format(
        file=PurePath(export.file).name, systems=counted(lang, "kitos_systems", len(export.usages)),
        date=format_date(case.kitos.today, lang)))


_STOPPED = {
    "rejected": (Status.REJECTED, Status.INCOMPLETE),
    "not_recommended": (Status.NOT_RECOMMENDED,),
    "without_grant": (Status.NOT_FUNDED,),
}


def _detail(r: Reason, lang: str) -> str:
    """A reason in the words of whoever gave it, when it has them; else the rule's own text."""
    given = r.facts.get("reason")
    return str(given) if given else r.text(lang)


def _with_assessment(text: str, app: Application) -> str:
    own = app.assessment.text if app.assessment is not None else None
    if not own or own.strip() in text:
        return text
    return f"{text.rstrip('. ')}. {own.strip()}"


def _stopped(case: DecisionCase, lang: str, kind: str) -> Section | None:
    """Applications stopped before the allocation (or by it), with the rule and the reason.

    Listed from the recommendation, so that an application the chiefs excluded shows under the
    changes, not here; one they included and funded shows under the decision.
    """
    w = words(lang)
    rule_of = stop_rules(lang)
    stopped = [d for d in case.recommendation.decisions if d.status in _STOPPED[kind]]
    if case.decided:  # one the chiefs included shows under the decision, with their reason, not here
        stopped = [d for d in stopped if not case.decision.decision(d.id).status.granted]
    if not stopped:
        return None
    if case.decided and kind == "without_grant":  # what the decision says of them: its own reasons, solved
        stopped = [case.decision.decision(d.id) for d in stopped]
    rows = []
    for d in stopped:
        first = deciding_reason(d)
        app = case.application(d.id)
        rows.append((d.id, d.title, d.department, format_dkk(d.requested_dkk, lang),
                     rule_of.get(first.code, status_label(d.status, lang)),
                     _with_assessment(_detail(first, lang), app)))
    table = Table((w["id"], w["application"], w["department"], w["asked"], w["rule"], w["reasons"]),
                  tuple(rows), (False, False, False, True, False, False))
    return Section(w[kind], (Paragraph(w[f"{kind}_intro"]), table), anchor=kind.replace("_", "-"))


def _changes(case: DecisionCase, lang: str) -> Section:
    w = words(lang)
    changes = case.changes()
    moved = sum(c.moved_dkk for c in changes if c.moved_dkk > 0)
    net = sum(c.moved_dkk for c in changes)
    by = _deciders(case, lang)
    text = (w["changes_intro"] if by else w["changes_intro_anonymous"]).format(by=by, moved=format_dkk(moved, lang))
    if net:
        text += " " + w["changes_net"].format(net=format_change(net, lang))
    rows = []
    for c in changes:
        o = c.override
        if o is not None:
            what = o.action.done(o.amount_dkk, lang)
            date = format_date(o.date, lang) if o.date else ""
            rows.append((c.application.id, c.application.title, what, format_dkk(c.recommended_dkk, lang),
                         format_dkk(c.decided_dkk, lang), format_change(c.moved_dkk, lang),
                         f"{o.decided_by}, {date}" if date else o.decided_by, o.reason))
        else:
            rows.append((c.application.id, c.application.title, w["moved_here"],
                         format_dkk(c.recommended_dkk, lang), format_dkk(c.decided_dkk, lang),
                         format_change(c.moved_dkk, lang), "",
                         "; ".join(_reason_lines(c.application, lang))))
    table = Table((w["id"], w["application"], w["change"], w["recommended"], w["decided"], w["difference"],
                   w["decided_by"], w["reasons"]), tuple(rows),
                  (False, False, False, True, True, True, False, False),
                  total=(w["total"], "", "", "", "", format_change(net, lang), "", ""))
    return Section(w["changes"], (Paragraph(text), table), anchor="changes")


def _reconciliation(case: DecisionCase, lang: str) -> Section:
    w = words(lang)
    final = _final(case)
    rec = case.recommendation.granted_by_id()
    granted_ids = [d.id for d in final.decisions if d.status.granted or rec.get(d.id, 0) > 0]
    columns = [case.recommendation] + ([case.decision] if case.decided else [])
    header = (w["item"], w["recommended"]) + ((w["decided"],) if case.decided else ())
    numeric = (False,) + (True,) * len(columns)
    rows = [(f"{i} {final.decision(i).title}",) + tuple(format_dkk(a.decision(i).granted_dkk, lang) for a in columns)
            for i in granted_ids]
    rows.append((w["granted_total"],) + tuple(format_dkk(a.granted_dkk, lang) for a in columns))
    rows.append((w["budget"],) + tuple(format_dkk(a.budget_dkk, lang) for a in columns))
    pool_table = Table(header, tuple(rows), numeric,
                       total=(w["remainder"],) + tuple(format_dkk(a.remainder_dkk, lang) for a in columns))
    by_status = []
    for status in STATUS_ORDER:
        ds = [d for d in final.decisions if d.status is status]
        if ds:
            by_status.append((status_label(status, lang), str(len(ds)),
                              format_dkk(sum(d.requested_dkk for d in ds), lang),
                              format_dkk(sum(d.granted_dkk for d in ds), lang)))
    outcome_table = Table(
        (w["status"], w["count"], w["asked"], w["granted"]), tuple(by_status), (False, True, True, True),
        total=(w["total"], str(len(final.decisions)),
               format_dkk(sum(d.requested_dkk for d in final.decisions), lang), format_dkk(final.granted_dkk, lang)),
        caption=w["by_outcome"],
    )
    text = w["reconciliation_ok"].format(granted=format_dkk(final.granted_dkk, lang),
                                         budget=format_dkk(final.budget_dkk, lang),
                                         remainder=format_dkk(final.remainder_dkk, lang))
    return Section(w["reconciliation"], (Paragraph(text), pool_table, outcome_table), anchor="reconciliation")


def _scenarios(case: DecisionCase, lang: str) -> Section:
    w = words(lang)
    comparison = case.scenarios
    blocks: list[Block] = []
    if comparison.scenarios:
        blocks.append(Paragraph(w["scenarios_intro"]))
        rows = []
        for s in comparison.scenarios:
            a = s.allocation
            rows.append((s.name, format_dkk(a.budget_dkk, lang), format_dkk(a.granted_dkk, lang),
                         format_dkk(a.remainder_dkk, lang),
                         str(sum(1 for d in a.decisions if d.status.granted)), format_score(a.total_score, lang)))
        blocks.append(Table((w["scenario"], w["budget"], w["granted"], w["remainder"], w["grants_count"],
                             w["total_score"]), tuple(rows), (False, True, True, True, True, True)))
        if comparison.comparison is not None:
            blocks += _compared(comparison.comparison, lang)
        else:
            ids = sorted({d.id for s in comparison.scenarios for d in s.allocation.decisions})
            titles = {d.id: d.title for s in comparison.scenarios for d in s.allocation.decisions}
            grant_rows = []
            for i in ids:
                amounts = []
                for s in comparison.scenarios:
                    found = [d.granted_dkk for d in s.allocation.decisions if d.id == i]
                    amounts.append(format_dkk(found[0], lang) if found else "–")
                grant_rows.append((i, titles[i], *amounts))
            blocks.append(Table((w["id"], w["application"], *(s.name for s in comparison.scenarios)),
                                tuple(grant_rows), (False, False) + (True,) * len(comparison.scenarios),
                                caption=w["scenario_grants"]))
    if comparison.curve:
        points = tuple(sorted((p.budget_dkk, p.best_score) for p in comparison.curve))
        table = Table((w["budget"], w["best_score"]),
                      tuple((format_dkk(b, lang), format_score(s, lang)) for b, s in points), (True, True),
                      caption=w["curve"])
        blocks.append(Paragraph(w["curve_intro"]))
        for i, budgets in comparison.drops_out.items():
            blocks.append(Paragraph(w["curve_drops"].format(
                id=i, budgets=_joined(lang, [format_dkk(b, lang) for b in budgets]))))
        blocks.append(Curve(w["curve"], points, case.pool.budget_dkk, x_label=f"{w['budget']} (kr.)",
                            y_label=w["best_score"], current_label=w["curve_current"], lang=lang, table=table))
    return Section(w["scenarios"], tuple(blocks), anchor="scenarios")


def _compared(comparison: Comparison, lang: str) -> list[Block]:
    """A scenario file's comparison as `digipulje compare` shows it: grants and statuses, totals,
    shares, what differs from the base marked `*`, and the price of each override."""
    from digipulje.reports.compare import comparison_marked_note, comparison_rows, loser_lines, price_lines, prices_label

    w = words(lang)
    header, rows = comparison_rows(comparison, lang)
    cells = tuple(tuple(c + ("*" if m else "") for c, m in zip(row, marks)) for row, marks in rows)
    blocks: list[Block] = [
        Table(tuple(header), cells, (False,) + (True,) * len(comparison.results), caption=w["scenario_grants"]),
        Paragraph(comparison_marked_note(comparison, lang)),
    ]
    blocks += [Paragraph(line) for line in loser_lines(comparison, lang)]
    prices = price_lines(comparison, lang)
    if prices:
        blocks.append(Items(tuple(prices), label=prices_label(lang)))
    return blocks


def _method(case: DecisionCase, lang: str, with_names: bool) -> Section:
    w = words(lang)
    pool = case.pool
    rules = pool.rules
    floor = format_percent(Fraction(str(rules.partial_floor)), lang)
    # A rated principle is applied as its criteria; a rule as the pool's rules make it.
    rules_applied = {
        1: w["p1"].format(min_grant=format_dkk(rules.min_grant_dkk, lang), floor=floor)
        + (w["p1_max"].format(max_grants=rules.max_grants) if rules.max_grants is not None else ""),
        5: w["p5"] + (w["p5_approval"] if rules.require_approval else ""),
        6: w["p6"], 7: w["p7"],
    }

    def applied(p: Principle) -> str:
        if p.applied_as == "rating":
            return rated_as(criteria_of(p.number), lang)
        return rules_applied.get(p.number, w["rule_applied"])

    principles = Table(
        ("#", w["principle"], w["applied_as"]),
        tuple((str(p.number), name_in(p, lang), applied(p)) for p in PRINCIPLES),
        (True, False, False),
    )
    weights = {c.key: Fraction(str(getattr(pool.weights, c.key))) for c in CRITERIA}
    total_weight = sum(weights.values())
    weight_table = Table(
        (w["criterion"], w["principle"], w["weight"], w["share"]),
        tuple((name_in(c, lang), str(c.principle),
               format_plain_number(getattr(pool.weights, c.key), lang),
               format_percent(weights[c.key] / total_weight, lang)) for c in CRITERIA),
        (False, True, True, True), caption=w["weights"],
    )
    blocks: list[Block] = [
        Paragraph(w["method_principles"].format(count=count_word(len(PRINCIPLES), lang))), principles, weight_table,
        Paragraph(w["scale"].format(threshold=format_score(rules.eligibility_threshold, lang))),
        Items(tuple(w[f"stage{i}"] for i in range(1, 6)), label=w["solving"], ordered=True),
        Paragraph(w["solving_after"]),
    ]
    if case.kitos is not None:
        blocks.append(_kitos_method(case, lang))
    panel = case.panel
    if panel is not None and (panel.assessors or panel.recusals):
        if panel.aggregation is not None:
            blocks.append(Paragraph(w["panel_method"].format(aggregation=w[f"panel_{panel.aggregation}"])))
        if panel.assessors:
            blocks.append(Facts(((w["assessors"], _assessors(panel, lang, with_names)),)))
        if panel.recusals:
            blocks.append(Items(tuple(
                _recusal(r, lang, with_names)
                for r in sorted(panel.recusals, key=lambda r: (r.application, r.assessor))
            ), label=w["recusals"]))
        if panel.discussions:
            names = {c.key: name_in(c, lang).lower() for c in CRITERIA}
            blocks.append(Items(tuple(
                w["discussion"].format(application=d.application, criterion=names[d.criterion], low=d.low,
                                       high=d.high, spread=d.spread)
                for d in panel.discussions
            ), label=w["discussions"]))
    if panel is not None:
        blocks.append(_scales(lang))
    return Section(w["method"], tuple(blocks), anchor="method")


def _assessors(panel, lang: str, with_names: bool) -> str:
    """The assessors by name (with their departments when known), or by default by role:
    council members from which departments, and how many from each."""
    w = words(lang)
    if with_names:
        return ", ".join(f"{a} ({panel.department_of(a)})" if panel.department_of(a) else a
                         for a in panel.assessors)
    who = counted(lang, "assessors_count", len(panel.assessors))
    departments = [panel.department_of(a) for a in panel.assessors]
    if not all(departments):
        return who
    per_department = sorted({d: departments.count(d) for d in departments}.items())
    return w["assessors_roles"].format(who=who, departments="; ".join(f"{d} ({n})" for d, n in per_department))


def _recusal(r, lang: str, with_names: bool) -> str:
    w = words(lang)
    if with_names:
        assessor = f"{r.assessor} ({r.department})" if r.department else r.assessor
    else:
        assessor = w["an_assessor_from"].format(department=r.department) if r.department else w["an_assessor"]
    reason = r.reason or w["own_department"]
    return w["recusal"].format(assessor=assessor, application=r.application, reason=reason)


def _scales(lang: str) -> Table:
    """The anchored scales: what each rating 0–4 of each rated principle means."""
    w = words(lang)
    rows = []
    for c in CRITERIA:
        name = f"{name_in(c, lang)} ({c.principle})"
        rows += [(name if r == 0 else "", str(r), SCALES[c.key].anchor(r, lang)) for r in range(SCALE_MAX + 1)]
    return Table((w["criterion"], w["rating"], w["scale_meaning"]), tuple(rows), (False, True, False),
                 caption=w["scales"])

