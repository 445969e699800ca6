"""The audio stations in a real Chromium: strike the chunyu and the bells, drum, record and replay a
rhythm; play a guide with captions and resume it after a reload."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.web


def _ready(page, url):
    page.goto(url)
    page.wait_for_function("() => window.kiosk && window.kiosk.ready === true")


def test_strike_the_chunyu_drum_and_replay_a_rhythm(live_sample, page):
    _, base = live_sample
    _ready(page, f"{base}/kiosk/instrument/1989.0107")
    assert page.evaluate("Object.keys(window.kiosk.buffers).length") == 2 * 3 + 1  # 2 positions x 3 forces + drum
    duration = page.evaluate("window.kiosk.buffers['1-centre-0.7'].duration")
    assert duration == pytest.approx(3.0, abs=0.01)
    page.locator('[data-key="1-centre"]').dispatch_event("pointerdown")
    page.locator("button.force").nth(2).click()
    page.locator('[data-key="1-side"]').dispatch_event("pointerdown")
    assert page.evaluate("window.kiosk.played") == ["1-centre-0.7", "1-side-1"]
    page.click("#record")
    for key in ("drum", "1-centre", "drum"):
        page.locator(f'[data-key="{key}"]').dispatch_event("pointerdown")
    page.click("#record")
    assert page.evaluate("window.kiosk.rhythm().map(h => h.key)") == ["drum", "1-centre-1", "drum"]
    page.click("#replay")
    assert page.evaluate("window.kiosk.played.length") == 2 + 3 + 3
    assert page.locator("img.spectrogram").evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.js_errors == []


def test_every_bell_is_preloaded_and_playable(live_sample, page):
    _, base = live_sample
    _ready(page, f"{base}/kiosk/instrument/1972.0008")
    assert page.evaluate("Object.keys(window.kiosk.buffers).length") == 14 * 2 * 3 + 1
    page.locator('[data-key="14-side"]').dispatch_event("pointerdown")
    assert page.evaluate("window.kiosk.played") == ["14-side-0.7"]
    assert page.js_errors == []


def test_guide_station_plays_with_captions_and_resumes(live_sample, page):
    _, base = live_sample
    page.goto(f"{base}/kiosk/audio/1989.0107")
    page.click('button.lang[data-lang="en"]')
    page.click("#toggle")
    page.wait_for_function("() => document.getElementById('captions').textContent.length > 10")
    assert "chunyu" in page.text_content("#captions").lower()
    page.wait_for_function("() => window.station.player.currentTime > 1")
    page.reload()
    page.wait_for_function("() => document.getElementById('status').textContent.includes('resumed')")
    assert page.evaluate("window.station.current().language") == "en"
    assert page.js_errors == []
