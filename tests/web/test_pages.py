"""The meeting's pages: an application's own page, the allocation chart, sorting and filtering the
tables, and the warnings (ratings after the recommendation, the council's no turned into a grant)."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import PASSWORD, granted

RATINGS = {f"rating_{k}": "3" for k in ("citizen", "employee", "municipality", "evidence", "cross_cutting")}


def _ids(html: str) -> list[str]:
    """The applications of the first allocation table on a page, in the order shown."""
    return re.findall(r'<td class="num granted" data-id="([^"]+)">', html)


# --- an application's page ---------------------------------------------------------------------------

def test_the_application_page_shows_what_a1_asks_the_council_said_and_its_grant(round_2025, login):
    page = login("lise").get("/runder/2025/ansoegning/A1")
    assert page.status_code == 200
    text = page.text
    assert "<h1>A1 TOBS og triagering tilkøbsmodul</h1>" in text
    assert "<dt>Ansøgt</dt><dd>kr. 140.000</dd>" in text
    assert "<dt>Årlige driftsudgifter</dt><dd>kr. 18.750</dd>" in text
    assert "<dt>Betales af</dt><dd>Ældre, Social &amp; Sundhed" in text
    assert "tidlig opsporing og triage sikrer patientsikkerhed" in text  # the council's text
    assert '<dd>delvist bevilget, <span class="granted-amount">kr. 122.500</span>' in text
    assert "<dt>Mindste brugbare tilskud</dt><dd>kr. 112.000" in text  # the pool's floor: 80 % of 140.000
    assert "Chefforums beslutning</dt><dd>ikke registreret endnu" in text
    log = text[text.index('id="application-log"'):]
    assert re.findall(r"<td>(indlæst|vurdering|indstilling): ", log) == ["indlæst", "vurdering", "indstilling"]
    assert "vurdering: A1: vurderet" in log and "A2: " not in log  # its own events, not another's
    assert "<h3>Forklaring</h3>" in text  # the explanation of the recommendation


def test_every_allocation_table_links_to_the_application_page(round_2025):
    page = round_2025.get("/runder/2025/indstilling").text
    assert '<a href="/runder/2025/ansoegning/A3">A3</a>' in page
    carl_page = round_2025.get("/runder/2025/beslutning").text
    assert 'href="/runder/2025/ansoegning/A3' in carl_page


def test_an_unknown_application_is_not_found(round_2025, login):
    page = login("lise").get("/runder/2025/ansoegning/A99")
    assert page.status_code == 404
    assert "Der er ingen ansøgning A99 i runden" in page.text


def _assessor(db, name: str, department: str) -> None:
    from digipulje.web.users import UserStore

    UserStore(db).add(name, PASSWORD, ("bedømmer",), department=department, new_department=True)


def test_the_page_shows_who_rated_what_and_who_may_rate(round_2025, login, db):
    _assessor(db, "dora", "Borgerservice")
    dora = login("dora")
    assert dora.post("/runder/2025/bedoemmelse", {"application": "A1", **RATINGS},
                     follow_redirects=False).status_code == 303
    page = login("lise").get("/runder/2025/ansoegning/A1").text
    assert "dora (Borgerservice): 3" in page
    assert "tæller ikke med" not in page  # dora is not from A1's department: her rating counts
    # bent is from A1's own department: no link to rate it, and the page says why
    bent = login("bent").get("/runder/2025/ansoegning/A1").text
    assert "egen afdeling og bedømmer derfor ikke A1" in bent
    assert "bedoemmelse?ansoegning=A1" not in bent
    assert "bedoemmelse?ansoegning=A1" in dora.get("/runder/2025/ansoegning/A1").text
    assert "bedoemmelse?ansoegning=A1" not in login("lise").get("/runder/2025/ansoegning/A1").text


def test_a_rating_after_the_recommendation_is_warned_of(round_2025, login, db):
    assert "rated-since" not in round_2025.get("/runder/2025/indstilling").text
    _assessor(db, "dora", "Borgerservice")
    login("dora").post("/runder/2025/bedoemmelse", {"application": "A2", **RATINGS})
    for url in ("/runder/2025/indstilling", "/runder/2025/beslutning", "/runder/2025/ansoegning/A2"):
        page = login("carl").get(url).text
        assert 'id="rated-since"' in page, url
        assert "dora" in page[page.index('id="rated-since"'):][:600]
    assert 'id="rated-since"' not in login("carl").get("/runder/2025/ansoegning/A1").text
    round_2025.post("/runder/2025/indstilling")  # made again: the ratings are counted
    assert 'id="rated-since"' not in login("carl").get("/runder/2025/indstilling").text


# --- the chart -----------------------------------------------------------------------------------------

def test_the_recommendation_has_a_chart_described_by_its_table(round_2025):
    page = round_2025.get("/runder/2025/indstilling").text
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert 'role="img"' in svg and 'aria-describedby="recommendation-table"' in svg
    assert 'aria-label="Bevilget mod ansøgt pr. ansøgning; kr. 250.000 af puljen på kr. 250.000 er bevilget"' in svg
    assert 'id="recommendation-table"' in page
    assert "<title>A1 TOBS og triagering tilkøbsmodul: kr. 122.500 / kr. 140.000</title>" in svg
    assert svg.count("<g>") == 7  # one bar pair per application


def test_the_chart_escapes_what_an_application_says():
    from digipulje.reports.chart import Bar, allocation_chart_svg

    svg = allocation_chart_svg((Bar("<A1>", 'Titel "&" <script>', 100, 50),), 80, "da", described_by='t"x')
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&lt;A1&gt;" in svg
    assert 'aria-describedby="t&quot;x"' in svg
    assert svg.count("<rect") == 2 + 2 + 2  # the pool (frame, fill), the legend (2), the request and the grant


def test_the_chart_draws_grants_to_scale():
    from digipulje.reports.chart import LABEL, RIGHT, WIDTH, Bar, allocation_chart_svg

    span = WIDTH - LABEL - RIGHT
    svg = allocation_chart_svg((Bar("A", "a", 200, 100), Bar("B", "b", 100, 0)), 400, "en")
    widths = [float(w) for w in re.findall(r'<rect x="64" y="\d+" width="([\d.]+)" height="(?:20|12)"', svg)]
    assert widths == [span, span / 2, span / 2]  # A asked the most; A's grant; B asked half of A
    assert "DKK 100 of the pool of DKK 400 granted" in svg


# --- sorting and filtering -------------------------------------------------------------------------------

def test_the_recommendation_sorts_by_a_column_and_says_so(round_2025):
    page = round_2025.get("/runder/2025/indstilling?sort=granted&dir=desc").text
    assert _ids(page) == ["A1", "A3", "A5", "A4", "A2", "A6", "A7"]  # ties kept in the allocation's order
    header = re.search(r'<th scope="col" class="num" aria-sort="descending"><a class="sort-link" href="([^"]+)">Bevilget',
                       page)
    assert header and "sort=granted&amp;dir=asc" in header.group(1)  # the link turns the order round
    assert page.count("aria-sort=") == 1
    ascending = round_2025.get("/runder/2025/indstilling?sort=score&dir=asc").text
    assert _ids(ascending)[-1] == "A1" and 'aria-sort="ascending"' in ascending


def test_the_recommendation_filters_by_status_and_department(round_2025):
    page = round_2025.get("/runder/2025/indstilling?status=funded").text
    assert sorted(_ids(page)) == ["A3", "A4", "A5"]
    assert "Viser 3 af 7 ansøgninger" in page
    assert "I alt mod puljen på kr. 250.000" in page  # the totals stay the whole allocation's
    department = round_2025.get("/runder/2025/indstilling", params={"department": "Ældre, Social og Sundhed"}).text
    assert _ids(department) == ["A1", "A2"]  # "og" for "&": one department
    assert '<option value="Ældre, Social &amp; Sundhed" selected>' in department


def test_an_unknown_sort_or_filter_shows_the_whole_table(round_2025):
    page = round_2025.get("/runder/2025/indstilling?sort=<x>&status=nonsense&department=Ukendt").text
    assert _ids(page) == ["A1", "A2", "A3", "A4", "A5", "A6", "A7"]
    assert "aria-sort" not in page and "Viser" not in page and "&lt;x&gt;" not in page


def test_the_decision_table_sorts_and_filters_too(round_2025, login):
    carl = login("carl")
    page = carl.get("/runder/2025/beslutning?sort=granted&dir=asc&status=partial").text
    assert _ids(page) == ["A1"]
    assert 'href="/runder/2025/beslutning?status=partial&amp;sort=granted&amp;dir=desc#resultat"' in page


# --- the council's no, given money by the chiefs ---------------------------------------------------------

def test_a_council_rejected_application_the_chiefs_include_is_flagged(round_2025, login):
    carl = login("carl")
    page = carl.post("/runder/2025/beslutning/aendring", {"application": "A7", "action": "include",
                                                          "reason": "Chefforum vil have iPads", "decided_by": "Chefforum"})
    assert page.status_code == 200
    assert granted(page.text)["A7"] != "kr. 0"
    assert 'id="council-overruled"' in page.text
    warning = page.text[page.text.index('id="council-overruled"'):].split("</div>")[0]
    assert "A7</a> (afvist): Chefforum vil have iPads" in warning
    application = carl.get("/runder/2025/ansoegning/A7").text  # the chief's own changes, before recording
    assert 'id="council-overruled"' in application and "Din ændring (ikke registreret)" in application
    assert 'id="council-overruled"' not in login("lise").get("/runder/2025/ansoegning/A7").text
    row = page.text[page.text.index('id="decision-row-A7"'):].split("</tr>")[0]
    assert "ITP sagde nej" in row
    assert "ITP sagde nej" not in page.text[page.text.index('id="decision-row-A1"'):].split("</tr>")[0]
    # recorded, the flag stays on the decision, the recommendation and the application's page
    carl.post("/runder/2025/beslutning/registrer", {"decision_reason": "Chefforum 7. maj 2025, punkt 6"})
    for url in ("/runder/2025/beslutning", "/runder/2025/indstilling"):
        assert 'id="council-overruled"' in carl.get(url).text, url
    assert 'id="council-overruled"' in carl.get("/runder/2025/ansoegning/A7").text
    assert 'id="council-overruled"' not in carl.get("/runder/2025/ansoegning/A1").text


def test_excluding_a_rejected_application_is_not_flagged(round_2025, login):
    page = login("carl").post("/runder/2025/beslutning/aendring", {
        "application": "A7", "action": "exclude", "reason": "Afvist af ITP", "decided_by": "Chefforum"})
    assert 'id="council-overruled"' not in page.text and "ITP sagde nej" not in page.text


# --- departments from the rounds' list --------------------------------------------------------------------

def test_a_user_gets_a_known_department_spelled_as_the_round_spells_it(round_2025, db):
    from digipulje.web.users import UserError, UserStore

    store = UserStore(db)
    known = ["Børn & Familie", "Dagtilbud & Skole", "Herstedvester Skole", "Materialegården", "Ældre, Social & Sundhed"]
    assert store.known_departments() == known  # the applications' departments and units
    assert store.add("dora", PASSWORD, ("bedømmer",), department="børn og familie").department == "Børn & Familie"
    with pytest.raises(UserError) as refused:
        store.add("erik", PASSWORD, ("bedømmer",), department="Kultur og Fritid")
    assert list(refused.value.lines) == [
        (f"afdelingen 'Kultur og Fritid' er ikke en af rundens afdelinger: vælg en af {', '.join(known)} "
        "(en afdeling uden ansøgninger endnu: tilføj --new-department)")]
    assert store.get("erik") is None
    assert store.add("erik", PASSWORD, ("bedømmer",), department="Kultur og Fritid",
                     new_department=True).department == "Kultur og Fritid"


def test_user_add_on_the_command_line_refuses_an_unknown_department(round_2025, db, quick_hashes):
    from digipulje.cli import app as cli_app
    from typer.testing import CliRunner

    run = lambda *args: CliRunner().invoke(cli_app, [*args, "--db", str(db)], input="en lang adgangskode\n")
    result = run("user", "add", "erik", "--role", "bedømmer", "--department", "Kultur & Fritid")
    assert result.exit_code == 1
    assert result.stderr.startswith("fejl: afdelingen 'Kultur & Fritid' er ikke en af rundens afdelinger: vælg en af "
                                    "Børn & Familie, ")
    assert run("user", "add", "erik", "--role", "bedømmer", "--department", "Kultur & Fritid",
               "--new-department").exit_code == 0


def test_recusal_compares_canonical_department_names(round_2025, login, db):
    from digipulje.web.users import UserStore

    # stored in another spelling of A1's department ("og" for "&"), it is still A1's department
    UserStore(db).add("olga", PASSWORD, ("bedømmer",), department="Ældre, Social og Sundhed", new_department=True)
    olga = login("olga")
    assert olga.post("/runder/2025/bedoemmelse", {"application": "A1", **RATINGS}).status_code == 403
    assert "egen afdeling og bedømmer derfor ikke A1" in olga.get("/runder/2025/ansoegning/A1").text
    assert olga.post("/runder/2025/bedoemmelse", {"application": "A3", **RATINGS},
                     follow_redirects=False).status_code == 303


def test_canonical_department_ignores_case_spacing_punctuation_and_the_joining_word():
    from digipulje.web.service import canonical_department

    assert len({canonical_department(n) for n in ("Kultur og Fritid", "Kultur & Fritid", "kultur  +  fritid",
                                                  "Kultur and Fritid", "KULTUR OG FRITID.")}) == 1
    assert canonical_department("Kultur og Fritid") != canonical_department("Kultur")
    assert canonical_department("Borgerservice") == "borgerservice"  # "og" inside a word stays


# --- the municipality and its accessibility statement ------------------------------------------------------

def test_the_pages_name_the_municipality_and_link_its_accessibility_statement(db, tmp_path):
    from digipulje.web.app import create_app
    from digipulje.web.municipality import Municipality
    from starlette.testclient import TestClient

    albertslund = Municipality(name="Albertslund <Kommune>", accessibility_url="https://www.was.digst.dk/albertslund-dk")
    page = TestClient(create_app(db, municipality=albertslund)).get("/login").text
    assert '<span class="municipality"> – Albertslund &lt;Kommune&gt;</span>' in page
    assert '<a href="https://www.was.digst.dk/albertslund-dk">Tilgængelighedserklæring</a>' in page
    neutral = TestClient(create_app(tmp_path / "anden.db", municipality=Municipality())).get("/login").text
    assert "Tilgængelighedserklæring" not in neutral and 'class="municipality"' not in neutral
    assert "<span>digipulje</span>" in neutral


def test_the_municipality_comes_from_the_environment_and_bad_settings_are_named():
    from digipulje.base.errors import InputError
    from digipulje.web.municipality import Municipality, resolve_municipality

    environ = {"DIGIPULJE_MUNICIPALITY": " Ishøj  Kommune ", "DIGIPULJE_ACCESSIBILITY_URL": "https://ishoj.dk/was"}
    assert resolve_municipality(environ=environ) == Municipality("Ishøj Kommune", "https://ishoj.dk/was")
    assert resolve_municipality("Vallensbæk Kommune", None, environ) == Municipality("Vallensbæk Kommune",
                                                                                    "https://ishoj.dk/was")
    assert resolve_municipality(environ={}) == Municipality()
    for bad in ("javascript:alert(1)", "ishoj.dk/was", "https://ishoj.dk/ was"):
        with pytest.raises(InputError) as refused:
            resolve_municipality("Ishøj Kommune", bad, {})
        assert refused.value.lines[0].startswith(f"--accessibility-url '{bad}': angiv erklæringens fulde adresse")


def test_serve_takes_the_municipality_and_refuses_a_bad_statement_address(tmp_path, monkeypatch):
    import uvicorn
    from digipulje.cli import app as cli_app
    from typer.testing import CliRunner

    apps = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: apps.append(app))
    db = str(tmp_path / "runde.db")
    run = lambda *args: CliRunner().invoke(cli_app, ["serve", "--db", db, *args])
    result = run("--municipality", "Albertslund Kommune", "--accessibility-url", "https://was.digst.dk/a-dk")
    assert result.exit_code == 0, result.output
    from starlette.testclient import TestClient

    page = TestClient(apps[-1]).get("/login").text
    assert "Albertslund Kommune" in page and 'href="https://was.digst.dk/a-dk"' in page
    refused = run("--accessibility-url", "ftp://was")
    assert refused.exit_code == 1 and len(apps) == 1
    assert refused.stderr == "fejl: --accessibility-url 'ftp://was': angiv erklæringens fulde adresse, fx " \
                             "https://www.was.digst.dk/kommune-dk\n"
    monkeypatch.setenv("DIGIPULJE_MUNICIPALITY", "Ishøj Kommune")
    assert run().exit_code == 0
    assert "Ishøj Kommune" in TestClient(apps[-1]).get("/login").text


def test_the_memo_draws_the_same_chart_as_the_pages(round_2025):
    memo = round_2025.get("/runder/2025/dokumenter/notat.html").text
    chart = re.search(r'<figure class="allocation"><figcaption>Bevilget mod ansøgt</figcaption>(<svg .*?</svg>)</figure>',
                      memo, flags=re.DOTALL)
    assert chart
    page = round_2025.get("/runder/2025/indstilling").text
    on_page = re.search(r"<svg .*?</svg>", page, flags=re.DOTALL)[0]
    assert chart.group(1) == on_page.replace(' aria-describedby="recommendation-table"', "")
    assert "<svg" not in round_2025.get("/runder/2025/dokumenter/notat.md").text


def test_the_application_page_gives_kitos_hints_when_an_export_is_named(round_2025, tmp_path, monkeypatch):
    from tests.kitos.export import usage_row, write_export

    assert "Fingerpeg fra KITOS" not in round_2025.get("/runder/2025/ansoegning/A2").text
    path = write_export(tmp_path / "kitos.xlsx", [usage_row(
        "Cura", ansv_organisationsenhed="Ældre, Social & Sundhed", relevante_organisationsenheder="Børn & Familie",
        livscyklus="I drift", sidst_redigeret_dato="01-02-2026")])
    monkeypatch.setenv("DIGIPULJE_KITOS", str(path))
    page = round_2025.get("/runder/2025/ansoegning/A2").text  # "Mit Team + Team Planlægning i Cura"
    hints = page[page.index("<h2>Fingerpeg fra KITOS</h2>"):].split("</ul>")[0]
    assert "Ansøgningens titel nævner &#34;Cura&#34;, som allerede er registreret i KITOS" in hints
    assert "Børn &amp; Familie" in hints  # the other unit using it (principle 4)
    assert "KITOS giver ingen fingerpeg" in round_2025.get("/runder/2025/ansoegning/A3").text  # Letdialog


def test_the_application_page_shows_the_recorded_decision_with_its_reasons(round_2025, login):
    carl = login("carl")
    reason = "Webintegration til IST Tjenestetid udgår"
    carl.post("/runder/2025/beslutning/aendring", {"application": "A4", "action": "exclude", "reason": reason,
                                                   "decided_by": "Chefforum"})
    carl.post("/runder/2025/beslutning/registrer", {"decision_reason": "Chefforum 7. maj 2025, punkt 6"})
    page = login("lise").get("/runder/2025/ansoegning/A4?af=beslutning").text
    decided = page[page.index('<dd id="in-decision">'):].split("</dd>")[0]
    assert decided.startswith('<dd id="in-decision">udtaget, kr. 0 (Flyttet −kr. 12.500)')
    assert decided.endswith(": Chefforum 7. maj 2025, punkt 6")
    assert f"<dt>Chefernes ændring</dt><dd>udtaget – {reason} (Chefforum)</dd>" in page
    assert "<h3>Forklaring (beslutningen)</h3>" in page
    a1 = login("lise").get("/runder/2025/ansoegning/A1").text
    assert '<dd id="in-decision">delvist bevilget, kr. 135.000 (Flyttet +kr. 12.500)' in a1


def test_the_application_page_before_any_recommendation(login):
    from tests.web.conftest import OPEN_2025, sheet_2025

    sara = login("sara")
    sara.post("/runder", OPEN_2025)
    sara.post("/runder/2025/import", files={"files": ("ansoegninger-2025.xlsx", sheet_2025())})
    page = login("lise").get("/runder/2025/ansoegning/A6")
    assert page.status_code == 200
    assert "<h1>A6 GPS-system til Materialegårdens biler</h1>" in page.text
    assert "Der er endnu ingen indstilling." in page.text and "Forklaring" not in page.text
