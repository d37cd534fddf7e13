"""The decision workbook (xlsx): the sheets a case officer attaches and filters.

Sheets, in order (Danish / English names):

  Fordeling / Allocation          one row per application: asked, recommended, [decided], status, score, reasons
  Ansøgninger / Applications      the applications as read, under the headers digipulje reads back
                                  (with their KITOS systems and KLE numbers when any are given)
  Scorer / Scores                 the ratings 0–4 and the points each criterion gives, and the score
  Scenarier / Scenarios           one row per scenario (when given): pool, granted, remainder, grants,
                                  total score, and the grant of each application
  Budgetkurve / Budget curve      pool size and the best total score (when given)
  Beslutningslog / Decision log   each application the decision changed: override, amounts, by whom, why
  KITOS-hints / KITOS hints       one row per KITOS screening hint (only when a KITOS export is given):
                                  application, code, system, the hint, and its row in the export
  Bedømmelser / Assessments       one row per council member's rating (only with the assessors' ratings):
                                  application, criterion, assessor, the assessor's department, rating,
                                  whether it counted (recusal), the aggregate, the spread, and whether
                                  it is for discussion. Assessors are named only with `with_names=True`,
                                  otherwise numbered in name order ("Bedømmer 1")

With the assessors' ratings, the scores sheet shows the aggregated ratings the allocation used.

Every sheet has one header row, frozen, with a filter over the table. Amounts are numbers with a
kroner number format, scores numbers with one decimal, dates dates. Text is passed through
`safe_cell`, so a title like "=HYPERLINK(...)" from a department's sheet stays text.
Contact persons and department heads are written only with `with_names=True`.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from digipulje.base.money import currency_word, money_number_format
from digipulje.applications.model import Verdict
from digipulje.messages import _, current_language
from digipulje.messages.tables import in_language
from digipulje.reports.export import safe_cell
from digipulje.pool.labels import status_label
from digipulje.reports.labels import name_in
from digipulje.reports.memo.document import format_change
from digipulje.reports.memo.case import DecisionCase
from digipulje.reports.memo.text import words
from digipulje.base.money import format_dkk, format_score
from digipulje.pool.explain import reasons_deciding_first
from digipulje.applications.principles import CRITERIA

MAX_WIDTH = 60
WRAP_FROM = 40  # text columns wider than this wrap instead


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text, dkk, change, score, int, date


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]


def _number_formats(lang: str) -> dict[str, str]:
    currency = f'"{currency_word(lang)}" '  # a participatory-budgeting instance's currency ("PLN"), else kroner
    return {
        "dkk": money_number_format(lang),
        "change": f"+{currency}#,##0;-{currency}#,##0;{currency}0",
        "score": "0.0",
        "int": "0",
        "date": "dd-mm-yyyy" if lang == "da" else "yyyy-mm-dd",
        "rating": "General",  # 3 or 3.5: an aggregated rating keeps its decimals
    }


def _display(value: Any, kind: str, lang: str) -> str:
    """The value as a reader sees it, to size the column."""
    if value is None:
        return ""
    if kind == "dkk":
        return format_dkk(value, lang)
    if kind == "change":
        return format_change(value, lang)
    if kind == "score":
        return format_score(value, lang)
    if kind == "date":
        return "00-00-0000"
    return str(value)


def build_sheets(case: DecisionCase, lang: str = "da", with_names: bool = False) -> tuple[Sheet, ...]:
    return (
        _allocation(case, lang),
        _applications(case, lang, with_names),
        _scores(case, lang),
    ) + ((_scenarios(case, lang),) if case.scenarios.scenarios else ()) + (
        (_curve(case, lang),) if case.scenarios.curve else ()) + (
        _log(case, lang),
    ) + ((_kitos(case, lang),) if case.kitos is not None else ()) + (
        (_assessments(case, lang, with_names),) if case.assessments else ())


def _allocation(case: DecisionCase, lang: str) -> Sheet:
    w = words(lang)
    columns = [Column(w["id"]), Column(w["application"]), Column(w["department"]), Column(w["asked"], "dkk"),
               Column(w["min_grant"], "dkk"), Column(w["recommended"], "dkk"), Column(w["status_recommendation"])]
    if case.decided:
        columns += [Column(w["decided"], "dkk"), Column(w["status_decision"])]
    final = case.decision if case.decided else case.recommendation
    support = final.value_kind == "support"  # a participatory-budgeting round: the voters' support
    columns += [Column(w["support"], "int") if support else Column(w["score"], "score"), Column(w["reasons_column"])]
    rec = {d.id: d for d in case.recommendation.decisions}
    rows = []
    for d in final.decisions:
        r = rec[d.id]
        row = [d.id, d.title, d.department, d.requested_dkk, d.min_dkk, r.granted_dkk, status_label(r.status, lang)]
        if case.decided:
            row += [d.granted_dkk, status_label(d.status, lang)]
        row += [d.support if support else d.score, " | ".join(x.text(lang) for x in reasons_deciding_first(d))]
        rows.append(tuple(row))
    return Sheet(w["sheet_allocation"], tuple(columns), tuple(rows))


# The applications sheet uses headers that `read_applications` reads back.
def _application_headers() -> tuple[str, ...]:
    """The columns as the overview sheet names them, so the sheet reads back; a criterion by its
    name in the language in force (a name is always one of its headers, `applications.columns`)."""
    return (
        _("ID"), _("Title"), _("Department"), _("Unit"),
        # the applications sheet's own word for it, which reads back as the amount asked
        _("Requested (the applications sheet's column)"), _("Minimum grant"), _("Own investment"),
        _("Yearly running cost"), _("Running cost paid by"), _("Running cost paid by applicant"),
        *(c.name(current_language()) for c in CRITERIA), _("Verdict"), _("Reason"),
        _("Assessment text"), _("Approved by"), _("Approved on"), _("Other departments"), _("Contact"),
    )


# Written after the others, and only when an application names any, so a round without them
# keeps the sheet it always had.
def _kitos_headers() -> tuple[str, ...]:
    return _("Systems"), _("KLE codes")


_KINDS = ("text", "text", "text", "text", "dkk", "dkk", "dkk", "dkk", "text", "text", *("int",) * len(CRITERIA),
          "text", "text", "text", "text", "date", "text", "text")


def _verdicts() -> dict[Verdict, str]:
    return {Verdict.ELIGIBLE: _("Eligible"), Verdict.NOT_RECOMMENDED: _("Not recommended"),
            Verdict.REJECTED: _("Rejected")}


def _applications(case: DecisionCase, lang: str, with_names: bool) -> Sheet:
    w = words(lang)
    with in_language(lang):
        headers, kitos_headers, verdicts = _application_headers(), _kitos_headers(), _verdicts()
    count = len(headers) if with_names else len(headers) - 1  # the contact column only with names
    with_kitos = any(a.systems or a.kle_codes for a in case.applications)
    rows = []
    for a in case.applications:
        approval = None
        if a.approval is not None:
            approval = a.approval.name if with_names else w["yes"]
        row = (
            a.id, a.title, a.department, a.unit, a.requested_dkk, a.min_dkk, a.own_investment_dkk,
            a.yearly_running_cost_dkk, a.running_cost_paid_by,
            w["yes"] if a.running_cost_paid_by_applicant else w["no"],
            *(getattr(a.ratings, c.key) for c in CRITERIA),
            verdicts[a.assessment.verdict] if a.assessment else None,
            a.assessment.reason if a.assessment else None,
            a.assessment.text if a.assessment else None,
            approval, a.approval.date if a.approval else None,
            ", ".join(a.other_departments) or None, a.contact,
        )
        row = row[:count]
        if with_kitos:
            row += ("; ".join(a.systems) or None, "; ".join(a.kle_codes) or None)
        rows.append(row)
    columns = tuple(Column(h, k) for h, k in zip(headers[:count], _KINDS))
    if with_kitos:
        columns += tuple(Column(h) for h in kitos_headers)
    return Sheet(w["sheet_applications"], columns, tuple(rows))


def _scores(case: DecisionCase, lang: str) -> Sheet:
    w = words(lang)
    names = [name_in(c, lang) for c in CRITERIA]
    rating_kind = "rating" if case.assessments else "int"
    columns = ([Column(w["id"]), Column(w["application"])]
               + [Column(w["rating_column"].format(criterion=n), rating_kind) for n in names]
               + [Column(w["points_column"].format(criterion=n), "score") for n in names]
               + [Column(w["score"], "score")])
    scores = case.scores()
    rows = []
    for a in case.applications:
        score = scores[a.id]
        rows.append((a.id, a.title, *(_rating_value(p.rating) for p in score.parts),
                     *(p.points for p in score.parts), score.value))
    return Sheet(w["sheet_scores"], tuple(columns), tuple(rows))


def _rating_value(rating: int | Fraction | None) -> int | float | None:
    """A whole rating as an int; an aggregated one as a number with two decimals at most."""
    if rating is None or isinstance(rating, int):
        return rating
    return int(rating) if rating.denominator == 1 else round(float(rating), 2)


def _assessments(case: DecisionCase, lang: str, with_names: bool) -> Sheet:
    w = words(lang)
    names = {c.key: name_in(c, lang) for c in CRITERIA}
    assessors = sorted({r.assessor for r in case.assessments})
    shown = {a: a if with_names else w["assessor_pseudonym"].format(n=i) for i, a in enumerate(assessors, start=1)}
    columns = (Column(w["id"]), Column(w["application"]), Column(w["criterion"]), Column(w["assessor"]),
               Column(w["assessor_department"]), Column(w["rating"], "int"), Column(w["counted"]),
               Column(w["aggregate"], "rating"), Column(w["spread"], "int"), Column(w["for_discussion"]))
    titles = {a.id: a.title for a in case.applications}
    rows = []
    for app_id, panel in sorted(case.panels().items()):
        for part in panel.criteria:
            for vote in part.votes:
                rows.append((app_id, titles[app_id], names[part.criterion], shown[vote.assessor], vote.department,
                             vote.rating, w["yes"] if vote.counted else w["recused"], _rating_value(part.rating),
                             part.spread, w["yes"] if part.for_discussion else None))
    return Sheet(w["sheet_assessments"], columns, tuple(rows))


def _scenarios(case: DecisionCase, lang: str) -> Sheet:
    w = words(lang)
    scenarios = case.scenarios.scenarios
    ids = sorted({d.id for s in scenarios for d in s.allocation.decisions})
    columns = ([Column(w["scenario"]), Column(w["budget"], "dkk"), Column(w["granted"], "dkk"),
                Column(w["remainder_column"], "dkk"), Column(w["grants_count"], "int"),
                Column(w["total_score"], "score")] + [Column(i, "dkk") for i in ids])
    rows = []
    for s in scenarios:
        a = s.allocation
        granted = a.granted_by_id()
        rows.append((s.name, a.budget_dkk, a.granted_dkk, a.remainder_dkk,
                     sum(1 for d in a.decisions if d.status.granted), a.total_score,
                     *(granted.get(i) for i in ids)))
    return Sheet(w["sheet_scenarios"], tuple(columns), tuple(rows))


def _curve(case: DecisionCase, lang: str) -> Sheet:
    w = words(lang)
    rows = tuple(sorted((p.budget_dkk, p.best_score) for p in case.scenarios.curve))
    return Sheet(w["sheet_curve"], (Column(w["budget"], "dkk"), Column(w["best_score"], "score")), rows)


def _log(case: DecisionCase, lang: str) -> Sheet:
    w = words(lang)
    columns = (Column(w["date"], "date"), Column(w["id"]), Column(w["application"]), Column(w["change"]),
               Column(w["recommended"], "dkk"), Column(w["decided"], "dkk"), Column(w["difference"], "change"),
               Column(w["decided_by"]), Column(w["reasons"]))
    rows = []
    for c in case.changes():
        o = c.override
        if o is not None:
            what = o.action.done(o.amount_dkk, lang)
            rows.append((o.date, c.application.id, c.application.title, what, c.recommended_dkk, c.decided_dkk,
                         c.moved_dkk, o.decided_by, o.reason))
        else:
            rows.append((None, c.application.id, c.application.title, w["moved_here"], c.recommended_dkk,
                         c.decided_dkk, c.moved_dkk, None,
                         " | ".join(r.text(lang) for r in reasons_deciding_first(c.application))))
    return Sheet(w["sheet_log"], columns, tuple(rows))


def _kitos(case: DecisionCase, lang: str) -> Sheet:
    w = words(lang)
    columns = (Column(w["id"]), Column(w["application"]), Column(w["kitos_code"]), Column(w["kitos_system"]),
               Column(w["kitos_hint"]), Column(w["kitos_row"], "int"))
    rows = []
    for a in case.applications:
        for hint in case.kitos.hints(a):
            system = hint.facts.get("system", hint.facts.get("named"))
            rows.append((a.id, a.title, hint.code, system, hint.text(lang), hint.facts.get("kitos_row")))
    return Sheet(w["sheet_kitos"], columns, tuple(rows))


def render_workbook(case: DecisionCase, lang: str = "da", with_names: bool = False) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    formats = _number_formats(lang)
    book = Workbook()
    book.remove(book.active)
    header_font, header_fill = Font(bold=True), PatternFill("solid", fgColor="DDDDDD")
    for sheet in build_sheets(case, lang, with_names):
        ws = book.create_sheet(sheet.title)
        ws.append([safe_cell(c.header) for c in sheet.columns])
        for cell in ws[1]:
            cell.font, cell.fill = header_font, header_fill
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        for row in sheet.rows:
            ws.append([safe_cell(v) for v in row])
        for index, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(index)
            shown = [_display(row[index - 1], column.kind, lang) for row in sheet.rows]
            # the header wraps beyond 24 characters; 3 more leave room for the filter button
            width = max([min(len(column.header), 24) + 3, *(len(s) + 2 for s in shown)])
            wrap = width > WRAP_FROM and column.kind == "text"
            ws.column_dimensions[letter].width = min(width, MAX_WIDTH)
            for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                if column.kind in formats:
                    cell.number_format = formats[column.kind]
                cell.alignment = Alignment(vertical="top", wrap_text=wrap)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{max(len(sheet.rows) + 1, 2)}"
    book.properties.title = words(lang)["sheet_allocation"]
    book.properties.keywords = case.decision.fingerprint
    book.properties.created = dt.datetime.combine(case.memo_date, dt.time())
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
