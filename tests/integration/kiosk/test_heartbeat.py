"""Heartbeats of the kiosk shell: the payload is checked field by field (400 naming the field, nothing
stored), a good one is stored on the device row (station type, state, version, screen, time), and every
station page declares the shell the heartbeat comes from."""

from __future__ import annotations

import json
import re

import pytest

from museum.catalogue import kiosks
from museum.catalogue.schema import create_schema
from museum.extensions import db
from museum.sample.records import load

GOOD = {"station": "poems", "state": "writing", "version": "kiosk-2.ab12cd34",
        "screen": "/kiosk/poems 1920x1080", "lang": "zh-Hant"}


@pytest.fixture
def device(app):
    with app.app_context():
        create_schema(db)
        load(app, lambda message: None)
        with db.transaction() as session:
            token = kiosks.add_device(session, "hall-poems", "poems")[1]
    client = app.test_client()
    client.get(f"/kiosk/{token}")  # the device keeps its token in its cookie
    return app, client


def _row(app):
    with app.app_context():
        return kiosks.list_devices(db.session)[0]


def test_a_good_heartbeat_is_stored_on_the_device(device):
    app, client = device
    reply = client.post("/kiosk/heartbeat", json=GOOD)
    assert reply.status_code == 200
    body = reply.get_json()
    assert body["name"] == "hall-poems" and body["station_url"] == "/kiosk/poems"
    assert re.fullmatch(r"kiosk-2\.[0-9a-f]{8}", body["version"])
    row = _row(app)
    assert (row.station_type, row.state, row.version, row.screen, row.heartbeats) == (
        "poems", "writing", "kiosk-2.ab12cd34", "/kiosk/poems 1920x1080", 1)
    assert row.online()
    client.post("/kiosk/heartbeat", json={**GOOD, "state": "attract", "screen": ""})
    row = _row(app)
    assert (row.state, row.screen, row.heartbeats) == ("attract", None, 2)


@pytest.mark.parametrize("payload, field", [
    (["station", "poems"], "body"),
    ("poems", "body"),
    ({**GOOD, "station": "cinema"}, "station"),
    ({k: v for k, v in GOOD.items() if k != "station"}, "station"),
    ({**GOOD, "state": "Playing!"}, "state"),
    ({**GOOD, "state": ""}, "state"),
    ({**GOOD, "state": 3}, "state"),
    ({k: v for k, v in GOOD.items() if k != "state"}, "state"),
    ({**GOOD, "version": ""}, "version"),
    ({**GOOD, "version": "1 2"}, "version"),
    ({**GOOD, "version": "v" * 41}, "version"),
    ({**GOOD, "screen": "x" * 201}, "screen"),
    ({**GOOD, "screen": 42}, "screen"),
    ({**GOOD, "lang": "english please"}, "lang"),
    ({**GOOD, "battery": 80}, "battery"),
])
def test_a_bad_heartbeat_is_400_naming_the_field_and_stores_nothing(device, payload, field):
    app, client = device
    reply = client.post("/kiosk/heartbeat", data=json.dumps(payload), content_type="application/json")
    assert reply.status_code == 400
    error = reply.get_json()["error"]
    assert error["code"] == "bad_heartbeat" and error["field"] == field
    assert error["message"].startswith(f"{field}: ")
    row = _row(app)
    assert row.last_seen_at is None and row.heartbeats == 0 and row.state is None


def test_no_body_is_400_naming_the_body(device):
    _, client = device
    reply = client.post("/kiosk/heartbeat", data="not json", content_type="text/plain")
    assert reply.status_code == 400 and reply.get_json()["error"]["field"] == "body"


def test_an_unregistered_screen_is_401_before_its_payload_is_read(app):
    reply = app.test_client().post("/kiosk/heartbeat", json={"station": "cinema"})
    assert reply.status_code == 401


@pytest.mark.parametrize("path, station, start", [
    ("/kiosk/gallery/three-gorges", "gallery", "/kiosk/gallery/three-gorges"),
    ("/kiosk/gallery/three-gorges/1972.0008?lang=fr", "object", "/kiosk/gallery/three-gorges"),
    ("/kiosk/poems", "poems", "/kiosk/poems"),
    ("/kiosk/poems?lang=ja", "poems", "/kiosk/poems?lang=ja"),
    ("/kiosk/poems/projection?lang=en", "projection", "/kiosk/poems/projection?lang=en"),
    ("/kiosk/audio/1989.0107", "audio", "/kiosk/audio/1989.0107"),
    ("/kiosk/instrument/1989.0107", "instrument", "/kiosk/instrument/1989.0107"),
])
def test_every_station_page_declares_the_one_shell(device, path, station, start):
    _, client = device
    html = client.get(path).get_data(as_text=True)
    assert html.count('src="/static/js/kiosk.js') == 1
    assert f'data-kiosk-station="{station}"' in html and f'data-kiosk-start="{start}"' in html
    assert re.search(r'data-kiosk-version="kiosk-2\.[0-9a-f]{8}"', html)
    assert "user-scalable" not in html and 'id="kiosk-shell"' in html


def test_shell_texts_are_in_the_station_language(device):
    _, client = device
    texts = {}
    for lang in ("zh", "zh-Hant", "en", "ja", "ko", "fr"):
        html = client.get(f"/kiosk/gallery/three-gorges?lang={lang}").get_data(as_text=True)
        shell = re.search(r'<script type="application/json" id="kiosk-shell">(.*?)</script>', html, re.S)
        data = json.loads(shell.group(1))
        texts[lang] = data["text"]
        assert f"/kiosk/offline?lang={lang}" in data["precache"]
    assert texts["en"]["offline_title"] == "The network is down for a moment"
    for lang in ("zh", "zh-Hant", "ja", "ko", "fr"):  # each one translated, not the English fallback
        for key, english in texts["en"].items():
            assert texts[lang][key] != english or key in ("version",), (lang, key)
    offline = client.get("/kiosk/offline?lang=ko").get_data(as_text=True)
    assert 'lang="ko"' in offline and texts["ko"]["offline_title"] in offline
    assert 'data-kiosk-station=""' in offline  # the offline page is no station: it sends no heartbeat
