"""Sign-in, rate limit, session cookies, bearer tokens, kiosk devices and the CSRF policy."""

from __future__ import annotations

import pytest
from flask_login import current_user

from museum import create_app
from museum.auth import actor_name, client_key, current_kiosk, require_role
from museum.catalogue import accounts, kiosks
from museum.extensions import db, password_hasher
from tests.unit.curator.support import PASSWORD, csrf_from, login, session_csrf


def _who() -> dict:
    device = current_kiosk()
    return {"user": getattr(current_user, "username", None), "kiosk": device.name if device else None,
            "key": client_key(), "actor": actor_name()}


@pytest.fixture
def probe_app(app):
    """The app with two probe routes outside /curator: an open JSON post saying who asks, a viewer post."""
    app.add_url_rule("/api/v1/probe", "probe_open", _who, methods=["POST"])
    app.add_url_rule("/probe/readers", "probe_readers", require_role("viewer")(lambda: {"ok": True}),
                     methods=["POST"])
    return app


def _register(app, name: str = "hall-1") -> tuple[int, str]:
    with app.app_context(), db.transaction() as session:
        device, token = kiosks.add_device(session, name, "poems")
        return device.id, token


def test_sign_in_redirects_to_the_dashboard_and_sets_a_safe_cookie(client, users):
    response = login(client, "curator1")
    assert response.status_code == 302 and response.headers["Location"] == "/curator/"
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/curator/").status_code == 200


def test_cookies_are_secure_outside_tests(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path / "prod"), "SECRET_KEY": "x"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    with app.app_context():
        db.dispose()


@pytest.mark.parametrize("username, password", [("curator1", "wrong password!"), ("nobody", PASSWORD)])
def test_bad_credentials_are_refused_with_one_message(client, users, username, password):
    response = login(client, username, password)
    assert response.status_code == 401
    assert "Unknown user name or wrong password." in response.get_data(as_text=True)
    assert client.get("/curator/").status_code == 302


def test_disabled_accounts_cannot_sign_in(app, client, users):
    with app.app_context(), db.transaction() as session:
        accounts.get_user(session, "editor1").active = False
    assert login(client, "editor1").status_code == 401


def test_wrong_passwords_slow_that_account_from_that_address_only(app, client, users):
    for _ in range(5):
        assert login(client, "editor1", "guessing wrong").status_code == 401
    blocked = login(client, "editor1")  # from this address, without a known-device cookie: wait
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert login(client, "viewer1").status_code == 302  # other accounts are not slowed


def test_the_per_address_limit_is_configurable(app, client, users):
    app.config["LOGIN_ADDRESS_FREE_FAILURES"] = 3
    for name in ("a1", "a2", "a3"):
        assert login(client, name, "guessing wrong").status_code == 401
    assert login(client, "viewer1").status_code == 429


def test_next_only_follows_local_paths(client, users):
    token = csrf_from(client.get("/curator/login").get_data(as_text=True))
    for target, expected in (("/curator/records", "/curator/records"), ("//evil.example/x", "/curator/"),
                             ("https://evil.example/", "/curator/"), ("/\\evil.example", "/curator/")):
        client.post("/curator/logout", data={"csrf_token": token})
        token = csrf_from(client.get("/curator/login").get_data(as_text=True))
        response = client.post("/curator/login", data={"csrf_token": token, "username": "viewer1",
                                                       "password": PASSWORD, "next": target})
        assert response.headers["Location"] == expected


def test_password_change_ends_open_sessions(app, client, users):
    login(client, "editor1")
    assert client.get("/curator/").status_code == 200
    with app.app_context(), db.transaction() as session:
        accounts.get_user(session, "editor1").set_password("a brand new passphrase", password_hasher())
    assert client.get("/curator/").status_code == 302


def test_logout_needs_a_post_with_a_csrf_token(client, users):
    login(client, "viewer1")
    assert client.get("/curator/logout").status_code == 405
    assert client.post("/curator/logout").status_code == 400
    assert client.post("/curator/logout", data={"csrf_token": session_csrf(client)}).status_code == 302
    assert client.get("/curator/").status_code == 302


def test_login_form_without_csrf_token_is_rejected(client, users):
    response = client.post("/curator/login", data={"username": "viewer1", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/curator/").status_code == 302


@pytest.mark.parametrize("token", [None, "forged-token"])
def test_session_posts_without_a_valid_csrf_token_are_rejected(client, users, catalogue, token):
    login(client, "editor1")
    data = {"title_zh": "改", "action": "draft"} | ({"csrf_token": token} if token else {})
    response = client.post("/curator/records/1989.0107/edit", data=data)
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


def test_csrf_policy_outside_the_curator_blueprint(probe_app, users):
    client = probe_app.test_client()
    assert client.post("/api/v1/probe", json={}).status_code == 200  # anonymous: no ambient credential
    login(client, "viewer1")
    assert client.post("/api/v1/probe", json={}).status_code == 400  # rides on the session cookie
    response = client.post("/api/v1/probe", json={}, headers={"X-CSRFToken": session_csrf(client)})
    assert response.status_code == 200 and response.get_json()["user"] == "viewer1"


def test_api_clients_use_their_account_token_without_csrf(probe_app, users):
    client = probe_app.test_client()
    auth = {"Authorization": f"Bearer {users['api_token']}"}
    assert client.post("/probe/readers", headers=auth).status_code == 200
    assert client.post("/api/v1/probe", headers=auth).get_json() == {
        "user": "viewer1", "kiosk": None, "key": "address:127.0.0.1", "actor": "viewer:viewer1"}
    assert client.post("/probe/readers").status_code == 302  # anonymous page request: to the login page
    bad = client.post("/probe/readers", headers={"Authorization": "Bearer mt_not-a-token"})
    assert bad.status_code == 401 and "invalid_token" in bad.headers["WWW-Authenticate"]
    with probe_app.app_context(), db.transaction() as session:
        accounts.get_user(session, "viewer1").role = "editor"  # a role change applies to the token at once
    assert client.post("/probe/readers", headers=auth).status_code == 403


def test_a_revoked_or_disabled_token_stops_working(probe_app, users):
    client = probe_app.test_client()
    auth = {"Authorization": f"Bearer {users['api_token']}"}
    with probe_app.app_context(), db.transaction() as session:
        accounts.get_user(session, "viewer1").active = False
    assert client.post("/probe/readers", headers=auth).status_code == 401


def test_kiosk_devices_are_known_by_their_cookie_or_token_and_have_no_role(probe_app, users):
    ident, token = _register(probe_app)
    device = {"user": None, "kiosk": "hall-1", "key": f"kiosk:{ident}", "actor": "kiosk:hall-1"}
    client = probe_app.test_client()
    assert client.post("/api/v1/probe").get_json() == {"user": None, "kiosk": None,
                                                       "key": "address:127.0.0.1",
                                                       "actor": "anonymous@127.0.0.1"}
    assert client.get(f"/kiosk/{token}").status_code == 302  # the device opens its token once: the cookie
    assert client.post("/api/v1/probe").get_json() == device
    assert client.post("/probe/readers").status_code == 302  # a device is not signed in
    bearer = probe_app.test_client()
    assert bearer.post("/api/v1/probe", headers={"Authorization": f"Bearer {token}"}).get_json() == device
    refused = bearer.post("/probe/readers", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "unauthorized"


def test_a_kiosk_token_never_acts_as_the_signed_in_person(probe_app, users):
    _, token = _register(probe_app)
    client = probe_app.test_client()
    login(client, "viewer1")
    answer = client.post("/api/v1/probe", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert answer["user"] is None and answer["kiosk"] == "hall-1"
    assert client.post("/probe/readers", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_a_removed_device_is_anonymous_again(probe_app, users):
    _, token = _register(probe_app)
    client = probe_app.test_client()
    client.get(f"/kiosk/{token}")
    with probe_app.app_context(), db.transaction() as session:
        session.delete(kiosks.list_devices(session)[0])
    assert client.post("/api/v1/probe").get_json()["key"] == "address:127.0.0.1"
    refused = client.post("/api/v1/probe", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 401 and "invalid_token" in refused.headers["WWW-Authenticate"]


def test_passwords_are_stored_as_argon2id(app, users):
    with app.app_context(), db.transaction() as session:
        user = accounts.get_user(session, "admin1")
        assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
        hasher = password_hasher()
        assert user.check_password(PASSWORD, hasher) and not user.check_password(PASSWORD + "x", hasher)


def test_admins_change_roles_in_the_browser_but_not_their_own(app, users):
    admin, editor = app.test_client(), app.test_client()
    login(admin, "admin1")
    login(editor, "editor1")
    token = session_csrf(admin)

    def post(path, **data):
        return admin.post(path, data={"csrf_token": token, **data}).status_code

    assert post("/curator/users/editor1/role", role="viewer") == 303
    assert editor.get("/curator/").status_code == 302  # the role change ended the editor's session
    assert post("/curator/users/admin1/active", active="0") == 409
    assert post("/curator/users/viewer1/role", role="kiosk") == 303
    with app.app_context(), db.transaction() as session:
        assert accounts.get_user(session, "editor1").role == "viewer"
        assert accounts.get_user(session, "viewer1").role == "viewer"  # kiosk is no role: refused
