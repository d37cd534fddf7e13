"""The errors staff meet most, in Danish (the default language), word for word.

Each is one line: the file, sheet, row and column, what is wrong and how to fix it. The English
texts of the same errors are asserted beside their readers' tests, run under English.
"""

from __future__ import annotations

import pytest

from applications.pabulib import parse_pabulib
from applications.problems import ApplicationsError
from applications.spreadsheet import collect_applications, read_applications
from messages import use_language
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
