"""The public search page in all six languages: results, highlights, facets, paging, did-you-mean."""

from __future__ import annotations

import pytest

from tests.integration.search.test_api import load


@pytest.fixture
def loaded_client(app):
    load(app)
    return app.test_client()


@pytest.mark.parametrize("segment, heading, title", [
    ("zh", "搜索藏品", "战国铜虎钮錞于"), ("zh-hant", "搜尋藏品", "戰國銅虎鈕錞于"),
    ("en", "Search the collection", "Bronze chunyu with tiger knob"),
    ("ja", "収蔵品を検索", "戦国 虎鈕錞于"), ("ko", "소장품 검색", "전국시대 호랑이 꼭지 청동 순우"),
    ("fr", "Rechercher dans les collections", "Chunyu en bronze à bouton en forme de tigre"),
])
def test_search_page_in_every_language(loaded_client, segment, heading, title):
    response = loaded_client.get(f"/{segment}/search?q=錞于")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert heading in page and title in page
    assert "<mark>" in page
    assert f'href="/{segment}/objects/1989.0107"' in page


def test_facets_filter_and_did_you_mean_links(loaded_client):
    page = loaded_client.get("/en/search?q=bronze").get_data(as_text=True)
    assert "/en/search?q=bronze&amp;category=bronze" in page  # a facet link keeps the query
    filtered = loaded_client.get("/en/search?q=warring&category=weapons").get_data(as_text=True)
    assert "Ba-style willow-leaf sword" in filtered and "Bronze zun with three rams" not in filtered
    typo = loaded_client.get("/en/search?q=bronse").get_data(as_text=True)
    assert "Did you mean:" in typo and "/en/search?q=bronze" in typo


def test_paging_and_bad_input(loaded_client):
    first = loaded_client.get("/en/search").get_data(as_text=True)
    assert 'rel="next"' not in first  # 17 published records fit on one page of 20
    assert loaded_client.get("/en/search?page=0").status_code == 400
    assert loaded_client.get("/en/search?q=" + "x" * 10_240).status_code == 400
    assert loaded_client.get("/en/search?q=%22AND%20NEAR(%20*%20:[").status_code == 200
    unpublished = loaded_client.get("/en/search?q=Unpublished").get_data(as_text=True)
    assert "Unpublished bronze mirror" not in unpublished
