"""Account commands: ``museum user add NAME --role R``, ``list``, ``set-role``, ``password``, ``disable``,
``enable``, ``token``.

Passwords are read from a hidden prompt (asked twice) or, for scripts, from the first line of stdin with
``--password-stdin``. ``--token`` (or ``museum user token NAME``) prints a bearer token once, for a script
acting as the account; only its SHA-256 is stored. Kiosks are not accounts: ``museum kiosk add``.
"""

from __future__ import annotations

import secrets
import sys

import click

from museum.catalogue import accounts
from museum.cli.errors import MuseumGroup
from museum.exceptions import BadParameter
from museum.extensions import db, password_hasher


class Role(click.Choice):
    """A role; ``kiosk`` (a role until 2026-12) is answered with the way kiosks are made now."""

    def __init__(self) -> None:
        super().__init__(accounts.ROLES)

    def convert(self, value, param, ctx):
        if value == "kiosk":
            self.fail("a kiosk is a registered device, not an account: museum kiosk add NAME --station "
                      "poems|audio:ID|instrument:ACCESSION|gallery:SLUG", param, ctx)
        return super().convert(value, param, ctx)


def _read_password(from_stdin: bool, username: str) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(f"Password for {username}", hide_input=True, confirmation_prompt=True)
    accounts.check_password_strength(password, username)
    return password


@click.group("user", cls=MuseumGroup)
def user_group() -> None:
    """Accounts of the curator workspace (kiosks: `museum kiosk`)."""


@user_group.command("add")
@click.argument("name")
@click.option("--role", "role", required=True, type=Role())
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@click.option("--token", "with_token", is_flag=True, help="Also issue a bearer token (for scripts).")
def add_user(name: str, role: str, password_stdin: bool, with_token: bool) -> None:
    """Create an account NAME with role R (a kiosk is a device: `museum kiosk add`)."""
    password = _read_password(password_stdin, name)
    with db.transaction() as session:
        user = accounts.create_user(session, name, role, password, password_hasher())
        token = user.issue_token() if with_token else None
    click.echo(f"created {role} {name}")
    if token:
        click.echo(f"token (shown once, send as 'Authorization: Bearer ...'): {token}")


@user_group.command("list")
def list_users() -> None:
    """List the accounts."""
    with db.transaction() as session:
        users = session.query(accounts.User).order_by(accounts.User.username).all()
        for user in users:
            state = "active" if user.active else "disabled"
            last = user.last_login_at.isoformat(timespec="seconds") if user.last_login_at else "never"
            token = "token" if user.token_hash else "-"
            click.echo(f"{user.username:<24} {user.role:<8} {state:<8} {token:<5} last login {last}")


@user_group.command("set-role")
@click.argument("name")
@click.argument("role", type=Role())
def set_role(name: str, role: str) -> None:
    """Change the role of NAME (signs the account out everywhere)."""
    with db.transaction() as session:
        user = accounts.get_user(session, name)
        if not user.password_hash:
            raise BadParameter(f"{name} has no password; set one with 'museum user password'")
        user.role = role
        user.session_nonce = secrets.token_hex(8)
    click.echo(f"{name} is now {role}")


@user_group.command("password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True)
def set_password(name: str, password_stdin: bool) -> None:
    """Set a new password for NAME (signs the account out everywhere)."""
    password = _read_password(password_stdin, name)
    with db.transaction() as session:
        accounts.get_user(session, name).set_password(password, password_hasher())
    click.echo(f"password of {name} changed")


@user_group.command("token")
@click.argument("name")
@click.option("--revoke", is_flag=True, help="Remove the token instead of issuing a new one.")
def token(name: str, revoke: bool) -> None:
    """Issue (or revoke) the bearer token of NAME; a new token replaces the old one."""
    with db.transaction() as session:
        user = accounts.get_user(session, name)
        if revoke:
            user.token_hash = None
            new = None
        else:
            new = user.issue_token()
    click.echo(f"token of {name} revoked" if revoke else f"token (shown once): {new}")


def _set_active(name: str, active: bool) -> None:
    with db.transaction() as session:
        user = accounts.get_user(session, name)
        user.active = active
        user.session_nonce = secrets.token_hex(8)
    click.echo(f"{name} {'enabled' if active else 'disabled'}")


@user_group.command("disable")
@click.argument("name")
def disable(name: str) -> None:
    """Disable NAME: no sign-in, no token, open sessions end."""
    _set_active(name, False)


@user_group.command("enable")
@click.argument("name")
def enable(name: str) -> None:
    """Enable NAME again."""
    _set_active(name, True)


COMMANDS = [user_group]
