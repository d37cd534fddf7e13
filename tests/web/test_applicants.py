"""Departments apply in the browser: roles bound to a department, the call and its deadline, the
application read as a filled form is read, approval, screening, the log, the outcome and the inbox."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest

from tests.web.conftest import OPEN_2025, PASSWORD

AELDRE = "Ældre, Social & Sundhed"
BOERN = "Børn & Familie"
APPLY_USERS = {
    "anne": (("ansøger",), AELDRE),
    "hans": (("afdelingschef",), AELDRE),
    "bo": (("ansøger",), BOERN),
    "birgit": (("afdelingschef",), BOERN),
}
OPEN_2026 = dict(OPEN_2025, round="2026", deadline="2026-12-01")

ANSWERS = {
    "title": "TOBS og triagering", "note-description": "Tidlig opsporing i omsorgsjournalen.",
    "requested_dkk": "140.000", "min_dkk": "100.000", "note-noticeable": "Færre indlæggelser.",
    "note-citizen": "Tidligere hjælp.", "note-employee": "Fælles sprog.", "note-municipality": "Færre indlæggelser.",
    "indicator-1-name": "Akutte indlæggelser", "indicator-1-unit": "pr. måned", "indicator-1-baseline": "40",
    "indicator-1-target": "30", "indicator-1-bottom_line": "Borger",
    "note-evidence": "Målt i to kommuner.", "other_departments": "Børn & Familie", "note-spread": "Kan bruges i hjemmeplejen.",
    "systems": "Cura", "kle_codes": "27.36.00", "own_investment_dkk": "0", "yearly_running_cost_dkk": "18.750",
    "running_cost_paid_by": "Ældre, Social & Sundhed", "running_cost_paid_by_applicant": "Ja",
}


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def office(kind: str = "docx", extra: dict[str, bytes] | None = None) -> bytes:
    part = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(part, "<document/>")
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buffer.getvalue()


TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch):
    """Today is 20 November 2026, eleven days before the deadline of round 2026."""
    from digipulje.rounds import submissions

    day = {"today": TODAY}
    monkeypatch.setattr(submissions, "today", lambda: day["today"])
    return day


@pytest.fixture
def apply_app(app, db):
    from digipulje.web.users import UserStore

    store = UserStore(db)
    for name, (roles, department) in APPLY_USERS.items():
        store.add(name, PASSWORD, roles, department=department)
    return app


@pytest.fixture
def round_2026(apply_app, login):
    sara = login("sara")
    assert sara.post("/runder", OPEN_2026).status_code == 200
    return sara


def new_draft(who, round: str = "2026") -> str:
    response = who.post(f"/runder/{round}/ansoegninger", follow_redirects=False)
    assert response.status_code == 303, response.text
    return response.headers["location"]


def events(db, round: str = "2026"):
    from digipulje.rounds.log import read_events
    from digipulje.rounds.store import RoundStore

    with RoundStore.open(db) as ws:
        return read_events(ws, round)



def submit(who, where: str, answers: dict | None = None, **changes):
    return who.post(where, dict(answers or ANSWERS, action="submit", **changes), follow_redirects=False)


@pytest.fixture
def submitted(round_2026, login):
    """W1 of Ældre, Social & Sundhed, with a PDF attached, submitted by anne."""
    anne = login("anne")
    where = new_draft(anne)
    assert anne.post(where + "/bilag", files={"attachments": ("tilbud.pdf", pdf_bytes(), "application/pdf")},
                     follow_redirects=False).status_code == 303
    assert submit(anne, where).status_code == 303
    return anne, where


# --- 1. roles bound to a department ----------------------------------------------------------------

@pytest.mark.usefixtures("english")
def test_applicant_and_head_are_added_with_their_department_on_the_command_line(tmp_path, quick_hashes):
    from typer.testing import CliRunner

    from digipulje.cli import app

    db = str(tmp_path / "runde.db")
    runner = CliRunner()
    added = runner.invoke(app, ["user", "add", "anne", "--role", "ansøger", "--department", AELDRE, "--db", db],
                          input="en lang adgangskode\n")
    assert added.exit_code == 0, added.output
    assert added.stdout == f"user anne added (ansøger) in {db}\n"
    runner.invoke(app, ["user", "add", "hans", "--role", "afdelingschef", "--department", AELDRE, "--db", db],
                  input="en lang adgangskode\n")
    assert runner.invoke(app, ["user", "list", "--db", db]).stdout == \
        f"anne  ansøger, {AELDRE}\nhans  afdelingschef, {AELDRE}\n"
    refused = runner.invoke(app, ["user", "add", "per", "--role", "afdelingschef", "--db", db],
                            input="en lang adgangskode\n")
    assert refused.exit_code == 1
    assert refused.stderr == "error: role afdelingschef: give the user's department with --department\n"


def test_an_applicant_sees_and_changes_only_their_own_departments_applications(submitted, login, db):
    _anne, where = submitted
    bo = login("bo")
    mine = new_draft(bo)
    assert mine == "/runder/2026/ansoegninger/W2"
    listing = bo.get("/runder/2026/ansoegninger").text
    assert 'href="/runder/2026/ansoegninger/W2"' in listing and "W1" not in listing
    assert 'href="/runder/2026/ansoegninger">2026</a>' in bo.get("/").text
    assert bo.get(where).status_code == 403
    assert bo.get(where + "/bilag/1").status_code == 403
    assert bo.post(where, dict(ANSWERS, action="save")).status_code == 403
    assert "TOBS" not in bo.get("/indbakke").text


def test_an_applicant_cannot_approve_and_a_head_cannot_edit_or_approve_another_department(submitted, login, db):
    anne, where = submitted
    before = len(events(db))
    assert anne.post(where + "/godkend").status_code == 403
    hans, birgit = login("hans"), login("birgit")
    assert hans.post(where, dict(ANSWERS, action="save", title="Ændret af chefen")).status_code == 403
    assert birgit.post(where + "/godkend").status_code == 403
    assert birgit.post(where + "/send-tilbage", {"comment": "nej"}).status_code == 403
    assert len(events(db)) == before
    assert "Ændret af chefen" not in hans.get(where).text


def test_the_council_reads_only_approved_applications(submitted, login):
    _anne, where = submitted
    bent = login("bent")
    assert bent.get(where).status_code == 403
    assert login("hans").post(where + "/godkend", follow_redirects=False).status_code == 303
    assert bent.get(where).status_code == 200
    assert bent.get(where + "/bilag/1").content == pdf_bytes()


# --- 2. the call and its deadline -------------------------------------------------------------------

def test_the_call_shows_the_pool_the_principles_with_guidance_running_costs_and_the_deadline(round_2026, login):
    from digipulje.applications.principles import PRINCIPLES

    page = login("anne").get("/runder/2026/opslag")
    assert page.status_code == 200
    text = page.text
    assert "Søg Digitaliseringspuljen – runde 2026" in text
    assert "Puljen: <strong>kr. 250.000</strong>" in text
    assert 'Ansøgningsfrist: <strong id="frist">1. december 2026</strong>' in text
    assert "Driftsudgifter – licenser, support, drift – betales aldrig af puljen" in text
    for principle in PRINCIPLES:
        assert f'<li id="princip-{principle.number}">' in text
        assert principle.name("da").replace("'", "&#39;") in text
    assert "Tværgående behov prioriteres. Skriv, hvordan løsningen kan spredes" in text
    assert "Besvares i: Andre afdelinger, der kan bruge løsningen; Hvordan kan løsningen spredes" in text
    assert "Start en ansøgning for Ældre, Social &amp; Sundhed" in text


def test_every_question_the_applicant_answers_belongs_to_a_principles_guidance():
    from digipulje.applications.guidance import APPLICANT_KEYS, principle_guidance

    answered = {k for g in principle_guidance() for k in g.questions}
    general = {"title", "unit", "contact", "note:description"}
    indicators = {k for k in APPLICANT_KEYS if k.startswith("indicator:")}
    assert set(APPLICANT_KEYS) - answered - general - indicators == set()
    assert {"approved_by", "verdict", "citizen", "id"} & set(APPLICANT_KEYS) == set()


def test_no_application_is_started_or_submitted_after_the_deadline(round_2026, login, fixed_day, db):
    anne = login("anne")
    where = new_draft(anne)
    fixed_day["today"] = dt.date(2026, 12, 2)
    refused = anne.post("/runder/2026/ansoegninger", follow_redirects=False)
    assert refused.status_code == 400
    assert "ansøgningsfristen for runde 2026 var 1. december 2026: der modtages ikke flere ansøgninger" in refused.text
    late = submit(anne, where, title="Sent, men gemt")
    assert late.status_code == 200
    assert ('<a href="#title">ansøgningsfristen for runde 2026 var 1. december 2026: der modtages ikke flere '
            'ansøgninger</a>') in late.text
    assert 'value="Sent, men gemt"' in anne.get(where).text
    assert [e.kind.value for e in events(db)] == ["open"]
    page = anne.get(where).text
    assert "Ansøgningsfristen er overskredet" in page and 'value="submit"' not in page
    assert anne.post(where, dict(ANSWERS, action="save"), follow_redirects=False).status_code == 303


def test_an_application_sent_back_may_be_fixed_after_the_deadline(submitted, login, fixed_day, db):
    anne, where = submitted
    assert login("hans").post(where + "/send-tilbage", {"comment": "Tilføj tilbuddet"},
                              follow_redirects=False).status_code == 303
    fixed_day["today"] = dt.date(2026, 12, 5)
    assert submit(anne, where, title="TOBS, rettet").status_code == 303
    assert [e.payload["step"] for e in events(db)[1:]] == ["submitted", "sent_back", "submitted"]


# --- 3. the application in the browser ---------------------------------------------------------------

def test_amounts_in_danish_formats_are_read_as_the_form_reads_them(submitted, db):
    payload = events(db)[1].payload
    assert payload["step"] == "submitted"
    application = payload["application_data"]
    assert (application["requested_dkk"], application["min_dkk"], application["yearly_running_cost_dkk"]) == \
        (140000, 100000, 18750)
    assert application["department"] == AELDRE and application["id"] == "W1"
    assert application["indicators"] == [{"name": "Akutte indlæggelser", "unit": "pr. måned", "baseline": "40",
                                          "target": "30", "bottom_line": "citizen"}]
    assert ["Hvordan kan løsningen spredes, og hvad giver det?", "Kan bruges i hjemmeplejen."] in application["notes"]


def test_problems_are_the_form_readers_own_messages_linked_from_a_summary(round_2026, login, db):
    from digipulje.applications.cells import CellError, parse_amount
    from digipulje.messages import use_language

    with use_language("da"):
        try:
            parse_amount("140,000")
        except CellError as error:
            ambiguous = str(error)
    anne = login("anne")
    where = new_draft(anne)
    page = submit(anne, where, title="", requested_dkk="140,000", kle_codes="27.2")
    assert page.status_code == 200
    text = page.text
    assert '<div class="error-summary" role="alert"' in text
    assert '<a href="#title">Løsningens navn: mangler: spørgsmålet skal besvares</a>' in text
    assert f'<a href="#requested_dkk">Ansøgt beløb (kr.): {ambiguous}</a>'.replace("'", "&#39;") in text
    assert 'id="requested_dkk" name="requested_dkk" value="140,000"' in text
    assert '<a href="#kle_codes">KLE-numre for opgaven: &#39;27.2&#39; er ikke et KLE-nummer' in text
    assert [e.kind.value for e in events(db)] == ["open"]
    # what was typed is kept as a draft
    assert 'value="140,000"' in anne.get(where).text


def test_a_rule_of_the_application_model_is_in_the_summary(round_2026, login):
    anne = login("anne")
    where = new_draft(anne)
    text = submit(anne, where, min_dkk="150.000").text
    assert ('<a href="#title">det mindste tilskud, projektet kan gennemføres for (150000), er større end det '
            'ansøgte beløb (140000)</a>') in text


def test_a_draft_is_saved_as_typed_and_a_submitted_application_is_read_only(round_2026, login, db):
    anne = login("anne")
    where = new_draft(anne)
    saved = anne.post(where, {"title": "Halvfærdig", "requested_dkk": "mange penge", "action": "save"},
                      follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].endswith("?besked=gemt")
    page = anne.get(where + "?besked=gemt").text
    assert "Kladden er gemt." in page and 'value="mange penge"' in page
    assert [e.kind.value for e in events(db)] == ["open"]
    assert submit(anne, where).status_code == 303
    page = anne.get(where).text
    assert 'name="action"' not in page and "<dd>kr. 140.000</dd>" in page
    assert anne.post(where, dict(ANSWERS, action="save", title="Ændret")).status_code == 403
    assert anne.post(where + "/bilag", files={"attachments": ("x.pdf", pdf_bytes())}).status_code == 403
    assert "Ændret" not in anne.get(where).text


def test_a_browser_application_is_the_same_application_as_a_filled_xlsx_form(submitted, login, db, tmp_path):
    from digipulje.applications.form import build_form
    from digipulje.applications.spreadsheet import read_applications
    from digipulje.rounds.rounds import read_round
    from digipulje.rounds.store import RoundStore

    _anne, where = submitted
    assert login("hans").post(where + "/godkend", follow_redirects=False).status_code == 303
    with RoundStore.open(db) as ws:
        from_browser = read_round(ws, "2026").applications["W1"]
    workbook = build_form("da")
    sheet = workbook.active
    typed = {k.replace("-", ":"): v for k, v in ANSWERS.items()}
    typed.update({"id": "W1", "department": AELDRE, "approved_by": "hans", "approved_on": TODAY.isoformat()})
    for row in sheet.iter_rows(min_row=1):
        if isinstance(row[0].value, str) and row[0].value in typed:
            row[2].value = typed[row[0].value]
    path = tmp_path / "W1.xlsx"
    workbook.save(path)
    (from_form,) = read_applications([path])
    assert from_form == from_browser
    assert from_browser.approval.name == "hans" and from_browser.approval.date == TODAY


# --- attachments ----------------------------------------------------------------------------------------

def attach(who, where, name, data):
    return who.post(where + "/bilag", files={"attachments": (name, data, "application/octet-stream")},
                    follow_redirects=False)


def zip_bomb_docx() -> bytes:
    return office("docx", {"word/media/image1.png": b"\0" * (40 * 1024 * 1024)})


@pytest.mark.parametrize("name, data, message", [
    ("virus.exe", b"MZ\x90\x00", "virus.exe: vedhæft PDF- eller Office-filer (.pdf, .docx, .xlsx, .pptx)"),
    ("tilbud.pdf", b"MZ\x90\x00 not a pdf", "tilbud.pdf: filen er ikke en PDF, hvad navnet end siger"),
    ("tilbud.pdf", b"", "tilbud.pdf: filen er tom"),
    ("notat.docx", pdf_bytes(), "notat.docx: filen er ikke en .docx-fil, hvad navnet end siger"),
    ("notat.docx", office("xlsx"), "notat.docx: filen er ikke en .docx-fil, hvad navnet end siger"),
    ("notat.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "notat.docx: en gammel Office-fil"),
    ("notat.docx", office("docx", {"word/vbaProject.bin": b"Attribute VB_Name"}), "notat.docx: filen indeholder makroer"),
    ("bombe.docx", zip_bomb_docx(), "bombe.docx: filen pakker sig ud til langt mere, end den fylder"),
    ("stor.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), "stor.pdf: filen er 10,0 MB, mere end de 10,0 MB"),
])
def test_hostile_attachments_are_refused_by_their_content(round_2026, login, db, name, data, message):
    anne = login("anne")
    where = new_draft(anne)
    response = attach(anne, where, name, data)
    assert response.status_code == 200
    assert message.replace("'", "&#39;") in response.text
    assert 'id="attachments-error"' in response.text
    from digipulje.rounds.submissions import read_submission

    assert read_submission(db, "2026", "W1").attachments == ()


def test_office_files_are_accepted_and_at_most_ten_attachments(round_2026, login, db):
    anne = login("anne")
    where = new_draft(anne)
    for n, kind in enumerate(["docx", "xlsx", "pptx"] * 3 + ["docx"]):
        assert attach(anne, where, f"bilag{n}.{kind}", office(kind)).status_code == 303
    eleventh = attach(anne, where, "tilbud.pdf", pdf_bytes())
    assert "tilbud.pdf: en ansøgning har højst 10 bilag: fjern et først" in eleventh.text
    assert anne.post(where + "/bilag/fjern", {"attachment": "1"}, follow_redirects=False).status_code == 303
    assert attach(anne, where, "tilbud.pdf", pdf_bytes()).status_code == 303


def test_an_attachment_is_served_only_as_a_download_and_only_as_stored(submitted, login, db):
    import sqlite3

    anne, where = submitted
    response = anne.get(where + "/bilag/1")
    assert response.status_code == 200 and response.content == pdf_bytes()
    assert response.headers["content-disposition"] == "attachment; filename=\"tilbud.pdf\"; filename*=UTF-8''tilbud.pdf"
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in response.headers["content-security-policy"]
    assert events(db)[1].payload["attachments"][0]["sha256"].startswith("sha256:")
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE apply_attachments SET data = ? WHERE seq = 1", (b"%PDF-1.4 swapped",))
    refused = anne.get(where + "/bilag/1")
    assert refused.status_code == 400
    assert "bilaget tilbud.pdf er ændret i databasen, efter det blev tilføjet: det udleveres ikke" in refused.text


# --- 4. approval, screening and the log ---------------------------------------------------------------

def test_sent_back_fixed_resubmitted_approved_each_step_logged(submitted, login, db):
    from digipulje.web import service

    anne, where = submitted
    hans = login("hans")
    empty = hans.post(where + "/send-tilbage", {"comment": "  "})
    assert "Skriv, hvad ansøgeren skal rette" in empty.text
    assert hans.post(where + "/send-tilbage", {"comment": "Beskriv gevinsten for medarbejderne nærmere"},
                     follow_redirects=False).status_code == 303
    page = anne.get(where).text
    assert "Sendt tilbage af afdelingschefen" in page and "Beskriv gevinsten for medarbejderne nærmere" in page
    assert service.round_summary(db, "2026")["applications"] == []
    assert submit(anne, where, **{"note-employee": "Sparer 2 timer om ugen"}).status_code == 303
    assert hans.post(where + "/godkend", follow_redirects=False).status_code == 303
    assert hans.post(where + "/godkend").status_code == 400  # once
    log = events(db)
    assert [(e.kind.value, e.payload.get("step"), e.actor, e.reason) for e in log[1:]] == [
        ("submission", "submitted", "anne", None),
        ("submission", "sent_back", "hans", "Beskriv gevinsten for medarbejderne nærmere"),
        ("submission", "submitted", "anne", None),
        ("submission", "approved", "hans", None),
        ("import", None, "hans", None),
    ]
    assert log[-1].payload["sources"][0]["file"] == "ansøgning W1 fra browseren (hændelse 5)"
    assert [a["id"] for a in service.round_summary(db, "2026")["applications"]] == ["W1"]
    assert service.verify(db)["intact"]
    history = login("sara").get("/runder/2026/log").text
    assert "W1 (Ældre, Social &amp; Sundhed): sendt tilbage" in history


def test_the_secretariat_rejects_an_approved_application_with_a_reason(submitted, login, db):
    from digipulje.web import service

    anne, where = submitted
    sara = login("sara")
    reject = {"verdict": "rejected", "screen_reason": "driften"}
    assert sara.post(where + "/screening", reject).status_code == 403  # not yet approved: not the council's
    login("hans").post(where + "/godkend")
    assert "Skriv begrundelsen for vurderingen" in sara.post(where + "/screening", dict(reject, screen_reason="")).text
    assert "Vælg rådets vurdering" in sara.post(where + "/screening", {"verdict": "måske"}).text
    assert anne.post(where + "/screening", reject).status_code == 403
    reason = "Hører under afdelingens almindelige driftsbudget"
    assert sara.post(where + "/screening", dict(reject, screen_reason=reason),
                     follow_redirects=False).status_code == 303
    assert [(e.kind.value, e.reason) for e in events(db)[-3:]] == [
        ("submission", reason), ("import", reason), ("rejection", reason)]
    assert events(db)[-2].payload["replaced"] == ["W1"]
    assert "Administrativt afvist af sekretariatet" in anne.get(where).text
    assert sara.post(where + "/screening", {"verdict": "eligible"}).status_code == 400  # a rejection is final
    assert sara.post("/runder/2026/indstilling", follow_redirects=False).status_code == 303
    row = service.round_summary(db, "2026")["recommendation"]["rows"][0]
    assert (row["id"], row["status"], row["granted_dkk"]) == ("W1", "rejected", 0)
    assert reason in row["reason"]


def test_an_application_not_yet_approved_never_reaches_the_council(submitted, login, db):
    from digipulje.web import service

    assert service.round_summary(db, "2026")["applications"] == []
    sara = login("sara")
    assert sara.get(submitted[1]).status_code == 403
    assert "W1" not in sara.get("/runder/2026/ansoegninger").text
    assert sara.get("/runder/2026/ansoegninger/W9").status_code == 404
    assert sara.get("/runder/2030/ansoegninger/W1").status_code == 404
    assert "Ældre, Social &amp; Sundhed: 1" in sara.get("/runder/2026/ansoegninger").text


# --- 5. the outcome and the inbox --------------------------------------------------------------------------

def test_the_applicant_sees_the_grant_and_the_reason_in_the_memos_words(submitted, login, db):
    from digipulje.web import service

    anne, where = submitted
    login("hans").post(where + "/godkend")
    bo = login("bo")
    other = new_draft(bo)
    assert submit(bo, other, title="Letdialog", requested_dkk="75.000", min_dkk="").status_code == 303
    login("birgit").post(other + "/godkend")
    sara = login("sara")
    for application in (where, other):
        assert sara.post(application + "/screening", {"verdict": "eligible"}, follow_redirects=False).status_code == 303
    bent = login("bent")  # of Ældre, Social & Sundhed: rates Børn & Familie's W2, not W1
    assert bent.post("/runder/2026/bedoemmelse", {"application": "W2", "rating_citizen": "4", "rating_employee": "3",
                                                 "rating_municipality": "3", "rating_evidence": "3",
                                                 "rating_cross_cutting": "4"},
                     follow_redirects=False).status_code == 303
    assert "Beslutningen" not in anne.get(where).text
    sara.post("/runder/2026/indstilling")
    carl = login("carl")
    assert carl.post("/runder/2026/beslutning/registrer", {"decision_reason": "Chefforum 7. maj, punkt 6"},
                     follow_redirects=False).status_code == 303
    decided = {r["id"]: r for r in service.round_summary(db, "2026")["decision"]["rows"]}
    page = anne.get(where).text
    assert f'<strong id="bevilget">{service.format_kr(decided["W1"]["granted_dkk"])}</strong>' in page
    assert f'<span id="begrundelse">{decided["W1"]["reason"]}</span>'.replace("'", "&#39;") in page
    assert decided["W2"]["granted_dkk"] == 75000
    granted = bo.get(other).text
    assert '<strong id="bevilget">kr. 75.000</strong>' in granted
    assert "Det følger med et tilskud" in granted and "Akutte indlæggelser" in granted
    inbox = anne.get("/indbakke").text
    assert 'data-step="decided"' in inbox and 'data-step="approved"' in inbox and 'data-step="screened"' in inbox
    assert "Letdialog" not in inbox


def test_each_role_has_its_inbox(submitted, login):
    anne, where = submitted
    hans, sara, birgit = login("hans"), login("sara"), login("birgit")
    assert 'data-step="submitted"' in hans.get("/indbakke").text
    assert "Intet nyt." in birgit.get("/indbakke").text
    assert "Intet nyt." in sara.get("/indbakke").text
    hans.post(where + "/send-tilbage", {"comment": "Tilføj tilbuddet"})
    text = anne.get("/indbakke").text
    assert 'data-step="sent_back"' in text and "Bemærkning: Tilføj tilbuddet" in text
    submit(anne, where)
    hans.post(where + "/godkend")
    assert 'data-step="approved"' in sara.get("/indbakke").text
    assert 'data-step="approved"' in anne.get("/indbakke").text



def test_ten_applications_from_three_departments_are_allocated_as_imported_ones(round_2026, login, db):
    """Tried as a new user would: three departments apply through the browser, the heads approve,
    the secretariat screens, one council member rates, the secretariat recommends."""
    from digipulje.web import service
    from digipulje.web.users import UserStore

    store = UserStore(db)
    store.add("mads", PASSWORD, ("ansøger",), department="Materialegården")
    store.add("mette", PASSWORD, ("afdelingschef",), department="Materialegården")
    plan = [("anne", "hans", "TOBS", "140.000"), ("anne", "hans", "Mit Team", "203.264"),
            ("anne", "hans", "Skærmbesøg", "60 000"), ("bo", "birgit", "Letdialog", "75000"),
            ("bo", "birgit", "Digital post", "kr. 45.000"), ("bo", "birgit", "Forældreapp", "30.000,00"),
            ("mads", "mette", "Tjek ind og ud", "40.000"), ("mads", "mette", "GPS", "100.000"),
            ("mads", "mette", "iPads", "30.000"), ("mads", "mette", "Kørebog", "25.000")]
    browsers = {name: login(name) for name in {"anne", "hans", "bo", "birgit", "mads", "mette"}}
    for applicant, head, title, amount in plan:
        where = new_draft(browsers[applicant])
        running = "Nej" if title == "Kørebog" else "Ja"
        response = submit(browsers[applicant], where, title=title, requested_dkk=amount, min_dkk="",
                          running_cost_paid_by_applicant=running)
        assert response.status_code == 303, response.text
        assert browsers[head].post(where + "/godkend", follow_redirects=False).status_code == 303
    sara = login("sara")
    for n in range(1, 11):
        verdict = {"verdict": "rejected", "screen_reason": "Hører under driften"} if n == 9 else {"verdict": "eligible"}
        assert sara.post(f"/runder/2026/ansoegninger/W{n}/screening", verdict,
                         follow_redirects=False).status_code == 303
    bent = login("bent")  # of Ældre, Social & Sundhed: recused from W1–W3
    for n in range(4, 11):
        ratings = {f"rating_{k}": str(4 if n in (4, 7) else 2) for k in
                   ("citizen", "employee", "municipality", "evidence", "cross_cutting")}
        assert bent.post("/runder/2026/bedoemmelse", {"application": f"W{n}", **ratings},
                         follow_redirects=False).status_code == 303
    assert sara.post("/runder/2026/indstilling", follow_redirects=False).status_code == 303
    recommendation = service.round_summary(db, "2026")["recommendation"]
    rows = {r["id"]: r for r in recommendation["rows"]}
    assert sorted(rows, key=lambda i: int(i[1:])) == [f"W{n}" for n in range(1, 11)]
    assert [rows[f"W{n}"]["requested_dkk"] for n in range(1, 11)] == \
        [140000, 203264, 60000, 75000, 45000, 30000, 40000, 100000, 30000, 25000]
    assert rows["W9"]["status"] == "rejected" and "Hører under driften" in rows["W9"]["reason"]
    assert rows["W10"]["status"] == "rejected"  # principle 6: the pool never pays running costs
    # eligible, but nobody rated them (the one council member is recused): below the score threshold
    assert {rows[i]["status"] for i in ("W1", "W2", "W3")} == {"not_recommended"}
    assert rows["W4"]["granted_dkk"] == 75000 and rows["W7"]["granted_dkk"] == 40000
    assert recommendation["granted_dkk"] <= 250000
    assert service.verify(db)["intact"]
    memo = sara.get("/runder/2026/dokumenter/notat.md")
    assert memo.status_code == 200 and "Letdialog" in memo.text and "Hører under driften" in memo.text
    assert sara.get("/runder/2026/dokumenter/runde.json").json()["applications"]
    assert "W9 (Materialegården): administrativt afvist" in sara.get("/runder/2026/log").text


def test_many_files_in_one_request_stop_at_the_limit(round_2026, login, db):
    from digipulje.rounds.submissions import read_submission

    anne = login("anne")
    where = new_draft(anne)
    files = [("attachments", (f"bilag{n}.pdf", pdf_bytes(), "application/pdf")) for n in range(12)]
    response = anne.post(where + "/bilag", files=files)
    assert "bilag10.pdf: en ansøgning har højst 10 bilag: fjern et først" in response.text
    assert "bilag11.pdf: en ansøgning har højst 10 bilag" in response.text
    assert [a.name for a in read_submission(db, "2026", "W1").attachments] == [f"bilag{n}.pdf" for n in range(10)]


def test_the_new_pages_speak_english_when_chosen(submitted, login):
    anne, where = submitted
    anne.post("/sprog", {"lang": "en", "next": "/"})
    call = anne.get("/runder/2026/opslag").text
    assert '<html lang="en">' in call and "Deadline: <strong id=\"frist\">1 December 2026</strong>" in call
    assert "Cross-cutting needs are prioritised. Say how the solution could spread" in call
    assert 'id="status">submitted to the department head</span>' in anne.get(where).text


@pytest.fixture
def kitos_export(tmp_path, monkeypatch):
    """The configuration names a KITOS export in which Cura is used by two other departments."""
    from tests.kitos.export import usage_row, write_export

    path = write_export(tmp_path / "kitos.xlsx", [
        usage_row("Cura", ansv_organisationsenhed="Ældre, Social & Sundhed",
                  relevante_organisationsenheder="Børn & Familie, Materialegården", livscyklus="I drift",
                  sidst_redigeret_dato="01-02-2026"),
        usage_row("Mine Apps", ansv_organisationsenhed="HR", livscyklus="I drift", sidst_redigeret_dato="01-02-2026"),
    ])
    monkeypatch.setenv("DIGIPULJE_KITOS", str(path))
    return path


def test_the_kitos_hint_is_shown_beside_the_systems_when_an_export_is_configured(kitos_export, round_2026, login):
    anne = login("anne")
    where = new_draft(anne)
    assert 'id="kitos"' in anne.get(where).text
    anne.post(where, {"systems": "Cura; Ukendt System", "requested_dkk": "mange", "action": "save"})
    page = anne.get(where).text
    hints = re.search(r'<div class="panel kitos" id="kitos".*?</div>', page, re.DOTALL).group(0)
    assert ("&#34;Cura&#34; fra ansøgningen er allerede registreret i KITOS som &#34;Cura&#34;") in hints
    assert "Bruges af Ældre, Social &amp; Sundhed (ansvarlig), Børn &amp; Familie og Materialegården." in hints
    assert "&#34;Ukendt System&#34; fra ansøgningen findes ikke i KITOS" in hints
    assert "Princip 4 (tværgående behov): &#34;Cura&#34; bruges også af 2 enheder ud over ansøger" in hints
    submit(anne, where, systems="Cura")
    assert "&#34;Cura&#34; fra ansøgningen er allerede registreret i KITOS" in login("hans").get(where).text


def test_no_kitos_hint_without_an_export(round_2026, login):
    anne = login("anne")
    where = new_draft(anne)
    anne.post(where, {"systems": "Cura", "action": "save"})
    assert 'id="kitos"' not in anne.get(where).text
