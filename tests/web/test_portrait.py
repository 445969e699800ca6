"""Every kiosk station in portrait (issue 16): at 1080×1920 with touch, one browser page visiting each station
in turn — the gallery, an object, the poem station's steps, the projection wall, the audio guide, the
instrument (the chunyu and the bells), the live link and the display. For each: no horizontal scroll, the
station's primary action inside the first viewport, every target at least 48 px, and no glyph outside the
viewport (each text line's box, by Range.getClientRects, across the width; and down the height where the
station does not scroll).

Set PORTRAIT_SHOTS=/some/dir to keep a screenshot of each."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from museum.sample.shows import ROOM
from tests.web.conftest import WAIT_MS
from tests.web.test_kiosk_shell import SMALL_TARGETS

pytestmark = pytest.mark.web

SHOTS = os.environ.get("PORTRAIT_SHOTS")
PORTRAIT = {"width": 1080, "height": 1920}
# every line box of visible text, in the viewport's coordinates (text of hidden, clipped-to-nothing or
# screen-reader-only elements is not drawn)
GLYPHS = """() => {
  const out = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const scrollsDown = document.documentElement.scrollHeight > innerHeight + 1;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el
        || el.closest('[hidden], template, script, style, noscript, svg title')) continue;
    if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const clip = getComputedStyle(el).clip;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width < 2 || r.height < 2) continue;  // a screen-reader-only text is clipped to 1 px
      const outside = r.left < -1 || r.right > innerWidth + 1 || r.top + scrollY < -1
                      || (!scrollsDown && r.bottom > innerHeight + 1);
      if (outside && clip === 'auto')
        out.push(`${el.tagName.toLowerCase()}.${el.className.baseVal ?? el.className} `
                 + `"${node.textContent.trim().slice(0, 20)}" ${Math.round(r.left)},${Math.round(r.top)}`
                 + `-${Math.round(r.right)},${Math.round(r.bottom)}`);
    }
  }
  return out;
}"""
BELLS, CHUNYU = "1972.0008", "1989.0107"


def poem_step(name: str):
    """Go through the poem flow's steps to ``name`` by taps."""
    def reach(page):
        choices = {"form": ("[data-field=poet] [data-value='杜甫']",),
                   "theme": ("[data-field=form] [data-value='七言绝句']",),
                   "imagery": ("[data-field=theme] [data-value='山水']",
                               "[data-field=season] [data-value='秋']",
                               "[data-field=mood] [data-value='宁静']")}
        for step in ("form", "theme", "imagery"):
            if page.locator(".flow").get_attribute("data-step") == name:
                return
            for choice in choices[step]:
                page.locator(choice).tap()
            page.locator("#next").tap()
            page.wait_for_selector(f".flow[data-step={step}]")
    return reach


# station, its address, what shows it is ready, its primary action (None: a display has none), how to reach
# the state looked at
STATIONS = [
    ("gallery", "/kiosk/gallery/three-gorges?lang=en", ".kiosk-grid a", ".kiosk-grid a", None),
    ("object", f"/kiosk/gallery/ancient-ba-yu/{CHUNYU}?lang=zh", ".kiosk-object", ".kiosk-back", None),
    ("poems-poet", "/kiosk/poems?lang=en", ".flow[data-step=poet]", ".actions button.primary", None),
    ("poems-form", "/kiosk/poems?lang=zh", ".flow", ".actions button.primary", poem_step("form")),
    ("poems-theme", "/kiosk/poems?lang=fr", ".flow", ".actions button.primary", poem_step("theme")),
    ("poems-imagery", "/kiosk/poems?lang=ja", ".flow", ".actions button.primary", poem_step("imagery")),
    ("projection", "/kiosk/poems/projection", "#poem", None, None),
    ("audio", f"/kiosk/audio/{CHUNYU}?lang=en", "button.lang", "button.lang", None),
    ("chunyu", f"/kiosk/instrument/{CHUNYU}?lang=zh", "body[data-sounds=ready]", "#play-start", None),
    ("bells", f"/kiosk/instrument/{BELLS}?lang=en", "body[data-sounds=ready]", "#play-start", None),
    ("live", "/kiosk/live/baiheliang?lang=en", "#live-video", None, None),
    ("display", f"/kiosk/display/{ROOM}/wall-west", "#display-screen", None, None),
]


@pytest.fixture(scope="module")
def portrait_page(live_sample, browser):
    context = browser.new_context(viewport=PORTRAIT, has_touch=True)
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    yield live_sample[1], page
    context.close()


@pytest.mark.parametrize("name, path, ready, primary, reach", STATIONS, ids=[s[0] for s in STATIONS])
def test_every_station_in_portrait(portrait_page, name, path, ready, primary, reach):
    base, page = portrait_page
    page.goto(f"{base}{path}")
    page.wait_for_selector(ready, state="attached")
    if reach:
        reach(page)
    page.evaluate("document.fonts.ready")
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/portrait-{name}.png")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PORTRAIT["width"], f"{name} scrolls sideways: {width} px"
    if primary:
        box = page.locator(primary).locator("visible=true").first.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= PORTRAIT["height"], (name, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= PORTRAIT["width"], (name, box)
    assert page.evaluate(SMALL_TARGETS) == [], name
    assert page.evaluate(GLYPHS) == [], name
    assert page.errors == [], name
