"""Headers as Danish offices write them: case, spaces, punctuation, units, possessives,
abbreviations, slashes and compounds. A header that could mean two columns is not guessed."""

from __future__ import annotations

import pytest

from digipulje.applications.columns import match_header
from digipulje.applications.spreadsheet import collect_applications
from tests.applications.sheets import write_csv, write_xlsx

pytestmark = pytest.mark.usefixtures("english")  # English texts; Danish: test_danish_errors.py

VARIANTS = [
    # (header as written, field it means)
    ("Projekttitel", "title"),
    ("Projektnavn", "title"),
    ("Projektets navn", "title"),
    ("Ansøgningens titel", "title"),
    ("Ansøgningstitel", "title"),
    ("TITEL", "title"),
    ("  titel  ", "title"),
    ("Titel:", "title"),
    ("Afdeling/Center", "department"),
    ("Afdeling / center", "department"),
    ("Center/Afdeling", "department"),
    ("Afd.", "department"),
    ("afdeling (center)", "department"),
    ("Enhed/afsnit", "unit"),
    ("Ansøgt beløb (kr.)", "requested_dkk"),
    ("Ansøgt beløb i kr.", "requested_dkk"),
    ("Ansøgt beløb, kr.", "requested_dkk"),
    ("Ansøgt beløb (DKK)", "requested_dkk"),
    ("Ansøgt beløb i hele kroner", "requested_dkk"),
    ("ANSØGT BELØB", "requested_dkk"),
    ("Ansøgt-beløb", "requested_dkk"),
    ("Beløb i kr.", "requested_dkk"),
    ("Projektbeløb", "requested_dkk"),
    ("Mindste beløb (kr.)", "min_dkk"),
    ("Evt. mindste beløb", "min_dkk"),
    ("Minimumsbeløb", "min_dkk"),
    ("Mindste tilskud (kr.)", "min_dkk"),
    ("Årlige driftsudgifter (kr.)", "yearly_running_cost_dkk"),
    ("Drift dækkes af ansøger (ja/nej)", "running_cost_paid_by_applicant"),
    ("ITP's indstilling", "verdict"),
    ("ITP’s indstilling", "verdict"),
    ("ITPs indstilling", "verdict"),
    ("ITP-indstilling", "verdict"),
    ("ITP's vurdering", "assessment_text"),
    ("Dok. effekt", "evidence"),
    ("Borgere", "citizen"),
    ("Medarbejderne", "employee"),
    ("Kommunen", "municipality"),
    ("Dok.effekt (0-4)", "evidence"),
    ("Dokumenteret effekt (0–4)", "evidence"),
    ("Tværg. behov", "cross_cutting"),
    ("Nr.", "id"),
    ("Nr", "id"),
    ("Ansøgning nr.", "id"),
    ("Ansøgning nummer", "id"),
    ("Projekt nr.", "id"),
    ("Sagsnummer", "id"),
    ("KLE-nr.", "kle_codes"),
    ("Godkendt af (afdelingschef)", "approved_by"),
    ("Kontaktperson", "contact"),
    ("Medarb.", "employee"),
    ("Borger (0-4)", "citizen"),
]


@pytest.mark.parametrize(("header", "field"), VARIANTS)
def test_a_header_as_offices_write_it_is_recognised(header, field):
    match = match_header(header)
    assert match.column is not None and match.column.field == field


NOT_COLUMNS = ["Kommentar til borger", "Bemærkninger fra afdelingen", "Nabokommune", "Projektleder",
               "Projektbeskrivelse", "Noter"]


@pytest.mark.parametrize("header", NOT_COLUMNS)
def test_a_note_that_merely_mentions_a_column_is_kept_as_a_note(header):
    assert match_header(header).candidates == ()


def test_there_are_at_least_forty_variants():
    assert len(VARIANTS) >= 40


def _lines(paths):
    return [p.line() for p in collect_applications(paths)[1]]


def test_a_header_that_could_mean_two_columns_is_a_problem_with_both(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [["ID", "Titel", "Afdeling", "Ansøgt beløb", "Borger/Medarbejder",
                                             "Egenfinansieringsbeløb"], ["A1", "T", "X", 1000, 3, 100]])
    assert _lines([path]) == [
        f"{path}, sheet 'Ansøgninger', row 1, column 'Borger/Medarbejder': could mean 'Borger' or 'Medarbejder': "
        "rename the column, or map it with --columns (\"Borger/Medarbejder\" = \"citizen\" or "
        "\"Borger/Medarbejder\" = \"employee\")",
        f"{path}, sheet 'Ansøgninger', row 1, column 'Egenfinansieringsbeløb': could mean 'Ansøgt beløb' or "
        "'Egeninvestering': rename the column, or map it with --columns (\"Egenfinansieringsbeløb\" = "
        "\"requested_dkk\" or \"Egenfinansieringsbeløb\" = \"own_investment_dkk\")",
    ]


def test_amounts_in_thousands_are_refused(tmp_path):
    path = write_csv(tmp_path / "a.csv", [["ID", "Titel", "Afdeling", "Ansøgt beløb (t.kr.)"], ["A1", "T", "X", "250"]])
    assert _lines([path]) == [
        f"{path}, row 1, column 'Ansøgt beløb (t.kr.)': amounts in thousands of kroner are not read: write whole "
        "kroner (250.000, not 250) and name the column e.g. 'Ansøgt beløb (kr.)'",
        f"{path}, row 1: the required column 'Ansøgt beløb' is missing (the header row has 'Afdeling', "
        "'Ansøgt beløb (t.kr.)', 'ID', 'Titel'): add it, or name the column that holds it with --columns",
    ]


def test_a_missing_required_column_lists_the_headers_found(tmp_path):
    path = write_csv(tmp_path / "a.csv", [["Nr.", "Overskrift", "Afdeling/Center", "Ansøgt beløb (kr.)"],
                                          ["A1", "T", "X", "1.000"]])
    assert _lines([path]) == [
        f"{path}, row 1: the required column 'Titel' is missing (the header row has 'Afdeling/Center', "
        "'Ansøgt beløb (kr.)', 'Nr.', 'Overskrift'): add it, or name the column that holds it with --columns"]


def test_a_compound_is_read_with_a_warning_and_gives_way_to_a_plain_header(tmp_path):
    compound = write_csv(tmp_path / "a.csv", [["Nr.", "Projekttitel", "Afdeling", "Ansøgt beløb (kr.)"],
                                              ["A1", "Ny portal", "X", "1.000"]])
    both = write_csv(tmp_path / "b.csv", [["Nr.", "Titel", "Delprojekt", "Afdeling", "Ansøgt beløb (kr.)"],
                                          ["B1", "Ny portal", "Del 1", "X", "1.000"]])
    applications, problems = collect_applications([compound, both])
    assert [a.title for a in applications] == ["Ny portal", "Ny portal"]
    assert applications[1].notes == (("Delprojekt", "Del 1"),)
    assert [p.line() for p in problems] == [
        f"warning: {compound}, row 1: read 'Projekttitel' as 'Titel': if that is wrong, map the columns "
        "with --columns",
        f"warning: {both}, row 1: columns not recognised, kept as notes: 'Delprojekt' (did you mean 'Projekt'?)",
    ]


def test_an_unrecognised_assessment_column_is_an_error_naming_it(tmp_path):
    rows = [["ID", "Titel", "Afdeling", "Ansøgt beløb", "Borger", "Medarbejder", "Kommune", "Dokumentation af effekt",
             "Tværgående", "Rådets anbefaling", "Noter"],
            ["A1", "T", "X", 100_000, 3, 2, 1, 4, 2, "Støttes", ""]]
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    assert _lines([path]) == [
        f"{path}, sheet 'Ansøgninger', row 1: no column is read as 'ITP indstilling', so no application can be "
        "recommended (all would be incomplete); not recognised: 'Dokumentation af effekt', 'Noter', "
        "'Rådets anbefaling': map the one that holds it with --columns (e.g. \"Dokumentation af effekt\" = "
        "\"verdict\"), or add an empty column 'ITP indstilling'",
        f"{path}, sheet 'Ansøgninger', row 1: no column is read as 'Dokumenteret effekt', so every application "
        "would be rated 0 on it; not recognised: 'Dokumentation af effekt': map the one that holds it with "
        "--columns (e.g. \"Dokumentation af effekt\" = \"evidence\"), or add an empty column 'Dokumenteret effekt'",
    ]


def test_a_sheet_without_any_assessment_columns_is_read_as_not_yet_assessed(tmp_path):
    path = write_csv(tmp_path / "a.csv", [["ID", "Titel", "Afdeling", "Ansøgt beløb", "Noter"],
                                          ["A1", "T", "X", "1.000", "haster"]])
    applications, problems = collect_applications([path])
    assert len(applications) == 1
    assert [p.severity for p in problems] == ["warning"]


def test_every_known_header_still_means_its_own_column_however_it_is_cased_or_spaced():
    from digipulje.applications.columns import COLUMNS

    for column in COLUMNS:
        for header in column.headers:
            for written in (header, header.upper(), f"  {header.lower()}  ", f"{header} (kr.)"):
                match = match_header(written)
                assert match.column is column, (written, match)
