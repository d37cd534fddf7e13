"""E-mail about the steps of an application: sent through the SMTP server of the configuration
(here a small one started by the test), never when none is configured."""

from __future__ import annotations

import email
import email.policy
import socketserver
import threading

import pytest
from typer.testing import CliRunner

from tests.web.conftest import PASSWORD
from tests.web.test_applicants import ANSWERS, new_draft


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP to receive a message: the received ones go to `server.messages`."""

    def handle(self) -> None:
        def say(line: str) -> None:
            self.wfile.write((line + "\r\n").encode())

        say("220 test SMTP")
        recipients: list[str] = []
        while line := self.rfile.readline().decode().rstrip("\r\n"):
            command = line[:4].upper()
            if command in ("EHLO", "HELO"):
                say("250 test")
            elif command == "MAIL":
                recipients = []
                say("250 OK")
            elif command == "RCPT":
                recipients.append(line.split(":", 1)[1].strip(" <>"))
                say("250 OK")
            elif command == "DATA":
                say("354 go on")
                data = []
                while (part := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    data.append(part[1:] if part.startswith(b"..") else part)
                self.server.messages.append((recipients, email.message_from_bytes(b"".join(data),
                                                                                  policy=email.policy.default)))
                say("250 OK")
            elif command == "QUIT":
                say("221 bye")
                return
            else:
                say("250 OK")


@pytest.fixture
def smtp():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTPHandler)
    server.daemon_threads = True
    server.messages = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def people(db):
    from digipulje.cli import app
    from digipulje.web.users import UserStore

    store = UserStore(db)
    store.add("sara", PASSWORD, ("sekretariat",))
    store.add("anne", PASSWORD, ("ansøger",), department="Ældre, Social & Sundhed")
    store.add("hans", PASSWORD, ("afdelingschef",), department="Ældre, Social & Sundhed")
    store.add("birgit", PASSWORD, ("afdelingschef",), department="Børn & Familie")
    runner = CliRunner()
    for name in ("sara", "anne", "hans", "birgit"):
        result = runner.invoke(app, ["user", "email", name, f"{name}@kommune.dk", "--db", str(db)])
        assert result.exit_code == 0 and result.stdout == f"e-mail of {name} set to {name}@kommune.dk\n"
    refused = runner.invoke(app, ["user", "email", "anne", "anne at kommune", "--db", str(db)])
    assert refused.exit_code == 1
    assert refused.stderr == "error: 'anne at kommune' is not an e-mail address: write it as name@kommune.dk\n"


def walk(db, login_as):
    from tests.web.conftest import OPEN_2025

    sara = login_as("sara")
    sara.post("/runder", dict(OPEN_2025, round="2026", deadline="2026-12-01"))
    anne = login_as("anne")
    where = new_draft(anne)
    assert anne.post(where, dict(ANSWERS, action="submit"), follow_redirects=False).status_code == 303
    hans = login_as("hans")
    hans.post(where + "/send-tilbage", {"comment": "Tilføj tilbuddet"})
    anne.post(where, dict(ANSWERS, action="submit"))
    hans.post(where + "/godkend")


@pytest.fixture
def login_to(tmp_path, quick_hashes, monkeypatch):
    import datetime as dt

    from starlette.testclient import TestClient

    from digipulje.rounds import submissions
    from tests.web.conftest import Browser, csrf_of

    monkeypatch.setattr(submissions, "today", lambda: dt.date(2026, 11, 20))
    db = tmp_path / "runde.db"

    def make(environment: dict[str, str]):
        from digipulje.web.app import create_app

        for key in ("DIGIPULJE_SMTP", "DIGIPULJE_MAIL_FROM", "DIGIPULJE_URL"):
            monkeypatch.delenv(key, raising=False)
        for key, value in environment.items():
            monkeypatch.setenv(key, value)
        application = create_app(db)
        people(db)

        def log_in(name: str) -> Browser:
            client = TestClient(application)
            page = client.get("/login")
            client.post("/login", data={"csrf": csrf_of(page.text), "name": name, "password": PASSWORD, "next": "/"})
            return Browser(client, csrf_of(client.get("/").text))

        return db, log_in

    return make


@pytest.mark.usefixtures("english")
def test_each_step_is_mailed_to_those_it_concerns(smtp, login_to):
    host, port = smtp.server_address
    db, log_in = login_to({"DIGIPULJE_SMTP": f"{host}:{port}", "DIGIPULJE_MAIL_FROM": "digipulje@kommune.dk",
                           "DIGIPULJE_URL": "https://digipulje.kommune.dk/"})
    walk(db, log_in)
    sent = [(to, m["Subject"]) for to, m in smtp.messages]
    assert sent == [
        (["hans@kommune.dk"], "Ansøgning W1 (Ældre, Social & Sundhed): indsendt"),
        (["anne@kommune.dk"], "Ansøgning W1 (Ældre, Social & Sundhed): sendt tilbage"),
        (["hans@kommune.dk"], "Ansøgning W1 (Ældre, Social & Sundhed): indsendt"),
        (["anne@kommune.dk"], "Ansøgning W1 (Ældre, Social & Sundhed): godkendt"),
        (["sara@kommune.dk"], "Ansøgning W1 (Ældre, Social & Sundhed): godkendt"),
    ]
    sent_back = smtp.messages[1][1]
    assert sent_back["From"] == "digipulje@kommune.dk"
    body = sent_back.get_content()
    assert "Bemærkning: Tilføj tilbuddet" in body
    assert "https://digipulje.kommune.dk/runder/2026/ansoegninger/W1" in body


@pytest.mark.usefixtures("english")
def test_no_mail_is_sent_when_no_server_is_configured(smtp, login_to):
    db, log_in = login_to({})
    walk(db, log_in)
    assert smtp.messages == []


@pytest.mark.usefixtures("english")
def test_a_mail_server_that_is_down_does_not_stop_a_step(login_to, capfd):
    import socket

    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db, log_in = login_to({"DIGIPULJE_SMTP": f"127.0.0.1:{port}"})
    walk(db, log_in)
    from digipulje.rounds.submissions import read_submission

    assert read_submission(db, "2026", "W1").state == "approved"
    assert "digipulje: no mail to hans about W1:" in capfd.readouterr().err
