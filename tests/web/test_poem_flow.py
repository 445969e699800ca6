"""The poem station as a touch flow in a real Chromium with touch emulation, at 1920×1080 and 1080×1920:
every step by taps, the primary action in the first viewport, every target ≥ 48 px, nothing scrolls, the
poem written line by line then fully visible with its pinyin, a QR code ≥ 300 px, "send to the wall"
reaching the projection; every interface language without axe violations at every step; the API's
refusal shown in the visitor's language in place of the poem.

Screenshots of every step when FLOW_SHOTS names a folder (FLOW_SHOTS=/tmp/flow-shots)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from languages import BABEL_LOCALES, BCP47, LANGUAGES
from museum.catalogue.poems import StationPoem
from museum.extensions import db
from tests.poems_slice import slice_model_dir
from tests.web.conftest import live_app
from tests.web.test_accessibility import describe, run_axe
from tests.web.test_kiosk_shell import SMALL_TARGETS

pytestmark = pytest.mark.web

SHOTS = os.environ.get("FLOW_SHOTS")
LANDSCAPE, PORTRAIT = {"width": 1920, "height": 1080}, {"width": 1080, "height": 1920}
READY = "() => document.getElementById('poem').dataset.ready === 'true'"
# what is on screen: scroll extents, the visible primary action and every visible line of the poem
SCREEN = """() => {
  const box = (el) => { const r = el.getBoundingClientRect();
                        return {x: r.x, y: r.y, right: r.right, bottom: r.bottom, width: r.width,
                                height: r.height}; };
  const primary = [...document.querySelectorAll('.actions button.primary')].filter(b => !b.hidden);
  return {scrollHeight: document.documentElement.scrollHeight,
          scrollWidth: document.documentElement.scrollWidth,
          primary: primary.map(box), lines: [...document.querySelectorAll('#poem .line')].map(box)};
}"""


@pytest.fixture(scope="module")
def station(tmp_path_factory):
    with live_app(tmp_path_factory.mktemp("poem-flow"), POEMS_MODEL_DIR=str(slice_model_dir()),
                  STREAM_POLL_SECONDS=0.25, POEMS_PER_KIOSK_PER_MINUTE=1000) as served:
        yield served


def new_page(browser, viewport, **options):
    context = browser.new_context(viewport=viewport, has_touch=True, **options)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    return page


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png")


def check_screen(page, viewport: dict, where: str) -> dict:
    """Nothing scrolls, the primary action is inside the first viewport, every target is at least 48 px."""
    seen = page.evaluate(SCREEN)
    assert seen["scrollHeight"] <= viewport["height"], (where, seen)
    assert seen["scrollWidth"] <= viewport["width"], (where, seen)
    assert len(seen["primary"]) == 1, (where, seen["primary"])
    box = seen["primary"][0]
    assert box["y"] >= 0 and box["bottom"] <= viewport["height"], (where, box)
    assert box["right"] <= viewport["width"], (where, box)
    assert box["height"] >= 48 and box["width"] >= 48
    small = page.evaluate(SMALL_TARGETS)
    assert small == [], (where, small)
    return seen


def step(page) -> str:
    return page.locator(".flow").get_attribute("data-step")


def choose_until_imagery(page, viewport, tag: str, poet="杜甫", form="七言律诗") -> None:
    """Poet → form → theme, season, mood, by taps, checking each screen; ends on the imagery step."""
    assert step(page) == "poet"
    check_screen(page, viewport, "poet")
    assert page.locator("#next").is_disabled()  # a poet first
    shot(page, f"{tag}-1-poet")
    page.locator(f"[data-field=poet] [data-value='{poet}']").tap()
    assert page.locator(f"[data-field=poet] [data-value='{poet}']").get_attribute("aria-pressed") == "true"
    page.locator("#next").tap()
    assert step(page) == "form"
    check_screen(page, viewport, "form")
    page.locator(f"[data-field=form] [data-value='{form}']").tap()
    shot(page, f"{tag}-2-form")
    page.locator("#next").tap()
    assert step(page) == "theme"
    page.locator("[data-field=theme] [data-value='山水']").tap()
    page.locator("[data-field=season] [data-value='秋']").tap()
    page.locator("[data-field=mood] [data-value='宁静']").tap()
    check_screen(page, viewport, "theme")
    shot(page, f"{tag}-3-theme")
    page.locator("#next").tap()
    assert step(page) == "imagery"


@pytest.mark.parametrize("viewport", [LANDSCAPE, PORTRAIT], ids=["1920x1080", "1080x1920"])
def test_a_visitor_writes_a_poem_by_taps_and_sends_it_to_the_wall(station, browser, viewport):
    app, base = station
    tag = f"journey-{viewport['width']}x{viewport['height']}"
    wall = browser.new_page(viewport={"width": 1280, "height": 720})
    page = new_page(browser, viewport)
    try:
        wall.goto(f"{base}/kiosk/poems/projection?hold=600&cycle=600")
        wall.wait_for_function("() => document.body.dataset.stream === 'open'")
        page.goto(f"{base}/kiosk/poems?lang=en")
        choose_until_imagery(page, viewport, tag)
        # imagery chips (at most five) and the acrostic from the on-screen grid: no keyboard, no input
        assert page.locator("input, textarea, [contenteditable]").count() == 0
        assert page.locator("#acrostic-none").is_visible()
        for word in ("江", "月"):
            page.locator(f"[data-field=keywords] [data-value='{word}']").tap()
        for char in ("明", "月", "清"):
            page.locator(f".keys .key[data-value='{char}']").tap()
        page.locator("#acrostic-del").tap()
        assert page.locator("#acrostic").inner_text() == "明月"
        check_screen(page, viewport, "imagery")
        shot(page, f"{tag}-4-imagery")
        # back keeps the choices; start over is on every step
        page.locator("#back").tap()
        assert step(page) == "theme"
        page.locator("#next").tap()
        assert page.locator("[data-field=keywords] [aria-pressed=true]").count() == 2
        assert page.locator("#restart").is_visible()

        page.locator("#write").tap()
        # the writing state: the poem appears line by line
        page.wait_for_function("() => document.querySelectorAll('#poem .line').length >= 1 && "
                               "document.getElementById('poem').dataset.ready === 'false'")
        assert page.locator("#status").is_visible()
        shot(page, f"{tag}-5-writing")
        page.wait_for_function(READY)
        seen = check_screen(page, viewport, "poem")
        shot(page, f"{tag}-6-poem")
        lines = page.evaluate("() => [...document.querySelectorAll('#poem .line')].map(l => "
                              "[...l.querySelectorAll('ruby')].map(r => [r.firstChild.textContent,"
                              " r.querySelector('rt').textContent]))")
        assert len(lines) == 8 and all(len(line) == 7 for line in lines)
        assert all(reading for line in lines for _, reading in line)  # pinyin over every character
        # the whole poem inside the first viewport, no line cut
        for box in seen["lines"]:
            assert box["y"] >= 0 and box["bottom"] <= viewport["height"] and box["x"] >= 0 \
                and box["right"] <= viewport["width"], box
        signed = page.locator("#signed").inner_text()
        assert signed == "In the manner of Du Fu · Seven-character regulated verse"
        gloss = page.locator("#gloss").inner_text()
        assert gloss.startswith("No translation of this new poem exists yet")  # said, not invented
        qr = page.locator("#qr")
        qr.wait_for(state="visible")
        size = qr.bounding_box()
        assert size["width"] >= 300 and size["height"] >= 300
        assert page.evaluate("() => document.getElementById('qr').complete && "
                             "document.getElementById('qr').naturalWidth > 0")
        text = "".join(char for line in lines for char, _ in line)
        with app.app_context():
            row = db.session.scalar(select(StationPoem).order_by(StationPoem.id.desc()).limit(1))
            assert "".join(row.result["lines"]) == text
            assert row.wall_id is None  # written off the wall: the visitor decides
            assert row.request["acrostic"] == "明月"
        assert page.locator("#code").inner_text().endswith(f"/poems/{row.code}")

        # send to the wall: the projection shows it
        page.locator("#to-wall").tap()
        page.wait_for_function("() => document.getElementById('to-wall').dataset.sent === 'true'")
        arrived = "#poem .scroll[data-kind=arrival]"
        wall.wait_for_function(f"() => document.querySelectorAll('{arrived} .ch.shown').length >= 7")
        assert row.result["lines"][0] in wall.inner_text(arrived).replace("\n", "")
        shot(page, f"{tag}-7-sent")

        # start over: the first step, nothing chosen
        page.locator("#restart").tap()
        assert step(page) == "poet"
        assert page.locator("[data-field=poet] [aria-pressed=true]").count() == 0
        assert page.locator("#acrostic").inner_text() == ""
        assert page.js_errors == []
    finally:
        wall.context.close()
        page.context.close()


def test_reduced_motion_shows_the_poem_at_once(station, browser):
    _, base = station
    page = new_page(browser, LANDSCAPE, reduced_motion="reduce")
    try:
        page.goto(f"{base}/kiosk/poems?lang=fr")
        choose_until_imagery(page, LANDSCAPE, "reduced", poet="李白", form="五言绝句")
        page.locator("#write").tap()
        page.wait_for_function(READY)
        assert page.locator("#poem .line").count() == 4
        assert page.locator("#poem .line.appear").count() == 0  # no line animated in
        assert page.js_errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_step_in_every_language_has_no_axe_violation(station, browser, lang):
    app, base = station
    page = new_page(browser, LANDSCAPE, reduced_motion="reduce")
    tag = f"{lang}-1920x1080"
    try:
        page.goto(f"{base}/kiosk/poems?lang={lang}")
        assert page.locator("html").get_attribute("lang") == BCP47[lang]
        with app.test_request_context(), force_locale(BABEL_LOCALES[lang]):
            heading = _("Choose a poet of the Three Gorges")
        assert page.locator("#h-poet").inner_text() == heading
        for name in ("poet", "form", "theme", "imagery", "poem"):
            if name == "poem":
                page.locator("#write").tap()
                page.wait_for_function(READY)
            violations = run_axe(page)
            assert violations == [], f"{lang} {name}: " + describe(violations)
            check_screen(page, LANDSCAPE, f"{lang} {name}")
            if name == "poet":
                page.locator("[data-field=poet] [data-value='苏轼']").tap()
            if name == "imagery":
                page.locator("[data-field=keywords] [data-value='舟']").tap()
                shot(page, f"{tag}-4-imagery")
            if name in ("poet", "form", "theme"):
                shot(page, f"{tag}-{['poet', 'form', 'theme'].index(name) + 1}-{name}")
                page.locator("#next").tap()
        shot(page, f"{tag}-6-poem")
        assert page.js_errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize(("lang", "viewport"), [("zh", LANDSCAPE), ("en", PORTRAIT), ("fr", LANDSCAPE),
                                                 ("ja", LANDSCAPE)])
def test_a_refusal_replaces_the_poem_with_a_message_in_the_visitors_language(station, browser, lang,
                                                                              viewport):
    """A poem first, then the API refuses (rate limit): the message in the visitor's language with what to
    do next takes the poem's place; Try again writes when the API answers again."""
    app, base = station
    page = new_page(browser, viewport, reduced_motion="reduce")
    tag = f"{lang}-{viewport['width']}x{viewport['height']}"
    try:
        page.goto(f"{base}/kiosk/poems?lang={lang}")
        choose_until_imagery(page, viewport, f"error-{tag}", poet="刘禹锡", form="五言绝句")
        page.locator("#write").tap()
        page.wait_for_function(READY)
        refusal = json.dumps({"error": {"code": "RateLimited",
                                        "message": "kiosk made 6 poems in the last minute"}})
        page.route("**/api/v1/poems", lambda route: route.fulfill(status=429, content_type="application/json",
                                                                 body=refusal))
        page.locator("#back").tap()
        page.locator("#write").tap()
        page.locator("#error").wait_for(state="visible")
        with app.test_request_context(), force_locale(BABEL_LOCALES[lang]):
            expected = _("Many poems were written here in the last minute."
                         " Wait a minute, then tap Try again.")
        assert page.locator("#error-text").inner_text() == expected
        assert "kiosk made" not in page.inner_text("body")  # never the server's technical words
        assert page.locator("#poem .line").count() == 0  # the previous poem is gone, not under the message
        assert page.locator("#keepsake").is_hidden() and page.locator("#to-wall").is_hidden()
        check_screen(page, viewport, f"{lang} error")  # Try again is the primary action now
        assert page.locator("#retry").is_visible()
        violations = run_axe(page)
        assert violations == [], describe(violations)
        shot(page, f"{tag}-8-error")
        page.unroute("**/api/v1/poems")
        page.locator("#retry").tap()
        page.wait_for_function(READY)
        assert page.locator("#error").is_hidden() and page.locator("#poem .line").count() == 4
        assert page.js_errors == []
    finally:
        page.context.close()
