"""The 2025 round from start to follow-up through the command line, as the council would run it."""

from __future__ import annotations

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from digipulje.cli import app
from digipulje.pool.example import APPLICATIONS_FILE, OVERRIDES_FILE, POOL_FILE, example_path
from digipulje.rounds.rounds import read_round
from digipulje.rounds.store import RoundStore

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["round", *args])


def granted(allocation) -> dict[str, int]:
    return {d.id: d.granted_dkk for d in allocation.decisions if d.granted_dkk}


def test_a_whole_round_open_import_allocate_decide_followup(tmp_path):
    db = str(tmp_path / "pulje.db")
    opened = run("open", "2025", "--pool", str(example_path(POOL_FILE)), "--db", db, "--by", "ITP")
    assert opened.exit_code == 0, opened.output
    assert opened.stdout == f"runde 2025 åbnet i {db} (hændelse 1)\n"

    imported = run("import", "2025", str(example_path(APPLICATIONS_FILE)), "--db", db, "--by", "ITP")
    assert imported.exit_code == 0, imported.output
    assert imported.stdout == "importerede 7 ansøgninger i runde 2025 (hændelserne 2-9)\n"

    allocated = run("allocate", "2025", "--db", db, "--by", "ITP")
    assert allocated.exit_code == 0, allocated.output
    assert "kr. 122.500" in allocated.stdout
    assert allocated.stderr == "indstilling gemt som hændelse 10\n"

    decided = run("decide", "2025", "--overrides", str(example_path(OVERRIDES_FILE)), "--by", "Chefforum",
                  "--reason", "Chefforum 7. maj 2025, punkt 6", "--db", db)
    assert decided.exit_code == 0, decided.output
    assert "kr. 135.000" in decided.stdout
    assert decided.stderr == "beslutning gemt som hændelse 12\n"

    with RoundStore.open(db) as ws:
        state = read_round(ws, "2025")
    assert granted(state.recommendation.allocation) == {"A1": 122_500, "A3": 75_000, "A4": 12_500, "A5": 40_000}
    assert granted(state.decision.allocation) == {"A1": 135_000, "A3": 75_000, "A5": 40_000}
    assert state.decision.baseline == {"A1": 122_500, "A2": 0, "A3": 75_000, "A4": 12_500, "A5": 40_000,
                                       "A6": 0, "A7": 0}
    assert [o.application for o in state.decision.overrides] == ["A4"]
    assert state.decision.event.actor == "Chefforum"
    assert state.decision.event.reason == "Chefforum 7. maj 2025, punkt 6"

    steps = [
        ("A1", "--status", "running"),
        ("A3", "--status", "delayed", "--end-date", "2026-03-31", "--reason", "Leverandøren er forsinket"),
        ("A5", "--status", "cancelled", "--reason", "Behovet dækkes af Mine Apps alligevel"),
        ("A1", "--benefit", "borger", "--realised", "Triage i alle hjemmeplejegrupper", "--measured", "2026-02-01"),
    ]
    for step in steps:
        result = run("followup", "2025", *step, "--db", db, "--by", "ITP")
        assert result.exit_code == 0, result.output
    listed = run("followup", "2025", "--db", db)
    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.splitlines()
    assert lines[0] == "Opfølgning, runde 2025 (Chefforums beslutning, hændelse 12)"
    assert lines[4].split() == ["A1", "TOBS", "og", "triagering", "tilkøbsmodul", "kr.", "135.000", "i", "gang",
                                "kr.", "0"]
    assert lines[5].split() == ["A3", "Letdialog", "kr.", "75.000", "forsinket", "31.", "marts", "2026", "kr.", "0"]
    assert lines[6].split() == ["A5", "Tjek", "ind", "og", "ud", "system", "kr.", "40.000", "annulleret",
                                "kr.", "40.000"]
    assert lines[8].split() == ["I", "alt", "kr.", "250.000", "kr.", "40.000"]
    assert ("Bevilget kr. 250.000, tilbage til puljen kr. 40.000, i brug kr. 210.000; "
            "kr. 40.000 til rådighed i puljen (pulje kr. 250.000)") in lines
    assert ("  A1 citizen: forventet 4/4; realiseret: Triage i alle hjemmeplejegrupper (målt 1. februar 2026)"
            .replace("citizen", "borger")) in lines
    assert "  A3 medarbejder: forventet 3/4; ikke målt endnu" in lines

    for event in ("10", "12"):
        replayed = run("replay", "2025", "--event", event, "--db", db)
        assert replayed.exit_code == 0, replayed.output
        assert "genberegnet: identisk med det gemte resultat" in replayed.stdout

    verified = run("verify", "--db", db, "--lang", "en")
    assert verified.exit_code == 0
    assert verified.stdout.startswith("The decision log is intact: 16 events, last hash sha256:")

    history = run("history", "2025", "--db", db, "--lang", "en")
    kinds = [line.split("UTC")[1].split()[2] for line in history.stdout.splitlines()[2:]]
    assert kinds == ["opened", "import"] + ["assessment"] * 6 + ["rejection", "recommendation", "override",
                                                                 "decision"] + ["follow-up"] * 3 + ["benefit"]
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_show_lists_the_files_the_recommendation_and_the_decision(db):
    result = run("show", "2025", "--db", str(db))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Runde 2025: Digitaliseringspuljen 2025, pulje kr. 250.000"
    assert lines[1] == "Åbnet 2025-05-07 09:00 UTC af ITP (hændelse 1)"
    digest = "sha256:935f7a0ab6f8"
    assert lines[4] == f"  ansoegninger-2025.xlsx  {digest}…  7 ansøgninger  (hændelse 2, 2025-05-07 09:01 UTC, ITP)"
    assert lines[5] == "7 ansøgninger, ansøgt i alt kr. 600.764"
    assert "== IT-projektrådets indstilling (hændelse 10, 2025-05-07 09:09 UTC, ITP) ==" in lines
    assert "== Chefforums beslutning (hændelse 12, 2025-05-07 09:11 UTC, Chefforum) ==" in lines


def test_the_imported_file_is_stored_with_its_sha256(db):
    import hashlib

    data = example_path(APPLICATIONS_FILE).read_bytes()
    with RoundStore.open(db) as ws:
        source = read_round(ws, "2025").imports[0].payload["sources"][0]
    assert source == {"file": APPLICATIONS_FILE, "sha256": "sha256:" + hashlib.sha256(data).hexdigest(),
                      "bytes": len(data), "applications": ["A1", "A2", "A3", "A4", "A5", "A6", "A7"]}


def test_the_history_says_who_did_what_and_why(db):
    result = run("history", "--db", str(db))
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["#", "Tidspunkt", "Runde", "Aktør", "Hændelse", "Hvad"]
    assert lines[11].rstrip() == ("10  2025-05-07 09:09 UTC  2025   ITP        indstilling  "
                                  "A1 kr. 122.500, A3 kr. 75.000, A4 kr. 12.500, A5 kr. 40.000 (i alt kr. 250.000)")
    assert lines[12].rstrip() == ("11  2025-05-07 09:10 UTC  2025   Chefforum  ændring      udtag A4 (Chefforum) — "
                                  "Webintegration til IST Tjenestetid udgår; beløbet overgår til TOBS og triagering")
    assert lines[13].rstrip() == ("12  2025-05-07 09:11 UTC  2025   Chefforum  beslutning   A1 kr. 135.000, "
                                  "A3 kr. 75.000, A5 kr. 40.000 (i alt kr. 250.000); grundlag: hændelse 10 — "
                                  "Chefforum 7. maj 2025, punkt 6")
    assert lines[10].rstrip() == (" 9  2025-05-07 09:08 UTC  2025   ITP        afvisning    A7: afvist — Falder ind "
                                 "under afdelingens ordinære driftsbudget og dermed uden for ansøgningsrammen")


@pytest.mark.usefixtures("english")
def test_history_and_show_write_files_atomically(db, tmp_path):
    out = tmp_path / "out" / "historik.txt"
    result = run("history", "--db", str(db), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {out}\n"
    assert out.read_text(encoding="utf-8").splitlines()[1].startswith("-- ")
    assert [p.name for p in out.parent.iterdir()] == ["historik.txt"]


@pytest.mark.usefixtures("english")
def test_the_database_comes_from_the_environment(db, monkeypatch, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    monkeypatch.setenv("DIGIPULJE_DB", str(db))
    assert run("show", "2025").exit_code == 0
    monkeypatch.delenv("DIGIPULJE_DB")
    missing = run("show", "2025", "--lang", "en")
    assert missing.exit_code == 1
    assert missing.stderr == ("error: digipulje.db: no round database here: start one with "
                              "'digipulje round open YEAR --pool POOL.toml', or give --db FILE\n")
    assert not (tmp_path / "elsewhere" / "digipulje.db").exists()


@pytest.mark.parametrize("command", ["open", "import", "allocate", "decide", "show", "history", "verify",
                                     "replay", "followup"])
def test_every_round_command_has_help(command):
    result = runner.invoke(app, ["round", command, "--help"])
    assert result.exit_code == 0
    assert "--db" in result.stdout


def test_show_in_english(db):
    result = run("show", "2025", "--db", str(db), "--lang", "en")
    assert result.stdout.splitlines()[0] == "Round 2025: Digitaliseringspuljen 2025, pool DKK 250,000"
    assert "== The chiefs' decision (event 12, 2025-05-07 09:11 UTC, Chefforum) ==" in result.stdout.splitlines()


def test_allocation_json_in_the_log_is_the_stored_result(db):
    with RoundStore.open(db) as ws:
        state = read_round(ws, "2025")
    payload = state.decision.event.payload
    assert payload["fingerprint"] == state.decision.allocation.fingerprint
    assert payload["solver"]["name"] == "exact"
    assert payload["inputs"]["solver"] == "exact"
    assert payload["inputs"]["pool"]["weights"] == {"citizen": 1.0, "employee": 1.0, "municipality": 1.0,
                                                    "evidence": 1.0, "cross_cutting": 1.0}
    assert json.loads(json.dumps(payload)) == payload


@pytest.mark.usefixtures("english")
def test_show_as_json_for_other_programs(db):
    result = run("show", "2025", "--db", str(db), "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["round"] == "2025"
    assert payload["pool"]["budget_dkk"] == 250_000
    assert [(s["file"], s["event"]) for s in payload["sources"]] == [("ansoegninger-2025.xlsx", 2)]
    assert payload["applications"] == ["A1", "A2", "A3", "A4", "A5", "A6", "A7"]
    assert (payload["recommendation"]["event"], payload["decision"]["event"]) == (10, 12)
    decided = {a["id"]: a["granted_dkk"] for a in payload["decision"]["allocation"]["applications"]}
    assert decided == {"A1": 135_000, "A2": 0, "A3": 75_000, "A4": 0, "A5": 40_000, "A6": 0, "A7": 0}
    assert payload["decision"]["reason"] == "Chefforum 7. maj 2025, punkt 6"
    assert payload["last_event"] == 12
    csv = run("show", "2025", "--db", str(db), "--format", "csv")
    assert csv.exit_code == 2  # a usage error: the help offers table and json only
    assert csv.stderr.endswith("Error: Invalid value for '--format': 'csv' is not one of 'table', 'json'.\n")
