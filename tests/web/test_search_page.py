"""The public search page in Chromium: six languages, highlights, completions, facets."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.web

HEADINGS = {"zh": "搜索藏品", "zh-hant": "搜尋藏品", "en": "Search the collection", "ja": "収蔵品を検索",
            "ko": "소장품 검색", "fr": "Rechercher dans les collections"}


@pytest.mark.parametrize("segment", list(HEADINGS))
def test_search_page_in_each_language(page, searchable, segment):
    page.goto(f"{searchable}/{segment}/search?q=錞于")
    assert page.locator("h1").inner_text() == HEADINGS[segment]
    first = page.locator(".search-hit").first
    assert first.locator("a").get_attribute("href") == f"/{segment}/objects/1989.0107"
    assert page.locator(".search-hit mark").count() >= 1
    assert page.js_errors == []


def test_typing_pinyin_offers_completions(page, searchable):
    page.goto(f"{searchable}/zh/search")
    page.locator("#q").type("huniu", delay=30)
    # the completions of what was typed last (those of "h" may come first, and never after)
    page.wait_for_function("""() => [...document.querySelectorAll('#search-suggestions option')]
        .some(o => o.value === '虎钮錞于')""")
    assert page.js_errors == []


def test_a_facet_narrows_the_results_and_typos_offer_a_correction(page, searchable):
    page.goto(f"{searchable}/en/search?q=bronze")
    before = page.locator(".search-hit").count()
    page.locator(".facets a", has_text="Weapons").first.click()
    page.wait_for_load_state()
    assert "category=weapons" in page.url
    assert 0 < page.locator(".search-hit").count() < before
    page.goto(f"{searchable}/en/search?q=bronse")
    assert page.locator(".did-you-mean a").inner_text() == "bronze"
