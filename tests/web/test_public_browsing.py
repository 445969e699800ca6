"""Image-led browsing in Chromium (issue 17) at 1366×900 and on a 390×844 phone: the grids' images are
really shown (loaded, natural width > 0) in their fixed boxes, records without an image show the placeholder,
the search results are in the phone's first screen with the filters in a closed drawer (open as a side
column on a wide screen), the language menu and the share block work. Every wait is on a condition."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.web

DESK = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
PAGES = {"home": "/{seg}/", "gallery": "/{seg}/galleries/ancient-ba-yu",
         "search": "/{seg}/search?q=%E9%93%9C"}

# Every card image, scrolled into view one by one (they are lazy), has loaded with pixels; the boxes are
# the same size before and after loading (4:3, so nothing moved).
CARD_IMAGES_LOADED = """async () => {
  const images = [...document.querySelectorAll('main .card-image img')];
  const problems = [];
  for (const img of images) {
    const box = img.closest('.card-image');
    const before = box.getBoundingClientRect().height;
    img.scrollIntoView({block: 'center'});
    if (!img.complete) {
      await new Promise((done) => {
        img.addEventListener('load', done);
        img.addEventListener('error', done);
      });
    }
    await img.decode().catch(() => {});
    const after = box.getBoundingClientRect();
    if (!(img.naturalWidth > 0)) problems.push('not shown: ' + img.currentSrc);
    if (Math.abs(after.height - before) > 0.5) problems.push('box moved: ' + img.currentSrc);
    const fourByThree = Math.abs(after.width * 3 / 4 - after.height) <= 1.5;
    if (!fourByThree && !box.classList.contains('wide')) problems.push('box not 4:3: ' + img.currentSrc);
  }
  return {count: images.length, problems};
}"""


@pytest.fixture(scope="module")
def with_a_gap(live_sample, searchable):
    """The sample site with one published record that has no image yet (every sample record has a drawn
    picture): a bronze in the ancient Ba-Yu gallery, first by accession number, found by searching 铜."""
    from museum.catalogue.models import Gallery, Record
    from museum.catalogue.search_service import processor
    from museum.extensions import db

    app, _base = live_sample
    with app.app_context():
        with db.transaction() as session:
            gallery = session.query(Gallery).filter_by(slug="ancient-ba-yu").one()
            session.add(Record(accession_number="1900.0001", gallery=gallery, category="bronze",
                               published=True, title={"zh": "铜铃", "en": "Bronze bell"},
                               description={"zh": "铜铃，未摄影。"}))
        processor(app).process()
    yield searchable
    with app.app_context():
        with db.transaction() as session:
            session.delete(session.query(Record).filter_by(accession_number="1900.0001").one())
        processor(app).process()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    context.close()


@pytest.fixture
def desk(browser):
    context = browser.new_context(viewport=DESK)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    context.close()


@pytest.mark.parametrize("size", ["desk", "phone"])
@pytest.mark.parametrize("kind", list(PAGES))
@pytest.mark.parametrize("segment", ["zh", "en"])
def test_grid_images_are_shown_in_fixed_boxes(with_a_gap, request, size, kind, segment):
    page = request.getfixturevalue(size)
    page.goto(with_a_gap + PAGES[kind].format(seg=segment))
    result = page.evaluate(CARD_IMAGES_LOADED)
    assert result["count"] >= 3, f"{kind}: expected image cards, found {result['count']}"
    assert result["problems"] == []
    # records without an image show the drawn placeholder (kind of: a box with its words), not a broken <img>
    if kind != "home":
        placeholder = page.locator("main .card-placeholder").first
        placeholder.scroll_into_view_if_needed()
        assert placeholder.is_visible() and placeholder.bounding_box()["height"] > 50
    broken = page.evaluate("() => [...document.images].filter(i => i.complete && i.naturalWidth === 0)"
                           ".map(i => i.src)")
    assert broken == []
    assert page.js_errors == []


@pytest.mark.parametrize("segment", ["zh", "en", "fr"])
def test_search_results_come_first_on_a_phone(searchable, phone, segment):
    phone.goto(f"{searchable}/{segment}/search?q=%E9%93%9C&category=bronze")
    first = phone.locator(".search-hit").first.bounding_box()
    count = phone.locator(".results .count").bounding_box()
    assert count["y"] + count["height"] <= PHONE["height"], count
    assert first["y"] < PHONE["height"] - 100, first  # the first result's picture starts in the first screen
    drawer = phone.locator("details.filter-drawer")
    assert drawer.get_attribute("open") is None and not phone.locator(".facets h2").first.is_visible()
    assert phone.locator(".filter-count").is_visible()  # the closed drawer says one filter is on
    # no horizontal scrolling
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    phone.locator("details.filter-drawer > summary").click()
    phone.wait_for_function("() => document.querySelector('details.filter-drawer').open")
    assert phone.locator(".facets h2").first.is_visible()
    clear = phone.locator(".clear-filters a")
    assert "built-in" not in clear.inner_text()
    clear.click()
    phone.wait_for_url(f"**/{segment}/search?q=%E9%93%9C")
    assert phone.js_errors == []


def test_filters_are_a_side_column_on_a_wide_screen(searchable, desk):
    desk.goto(f"{searchable}/en/search?q=bronze")
    facets = desk.locator(".facets h2").first
    assert facets.is_visible()  # shown without opening the drawer
    results = desk.locator(".search-hit").first.bounding_box()
    assert facets.bounding_box()["x"] + facets.bounding_box()["width"] < results["x"]  # a column to the left
    assert desk.locator("#year-from").is_visible()


def test_language_menu_on_a_phone_and_row_on_a_wide_screen(searchable, phone, desk):
    phone.goto(f"{searchable}/en/")
    header = phone.locator(".site-header").bounding_box()
    assert header["height"] < 120, header  # one line of navigation, not three
    links = phone.locator(".lang-switch a")
    assert not links.first.is_visible()
    phone.locator(".lang-menu > summary").click()
    phone.locator(".lang-switch a[lang='fr']").click()
    phone.wait_for_url("**/fr/")
    desk.goto(f"{searchable}/en/")
    assert desk.locator(".lang-switch a").nth(5).is_visible()
    assert not desk.locator(".lang-menu > summary").is_visible()


def test_share_block_copies_the_link(searchable, browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    origin = searchable
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = context.new_page()
    try:
        page.goto(f"{searchable}/en/objects/1989.0107")
        copy = page.locator("[data-share-copy]")
        copy.scroll_into_view_if_needed()
        assert copy.is_visible()  # shown by share.js
        copy.click()
        page.wait_for_function("() => document.querySelector('[data-share-status]').textContent.length > 0")
        assert page.locator("[data-share-status]").inner_text() == "Link copied."
        copied = page.evaluate("() => navigator.clipboard.readText()")
        assert copied == page.locator("#share-url").input_value()
        assert page.locator(".share-qr").evaluate("img => img.complete && img.naturalWidth > 0")
        has_share = page.evaluate("() => typeof navigator.share === 'function'")
        assert page.locator("[data-share-native]").is_visible() == has_share
    finally:
        context.close()
