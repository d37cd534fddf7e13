"""The decision memo: the 2025 case as the minutes record it, the golden Markdown, HTML, personal
data, escaping of untrusted text, and the parts shown only when given (scenarios, assessors)."""

from __future__ import annotations

import datetime as dt
import math
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from digipulje.applications.model import Approval
from digipulje.cli import app
from digipulje.pool.allocating import allocate
from digipulje.pool.example import APPLICATIONS_FILE, OVERRIDES_FILE, POOL_FILE, example_path
from digipulje.pool.model import Pool
from digipulje.reports.curve import nice_step
from digipulje.reports.memo.document import build_memo, format_change, format_percent
from digipulje.reports.memo.case import (
    BudgetPoint,
    NamedAllocation,
    Panel,
    Recusal,
    ScenarioComparison,
)
from digipulje.meeting.memo import memo_case
from digipulje.reports.memo.html import render_html
from digipulje.reports.memo.markdown import render_markdown
from tests.factories import application

GOLDEN = Path(__file__).parent.parent / "golden" / "2025" / "memo.da.md"


def sections(markdown: str) -> dict[str, str]:
    """The memo's level-2 sections by title."""
    parts = re.split(r"^## (.+)$", markdown, flags=re.MULTILINE)
    return {title: body for title, body in zip(parts[1::2], parts[2::2])}


def subsections(markdown: str) -> dict[str, str]:
    parts = re.split(r"^### (.+)$", markdown, flags=re.MULTILINE)
    return {title: re.split(r"^## ", body, flags=re.MULTILINE)[0] for title, body in zip(parts[1::2], parts[2::2])}


def table_rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip().strip("|").split("|")] for line in text.splitlines()
            if line.startswith("| ") and not line.startswith("| ID |")]


def memo_md(case, lang="da", with_names=False):
    return render_markdown(build_memo(case, lang, with_names, version="digipulje 0.1.0"))


# --- the 2025 case against the minutes, item 6 ---------------------------------------------------


def test_summary_lists_the_councils_four_grants_and_the_chiefs_three(case_2025):
    summary = sections(memo_md(case_2025))["Resumé"]
    assert ("Digitaliseringspuljen 2025 har modtaget 7 ansøgninger fra 4 afdelinger. Ansøgningerne søger "
            "samlet kr. 600.764, og puljen er på kr. 250.000. Heraf er 1 afvist og 2 ikke "
            "anbefalet.") in summary
    recommended, decided = summary.split("**Chefforum har ændret indstillingen.")
    assert re.findall(r"^- (.+)$", recommended, flags=re.MULTILINE)[:4] == [
        "TOBS og triagering tilkøbsmodul, Ældre, Social & Sundhed: kr. 122.500 (delvist)",
        "Letdialog, Børn & Familie: kr. 75.000",
        "Webintegration til IST Tjenestetid, Dagtilbud & Skole: kr. 12.500",
        "Tjek ind og ud system, Materialegården: kr. 40.000",
    ]
    assert "**IT-projektrådet (ITP) indstiller 4 tilskud på i alt kr. 250.000:**" in recommended
    assert " Efter ændringen gives 3 tilskud på i alt kr. 250.000:**" in decided
    assert re.findall(r"^- (TOBS.+|Letdialog.+|Webintegration.+|Tjek.+)$", decided, flags=re.MULTILINE) == [
        "TOBS og triagering tilkøbsmodul, Ældre, Social & Sundhed: kr. 135.000 (delvist)",
        "Letdialog, Børn & Familie: kr. 75.000",
        "Tjek ind og ud system, Materialegården: kr. 40.000",
    ]


def test_grants_table_has_the_recommended_and_decided_amounts(case_2025):
    rows = table_rows(sections(memo_md(case_2025))["Tilskud"])
    assert [(r[0], r[4], r[5], r[6]) for r in rows] == [
        ("A1", "kr. 122.500", "kr. 135.000", "delvist bevilget"),
        ("A3", "kr. 75.000", "kr. 75.000", "bevilget"),
        ("A4", "kr. 12.500", "kr. 0", "udtaget"),
        ("A5", "kr. 40.000", "kr. 40.000", "bevilget"),
        ("**I alt**", "**kr. 250.000**", "**kr. 250.000**", ""),
    ]


def test_rejected_and_not_recommended_with_the_councils_reasons(case_2025):
    memo = sections(memo_md(case_2025))
    [rejected] = table_rows(memo["Administrativt afviste ansøgninger"])
    assert rejected[:5] == ["A7", "iPads til medarbejdere på Materialegården", "Materialegården", "kr. 30.000",
                            "ITP's screening: uden for puljens ramme"]
    assert rejected[5].startswith("Falder ind under afdelingens ordinære driftsbudget")
    a2, a6 = table_rows(memo["Ikke anbefalede ansøgninger"])
    assert a2[0] == "A2" and "lever ikke i tilstrækkelig grad op til principperne" in a2[5]
    assert a6[0] == "A6" and a6[5].startswith("Der er muligvis andre alternativer, som vil være billigere")


def test_the_chiefs_change_moves_12500_from_a4_to_a1(case_2025):
    changes = sections(memo_md(case_2025))["Ændringer i forhold til indstillingen"]
    assert "Chefforum har ændret indstillingen. Ændringerne flytter kr. 12.500." in changes
    a1, a4, total = table_rows(changes)
    assert a1[:7] == ["A1", "TOBS og triagering tilkøbsmodul", "følger af ændringerne", "kr. 122.500",
                      "kr. 135.000", "+kr. 12.500", ""]
    assert a4 == ["A4", "Webintegration til IST Tjenestetid", "udtaget", "kr. 12.500", "kr. 0", "−kr. 12.500",
                  "Chefforum, 7. maj 2025",
                  "Webintegration til IST Tjenestetid udgår; beløbet overgår til TOBS og triagering"]
    assert total[5] == "**kr. 0**"


def test_per_application_details(case_2025):
    a1 = subsections(memo_md(case_2025))["A1 · TOBS og triagering tilkøbsmodul"]
    for line in ("- **Ansøgt beløb:** kr. 140.000",
                 "- **Årlige driftsudgifter:** kr. 18.750, dækkes af Ældre, Social & Sundhed",
                 "- **Score:** 75,0 af 100",
                 "- **Indstilling:** delvist bevilget, kr. 122.500",
                 "- **Beslutning:** delvist bevilget, kr. 135.000",
                 "| 2. KL's tre bundlinjer: borger, medarbejder, kommune | borger 4, medarbejder 3, kommune 3 | 50,0 |",
                 "> Ligger inden for principperne for tildeling med specielt fokus på principperne 1, 2, 4 og 6."):
        assert line in a1
    a7 = subsections(memo_md(case_2025))["A7 · iPads til medarbejdere på Materialegården"]
    assert "- **Score:** ikke vurderet" in a7 and "| Princip |" not in a7


def test_reconciliation_adds_up(case_2025):
    reconciliation = sections(memo_md(case_2025))["Budgetafstemning"]
    assert ("Der er bevilget kr. 250.000 af puljens kr. 250.000; resten er kr. 0. Puljen er ikke overskredet."
            in reconciliation)
    assert "| **I alt** | **7** | **kr. 600.764** | **kr. 250.000** |" in reconciliation


def test_markdown_memo_of_2025_is_the_golden_file(tmp_path):
    """To accept a deliberate change: run the command below with --out tests/golden/2025/memo.da.md."""
    out = tmp_path / "memo.md"
    result = CliRunner().invoke(app, [
        "report", str(example_path(APPLICATIONS_FILE)), "--pool", str(example_path(POOL_FILE)),
        "--overrides", str(example_path(OVERRIDES_FILE)), "--date", "2025-05-07", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == GOLDEN.read_text(encoding="utf-8")


# --- without a decision, in English -------------------------------------------------------------


def test_before_the_meeting_the_memo_is_a_recommendation(recommendation_2025):
    memo = memo_md(recommendation_2025)
    assert memo.startswith("# Indstilling om udmøntning af Digitaliseringspuljen 2025\n")
    assert "Besluttet" not in memo
    assert "Ændringer i forhold til indstillingen" not in sections(memo)
    assert [r[4] for r in table_rows(sections(memo)["Tilskud"])] == [
        "kr. 122.500", "kr. 75.000", "kr. 12.500", "kr. 40.000", "**kr. 250.000**"]


def test_english_memo(case_2025):
    memo = memo_md(case_2025, "en")
    assert memo.startswith("# Decision on the allocation of Digitaliseringspuljen 2025\n")
    assert "- **Date:** 7 May 2025" in memo
    assert "TOBS og triagering tilkøbsmodul, Ældre, Social & Sundhed: DKK 135,000 (partial)" in memo
    assert "Of these, 1 was rejected and 2 were not recommended." in memo
    assert "Chefforum changed the recommendation. The changes move DKK 12,500." in memo


def test_dates_and_signs_read_as_in_danish():
    from digipulje.reports.dates import format_date

    assert format_date(dt.date(2025, 12, 1)) == "1. december 2025"
    assert format_date(dt.date(2025, 12, 1), "en") == "1 December 2025"
    assert format_change(12_500, "da") == "+kr. 12.500"
    assert format_change(-12_500, "en") == "\u2212DKK 12,500"
    from fractions import Fraction
    assert format_percent(Fraction(4, 5), "da") == "80 %"
    assert format_percent(Fraction(1, 3), "en") == "33.3%"


# --- personal data and untrusted text -------------------------------------------------------------


def _named_case():
    apps = [
        application("B1", 50_000, contact="Jens Hansen", department="Kultur",
                    approval=Approval(name="Mette Madsen", date=dt.date(2025, 3, 3))),
        application("B2", 40_000, department="Teknik"),
    ]
    return memo_case(apps, Pool(budget_dkk=60_000), memo_date=dt.date(2025, 4, 1),
                        panel=Panel(assessors=("Anna Berg", "Ole Dam"),
                                    recusals=(Recusal("Ole Dam", "B1", "leder af ansøgende enhed"),)))


def test_names_of_people_only_with_names():
    case = _named_case()
    for text in (memo_md(case), render_html(build_memo(case))):
        for name in ("Jens Hansen", "Mette Madsen", "Anna Berg", "Ole Dam"):
            assert name not in text
    plain = memo_md(case)
    assert "- **Godkendt af afdelingschefen:** ja, 3. marts 2025" in plain
    assert "- **Bedømmere:** 2 bedømmere" in plain
    assert "- En bedømmer deltog ikke i vurderingen af B1: leder af ansøgende enhed" in plain
    named = memo_md(case, with_names=True)
    assert "- **Godkendt af afdelingschefen:** Mette Madsen, 3. marts 2025" in named
    assert "- **Kontaktperson:** Jens Hansen" in named
    assert "- **Bedømmere:** Anna Berg, Ole Dam" in named
    assert "- Ole Dam deltog ikke i vurderingen af B1: leder af ansøgende enhed" in named


HOSTILE = "<script>alert(1)</script> | *fed* [link](http://x) 1. `kode`"


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_untrusted_text_stays_text():
    apps = [application("X1", 50_000, department="- Afd | 2").model_copy(update={"title": HOSTILE})]
    case = memo_case(apps, Pool(), memo_date=dt.date(2025, 4, 1))
    markdown = memo_md(case)
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    parser = _Collect()
    parser.feed(rendered)
    assert "script" not in parser.tags and "a" not in parser.tags and "code" not in parser.tags
    assert HOSTILE in "".join(parser.text)
    html = render_html(build_memo(case))
    parser = _Collect()
    parser.feed(html)
    assert "script" not in parser.tags and "a" not in parser.tags
    assert HOSTILE in "".join(parser.text)


def test_markdown_tables_keep_their_columns_whatever_the_text():
    apps = [application("X1", 50_000, department="d|e").model_copy(update={"title": "a | b | c"})]
    markdown = memo_md(memo_case(apps, Pool(), memo_date=dt.date(2025, 4, 1)))
    rendered = MarkdownIt("commonmark").enable("table").render(sections(markdown)["Tilskud"])
    assert "<td>a | b | c</td><td>d|e</td>" in rendered.replace("\n", "")


# --- parts shown when given: scenarios and the budget curve --------------------------------------


@pytest.fixture(scope="module")
def with_scenarios(example, case_2025):
    budgets = (150_000, 250_000, 350_000)
    named = tuple(NamedAllocation(f"Pulje {b // 1000}.000 kr.", allocate(example.applications,
                                                                      example.pool.with_budget(b)))
                  for b in budgets)
    curve = tuple(BudgetPoint(a.allocation.budget_dkk, a.allocation.total_score) for a in named)
    return memo_case(example.applications, example.pool, example.overrides, memo_date=case_2025.memo_date,
                        scenarios=ScenarioComparison(named, curve))


def test_scenarios_and_curve_in_markdown(with_scenarios, case_2025):
    assert "Scenarier og budgetkurve" not in sections(memo_md(case_2025))
    part = sections(memo_md(with_scenarios))["Scenarier og budgetkurve"]
    rows = table_rows(part)
    assert ["Pulje 250.000 kr.", "kr. 250.000", "kr. 250.000", "kr. 0", "4", "265,0"] in rows
    curve = [[f"kr. {p.budget_dkk // 1000}.000", f"{p.best_score:.1f}".replace(".", ",")]
             for p in with_scenarios.scenarios.curve]
    assert [r for r in rows if len(r) == 2] == [["Puljen", "Bedste samlede score"], *curve]
    assert "| Puljen | Bedste samlede score |" in part


def test_budget_curve_is_an_inline_svg(with_scenarios):
    html = render_html(build_memo(with_scenarios))
    svg = re.search(r'<svg [^>]*class="chart".*?</svg>', html, flags=re.DOTALL)[0]  # the curve's, not the grants'
    assert svg.count("<circle ") == 3
    assert "<title>250.000: 265,0</title>" in svg
    assert "<script" not in html and "http://www.w3.org/2000/svg" in svg


@given(st.floats(0.001, 1e7, allow_nan=False), st.integers(2, 12))
def test_chart_ticks_are_round_steps_and_as_many_as_fit(span, most):
    step = nice_step(span, most)
    power = 10 ** math.floor(math.log10(step) + 1e-9)
    mantissa = round(step / power, 6)
    assert mantissa in (1, 2, 5)
    assert span / step <= most + 1e-9
    smaller = step / (2.5 if mantissa == 5 else 2)  # the next round step down
    assert span / smaller > most - 1e-9


def test_a_long_word_may_break_anywhere_so_tables_keep_to_the_page():
    word = "https://intranet.example.dk/" + "x" * 80
    apps = [application("X1", 50_000).model_copy(update={"title": word})]
    html = render_html(build_memo(memo_case(apps, Pool(), memo_date=dt.date(2025, 4, 1))))
    assert f'<td class="long">{word}</td>' in html
    assert '<td>Project' not in html and "<td>X1</td>" in html


def test_the_applications_without_a_grant_give_the_decisions_reasons():
    """After the chiefs' changes a lost application's reason is the decision's, solved with them."""
    from digipulje.pool.allocation import Status
    from tests.solver.rounds import chiefs_overrides, sixteen_round

    apps, pool = sixteen_round(1)
    recommended = [d.id for d in memo_case(apps, pool, memo_date=dt.date(2026, 5, 1)).recommendation.decisions
                   if d.granted_dkk > 0]
    case = memo_case(apps, pool, chiefs_overrides(apps, recommended), memo_date=dt.date(2026, 5, 1))
    section = sections(memo_md(case))["Øvrige ansøgninger uden tilskud"]
    lost = [d for d in case.decision.decisions if d.if_funded is not None
            and case.recommendation.decision(d.id).status is Status.NOT_FUNDED]
    assert lost
    for d in lost:
        assert d.reasons[-1].text("da") in section
