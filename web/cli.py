"""`digipulje serve` and `digipulje user ...`: the web app and its users, from the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from digipulje.messages import N_, _

DEFAULT_DB = Path("digipulje.db")
DbOption = Annotated[Path, typer.Option("--db", envvar="DIGIPULJE_DB",
                                        help=_("The round database (SQLite file); also from DIGIPULJE_DB."))]

user_app = typer.Typer(name="user", no_args_is_help=True,
                       help=_("The web app's users: add, list, change a password, disable, set an e-mail address; see the security log."))

PROXY_NOTE = """\
digipulje serves plain HTTP. On {host} it can be reached from other machines: put it behind the
municipality's reverse proxy with TLS, and let only the proxy reach this port. For example (nginx):

    server {{
        listen 443 ssl;
        server_name digipulje.example.dk;
        ssl_certificate     /etc/ssl/digipulje.crt;
        ssl_certificate_key /etc/ssl/digipulje.key;
        client_max_body_size 25m;
        location / {{
            proxy_pass http://{host}:{port};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-For $remote_addr;
        }}
    }}

The session cookie is marked Secure when the proxy says X-Forwarded-Proto: https.
"""


def _fail(message: str) -> None:
    typer.echo(_("error: {message}", message=message), err=True)
    raise typer.Exit(1)


def _store(db: Path, create: bool):
    from digipulje.web import service
    from digipulje.web.users import UserStore

    try:
        if create:
            service.create_database(db)
        else:
            with service.database(db):
                pass
        return UserStore(db)
    except service.ServiceError as error:
        _fail(error.lines[0])


def _read_password(confirm: bool = True) -> str:
    if sys.stdin.isatty():
        return typer.prompt("Password", hide_input=True, confirmation_prompt=confirm)
    return sys.stdin.readline().rstrip("\r\n")


@user_app.command("add", help=_(
    "Add a user; the password is read from standard input (or asked for on a terminal)."))
def user_add(
    name: Annotated[str, typer.Argument(metavar=N_("NAME"), help=_("The user name they log in with."), show_default=False)],
    role: Annotated[list[str], typer.Option(
        "--role", help=_("sekretariat, bedømmer, chef, læser, ansøger or afdelingschef; repeat for several."),
        show_default=False)],
    department: Annotated[Optional[str], typer.Option(
        "--department",
        help=_("The user's own department (a council member does not rate its applications; an ansøger applies and an afdelingschef approves for it: required for them)."),  # noqa: E501
    )] = None,
    new_department: Annotated[bool, typer.Option(
        "--new-department",
        help=_("Take a department the rounds do not know yet (one without applications)."))] = False,
    lang: Annotated[str, typer.Option("--lang", help=_("da or en: the language of the pages."))] = "da",
    db: DbOption = DEFAULT_DB,
) -> None:
    """Add a user; the password is read from standard input (or asked for on a terminal)."""
    from digipulje.web.users import UserError

    store = _store(db, create=True)
    try:
        user = store.add(name, _read_password(), tuple(role), department, lang if lang in ("da", "en") else "da",
                         new_department=new_department)
    except UserError as error:
        _fail(str(error))
    typer.echo(_("user {name} added ({roles}) in {db}", name=user.name, roles=", ".join(user.roles), db=db))


@user_app.command("list", help=_("List the users, their roles and whether they are disabled."))
def user_list(db: DbOption = DEFAULT_DB) -> None:
    """List the users, their roles and whether they are disabled."""
    store = _store(db, create=False)
    users = store.list()
    width = max((len(u.name) for u in users), default=0)
    for u in users:
        state = " (disabled)" if u.disabled else ""
        dept = f", {u.department}" if u.department else ""
        typer.echo(f"{u.name:<{width}}  {','.join(u.roles)}{dept}{state}")


@user_app.command("passwd", help=_(
    "Set a new password (read from standard input, or asked for); ends the user's sessions."))
def user_passwd(name: Annotated[str, typer.Argument(metavar=N_("NAME"), show_default=False)], db: DbOption = DEFAULT_DB) -> None:
    """Set a new password (read from standard input, or asked for); ends the user's sessions."""
    from digipulje.web.users import UserError

    store = _store(db, create=False)
    try:
        store.set_password(name, _read_password())
    except UserError as error:
        _fail(str(error))
    typer.echo(_("password of {name} changed", name=name))


@user_app.command("disable", help=_("Disable a user (they can no longer log in; their sessions end)."))
def user_disable(
    name: Annotated[str, typer.Argument(metavar=N_("NAME"), show_default=False)],
    enable: Annotated[bool, typer.Option("--enable", help=_("Enable the user again instead."))] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Disable a user (they can no longer log in; their sessions end)."""
    from digipulje.web.users import UserError

    store = _store(db, create=False)
    try:
        store.set_disabled(name, not enable)
    except UserError as error:
        _fail(str(error))
    typer.echo(_("user {name} enabled", name=name) if enable else _("user {name} disabled", name=name))


@user_app.command("email", help=_(
    "Set a user's e-mail address: mail about applications is sent when DIGIPULJE_SMTP names a server."))
def user_email(
    name: Annotated[str, typer.Argument(metavar=N_("NAME"), help=_("The user name they log in with."), show_default=False)],
    address: Annotated[str, typer.Argument(metavar=N_("ADDRESS"), help=_("Where mail about applications goes."), show_default=False)],
    db: DbOption = DEFAULT_DB,
) -> None:
    from digipulje.web.mail import set_address
    from digipulje.web.users import UserError

    _store(db, create=False)
    try:
        set_address(db, name, address)
    except UserError as error:
        _fail(str(error))
    typer.echo(_("e-mail of {name} set to {address}", name=name, address=address.strip()))


@user_app.command("log", help=_("Show the security log: failed logins, the waits they started, attempts refused while waiting."))
def user_log(
    limit: Annotated[int, typer.Option("--limit", min=1, max=100_000, help=_("How many events, newest first."))] = 50,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Show the security log: failed logins, the waits they started, attempts refused while waiting."""
    from digipulje.web import service

    store = _store(db, create=False)
    for event in store.security_log(limit):
        typer.echo(service.describe_security_event(event))


def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help=_("The address to listen on."))] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help=_("The port to listen on."))] = 8000,
    solver: Annotated[str, typer.Option("--solver", help=_(
        "Solver for the pages: exact (the default: digipulje's own exact search, fast enough to re-solve on every change), cbc or highs."))] = "exact",
    municipality: Annotated[Optional[str], typer.Option(
        "--municipality", envvar="DIGIPULJE_MUNICIPALITY", show_default=False,
        help=_("The municipality's name, shown in the pages' header and footer."))] = None,
    accessibility_url: Annotated[Optional[str], typer.Option(
        "--accessibility-url", envvar="DIGIPULJE_ACCESSIBILITY_URL", show_default=False,
        help=_("The address of the municipality's accessibility statement, linked in every page's footer."))] = None,
) -> None:
    """Serve the web app: rounds, import, recommendation, decision, documents and log, in Danish."""
    import uvicorn

    from digipulje.base.process import settle_imports
    from digipulje.web import service
    from digipulje.web.app import create_app
    from digipulje.web.municipality import resolve_municipality

    if solver not in service.SOLVERS:
        _fail(_("--solver {solver}: choose exact, cbc or highs", solver=solver))
    try:
        served = resolve_municipality(municipality or "", accessibility_url or "")
    except service.ServiceError as error:
        _fail(error.lines[0])
    store = _store(db, create=True)
    if not store.list():
        typer.echo(_("note: no users yet: add one with 'digipulje user add NAME --role sekretariat --db {db}'", db=db),
                   err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(PROXY_NOTE.format(host=host, port=port), err=True)
    typer.echo(_("digipulje serves {db} on http://{host}:{port}/ (Ctrl-C stops it)", db=db, host=host, port=port),
               err=True)
    served_app = create_app(db, solver=solver, municipality=served)
    settle_imports("numpy", "digipulje.solver.exact")  # the engine's, before the first page needs them
    uvicorn.run(served_app, host=host, port=port, log_level="warning", proxy_headers=True, server_header=False)


def register(app: typer.Typer) -> None:
    """Adds `serve` and `user` to the digipulje command line."""
    app.command("serve", help=_(
        "Serve the web app: rounds, import, recommendation, decision, documents and log, in Danish."))(serve)
    app.add_typer(user_app, name="user")
