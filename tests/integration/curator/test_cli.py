"""``museum user ...`` and ``museum audit ...``."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from museum.catalogue import accounts
from museum.catalogue.models import Record
from museum.cli.accounts import user_group
from museum.cli.audit import audit_group
from museum.extensions import db, password_hasher
from tests.unit.curator.support import login

GROUPS = {"user": user_group, "audit": audit_group}


class Cli:
    """Runs ``museum user ...``/``museum audit ...`` inside the app context, as the ``museum`` CLI does."""

    def __init__(self, app, runner):
        self.app, self.runner = app, runner

    def invoke(self, args, input=None):
        with self.app.app_context():
            return self.runner.invoke(GROUPS[args[0]], args[1:], input=input)


@pytest.fixture
def cli(app, runner):
    return Cli(app, runner)


def test_user_add_reads_the_password_from_stdin_and_the_account_can_sign_in(app, cli):
    result = cli.invoke(["user", "add", "zhang", "--role", "curator", "--password-stdin"],
                           input="a long enough passphrase\n")
    assert result.exit_code == 0, result.output
    assert "created curator zhang" in result.output
    assert login(app.test_client(), "zhang", "a long enough passphrase").status_code == 302


def test_user_add_prompts_twice_when_interactive(app, cli):
    result = cli.invoke(["user", "add", "liu", "--role", "viewer"],
                           input="first passphrase!\nfirst passphrase!\n")
    assert result.exit_code == 0, result.output
    with app.app_context(), db.transaction() as session:
        assert accounts.get_user(session, "liu").check_password("first passphrase!", password_hasher())


def test_user_add_refuses_bad_input_clearly(app, cli):
    weak = cli.invoke(["user", "add", "wu", "--role", "editor", "--password-stdin"], input="short\n")
    assert weak.exit_code != 0 and "password too short" in weak.output
    role = cli.invoke(["user", "add", "wu", "--role", "janitor", "--password-stdin"], input="x" * 12)
    assert role.exit_code != 0 and "janitor" in role.output
    cli.invoke(["user", "add", "wu", "--role", "editor", "--password-stdin"], input="a good passphrase\n")
    again = cli.invoke(["user", "add", "wu", "--role", "editor", "--password-stdin"],
                          input="a good passphrase\n")
    assert again.exit_code != 0 and "already exists" in again.output


def test_scripts_get_an_account_token_once(app, cli):
    result = cli.invoke(["user", "add", "nightly-export", "--role", "viewer", "--token", "--password-stdin"],
                        input="a long enough passphrase\n")
    assert result.exit_code == 0, result.output
    token = result.output.split(": ")[-1].strip()
    assert token.startswith("mt_")
    with app.app_context(), db.transaction() as session:
        assert accounts.user_for_token(session, token).username == "nightly-export"
        assert token not in (accounts.get_user(session, "nightly-export").token_hash or "")
    listing = cli.invoke(["user", "list"]).output
    assert "nightly-export" in listing and "token" in listing


def test_a_kiosk_is_not_an_account(app, cli, users):
    """Kiosks are registered devices (issue 16: a kiosk account's token never opened a station)."""
    for args in (["user", "add", "hall-1", "--role", "kiosk"], ["user", "set-role", "viewer1", "kiosk"]):
        result = cli.invoke(args, input="a long enough passphrase\n")
        assert result.exit_code == 2 and "museum kiosk add NAME --station" in result.output
    with app.app_context(), db.transaction() as session:
        assert session.scalar(text("SELECT count(*) FROM users WHERE username = 'hall-1'")) == 0
        assert accounts.get_user(session, "viewer1").role == "viewer"


def test_set_role_disable_and_enable(app, cli, users):
    assert cli.invoke(["user", "set-role", "viewer1", "editor"]).exit_code == 0
    assert cli.invoke(["user", "disable", "viewer1"]).exit_code == 0
    with app.app_context(), db.transaction() as session:
        user = accounts.get_user(session, "viewer1")
        assert (user.role, user.active) == ("editor", False)
    assert cli.invoke(["user", "enable", "ghost"]).exit_code != 0


def test_role_changes_are_audited_without_secrets(app, cli, users):
    cli.invoke(["user", "set-role", "viewer1", "editor"])
    export = cli.invoke(["audit", "export"]).output
    rows = [json.loads(line) for line in export.splitlines()]
    change = [r for r in rows if r["entity"] == "users" and r["action"] == "update"][-1]
    assert json.loads(change["after_json"])["role"] == "editor"
    assert "$argon2" not in export and users["api_token"] not in export


def test_audit_verify_export_and_detect_tampering(app, cli, catalogue):
    ok = cli.invoke(["audit", "verify"])
    assert ok.exit_code == 0 and ok.output.startswith("OK: 5 entries")
    anchor = cli.invoke(["audit", "head"]).output.strip()
    assert cli.invoke(["audit", "verify", "--anchor", anchor]).exit_code == 0
    rows = [json.loads(line) for line in cli.invoke(["audit", "export"]).output.splitlines()]
    assert [r["seq"] for r in rows] == [1, 2, 3, 4, 5] and rows[2]["entity_key"] == "1989.0107"
    assert rows[0]["actor"].startswith("cli:")
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER audit_log_no_delete"))
        connection.execute(text("DELETE FROM audit_log WHERE seq = 3"))
    bad = cli.invoke(["audit", "verify", "--json"])
    assert bad.exit_code == 1
    assert {p["problem"] for p in json.loads(bad.output)["problems"]} == {"missing_entries", "broken_link"}


def test_imports_through_a_session_are_audited_in_batches(app, cli, catalogue):
    with app.app_context(), db.transaction() as session:
        session.add_all([Record(accession_number=f"2024.{n:04d}", title={"zh": f"藏品{n}"})
                         for n in range(300)])
    result = cli.invoke(["audit", "verify"])
    assert result.exit_code == 0 and "305 entries" in result.output
    csv_out = cli.invoke(["audit", "export", "--format", "csv", "--since", "300"]).output
    assert csv_out.splitlines()[0].startswith("seq,at,actor") and len(csv_out.splitlines()) == 6
