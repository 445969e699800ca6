"""Accounts: roles, password rules and tokens (the sign-in throttle: test_signin_throttle.py)."""

from __future__ import annotations

import pytest

from museum.auth import require_role
from museum.catalogue import accounts
from museum.curator.auth import safe_next
from museum.exceptions import BadParameter, Conflict
from museum.extensions import db, password_hasher


def test_admin_passes_every_role_check_and_others_only_their_own():
    admin, editor = accounts.User(username="a", role="admin"), accounts.User(username="e", role="editor")
    assert admin.has_role("curator") and admin.has_role("viewer")
    assert editor.has_role("curator", "editor") and not editor.has_role("curator")


@pytest.mark.parametrize("password, problem", [("short", "too short"),
                                               ("Ma.Wenjing", "differ from the user name")])
def test_weak_passwords_are_refused(password, problem):
    with pytest.raises(BadParameter, match=problem):
        accounts.check_password_strength(password, "ma.wenjing")


def test_unknown_roles_and_bad_names_are_refused(app):
    for role in ("janitor", "kiosk"):  # a kiosk is a registered device, not an account
        with pytest.raises(BadParameter, match=f"unknown role '{role}'"):
            require_role(role)
    with app.app_context(), db.transaction() as session:
        with pytest.raises(BadParameter, match="no spaces"):
            accounts.create_user(session, "li si", "viewer", "long enough pass", password_hasher())
        with pytest.raises(BadParameter, match="needs a password"):
            accounts.create_user(session, "lisi", "viewer")
        with pytest.raises(BadParameter, match="unknown role 'kiosk'"):
            accounts.create_user(session, "hall-1", "kiosk")
        accounts.create_user(session, "lisi", "viewer", "long enough pass", password_hasher())
        with pytest.raises(Conflict):
            accounts.create_user(session, "lisi", "editor", "long enough pass", password_hasher())


def test_tokens_are_stored_as_digests_and_replaced_on_reissue(app):
    with app.app_context(), db.transaction() as session:
        script = accounts.create_user(session, "nightly-export", "viewer", "long enough pass",
                                      password_hasher())
        first = script.issue_token()
        second = script.issue_token()
        session.flush()
        assert script.token_hash == accounts.token_digest(second) and first not in script.token_hash
        assert accounts.user_for_token(session, first) is None
        assert accounts.user_for_token(session, second) is script


def test_safe_next_rejects_other_sites(app):
    with app.test_request_context():
        assert safe_next("/curator/records?q=1") == "/curator/records?q=1"
        for target in ("//evil.example", "https://evil.example/x", "/\\evil", None, "javascript:alert(1)"):
            assert safe_next(target) == "/curator/"
