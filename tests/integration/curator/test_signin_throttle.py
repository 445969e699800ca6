"""Sign-in throttling over HTTP: attackers are slowed, owners and admins are never locked out (issue 13,
item 6)."""

from __future__ import annotations

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from museum.catalogue import accounts, audit_chain
from museum.catalogue.audit import AuditEntry
from museum.curator.signin import DEVICE_COOKIE
from museum.extensions import db
from tests.unit.curator.support import PASSWORD, FakeClock, csrf_from

ATTACKER, OWNER, ELSEWHERE = "203.0.113.66", "198.51.100.20", "192.0.2.33"


@pytest.fixture
def clock(app):
    clock = FakeClock()
    app.extensions["museum_clock"] = clock
    return clock


class Browser:
    """A test client at one address, keeping its own cookies (and so its known-device cookie)."""

    def __init__(self, app, address: str, language: str = "en"):
        self.client = app.test_client()
        self.client.environ_base.update(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE=language)
        self.token = None

    def sign_in(self, username: str, password: str = PASSWORD):
        if self.token is None:
            self.token = csrf_from(self.client.get("/curator/login").get_data(as_text=True))
        response = self.client.post("/curator/login", data={"csrf_token": self.token, "username": username,
                                                            "password": password})
        if response.status_code == 302:  # signed in: the session (and its CSRF token) starts afresh
            self.client.post("/curator/logout", data={"csrf_token": self._session_token()})
            self.token = None
        return response

    def _session_token(self) -> str:
        return self.client.get("/curator/api/session").get_json()["csrf_token"]


def attack(browser: Browser, username: str, tries: int, clock: FakeClock | None = None) -> list:
    """Wrong passwords; with a clock, the attacker waits out each Retry-After (so every guess is checked)."""
    answers = []
    for n in range(tries):
        response = browser.sign_in(username, f"guess number {n}")
        retry_after = int(response.headers.get("Retry-After", 0))
        answers.append((response.status_code, retry_after))
        if clock is not None and retry_after:
            clock.advance(retry_after)
    return answers


@pytest.mark.slow
def test_the_owner_signs_in_after_an_attackers_1000_wrong_tries_from_another_address(app, users, clock):
    owner = Browser(app, OWNER)
    assert owner.sign_in("curator1").status_code == 302  # the owner's browser and address become known
    started = clock()
    answers = attack(Browser(app, ATTACKER), "curator1", 1000, clock)  # each guess as soon as allowed

    assert owner.sign_in("curator1").status_code == 302  # known device
    assert Browser(app, OWNER).sign_in("curator1").status_code == 302  # known address, no cookie
    assert Browser(app, ELSEWHERE).sign_in("curator1").status_code == 302  # a new place: not slowed either
    assert answers[-2:] in ([(401, 0), (429, 300)], [(429, 300), (401, 0)])  # one guess per 5 minutes
    assert (clock() - started).days >= 1  # 1,000 tries took the attacker more than a day, not seconds


def test_the_owners_known_device_signs_in_behind_the_attackers_own_address(app, users, clock):
    owner = Browser(app, ATTACKER)  # the owner and the attacker share one NAT address
    assert owner.sign_in("editor1").status_code == 302
    attack(Browser(app, ATTACKER), "editor1", 200)
    assert Browser(app, ATTACKER).sign_in("editor1").status_code == 429  # without the cookie: slowed
    assert owner.sign_in("editor1").status_code == 302  # with the known-device cookie: never
    with app.app_context(), db.transaction() as session:
        editor_id = accounts.get_user(session, "editor1").id
    forged = Browser(app, ATTACKER)
    forger = URLSafeTimedSerializer("not the app's key", salt="museum.known-device")
    value = forger.dumps({"d": "x", "u": [editor_id]})
    forged.client.set_cookie(DEVICE_COOKIE, value, path="/curator/login")
    assert forged.sign_in("editor1").status_code == 429  # a cookie not signed by the app is worth nothing


def test_an_admin_signs_in_after_more_than_20_failures_from_one_address(app, users, clock):
    admin = Browser(app, OWNER)
    assert admin.sign_in("admin1").status_code == 302
    sprayer = Browser(app, OWNER)  # someone in the same office tries many accounts
    answers = [sprayer.sign_in(f"user{n}", "Summer2026!").status_code for n in range(25)]
    assert answers[:20] == [401] * 20 and 429 in answers[20:]
    assert Browser(app, OWNER).sign_in("viewer1").status_code == 429  # accounts never used here wait
    assert Browser(app, OWNER).sign_in("admin1").status_code == 302  # the admin's known address does not
    attack(sprayer, "admin1", 50, clock)  # even aimed at the admin from the admin's own address ...
    assert admin.sign_in("admin1").status_code == 302  # ... the admin's known device gets in


def test_the_attackers_delays_grow_up_to_the_cap(app, users, clock):
    answers = attack(Browser(app, ATTACKER), "curator1", 40, clock)
    waits = [retry_after for status, retry_after in answers if status == 429]
    assert [status for status, _ in answers[:5]] == [401] * 5
    assert waits[:10] == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300]
    assert set(waits[10:]) == {300}


def test_a_throttled_attempt_costs_no_password_hashing(app, users, clock, monkeypatch):
    attacker = Browser(app, ATTACKER)
    attack(attacker, "curator1", 5)
    verified = []

    class CountingHasher(accounts.PasswordHashing):
        def verify(self, *args):
            verified.append(args)
            return super().verify(*args)

    counting = CountingHasher(app.config["PASSWORD_HASH_COST"])
    monkeypatch.setitem(app.extensions, "museum_password_hasher", counting)
    assert {status for status, _ in attack(attacker, "curator1", 100)} == {429} and verified == []
    answers = [status for status, _ in attack(attacker, "nobody-at-all", 100)]
    assert answers[:5] == [401] * 5 and set(answers[5:]) == {429}
    assert len(verified) == 5  # unknown names cost the same (dummy) hash, and only while not throttled


def test_throttling_is_audited_without_flooding_the_chain(app, users, clock):
    attack(Browser(app, ATTACKER), "curator1", 150)  # 5 checked guesses, then 145 refused (1,000: unit test)
    with app.app_context(), db.transaction() as session:
        log = session.scalars(select(AuditEntry).where(AuditEntry.entity == "signin_throttle")).all()
        assert {(e.action, e.entity_key) for e in log} == {
            ("lock", f"pair:curator1@{ATTACKER}"), ("throttle", f"pair:curator1@{ATTACKER}")}
        assert [e.after["refused"] for e in log if e.action == "throttle"] == [1, 10, 100]
        assert {e.actor for e in log} == {f"anonymous@{ATTACKER}"}
        assert audit_chain.verify(session).ok


@pytest.mark.parametrize("language, text", [
    ("fr", "Réessayez dans 1 seconde."), ("zh-CN", "请在 1 秒后重试"), ("zh-TW", "請在 1 秒後重試"),
    ("ja", "1 秒後にもう一度"), ("ko", "1초 후에 다시"), ("en", "Try again in 1 second.")])
def test_the_throttle_message_is_in_the_readers_language(app, users, clock, language, text):
    answers = attack(Browser(app, ATTACKER, language), "curator1", 5)
    response = Browser(app, ATTACKER, language).sign_in("curator1")
    assert [status for status, _ in answers] == [401] * 5 and response.status_code == 429
    assert response.headers["Retry-After"] == "1" and text in response.get_data(as_text=True)


def test_the_known_device_cookie_is_confined_to_the_login_page(app, users):
    owner = Browser(app, OWNER)
    token = csrf_from(owner.client.get("/curator/login").get_data(as_text=True))
    response = owner.client.post("/curator/login", data={"csrf_token": token, "username": "viewer1",
                                                         "password": PASSWORD})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{DEVICE_COOKIE}="))
    assert "Path=/curator/login" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Max-Age=31536000" in cookie
