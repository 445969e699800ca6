"""Public pages in a real Chromium: every language renders, the language switch and keyboard work."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.web

LANGS = {"zh": "壮丽三峡", "zh-hant": "壯麗三峽", "en": "Magnificent Three Gorges", "ja": "壮麗なる三峡",
         "ko": "장려한 삼협", "fr": "Les magnifiques Trois Gorges"}


@pytest.mark.parametrize("segment", LANGS)
def test_home_in_every_language(live_sample, page, segment):
    _, base = live_sample
    page.goto(f"{base}/{segment}/")
    assert page.locator(".gallery-card .card-title").first.inner_text() == LANGS[segment]
    assert page.js_errors == []


def test_object_page_and_language_switch(live_sample, page, tmp_path):
    _, base = live_sample
    page.goto(f"{base}/en/objects/1989.0107")
    assert "Bronze chunyu with tiger knob" in page.locator("h1").inner_text()
    page.screenshot(path=str(tmp_path / "object-en.png"), full_page=True)
    page.click(".lang-switch a[lang='zh-Hans']")
    page.wait_for_url("**/zh/objects/1989.0107")
    assert page.locator("h1").inner_text() == "战国铜虎钮錞于"
    assert page.locator("html").get_attribute("lang") == "zh-Hans"


def test_keyboard_reaches_skip_link_and_main(live_sample, page):
    _, base = live_sample
    page.goto(f"{base}/fr/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_gallery_cards_are_links_to_objects(live_sample, page):
    _, base = live_sample
    page.goto(f"{base}/en/galleries/ancient-ba-yu")
    page.locator(".object-card a").first.click()
    page.wait_for_url("**/en/objects/**")
    assert page.locator("dl.fields").is_visible()
