"""The errors staff meet most, in Danish (the default language), word for word.

Each is one line: the file, sheet, row and column, what is wrong and how to fix it. The English
texts of the same errors are asserted beside their readers' tests, run under English.
"""

from __future__ import annotations

import pytest

from digipulje.applications.pabulib import parse_pabulib
from digipulje.applications.problems import ApplicationsError
from digipulje.applications.spreadsheet import collect_applications, read_applications
from digipulje.messages import use_language
from tests.applications.sheets import HEADER, write_xlsx


@pytest.fixture(autouse=True)
def danish(monkeypatch):
    monkeypatch.delenv("DIGIPULJE_LANG", raising=False)


def test_a_wrong_amount(tmp_path):
    path = write_xlsx(tmp_path / "ansoegninger.xlsx", [
        HEADER,
        ["A1", "Booking af lokaler", "Kultur", "tolv"],
        ["A2", "Tvetydig", "Kultur", "140,000"],
        ["A3", "Øre", "Kultur", "1.500,50"],
        ["A4", "Negativ", "Kultur", -5000],
        ["A5", "Tom", "Kultur", None],
    ])
    with pytest.raises(ApplicationsError) as caught:
        read_applications([path])
    where = f"Arket 'Ansøgninger' i {path}"
    assert caught.value.lines == (
        f"{where}, række 2, kolonne 'Ansøgt beløb (kr.)': 'tolv' er ikke et beløb i hele kroner — "
        "skriv fx 140000 eller 140.000",
        f"{where}, række 3, kolonne 'Ansøgt beløb (kr.)': '140,000' kan læses på to måder (tusinder eller "
        "decimaler?) — skriv fx 140000 eller 140.000",
        f"{where}, række 4, kolonne 'Ansøgt beløb (kr.)': '1.500,50' har øre: beløb er i hele kroner — "
        "skriv fx 140000 eller 140.000",
        f"{where}, række 5, kolonne 'Ansøgt beløb (kr.)': '-5000' er negativt: beløb er hele kroner fra 0 og op — "
        "skriv det uden minus",
        f"{where}, række 6, kolonne 'Ansøgt beløb (kr.)': mangler — kolonnen skal udfyldes",
    )
    with use_language("en"):
        with pytest.raises(ApplicationsError) as caught:
            read_applications([path])
    assert caught.value.lines[0] == (
        f"{path}, sheet 'Ansøgninger', row 2, column 'Ansøgt beløb (kr.)': 'tolv' is not an amount: "
        "write it as a whole number of kroner, e.g. 140000 or 140.000")


def test_a_missing_required_column(tmp_path):
    typo = write_xlsx(tmp_path / "typo.xlsx", [["ID", "Titel", "Afdeling", "Ansøgt belob"], ["B1", "T", "X", 1]])
    absent = write_xlsx(tmp_path / "absent.xlsx", [["ID", "Titel", "Afdeling", "Pengene"], ["B1", "T", "X", 1]])
    _, problems = collect_applications([typo, absent])
    assert [p.line() for p in problems] == [
        f"Arket 'Ansøgninger' i {typo}, række 1: kolonnen 'Ansøgt beløb' mangler, og den skal være der "
        "(overskriftsrækken har 'Afdeling', 'Ansøgt belob', 'ID', 'Titel') — er det 'Ansøgt belob'? "
        "Omdøb den kolonne, eller angiv den med --columns",
        f"Arket 'Ansøgninger' i {absent}, række 1: kolonnen 'Ansøgt beløb' mangler, og den skal være der "
        "(overskriftsrækken har 'Afdeling', 'ID', 'Pengene', 'Titel') — tilføj den, eller angiv med --columns "
        "den kolonne, der har oplysningen",
    ]


PB = ("META\nkey;value\ndescription;Park\nnum_projects;2\nnum_votes;2\nbudget;1000\nvote_type;approval\n"
      "PROJECTS\nproject_id;cost;name\n1;600,5;Lys\n2;400;Bænke\n"
      "VOTES\nvoter_id;vote\nv1;1,2\nv2;2,99\n")


def test_a_pb_file_with_a_bad_line():
    _, problems = parse_pabulib(PB, "park.pb")
    assert [p.line() for p in problems] == [
        "park.pb, række 10, kolonne 'cost': '600,5' er ikke en pris — skriv et positivt beløb med cifre og '.' "
        "før decimaler, fx 4000 eller 4000.50",
        "park.pb, række 15, kolonne 'vote': stemmesedlen nævner '99', som ikke er et projekt i afdelingen PROJECTS",
    ]


def test_more_than_fifty_problems_are_counted_in_danish(tmp_path):
    path = write_xlsx(tmp_path / "mange.xlsx", [HEADER, *[[f"A{i}", "T", "X", "tolv"] for i in range(52)]])
    with pytest.raises(ApplicationsError) as caught:
        read_applications([path])
    assert caught.value.lines[-1] == "… og 2 problemer mere"


def test_an_unknown_application_in_the_overrides(example):
    from digipulje.base.errors import OverrideConflict
    from digipulje.pool.allocating import allocate
    from digipulje.pool.overrides import Action, Override

    unknown = Override(application="A9", action=Action.INCLUDE, reason="vigtig for borgerne", decided_by="Chefforum")
    fixed = Override(application="A9", action=Action.FIX, amount_dkk=125_000, reason="r", decided_by="Chefforum")
    with pytest.raises(OverrideConflict) as caught:
        allocate(example.applications, example.pool, [unknown])
    assert caught.value.lines == (
        "overstyringen 'tag A9 med (Chefforum: vigtig for borgerne)': der er ingen ansøgning 'A9' — ansøgningerne er "
        "A1, A2, A3, A4, A5, A6, A7",)
    assert fixed.describe() == "fastsæt A9 til 125.000 kr. (Chefforum: r)"


def test_a_bad_value_in_the_pool_file(tmp_path):
    from digipulje.base.errors import InputError
    from digipulje.pool.config import read_overrides, read_pool

    pool = tmp_path / "pulje.toml"
    pool.write_text('budget_dkk = -5\nbudget = 250000\n[rules]\nmax_partial_grants = "nogle"\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_pool(pool)
    assert caught.value.lines == (
        f"{pool}: budget_dkk: skal være mindst 0",
        f"{pool}: rules.max_partial_grants: 'nogle' er ikke et antal tilskud — skriv 0 (alt eller intet), 1, 2, … "
        'eller "any"',
        f"{pool}: budget: ukendt indstilling — tjek stavningen (se README om puljefilen)",
    )
    overrides = tmp_path / "overstyringer.toml"
    overrides.write_text('[[override]]\napplication = "A1"\naction = "fix"\nreason = "r"\ndecided_by = "CF"\n',
                         encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_overrides(overrides)
    assert caught.value.lines == (f"{overrides}: overstyring 1: en 'fix'-overstyring skal have amount_dkk",)


def test_a_tampered_round_log(tmp_path):
    import sqlite3

    from digipulje.pool.model import Pool
    from digipulje.rounds.log import LogTampered, require_intact
    from digipulje.rounds.rounds import open_round
    from digipulje.rounds.store import APPEND_ONLY_TRIGGERS, RoundStore

    db = tmp_path / "runde.db"
    with RoundStore.create(db) as ws:
        open_round(ws, "2026", Pool(), "ITP", clock=lambda: "2026-03-02T09:00:00Z")
        open_round(ws, "2027", Pool(), "ITP", clock=lambda: "2026-03-02T09:01:00Z")
    connection = sqlite3.connect(db)
    connection.execute("DROP TRIGGER events_are_never_changed")
    connection.execute("UPDATE events SET actor = 'nogen' WHERE seq = 1")
    connection.execute(APPEND_ONLY_TRIGGERS["events_are_never_changed"])
    connection.commit()
    connection.close()
    with RoundStore.open(db) as ws, pytest.raises(LogTampered) as caught:
        require_intact(ws, "2026")
    assert caught.value.lines == (
        f"{db}: beslutningsloggen er ændret uden om digipulje, så runde 2026 bruges ikke",
        "hændelse 1 (open, runde 2026, 2026-03-02T09:00:00Z) er ændret, efter den blev skrevet: indholdet passer "
        "ikke med dens hash",
        "hent databasen fra en kopi, du stoler på (dens sidste hash står i referatet), og kør 'digipulje round verify'",
    )


def test_a_stopped_solve_names_its_stage_in_danish():
    from digipulje.base.errors import SolveInterrupted, SolveTimeLimit

    stopped = SolveTimeLimit(2, 4, "kroner granted", 0.5, {"A1": 125_000, "A2": 0}, 1234.0)
    assert stopped.lines == (
        "tidsgrænsen på 0.5 s blev nået i trin 2 af 4 (kroner bevilget): bedste fundne fordeling: A1 125.000 kr.; "
        "bevist afstand til optimum højst 1.234; giv mere tid med --time-limit SEKUNDER",)
    assert stopped.line("en") == (
        "the time limit of 0.5 s was reached at stage 2 of 4 (kroner granted): best allocation found: A1 125,000 kr; "
        "proven gap at most 1,234; allow more time with --time-limit SECONDS")
    assert SolveInterrupted(1, 4, "total value").line() == (
        "afbrudt: løsningen blev stoppet i trin 1 af 4 (samlet værdi); intet er gemt")


def test_an_unknown_id_in_a_large_round_names_the_first_ids_and_how_many_there_are():
    from digipulje.base.errors import no_such_application

    ids = [f"A{i:03d}" for i in range(250, 0, -1)]
    assert no_such_application("B1", ids) == (
        "der er ingen ansøgning 'B1' — ansøgningerne er " + ", ".join(f"A{i:03d}" for i in range(1, 21))
        + " … (250 i alt)")
    assert no_such_application("B1", []) == "der er ingen ansøgning 'B1' — ansøgningerne er ingen"
