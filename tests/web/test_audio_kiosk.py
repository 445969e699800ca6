"""The audio stations in a real Chromium: strike the chunyu and the bells at each force, front and side;
play a guide with captions and resume it after a reload."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.web


def _ready(page, url):
    page.goto(url)
    page.wait_for_function("() => window.kiosk && window.kiosk.ready === true")


def test_strike_the_chunyu_at_each_force(live_sample, page):
    _, base = live_sample
    _ready(page, f"{base}/kiosk/instrument/1989.0107")
    buffers = page.evaluate("Object.keys(window.kiosk.buffers).length")
    assert buffers == 2 * 3 + 1  # 2 positions x 3 forces + drum
    duration = page.evaluate("window.kiosk.buffers['1-centre-0.7'].duration")
    assert duration == pytest.approx(3.0, abs=0.01)
    page.locator('.zone[data-key="1-centre"]').dispatch_event("pointerdown")
    page.locator("button.force").nth(2).click()
    page.locator('.zone[data-key="1-side"]').dispatch_event("pointerdown")
    page.locator("button.pad").dispatch_event("pointerdown")  # the play-along's pad strikes the centre
    assert page.evaluate("window.kiosk.played") == ["1-centre-0.7", "1-side-1", "1-centre-1"]
    assert page.js_errors == []


def test_every_bell_is_preloaded_and_playable_front_and_side(live_sample, page):
    _, base = live_sample
    _ready(page, f"{base}/kiosk/instrument/1972.0008")
    assert page.evaluate("Object.keys(window.kiosk.buffers).length") == 14 * 2 * 3 + 1
    page.locator('.zone[data-bell="14"]').dispatch_event("pointerdown")
    page.locator('button.where[data-position="side"]').click()
    page.locator('.zone[data-bell="14"]').dispatch_event("pointerdown")
    assert page.evaluate("window.kiosk.played") == ["14-centre-0.7", "14-side-0.7"]
    assert page.js_errors == []


def test_guide_station_plays_with_captions_and_resumes(live_sample, page):
    _, base = live_sample
    page.goto(f"{base}/kiosk/audio/1989.0107")
    page.click('button.lang[data-lang="en"]')  # a language's button plays its guide
    page.wait_for_function("() => document.getElementById('captions').textContent.length > 10")
    assert "chunyu" in page.text_content("#captions").lower()
    assert page.get_attribute("#captions", "lang") == "en"
    page.wait_for_function("() => window.station.player.currentTime > 1")
    page.reload()
    page.wait_for_selector("#status[data-resumed]")
    assert page.evaluate("window.station.current().language") == "en"
    assert page.js_errors == []
