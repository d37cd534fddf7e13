"""KITOS screening hints: facts for the council, each saying why it was given."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from digipulje.applications.kitos import LifeCycle, SystemUsage
from digipulje.applications.kitos_hints import normalise_name, screening_hints
from digipulje.applications.model import Application, Ratings

TODAY = dt.date(2026, 11, 23)


def application(title: str = "Tjek ind og ud system", *, systems: tuple[str, ...] = (),
                kle: tuple[str, ...] = (), department: str = "Teknik & Miljø", unit: str | None = "Materialegården",
                cross_cutting: int | None = 2) -> Application:
    return Application(id="A5", title=title, department=department, unit=unit, requested_dkk=40_000,
                       systems=systems, kle_codes=kle, ratings=Ratings(cross_cutting=cross_cutting))


def usage(name: str, row: int, **fields) -> SystemUsage:
    fields.setdefault("last_changed", dt.date(2026, 6, 1))
    return SystemUsage(system_name=name, row=row, **fields)


MINE_APPS = usage("Mine Apps", 7, responsible_unit="HR & Personale", relevant_units=("Materialegården", "Vejcenter"),
                  supplier="Omada A/S", life_cycle=LifeCycle.OPERATIONAL, kle_codes=("81.02.00",))
GPS = usage("Flådestyring GPS", 9, responsible_unit="Teknik & Miljø", supplier="Mapon ApS",
            kle_codes=("05.13.05",))
CURA = usage("Cura", 2, responsible_unit="Ældre, Social & Sundhed", supplier="Systematic A/S",
             last_changed=dt.date(2025, 11, 22))


def texts(hints, lang="da"):
    return [h.text(lang) for h in hints]


def test_a_named_system_already_in_use_says_by_which_units_and_why_it_matched():
    hints = screening_hints(application(systems=("MINE-APPS",)), [GPS, MINE_APPS, CURA], TODAY)
    assert [h.code for h in hints] == ["system_in_use", "cross_cutting_evidence"]
    assert texts(hints) == [
        "\"MINE-APPS\" fra ansøgningen er allerede registreret i KITOS som \"Mine Apps\" (samme navn, når store/små "
        "bogstaver, mellemrum, tegnsætning og æ/ø/å-stavning ikke tæller; livscyklus: I drift). Bruges af "
        "HR & Personale (ansvarlig), Materialegården og Vejcenter. [KITOS række 7]",
        "Princip 4 (tværgående behov): \"Mine Apps\" bruges også af 2 enheder ud over ansøger: HR & Personale og "
        "Vejcenter. ITP's vurdering af princip 4: 2 af 4. [KITOS række 7]",
    ]
    assert texts(hints, "en") == [
        "\"MINE-APPS\" in the application is already registered in KITOS as \"Mine Apps\" (the same name, ignoring "
        "case, spaces, punctuation and the spelling of æ/ø/å; life cycle: in operation). Used by HR & Personale "
        "(responsible), Materialegården and Vejcenter. [KITOS row 7]",
        "Principle 4 (cross-cutting need): \"Mine Apps\" is also used by 2 units beyond the applicant: "
        "HR & Personale and Vejcenter. The council's rating for principle 4: 2 of 4. [KITOS row 7]",
    ]
    assert hints[0].facts == {
        "named": "MINE-APPS", "match": "name", "matched_value": None, "system": "Mine Apps", "kitos_row": 7,
        "units": ["HR & Personale", "Materialegården", "Vejcenter"], "responsible_unit": "HR & Personale",
        "life_cycle": "operational"}


def test_names_match_whatever_the_case_punctuation_and_spelling_of_danish_letters():
    planning = usage("Team-Planlægning", 3)
    for named in ("team planlaegning", "TEAM PLANLÆGNING", "Team–planlægning.", "teamplanlægning"):
        hints = screening_hints(application(systems=(named,)), [planning], TODAY)
        assert [(h.code, h.facts.get("match")) for h in hints] == [("system_in_use", "name")], named
    assert normalise_name("Århus Kommune – Løn/HR (Ø)") == "aarhus kommune loen hr oe"


def test_a_system_is_found_by_uuid_local_id_call_name_and_previous_name():
    nova = usage("KMD Nova", 4, system_uuid="3f1c2a9e-0000-4000-8000-000000000001", local_id="SYS-044",
                 local_call_name="Nova Sag", previous_name="KMD Sag")
    found = {}
    for named in ("3F1C2A9E-0000-4000-8000-000000000001", "sys 044", "Nova-sag", "KMD SAG"):
        [hint] = screening_hints(application(systems=(named,), unit=None, department="Borgerservice"), [nova], TODAY)
        found[named] = (hint.facts["match"], hint.text("en").split(" (")[1].split(")")[0])
    assert found == {
        "3F1C2A9E-0000-4000-8000-000000000001": ("uuid", "the same UUID"),
        "sys 044": ("local_id", "the same local system ID \"SYS-044\""),
        "Nova-sag": ("call_name", "the same as the local call name \"Nova Sag\""),
        "KMD SAG": ("previous_name", "the same as the previous system name \"KMD Sag\""),
    }


def test_word_containment_is_used_only_when_no_name_matches_exactly():
    tidsregistrering = usage("Mine Apps Tidsregistrering", 8, responsible_unit="HR & Personale")
    loose = screening_hints(application(systems=("Mine Apps",)), [tidsregistrering], TODAY)
    assert [(h.code, h.facts.get("match")) for h in loose] == [("system_in_use", "words"),
                                                              ("cross_cutting_evidence", None)]
    assert "(alle ord i det ene navn indgår i det andet)" in loose[0].text("da")
    exact = screening_hints(application(systems=("Mine Apps",)), [tidsregistrering, MINE_APPS], TODAY)
    assert [h.facts["system"] for h in exact if h.code == "system_in_use"] == ["Mine Apps"]


def test_a_named_system_not_in_kitos_is_said():
    hints = screening_hints(application(systems=("Tjek-ind terminal",)), [MINE_APPS, GPS], TODAY)
    assert texts(hints) == ["\"Tjek-ind terminal\" fra ansøgningen findes ikke i KITOS: et nyt system for "
                            "kommunen, eller er KITOS ikke opdateret?"]


def test_a_system_named_in_the_title_is_in_use_too():
    hints = screening_hints(application("Mit Team + Team Planlægning i Cura", department="Ældre, Social & Sundhed",
                                         unit=None), [CURA, GPS], TODAY)
    assert texts(hints, "en") == [
        "The application's title names \"Cura\", already registered in KITOS. Used by Ældre, Social & Sundhed "
        "(responsible). [KITOS row 2]",
        "The KITOS registration of \"Cura\" was last changed on 22 November 2025, 366 days ago: check that it "
        "still holds. [KITOS row 2]"]


def test_a_supplier_named_in_the_application_asks_whether_its_systems_cover_the_need():
    tjenestetid = usage("Tabulex Tjenestetid", 5, responsible_unit="Dagtilbud & Skole", supplier="IST Danmark ApS")
    hints = screening_hints(application("Webintegration til IST", department="Dagtilbud & Skole",
                                        unit="Herstedvester Skole"), [tjenestetid, CURA], TODAY)
    assert texts(hints) == [
        "Tjek om \"Tabulex Tjenestetid\" allerede dækker behovet: leverandøren \"IST Danmark ApS\" nævnes i "
        "ansøgningens titel. Bruges af Dagtilbud & Skole (ansvarlig). [KITOS række 5]"]
    assert hints[0].facts["reasons"] == [{"via": "supplier", "value": "IST Danmark ApS", "found_in": "title"}]


def test_a_shared_kle_group_asks_whether_the_system_covers_the_need():
    """Like A6: a GPS system for the depot's cars, where the municipality may already have one."""
    hints = screening_hints(application("GPS-system til Materialegårdens biler", kle=("05.13.02", "05")),
                            [MINE_APPS, GPS], TODAY)
    assert texts(hints, "en") == [
        "Check whether \"Flådestyring GPS\" already covers the need: the same KLE group 05.13 (KITOS 05.13.05, "
        "the application 05.13.02). Used by Teknik & Miljø (responsible). [KITOS row 9]"]
    same_number = screening_hints(application(kle=("05.13.05",)), [GPS], TODAY)
    assert "samme KLE-nummer 05.13.05" in same_number[0].text("da")
    main_group_only = screening_hints(application(kle=("05",)), [GPS], TODAY)
    assert main_group_only == []


def test_short_names_and_bare_company_forms_do_not_match_a_title():
    it = usage("IT", 1, supplier="A/S")
    assert screening_hints(application("Nye IT-skærme til Materialegården A/S"), [it], TODAY) == []


def test_the_applicants_own_units_are_not_counted_as_cross_cutting_evidence():
    own = usage("Mine Apps", 7, responsible_unit="Materialegården", relevant_units=("Teknik & Miljø",))
    hints = screening_hints(application(systems=("Mine Apps",)), [own], TODAY)
    assert [h.code for h in hints] == ["system_in_use"]


def test_a_registration_not_changed_for_more_than_a_year_is_flagged_stale():
    a_year_ago = usage("Cura", 2, last_changed=dt.date(2025, 11, 23))
    a_day_more = usage("Nexus", 3, last_changed=dt.date(2025, 11, 22))
    undated = usage("SBSYS", 4, last_changed=None)
    hints = screening_hints(application(systems=("Cura", "Nexus", "SBSYS")), [undated, a_day_more, a_year_ago],
                            TODAY)
    assert [h.code for h in hints] == ["system_in_use"] * 3 + ["stale_usage", "undated_usage"]
    assert texts(hints[3:]) == [
        "KITOS-registreringen af \"Nexus\" er sidst ændret 22. november 2025, for 366 dage siden: tjek at "
        "oplysningerne stadig gælder. [KITOS række 3]",
        "KITOS-registreringen af \"SBSYS\" har ingen dato for sidste ændring: det kan ikke ses, om oplysningerne "
        "er opdaterede. [KITOS række 4]",
    ]
    assert hints[3].text("en") == ("The KITOS registration of \"Nexus\" was last changed on 22 November 2025, "
                                   "366 days ago: check that it still holds. [KITOS row 3]")


def test_stale_registrations_that_bear_on_no_hint_are_not_listed():
    old = usage("Outlook", 1, last_changed=dt.date(2019, 1, 1))
    assert screening_hints(application(), [old], TODAY) == []


def test_a_leap_day_is_a_year_after_the_28th_of_february():
    cura = usage("Cura", 2, last_changed=dt.date(2027, 2, 27))
    [_, stale] = screening_hints(application(systems=("Cura",)), [cura], dt.date(2028, 2, 29))
    assert stale.facts["days"] == 367


usages = st.lists(st.sampled_from([MINE_APPS, GPS, CURA, usage("Mine Apps", 11, responsible_unit="Vejcenter"),
                                   usage("Flådestyring", 12, supplier="Mapon", kle_codes=("05.13.01",))]),
                  unique=True)


@settings(max_examples=60)
@given(usages, st.randoms(use_true_random=False))
def test_the_hints_do_not_depend_on_the_order_of_the_export(found, random):
    app = application("GPS til biler fra Mapon", systems=("Mine Apps", "Cura"), kle=("05.13.02",))
    shuffled = list(found)
    random.shuffle(shuffled)
    assert screening_hints(app, shuffled, TODAY) == screening_hints(app, found, TODAY)


@given(st.text())
def test_normalising_a_name_twice_changes_nothing(name):
    assert normalise_name(normalise_name(name)) == normalise_name(name)
