"""The search page's years speak the reader's terms (300 and BC / 公元前), never the API's signed years; a
year the page cannot use is explained in the reader's language and the rest of the search still runs."""

from __future__ import annotations

import re

import pytest


def count(html: str) -> int:
    return int(re.search(r'<p class="count">(\d+)', html).group(1))


def api_total(client, query: str) -> int:
    return client.get(f"/api/v1/search?{query}").get_json()["total"]


def field(html: str, side: str) -> tuple[str, str]:
    value = re.search(rf'<input id="year-{side}" name="{side}"[^>]* value="([^"]*)"', html).group(1)
    era = re.search(rf'<select name="{side}_era"[^>]*>(.*?)</select>', html, re.S).group(1)
    return value, re.search(r'<option value="(\w+)" selected', era).group(1)


def test_reader_years_filter_like_the_apis_signed_years(search_client):
    html = search_client.get("/en/search?from=300&from_era=bce&to=200&to_era=ce").get_data(as_text=True)
    assert count(html) == api_total(search_client, "year_from=-300&year_to=200")
    assert 0 < count(html) < api_total(search_client, "")
    assert field(html, "from") == ("300", "bce") and field(html, "to") == ("200", "ce")
    assert "-300" not in html and "negative" not in html


def test_old_links_with_signed_years_show_the_readers_terms(search_client):
    html = search_client.get("/zh/search?year_from=-500").get_data(as_text=True)
    assert field(html, "from") == ("500", "bce")
    assert '<option value="bce" selected>公元前</option>' in html
    assert count(html) == api_total(search_client, "year_from=-500")


def test_the_era_names_are_the_readers(search_client):
    for segment, bc, ad in (("fr", "av. J.-C.", "apr. J.-C."), ("ja", "紀元前", "紀元後"),
                            ("ko", "기원전", "기원후"), ("zh-hant", "公元前", "公元"), ("en", "BC", "AD")):
        html = search_client.get(f"/{segment}/search").get_data(as_text=True)
        assert f">{bc}</option>" in html and f">{ad}</option>" in html, segment


@pytest.mark.parametrize("segment, query, message", [
    ("fr", "from=300&to=200&to_era=bce", "La première année est après la dernière."),
    ("ja", "from=0", "年は1以上の整数で入力し"),
    ("zh", "to=abc", "没有公元0年"),
    ("en", "from=300&from_era=sometime", "there is no year 0"),
])
def test_a_year_the_page_cannot_use_is_explained_and_nothing_else_is_lost(search_client, segment, query,
                                                                           message):
    response = search_client.get(f"/{segment}/search?q=&category=bronze&{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'<p class="problem" role="alert" id="year-problem">[^<]*' + re.escape(message), html)
    assert count(html) == api_total(search_client, "category=bronze")  # the category still applies
    typed = dict(pair.split("=") for pair in query.split("&"))
    for side in ("from", "to"):
        if side in typed:
            assert field(html, side)[0] == typed[side]  # what was typed stays in the field


def test_refused_years_are_not_counted_as_active_filters(search_client):
    html = search_client.get("/en/search?category=bronze&from=300&from_era=sometime").get_data(as_text=True)
    assert '<span class="filter-count">1 active</span>' in html
