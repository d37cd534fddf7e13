"""`digipulje user ...` and `digipulje serve` from the command line."""

from __future__ import annotations

import sqlite3

import pytest
from typer.testing import CliRunner

from digipulje.cli import app

runner = CliRunner()


def _run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.mark.usefixtures("english")
def test_user_add_list_passwd_disable(tmp_path, quick_hashes):
    db = str(tmp_path / "runde.db")
    result = _run("user", "add", "sara", "--role", "sekretariat", "--role", "chef", "--db", db,
                  input="en lang adgangskode\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"user sara added (sekretariat, chef) in {db}\n"
    _run("user", "add", "bent", "--role", "bedømmer", "--department", "Ældre", "--db", db, input="en anden kode!\n")
    assert _run("user", "list", "--db", db).stdout == "bent  bedømmer, Ældre\nsara  sekretariat,chef\n"

    from digipulje.web.users import UserStore

    store = UserStore(tmp_path / "runde.db")
    assert store.authenticate("sara", "en lang adgangskode")[0].name == "sara"
    assert _run("user", "passwd", "sara", "--db", db, input="en helt ny kode\n").exit_code == 0
    assert store.authenticate("sara", "en lang adgangskode")[0] is None
    assert store.authenticate("sara", "en helt ny kode")[0].name == "sara"
    assert _run("user", "disable", "sara", "--db", db).stdout == "user sara disabled\n"
    assert "sara  sekretariat,chef (disabled)" in _run("user", "list", "--db", db).stdout
    assert store.authenticate("sara", "en helt ny kode")[0] is None
    _run("user", "disable", "sara", "--enable", "--db", db)
    assert store.authenticate("sara", "en helt ny kode")[0].name == "sara"
    with sqlite3.connect(db) as connection:  # only the hash is stored
        stored = connection.execute("SELECT password_hash FROM web_users WHERE name = 'sara'").fetchone()[0]
    assert stored.startswith("$argon2id$") and "en helt ny kode" not in stored
    assert _run("round", "verify", "--db", db).exit_code == 0


@pytest.mark.parametrize("args,password,message", [
    (["user", "add", "x", "--role", "konge"], "en lang adgangskode", "error: role konge: choose from sekretariat, bedømmer, chef, læser, ansøger, afdelingschef\n"),
    (["user", "add", "x", "--role", "chef"], "kort", "error: the password is shorter than 10 characters: choose a longer one\n"),
    (["user", "add", "../x", "--role", "chef"], "en lang adgangskode", "error: user name '../x': use letters, digits, '.', '_', '-' or '@' (at most 60)\n"),
    (["user", "passwd", "ingen"], "en lang adgangskode", "error: there is no user 'ingen': see 'digipulje user list'\n"),
])
@pytest.mark.usefixtures("english")
def test_user_errors_are_one_line(tmp_path, args, password, message, quick_hashes):
    db = str(tmp_path / "runde.db")
    _run("user", "add", "sara", "--role", "chef", "--db", db, input="en lang adgangskode\n")
    result = _run(*args, "--db", db, input=password + "\n")
    assert result.exit_code == 1
    assert result.stderr == message


def test_user_list_does_not_create_a_database(tmp_path, english):
    result = _run("user", "list", "--db", str(tmp_path / "ingen.db"))
    assert result.exit_code == 1
    assert "no round database here" in result.stderr
    assert not (tmp_path / "ingen.db").exists()


@pytest.mark.usefixtures("english")
def test_serve_binds_to_localhost_and_explains_the_proxy_for_another_host(tmp_path, monkeypatch):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    db = str(tmp_path / "runde.db")
    result = _run("serve", "--db", db)
    assert result.exit_code == 0, result.output
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8000
    assert "reverse proxy" not in result.stderr
    assert "no users yet" in result.stderr
    result = _run("serve", "--db", db, "--host", "0.0.0.0", "--port", "8080")
    assert calls[-1]["host"] == "0.0.0.0" and calls[-1]["port"] == 8080
    assert "reverse proxy with TLS" in result.stderr and "proxy_pass http://0.0.0.0:8080;" in result.stderr
    assert "X-Forwarded-Proto https" in result.stderr


@pytest.mark.parametrize("command", [["serve"], ["user"], ["user", "add"], ["user", "list"], ["user", "passwd"],
                                     ["user", "disable"], ["user", "log"]])
def test_every_command_has_help(command):
    result = _run(*command, "--help")
    assert result.exit_code == 0 and "Brug:" in result.stdout


def test_the_help_of_serve_and_user_is_danish():
    shown = " ".join(_run("serve", "--help").stdout.replace("│", " ").split())
    assert "Kør webappen: runder, import, indstilling, beslutning, dokumenter og log, på dansk." in shown
    assert "Adressen, der lyttes på." in shown and "Rundedatabasen (SQLite-fil); også fra DIGIPULJE_DB." in shown
    users = " ".join(_run("user", "--help").stdout.replace("│", " ").split())
    assert "Webappens brugere: tilføj, vis, skift adgangskode, deaktivér, sæt e-mailadresse; se sikkerhedsloggen." in users
    assert "Tilføj en bruger; adgangskoden læses fra standard input" in users
    add = " ".join(_run("user", "add", "--help").stdout.replace("│", " ").split())
    assert "sekretariat, bedømmer, chef, læser, ansøger eller afdelingschef; gentag for flere." in add
    assert "The user" not in add


def test_the_readmes_web_example_runs(tmp_path, monkeypatch, quick_hashes):
    import shlex
    from pathlib import Path

    import uvicorn

    readme = (Path(__file__).resolve().parents[2] / "docs" / "web.md").read_text(encoding="utf-8")
    block = readme.split("# The web app", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [shlex.split(line.split("#")[0])[1:] for line in block.splitlines() if line.startswith("digipulje ")]
    assert [c[:2] for c in commands] == [["user", "add"], ["serve", "--db"]]
    monkeypatch.chdir(tmp_path)
    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append(kwargs))
    for args in commands:
        result = _run(*args, input="en lang adgangskode\n")
        assert result.exit_code == 0, (args, result.output)
    assert calls == [{"host": "127.0.0.1", "port": 8000, "log_level": "warning", "proxy_headers": True,
                      "server_header": False}]
    assert "sara  sekretariat" in _run("user", "list", "--db", "runde.db").stdout


def test_the_app_finds_its_pages_from_any_folder(tmp_path):
    """Templates and styles are the installed package's, not a folder named web where it is started."""
    import subprocess
    import sys

    code = ("from starlette.testclient import TestClient\nfrom digipulje.web.app import create_app\n"
            "c = TestClient(create_app('runde.db'))\n"
            "print(c.get('/login').status_code, c.get('/static/style.css').status_code, 'Log ind' in c.get('/login').text)")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["200", "200", "True"]


def test_the_user_commands_speak_danish_by_default(tmp_path, quick_hashes):
    db = str(tmp_path / "r.db")
    added = _run("user", "add", "sara", "--role", "sekretariat", "--db", db, input="en lang adgangskode\n")
    assert added.stdout == f"bruger sara tilføjet (sekretariat) i {db}\n"
    short = _run("user", "add", "x", "--role", "chef", "--db", db, input="kort\n")
    assert short.stderr == "fejl: adgangskoden er kortere end 10 tegn: vælg en længere\n"
    assert _run("user", "disable", "sara", "--db", db).stdout == "bruger sara er deaktiveret\n"
