"""Accessibility of the public pages in a real Chromium (issue on public web quality).

axe-core (through axe-playwright-python, all rules it runs by default, none disabled) must find no
violation on the home, gallery, object and search pages in all six languages, on a station poem's page
(/poems/<code>, its language from the browser's) in all six, on the poem station's kiosk screens and on
the audio stations (/kiosk/audio/<station>, /kiosk/instrument/<accession>: Chinese pages with English
words marked). Every image and label has its text in the language of its element; Tab from the top of a
page reaches the skip link, the main navigation, the language switch and the main content, each with a
visible focus indicator; the deep-zoom viewer and the playable instruments work from the keyboard.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.web

SEGMENTS = {"zh": "zh-Hans", "zh-hant": "zh-Hant", "en": "en", "ja": "ja", "ko": "ko", "fr": "fr"}
QUERIES = {"zh": "錞于", "zh-hant": "錞於", "en": "bronze", "ja": "青銅", "ko": "청동", "fr": "bronze"}
PUBLIC_PAGES = {
    "home": "/{seg}/",
    "gallery": "/{seg}/galleries/ancient-ba-yu",
    "object": "/{seg}/objects/1989.0107",
    "search": "/{seg}/search?q={q}",
}
# The browser's locale (its Accept-Language) chooses the language of the poem page, which has none in its
# address.
LOCALES = {"zh": "zh-CN", "zh-hant": "zh-TW", "en": "en-GB", "ja": "ja-JP", "ko": "ko-KR", "fr": "fr-FR"}
BODY = {"poet": "杜甫", "form": "五言绝句", "theme": "山水", "season": "秋", "mood": "", "keywords": ["江"],
        "acrostic": "", "seed": 7}

HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f]")
KANA = re.compile(r"[\u3040-\u30ff]")
HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
LATIN = re.compile(r"[A-Za-zÀ-ÿ]")


# ---------------------------------------------------------------------------------------------- helpers

def run_axe(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page).response["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:8]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def settle(page, kind: str) -> None:
    """Wait until the page's widgets have built themselves (axe must see the final DOM): on the object
    page the deep-zoom viewer has drawn its first image and the 3D viewer (loaded when it comes near the
    screen) has shown its model's poster."""
    page.wait_for_load_state("networkidle", timeout=60_000)
    if kind == "object":
        page.wait_for_function("() => window.museumDeepZoom && window.museumDeepZoom.world.getItemAt(0)"
                               " && document.querySelector('.deep-zoom-still').hidden", timeout=60_000)
        page.locator("model-viewer").scroll_into_view_if_needed()
        page.wait_for_function("() => customElements.get('model-viewer') !== undefined", timeout=60_000)
        page.evaluate("document.querySelector('model-viewer').updateComplete")
        page.wait_for_load_state("networkidle", timeout=60_000)
        page.evaluate("window.scrollTo(0, 0)")


# Every text alternative on the page, in the light DOM and in open shadow roots (model-viewer's): image
# alt texts, aria-labels and model-viewer's alt, with the language of the element (its nearest lang=
# attribute below <html>, else null: the page's) and whether the element is exposed at all.
TEXT_ALTERNATIVES = """() => {
  const roots = [document];
  const walk = (root) => root.querySelectorAll('*').forEach((el) => {
    if (el.shadowRoot) { roots.push(el.shadowRoot); walk(el.shadowRoot); } });
  walk(document);
  const up = (node) => node.parentNode instanceof ShadowRoot ? node.parentNode.host : node.parentElement;
  const langOf = (el) => {
    for (let n = el; n && n !== document.documentElement; n = up(n)) {
      if (n.hasAttribute('lang')) return n.lang;
    }
    return null;
  };
  const ariaHidden = (el) => {
    for (let n = el; n; n = up(n)) if (n.getAttribute('aria-hidden') === 'true') return true;
    return false;
  };
  const shown = (el) => el.checkVisibility({visibilityProperty: true}) && !ariaHidden(el);
  const describe = (el) => el.outerHTML.slice(0, 120);
  const found = [];
  for (const root of roots) {
    root.querySelectorAll('img').forEach((img) => found.push({kind: 'img', html: describe(img),
      alt: img.getAttribute('alt'),
      decorative: ariaHidden(img) || ['presentation', 'none'].includes(img.getAttribute('role')),
      shown: shown(img), lang: langOf(img)}));
    root.querySelectorAll('[aria-label], model-viewer[alt]').forEach((el) => found.push({kind: 'label',
      html: describe(el), alt: el.getAttribute('aria-label') || el.getAttribute('alt'), decorative: false,
      shown: shown(el), lang: langOf(el)}));
  }
  return found;
}"""
LANG_TO_SEGMENT = {"zh-hans": "zh", "zh": "zh", "zh-hant": "zh-hant", "en": "en", "ja": "ja", "ko": "ko",
                   "fr": "fr"}


def check_text_alternatives(page, segment: str) -> list[str]:
    """Problems with the page's text alternatives: <img> without alt (decorative ones need alt="" and
    aria-hidden or role=presentation), and texts not in the language of their element."""
    problems = []
    for item in page.evaluate(TEXT_ALTERNATIVES):
        if item["kind"] == "img" and item["alt"] is None:
            problems.append(f"no alt: {item['html']}")
            continue
        if item["kind"] == "img" and item["alt"].strip() == "":
            if not item["decorative"]:
                problems.append("empty alt, not marked decorative (aria-hidden, role=presentation):"
                                f" {item['html']}")
            continue
        if not item["shown"]:
            continue
        expected = LANG_TO_SEGMENT.get((item["lang"] or "").lower(), segment) if item["lang"] else segment
        if not in_language(item["alt"], expected):
            problems.append(f"not in {expected}: {item['alt']!r} on {item['html']}")
    return problems


def in_language(text: str, segment: str) -> bool:
    """Whether ``text`` is written in the page language (CJK pages: their script; Latin pages: Latin
    letters, with CJK only as a name inside a mostly Latin text)."""
    han, kana, hangul, latin = (len(p.findall(text)) for p in (HAN, KANA, HANGUL, LATIN))
    if segment in ("zh", "zh-hant"):
        return han > 0 and hangul == 0 and kana == 0
    if segment == "ja":
        return han + kana > 0 and hangul == 0
    if segment == "ko":
        return hangul > 0 and kana == 0
    return latin > 0 and hangul == 0 and kana == 0 and han <= latin / 3


# ---------------------------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def poem_code(live_sample):
    """A poem written through the API with the small trained model (tests/poems_slice.py)."""
    from tests.poems_slice import slice_model_dir

    app, _ = live_sample
    previous = app.config.get("POEMS_MODEL_DIR")
    app.config["POEMS_MODEL_DIR"] = str(slice_model_dir())
    try:
        response = app.test_client().post("/api/v1/poems", json=BODY)
    finally:
        app.config["POEMS_MODEL_DIR"] = previous
    assert response.status_code == 201, response.get_json()
    return response.get_json()["code"]


@pytest.fixture
def localized_page(browser, request):
    """A fresh page whose browser language is ``request.param`` (a URL segment)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=LOCALES[request.param])
    page = context.new_page()
    page.segment = request.param
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    yield page
    context.close()


def public_url(base: str, kind: str, segment: str) -> str:
    return base + PUBLIC_PAGES[kind].format(seg=segment, q=QUERIES[segment])


# ---------------------------------------------------------------------------------------------- axe

@pytest.mark.parametrize("segment", SEGMENTS)
@pytest.mark.parametrize("kind", PUBLIC_PAGES)
def test_public_page_has_no_axe_violations(live_sample, page, kind, segment):
    _, base = live_sample
    page.goto(public_url(base, kind, segment))
    settle(page, kind)
    assert page.locator("html").get_attribute("lang") == SEGMENTS[segment]
    violations = run_axe(page)
    assert violations == [], f"{kind} /{segment}/:\n{describe(violations)}"
    assert page.js_errors == []


@pytest.mark.parametrize("localized_page", SEGMENTS, indirect=True)
def test_poem_page_has_no_axe_violations(live_sample, poem_code, localized_page):
    _, base = live_sample
    page = localized_page
    page.goto(f"{base}/poems/{poem_code}")
    settle(page, "poem")
    violations = run_axe(page)
    assert violations == [], f"poem page ({page.evaluate('navigator.language')}):\n{describe(violations)}"


AUDIO_PAGES = {
    "guide": "/kiosk/audio/1989.0107",
    "soundscape": "/kiosk/audio/three-gorges",
    "chunyu": "/kiosk/instrument/1989.0107",
    "bells": "/kiosk/instrument/1972.0008",
}


@pytest.mark.parametrize("kind", AUDIO_PAGES)
def test_audio_station_has_no_axe_violations(live_sample, page, kind):
    _, base = live_sample
    page.goto(base + AUDIO_PAGES[kind])
    settle(page, kind)
    violations = run_axe(page)
    assert violations == [], f"{AUDIO_PAGES[kind]}:\n{describe(violations)}"
    assert page.js_errors == []


@pytest.mark.parametrize("path,language", [("/kiosk/poems", "zh"), ("/kiosk/poems", "en"),
                                           ("/kiosk/poems/projection", "zh")])
def test_poem_station_kiosk_has_no_axe_violations(live_sample, page, path, language):
    """The poem station's touch screen (Chinese, or English after its language switch) and projection;
    every step in every language: tests/web/test_poem_flow.py."""
    _, base = live_sample
    page.goto(base + path)
    page.wait_for_load_state("load")  # the projection keeps an event stream open: no network idle
    if language == "en":
        page.click(".langs a[lang=en]")
        page.wait_for_function("() => document.documentElement.lang === 'en'")
    violations = run_axe(page)
    assert violations == [], f"{path} ({language}):\n{describe(violations)}"
    assert page.js_errors == []


@pytest.mark.parametrize("language", ["zh", "en"])
def test_audio_guide_playing_in_a_language_has_no_axe_violations(live_sample, page, language):
    """After choosing a language the captions are marked with it (screen readers switch voice)."""
    _, base = live_sample
    page.goto(f"{base}/kiosk/audio/1989.0107")
    page.click(f'button.lang[data-lang="{language}"]')  # the language's button is its play button
    # (a click on #toggle here paused it again, before the first caption when the machine was busy)
    page.wait_for_function("() => document.getElementById('captions').textContent.length > 5")
    assert page.get_attribute("#captions", "lang") == SEGMENTS["zh" if language == "zh" else language]
    violations = run_axe(page)
    assert violations == [], f"audio guide in {language}:\n{describe(violations)}"


# ---------------------------------------------------------------------------------------------- images

@pytest.mark.parametrize("segment", SEGMENTS)
@pytest.mark.parametrize("kind", PUBLIC_PAGES)
def test_text_alternatives_are_in_the_page_language(live_sample, page, kind, segment):
    _, base = live_sample
    page.goto(public_url(base, kind, segment))
    settle(page, kind)
    if kind == "object":
        assert page.locator("img").count() >= 3  # the still, the thumbnails, the QR code
    problems = check_text_alternatives(page, segment)
    assert problems == [], f"{kind} /{segment}/:\n" + "\n".join(problems)


@pytest.mark.parametrize("localized_page", SEGMENTS, indirect=True)
def test_poem_page_text_alternatives_are_in_the_visitor_language(live_sample, poem_code, localized_page):
    """The poem page has no language in its address: its words follow the browser's language."""
    _, base = live_sample
    page = localized_page
    page.goto(f"{base}/poems/{poem_code}")
    settle(page, "poem")
    assert page.locator(".station-poem img").get_attribute("alt")
    problems = check_text_alternatives(page, page.segment)
    assert problems == [], "\n".join(problems)
    assert page.locator(".verse").get_attribute("lang") == "zh-Hans"


@pytest.mark.parametrize("localized_page", ["zh-hant", "en", "ja", "ko", "fr"], indirect=True)
def test_poem_page_declares_the_language_it_is_written_in(live_sample, poem_code, localized_page):
    _, base = live_sample
    page = localized_page
    page.goto(f"{base}/poems/{poem_code}")
    assert page.locator("html").get_attribute("lang") == SEGMENTS[page.segment]


@pytest.mark.parametrize("kind", AUDIO_PAGES)
def test_audio_station_text_alternatives_are_in_its_language(live_sample, page, kind):
    """The audio stations in Chinese: their Latin-script words (the language switch's English and Français,
    names) marked with their language."""
    _, base = live_sample
    page.goto(base + AUDIO_PAGES[kind])
    settle(page, kind)
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    problems = check_text_alternatives(page, "zh")
    assert problems == [], "\n".join(problems)
    english = page.evaluate("[...document.querySelectorAll('body *')].filter(e => e.children.length === 0"
                            " && /^[A-Za-z]/.test(e.textContent.trim())"
                            " && !e.closest('[lang=en], [lang=fr], script, style, code'))"
                            ".map(e => e.outerHTML.slice(0, 100))")
    assert english == [], f"Latin-script words not marked with their language: {english}"


# ---------------------------------------------------------------------------------------------- keyboard

FOCUSED = """() => {
  let el = document.activeElement, host = null;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) {
    host = host || el;
    el = el.shadowRoot.activeElement;
  }
  const outer = host || el;
  const ring = (node) => { const s = getComputedStyle(node);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none'; };
  const box = el.getBoundingClientRect();
  const region = outer.closest('.skip-link') ? 'skip' : outer.closest('nav.main-nav') ? 'nav'
    : outer.closest('nav.lang-switch') ? 'lang' : outer.closest('main') ? 'main'
    : outer.closest('header') ? 'header' : outer.closest('footer') ? 'footer'
    : outer === document.body ? 'body' : 'other';
  return {region, html: el.outerHTML.slice(0, 100), ring: ring(el) || (host !== null && ring(host)),
          visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
                   && box.top < innerHeight && box.left < innerWidth};
}"""


def tab_through(page, presses: int = 60) -> list[dict]:
    """Focus stops from the top of the page, pressing Tab until focus leaves the page or wraps round."""
    stops = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop["region"] == "body" or (stops and stop["region"] == "skip"):
            break
        stops.append(stop)
    return stops


# Focus order and focus rings come from one template whatever the language; the object page is tabbed in
# two scripts only (each Tab there scrolls the software-rendered 3D viewer: 15-25 s a language), axe and the
# text alternatives above still read it in all six.
TAB_PAGES = [(kind, segment) for kind in PUBLIC_PAGES for segment in SEGMENTS
             if kind != "object" or segment in ("zh", "en")]


@pytest.mark.parametrize("kind,segment", TAB_PAGES)
def test_tab_reaches_skip_link_navigation_language_switch_and_content(live_sample, page, kind, segment):
    _, base = live_sample
    page.goto(public_url(base, kind, segment))
    settle(page, kind)
    stops = tab_through(page)
    regions = [stop["region"] for stop in stops]
    assert regions[0] == "skip", regions
    for wanted in ("nav", "lang", "main"):
        assert wanted in regions, f"Tab never reached {wanted}: {regions}"
    assert regions.index("skip") < regions.index("nav") < regions.index("lang") < regions.index("main")
    no_ring = [stop["html"] for stop in stops if not (stop["ring"] and stop["visible"])]
    assert no_ring == [], f"focused but without a visible focus indicator: {no_ring}"
    # the skip link jumps over the header to the content
    page.goto(public_url(base, kind, segment))
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["region"] == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_deep_zoom_works_from_the_keyboard(live_sample, page):
    _, base = live_sample
    page.goto(f"{base}/en/objects/1989.0107")
    settle(page, "object")
    zoom = "window.museumDeepZoom.viewport.getZoom(true)"
    home = page.evaluate(zoom)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.zoomAction") == "in":
            break
    else:
        pytest.fail("Tab never reached the Zoom in button")
    assert page.evaluate(FOCUSED)["ring"]
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => {zoom} > {home} * 1.3")
    page.keyboard.press("Shift+Tab")  # back into the image itself: the keys of the viewer
    for _ in range(10):
        if page.evaluate("document.activeElement.getAttribute('role') === 'application'"):
            break
        page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.classList.contains('openseadragon-canvas')")
    assert page.evaluate(FOCUSED)["ring"]
    canvas = page.locator(".deep-zoom [role=application]")
    assert canvas.get_attribute("aria-label") == "Zoomable image of Bronze chunyu with tiger knob"
    assert "arrow keys" in page.locator("#" + canvas.get_attribute("aria-describedby")).inner_text()
    page.keyboard.press("0")
    page.wait_for_function(f"() => Math.abs({zoom} - {home}) < {home} * 0.01")
    assert page.js_errors == []


@pytest.mark.parametrize("accession", ["1989.0107", "1972.0008"])
def test_instrument_can_be_struck_from_the_keyboard(live_sample, page, accession):
    _, base = live_sample
    page.goto(f"{base}/kiosk/instrument/{accession}")
    page.wait_for_function("() => window.kiosk && window.kiosk.ready === true")
    for _ in range(20):  # past the language switch to the first strike zone
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('strike')"):
            break
    else:
        pytest.fail("Tab never reached a strike zone")
    # the focused zone's outline turns solid and thick (an SVG zone has no CSS outline of its own)
    assert page.evaluate("""() => {
      const area = (zone) => getComputedStyle(zone.querySelector('.zone-area'));
      const focused = area(document.activeElement);
      const other = [...document.querySelectorAll('.strike')].find((z) => z !== document.activeElement);
      return focused.strokeDasharray === 'none' && parseFloat(focused.strokeWidth) >= 4
        && (!other || area(other).strokeDasharray !== 'none');
    }""")
    key = page.evaluate("document.activeElement.dataset.key")
    page.keyboard.press("Enter")
    played = page.evaluate("window.kiosk.played")
    assert len(played) == 1 and played[0].startswith(f"{key}-"), (played, key)  # the zone, at its force
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('strike')")
    page.keyboard.press("Space")
    assert len(page.evaluate("window.kiosk.played")) == 2
    assert page.js_errors == []
