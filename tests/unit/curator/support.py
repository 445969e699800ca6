"""Fixtures and helpers shared by the curator tests (imported by both conftest files)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from museum.catalogue import accounts
from museum.catalogue.models import Gallery, Record
from museum.extensions import db, password_hasher

PASSWORD = "correct horse battery"
PEOPLE = ("admin", "curator", "editor", "viewer")
CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


class FakeClock:
    """A clock that moves only when told (``advance``): time passes in tests without sleeping."""

    def __init__(self, start: datetime | None = None):
        self.now = start or datetime(2026, 12, 1, 9, 0, 0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


@pytest.fixture
def users(app):
    """One account per role; returns ``{"names": {role: username}, "api_token": viewer1's bearer token}``."""
    with app.app_context(), db.transaction() as session:
        for role in PEOPLE:
            user = accounts.create_user(session, f"{role}1", role, PASSWORD, password_hasher())
            if role == "viewer":
                token = user.issue_token()
    return {"names": {role: f"{role}1" for role in PEOPLE}, "api_token": token}


@pytest.fixture
def catalogue(app):
    """Two galleries and three records (one unpublished)."""
    with app.app_context(), db.transaction() as session:
        gorges = Gallery(slug="three-gorges", name={"zh": "壮丽三峡", "en": "Magnificent Three Gorges"})
        ba_yu = Gallery(slug="ancient-ba-yu", name={"zh": "远古巴渝", "en": "Ancient Ba-Yu"})
        session.add_all([gorges, ba_yu])
        session.add_all([
            Record(accession_number="1989.0107", title={"zh": "战国铜虎钮錞于", "en": "Bronze chunyu"},
                   description={"zh": "錞于", "en": "A bronze chunyu with a tiger knob."}, category="bronze",
                   period="warring-states", height_cm=68.0, weight_g=30000.0, gallery=ba_yu, published=True),
            Record(accession_number="2002.0031", title={"zh": "鸟形铜尊", "en": "Bird-shaped zun"},
                   height_cm=28.0, width_cm=16.8, depth_cm=29.0, gallery=ba_yu, published=True),
            Record(accession_number="1955.0021", title={"zh": "偏将军金印"}, weight_g=108.95,
                   published=False),
        ])
    return ["1989.0107", "2002.0031", "1955.0021"]


def csrf_from(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "page has no CSRF field"
    return match.group(1)


def login(client, username: str, password: str = PASSWORD):
    token = csrf_from(client.get("/curator/login").get_data(as_text=True))
    return client.post("/curator/login", data={"csrf_token": token, "username": username,
                                               "password": password})


def session_csrf(client) -> str:
    """The CSRF token of a signed-in client (what curator page scripts send as X-CSRFToken)."""
    response = client.get("/curator/api/session")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["csrf_token"]
