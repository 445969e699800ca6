"""A search with no hits offers terms that do find objects (spelling, pinyin, related glossary terms, with
their counts) and the galleries those objects are in, in the reader's language."""

from __future__ import annotations

import lxml.html
import pytest

from tests.integration.search.test_page import loaded_client  # noqa: F401  (fixture)


def _help(client, segment, q):
    page = client.get(f"/{segment}/search", query_string={"q": q}).get_data(as_text=True)
    tree = lxml.html.fromstring(page)
    suggestions = [(a.text_content(), a.get("href")) for a in tree.xpath("//ul[@class='suggestions']//a")]
    galleries = [a.get("href") for a in tree.xpath("//ul[@class='suggested-galleries']//a")]
    return tree, suggestions, galleries


@pytest.mark.parametrize(("segment", "q", "first", "heading"), [
    ("zh", "鼎", "青铜", "试试搜索"), ("zh-hant", "鼎", "青銅", "試試搜尋"),
    ("zh", "铜镜", "青铜", "试试搜索"), ("en", "mirror", "bronze", "Try searching for"),
    ("fr", "mirorr", "bronze", "Essayez de rechercher"),
    ("ja", "鼎", "青銅", "こちらで検索してみてください"), ("ko", "mirror", "청동", "이렇게 검색해 보세요"),
])
def test_no_hits_offers_terms_that_find_something_and_galleries(loaded_client,  # noqa: F811
                                                                segment, q, first, heading):
    tree, suggestions, galleries = _help(loaded_client, segment, q)
    assert tree.xpath("//p[@class='count']")[0].text_content().startswith("0")
    assert tree.xpath("//div[@class='no-results-help']/h2")[0].text_content() == heading
    assert suggestions[0][0] == first
    assert suggestions[0][1].startswith(f"/{segment}/search?q=")
    assert f"/{segment}/galleries/ancient-ba-yu" in galleries  # where the bronzes are
    for term, href in suggestions:  # every term offered finds objects
        found = lxml.html.fromstring(loaded_client.get(href).get_data(as_text=True))
        assert not found.xpath("//p[@class='count']")[0].text_content().startswith("0"), term


def test_nothing_related_still_offers_every_gallery(loaded_client):  # noqa: F811
    tree, suggestions, galleries = _help(loaded_client, "en", "xyzzy")
    assert suggestions == [] and len(galleries) == 6  # the six galleries of the search catalogue


def test_a_search_with_hits_has_no_help(loaded_client):  # noqa: F811
    tree, suggestions, galleries = _help(loaded_client, "en", "bronze")
    assert not tree.xpath("//div[@class='no-results-help']")
