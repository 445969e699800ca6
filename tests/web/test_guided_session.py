"""Guided sessions (issue 20) in a real Chromium: a WebRTC call between the gallery's live link station and a
guide's page, both with Chromium's fake camera and microphone (``--use-fake-device-for-media-stream``: a
moving test picture and a beeping tone; ``--use-fake-ui-for-media-stream``: permission granted without a
prompt). Signalling goes through the service (``/kiosk/live/<slug>/signals``,
``/curator/live/<slug>/guide/signals``); the media flows browser to browser on loopback.

1. Two-way (the link's ``kiosk_media`` on): connected; video frames decoded and audio bytes received
   increasing on BOTH sides (``getStats()`` inbound-rtp); the station shows the guide full screen with the
   caption; the guide ends → the station is back on its live view (here its fallback: no stream is served).
2. One-way (``kiosk_media`` off): the station sends nothing (no camera, no microphone: its transceivers
   only receive and the page's Permissions-Policy refuses them), the guide's picture and voice still flow;
   then the guide's page closes without a word and the station goes back to its live view by itself.

Set GUIDED_SHOTS=/some/dir to keep screenshots (station 1920×1080 in zh and en, the guide's page).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from museum.catalogue import accounts, kiosks, live_links
from museum.extensions import db, password_hasher
from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS, WAIT_MS, CspWatchedBrowser, live_app

pytestmark = pytest.mark.web

SHOTS = os.environ.get("GUIDED_SHOTS")
GUIDE_PASSWORD = "guided session guide 1"
FAKE_MEDIA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
              "--autoplay-policy=no-user-gesture-required"]

# What a side receives: video frames decoded and audio bytes received over all inbound-rtp streams.
RECEIVED = """async () => { const pc = window.guidedSession.connection(); const got = {video: 0, audio: 0};
  if (!pc) return got;
  (await pc.getStats()).forEach((s) => { if (s.type !== 'inbound-rtp') return;
    if (s.kind === 'video') got.video += s.framesDecoded || 0; else got.audio += s.bytesReceived || 0; });
  return got; }"""
FLOWING = f"""async (before) => {{ const now = await ({RECEIVED})();
  return now.video > before.video + 10 && now.audio > before.audio + 2000; }}"""


def _fill(app):
    with db.transaction() as session:
        live_links.save(session, "baiheliang", {
            "name": {"zh": "白鹤梁水下博物馆", "en": "Baiheliang Underwater Museum"},
            "caption": {"zh": "石鱼题刻", "en": "The stone fish"}, "playlist": [], "sessions": [],
            "stream_url": "http://127.0.0.1:9/nothing/index.m3u8", "kiosk_media": True})
        accounts.create_user(session, "guide", "curator", GUIDE_PASSWORD, password_hasher())


@pytest.fixture(scope="module")
def guided_site(tmp_path_factory):
    with live_app(tmp_path_factory.mktemp("guided") / "instance", _fill, SECRET_KEY="guided-tests") as served:
        yield served


@pytest.fixture(scope="module")
def media_browser(playwright):
    """A Chromium of its own with fake media devices (the shared one has none)."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + FAKE_MEDIA)
    yield CspWatchedBrowser(browser)
    browser.close()


def _flowing(page) -> None:
    """Frames and sound arriving on ``page``: its counts grow past where they are now."""
    before = page.evaluate(RECEIVED)
    page.wait_for_function(FLOWING, arg=before, polling=200)


def _faded_in(station) -> None:
    """The guide's picture has faded in (for screenshots)."""
    station.wait_for_function(
        "() => getComputedStyle(document.querySelector('.guided-screen')).opacity === '1'")


def _session(station, guide) -> None:
    station.wait_for_function("() => document.body.dataset.guided === 'idle'")  # it listens for a guide
    guide.click("#guided-start")
    station.wait_for_function("() => document.body.dataset.guided === 'on'")
    guide.wait_for_function("() => window.guidedSession.state() === 'connected'")


def test_guided_session_two_way_then_one_way(guided_site, media_browser):
    app, base = guided_site
    with app.app_context(), db.transaction() as session:
        token = kiosks.add_device(session, "live-guided", "live:baiheliang")[1]
    station_context = media_browser.new_context(viewport={"width": 1920, "height": 1080})
    guide_context = media_browser.new_context(viewport={"width": 1440, "height": 900})
    errors = []
    try:
        for context in (station_context, guide_context):
            context.set_default_timeout(WAIT_MS)
        station, guide = station_context.new_page(), guide_context.new_page()
        for page in (station, guide):
            page.on("pageerror", lambda error: errors.append(str(error)))
        began = time.monotonic()
        station.goto(f"{base}/kiosk/{token}?lang=en")
        guide.goto(f"{base}/curator/live/baiheliang/guide?lang=en")
        guide.fill("#username", "guide")
        guide.fill("#password", GUIDE_PASSWORD)
        guide.click("button[type=submit]")
        guide.wait_for_url("**/curator/live/baiheliang/guide*")

        # 1. two-way: the museum lets the station's camera and microphone join
        _session(station, guide)
        _flowing(station)  # the guide's picture and voice at the gallery
        _flowing(guide)  # the gallery's at the guide
        assert station.evaluate("() => window.guidedSession.twoWay()")
        caption = station.locator("#guided-caption")
        assert caption.is_visible()
        assert caption.inner_text().strip() == "Live with the guide at Baiheliang Underwater Museum"
        assert station.evaluate("() => document.getElementById('live-video').muted"
                                " && document.getElementById('recorded-video').muted")
        if SHOTS:
            _faded_in(station)
            station.wait_for_function("() => document.getElementById('guided-self').currentTime > 0.5")
            station.screenshot(path=str(Path(SHOTS) / "station-two-way-en.png"))
            guide.screenshot(path=str(Path(SHOTS) / "guide-two-way-en.png"), full_page=True)
        two_way = time.monotonic() - began

        guide.click("#guided-end")
        station.wait_for_function("() => document.body.dataset.guided === 'ended'")
        caption.wait_for(state="hidden")  # after a calm fade
        assert station.evaluate("() => window.liveStation.mode()") in ("fallback", "connecting", "live")
        assert station.evaluate("() => window.guidedSession.connection() === null")

        # 2. one-way: the camera and microphone are not enabled for this link
        with app.app_context(), db.transaction() as session:
            live_links.get(session, "baiheliang").kiosk_media = False
        station.goto(f"{base}/kiosk/live/baiheliang?lang=zh")
        guide.reload()  # the guide's page says which way the session goes (as it was when it opened)
        assert "One-way" in guide.inner_text(".guided-mode")
        assert guide.locator("#guided-remote").count() == 0
        assert not station.evaluate("() => document.featurePolicy.allowsFeature('camera')")
        _session(station, guide)
        _flowing(station)
        assert not station.evaluate("() => window.guidedSession.twoWay()")
        assert station.evaluate("() => window.guidedSession.connection().getSenders().every((s) => !s.track)")
        received = guide.evaluate(RECEIVED)
        assert received == {"video": 0, "audio": 0}, received
        assert station.inner_text("#guided-caption").strip() == "正在与白鹤梁水下博物馆的讲解员连线"
        if SHOTS:
            _faded_in(station)
            station.screenshot(path=str(Path(SHOTS) / "station-one-way-zh.png"))
            guide.screenshot(path=str(Path(SHOTS) / "guide-one-way-en.png"), full_page=True)
        # the guide's page goes away without a word (a crash, the network): the station notices the
        # connection lost and goes back to its live view by itself
        lost = time.monotonic()
        guide.close()
        station.wait_for_function("() => document.body.dataset.guided === 'failed'")
        station.locator("#guided-caption").wait_for(state="hidden")
        print(f"\nguided session: the station back on its live view {time.monotonic() - lost:.1f} s after "
              "the guide's page closed")
        print(f"\nguided session: two-way flowing both ways {two_way:.1f} s after the pages opened; "
              f"whole journey {time.monotonic() - began:.1f} s")
        assert not errors, errors
    finally:
        station_context.close()
        guide_context.close()
