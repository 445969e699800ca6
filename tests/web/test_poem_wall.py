"""The poem projection (/kiosk/poems/projection) in a real Chromium: a wall that reads (issue 16).

For each of the four forms a station poem is pushed (a row written as the station writes it; the event stream
brings it) and the wall is measured by bounding boxes once it is written: one column per line, each line's
column left of the one before, its characters top to bottom; every glyph and the seal inside the viewport;
the signature one piece (one box, one column) with the seal under it, after the last line. The idle
programme runs with no poem, cycles the day's poems and famous ones, and gives way to a new poem; axe finds
nothing in any of the six languages. Every wait is on a condition (data-ready, data-kind), never a sleep.
"""

from __future__ import annotations

import itertools

import pytest

from museum.catalogue.poems import StationPoem
from museum.extensions import db
from museum.kiosk.wall import FAMOUS
from tests.web.conftest import live_app

pytestmark = pytest.mark.web

POEMS = {
    "五言绝句": ("李白", ["江清猿啸远", "峡口月初生", "孤棹随波去", "千山入梦轻"]),
    "七言绝句": ("苏轼", ["三游洞口白云深", "石乳垂岩滴古今", "夜雨孤舟人未寐", "一江秋水照初心"]),
    "五言律诗": ("杜甫", ["秋风吹峡口", "落叶满江城", "远岫含烟碧", "孤帆带月明", "猿声催客梦", "渔火伴潮生",
                      "万里巴山路", "悠悠寄此情"]),
    "七言律诗": ("白行简", ["夷陵三月雨霏霏", "洞口寻幽与客归", "石壁悬泉如白练", "岩头古木挂斜晖",
                       "千重峡影随舟转", "一曲巴歌入夜稀", "醉里题诗留姓字", "他年重到识依稀"]),
}
LANDSCAPE = {"width": 1920, "height": 1080}
PORTRAIT = {"width": 1080, "height": 1920}
LANGUAGES = {"zh": "zh-Hans", "zh-Hant": "zh-Hant", "en": "en", "ja": "ja", "ko": "ko", "fr": "fr"}
_codes = (f"WALL{n:04d}" for n in itertools.count())

# What the wall shows, measured in the page: the lines' characters, every glyph, the signature and the seal.
GEOMETRY = """() => {
  const scroll = document.querySelector('#poem .scroll:not(.leaving)');
  const edges = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
  const box = e => edges(e.getBoundingClientRect());
  const sign = scroll.querySelector('.colophon .sign');
  const seal = scroll.querySelector('.colophon .seal');
  return {
    viewport: {width: innerWidth, height: innerHeight},
    kind: scroll.dataset.kind, code: scroll.dataset.code || '',
    lines: [...scroll.querySelectorAll('.verse .line')]
      .map(l => ({text: l.textContent, chars: [...l.querySelectorAll('.ch')].map(box)})),
    glyphs: [...scroll.querySelectorAll('.ch, .seal')].map(e => ({text: e.textContent, ...box(e)})),
    sign: {text: sign.textContent, boxes: [...sign.getClientRects()].map(edges),
           chars: [...sign.querySelectorAll('.ch')].map(box)},
    seal: seal ? box(seal) : null,
  };
}"""
# the poem's box against the caption's and the invitation's: a caption that wraps must not run into the poem
CLEAR_OF_CAPTIONS = """() => {
  const box = e => e.getBoundingClientRect();
  const poem = box(document.querySelector('#poem .scroll:not(.leaving)'));
  return ['#caption', '.invite'].every(s => { const c = box(document.querySelector(s));
    return c.top >= poem.bottom || c.bottom <= poem.top || c.left >= poem.right || c.right <= poem.left; });
}"""
WRITTEN = """(code) => { const p = document.getElementById('poem');
                         return p.dataset.ready === 'true' && p.dataset.code === code; }"""
READY = "() => document.getElementById('poem').dataset.ready === 'true'"
TITLED = """(title) => { const t = document.querySelector('#poem .scroll .title');
  return t && t.textContent === title && document.getElementById('poem').dataset.ready === 'true'; }"""


@pytest.fixture(scope="module")
def wall(tmp_path_factory):
    """A server whose event stream answers fast (the plain-WSGI stream ends each answer with retry:)."""
    with live_app(tmp_path_factory.mktemp("wall"), STREAM_POLL_SECONDS=0.25) as served:
        yield served


def push(app, form: str) -> tuple[str, list[str]]:
    """A poem as the station stores it; the wall's event stream brings it."""
    poet, lines = POEMS[form]
    code = next(_codes)
    with app.app_context(), db.transaction() as session:
        session.add(StationPoem(code=code, request={"poet": poet, "form": form}, kiosk="test",
                                result={"poet": poet, "form": form, "lines": lines}))
    return code, lines


def open_wall(browser, base, viewport, query="?hold=600&cycle=600", **options):
    context = browser.new_context(viewport=viewport, **options)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    page.goto(f"{base}/kiosk/poems/projection{query}")
    # the wall is never blank: the idle programme is there at once; the stream is listening
    page.wait_for_function("() => document.querySelector('#poem .scroll') !== null"
                           " && document.body.dataset.stream === 'open'", timeout=60_000)
    return page


def check_columns(shown: dict, lines: list[str]) -> float:
    """True vertical columns read top to bottom, ordered right to left, everything inside the viewport;
    returns the left edge of the last line."""
    assert [line["text"] for line in shown["lines"]] == lines
    previous_left = None
    for line in shown["lines"]:
        chars = line["chars"]
        centres = [(c["left"] + c["right"]) / 2 for c in chars]
        assert max(centres) - min(centres) < 1.5, f"{line['text']} is not one column: {centres}"
        for above, below in itertools.pairwise(chars):
            assert below["top"] >= above["bottom"] - 1, f"{line['text']} does not read top to bottom"
        left, right = min(c["left"] for c in chars), max(c["right"] for c in chars)
        if previous_left is not None:
            assert right <= previous_left + 1, f"{line['text']} is not left of the line before it"
        previous_left = left
    width, height = shown["viewport"]["width"], shown["viewport"]["height"]
    outside = [g["text"] for g in shown["glyphs"]
               if g["left"] < 0 or g["top"] < 0 or g["right"] > width or g["bottom"] > height]
    assert outside == [], f"glyphs outside the {width}×{height} viewport: {outside}"
    return previous_left


def check_signature(shown: dict, last_left: float, expected: str) -> None:
    """The signature is one piece — its boxes one unbroken run down one column — after the last line, the
    seal under it."""
    sign = shown["sign"]
    assert sign["text"].replace("\u3000", "") == expected
    boxes = sorted(sign["boxes"], key=lambda b: b["top"])
    lefts, rights = [b["left"] for b in boxes], [b["right"] for b in boxes]
    assert max(lefts) - min(lefts) < 1 and max(rights) - min(rights) < 1, f"the signature is split: {boxes}"
    assert all(below["top"] - above["bottom"] < 1 for above, below in itertools.pairwise(boxes)), \
        f"the signature is broken: {boxes}"
    centres = [(c["left"] + c["right"]) / 2 for c in sign["chars"]]
    assert max(centres) - min(centres) < 1.5
    whole = {"left": min(lefts), "right": max(rights), "top": boxes[0]["top"], "bottom": boxes[-1]["bottom"]}
    assert whole["right"] <= last_left + 1, "the signature is not after the last line"
    seal = shown["seal"]
    assert seal is not None and seal["top"] >= whole["bottom"] - 1
    centre = (whole["left"] + whole["right"]) / 2
    assert seal["left"] < centre < seal["right"], "the seal is not under the signature"


@pytest.mark.parametrize("form", POEMS)
def test_each_form_reads_in_columns_right_to_left_and_fits_the_wall(wall, browser, form):
    app, base = wall
    page = open_wall(browser, base, LANDSCAPE)
    try:
        code, lines = push(app, form)
        page.wait_for_function(WRITTEN, arg=code, timeout=60_000)
        shown = page.evaluate(GEOMETRY)
        assert shown["kind"] == "arrival" and shown["code"] == code
        last_left = check_columns(shown, lines)
        check_signature(shown, last_left, f"{form}仿{POEMS[form][0]}")
        assert page.inner_text("#caption") != ""
        assert page.evaluate(CLEAR_OF_CAPTIONS)
        assert page.js_errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize("form", ["五言绝句", "七言律诗"])
def test_a_portrait_wall_fits_the_tallest_and_the_widest_form(wall, browser, form):
    app, base = wall
    page = open_wall(browser, base, PORTRAIT)
    try:
        code, lines = push(app, form)
        page.wait_for_function(WRITTEN, arg=code, timeout=60_000)
        shown = page.evaluate(GEOMETRY)
        check_signature(shown, check_columns(shown, lines), f"{form}仿{POEMS[form][0]}")
        assert page.evaluate(CLEAR_OF_CAPTIONS)
    finally:
        page.context.close()


def test_idle_programme_cycles_the_days_and_famous_poems_and_gives_way_to_a_new_one(wall, browser):
    app, base = wall
    today, today_lines = push(app, "七言绝句")
    page = open_wall(browser, base, LANDSCAPE, query="?hold=1&cycle=1")
    try:
        # it opens with the cave's own text, 白居易's 三游洞序, in columns, with its note
        page.wait_for_function(READY, timeout=60_000)
        shown = page.evaluate(GEOMETRY)
        assert shown["kind"] == "famous"
        check_columns(shown, list(FAMOUS[0].lines))
        assert "819" in page.inner_text("#caption")
        # then the day's newest poem, then the next famous one
        page.wait_for_function(WRITTEN, arg=today, timeout=60_000)
        assert page.evaluate(GEOMETRY)["kind"] == "today"
        page.wait_for_function(TITLED, arg=FAMOUS[1].title, timeout=60_000)
        check_columns(page.evaluate(GEOMETRY), list(FAMOUS[1].lines))
        # a visitor's poem takes the wall, is written whole, and the programme resumes after the hold
        code, lines = push(app, "五言律诗")
        page.wait_for_function(WRITTEN, arg=code, timeout=60_000)
        assert page.evaluate(GEOMETRY)["kind"] == "arrival"
        page.wait_for_function("() => ['famous', 'today']"
                               ".includes(document.getElementById('poem').dataset.kind)", timeout=60_000)
        assert page.js_errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize("language, viewport", [("en", PORTRAIT), ("fr", LANDSCAPE)])
def test_a_long_caption_takes_its_room_from_the_stage_not_from_the_poem(wall, browser, language, viewport):
    """The 819 note in English on a portrait wall wraps to three lines, in French on a landscape one to
    two."""
    _, base = wall
    page = open_wall(browser, base, viewport, query=f"?lang={language}&hold=600&cycle=600")
    try:
        page.wait_for_function(READY, timeout=60_000)
        check_columns(page.evaluate(GEOMETRY), list(FAMOUS[0].lines))
        assert page.evaluate(CLEAR_OF_CAPTIONS)
    finally:
        page.context.close()


def test_the_wall_goes_on_without_the_server(wall, browser):
    """Stream and day's list refused (server gone): the famous poems still cycle, the wall is never blank."""
    _, base = wall
    context = browser.new_context(viewport=LANDSCAPE)
    context.route("**/kiosk/poems/events*", lambda route: route.abort())
    context.route("**/kiosk/poems/today", lambda route: route.abort())
    page = context.new_page()
    try:
        page.goto(f"{base}/kiosk/poems/projection?hold=1&cycle=1")
        page.wait_for_function(TITLED, arg=FAMOUS[1].title, timeout=60_000)
        check_columns(page.evaluate(GEOMETRY), list(FAMOUS[1].lines))
    finally:
        context.close()


def test_reduced_motion_stills_the_scene_and_fades_the_poem_in(wall, browser):
    app, base = wall
    page = open_wall(browser, base, LANDSCAPE, reduced_motion="reduce")
    try:
        animations = page.evaluate("() => ['.mist', 'canvas.glints', '.glow']"
                                   ".map(s => getComputedStyle(document.querySelector(s)).animationName)")
        assert animations == ["none", "none", "none"]
        code, lines = push(app, "七言绝句")
        page.wait_for_function(WRITTEN, arg=code, timeout=60_000)
        check_columns(page.evaluate(GEOMETRY), lines)
    finally:
        page.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_wall_has_no_axe_violations_in_any_language(wall, browser, language):
    from axe_playwright_python.sync_playwright import Axe

    app, base = wall
    page = open_wall(browser, base, LANDSCAPE, query=f"?lang={language}&hold=600&cycle=600",
                     reduced_motion="reduce")
    try:
        assert page.get_attribute("html", "lang") == LANGUAGES[language]
        code, _ = push(app, "七言律诗")
        page.wait_for_function(WRITTEN, arg=code, timeout=60_000)
        assert page.evaluate(CLEAR_OF_CAPTIONS)
        violations = Axe().run(page).response["violations"]
        assert violations == [], "\n".join(f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes'][:5]]}"
                                           for v in violations)
    finally:
        page.context.close()
