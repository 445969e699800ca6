"""Every role-guarded route, discovered from the url_map: anonymous → login redirect (pages) or 401
(JSON), wrong role → 403, right role → success; unsafe methods also need a CSRF token.

A new route guarded by ``require_role`` is covered automatically; a curator route without a guard fails
``test_every_curator_route_is_guarded``.
"""

from __future__ import annotations

import tempfile

import pytest

from museum import create_app
from museum.catalogue import accounts, kiosks
from museum.extensions import db
from tests.settings import TEST_SETTINGS
from tests.unit.curator.support import PEOPLE, login, session_csrf

UNGUARDED = {"curator.login", "curator.logout", "curator.static"}
# Values for URL variables; routes of other features with other variables get "1" (200 or 404 then).
SAMPLE_VALUES = {"accession": "1989.0107", "accession_number": "1989.0107", "number": 1,
                 "slug": "ancient-ba-yu"}
SAFE = {"GET", "HEAD", "OPTIONS"}


def _discover():
    with tempfile.TemporaryDirectory(prefix="routes-") as folder:  # only the url_map is needed
        return _discover_in(create_app({**TEST_SETTINGS, "INSTANCE_PATH": folder, "SECRET_KEY": "t"}))


def _discover_in(app):
    cases, unguarded = [], []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        roles = getattr(view, "required_roles", None)
        if roles is None:
            if rule.endpoint.startswith("curator.") and rule.endpoint not in UNGUARDED:
                unguarded.append(rule.endpoint)
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            cases.append(pytest.param(rule.rule, rule.endpoint, method, roles, id=f"{method} {rule.rule}"))
    return cases, unguarded


CASES, UNGUARDED_FOUND = _discover()


def _url(app, endpoint: str, rule: str) -> str:
    with app.test_request_context():
        from flask import url_for

        [found] = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint and r.rule == rule]
        return url_for(endpoint, **{arg: SAMPLE_VALUES.get(arg, 1) for arg in found.arguments})


def _is_json(rule: str) -> bool:
    return "/api/" in rule


def _wrong_role(roles: tuple) -> str | None:
    if not roles:
        return None
    return next((r for r in reversed(PEOPLE) if r != "admin" and r not in roles), None)


def _right_role(roles: tuple) -> str:
    return roles[0] if roles else "viewer"


def _send(client, method, url, csrf=None):
    headers = {"X-CSRFToken": csrf} if csrf else {}
    return client.open(url, method=method, headers=headers, data={} if method not in SAFE else None)


def test_every_curator_route_is_guarded():
    assert CASES, "no guarded routes found"
    assert UNGUARDED_FOUND == [], f"curator routes without require_role: {UNGUARDED_FOUND}"


@pytest.mark.parametrize(("rule", "endpoint", "method", "roles"), CASES)
def test_anonymous_is_sent_to_login_or_refused(app, rule, endpoint, method, roles):
    client = app.test_client()
    if method not in SAFE:  # a fresh CSRF token, so that the refusal comes from the role check
        client.get("/curator/login")
    url = _url(app, endpoint, rule)
    response = _send(client, method, url, csrf=None)
    if _is_json(rule):
        assert response.status_code == 401
        assert response.get_json()["error"]["code"] == "unauthorized"
    elif method in SAFE:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/curator/login?next=")
    else:
        assert response.status_code in (302, 400)  # login redirect, or no CSRF token: refused either way


@pytest.mark.parametrize(("rule", "endpoint", "method", "roles"), CASES)
def test_wrong_role_is_forbidden(app, users, catalogue, rule, endpoint, method, roles):
    wrong = _wrong_role(roles)
    if wrong is None:
        pytest.skip("every person role may use this route")
    client = app.test_client()
    assert login(client, users["names"][wrong]).status_code == 302
    csrf = session_csrf(client)
    response = _send(client, method, _url(app, endpoint, rule), csrf)
    assert response.status_code == 403, response.get_data(as_text=True)[:300]


@pytest.mark.parametrize(("rule", "endpoint", "method", "roles"), CASES)
def test_a_kiosk_device_token_opens_no_guarded_route(app, rule, endpoint, method, roles):
    """A device is not an account: its token identifies it (rate limits, heartbeats) and passes no role
    check, not even an empty one."""
    with app.app_context(), db.transaction() as session:
        token = kiosks.add_device(session, "hall-1", "poems")[1]
    response = app.test_client().open(_url(app, endpoint, rule), method=method,
                                      headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401, response.get_data(as_text=True)[:300]
    assert response.get_json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize(("rule", "endpoint", "method", "roles"), CASES)
def test_right_role_is_served(app, users, catalogue, rule, endpoint, method, roles):
    client = app.test_client()
    assert login(client, users["names"][_right_role(roles)]).status_code == 302
    csrf = session_csrf(client)
    url = _url(app, endpoint, rule)
    known = all(arg in SAMPLE_VALUES for arg in _arguments(app, endpoint, rule))
    if method not in SAFE:
        assert _send(client, method, url, csrf=None).status_code == 400, "accepted without a CSRF token"
    response = _send(client, method, url, csrf)
    if method in SAFE and known and endpoint.startswith("curator."):
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
    else:  # a form post answers with a redirect or a page showing what was wrong with the input
        assert response.status_code not in (401, 403) and response.status_code < 500


def _arguments(app, endpoint, rule):
    return next(r.arguments for r in app.url_map.iter_rules() if r.endpoint == endpoint and r.rule == rule)


def test_roles_are_the_documented_ones():
    assert accounts.ROLES == ("admin", "curator", "editor", "viewer")
