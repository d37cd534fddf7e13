"""E-mail about the steps of an application, sent only when an SMTP server is configured.

The configuration is the environment of `digipulje serve`: `DIGIPULJE_SMTP` names the
municipality's mail relay (`host` or `host:port`, port 25 by default), `DIGIPULJE_MAIL_FROM` the
sender, and `DIGIPULJE_URL` (optional) the address the app is reached at, for the link in the
mail. Without `DIGIPULJE_SMTP` no mail is ever sent; the inbox in the app is the same either way.

A user's address is set with `digipulje user email NAME ADDRESS` and kept in a table of its own
(`web_mail_addresses`) beside the users. Who is told of what:

    submitted                            the heads of the application's department
    sent back, approved, screened,       the applicants of the department
    rejected
    approved                             also the secretariat

A mail that cannot be sent never stops the step: the step is logged and shown in the inbox; the
failure is written to the server's error output.
"""

from __future__ import annotations

import os
import re
import smtplib
import sqlite3
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from digipulje.web.i18n import gettext
from digipulje.web.users import User, UserError

_SCHEMA = "CREATE TABLE IF NOT EXISTS web_mail_addresses (name TEXT PRIMARY KEY, address TEXT NOT NULL)"
_ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    sender: str
    base_url: str = ""

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> MailSettings | None:
        """The SMTP server of the configuration, or None: then no mail is sent."""
        server = environ.get("DIGIPULJE_SMTP", "").strip()
        if not server:
            return None
        host, _, port = server.rpartition(":") if ":" in server else (server, "", "25")
        sender = environ.get("DIGIPULJE_MAIL_FROM", "").strip() or f"digipulje@{host}"
        return cls(host, int(port) if port.isdigit() else 25, sender, environ.get("DIGIPULJE_URL", "").rstrip("/"))


def set_address(db: Path, name: str, address: str) -> None:
    address = address.strip()
    if not _ADDRESS.match(address):
        raise UserError(f"'{address}' is not an e-mail address: write it as name@kommune.dk")
    with sqlite3.connect(db) as connection:
        connection.execute(_SCHEMA)
        if connection.execute("SELECT 1 FROM web_users WHERE name = ?", (name,)).fetchone() is None:
            raise UserError(f"there is no user '{name}': see 'digipulje user list'")
        connection.execute("INSERT OR REPLACE INTO web_mail_addresses (name, address) VALUES (?, ?)", (name, address))
    connection.close()


def addresses(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as connection:
        connection.execute(_SCHEMA)
        found = dict(connection.execute("SELECT name, address FROM web_mail_addresses").fetchall())
    connection.close()
    return found


def recipients(users: Sequence[User], step: str, department: str) -> list[User]:
    """The users told of `step` of an application of `department`."""
    def of_department(role: str) -> list[User]:
        return [u for u in users if u.can(role) and u.department == department and not u.disabled]

    chosen = of_department("afdelingschef") if step == "submitted" else of_department("ansøger")
    if step == "approved":
        chosen += [u for u in users if u.can("sekretariat") and not u.disabled]
    return list({u.name: u for u in chosen}.values())


def notify(settings: MailSettings | None, db: Path, users: Sequence[User], step: str, round: str, application: str,
           department: str, title: str, reason: str | None = None) -> int:
    """Mails the users told of a step; returns how many mails were sent (0 without a server)."""
    if settings is None:
        return 0
    book = addresses(db)
    sent = 0
    for user in recipients(users, step, department):
        if user.name not in book:
            continue
        _ = gettext(user.lang)
        words = {"submitted": _("submitted"), "sent_back": _("sent back"), "approved": _("approved"),
                 "screened": _("screened"), "rejected": _("rejected administratively")}[step]
        message = EmailMessage()
        message["From"] = settings.sender
        message["To"] = book[user.name]
        message["Subject"] = _("Application {application} ({department}): {step}", application=application,
                               department=department, step=words)
        lines = [_("Application {application} ({department}): {step}", application=application,
                   department=department, step=words), title]
        if reason:
            lines.append(_("Comment") + ": " + reason)
        lines += ["", f"{settings.base_url}/runder/{round}/ansoegninger/{application}"]
        message.set_content("\n".join(lines) + "\n")
        try:
            with smtplib.SMTP(settings.host, settings.port, timeout=10) as smtp:
                smtp.ehlo()
                if smtp.has_extn("starttls"):
                    smtp.starttls()
                smtp.send_message(message)
            sent += 1
        except (OSError, smtplib.SMTPException) as error:
            print(f"digipulje: no mail to {user.name} about {application}: {error}", file=sys.stderr)
    return sent
