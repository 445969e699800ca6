"""The live link station (issue 20) in a real Chromium, against a real live HLS source on loopback.

ffmpeg makes a live stream (``testsrc2`` pictures and a sine tone, 1 s segments, a five-segment playlist
with old segments deleted) into a temporary folder that a small HTTP server serves on another loopback
port (another origin: the station's CSP and hls.js's CORS requests are exercised as with a remote site).
The journey: the station plays live (its picture changes and its time advances), the source is killed
(SIGKILL: the playlist simply stops growing, as when the link is cut) → recorded footage plays within 5 s
with the notice → the source starts again → live within 10 s; the heartbeats carry the drop to the service,
which logs it and shows it in the admin's list.

Codecs: Debian's Chromium here plays H.264/AAC through MediaSource (``MediaSource.isTypeSupported`` answers
true for ``video/mp4; codecs="avc1.42E01E, mp4a.40.2"``, and hls.js transmuxes MPEG-TS to fMP4 for it), so
the source is H.264/AAC in MPEG-TS, what live encoders send. A Chromium without those codecs gets VP9/Opus
in fMP4 segments (``-hls_segment_type fmp4``) instead: the test asks the browser which it plays.

Set LIVE_FMP4=1 to test the VP9/Opus fMP4 source even where H.264 plays.
Set LIVE_SHOTS=/some/dir to keep screenshots (live, fallback) at 1920×1080 in zh, en and fr.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from museum.catalogue import accounts, kiosks, live_links
from museum.extensions import db, password_hasher
from tests.servers import die_with_parent
from tests.web.conftest import WAIT_MS, kiosk_admin, live_app

pytestmark = pytest.mark.web

SHOTS = os.environ.get("LIVE_SHOTS")
ADMIN_PASSWORD = "live link admin 1"
H264 = 'video/mp4; codecs="avc1.42E01E, mp4a.40.2"'
VP9 = 'video/mp4; codecs="vp09.00.10.08, opus"'

# A hash of the picture the station shows (the visible <video> drawn small on a canvas): it changes while
# frames advance, and stays the same on a frozen frame.
PICTURE = """(id) => { const v = document.getElementById(id); if (!v.videoWidth) return null;
  const c = document.createElement('canvas'); c.width = 64; c.height = 36;
  const g = c.getContext('2d'); g.drawImage(v, 0, 0, 64, 36);
  const d = g.getImageData(0, 0, 64, 36).data; let h = 0;
  for (let i = 0; i < d.length; i += 4) h = (h * 31 + d[i] + d[i + 1] * 7 + d[i + 2] * 13) >>> 0;
  return h; }"""


class _Quiet(SimpleHTTPRequestHandler):
    """Serves the stream folder to the station's origin (CORS), playlists never cached."""

    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        if self.path.endswith(".m3u8"):
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, *args):
        pass


class LiveSource:
    """ffmpeg writing a live HLS stream into ``folder``, served over HTTP on a free loopback port."""

    def __init__(self, folder: Path, fmp4: bool):
        self.folder, self.fmp4, self.process = folder, fmp4, None
        folder.mkdir(parents=True, exist_ok=True)
        self.http = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.http.server_port}/index.m3u8"

    def start(self) -> None:
        if self.fmp4:
            codecs = ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "600k",
                      "-c:a", "libopus", "-b:a", "48k", "-hls_segment_type", "fmp4"]
        else:
            codecs = ["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
                      "-pix_fmt", "yuv420p", "-b:v", "600k", "-c:a", "aac", "-b:a", "64k"]
        command = [shutil.which("ffmpeg"), "-v", "error", "-re",
                   "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25",
                   "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", *codecs,
                   "-g", "25", "-keyint_min", "25", "-sc_threshold", "0",
                   "-f", "hls", "-hls_time", "1", "-hls_list_size", "5", "-hls_flags", "delete_segments",
                   str(self.folder / "index.m3u8")]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        preexec_fn=die_with_parent(signal.SIGKILL))

    def kill(self) -> None:
        """Cut the link: the encoder dies at once; the playlist stays as it was (no end marker)."""
        self.process.kill()
        self.process.wait(10)

    def close(self) -> None:
        if self.process and self.process.poll() is None:
            self.kill()
        self.http.shutdown()


def _fill(app):
    from museum.sample import images, live, records

    records.load(app, lambda message: None)
    images.load(app, lambda message: None, accessions={live.RUBBING})  # the recorded clip pans the rubbing
    live.load(app, lambda message: None)
    with db.transaction() as session:
        accounts.create_user(session, "live-admin", "admin", ADMIN_PASSWORD, password_hasher())


@pytest.fixture(scope="module")
def live_site(tmp_path_factory):
    instance = tmp_path_factory.mktemp("live-link") / "instance"
    with live_app(instance, _fill, SECRET_KEY="live-tests") as served:
        yield served


def _wait_mode(page, mode: str) -> float:
    """Wait for the station's mode; the seconds it took."""
    began = time.monotonic()
    page.wait_for_function("(mode) => document.body.dataset.liveMode === mode", arg=mode, timeout=WAIT_MS)
    return time.monotonic() - began


def _frames_advance(page, video_id: str) -> None:
    """The video's time advances by a second and its picture changes (frames are moving, not frozen)."""
    start = page.evaluate("(id) => document.getElementById(id).currentTime", video_id)
    first = page.evaluate(PICTURE, video_id)
    page.wait_for_function("([id, t]) => document.getElementById(id).currentTime > t + 1",
                           arg=[video_id, start])
    page.wait_for_function(f"([id, first]) => ({PICTURE})(id) !== first", arg=[video_id, first])


def _device(app, name: str) -> tuple[str, kiosks.KioskDevice]:
    with app.app_context(), db.transaction() as session:
        return kiosks.add_device(session, name, "live:baiheliang")[1]


def _health(app, name: str) -> dict | None:
    with app.app_context():
        [device] = [d for d in kiosks.list_devices(db.session) if d.name == name]
        return device.stream_health


def test_live_drop_fallback_and_return(live_site, browser, tmp_path, caplog):
    app, base = live_site
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.goto(f"{base}/kiosk/offline")
    fmp4 = (bool(os.environ.get("LIVE_FMP4"))
            or not page.evaluate("(t) => MediaSource.isTypeSupported(t)", H264))
    assert not fmp4 or page.evaluate("(t) => MediaSource.isTypeSupported(t)", VP9), "no codec to test with"
    source = LiveSource(tmp_path / "stream", fmp4)
    caplog.set_level(logging.WARNING, logger="museum.kiosk.live")
    try:
        with app.app_context(), db.transaction() as session:
            link = live_links.get(session, "baiheliang")
            link.stream_url = source.url
        source.start()
        token = _device(app, "live-1")
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{base}/kiosk/{token}?lang=en")
        assert page.url.endswith("/kiosk/live/baiheliang?lang=en")
        # recorded views while connecting: never a black screen
        _frames_advance(page, "recorded-video")
        _wait_mode(page, "live")
        _frames_advance(page, "live-video")
        # the stream's sound (a guide's voice during a one-way guided session) is decoded too
        decoded = page.evaluate("() => document.getElementById('live-video').webkitAudioDecodedByteCount")
        page.wait_for_function("(n) => document.getElementById('live-video').webkitAudioDecodedByteCount > n",
                               arg=decoded)
        assert page.is_hidden(".live-notice")
        assert page.inner_text(".live-badge").strip() == "Live"

        with page.expect_request(lambda r: r.url.endswith("/kiosk/heartbeat")
                                 and '"fallback"' in (r.post_data or "")):
            killed = time.monotonic()
            source.kill()
            _wait_mode(page, "fallback")
            to_fallback = time.monotonic() - killed
        assert to_fallback <= 5, f"recorded footage after {to_fallback:.1f} s"
        notice = page.locator(".live-notice-fallback")
        assert notice.is_visible() and "recorded views" in notice.inner_text()
        assert page.inner_text(".live-badge").strip() == "Recorded"
        _frames_advance(page, "recorded-video")
        health = _health(app, "live-1")
        assert health["mode"] == "fallback" and health["drops"] == 1 and health["logged_drops"] == 1, health
        assert any("live link dropped: kiosk live-1" in r.getMessage() for r in caplog.records)
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / "fallback-en.png"))

        restarted = time.monotonic()
        source.start()
        _wait_mode(page, "live")
        to_live = time.monotonic() - restarted
        assert to_live <= 10, f"live again after {to_live:.1f} s"
        _frames_advance(page, "live-video")
        page.wait_for_function("() => window.liveStation.drops() === 1")
        print(f"\nlive link: recorded footage {to_fallback:.1f} s after the cut, live {to_live:.1f} s after "
              f"the source restarted ({'VP9/Opus fMP4' if fmp4 else 'H.264/AAC MPEG-TS'})")
        with page.expect_request(lambda r: r.url.endswith("/kiosk/heartbeat")
                                 and '"bitrate"' in (r.post_data or "")):
            page.evaluate("() => window.kioskShell.heartbeat()")
        health = _health(app, "live-1")
        assert health["mode"] == "live" and health["drops"] == 1 and health["bitrate"] > 100_000, health
        if SHOTS:
            for lang in ("zh", "en", "fr"):
                page.goto(f"{base}/kiosk/live/baiheliang?lang={lang}")
                _wait_mode(page, "live")
                _frames_advance(page, "live-video")
                page.screenshot(path=str(Path(SHOTS) / f"live-{lang}.png"))
        assert not errors, errors

        # the admin signs in on another browser (a curator's session cookie is no kiosk's)
        with kiosk_admin(browser, base, "live-admin", ADMIN_PASSWORD, "?lang=en") as admin:
            row = admin.locator("tr[data-kiosk=live-1] .kiosk-stream").inner_text()
        assert re.search(r"live", row) and re.search(r"1 drop", row) and "kb/s" in row, row
    finally:
        source.close()
        context.close()


def test_fallback_notice_languages_and_schedule(live_site, browser, tmp_path):
    """With nothing serving the stream, the station shows recorded views and the notice at once, in the
    visitor's language, and today's guided sessions."""
    app, base = live_site
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    with app.app_context(), db.transaction() as session:
        live_links.get(session, "baiheliang").stream_url = "http://127.0.0.1:9/nothing/index.m3u8"
    notices = {"zh": "录像", "en": "recorded views", "fr": "images enregistrées"}
    try:
        for lang, words in notices.items():
            page.goto(f"{base}/kiosk/live/baiheliang?lang={lang}")
            _wait_mode(page, "fallback")
            _frames_advance(page, "recorded-video")
            assert page.locator("#live-notice").is_visible()
            assert words in page.inner_text("#live-notice"), page.inner_text("#live-notice")
            assert page.locator(".session").count() == 3
            assert "王老师" in page.inner_text(".live-schedule")
            if SHOTS:
                page.screenshot(path=str(Path(SHOTS) / f"schedule-{lang}.png"))
    finally:
        context.close()
