"""Kiosk devices: registration by CLI, /kiosk/<token> → station, heartbeats, the admin's list."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from museum.catalogue import kiosks
from museum.catalogue.schema import create_schema
from museum.cli import main
from museum.extensions import db, password_hasher
from museum.sample.records import load


@pytest.fixture
def kiosk_app(app):
    with app.app_context():
        create_schema(db)
        load(app, lambda message: None)
    return app


BEAT = {"station": "gallery", "state": "attract", "version": "kiosk-2.test"}


def add(app, name, station):
    with app.app_context(), db.transaction() as session:
        return kiosks.add_device(session, name, station)[1]


@pytest.mark.parametrize("station, target", [
    ("poems", "/kiosk/poems"), ("projection", "/kiosk/poems/projection"),
    ("gallery:three-gorges", "/kiosk/gallery/three-gorges"),
    ("instrument:1989.0107", "/kiosk/instrument/1989.0107"),
    ("audio:ancient-ba-yu", "/kiosk/audio/ancient-ba-yu"),
])
def test_token_opens_the_station(kiosk_app, station, target):
    token = add(kiosk_app, "k1", station)
    client = kiosk_app.test_client()
    response = client.get(f"/kiosk/{token}")
    assert response.status_code == 302 and response.headers["Location"] == target
    cookie = _cookie(response, token)
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert "Path=/;" in cookie  # /api/v1 hears it too


def test_token_opens_the_station_in_its_language(kiosk_app):
    token = add(kiosk_app, "k2", "instrument:1989.0107")
    response = kiosk_app.test_client().get(f"/kiosk/{token}?lang=zh-hant")
    assert response.headers["Location"] == "/kiosk/instrument/1989.0107?lang=zh-Hant"


def _cookie(response, value: str) -> str:
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"kiosk_token={value};")]
    return cookie


def test_heartbeats_renew_the_cookie_and_retire_the_old_kiosk_path(kiosk_app):
    token = add(kiosk_app, "hall-3", "poems")
    client = kiosk_app.test_client()
    client.set_cookie("kiosk_token", token, path="/kiosk")  # how devices kept it before: /kiosk only
    reply = client.post("/kiosk/heartbeat", json=BEAT)
    assert reply.status_code == 200 and reply.get_json()["name"] == "hall-3"
    assert "Path=/;" in _cookie(reply, token) and "Max-Age=31536000" in _cookie(reply, token)
    assert "Path=/kiosk" in _cookie(reply, "")  # the old one is deleted: it would shadow the new one
    authorization = {"Authorization": f"Bearer {token}"}
    assert client.post("/kiosk/heartbeat", json=BEAT, headers=authorization).status_code == 200
    bearer = kiosk_app.test_client().post("/kiosk/heartbeat", json=BEAT, headers=authorization)
    # no cookie for a non-browser
    assert bearer.status_code == 200 and not bearer.headers.getlist("Set-Cookie")
    spoofed = kiosk_app.test_client().post("/kiosk/heartbeat", json=BEAT, headers={"X-Kiosk-Token": token})
    assert spoofed.status_code == 401  # one way to present the token: the cookie or the bearer header


def test_unknown_token_is_404(kiosk_app):
    assert kiosk_app.test_client().get("/kiosk/kiosk_not-a-real-token-at-all").status_code == 404


def test_heartbeat_is_recorded_and_shown_to_admins_only(kiosk_app):
    from museum.catalogue import accounts

    token = add(kiosk_app, "hall-2", "gallery:coins")
    device_client = kiosk_app.test_client()
    device_client.get(f"/kiosk/{token}")
    reply = device_client.post("/kiosk/heartbeat", json={**BEAT, "screen": "/kiosk/gallery/coins 1080x1920"})
    assert reply.status_code == 200 and reply.get_json()["station_url"] == "/kiosk/gallery/coins"
    assert kiosk_app.test_client().post("/kiosk/heartbeat", json=BEAT).status_code == 401
    with kiosk_app.app_context():
        with db.transaction() as session:
            accounts.create_user(session, "boss", "admin", "admin password 1", password_hasher())
            accounts.create_user(session, "ed", "editor", "editor password 1", password_hasher())
    for name, password, status in (("ed", "editor password 1", 403), ("boss", "admin password 1", 200)):
        client = kiosk_app.test_client()
        login = client.get("/curator/login").get_data(as_text=True)
        import re

        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login) or re.search(
            r'name="csrf_token" value="([^"]+)"', login)
        client.post("/curator/login",
                    data={"username": name, "password": password, "csrf_token": csrf.group(1)})
        page = client.get("/curator/kiosks")
        assert page.status_code == status
        if status == 200:
            html = page.get_data(as_text=True)
            assert "hall-2" in html and "kiosk-2.test" in html and "1080x1920" in html and "online" in html
            assert re.search(r'<td class="kiosk-type"[^>]*>gallery</td>'
                             r'<td class="kiosk-state"[^>]*>attract</td>', html)
    assert kiosk_app.test_client().get("/curator/kiosks").status_code in (302, 401)


def test_cli_add_list_remove(tmp_path):
    runner = CliRunner()
    instance = str(tmp_path / "instance")
    assert runner.invoke(main, ["--instance", instance, "init"]).exit_code == 0
    added = runner.invoke(main, ["--instance", instance, "kiosk", "add", "poem-1", "--station", "poems"])
    assert added.exit_code == 0 and "/kiosk/kiosk_" in added.output
    bad = runner.invoke(main, ["--instance", instance, "kiosk", "add", "x", "--station", "cinema"])
    assert bad.exit_code == 1 and "station" in bad.output
    again = runner.invoke(main, ["--instance", instance, "kiosk", "add", "poem-1", "--station", "poems"])
    assert again.exit_code == 1 and "already exists" in again.output
    listed = runner.invoke(main, ["--instance", instance, "kiosk", "list"])
    assert "poem-1\tpoems\tlast seen never" in listed.output
    assert runner.invoke(main, ["--instance", instance, "kiosk", "remove", "poem-1"]).exit_code == 0


def test_gallery_station_and_object(kiosk_app):
    client = kiosk_app.test_client()
    html = client.get("/kiosk/gallery/three-gorges?lang=en").get_data(as_text=True)
    assert re.search(r'src="/static/js/kiosk.js(\?v=\w+)?"', html) and "Magnificent Three Gorges" in html
    # records without a picture (only records are loaded here) show the drawn placeholder in the kiosk's words
    assert html.count('class="kiosk-placeholder"') == html.count("<li>") > 0 and "No image yet" in html
    assert "暂无图像" in client.get("/kiosk/gallery/three-gorges?lang=zh").get_data(as_text=True)
    assert client.get("/kiosk/gallery/three-gorges/1972.0008?lang=fr").status_code == 200
    assert client.get("/kiosk/gallery/coins/1972.0008").status_code == 404  # not in that gallery
