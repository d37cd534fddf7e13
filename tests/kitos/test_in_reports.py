"""KITOS hints where the council and the chiefs read them: `validate`, the memo and the workbook.

The round here names its systems and KLE numbers in the overview sheet's own columns; the KITOS
export is built with the headers KITOS writes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shlex
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from digipulje.applications.columns import FIELDS
from digipulje.applications.kitos import read_kitos
from digipulje.applications.kitos_hints import screening_hints
from digipulje.applications.spreadsheet import parse_rows, read_applications
from digipulje.cli import app
from tests.applications.sheets import write_xlsx
from tests.kitos.export import usage_row, write_export

pytestmark = pytest.mark.usefixtures("english")  # English texts; Danish: test_danish_errors.py

TODAY = "2026-11-23"
runner = CliRunner()


@pytest.fixture(scope="module")
def round_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("round")
    kitos = write_export(folder / "kitos.xlsx", [
        usage_row("Cura", ansv_organisationsenhed="Ældre, Social & Sundhed",
                  relevante_organisationsenheder="Hjemmeplejen, Sygeplejen", leverandør="Systematic A/S",
                  livscyklus="I drift", sidst_redigeret_dato="05-03-2024", kle_id="27.24.00"),
        usage_row("Mine Apps", ansv_organisationsenhed="HR & Personale",
                  relevante_organisationsenheder="Materialegården", leverandør="Omada A/S", livscyklus="I drift",
                  sidst_redigeret_dato="01-10-2026", kle_id="81.02.00"),
    ])
    applications = write_xlsx(folder / "ansøgninger.xlsx", [
        ["ID", "Titel", "Afdeling", "Ansøgt beløb", "Tværgående", "KITOS-systemer", "KLE-numre"],
        ["B1", "Tjek ind og ud system", "Materialegården", 40000, 3, "Mine Apps", None],
        ["B2", "Hjemmepleje-app", "Ældre", 90000, None, "Nexus", "27.24.02"],
        ["B3", "GPS til bilerne", "Materialegården", 100000, 2, None, None],
    ])
    return applications, kitos


# --- validate ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("danish")
def test_validate_lists_each_applications_hints_in_danish(round_files):
    applications, kitos = round_files
    result = runner.invoke(app, ["validate", str(applications), "--kitos", str(kitos), "--today", "23.11.2026"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"""3 ansøgninger læst
KITOS: 2 systemer i {kitos}
  B1  Tjek ind og ud system  Materialegården: kr. 40.000
      KITOS: "Mine Apps" fra ansøgningen er allerede registreret i KITOS som "Mine Apps" (samme navn, når store/små bogstaver, mellemrum, tegnsætning og æ/ø/å-stavning ikke tæller; livscyklus: I drift). Bruges af HR & Personale (ansvarlig) og Materialegården. [KITOS række 3]
      KITOS: Princip 4 (tværgående behov): "Mine Apps" bruges også af 1 enhed ud over ansøger: HR & Personale. ITP's vurdering af princip 4: 3 af 4. [KITOS række 3]
  B2  Hjemmepleje-app        Ældre: kr. 90.000
      KITOS: "Nexus" fra ansøgningen findes ikke i KITOS: et nyt system for kommunen, eller er KITOS ikke opdateret?
      KITOS: Tjek om "Cura" allerede dækker behovet: samme KLE-gruppe 27.24 (KITOS 27.24.00, ansøgningen 27.24.02); livscyklus: I drift. Bruges af Ældre, Social & Sundhed (ansvarlig), Hjemmeplejen og Sygeplejen. [KITOS række 2]
      KITOS: KITOS-registreringen af "Cura" er sidst ændret 5. marts 2024, for 993 dage siden: tjek at oplysningerne stadig gælder. [KITOS række 2]
  B3  GPS til bilerne        Materialegården: kr. 100.000
      KITOS: ingen bemærkninger
ingen problemer fundet
"""


def test_validate_json_gives_every_application_its_hints_with_code_text_and_facts(round_files):
    applications, kitos = round_files
    result = runner.invoke(app, ["validate", str(applications), "--kitos", str(kitos), "--today", TODAY,
                                 "--format", "json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kitos"] == {"file": str(kitos), "usages": 2, "today": TODAY}
    assert data["problems"] == []
    hints = {a["id"]: a["hints"] for a in data["applications"]}
    assert {i: [h["code"] for h in hs] for i, hs in hints.items()} == {
        "B1": ["system_in_use", "cross_cutting_evidence"],
        "B2": ["system_not_in_kitos", "check_overlap", "stale_usage"],
        "B3": [],
    }
    assert hints["B2"][2] == {
        "code": "stale_usage",
        "facts": {"system": "Cura", "kitos_row": 2, "last_changed": "2024-03-05", "today": TODAY, "days": 993},
        "text": "The KITOS registration of \"Cura\" was last changed on 5 March 2024, 993 days ago: "
                "check that it still holds. [KITOS row 2]",
    }
    assert hints["B1"][1]["facts"] == {"system": "Mine Apps", "units": ["HR & Personale"], "count": 1,
                                       "rating": 3, "kitos_row": 3}
    assert {a["id"]: (a["systems"], a["kle_codes"]) for a in data["applications"]}["B2"] == (["Nexus"], ["27.24.02"])


def test_validate_without_kitos_has_no_hints(round_files):
    applications, _ = round_files
    result = runner.invoke(app, ["validate", str(applications), "--format", "json"])
    data = json.loads(result.stdout)
    assert "kitos" not in data and all("hints" not in a for a in data["applications"])


@pytest.mark.usefixtures("danish")
def test_validate_lists_a_malformed_export_among_the_problems_and_fails(round_files, tmp_path):
    applications, _ = round_files
    bad = write_export(tmp_path / "kitos.xlsx", [usage_row("Nexus", kle_id="27.24.00, 2724")])
    result = runner.invoke(app, ["validate", str(applications), "--kitos", str(bad), "--today", TODAY])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-2:] == [
        "1 fejl, 0 advarsler:",
        f"  fejl: Arket 'IT Systemer' i {bad}, række 2, kolonne 'KLE ID': '2724' er ikke et KLE-nummer — "
        "skriv det som 27.24.00 (eller 27.24 for en gruppe)",
    ]
    assert "KITOS:" not in result.stdout


@pytest.mark.usefixtures("english")
def test_validate_refuses_a_today_that_is_not_a_date(round_files):
    applications, kitos = round_files
    result = runner.invoke(app, ["validate", str(applications), "--kitos", str(kitos), "--today", "tomorrow"])
    assert result.exit_code == 1
    assert result.stderr == "error: --today: 'tomorrow' is not a date: write it as 2025-12-01 or 1.12.2025\n"


# --- the memo ----------------------------------------------------------------------------------


def report(applications, out, *extra: str):
    result = runner.invoke(app, ["report", str(applications), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


def subsections(markdown: str) -> dict[str, str]:
    parts = re.split(r"^### (.+)$", markdown, flags=re.MULTILINE)
    return {title: re.split(r"^## ", body, flags=re.MULTILINE)[0] for title, body in zip(parts[1::2], parts[2::2])}


@pytest.mark.usefixtures("danish")
def test_the_memo_shows_the_hints_beside_each_applications_score(round_files, tmp_path):
    applications, kitos = round_files
    memo = report(applications, tmp_path / "memo.md", "--kitos", str(kitos), "--date", TODAY).read_text("utf-8")
    by_title = subsections(memo)
    b2 = by_title["B2 · Hjemmepleje-app"]
    assert "**KITOS**\n\n" \
           "- \"Nexus\" fra ansøgningen findes ikke i KITOS: et nyt system for kommunen, eller er KITOS ikke " \
           "opdateret?\n" \
           "- Tjek om \"Cura\" allerede dækker behovet: samme KLE-gruppe 27.24 (KITOS 27.24.00, ansøgningen " \
           "27.24.02); livscyklus: I drift. Bruges af Ældre, Social & Sundhed (ansvarlig), Hjemmeplejen og " \
           "Sygeplejen. \\[KITOS række 2\\]\n" \
           "- KITOS-registreringen af \"Cura\" er sidst ændret 5. marts 2024, for 993 dage siden: tjek at " \
           "oplysningerne stadig gælder. \\[KITOS række 2\\]\n" in b2
    b1 = by_title["B1 · Tjek ind og ud system"]
    assert b1.index("| **Score** |") < b1.index("**KITOS**") < b1.index("**Begrundelse**")
    assert "ITP's vurdering af princip 4: 3 af 4." in b1
    assert "**KITOS**\n\n- Ingen bemærkninger fra KITOS.\n" in by_title["B3 · GPS til bilerne"]
    assert ("Bemærkningerne fra KITOS under hver ansøgning er slået op i kitos.xlsx (2 systemer); registreringer, "
            "der ikke er ændret i over et år før 23. november 2026, er markeret som forældede. Bemærkningerne er "
            "oplysninger til IT-projektrådet: de ændrer ingen vurdering, score eller tildeling.") in memo


def test_the_english_memo_judges_staleness_as_of_its_date(round_files, tmp_path):
    applications, kitos = round_files
    memo = report(applications, tmp_path / "memo.md", "--kitos", str(kitos), "--date", "2025-01-01",
                  "--lang", "en").read_text("utf-8")
    b2 = subsections(memo)["B2 · Hjemmepleje-app"]
    assert "- Check whether \"Cura\" already covers the need: the same KLE group 27.24" in b2
    assert "last changed" not in b2  # 5 March 2024 is less than a year before 1 January 2025
    assert "**KITOS**\n\n- Nothing from KITOS.\n" in subsections(memo)["B3 · GPS til bilerne"]
    assert "before 1 January 2025 are marked as stale" in memo


def test_without_kitos_the_memo_says_nothing_of_it(round_files, tmp_path):
    applications, _ = round_files
    memo = report(applications, tmp_path / "memo.md", "--date", TODAY).read_text("utf-8")
    assert "KITOS" not in memo


@pytest.mark.usefixtures("english")
def test_a_report_stops_at_an_export_it_cannot_read(round_files, tmp_path):
    applications, _ = round_files
    missing, out = tmp_path / "kitos.xlsx", tmp_path / "memo.md"
    result = runner.invoke(app, ["report", str(applications), "--kitos", str(missing), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {missing}: file not found\n"
    assert not out.exists()


# --- the workbook ------------------------------------------------------------------------------


@pytest.mark.usefixtures("danish")
def test_the_workbook_has_a_row_per_hint_in_its_kitos_sheet(round_files, tmp_path):
    applications, kitos = round_files
    book = load_workbook(io.BytesIO(report(applications, tmp_path / "memo.xlsx", "--kitos", str(kitos),
                                           "--date", TODAY).read_bytes()))
    assert book.sheetnames[-1] == "KITOS-hints"
    sheet = book["KITOS-hints"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("ID", "Ansøgning", "Kode", "System", "Bemærkning", "KITOS-række")
    assert [(r[0], r[2], r[3], r[5]) for r in rows[1:]] == [
        ("B1", "system_in_use", "Mine Apps", 3),
        ("B1", "cross_cutting_evidence", "Mine Apps", 3),
        ("B2", "system_not_in_kitos", "Nexus", None),
        ("B2", "check_overlap", "Cura", 2),
        ("B2", "stale_usage", "Cura", 2),
    ]
    # the text is the hint as `kitos check` and the memo give it
    export = read_kitos(kitos)
    expected = [h.text("da") for a in read_applications([applications])
                for h in screening_hints(a, export.usages, dt.date(2026, 11, 23))]
    assert [r[4] for r in rows[1:]] == expected
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:F6"


def test_the_english_workbook_names_the_sheet_in_english_and_without_kitos_there_is_none(round_files, tmp_path):
    applications, kitos = round_files
    english = load_workbook(io.BytesIO(report(applications, tmp_path / "en.xlsx", "--kitos", str(kitos),
                                              "--lang", "en").read_bytes()))
    assert english.sheetnames[-1] == "KITOS hints"
    assert next(english["KITOS hints"].iter_rows(values_only=True)) == (
        "ID", "Application", "Code", "System", "Hint", "KITOS row")
    plain = load_workbook(io.BytesIO(report(applications, tmp_path / "da.xlsx").read_bytes()))
    assert not any("KITOS" in name for name in plain.sheetnames)


@pytest.mark.usefixtures("danish")
def test_the_workbooks_applications_sheet_keeps_systems_and_kle_numbers_and_reads_back(round_files, tmp_path):
    applications, _ = round_files
    book = load_workbook(io.BytesIO(report(applications, tmp_path / "book.xlsx").read_bytes()))
    rows = [list(row) for row in book["Ansøgninger"].iter_rows(values_only=True)]
    assert rows[0][-2:] == ["KITOS-systemer", "KLE-numre"]
    assert [r[-2:] for r in rows[1:]] == [["Mine Apps", None], ["Nexus", "27.24.02"], [None, None]]
    again, problems = parse_rows(rows, "book.xlsx", "Ansøgninger")
    # the workbook's verdict column is blank where the council has not assessed: said, not an error
    assert [(p.severity, p.column) for p in problems] == [("warning", "ITP indstilling")] * sum(
        a.assessment is None for a in again)
    assert again == read_applications([applications])


# --- the README ----------------------------------------------------------------------------------

README = Path(__file__).resolve().parents[2] / "docs" / "kitos.md"
README_SECTION = "## KITOS hints in validate, the memo and the workbook"


def test_the_readme_lists_the_application_columns_as_the_reader_knows_them():
    section = README.read_text(encoding="utf-8").split(README_SECTION, 1)[1]
    for label, field in (("**systems**", "systems"), ("**KLE numbers**", "kle_codes")):
        listed = re.findall(r"`([^`]+)`", section.split(label, 1)[1].split(" — ", 1)[0])
        assert tuple(listed) == FIELDS[field].headers


@pytest.mark.usefixtures("danish")
def test_the_readme_examples_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner.invoke(app, ["demo", "--export", "mypool"])
    write_export(tmp_path / "kitos-it-systemer.xlsx", [usage_row("Cura", sidst_redigeret_dato="05-03-2024")])
    section = README.read_text(encoding="utf-8").split(README_SECTION, 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, flags=re.DOTALL)[1].replace("\\\n", " ")
    commands = [shlex.split(line)[1:] for line in block.splitlines() if line.startswith("digipulje ")]
    assert [c[0] for c in commands] == ["validate", "validate", "report"]
    for command in commands:
        result = runner.invoke(app, command)
        assert result.exit_code == 0, (command, result.output)
        shown = result.stdout if command[0] == "validate" else Path("indstilling.html").read_text("utf-8")
        assert "[KITOS række 2]" in shown  # the hints on A2, whose title names Cura
