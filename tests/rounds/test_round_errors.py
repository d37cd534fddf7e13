"""What the round commands say when something is wrong: one clear line each, nothing stored."""

from __future__ import annotations

import sqlite3

import pytest
from typer.testing import CliRunner

from digipulje.base.errors import InputError
from digipulje.cli import app
from digipulje.pool.example import APPLICATIONS_FILE, POOL_FILE, example_path
from digipulje.pool.overrides import Override
from digipulje.rounds.followup import Progress, record_progress
from digipulje.rounds.log import read_events
from digipulje.rounds.rounds import SourceFile, decide_round, import_applications, read_round, require_unchanged
from digipulje.rounds.store import RoundStoreError
from tests.factories import application

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["round", *args])


def count_events(db) -> int:
    connection = sqlite3.connect(db)
    count = connection.execute("SELECT count(*) FROM events").fetchone()[0]
    connection.close()
    return count


@pytest.mark.usefixtures("english")
def test_a_round_is_opened_once(db):
    result = run("open", "2025", "--db", str(db))
    assert result.exit_code == 1
    assert result.stderr == (f"error: round 2025 is already open in {db} (event 1, 2025-05-07T09:00:00Z): "
                             "a round is opened once\n")
    assert count_events(db) == 12


@pytest.mark.usefixtures("english")
def test_a_round_name_is_checked(db):
    result = run("open", "2026 forår", "--db", str(db))
    assert result.stderr == ("error: round '2026 forår': name a round with letters, digits, '.', '-' or '_' "
                             "(at most 40), for example 2026\n")


def test_a_round_may_be_named_in_danish(db):
    assert run("open", "prøve-2026", "--pool", str(example_path(POOL_FILE)), "--db", str(db)).exit_code == 0
    assert run("show", "prøve-2026", "--db", str(db)).exit_code == 0
    assert run("open", "_prøve", "--db", str(db)).exit_code == 1  # a name starts with a letter or digit


@pytest.mark.usefixtures("english")
def test_a_second_round_lives_beside_the_first(db):
    assert run("open", "2026", "--pool", str(example_path(POOL_FILE)), "--db", str(db)).exit_code == 0
    result = run("show", "2026", "--db", str(db), "--lang", "en")
    assert result.stdout.splitlines()[3:7] == ["No applications yet.", "", "No recommendation yet.", ""]
    assert run("allocate", "2026", "--db", str(db)).stderr == (
        "error: round 2026 has no applications yet: import them with 'digipulje round import 2026 FILE...'\n")
    assert run("decide", "2026", "--by", "Chefforum", "--db", str(db)).stderr == (
        "error: round 2026 has no recommendation yet: make one with 'digipulje round allocate 2026'\n")
    assert run("followup", "2026", "--db", str(db)).stderr == (
        "error: round 2026 has no decision yet: record the chiefs' decision with "
        "'digipulje round decide 2026 --by NAME'\n")


@pytest.mark.usefixtures("english")
def test_a_round_that_was_never_opened(db):
    result = run("show", "2030", "--db", str(db))
    assert result.stderr == f"error: round 2030 is not in {db}: open it with 'digipulje round open 2030 --pool POOL.toml'\n"


@pytest.mark.usefixtures("english")
def test_importing_the_same_applications_again_needs_replace(db):
    sheet = str(example_path(APPLICATIONS_FILE))
    result = run("import", "2025", sheet, "--db", str(db))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"error: application A{i} is already in round 2025 (from ansoegninger-2025.xlsx): "
        "import with --replace to replace it" for i in range(1, 8)]
    assert count_events(db) == 12
    replaced = run("import", "2025", sheet, "--replace", "--db", str(db))
    assert replaced.exit_code == 0, replaced.output
    history = run("history", "2025", "--db", str(db), "--lang", "en").stdout.splitlines()
    assert history[14].endswith("; replacing A1, A2, A3, A4, A5, A6, A7")


def test_the_same_id_in_two_files_is_refused(store, english):
    one = SourceFile("a.csv", "sha256:1", 1, (application("N1", 20_000),))
    two = SourceFile("b.csv", "sha256:2", 1, (application("N1", 30_000),))
    with pytest.raises(InputError) as caught:
        import_applications(store, "2025", [one, two], "ITP")
    assert caught.value.lines == ("b.csv: application id 'N1' is also in a.csv: ids must be unique",)


@pytest.mark.usefixtures("english")
def test_an_import_file_that_is_not_there(db, tmp_path):
    result = run("import", "2025", str(tmp_path / "mangler.xlsx"), "--db", str(db))
    assert result.stderr == f"error: {tmp_path / 'mangler.xlsx'}: file not found\n"


def test_a_decision_needs_the_applications_the_recommendation_saw(store, english):
    changed = application("A1", 150_000)
    import_applications(store, "2025", [SourceFile("ny.xlsx", "sha256:3", 1, (changed,))], "ITP", replace=True)
    with pytest.raises(RoundStoreError) as caught:
        decide_round(store, "2025", "Chefforum")
    assert caught.value.lines == ("the applications of round 2025 changed after the recommendation (event 10): "
                                  "allocate again before deciding",)


@pytest.mark.usefixtures("english")
def test_overrides_that_cannot_hold_store_nothing(db, tmp_path):
    overrides = tmp_path / "umulig.toml"
    overrides.write_text('[[override]]\napplication = "A2"\naction = "fix"\namount_dkk = 300000\n'
                         'reason = "for meget"\ndecided_by = "Chefforum"\n', encoding="utf-8")
    result = run("decide", "2025", "--by", "Chefforum", "--overrides", str(overrides), "--db", str(db),
                 "--reopen", "Chefforum genoptager")
    assert result.exit_code == 1
    assert result.stderr == ("error: override 'fix A2 at 300,000 kr (Chefforum: for meget)': more than the "
                             "203,264 kr requested\n")
    assert count_events(db) == 12  # not even the reopening


def test_a_write_after_someone_else_changed_the_round_is_refused(store, english):
    state = read_round(store, "2025")
    record_progress(store, "2025", "A1", Progress.RUNNING, "ITP")
    with pytest.raises(RoundStoreError) as caught:
        with store.transaction():
            require_unchanged(store, state)
    assert caught.value.lines == ("round 2025 changed while this command ran (event 13, followup by ITP): "
                                  "run the command again",)
    assert len(read_events(store)) == 13


@pytest.mark.usefixtures("english")
def test_a_file_that_is_not_a_round_database(tmp_path):
    other = tmp_path / "regneark.db"
    other.write_text("ID;Titel\n", encoding="utf-8")
    result = run("history", "--db", str(other))
    assert result.exit_code == 1
    assert result.stderr == f"error: {other}: not a digipulje round database (file is not a database)\n"
    empty = tmp_path / "tom.db"
    sqlite3.connect(empty).execute("CREATE TABLE x (y)").connection.close()
    assert run("history", "--db", str(empty)).stderr == (
        f"error: {empty}: not a digipulje round database (no decision log in it)\n")


@pytest.mark.usefixtures("english")
def test_opening_in_a_folder_that_is_not_there(tmp_path):
    result = run("open", "2026", "--db", str(tmp_path / "mangler" / "pulje.db"))
    assert result.stderr == f"error: {tmp_path / 'mangler' / 'pulje.db'}: the folder {tmp_path / 'mangler'} does not exist\n"


@pytest.mark.usefixtures("english")
def test_a_database_from_another_format_version(db):
    connection = sqlite3.connect(db)
    connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    connection.commit()
    connection.close()
    assert run("history", "--db", str(db)).stderr == (
        f"error: {db}: database format 99, but this digipulje reads format 1: use the digipulje version that wrote it\n")


def test_overrides_are_logged_one_by_one_with_who_and_why(store):
    overrides = [Override(application="A4", action="exclude", reason="udgår", decided_by="Chefforum"),
                 Override(application="A3", action="fix", amount_dkk=70_000, reason="lavere tilbud",
                          decided_by="Chefforum")]
    decide_round(store, "2025", "Chefforum", overrides)
    events = read_events(store)[12:]
    assert [(e.kind.value, e.actor, e.reason) for e in events] == [
        ("override", "Chefforum", "lavere tilbud"), ("override", "Chefforum", "udgår"), ("decision", "Chefforum", None)]
    decision = read_round(store, "2025").decision.allocation
    assert decision.decision("A3").granted_dkk == 70_000
    assert decision.granted_dkk <= 250_000


@pytest.mark.usefixtures("english")
def test_someone_elses_database_is_left_alone(tmp_path):
    other = tmp_path / "andet.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE kunder (navn TEXT)")
    connection.commit()
    connection.close()
    result = run("open", "2026", "--db", str(other))
    assert result.stderr == (f"error: {other}: not a digipulje round database (it holds other tables): "
                             "choose another file with --db\n")
    connection = sqlite3.connect(other)
    assert [r[0] for r in connection.execute("SELECT name FROM sqlite_master")] == ["kunder"]
    connection.close()
    text = tmp_path / "noter.txt"
    text.write_text("ikke en database", encoding="utf-8")
    assert run("open", "2026", "--db", str(text)).stderr == (
        f"error: {text}: not a digipulje round database (file is not a database)\n")
    assert text.read_text(encoding="utf-8") == "ikke en database"


def test_a_bad_round_name_creates_no_database(tmp_path):
    result = run("open", "2026 forår", "--db", str(tmp_path / "ny.db"))
    assert result.exit_code == 1
    assert not (tmp_path / "ny.db").exists()
