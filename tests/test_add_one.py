"""Words that own their behaviour: a new override action, or an eighth principle, is one
declaration; the engine, the reports, the form and the web follow it.

(a) an action "cap at X kr." (the grant is at most X; it does not force money out), declared here
    in test code and registered in `pool.overrides.ACTIONS`: an allocation honours it, and the
    memo, the comparison, the round's log and the web's decision page say it in its own words.
(b) an eighth, rated principle added to `applications.principles` (in a fresh interpreter, as a
    deployment would declare it): it is scored, and the memo, the form and the workbook show it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from digipulje.messages import current_language
from digipulje.pool.overrides import ACTIONS, Action, ActionWords, Override
from tests.web.conftest import app, db, login, quick_hashes, round_2025  # noqa: F401  (the web's fixtures)

ROOT = Path(__file__).resolve().parent.parent
CAP_DKK = 115_000


# --- (a) a new override action -------------------------------------------------------------------

def _cap_words() -> ActionWords:
    if current_language() == "da":
        return ActionWords("Loft: højst et beløb", "sæt loft over {application} på {amount}", "loft på {amount}",
                           "{application} med loft på {amount} af {by} ({reason})")
    return ActionWords("Cap: at most an amount", "cap {application} at {amount}", "capped at {amount}",
                       "{application} capped at {amount} by {by} ({reason})")


CAP = Action("cap", takes_amount=True, funds=False, excludes=False,
             shape=lambda c, amount: dataclasses.replace(c, max_dkk=min(c.max_dkk, amount)), words=_cap_words)


@pytest.fixture
def cap(monkeypatch):
    """The action "cap", known for the test's duration: the one line a new action needs."""
    monkeypatch.setitem(ACTIONS, CAP.value, CAP)
    return CAP


def _cap(application: str, amount: int = CAP_DKK) -> Override:
    return Override(application=application, action="cap", amount_dkk=amount, reason="Kun første etape",
                    decided_by="Chefforum")


def test_a_cap_limits_the_grant_and_forces_no_money(cap, example):
    from digipulje.pool.allocating import allocate
    from digipulje.pool.allocation import Status

    free = allocate(example.applications, example.pool, explain_losses=False)
    assert free.decision("A1").granted_dkk > CAP_DKK  # so the cap binds
    capped = allocate(example.applications, example.pool, [_cap("A1")], explain_losses=False)
    a1 = capped.decision("A1")
    assert a1.granted_dkk == CAP_DKK and a1.status is Status.PARTIAL  # money to spare: up to the cap
    assert capped.granted_dkk == free.granted_dkk - (free.decision("A1").granted_dkk - CAP_DKK)
    assert capped.overrides[0].action is cap and capped.overrides[0].model_dump(mode="json")["action"] == "cap"

    # no money forced: a capped application that screening refuses stays without a grant
    refused = allocate(example.applications, example.pool, [_cap("A6", 90_000)], explain_losses=False)
    assert refused.decision("A6").granted_dkk == 0
    assert refused.decision("A6").status is free.decision("A6").status is Status.NOT_RECOMMENDED
    assert [d.granted_dkk for d in refused.decisions] == [d.granted_dkk for d in free.decisions]


def test_an_unknown_action_is_refused_in_plain_words(cap):
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as caught:
        Override(application="A1", action="halve", reason="r", decided_by="CF")
    assert "'exclude', 'include', 'fix' eller 'cap'" in str(caught.value)  # Danish, the default
    with pytest.raises(ValidationError, match="a 'cap' override needs amount_dkk|en 'cap'-overstyring"):
        Override(application="A1", action="cap", reason="r", decided_by="CF")


def test_the_memo_and_the_comparison_say_the_cap(cap, example):
    from digipulje.analyses.scenarios import Round, Scenario
    from digipulje.meeting import compare_scenarios, memo_case
    from digipulje.reports.compare import render_comparison_table
    from digipulje.reports.memo.document import build_memo
    from digipulje.reports.memo.markdown import render_markdown

    case = memo_case(example.applications, example.pool, [_cap("A1")], memo_date=dt.date(2025, 5, 7))
    memo = render_markdown(build_memo(case, "da"))
    row = next(line for line in memo.splitlines() if line.startswith("| A1 ") and "loft på" in line)
    assert "| loft på kr. 115.000 |" in row and "Chefforum" in row and "Kun første etape" in row
    english = render_markdown(build_memo(case, "en"))
    assert "| capped at DKK 115,000 |" in english

    comparison = compare_scenarios(Round(tuple(example.applications), example.pool),
                         [Scenario(name="Loft på A1", override=(_cap("A1"),))])
    table = render_comparison_table(comparison, "da")
    assert "A1 loft på kr. 115.000 (Chefforum: Kun første etape)" in table


def test_the_decision_page_and_the_round_log_say_the_cap(cap, round_2025, login):  # noqa: F811
    carl = login("carl")
    form = carl.get("/runder/2025/beslutning").text
    assert 'id="action-cap" name="action" value="cap"' in form
    assert '<label for="action-cap">Loft: højst et beløb</label>' in form
    page = carl.post("/runder/2025/beslutning/aendring", {"application": "A1", "action": "cap", "amount": "115.000",
                                                           "reason": "Kun første etape", "decided_by": "Chefforum"})
    assert page.status_code == 200, page.text
    assert "A1</strong>: loft på kr. 115.000 – Kun første etape (Chefforum)" in page.text
    registered = carl.post("/runder/2025/beslutning/registrer", {"decision_reason": "Chefforum 7. maj 2025, pkt. 6"})
    assert registered.status_code == 200
    assert "sæt loft over A1 på kr. 115.000 (Chefforum)" in carl.get("/runder/2025/log").text
    memo = carl.get("/runder/2025/dokumenter/notat.html").text
    assert "loft på kr. 115.000" in memo and "115.000" in memo


# --- (b) an eighth principle -----------------------------------------------------------------------

EIGHTH = textwrap.dedent('''
    import dataclasses, datetime as dt, io
    import digipulje.applications.principles as principles

    # the declaration: one principle and the criterion that rates it
    # and their Danish names, as entries in messages/da.po give them
    from digipulje.messages import catalogue
    catalogue("da").update({"Green transition": "Grøn omstilling", "Climate": "Klima"})
    principles.PRINCIPLES = (*principles.PRINCIPLES, principles.Principle(8, "Green transition", "rating"))
    climate = dataclasses.replace(principles.CRITERIA[-1], key="climate", principle=8, title="Climate",
                                  headers=("Klima", "Climate"), assessment_names=("Klima",))
    principles.CRITERIA = (*principles.CRITERIA, climate)
    principles.CRITERION_KEYS = (*principles.CRITERION_KEYS, "climate")

    from digipulje.applications.form import build_form
    from digipulje.applications.spreadsheet import parse_rows
    from digipulje.pool.model import Pool
    from digipulje.reports.memo.document import build_memo
    from digipulje.meeting import memo_case as prepare_case
    from digipulje.reports.memo.markdown import render_markdown
    from digipulje.reports.workbook import render_workbook
    from digipulje.scoring.score import score_ratings
    from digipulje.scoring.weights import Weights

    header = ["ID", "Titel", "Afdeling", "Ansøgt beløb", "Borger", "Medarbejder", "Kommune",
              "Dokumenteret effekt", "Tværgående", "Klima", "Indstilling"]
    rows = [header, ["A1", "Elcykler", "Teknik", 50000, 3, 3, 3, 3, 3, 4, "Støttes"],
            ["A2", "Varmepumper", "Ejendomme", 60000, 3, 3, 3, 3, 3, 0, "Støttes"]]
    apps, problems = parse_rows(rows, "ansøgninger.xlsx", "Ark1")
    assert problems == [], problems
    score = score_ratings(apps[0].ratings, Weights())
    assert [p.criterion.key for p in score.parts][-1] == "climate"
    print("score", score.value, score_ratings(apps[1].ratings, Weights()).value)

    case = prepare_case(apps, Pool(budget_dkk=60000), memo_date=dt.date(2026, 5, 7))
    print("funded", [d.id for d in case.decision.decisions if d.granted_dkk > 0])
    memo = render_markdown(build_memo(case, "da"))
    print([line for line in memo.splitlines() if "otte principper" in line or line.startswith("| 8 |")])
    print([line for line in memo.splitlines() if line.startswith("| Klima ")])

    form = build_form("da")
    sheet = form.active
    print([(r[0], r[1]) for r in sheet.iter_rows(values_only=True) if r[0] == "climate" or r[1] == "Princip 8: Grøn omstilling"])

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(render_workbook(case, "da")))
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        header = next((r for r in rows if r and "Klima" in r), None)
        if header is not None:
            at = header.index("Klima")
            print("workbook", sheet.title, [r[at] for r in rows[rows.index(header) + 1:] if r[0] in ("A1", "A2")],
                  header[at - 1], header[at + 1])
        for r in rows:
            if r and "Klima (0–4)" in r:
                print("workbook", sheet.title, r[r.index("Klima (0–4)") - 1], "Klima (0–4)")
''')


def test_an_eighth_principle_is_scored_and_shown():
    done = subprocess.run([sys.executable, "-c", EIGHTH], cwd=ROOT, capture_output=True, text=True, timeout=180,
                          check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    # six criteria of weight 1: A1 rated 3 on five and 4 on climate, A2 0 on climate
    assert lines[0] == "score 79.17 62.5"
    assert lines[1] == "funded ['A1']"  # the pool holds one of them: climate decides
    assert lines[2] == ("['Ansøgningerne er vurderet efter de otte principper, som Chefforum har fastlagt (i ikke "
                        "prioriteret rækkefølge):', '| 8 | Grøn omstilling | Vurdering på skalaen 0–4: klima. |']")
    assert lines[3] == "['| Klima | 8 | 1 | 16,7 % |']"  # its weight: one of six
    assert lines[4] == "[(None, 'Princip 8: Grøn omstilling'), ('climate', 'Bedømmelse: klima (0–4)')]"
    # the applications sheet keeps each column under its own header (it reads back), the scores sheet too
    assert lines[5] == "workbook Ansøgninger [4, 0] Tværgående behov ITP indstilling"
    assert lines[6] == "workbook Scorer Tværgående behov (0–4) Klima (0–4)"
