"""The instrument and audio guide stations as exhibits (issue 16), in a real Chromium at 1920×1080 with touch
emulation, on registered devices.

Instrument (the chunyu, in French): the strike zones are on the object's own image, labelled in the
visitor's language, in the first viewport and at least 48 px; touching a zone plays its sound and the
heartbeat carries "struck" to the admin's list; the play-along plays the drum, lights the chunyu's beats
and judges the visitor's strikes; after the idle time the station goes back to its start and its attract
loop; with the network cut it reloads from the service worker with its sounds. The bells (in English):
one zone per bell, front or side, and the tune to play along (茉莉花), each note's bell lit in turn. Audio
guide (in Korean, whose narration was not recorded): it says which languages are narrated and offers
those; heartbeat, idle reset, offline. Every interface language of both stations: axe finds nothing, the
page's language is the interface's and no fragment is marked as another language (apart from the
language switch, the Chinese quotations and the captions, which are in the track's language). Idle
timers run on Playwright's clock.

Set STATION_SHOTS=/some/dir to keep a screenshot of each station in each state.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from languages import BCP47, LANGUAGES
from museum.catalogue import accounts, kiosks
from museum.extensions import db, password_hasher
from tests.web.conftest import WAIT_MS, kiosk_admin
from tests.web.test_accessibility import describe, run_axe
from tests.web.test_kiosk_shell import SMALL_TARGETS, admin_row, heartbeat, shell_text

pytestmark = pytest.mark.web

ADMIN_PASSWORD = "stations admin 1"
SHOTS = os.environ.get("STATION_SHOTS")
CHUNYU, BELLS = "1989.0107", "1972.0008"
# what may carry a lang of its own on a station page: the language switch (autonyms), the Chinese quotation
# of 以金錞和鼓 on a page of another language, the captions (in the track's language)
OWN_LANG_ALLOWED = ".kiosk-langs a, .quote span, #captions, #kiosk-attract, #kiosk-offline, #kiosk-staff"
FOREIGN = """(allowed) => [...document.querySelectorAll('body [lang]')]
  .filter(el => !el.matches(allowed) && !el.closest('template') && el.lang !== document.documentElement.lang)
  .map(el => `${el.tagName.toLowerCase()}[lang=${el.lang}] ${el.textContent.trim().slice(0, 40)}`)"""


@pytest.fixture(scope="module")
def site(live_sample):
    """The sample server with a device per station and an admin."""
    app, base = live_sample
    tokens = {}
    with app.app_context(), db.transaction() as session:
        for name, station in (("chunyu", f"instrument:{CHUNYU}"), ("audio", f"audio:{CHUNYU}")):
            tokens[name] = kiosks.add_device(session, f"stations-{name}", station)[1]
        accounts.create_user(session, "stations-admin", "admin", ADMIN_PASSWORD, password_hasher())
    return app, base, tokens


@pytest.fixture(scope="module")
def admin(site, browser):
    with kiosk_admin(browser, site[1], "stations-admin", ADMIN_PASSWORD) as page:
        yield page


def touch_context(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, has_touch=True)
    context.set_default_timeout(WAIT_MS)
    return context


def shot(page, name: str) -> None:
    if SHOTS:
        page.evaluate("Promise.race([new Promise(done => setTimeout(done, 3000)),"
                      " Promise.all(document.getAnimations()"
                      ".filter(a => a.effect.getTiming().iterations !== Infinity)"
                      ".map(a => a.finished.catch(() => 0)))])")
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png")


def in_first_viewport(page, selector: str) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= 1080 and box["x"] + box["width"] <= 1920, box


def idle_to_attract(page, start: str) -> None:
    """The idle reset to the station's start, then its attract loop (on the page's clock)."""
    idle_ms = float(page.locator("body").get_attribute("data-kiosk-idle")) * 1000
    attract_ms = float(page.locator("body").get_attribute("data-kiosk-attract")) * 1000
    page.clock.fast_forward(int(idle_ms) + 500)
    page.wait_for_url(lambda url: url.endswith(start))
    page.wait_for_load_state()
    heartbeat(page, lambda: page.clock.fast_forward(int(attract_ms) + 500), state="attract")
    page.locator("#kiosk-attract").wait_for(state="visible")
    hint = page.locator("#kiosk-attract .attract-hint").first.inner_text()
    assert hint.startswith(shell_text(page)["touch"])


def cut_network(page, context, ready: str) -> None:
    """With the network cut the station reloads from its offline copy, with the notice in its language."""
    page.wait_for_function("() => Number(document.body.dataset.kioskCached) > 0")
    context.set_offline(True)
    page.reload()
    page.locator("#kiosk-offline").wait_for(state="visible")
    assert page.locator("#kiosk-offline .offline-title").inner_text() == shell_text(page)["offline_title"]
    page.wait_for_selector(ready)


def test_chunyu_station_journey(site, admin, browser):
    app, base, tokens = site
    context = touch_context(browser)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.clock.install()
    heartbeat(page, lambda: page.goto(f"{base}/kiosk/{tokens['chunyu']}?lang=fr"))
    start = page.locator("body").get_attribute("data-kiosk-start")
    assert start == f"/kiosk/instrument/{CHUNYU}?lang=fr"
    page.wait_for_selector("body[data-sounds=ready]")
    data = json.loads(page.locator("#station-data").text_content())
    text = data["text"]

    # the object's own image with its zones, labelled in French, in the first viewport, ≥ 48 px
    assert "/iiif/" in page.locator("svg.picture image").get_attribute("href")
    assert page.locator(".zone-label").all_text_contents() == ["Milieu du corps", "Près de l’ouverture"]
    assert page.locator(".zone").evaluate_all("zs => zs.map(z => z.getAttribute('aria-label'))") == [
        "Milieu du corps", "Près de l’ouverture"]
    for selector in (".zone", "#play-start", "button.pad"):
        in_first_viewport(page, selector)
    assert page.evaluate(SMALL_TARGETS) == []
    assert page.evaluate("document.documentElement.scrollHeight") <= 1080  # nothing scrolls
    body = page.locator("main").inner_text()
    assert "Hz" not in body and "épaisseur" not in body.lower() and "thickness" not in body  # the curator's
    assert "Royaumes combattants" in body and "30 kg" in body
    shot(page, "instrument-start")

    # a zone struck: its sound, and the state in the heartbeat and the admin's list
    beat = heartbeat(page, lambda: page.locator(".zone").nth(1).tap(), state="struck")
    assert beat["station"] == "instrument"
    assert page.evaluate("window.kiosk.played") == ["1-side-0.7"]
    row = admin_row(admin, "stations-chunyu")
    assert (row["type"], row["state"]) == ("instrument", "struck")
    page.locator("button.force").nth(2).tap()
    page.locator(".zone").first.tap()
    assert page.evaluate("window.kiosk.played")[-1] == "1-centre-1"
    shot(page, "instrument-struck")

    # the play-along: the drums scheduled, the chunyu's beats lit, a strike on a lit beat is in time
    heartbeat(page, lambda: page.locator("#play-start").tap(), state="play-along")
    assert page.locator("#play-start").inner_text() == text["stop"]
    assert page.locator("#play-result").inner_text() == text["listen"]
    page.clock.run_for(200)  # the page's clock drives the beat's light when the audio clock stands still
    page.wait_for_selector(".beat.chunyu.now")
    page.locator("button.pad").tap()
    assert page.locator("#play-result").inner_text() in (text["in_time"], text["late"])
    shot(page, "instrument-play-along")
    drums = page.evaluate("window.kiosk.played.filter(k => k === 'drum').length")
    assert drums >= 1
    run = page.evaluate("(() => { const r = window.kiosk.run();"
                        " return {beats: r.beats.length, hits: r.hits.size}; })()")
    assert run["beats"] == data["play"]["pattern"].count("C") * data["play"]["loops"]
    heartbeat(page, lambda: page.locator("#play-start").tap(), state="active")  # Stop
    assert page.locator(".beat.now").count() == 0
    assert page.evaluate("window.kiosk.lastRun.finished") is False

    # idle: back to the start (in French), then the attract loop; a touch ends it
    idle_to_attract(page, start)
    shot(page, "instrument-attract")
    heartbeat(page, lambda: page.touchscreen.tap(960, 600), state="active")

    # offline: the station and its sounds from the service worker's copy
    cut_network(page, context, "body[data-sounds=ready]")
    in_first_viewport(page, ".zone")
    shot(page, "instrument-offline")
    heartbeat(page, lambda: context.set_offline(False))
    page.locator("#kiosk-offline").wait_for(state="hidden")
    assert errors == []
    context.close()


def test_bells_station_one_zone_per_bell_front_or_side_and_a_tune(site, browser):
    _, base, _ = site
    context = touch_context(browser)
    page = context.new_page()
    page.clock.install()
    page.goto(f"{base}/kiosk/instrument/{BELLS}?lang=en")
    page.wait_for_selector("body[data-sounds=ready]")
    zones = page.locator(".zone")
    assert zones.count() == 14
    labels = zones.evaluate_all("zs => zs.map(z => z.getAttribute('aria-label'))")
    assert labels == [f"Bell {n}" for n in range(1, 15)]
    assert page.evaluate(SMALL_TARGETS) == []
    for selector in (".zone:last-child", "#play-start", ".notes .beat:last-child"):
        in_first_viewport(page, selector)
    assert page.evaluate("document.documentElement.scrollHeight") <= 1080
    zones.nth(13).tap()
    page.get_by_role("button", name="Side").tap()
    zones.nth(0).tap()
    assert page.evaluate("window.kiosk.played") == ["14-centre-0.7", "1-side-0.7"]
    shot(page, "bells-start")

    # the tune: what is played is said; the count-in, then each note's bell lit in turn; a strike of the lit
    # bell sounds the note's own position (front or side) and counts when in time
    play = json.loads(page.locator("#station-data").text_content())["play"]
    text = json.loads(page.locator("#station-data").text_content())["text"]
    assert page.locator("#play-heading").inner_text() == "Play a tune: “Jasmine Flower”"
    assert page.locator(".tune-line span[lang=zh-Hans]").inner_text() == "好一朵美丽的茉莉花"
    assert page.locator(".notes .beat").all_inner_texts() == [str(n["bell"]) for n in play["notes"]]
    page.locator("#play-start").tap()
    assert page.locator("#play-result").inner_text() == text["listen_tune"]
    page.clock.fast_forward(int((0.5 + play["count_in"] * play["beat"]) * 1000) - 100)
    page.wait_for_selector(".notes .beat.now")
    first = play["notes"][0]
    assert page.locator(".zone.now").get_attribute("data-bell") == str(first["bell"])
    page.locator(f".zone[data-bell='{first['bell']}']").tap()
    assert page.evaluate("window.kiosk.played").count("drum") == play["count_in"]
    assert page.evaluate("window.kiosk.played")[-1] == f"{first['bell']}-{first['position']}-0.7"
    assert page.locator("#play-result").inner_text() == text["in_time"]
    other = next(n for n in range(1, 15) if n != first["bell"])
    page.locator(f".zone[data-bell='{other}']").tap()
    assert page.locator("#play-result").inner_text() == text["other_bell"]
    shot(page, "bells-tune")
    page.clock.fast_forward(int(play["notes"][-1]["at"] * play["beat"] * 1000) + 2000)
    page.wait_for_function("() => window.kiosk.lastRun && window.kiosk.lastRun.finished")
    assert page.evaluate("window.kiosk.lastRun") == {"hits": 1, "beats": len(play["notes"]), "finished": True}
    assert page.locator("#play-result").inner_text() == f"You struck 1 of {len(play['notes'])} notes in time."
    assert page.locator("#play-start").inner_text() == "Play the tune"
    context.close()


def test_audio_guide_station_journey(site, admin, browser):
    app, base, tokens = site
    context = touch_context(browser)
    page = context.new_page()
    page.clock.install()
    heartbeat(page, lambda: page.goto(f"{base}/kiosk/{tokens['audio']}?lang=ko"))
    start = page.locator("body").get_attribute("data-kiosk-start")
    # narrated in Chinese and English only: the station says so in Korean and offers those two
    assert page.locator(".narrated").inner_text() == "이곳의 음성 안내는 중국어 및 영어로 들을 수 있습니다."
    assert page.locator(".not-recorded").count() == 1
    # each language's button says how long its guide is (m:ss, hidden from screen readers: the clock is too)
    assert page.locator("button.lang").all_inner_texts() == ["▶ 중국어\n0:24", "▶ 영어\n0:14"]
    assert page.locator("button.lang .duration[aria-hidden=true]").count() == 2
    # beside the guide, the object's facts in Korean (its text only where the catalogue has it in Korean)
    assert page.locator(".about .facts dt").all_inner_texts()[:2] == ["시대", "재질"]
    assert page.locator(".about-text").count() == 0
    assert page.locator("#captions").is_hidden()
    in_first_viewport(page, "button.lang")
    assert page.evaluate(SMALL_TARGETS) == []
    row = admin_row(admin, "stations-audio")
    assert row["type"] == "audio"
    heartbeat(page, lambda: page.locator("button.lang").nth(1).tap(), state="playing")
    assert page.evaluate("window.station.current().language") == "en"
    assert page.locator("#captions").get_attribute("lang") == "en"
    page.wait_for_function("() => document.getElementById('captions').textContent.length > 10")
    shot(page, "audio-ko-playing-en")
    # where the guide is: the clock and the veiled rest of the waveform follow the player; a touch on the
    # waveform goes to that moment
    page.wait_for_function("() => /^0:0[1-9] \\/ 0:14$/.test(document.getElementById('clock').textContent)")
    assert float(page.evaluate("parseFloat(document.getElementById('rest').style.width)")) < 100
    box = page.locator("#wave").bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] * 0.75, box["y"] + box["height"] / 2)
    at = page.evaluate("window.station.player.currentTime / window.station.player.duration")
    assert 0.7 < at < 0.8, at
    pause = json.loads(page.locator("#station-data").text_content())["text"]["pause"]
    assert page.locator("#toggle").inner_text().endswith(pause)
    heartbeat(page, lambda: page.locator("#toggle").tap(), state="active")  # pause: idle may come
    idle_to_attract(page, start)
    assert page.locator("button.lang[aria-pressed=true]").count() == 0
    heartbeat(page, lambda: page.touchscreen.tap(960, 900), state="active")
    cut_network(page, context, "button.lang")
    assert page.locator(".narrated").is_visible()
    heartbeat(page, lambda: context.set_offline(False))
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_interface_language(site, browser, lang):
    """Both stations (the chunyu, the bells and their tune, the audio guide) in one interface language: axe,
    the page's language, no fragment of another."""
    _, base, _ = site
    context = touch_context(browser)
    page = context.new_page()
    for path in (f"/kiosk/instrument/{CHUNYU}", f"/kiosk/instrument/{BELLS}", f"/kiosk/audio/{CHUNYU}"):
        page.goto(f"{base}{path}?lang={lang}")
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == BCP47[lang]
        assert page.evaluate(FOREIGN, OWN_LANG_ALLOWED) == [], path
        violations = run_axe(page)
        assert violations == [], describe(violations)
        if "audio" in path and lang in ("zh", "en", "fr", "ja"):
            shot(page, f"audio-{lang}")
        if "audio" in path and lang in ("zh", "en"):  # a language the museum recorded comes first
            assert page.locator("button.lang").first.get_attribute("data-lang") == lang
            assert page.locator(".not-recorded").count() == 0
    context.close()


def test_a_curator_drags_a_strike_zone_and_the_station_draws_it(site, browser):
    """The strike-zone editor in a browser: a zone dragged on the picture moves its edges in the form; saved,
    the station draws it there with its new label; the built-in zones come back after."""
    app, base, _ = site
    with app.app_context(), db.transaction() as session:
        accounts.create_user(session, "stations-editor", "editor", ADMIN_PASSWORD, password_hasher())
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.goto(f"{base}/curator/instruments/{CHUNYU}/zones")
    page.fill("#username", "stations-editor")
    page.fill("#password", ADMIN_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector(".zone-box")
    try:
        top, bottom = float(page.input_value("#zone-0-top")), float(page.input_value("#zone-0-bottom"))
        box = page.locator(".zone-box").first.locator("rect").first.bounding_box()
        picture = page.locator(".zone-picture image").bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2 - 40, steps=4)
        page.mouse.up()
        moved = float(page.input_value("#zone-0-top"))
        assert moved == pytest.approx(top - 40 / picture["height"] * 100, abs=0.2)
        assert float(page.input_value("#zone-0-bottom")) - moved == pytest.approx(bottom - top, abs=0.02)
        page.fill("#zone-0-label-fr", "Le ventre du錞于")
        page.click("form#zone-form button.primary")
        page.wait_for_selector(".flash-message")
        station = context.new_page()
        station.goto(f"{base}/kiosk/instrument/{CHUNYU}?lang=fr")
        assert station.locator(".zone-label").first.text_content() == "Le ventre du錞于"
        height = float(station.locator("svg.picture").get_attribute("viewBox").split()[3])
        y = float(station.locator(".zone .zone-area").first.get_attribute("y"))
        assert y / height * 100 == pytest.approx(moved, abs=0.05)
    finally:
        page.goto(f"{base}/curator/instruments/{CHUNYU}/zones")
        if page.locator("button[value=built-in]").count():
            page.click("button[value=built-in]")
            page.wait_for_selector("button[value=built-in]", state="detached")
        context.close()
