"""Live links (issue 20): the curator's form (audited, errors naming the field in the curator's language),
the station page and its policy, heartbeats with stream health and the drop log."""

from __future__ import annotations

import json
import logging
import re
import subprocess

import pytest

from museum.catalogue import accounts, kiosks, live_links
from museum.catalogue.audit import AuditEntry
from museum.extensions import db, password_hasher
from museum.media import storage

FORM = {"stream_url": "https://live.baiheliang.example/corridor/index.m3u8", "playlist": "corridor",
        "sessions": "14:00-14:30 李老师\n10:00-10:30", "name_zh": "白鹤梁水下博物馆", "name_en": "Baiheliang",
        "caption_zh": "石鱼", "caption_fr": "Les poissons de pierre"}


@pytest.fixture
def live_app(app, tmp_path):
    clip = tmp_path / "corridor.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=10", "-t", "1",
                    "-c:v", "libx264", "-pix_fmt", "yuv420p", str(clip)], check=True, timeout=60)
    with app.app_context():
        live_links.add_clip(storage(), "corridor", clip)
        with db.transaction() as session:
            accounts.create_user(session, "cura", "curator", "curator password 1", password_hasher())
    return app


def _signed_in(app, lang="fr"):
    client = app.test_client()
    login = client.get(f"/curator/login?lang={lang}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
    client.post("/curator/login",
                data={"username": "cura", "password": "curator password 1", "csrf_token": csrf})
    # a signed-in session has its own token
    form = client.get("/curator/live/baiheliang").get_data(as_text=True)
    return client, re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)


@pytest.mark.parametrize("change, field, words", [
    ({"stream_url": "ftp://x/live.m3u8"}, "stream_url", "http://"),
    ({"stream_url": "https://x/live.mp4"}, "stream_url", ".m3u8"),
    ({"name_zh": ""}, "name_zh", "chinois"),
    ({"playlist": "nowhere"}, "playlist", "nowhere"),
    ({"sessions": "10:00-10:30\n10:15-11:00"}, "sessions", "10:00-10:30"),
    ({"sessions": "25:00-26:00"}, "sessions", "ligne 1"),
])
def test_bad_input_names_the_field_in_the_curators_language(live_app, change, field, words):
    client, csrf = _signed_in(live_app, "fr")
    answer = client.post("/curator/live/baiheliang", data={**FORM, **change, "csrf_token": csrf})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', html), html
    error = re.search(r'id="live-error">(.*?)</div>', html, re.S).group(1)
    assert words in error, error
    with live_app.app_context():
        assert live_links.get(db.session, "baiheliang") is None  # nothing stored


def test_curator_saves_a_link_audited_and_the_station_plays_it(live_app, caplog):
    client, csrf = _signed_in(live_app)
    answer = client.post("/curator/live/baiheliang", data={**FORM, "csrf_token": csrf})
    assert answer.status_code == 303
    with live_app.app_context():
        link = live_links.get(db.session, "baiheliang")
        assert link.sessions == [{"start": "10:00", "end": "10:30", "guide": ""},
                                 {"start": "14:00", "end": "14:30", "guide": "李老师"}]
        assert link.caption == {"zh": "石鱼", "fr": "Les poissons de pierre"}
        assert link.playlist == ["corridor"]
        entry = db.session.query(AuditEntry).filter_by(entity="live_links", entity_key="baiheliang").one()
        assert entry.action == "insert" and "cura" in entry.actor
        with db.transaction() as session:
            token = kiosks.add_device(session, "corridor-1", "live:baiheliang")[1]
    edit_page = client.get("/curator/live/baiheliang").get_data(as_text=True)
    assert "Les poissons de pierre" in edit_page and "14:00-14:30 李老师" in edit_page

    kiosk = live_app.test_client()
    assert kiosk.get(f"/kiosk/{token}?lang=fr").headers["Location"] == "/kiosk/live/baiheliang?lang=fr"
    page = kiosk.get("/kiosk/live/baiheliang?lang=fr")
    html = page.get_data(as_text=True)
    assert "Les poissons de pierre" in html and "Baiheliang" in html
    assert "/kiosk/live/clips/corridor.mp4" in html
    policy = page.headers["Content-Security-Policy"]
    assert "connect-src 'self' https://live.baiheliang.example;" in policy
    assert "media-src 'self' blob:" in policy
    assert "script-src 'self';" in policy  # nothing else loosened
    clip = kiosk.get("/kiosk/live/clips/corridor.mp4", headers={"Range": "bytes=0-99"})
    assert clip.status_code == 206 and clip.mimetype == "video/mp4"

    beat = {"station": "live", "state": "live", "version": "kiosk-2.test",
            "stream": {"mode": "live", "drops": 0, "bitrate": 800000, "latency": 3.2}}
    caplog.set_level(logging.WARNING, logger="museum.kiosk.live")
    assert kiosk.post("/kiosk/heartbeat", json=beat).status_code == 200
    assert not caplog.records
    beat["stream"] = {"mode": "fallback", "drops": 1}
    assert kiosk.post("/kiosk/heartbeat", json=beat).status_code == 200
    assert kiosk.post("/kiosk/heartbeat", json=beat).status_code == 200  # the same drop, reported again
    assert [r.getMessage() for r in caplog.records if "live link dropped: kiosk corridor-1" in r.getMessage()]
    assert len(caplog.records) == 1
    bad = kiosk.post("/kiosk/heartbeat", json={**beat, "stream": {"mode": "paused", "drops": 0}})
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "stream.mode"
    with live_app.app_context():
        [device] = kiosks.list_devices(db.session)
        assert device.stream_health == {"mode": "fallback", "drops": 1, "bitrate": None, "latency": None,
                                        "logged_drops": 1}


def test_stream_health_and_drop_rules():
    parse = kiosks.parse_stream_health
    assert parse({"mode": "live", "drops": 2, "bitrate": 1.5e6, "latency": 2.345}) == {
        "mode": "live", "drops": 2, "bitrate": 1500000, "latency": 2.35}
    for bad in ({"mode": "live"}, {"mode": "live", "drops": -1},
                {"mode": "live", "drops": 0, "bitrate": "fast"}, {"mode": "live", "drops": 0, "fps": 25},
                "live"):
        with pytest.raises(kiosks.KioskError):
            parse(bad)
    live, down = {"mode": "live", "drops": 0}, {"mode": "fallback", "drops": 1}
    assert kiosks.new_drop(live, down) and not kiosks.new_drop(down, down) and not kiosks.new_drop(down, live)
    assert kiosks.new_drop(down, {"mode": "fallback", "drops": 2}) and kiosks.new_drop(None, down)


def test_cli_adds_and_lists_clips_and_refuses_what_kiosks_cannot_play(tmp_path):
    from click.testing import CliRunner

    from museum.cli import main

    instance = str(tmp_path / "instance")
    runner = CliRunner()
    assert runner.invoke(main, ["--instance", instance, "init"]).exit_code == 0
    clip, sound = tmp_path / "river.mp4", tmp_path / "river.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=10", "-t", "2",
                    "-c:v", "libx264", "-pix_fmt", "yuv420p", str(clip)], check=True, timeout=60)
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine", "-t", "1", str(sound)], check=True,
                   timeout=60)
    added = runner.invoke(main, ["--instance", instance, "live", "clip", "add", "river", str(clip)])
    assert added.exit_code == 0 and "h264 160×90, 2.0 s" in added.output, added.output
    refused = runner.invoke(main, ["--instance", instance, "live", "clip", "add", "tone", str(sound)])
    assert refused.exit_code == 1 and "no video stream" in refused.output
    bad_name = runner.invoke(main, ["--instance", instance, "live", "clip", "add", "River Clip", str(clip)])
    assert bad_name.exit_code == 1 and "clip" in bad_name.output
    assert runner.invoke(main, ["--instance", instance, "live", "clip", "list"]).output == "river\n"


def test_guided_session_signalling_and_the_audited_camera_setting(live_app):
    """The kiosk_media setting (audited) decides the station page's Permissions-Policy; signalling goes from
    the guide (curator, CSRF) to the station of that link (its kiosk) and back, each side reading only the
    other's messages; strangers, other stations and bad messages are refused with the problem named."""
    client, csrf = _signed_in(live_app, "en")
    assert client.post("/curator/live/baiheliang", data={**FORM, "csrf_token": csrf}).status_code == 303
    with live_app.app_context(), db.transaction() as session:
        token = kiosks.add_device(session, "corridor-1", "live:baiheliang")[1]
        other = kiosks.add_device(session, "gallery-1", "gallery:g1")[1]
    kiosk = live_app.test_client()
    kiosk.get(f"/kiosk/{token}")
    assert "camera=()" in kiosk.get("/kiosk/live/baiheliang").headers["Permissions-Policy"]
    guide_page = client.get("/curator/live/baiheliang/guide")
    assert "camera=(self)" in guide_page.headers["Permissions-Policy"]
    assert "One-way" in guide_page.get_data(as_text=True)

    answer = client.post("/curator/live/baiheliang", data={**FORM, "kiosk_media": "on", "csrf_token": csrf})
    assert answer.status_code == 303
    with live_app.app_context():
        assert live_links.get(db.session, "baiheliang").kiosk_media is True
        update = db.session.query(AuditEntry).filter_by(entity="live_links", action="update").one()
        assert json.loads(update.after_json) == {"kiosk_media": True} and "cura" in update.actor
    assert "camera=(self)" in kiosk.get("/kiosk/live/baiheliang").headers["Permissions-Policy"]

    newest = kiosk.get("/kiosk/live/baiheliang/signals").get_json()["newest"]
    guide_url = "/curator/live/baiheliang/guide/signals"
    started = client.post(guide_url, json={"kind": "start"}, headers={"X-CSRFToken": csrf})
    assert started.status_code == 201
    assert client.post(guide_url, json={"kind": "start"}).status_code == 400  # no CSRF token: refused
    inbox = kiosk.get(f"/kiosk/live/baiheliang/signals?after={newest}").get_json()
    assert [m["kind"] for m in inbox["signals"]] == ["start"] and inbox["kiosk_media"] is True
    offer = {"type": "offer", "sdp": "v=0\r\n"}
    sent = kiosk.post("/kiosk/live/baiheliang/signals", json={"kind": "offer", "payload": offer})
    assert sent.status_code == 201
    mine = client.get(f"{guide_url}?after={started.get_json()['id']}").get_json()["signals"]
    assert [(m["kind"], m["payload"]) for m in mine] == [("offer", offer)]  # not its own "start"

    bad = kiosk.post("/kiosk/live/baiheliang/signals", json={"kind": "hello"})
    assert bad.status_code == 400
    assert "'hello' is not a signalling message" in bad.get_json()["error"]["message"]
    big = client.post(guide_url, json={"kind": "offer", "payload": {"sdp": "x" * 30_000}},
                      headers={"X-CSRFToken": csrf})
    assert big.status_code == 400 and "at most 20000 bytes" in big.get_json()["error"]["message"]
    stranger = live_app.test_client()
    assert stranger.get("/kiosk/live/baiheliang/signals").status_code == 401
    assert stranger.get(guide_url).status_code in (302, 401)
    elsewhere = live_app.test_client()
    elsewhere.get(f"/kiosk/{other}")
    assert elsewhere.post("/kiosk/live/baiheliang/signals", json={"kind": "bye"}).status_code == 401
